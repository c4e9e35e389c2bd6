"""The app's components, rendered in-process with solara.render (no browser)."""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
from pathlib import Path

import ipyvuetify as v
import pandas as pd
import pytest
import solara
from mesa.visualization.utils import force_update
from solara.components.echarts import EchartsWidget

from config import scenarios
from config.cast import CAST_DIR, default_cast, load_cast
from config.exercises import exercises
from config.records import observed_record
from config.scenarios import (
    SCENARIO_DIR,
    list_scenarios,
    load_scenario,
    shipped_scenario,
    validate_event,
)
from config.timeline import EVENT_CLASSES
from experiments import colours as palette
from experiments.colours import colour_of, region_colour
from experiments.roleplay import ROLES, players_decisions
from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from viz import echarts
from viz.app import Page
from viz.controls import event_defaults, parameter_groups, slider_step
from viz.panels import ComparePanel, InjectPanel
from viz.run_data import happened_columns, horizon, run_files, weekly_table
from viz.tabs import Views
from viz.teaching import RolePlayPanel, short_title
from viz.views import MapView, OilView

PLAY = "Play this week"
PLAY_ON = "Play to my next decision"


def markdown_text(rc) -> str:
    texts = []
    for widget in rc.find(v.VuetifyTemplate).widgets:
        template = widget.template
        texts.append(getattr(template, "template", template) or "")
    return "\n".join(texts)


def plain_text(rc) -> str:
    """The plain text shown (solara.Text: a span), one widget a line."""
    spans = rc.find(tag="span").widgets
    return "\n".join(c for span in spans for c in span.children if isinstance(c, str))


@pytest.fixture
def page():
    _box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc
    rc.close()


def test_the_page_shows_the_influence_charts_and_step_advances_one_week(page):
    assert "step 0 of 92" in markdown_text(page)
    titles = [chart.option["title"]["text"] for chart in page.find(EchartsWidget).widgets]
    assert titles == [
        "Influence (share of all actors)",
        "Why: the components of LNA (Haftar)'s influence",
    ]
    page.find(v.Btn, children=["Step"]).widget.click()
    assert "Week ending 08 October 2019" in markdown_text(page)
    assert "step 1 of 92" in markdown_text(page)


def test_switching_scenario_starts_a_new_run(page):
    page.find(v.Btn, children=["Step"]).widget.click()
    picker = page.find(v.Select, label="Scenario").widget
    picker.v_model = "The 2020 blockade without the September deal (2019-2021)"
    assert "step 0 of 92" in markdown_text(page)
    assert "Russia-brokered deal" not in picker.v_model


def test_the_scenario_picker_offers_every_shipped_scenario_by_its_title_and_years(page):
    picker = page.find(v.Select, label="Scenario").widget
    shipped = [shipped_scenario(name) for name in list_scenarios()]
    assert picker.items == [f"{s.title} ({s.years})" for s in shipped]
    assert all(s.title and s.name not in s.title for s in shipped)  # a title, not the id
    assert len(set(picker.items)) == len(shipped)
    assert "The LNA hands the eastern ports to a parallel NOC, then back (2018)" in picker.items
    assert picker.v_model == "The 2020 blockade and the Russia-brokered deal (2019-2021)"


def legend(option: dict) -> list[str]:
    return option["legend"]["data"]


def chart_data(model: LibyaModel, **given) -> echarts.ChartData:
    return echarts.ChartData(
        weekly_table(model), happened_columns(model), horizon(model), model.cast, **given
    )


def test_the_oil_tab_draws_the_scenarios_observed_record_over_the_model():
    model = LibyaModel(rng=1)
    model.run_for(40)
    _box, rc = solara.render(OilView(model, None, "2020"), handle_error=False)
    production, money = (chart.option for chart in rc.find(EchartsWidget).widgets)
    assert legend(production) == ["model", "observed (monthly avg)", "observed (spot)"]
    assert "NOC statements" in legend(money)
    rc.close()
    _box, rc = solara.render(OilView(model, None, None), handle_error=False)
    production, money = (chart.option for chart in rc.find(EchartsWidget).widgets)
    assert legend(production) == ["model"] and "NOC statements" not in legend(money)
    rc.close()


