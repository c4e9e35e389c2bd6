"""The Compare tab: the run's scenario against a counterfactual, as bands over seeds."""

from __future__ import annotations

import time

import ipyvuetify as v
import pytest
import solara
from solara.components.echarts import EchartsWidget

from config.scenarios import shipped_scenario
from experiments.bands import compare
from model import LibyaModel
from viz import echarts
from viz.compare_view import CompareView, compare_with, counterfactuals, first_choice, measures
from viz.panels import ComparePanel
from viz.views import chart_data

SEED = 78


@pytest.fixture(scope="module")
def comparison():
    columns = [m.column for m in measures(shipped_scenario("sochi_2020").cast).values()]
    sochi, no_deal = shipped_scenario("sochi_2020"), shipped_scenario("no_deal")
    return compare(sochi, no_deal, columns, SEED, 6)


def test_the_counterfactuals_offered_are_those_with_the_runs_weeks_and_actors():
    offered = set(counterfactuals(LibyaModel(rng=SEED)).values())
    assert {"no_deal", "un_brokered", "noc_refuses"} <= offered
    assert not offered & {"jadhran_2014", "oil_crescent_2016", "bengdara_2022"}
    episode = counterfactuals(LibyaModel(rng=SEED, scenario_name="jadhran_2014"))
    assert set(episode.values()) == {"jadhran_2014"}  # no 2020 scenario has its actors


def test_a_run_with_fewer_weeks_is_offered_counterfactuals_with_its_weeks_too():
    model = LibyaModel(rng=SEED, weeks=60)
    assert "no_deal" in counterfactuals(model).values()
    result = compare_with(model, SEED, "no_deal", 2)
    assert len(result.difference.dates) == 61
    _box, rc = solara.render(CompareView(model, SEED, "2020"), handle_error=False)
    assert rc.find(v.Btn, children=["Run the bands"]).widgets
    rc.close()


def test_the_sidebar_compare_offers_only_scenarios_with_the_runs_actors_by_title():
    model = LibyaModel(rng=SEED, scenario_name="bengdara_2022")
    _box, rc = solara.render(ComparePanel(model, SEED, {}, lambda _: None), handle_error=False)
    picker = rc.find(v.Select, label="Counterfactual scenario").widget
    assert picker.items == list(counterfactuals(model))
    assert all("(2022)" in title for title in picker.items)  # titles with years, not ids
    rc.close()


def test_the_tab_compares_production_the_loss_and_every_actors_influence():
    shown = measures(shipped_scenario("sochi_2020").cast)
    assert list(shown)[:2] == ["Crude production", "Cumulative blockade loss"]
    assert "Influence of LNA (Haftar)" in shown and shown["Influence of LNA (Haftar)"].scale == 100


def test_a_band_chart_shades_each_scenarios_interval_under_its_median(comparison):
    model = LibyaModel(rng=SEED)
    measure = measures(model.cast)["Crude production"]
    option = echarts.band_option(chart_data(model, echarts.Display()), comparison, measure)
    series = [s for s in option["series"] if s["name"]]
    assert len(series) == 6  # lower bound, width and median of each band
    low, width, median = series[:3]
    assert low["stack"] == width["stack"] and "areaStyle" in width and "areaStyle" not in low
    week = 60
    bounds = comparison.current.low["production_kbpd"].iloc[week]
    assert low["data"][week][1] == pytest.approx(bounds, abs=0.01)
    top = comparison.current.high["production_kbpd"].iloc[week]
    assert low["data"][week][1] + width["data"][week][1] == pytest.approx(top, abs=0.02)
    assert "(90%:" in median["data"][week][2] and "kbpd" in median["data"][week][2]
    assert "sochi_2020 against no_deal" in option["title"]["text"]


def test_the_difference_chart_draws_the_paired_differences_about_a_zero_line(comparison):
    model = LibyaModel(rng=SEED)
    measure = measures(model.cast)["Cumulative blockade loss"]
    option = echarts.difference_option(chart_data(model, echarts.Display()), comparison, measure)
    median = [s for s in option["series"] if s["name"]][-1]
    assert median["markLine"]["data"] == [{"yAxis": 0}]
    last = comparison.difference.median["cumulative_loss_usd_bn"].iloc[-1]
    assert median["data"][-1][1] == pytest.approx(last, abs=0.01) and last < 0


def test_the_counterfactual_gets_the_runs_parameter_changes_and_the_run_its_injected_events():
    model = LibyaModel(rng=SEED, brent_multiplier=1.5)
    model.step()
    model.inject_event({"type": "deal", "label": ""})
    result = compare_with(model, SEED, "no_deal", 2)
    plain = compare_with(LibyaModel(rng=SEED), SEED, "no_deal", 2)
    # the deal injected in October reopens oil long before the scenario's own, in September
    october = slice("2019-11-01", "2020-08-31")
    assert (result.difference.median.loc[october, "production_kbpd"] > 0).any()
    assert (plain.difference.median.loc[october, "production_kbpd"] == 0).all()
    # both sides at 1.5 times Brent: the counterfactual's loss is not the plain one's
    assert not result.counterfactual.median.equals(plain.counterfactual.median)


def test_run_the_bands_draws_both_charts_for_the_chosen_measure():
    model = LibyaModel(rng=SEED)
    _box, rc = solara.render(CompareView(model, SEED, "2020"), handle_error=False)
    seeds = rc.find(v.TextField, label="Seeds").widget
    seeds.v_model = "3"
    seeds.fire_event("keyup.enter", None)
    rc.find(v.Btn, children=["Run the bands"]).widget.click()
    deadline = time.monotonic() + 60
    while not rc.find(EchartsWidget) and time.monotonic() < deadline:
        time.sleep(0.1)
    titles = [chart.option["title"]["text"] for chart in rc.find(EchartsWidget).widgets]
    assert titles == [
        "Crude production: sochi_2020 against no_deal",
        "Crude production: sochi_2020 minus no_deal, run by run",
    ]
    assert rc.find(EchartsWidget).widgets[0].option["legend"]["data"] == [
        "sochi_2020 (median, 90% of 3 runs)",
        "no_deal (median, 90% of 3 runs)",
    ]
    rc.find(v.Select, label="Show").widget.v_model = "Influence of GNA (Sarraj)"
    titles = [chart.option["title"]["text"] for chart in rc.find(EchartsWidget).widgets]
    assert titles[0] == "Influence of GNA (Sarraj): sochi_2020 against no_deal"
    rc.close()


def test_a_number_of_seeds_out_of_range_is_refused_with_a_message():
    model = LibyaModel(rng=SEED)
    _box, rc = solara.render(CompareView(model, SEED, None), handle_error=False)
    seeds = rc.find(v.TextField, label="Seeds").widget
    seeds.v_model = "1"
    seeds.fire_event("keyup.enter", None)
    refusal = "The number of seeds must be a whole number from 2 to 200."
    assert rc.find(v.Alert, children=[refusal]).widgets
    rc.close()


def test_the_pickers_start_at_no_deal_or_else_at_another_scenario_than_the_runs_own():
    assert first_choice(["early_deal", "no_deal", "sochi_2020"], "sochi_2020") == "no_deal"
    assert first_choice(["early_deal", "no_deal", "sochi_2020"], "no_deal") == "early_deal"
    assert first_choice(["jadhran_2014"], "jadhran_2014") == "jadhran_2014"
    assert first_choice([], "sochi_2020") is None
