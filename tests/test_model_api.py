"""LibyaModel follows Mesa's conventions, and events can be scheduled, injected and explained."""

from __future__ import annotations

import datetime as dt

import pytest

from config.cast import default_cast
from config.scenarios import ScenarioError, shipped_scenario
from experiments.validation import DEAL_DATE
from model import LibyaModel
from model.influence import COMPONENTS


def test_a_bare_model_is_the_default_scenario_with_the_deal_on_18_september_2020():
    model = LibyaModel()
    assert model.scenario_name == "sochi_2020"
    deals = [event.spec for event in model.pending_events if event.spec.type == "deal"]
    assert [(d.date, d.broker) for d in deals] == [(DEAL_DATE, "russia")]


def test_a_shipped_scenario_is_chosen_by_name_and_its_parameters_can_be_overridden():
    model = LibyaModel(scenario_name="noc_refuses", rng=1, weeks=60)
    assert model.params.noc_deal_objection == 9.0
    assert model.params.weeks == 60
    deals = [(e.spec.date, e.spec.broker) for e in model.pending_events if e.spec.type == "deal"]
    assert deals == [(DEAL_DATE, "russia")]  # noc_refuses keeps the Russia-brokered deal
    with pytest.raises(ScenarioError, match="unknown scenario 'sochi'"):
        LibyaModel(scenario_name="sochi")


def test_every_date_of_the_default_timeline_is_in_the_observed_record():
    from config.datasets import observed_events

    record = observed_events()
    listed = set(record["date"].dt.date)
    text = " ".join(record["event"])
    for event in shipped_scenario().events:
        in_text = f"{event.date.day} {event.date:%b %Y}" in text  # "2 Jan 2020" in a row
        assert event.date in listed or in_text, (event.type, event.date)


def test_run_model_runs_the_rest_of_the_horizon_and_then_nothing():
    model = LibyaModel(rng=1, weeks=10, timeline=[])
    model.run_for(4)
    model.run_model()
    assert (model.steps, model.running) == (10, False)
    model.run_model()  # again: nothing left to run, and no warning from Mesa
    assert model.steps == 10


def test_the_default_horizon_runs_from_october_2019_past_june_2021():
    model = LibyaModel(rng=1)
    model.run_model()
    assert model.start_date == dt.date(2019, 10, 1)
    assert model.date >= dt.date(2021, 6, 30)
    assert not model.running


def test_step_run_for_and_run_until_advance_one_week_per_unit_of_time():
    model = LibyaModel(rng=1)
    model.step()
    assert (model.steps, model.date) == (1, dt.date(2019, 10, 8))
    model.run_for(3)
    assert model.steps == 4
    model.run_until(10)
    assert (model.steps, model.date) == (10, dt.date(2019, 12, 10))
    assert len(model.datacollector.get_model_vars_dataframe()) == 11  # the start plus 10 weeks


def test_keyword_parameters_override_the_defaults_and_are_validated():
    assert LibyaModel(rng=1, utilisation=0.8).params.utilisation == 0.8
    with pytest.raises(ScenarioError, match=r"utilisation.*less than or equal to 1"):
        LibyaModel(utilisation=1.5)
    with pytest.raises(ScenarioError, match="unknown parameter"):
        LibyaModel(utilisaton=0.8)


def test_timeline_events_wait_in_meshas_event_list_until_their_date():
    model = LibyaModel(rng=1)
    model.run_until(model.time_of(dt.date(2020, 1, 14)))
    assert not model.blockaded_assets("lna")
    model.run_until(model.time_of(dt.date(2020, 1, 21)))
    assert {a.name for a in model.blockaded_assets("lna")} >= {"Es Sider", "Sharara"}


def test_a_deal_injected_into_a_running_no_deal_model_reopens_oil_and_lifts_haftar():
    def run_to_july(with_deal: bool) -> LibyaModel:
        model = LibyaModel(rng=3, timeline=_no_deal_timeline())
        model.run_until(model.time_of(dt.date(2020, 7, 7)))
        if with_deal:
            model.inject_event({"type": "deal", "broker": "russia"})
        model.run_for(6)
        return model

    with_deal, without = run_to_july(True), run_to_july(False)
    assert with_deal.production_kbpd > 3 * without.production_kbpd
    assert with_deal.actor("lna").influence > without.actor("lna").influence
    logged = with_deal.datacollector.get_table_dataframe("events")
    assert (logged["kind"] == "deal").sum() == 1