def test_the_oil_chart_draws_every_figure_of_the_record_within_the_run():
    model = LibyaModel(rng=1)
    model.run_for(5)
    option = echarts.production_option(chart_data(model, record="2020"))
    drawn = sorted(
        (pd.Timestamp(date), value)
        for series in option["series"]
        if series["type"] == "scatter"
        for date, value, _text in series["data"]
    )
    record = observed_record("2020")
    within = record[record["date"] >= pd.Timestamp(horizon(model)[0])]
    assert drawn == sorted(zip(within["date"], within["kbpd"], strict=True))
    assert len(within) >= 10  # the NOC's figures of the blockade, monthly averages


def test_an_episodes_record_draws_ranges_as_bars_and_open_bounds_as_triangles():
    span = (pd.Timestamp("2012-01-01").date(), pd.Timestamp("2014-12-31").date())
    series = {(s["name"], s["type"]): s for s in echarts.record_series("2013_2014_jadhran", span)}
    at_most = series["observed (monthly avg), at most", "scatter"]  # OPEC: "<300"
    assert (at_most["symbol"], at_most["symbolRotate"], at_most["color"]) == (
        "triangle",
        180,
        "#000000",
    )
    assert any(text.startswith("at most 300 kbpd") for _date, _value, text in at_most["data"])
    annual = series["observed (annual avg)", "scatter"]
    assert (annual["symbol"], annual["color"]) == ("diamond", "#555555")
    bars = series["observed (spot)", "line"]["data"]  # segments: two points and a gap
    segments = [bars[i : i + 2] for i in range(0, len(bars), 3)]
    assert [["2013-08-16", 600.0], ["2013-08-16", 630.0]] in segments  # "600-630": a bar


def test_a_seed_applies_on_enter_and_a_negative_one_is_refused_with_a_message(page):
    seed = page.find(v.TextField, label="Seed").widget
    page.find(v.Btn, children=["Step"]).widget.click()
    seed.v_model = "4"  # typing "4" of "43" does not throw away the run
    assert "step 1 of 92" in markdown_text(page)
    seed.v_model = "-1"
    seed.fire_event("keyup.enter", None)
    assert page.find(v.Alert, children=["The seed must be a whole number, 0 or more."]).widgets


def test_the_inject_panel_schedules_a_deal_at_the_current_week():
    model = LibyaModel(rng=1, scenario_name="no_deal")
    model.run_for(30)
    _box, rc = solara.render(InjectPanel(model), handle_error=False)
    rc.find(v.Btn, children=["Inject now"]).widget.click()
    injected = [e.spec for e in model.pending_events if e.spec.type == "deal"]
    assert [(d.date, d.broker) for d in injected] == [(model.date, "russia")]
    rc.close()


def test_the_event_form_names_actors_and_injects_their_ids():
    model = LibyaModel(rng=1, scenario_name="no_deal")
    model.run_for(30)
    _box, rc = solara.render(InjectPanel(model), handle_error=False)
    broker = rc.find(v.Select, label="broker").widget
    assert broker.v_model == "Russia" and "UN (UNSMIL)" in broker.items
    broker.v_model = "UN (UNSMIL)"
    parties = rc.find(v.Select, label="parties").widget
    assert parties.v_model == ["LNA (Haftar)", "Maiteeq"]
    rc.find(v.Btn, children=["Inject now"]).widget.click()
    (deal,) = [e.spec for e in model.pending_events if e.spec.type == "deal"]
    assert (deal.broker, deal.parties) == ("un", ["lna", "maiteeq"])
    rc.close()


