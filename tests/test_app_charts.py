"""The app's interactive charts: the ECharts options `viz.echarts` builds from a run."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest

from config.scenarios import shipped_scenario
from model import LibyaModel
from viz import echarts
from viz.display import Display
from viz.run_data import happened_columns, horizon, weekly_table

OPTIONS: dict[str, Callable[[echarts.ChartData], dict]] = {
    "influence": echarts.influence_option,
    "components": lambda chart: echarts.components_option(chart, "lna"),
    "production": echarts.production_option,
    "money": echarts.money_option,
    "prominence": echarts.prominence_option,
    "hardship": echarts.hardship_option,
    "blame": echarts.blame_option,
}


def chart_data(model: LibyaModel, **given) -> echarts.ChartData:
    return echarts.ChartData(
        weekly_table(model), happened_columns(model), horizon(model), model.cast, **given
    )


@pytest.fixture(scope="module")
def played() -> LibyaModel:
    """The default run, 60 weeks in: past the blockade, the retreat and the deal."""
    model = LibyaModel(rng=1)
    model.run_for(60)
    return model


def marks(option: dict) -> dict:
    """The series that carries the event lines, the week shown and the forecast area."""
    (carrier,) = [s for s in option["series"] if "markLine" in s]
    return carrier


def event_lines(option: dict) -> dict[str, dict]:
    return {line["name"]: line for line in marks(option)["markLine"]["data"]}


@pytest.mark.parametrize("name", list(OPTIONS))
def test_every_chart_has_a_tooltip_zoom_a_legend_and_saves_as_png(played, name):
    option = OPTIONS[name](chart_data(played, record="2020"))
    assert option["tooltip"]["trigger"] == "axis"
    zooms = {zoom["type"]: zoom for zoom in option["dataZoom"]}
    assert set(zooms) == {"inside", "slider"}
    assert all(zoom["xAxisIndex"] == 0 for zoom in zooms.values())
    tools = option["toolbox"]["feature"]
    assert {"saveAsImage", "dataZoom", "restore"} <= set(tools)
    assert tools["saveAsImage"]["name"].startswith("libya-abm-")
    assert option["legend"]["data"] and "" not in option["legend"]["data"]
    # the x axis spans the whole run, whatever has been played
    assert option["xAxis"]["type"] == "time"
    assert (option["xAxis"]["min"], option["xAxis"]["max"]) == ("2019-10-01", "2021-07-06")
    json.dumps(option, allow_nan=False)  # JSON as the browser reads it: no NaN


@pytest.mark.parametrize("name", list(OPTIONS))
def test_the_tooltip_says_each_value_with_its_unit(played, name):
    option = OPTIONS[name](chart_data(played))
    shown = [s for s in option["series"] if s["data"] and s.get("tooltip", {}).get("show", True)]
    units = {"%", "kbpd", "bn USD", "m USD a week"}
    for series in shown:
        assert series["encode"]["tooltip"] == 2  # the text beside each value
        date, value, text = series["data"][-1]
        assert date == f"{played.date}"
        if name != "hardship":  # an index has no unit
            assert any(text.endswith(unit) for unit in units), text
        number = float(text.split(" ")[0].rstrip(",").replace(",", ""))
        assert number == pytest.approx(value, abs=0.5), (value, text)


def test_influence_is_in_percent_and_the_shares_add_to_a_hundred(played):
    option = echarts.influence_option(chart_data(played))
    assert option["yAxis"]["axisLabel"]["formatter"] == "{value} %"
    lines = [s for s in option["series"] if s["data"]]
    assert len(lines) == len(played.cast.actor_ids)
    total = sum(line["data"][-1][1] for line in lines)
    assert total == pytest.approx(100, abs=0.1)
    lna = next(line for line in lines if line["name"] == "LNA (Haftar)")
    assert lna["data"][-1][2] == f"{played.revenue_claimant.influence * 100:.1f} %"


def test_the_actors_of_the_influence_chart_each_have_a_distinct_colour(played):
    colours = [s["color"] for s in echarts.influence_option(chart_data(played))["series"][:-1]]
    assert len(set(colours)) == len(colours) == 8


def test_nearby_events_are_labelled_at_different_heights():
    """A deal injected on 2 June 2020 and the LNA's retreat of 4 June: two labels, apart."""
    model = LibyaModel(rng=1)
    model.run_for(35)
    assert model.date == dt.date(2020, 6, 2)
    model.inject_event({"type": "deal"})
    model.run_for(2)
    option = echarts.influence_option(chart_data(model))
    lines = event_lines(option)
    deal, retreat = lines["deal"], lines["retreat"]
    assert (deal["xAxis"], retreat["xAxis"]) == ("2020-06-02", "2020-06-04")
    assert deal["label"]["distance"] != retreat["label"]["distance"]
    # the blockade of 17 January and the Berlin conference of the 19th: apart too
    blockade, berlin = lines["blockade"], lines["Berlin Conference"]
    assert blockade["label"]["distance"] != berlin["label"]["distance"]
    # the plot starts below the highest row of labels
    assert (
        option["grid"]["top"]
        > echarts.influence_option(chart_data(LibyaModel(rng=1)))["grid"]["top"]
    )