def test_injected_events_are_validated_like_scenario_files():
    model = LibyaModel(rng=1)
    with pytest.raises(ScenarioError, match=r"broker.*actors are: lna"):
        model.inject_event({"type": "deal", "broker": "china"})
    with pytest.raises(ScenarioError, match="unknown event type 'coup'"):
        model.inject_event({"type": "coup"})
    with pytest.raises(ScenarioError, match="not before the run's last week ends"):
        model.inject_event({"type": "deal", "date": dt.date(2030, 1, 1)})
    with pytest.raises(ScenarioError, match="on 2021-07-06"):  # the end itself is too late
        model.inject_event({"type": "deal", "date": model.params.end_date})


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ({"type": "blockade", "actor": "gna"}, "blockade event.s actor must be of kind 'faction'"),
        ({"type": "blockade", "assets": []}, "name at least one oil asset"),
        ({"type": "foreign_forces", "assets": ["Nowhere"]}, "unknown oil asset.*'Nowhere'"),
        ({"type": "military_retreat", "actor": "gna", "winner": "gna"}, "the other side"),
        ({"type": "deal", "parties": ["lna", "gna"]}, "gna: listed both as a party and as a non"),
    ],
)
def test_events_that_contradict_themselves_or_the_model_are_refused(event, message):
    model = LibyaModel(rng=1)
    with pytest.raises(ScenarioError, match=message):
        model.inject_event(event)


def test_typed_events_are_checked_like_mappings_and_the_timeline_like_a_scenario_file():
    from config.timeline import Blockade

    nowhere = Blockade(date=dt.date(2020, 1, 17), assets=["Nowhere"])  # a cast may add sites
    with pytest.raises(ScenarioError, match=r"unknown oil asset.*'Nowhere' in the cast"):
        LibyaModel(rng=1, timeline=[nowhere])
    before_the_start = Blockade(date=dt.date(2019, 1, 1))
    with pytest.raises(ScenarioError, match=r"timeline: events\[0\].*outside the run's horizon"):
        LibyaModel(rng=1, timeline=[before_the_start])


def test_a_deal_without_a_committee_leaves_the_gnas_consent_as_it_was():
    model = LibyaModel(rng=1, timeline=[])
    model.inject_event({"type": "deal", "committee_months": 0})
    model.step()
    assert model.revenue_channel == "central_bank"
    assert model.actor("gna").complies_with_deal  # a committee set up later by the GNA binds it


def test_why_returns_the_terms_that_kept_the_blockade_in_a_given_week():
    model = LibyaModel(rng=1)
    model.run_model()
    (decision,) = model.why("lna", "blockade", dt.date(2020, 7, 1))
    assert decision.choice
    assert decision.terms["unmet revenue demand"] > 0
    assert decision.terms["financial stress"] < 0
    assert decision.explanation.startswith("LNA keeps the blockade (p = ")
    assert decision.probability == pytest.approx(1 / (1 + 2.718281828**-decision.utility))


def test_a_no_names_the_yes_its_probability_belongs_to():
    model = LibyaModel(rng=1)
    model.run_model()
    lifted = next(d for d in model.why("lna", "blockade") if not d.choice)
    assert lifted.explanation.startswith(
        f"LNA lifts the blockade (p = {lifted.probability:.3f} for 'LNA keeps the blockade', draw "
    )


def test_the_datacollector_records_each_weeks_influence_and_its_components():
    model = LibyaModel(rng=1)
    model.run_for(40)
    weekly = model.datacollector.get_model_vars_dataframe()
    for actor_id in default_cast().actor_ids:
        influence = weekly[f"influence_{actor_id}"]
        parts = sum(weekly[f"influence_{c}_{actor_id}"] for c in COMPONENTS)
        assert parts.tolist() == pytest.approx(influence.tolist())
        assert influence.iloc[-1] == model.actor(actor_id).influence
    assert weekly["influence_oil_lna"].nunique() > 10  # every week, not the first one again
    assert weekly["hardship_east"].iloc[-1] == model.region("east").hardship


def _no_deal_timeline():
    from config.scenarios import load_scenario

    return list(load_scenario("no_deal").events)