def test_injecting_a_deal_where_the_scenario_has_one_warns_that_it_adds_a_second():
    model = LibyaModel(rng=1)  # sochi_2020: Russia's deal on 18 September 2020
    model.run_for(30)
    _box, rc = solara.render(InjectPanel(model), handle_error=False)
    (warning,) = rc.find(v.Alert, type="warning").widgets
    assert "already has a deal on 2020-09-18" in str(warning.children)
    rc.close()
    # a deal injected this week has not happened yet either
    model = LibyaModel(rng=1, scenario_name="no_deal")
    model.run_for(30)
    model.inject_event({"type": "deal"})
    _box, rc = solara.render(InjectPanel(model), handle_error=False)
    assert rc.find(v.Alert, type="warning").widgets
    model.step()  # now it has
    rc.close()
    _box, rc = solara.render(InjectPanel(model), handle_error=False)
    assert not rc.find(v.Alert, type="warning").widgets
    rc.close()


def test_the_apps_first_run_is_a_typical_one():
    def production(seed: int) -> pd.Series:
        model = LibyaModel(rng=seed)
        model.run_model()
        return weekly_table(model)["production_kbpd"]

    ensemble = pd.DataFrame({seed: production(seed) for seed in range(30)})
    low, high = ensemble.quantile(0.25, axis=1), ensemble.quantile(0.75, axis=1)
    first = production(DEFAULT_SEED)
    assert ((first >= low - 1e-9) & (first <= high + 1e-9)).mean() >= 0.9


def test_compare_runs_the_counterfactual_with_the_same_seed():
    received = []
    model = LibyaModel(rng=3)
    _box, rc = solara.render(ComparePanel(model, 3, {}, received.append), handle_error=False)
    rc.find(v.Btn, children=["Compare"]).widget.click()
    ((label, weekly),) = received
    expected = LibyaModel(rng=3, scenario_name="no_deal")
    expected.run_model()
    assert label == "no_deal"
    assert weekly["influence_lna"].tolist() == (
        expected.datacollector.get_model_vars_dataframe()["influence_lna"].tolist()
    )
    rc.close()


def test_download_holds_the_files_the_run_command_writes():
    model = LibyaModel(rng=5)
    model.run_for(10)
    archive = zipfile.ZipFile(io.BytesIO(run_files(model, 5)))
    assert set(archive.namelist()) == {"model.csv", "assets.csv", "events.csv", "run.json"}
    assert archive.read("model.csv").decode().count("\n") == 12  # header, start, 10 weeks


@pytest.mark.parametrize("kind", list(EVENT_CLASSES))
def test_every_event_forms_defaults_make_a_valid_event(kind: str):
    validate_event(
        {"type": kind, "date": "2020-06-01", **event_defaults(EVENT_CLASSES[kind], default_cast())},
        kind,
    )


def test_every_numeric_parameter_gets_a_slider_with_a_step_inside_its_range():
    for infos in parameter_groups().values():
        for info in infos:
            assert 0 < slider_step(info) <= (info.high - info.low)


# --- teaching: the Exercises and Role play panels ---------------------------------------------


def test_choosing_an_exercise_loads_its_preset_and_shows_its_sheet(page):
    onus = next(e for e in exercises() if e.compare == "noc_refuses")
    page.find(v.Btn, children=["Step"]).widget.click()
    page.find(v.Select, label="Exercise").widget.v_model = short_title(onus)
    text = markdown_text(page)
    assert "step 0 of 92" in text  # a new run of the preset
    assert "How it works</h2>" in text  # the sheet beside the charts
    assert re.search(f"Preset loaded: .*{onus.scenario}.*, compared with .*noc_refuses", text)
    assert page.find(v.Select, label="Play as").widget.v_model.startswith("NOC")
    page.find(v.Btn, children=["Close the sheet"]).widget.click()
    assert "How it works</h2>" not in markdown_text(page)