def test_labels_far_apart_in_time_share_the_lowest_row(played):
    lanes = {m.text: m.lane for m in echarts.event_marks(happened_columns(played), horizon(played))}
    assert lanes["blockade"] == lanes["retreat"] == 0  # January and June


def test_the_weeks_after_the_records_last_figure_are_shaded_as_forecast(played):
    option = echarts.blame_option(chart_data(played, record="2020"))
    (start, end) = marks(option)["markArea"]["data"][0]
    assert (start["name"], start["xAxis"], end["xAxis"]) == ("forecast", "2020-09-01", "2021-07-06")
    assert echarts.record_end("2020", horizon(played)) == "2020-09-01"  # the NOC's last figure
    assert "markArea" not in marks(echarts.blame_option(chart_data(played)))  # no record


def test_an_episodes_forecast_starts_at_its_last_figure_within_the_run():
    scenario = shipped_scenario("bengdara_2022")
    model = LibyaModel.from_scenario(scenario, rng=1)
    span = horizon(model)
    end = echarts.record_end(scenario.record, span)
    assert end == "2022-09-30"  # the monthly average of September 2022
    assert span[0] < dt.date.fromisoformat(end) < span[1]


def test_the_production_chart_draws_the_record_and_the_money_chart_the_nocs_statements(played):
    chart = chart_data(played, record="2020")
    production = echarts.production_option(chart)
    observed = [s for s in production["series"] if s["name"].startswith("observed")]
    figures = sum(len(s["data"]) for s in observed if s["type"] == "scatter")
    assert figures >= 10
    assert any("kbpd (15 Jan 2020)" in text for s in observed for _d, _v, text in s["data"])
    money = echarts.money_option(chart)
    (statements,) = [s for s in money["series"] if s["name"] == "NOC statements"]
    assert len(statements["data"]) == 17
    assert statements["data"][-1][:2] == ["2020-09-15", pytest.approx(9.8, abs=0.5)]


def test_the_week_shown_is_marked_only_when_the_timeline_points_at_one(played):
    option = echarts.production_option(chart_data(played, display=Display(week=20)))
    week = event_lines(option)["week shown"]
    assert week["xAxis"] == weekly_table(played)["date"].iloc[20] == "2020-02-18"
    assert "week shown" not in event_lines(echarts.production_option(chart_data(played)))


def test_a_projector_enlarges_every_text_and_titles_stay_larger(played):
    desk = echarts.influence_option(chart_data(played))
    projector = echarts.influence_option(chart_data(played, display=Display(projector=True)))
    for part in ("legend", "tooltip"):
        assert desk[part]["textStyle"]["fontSize"] == 14
        assert projector[part]["textStyle"]["fontSize"] == 21
    assert projector["xAxis"]["axisLabel"]["fontSize"] == 21
    assert marks(projector)["markLine"]["label"]["fontSize"] == 21
    assert projector["title"]["textStyle"]["fontSize"] > 21
    assert projector["grid"]["top"] > desk["grid"]["top"]  # room for the larger labels


@pytest.mark.parametrize("projector", [False, True])
def test_the_legend_stops_short_of_the_toolbox_at_every_text_size(played, projector: bool):
    option = echarts.influence_option(chart_data(played, display=Display(projector=projector)))
    toolbox = option["toolbox"]
    tools = len(toolbox["feature"]) + 1  # the box zoom is two tools: zoom and undo
    gap = 10  # ECharts' default gap between tools
    toolbox_px = toolbox["right"] + tools * toolbox["itemSize"] + (tools - 1) * gap
    assert option["legend"]["right"] > toolbox_px


def test_a_counterfactual_is_drawn_dashed_under_the_same_legend_entry(played):
    other = LibyaModel(rng=1, scenario_name="no_deal")
    other.run_model()
    option = echarts.influence_option(chart_data(played, compare=("no_deal", weekly_table(other))))
    lna = [s for s in option["series"] if s["name"] == "LNA (Haftar)"]
    assert [s.get("lineStyle", {}).get("type") for s in lna] == [None, "dashed"]
    assert len(lna[1]["data"]) == 93 > len(lna[0]["data"])  # the whole counterfactual run
    assert option["title"]["text"].endswith("dashed: no_deal")
    assert option["legend"]["data"].count("LNA (Haftar)") == 1


def test_protest_weeks_are_ticks_above_the_hardship_lines(played):
    option = echarts.hardship_option(chart_data(played))
    table = weekly_table(played)
    for region in played.cast.regions:
        ticks = next(
            s for s in option["series"] if s["type"] == "scatter" and s["name"] == region.label
        )
        protests = table.loc[table[f"protesting_{region.id}"] > 0, "date"].tolist()
        assert [date for date, _y, _text in ticks["data"]] == protests
        assert all(y > 1 for _date, y, _text in ticks["data"])
    assert any(table[f"protesting_{r.id}"].any() for r in played.cast.regions)
