"""The run in the page's address (viz.address): written, read back, checked and replayed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qsl

import ipyvuetify as v
import pandas as pd
import pytest
import solara
from mesa.visualization.utils import force_update

from config.errors import ScenarioError
from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from tests.test_app_components import markdown_text
from viz.address import InjectedEvent, RunAddress, address_of, open_run, parse_query, replay
from viz.app import Page
from viz.share import BrowserAddress, ShareField, ShareRun


def played(scenario: str, seed: int, parameters: dict, weeks: int, injections: dict) -> LibyaModel:
    """A run made as the page makes one: at each week, its injections, then a step."""
    model = LibyaModel(scenario_name=scenario, rng=seed, **parameters)
    for week in range(weeks + 1):
        for event in injections.get(week, []):
            model.inject_event(event, where="test")
        if week < weeks:
            model.step()
    return model


def weekly(model: LibyaModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


INJECTIONS = {
    3: [{"type": "deal", "label": "", "broker": "russia"}],
    6: [
        {"type": "blockade", "actor": "lna", "label": "A new blockade"},
        {"type": "pressure", "label": ""},
    ],
}


@pytest.fixture(scope="module")
def run() -> LibyaModel:
    return played("no_deal", 7, {"lna_demanded_east_share": 0.55}, 10, INJECTIONS)


def test_a_short_address_names_the_scenario_and_seed_and_opens_the_first_week():
    address = parse_query("?scenario=no_deal&seed=7")
    assert address == RunAddress(scenario="no_deal", seed=7)
    model = replay(address)
    assert (model.scenario_name, model.steps) == ("no_deal", 0)
    pd.testing.assert_frame_equal(weekly(model), weekly(LibyaModel(scenario_name="no_deal", rng=7)))


def test_a_runs_address_is_readable_and_reads_back_to_itself(run: LibyaModel):
    address = address_of(run, 7)
    assert address.parameters == {"lna_demanded_east_share": 0.55}
    assert address.events == (
        InjectedEvent(week=3, fields={"type": "deal"}),  # russia is a deal's default broker
        InjectedEvent(week=6, fields={"type": "blockade", "label": "A new blockade"}),
        InjectedEvent(week=6, fields={"type": "pressure"}),
    )
    query = address.query()
    assert query.startswith("scenario=no_deal&seed=7&set.lna_demanded_east_share=0.55&event=")
    assert query.endswith("&week=10")
    assert dict(parse_qsl(query))["event"] == '{"week":6,"type":"pressure"}'  # the last one
    assert parse_query(query) == address


def test_the_address_of_a_run_replays_to_the_same_weekly_table_and_event_log(run: LibyaModel):
    replayed = replay(parse_query(address_of(run, 7).query()))
    assert replayed.steps == run.steps == 10
    pd.testing.assert_frame_equal(weekly(replayed), weekly(run))
    pd.testing.assert_frame_equal(replayed.event_log(), run.event_log())
    assert "A new blockade" in replayed.event_log()["explanation"].str.cat()


def test_an_event_dated_other_than_its_week_keeps_its_date_and_the_week_it_was_injected_at():
    past = {"type": "pressure", "label": "", "date": dt.date(2019, 10, 1)}  # fires at once
    model = played("no_deal", 7, {}, 6, {4: [past]})
    address = address_of(model, 7)
    assert address.events == (
        InjectedEvent(week=4, fields={"type": "pressure", "date": "2019-10-01"}),
    )
    replayed = replay(parse_query(address.query()))
    pd.testing.assert_frame_equal(weekly(replayed), weekly(model))


def test_the_address_tells_apart_runs_that_differ_in_any_of_its_parts(run: LibyaModel):
    others = [
        played("sochi_2020", 7, {"lna_demanded_east_share": 0.55}, 10, INJECTIONS),
        played("no_deal", 8, {"lna_demanded_east_share": 0.55}, 10, INJECTIONS),
        played("no_deal", 7, {}, 10, INJECTIONS),
        played("no_deal", 7, {"lna_demanded_east_share": 0.55}, 10, {3: INJECTIONS[3]}),
        played("no_deal", 7, {"lna_demanded_east_share": 0.55}, 10, {4: INJECTIONS[3]}),
        played("no_deal", 7, {"lna_demanded_east_share": 0.55}, 9, INJECTIONS),
    ]
    seeds = [7, 8, 7, 7, 7, 7]
    queries = {address_of(model, seed).query() for model, seed in zip(others, seeds, strict=True)}
    assert len(queries | {address_of(run, 7).query()}) == len(others) + 1


def test_a_parameter_set_to_the_scenarios_own_value_is_left_out_of_the_address():
    model = LibyaModel(scenario_name="no_deal", rng=1, brent_multiplier=1.0)
    assert model.params.brent_multiplier == 1.0
    assert address_of(model, 1).query() == "scenario=no_deal&seed=1"


def test_parameters_and_dates_come_back_typed_from_their_text():
    address = parse_query("set.weeks=40&set.start_date=2019-10-08&set.brent_multiplier=1.25")
    assert address.parameters == {
        "weeks": 40,
        "start_date": dt.date(2019, 10, 8),
        "brent_multiplier": 1.25,
    }
    assert parse_query(address.query()) == address


def test_an_event_is_kept_in_its_shortest_form_and_its_date_only_if_not_its_weeks():
    spelt_out = parse_query(
        '?event={"week":2,"type":"deal","label":"","broker":"russia"}&week=2&scenario=no_deal'
    )
    assert spelt_out.events == (InjectedEvent(week=2, fields={"type": "deal"}),)
    dated = parse_query('event={"week":2,"type":"deal","date":"2020-01-01"}&week=2')
    assert dated.events[0].fields == {"type": "deal", "date": "2020-01-01"}


def test_the_addresses_the_readme_shows_open_as_it_says():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    shown = re.findall(r"`[^`\s]*\?(scenario=[^`]+)`", readme)
    assert len(shown) == 2, shown
    assert parse_query(shown[0]) == RunAddress(scenario="no_deal", seed=7)
    shared = parse_query(shown[1])
    assert (shared.parameters, shared.events, shared.week) == (
        {"weight_oil": 0.35},
        (InjectedEvent(week=2, fields={"type": "deal"}),),
        30,
    )


def test_solaras_own_query_keys_are_not_the_addresses_problem():
    assert parse_query("scenario=no_deal&kernelid=abc") == RunAddress(scenario="no_deal")


@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("scenario=atlantis", "address: scenario: unknown scenario 'atlantis'; shipped scenarios:"),
        ("seed=seven", "address: seed: Input should be a valid integer"),
        ("seed=-1", "address: seed: Input should be greater than or equal to 0 (got '-1')"),
        ("seed=1&seed=2", "address: seed: given twice"),
        ("sede=1", "address: sede: unknown key; known: scenario, seed, set.NAME, event, week"),
        ("week=200", "address: week: 200 is after the run's last week (92)"),
        ("set.brent_multiplier=9", "address: set.brent_multiplier: Input should be less than"),
        ("set.brent=1", "address: set.brent: unknown parameter; did you mean 'brent_multiplier'?"),
        ("event=deal", "address, event 1: not JSON"),
        ('event={"type":"deal"}', "address, event 1: week: Field required"),
        ('event={"week":true,"type":"deal"}&week=1', "address, event 1: week: Input should be"),
        ('event={"week":1,"type":"coup"}&week=1', "address, event 1: type: unknown event type"),
        (
            'event={"week":1,"type":"deal","broker":"mars"}&week=1',
            "address, event 1: broker: 'mars' is not an actor of the cast",
        ),
        ('event={"week":5,"type":"deal"}&week=2', "address, event 1: week: 5 is after the week"),
    ],
)
def test_a_bad_address_is_refused_with_what_is_wrong_and_where(search: str, message: str):
    with pytest.raises(ScenarioError) as refused:
        parse_query(search)
    assert message in str(refused.value)


def test_every_problem_of_an_address_is_listed_not_only_the_first():
    with pytest.raises(ScenarioError) as refused:
        parse_query('set.brent_multiplier=9&event={"week":1,"type":"coup"}&week=300')
    lines = str(refused.value).splitlines()
    assert [line.split(":")[0:2] for line in lines] == [
        ["address", " set.brent_multiplier"],
        ["address", " week"],
        ["address, event 1", " type"],
    ]
    with pytest.raises(ScenarioError) as refused:
        parse_query("seed=x&set.brent=1")  # one unreadable, one that the scenario refuses
    assert [line.split(":")[0:2] for line in str(refused.value).splitlines()] == [
        ["address", " seed"],
        ["address", " set.brent"],
    ]


def test_a_bad_address_opens_the_default_run_and_says_why():
    opened = open_run("?scenario=no_deal&seed=x")
    assert opened.address == RunAddress()
    assert (opened.model.scenario_name, opened.model.steps) == ("sochi_2020", 0)
    pd.testing.assert_frame_equal(weekly(opened.model), weekly(LibyaModel(rng=DEFAULT_SEED)))
    assert opened.problem.startswith("This address could not be opened, so the page shows the")
    assert "address: seed: Input should be a valid integer" in opened.problem


def test_an_event_the_model_refuses_at_its_week_opens_the_default_run():
    opened = open_run('event={"week":92,"type":"deal"}&week=92')  # the run has ended by then
    assert opened.address == RunAddress()
    assert "address, event 1: date 2021-07-06 is not before the run's last week ends" in (
        opened.problem
    )


def test_no_address_opens_the_default_run_without_a_problem():
    opened = open_run(None)
    assert (opened.address, opened.problem, opened.model.steps) == (RunAddress(), "", 0)


# --- the component that keeps the browser's address -----------------------------------------
def rendered_share(model: LibyaModel, playing: bool):
    return solara.render(ShareRun(model, 3, playing), handle_error=False)


def test_the_browsers_address_follows_each_step_and_injection_but_not_each_played_week():
    model = LibyaModel(scenario_name="no_deal", rng=3)
    _box, rc = rendered_share(model, playing=False)
    bar = rc.find(BrowserAddress).widget
    assert bar.search == "scenario=no_deal&seed=3"
    model.step()
    force_update()
    assert bar.search == "scenario=no_deal&seed=3&week=1"
    model.inject_event({"type": "deal"})
    force_update()
    assert bar.search.startswith("scenario=no_deal&seed=3&event=")
    rc.render(ShareRun(model, 3, True))  # Play
    model.step()
    force_update()
    assert bar.search.endswith("&week=1")  # not followed while Play runs
    rc.render(ShareRun(model, 3, False))  # Pause
    assert bar.search.endswith("&week=2")
    rc.close()


def test_share_shows_the_address_of_the_run_and_forgets_it_for_a_new_run():
    model = LibyaModel(scenario_name="no_deal", rng=3)
    model.step()
    _box, rc = rendered_share(model, playing=False)
    assert rc.find(ShareField).widgets == []
    rc.find(v.Btn).widget.click()  # Share this run
    assert rc.find(ShareField).widget.search == "scenario=no_deal&seed=3&week=1"
    rc.render(ShareRun(LibyaModel(rng=3), 3, False))
    assert rc.find(ShareField).widgets == []
    rc.close()


# --- the page ---------------------------------------------------------------------------------
def test_the_page_opens_the_run_of_its_address_and_the_address_follows_it_from_there():
    opened = "/?scenario=no_deal&seed=7&week=3"
    app = solara.RoutingProvider(children=[Page()], routes=[solara.Route("/")], pathname=opened)
    _box, rc = solara.render(solara.AppLayout(children=[app]), handle_error=False)
    assert "step 3 of 92" in markdown_text(rc)
    bar = rc.find(BrowserAddress).widget
    assert bar.search == opened.removeprefix("/?")
    rc.find(v.Btn, children=["Step"]).widget.click()
    assert "step 4 of 92" in markdown_text(rc)  # stepped on, not rebuilt from the address
    assert bar.search == "scenario=no_deal&seed=7&week=4"
    rc.close()


def test_in_role_play_the_share_card_says_the_address_leaves_the_students_choices_out():
    model = LibyaModel(rng=DEFAULT_SEED)
    for role_play, warned in ((False, 0), (True, 1)):
        _box, rc = solara.render(ShareRun(model, DEFAULT_SEED, False, role_play))
        warnings = [
            w for w in rc.find(v.Alert).widgets if "does not carry your choices" in str(w.children)
        ]
        assert len(warnings) == warned
        rc.close()