def test_role_play_plays_the_students_choice_and_compares_with_the_models_path(page):
    page.find(v.Btn, children=["Start role play (from the first week)"]).widget.click()
    assert "Role play: you are LNA" in markdown_text(page)
    for _ in range(3):
        page.find(v.Btn, children=["Play this week"]).widget.click()
    assert "step 3 of 92" in markdown_text(page)
    page.find(v.Btn, children=["Compare with the model's own path"]).widget.click()
    text = markdown_text(page)
    assert "After 3 weeks, your path against the model's own path" in text
    assert "loss from the blockade (USD bn)" in text
    page.find(v.Btn, children=["Stop role play"]).widget.click()
    assert "Role play: you are" not in markdown_text(page)


def test_role_play_shows_the_comparison_by_itself_after_the_last_week():
    model, rc = role_play_panel("oil_company", seed=4, weeks=91)
    rc.find(v.Btn, children=[PLAY]).widget.click()
    assert not model.running
    assert "After 92 weeks, your path against the model's own path" in markdown_text(rc)
    assert rc.find(v.Btn, children=[PLAY]).widget.disabled


def role_play_panel(role_id: str, seed: int = DEFAULT_SEED, weeks: int = 0):
    """A model played `weeks` weeks and its role-play panel, rendered; overlays are dropped."""
    model = LibyaModel(rng=seed)
    if weeks:
        model.run_for(weeks)
    panel = RolePlayPanel(model, role_id, {"rng": seed}, lambda _overlay: None)
    _box, rc = solara.render(panel, handle_error=False)
    return model, rc


def choose(rc, option: str) -> None:
    """Click one of the decision's options."""
    rc.find(v.Btn, children=[option]).widget.click()


def chosen_options(rc, role_id: str) -> list[str]:
    """The options shown as chosen (filled, not outlined)."""
    buttons = [rc.find(v.Btn, children=[option]).widget for option in ROLES[role_id].options]
    return [button.children[0] for button in buttons if not button.outlined]


def test_play_to_my_next_decision_plays_to_the_lnas_first_decision_and_says_what_happened():
    model, rc = role_play_panel("revenue_claimant")
    assert "Nothing for you to decide this week: no blockade" in markdown_text(rc)
    rc.find(v.Btn, children=[PLAY_ON]).widget.click()
    text = markdown_text(rc)
    assert model.steps == 15 and not model.why("lna", "blockade")
    assert "Played 15 weeks, to the week ending 14 January 2020. Meanwhile:" in text
    assert "Turkey's parliament mandates a troop deployment" in text
    assert "Your decision this week:</strong> Keep the oil blockade this week?" in text
    assert (
        chosen_options(rc, "revenue_claimant") == []
        and rc.find(v.Btn, children=[PLAY]).widget.disabled
    )
    rc.close()


def test_play_to_my_next_decision_plays_to_the_end_once_the_lna_has_lifted_its_blockade():
    model, rc = role_play_panel("revenue_claimant", weeks=15)
    choose(rc, "Lift the blockade")
    rc.find(v.Btn, children=[PLAY_ON]).widget.click()
    text = markdown_text(rc)
    assert not model.running
    assert "Played 77 weeks, to the end of the run (the week ending" in text
    assert "No decision of yours came up again: the model played the rest of the run." in text
    assert "After 92 weeks, your path against the model's own path" in text
    assert [d.choice for d in players_decisions(model, ROLES["revenue_claimant"])] == [False]
    assert rc.find(v.Btn, children=[PLAY_ON]).widget.disabled
    rc.close()


def test_a_decision_due_this_week_waits_for_the_students_own_choice():
    model, rc = role_play_panel("oil_company", weeks=50)  # the deal of 18 September reopens oil
    text = markdown_text(rc)
    assert "Week ending <strong>15 September 2020</strong>" in text
    assert "this week:</strong> Lift force majeure at the sites you judge safe?" in text
    assert "Choose an option to play the week." in text
    assert chosen_options(rc, "oil_company") == []  # nothing is chosen for the student
    assert rc.find(v.Btn, children=[PLAY]).widget.disabled
    assert rc.find(v.Btn, children=[PLAY_ON]).widget.disabled
    choose(rc, "Keep force majeure")
    rc.find(v.Btn, children=[PLAY]).widget.click()
    (decision,) = players_decisions(model, ROLES["oil_company"])
    assert decision.choice is False and str(decision.date) == "2020-09-22"
    assert re.search(r"In [01] of 1 decisions you chose as the model's draw", plain_text(rc))
    rc.close()


def test_the_students_choice_stands_through_weeks_of_decisions_and_lapses_when_they_stop():
    model, rc = role_play_panel("revenue_claimant", weeks=15)
    choose(rc, "Keep the blockade")
    rc.find(v.Btn, children=[PLAY]).widget.click()
    assert chosen_options(rc, "revenue_claimant") == [
        "Keep the blockade"
    ]  # the student's, last week
    assert not rc.find(v.Btn, children=[PLAY]).widget.disabled
    choose(rc, "Lift the blockade")
    rc.find(v.Btn, children=[PLAY]).widget.click()
    assert "Nothing for you to decide this week" in markdown_text(rc)
    model.inject_event({"type": "blockade", "actor": "lna", "label": "A new blockade"})
    force_update()
    assert "Your decision this week:</strong> Keep the oil blockade" in markdown_text(rc)
    assert chosen_options(rc, "revenue_claimant") == []  # the old 'lift' is not reused
    assert rc.find(v.Btn, children=[PLAY]).widget.disabled
    rc.close()


def test_role_play_hides_the_run_controls_until_it_stops(page):
    page.find(v.Btn, children=["Start role play (from the first week)"]).widget.click()
    for control in ("Reset", "▶", "Step"):
        assert not page.find(v.Btn, children=[control]).widgets
    assert "Role play is on: play the weeks in the role-play panel" in plain_text(page)
    page.find(v.Btn, children=["Stop role play"]).widget.click()
    page.find(v.Btn, children=["Step"]).widget.click()
    assert "step 1 of 92" in markdown_text(page)


def test_starting_role_play_stops_a_run_that_plays(page):
    page.find(v.Btn, children=["▶"]).widget.click()
    deadline = time.monotonic() + 20
    while "step 0 of 92" in markdown_text(page) and time.monotonic() < deadline:
        time.sleep(0.05)
    page.find(v.Btn, children=["Start role play (from the first week)"]).widget.click()
    deadline = time.monotonic() + 10  # the page re-renders in its own time on a busy machine
    while "Role play: you are LNA" not in markdown_text(page) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Role play: you are LNA" in markdown_text(page)
    time.sleep(0.5)  # five weeks' time at the default speed: a run still playing would show
    assert "step 0 of 92" in markdown_text(page)


def test_chart_series_say_how_they_are_drawn_and_never_share_a_colour():
    model = LibyaModel(rng=DEFAULT_SEED)
    model.run_for(60)
    compared = chart_data(model, record="2020", compare=("no_deal", weekly_table(model)))
    production = {(s["name"], s["type"]): s for s in echarts.production_option(compared)["series"]}
    run, counterfactual = (s for s in echarts.production_option(compared)["series"][:2])
    assert (run["name"], counterfactual["name"]) == ("model", "model")  # one legend entry
    assert counterfactual["lineStyle"]["type"] == "dashed"
    assert counterfactual["color"] == run["color"] == palette.MODEL
    assert counterfactual["data"][-1][2].endswith("kbpd (no_deal)")  # the tooltip says which
    monthly, spot = (
        production["observed (monthly avg)", "scatter"],
        production["observed (spot)", "scatter"],
    )
    assert (monthly["symbol"], monthly["color"]) == ("rect", "#000000")
    assert (spot["symbol"], spot["color"]) == ("circle", "#888888")
    chart = chart_data(model, record="2020")
    for option in (echarts.money_option(chart), echarts.hardship_option(chart)):
        # every series its own colour, except the observed record, which is black throughout
        colours = {s["name"]: s["color"] for s in option["series"] if s["name"]}
        model_series = [colour for colour in colours.values() if colour != "#000000"]
        assert len(set(model_series)) == len(model_series) >= 3, colours


# --- casts other than the default ----------------------------------------------------------


def write_cast_without_lna(folder: Path) -> Path:
    """The 2020 cast with Jadhran's guards ("pfg") for the LNA, a politician and a power renamed.

    A cast with none of the actors the event types default to, so that the app's form must take
    its defaults from the cast's roles.
    """
    text = (CAST_DIR / "libya_2020.toml").read_text(encoding="utf-8")
    for old, new in (('"lna"', '"pfg"'), ('"maiteeq"', '"zeidan"'), ('"russia"', '"egypt"')):
        text = text.replace(old, new)
    text = text.replace('label = "LNA (Haftar)"', 'label = "PFG (Jadhran)"')
    text = text.replace('name = "libya_2020"', 'name = "without_lna"')
    path = folder / "without_lna.toml"
    path.write_text(text, encoding="utf-8")
    return path


def write_scenario_with_cast_without_lna(folder: Path) -> Path:
    (folder / "casts").mkdir()
    write_cast_without_lna(folder / "casts")  # not beside: a folder of scenarios holds only them
    path = folder / "guards.toml"
    path.write_text(
        'name = "guards"\ndescription = "The 2020 timeline played by another cast."\n'
        'cast = "casts/without_lna.toml"\n'
        "[parameters]\nweeks = 40\n"
        '[[events]]\ntype = "blockade"\ndate = 2020-01-17\nactor = "pfg"\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("kind", list(EVENT_CLASSES))
def test_every_event_forms_defaults_are_valid_in_a_cast_without_the_2020_defaults(
    kind: str, tmp_path: Path
):
    cast = load_cast(str(write_cast_without_lna(tmp_path)), "cast")
    values = event_defaults(EVENT_CLASSES[kind], cast)
    validate_event({"type": kind, "date": "2020-06-01", **values}, kind, cast)
    roles = {
        "blockade": {"actor": "pfg"},
        "military_retreat": {"actor": "pfg", "winner": "gna"},
        "deal": {"parties": ["pfg"], "broker": "un", "non_signatories": ["gna", "noc"]},
        "pressure": {"power": "us", "target": "pfg"},
    }
    for name, actors in roles.get(kind, {}).items():
        assert values[name] == actors  # the cast's revenue claimant, government, UN mission


def test_the_inject_form_of_another_casts_run_offers_its_actors_by_their_names(tmp_path: Path):
    model = LibyaModel.from_scenario(load_scenario(write_scenario_with_cast_without_lna(tmp_path)))
    _box, rc = solara.render(InjectPanel(model), handle_error=False)
    assert rc.find(v.Select, label="parties").widget.v_model == ["PFG (Jadhran)"]
    rc.find(v.Btn, children=["Inject now"]).widget.click()
    (deal,) = [e.spec for e in model.pending_events if e.spec.type == "deal"]
    assert (deal.parties, deal.broker) == (["pfg"], "un")
    rc.close()


def test_pickers_forget_the_actors_of_the_cast_before_when_the_scenario_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    for shipped in SCENARIO_DIR.glob("*.toml"):  # the exercises name some of them
        shutil.copy(shipped, tmp_path)
    write_scenario_with_cast_without_lna(tmp_path)
    monkeypatch.setattr(scenarios, "SCENARIO_DIR", tmp_path)
    scenarios.shipped_scenario.cache_clear()
    try:
        _box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
        assert rc.find(v.Select, label="parties").widget.v_model == ["LNA (Haftar)", "Maiteeq"]
        explained = rc.find(v.Select, label="Explain the influence of").widget
        assert explained.v_model == "LNA (Haftar)"
        rc.find(v.Select, label="Scenario").widget.v_model = "guards (2019-2020)"
        assert rc.find(v.Select, label="parties").widget.v_model == ["PFG (Jadhran)"]
        explained = rc.find(v.Select, label="Explain the influence of").widget
        assert explained.v_model == "PFG (Jadhran)"
        assert rc.find(v.Select, label="Play as").widget.v_model.startswith("PFG")
        rc.close()
    finally:
        scenarios.shipped_scenario.cache_clear()


def test_actors_of_a_large_cast_each_get_a_colour_of_their_own(tmp_path: Path):
    text = write_cast_without_lna(tmp_path).read_text(encoding="utf-8")
    extra = "".join(
        f'\n[[actors]]\nid = "power_{i}"\nagent = "power"\nlabel = "Power {i}"\nrecognition = 0.1\n'
        for i in range(12)
    )
    (tmp_path / "large.toml").write_text(text + extra, encoding="utf-8")
    cast = load_cast(str(tmp_path / "large.toml"), "cast")
    colours = [colour_of(actor, cast) for actor in cast.actor_ids]
    assert len(set(colours)) == len(colours) == 20
    assert colours == [colour_of(actor, cast) for actor in cast.actor_ids]  # fixed
    regions = {region_colour(region.id, cast) for region in cast.regions}
    assert not regions & set(colours)


def test_every_episode_renders_its_views_and_a_map_without_positions_for_added_sites():
    from viz.map import map_figure

    for name in ("jadhran_2014", "oil_crescent_2016", "ports_handover_2018", "bengdara_2022"):
        scenario = shipped_scenario(name)
        model = LibyaModel.from_scenario(scenario, rng=1)
        model.run_for(12)
        for view in (Views(model, None, scenario.record), MapView(model), InjectPanel(model)):
            _box, rc = solara.render(view, handle_error=False)
            rc.close()
    figure = map_figure(list(model.assets), model.cast, "2022-06-13")
    footer = figure.axes[0].texts[-1].get_text()
    assert "Not drawn (no position): Other fields." in footer


def test_map_labels_are_readable_and_overlap_neither_each_other_nor_a_marker():
    from viz.map import (
        LABEL_POINTS,
        MIN_SIZE,
        SIZE_PER_KBPD,
        map_figure,
        marker_box,
        positions,
        throughput,
    )

    assert LABEL_POINTS * 80 / 72 >= 11  # at least 11 px at the app's 80 dpi
    model = LibyaModel(rng=1)
    model.run_for(40)  # foreign forces at Sharara and Es Sider lengthen two labels
    figure = map_figure(list(model.assets), model.cast, model.date.isoformat())
    ax = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    labels = [text for text in ax.texts if text.get_fontsize() == LABEL_POINTS]
    names = [text.get_text() for text in labels]
    assert "Sharara (foreign forces)" in names and "TRIPOLI" in names and "BENGHAZI" in names
    boxes = [text.get_window_extent(renderer) for text in labels]
    clashes = [
        (names[i], names[j])
        for i in range(len(boxes))
        for j in range(i + 1, len(boxes))
        if boxes[i].overlaps(boxes[j])
    ]
    assert clashes == []
    assets = list(model.assets)
    markers = {
        asset.name: marker_box(
            ax, *positions()[asset.name], MIN_SIZE + SIZE_PER_KBPD * throughput(asset, assets)
        )
        for asset in assets
    }
    covered = [
        (name, site)
        for name, box in zip(names, boxes, strict=True)
        for site, marker in markers.items()
        if box.overlaps(marker)
    ]
    assert covered == []
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.x0 > ax.get_window_extent(renderer).x1  # the legend sits beside the map
