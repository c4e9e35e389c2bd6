"""Classroom mode (experiments.classroom): a whole class plays one run, each student a faction.

How a week of a class goes: `ClassRun.asked` names the open roles whose actor decides in the
week about to be played; the students holding them `choose`; the teacher may `inject` an
event; `advance` plays the week. A held role left undecided falls back to the model's draw
and its move says so (source 'model'); a role no student holds is the model's and records
nothing. A class is its inputs: replayed on the same seed they give the same run.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from experiments.classroom import ClassError, ClassRun, ClassSetup, Move, is_standing
from experiments.roleplay import (
    COMPLIANCE_ROLE,
    EngagementRole,
    PatronRole,
    PressureRole,
    YesNoRole,
    class_roles,
)
from model import LibyaModel

ROLES_2020 = ("lna", "gna", "noc", "un", "us", "russia", "turkey")
LIFT = "Lift the blockade"
KEEP = "Keep the blockade"
UN_DEAL = {
    "type": "deal",
    "date": dt.date(2020, 6, 2),
    "parties": ["lna", "maiteeq"],
    "broker": "un",
    "non_signatories": ["gna", "noc"],
    "label": "The class's deal, brokered by the UN",
}
"""A deal a teacher injects after week 20 (late February 2020), dated 2 June 2020."""


def weekly_table(model: LibyaModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def play_until_asked(run: ClassRun, actor: str, held: set[str]) -> None:
    """Advance the class until `actor` has something to decide (students deciding nothing)."""
    while actor not in run.asked():
        assert run.model.running, f"{actor} was never asked"
        run.advance(held)


def events_of(model: LibyaModel, kind: str) -> pd.DataFrame:
    log = model.event_log()
    return log[(log["category"] == "event") & (log["kind"] == kind)]


# --- the roles ---------------------------------------------------------------------------------
def test_a_2020_class_offers_the_lna_gna_noc_un_us_russia_and_turkey_each_its_own_decision():
    roles = class_roles(LibyaModel(rng=0).cast)
    assert set(roles) == set(ROLES_2020)
    decisions = {actor: (type(role), role.kind) for actor, role in roles.items()}
    assert decisions == {
        "lna": (YesNoRole, "blockade"),
        "gna": (YesNoRole, "compliance"),
        "noc": (YesNoRole, "force_majeure"),
        "un": (EngagementRole, "engagement"),
        "us": (PressureRole, "pressure"),
        "russia": (PatronRole, "support"),
        "turkey": (PatronRole, "support"),
    }
    assert roles["gna"] is COMPLIANCE_ROLE
    # each patron is asked about its own client, named as the cast names it
    assert roles["russia"].options == ("Support the LNA", "Hold back support")
    assert roles["turkey"].options == ("Support the GNA", "Hold back support")
    assert roles["us"].options == ("Ease off", "Press steadily", "Press hard")


def test_another_episodes_cast_gives_the_roles_to_its_own_actors():
    # 2018: the UAE and Egypt back the LNA; no Russia or Turkey in the cast
    roles_2018 = class_roles(LibyaModel(scenario_name="ports_handover_2018", rng=0).cast)
    assert set(roles_2018) == {"lna", "gna", "noc", "un", "us", "uae", "egypt"}
    assert isinstance(roles_2018["uae"], PatronRole)
    assert roles_2018["egypt"].options[0] == "Support the LNA"
    # 2014: Jadhran's guards blockade, the government in Tripoli complies or not; no patron
    roles_2014 = class_roles(LibyaModel(scenario_name="jadhran_2014", rng=0).cast)
    assert set(roles_2014) == {"pfg_jadhran", "government", "noc", "un", "us"}
    assert roles_2014["pfg_jadhran"].kind == "blockade"
    assert roles_2014["government"].kind == "compliance"


def test_a_class_cannot_open_a_role_that_its_cast_does_not_have():
    with pytest.raises(ClassError, match="no class role for russia"):
        ClassRun(ClassSetup("jadhran_2014", seed=0, roles=("pfg_jadhran", "russia")))


# --- who is asked ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("scenario", "roles", "sometimes"),
    [
        ("sochi_2020", ROLES_2020, "lna"),  # the LNA decides while its blockade is on
        # in 2022 the record dates the blockade's end; the NOC decides when oil may restart
        ("bengdara_2022", ("lna", "gnu", "noc", "egypt", "uae", "un", "us"), "noc"),
    ],
)
def test_asked_names_exactly_the_roles_whose_actor_the_model_then_decides_for(
    scenario, roles, sometimes
):
    run = ClassRun(ClassSetup(scenario, seed=2, roles=roles))
    weeks_asked = 0
    while run.model.running:
        asked = set(run.asked())
        first = len(run.model.log.decisions)
        run.advance(held=set(roles))
        decided = {(d.actor, d.kind) for d in run.model.log.decisions[first:]}
        for actor, role in run.roles.items():
            if is_standing(
                role
            ):  # a lever, a patron's support: chosen in any week, never waited for
                assert actor not in asked
            else:
                assert (actor in asked) == ((actor, role.kind) in decided), (run.model.steps, actor)
        weeks_asked += sometimes in asked
    assert 0 < weeks_asked < run.model.steps
    assert run.asked() == ()  # the run is over: nobody is asked anything


# --- choices and fall-backs --------------------------------------------------------------------
def test_a_students_choice_is_applied_and_recorded_and_the_latest_of_a_team_stands():
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("lna",)))
    play_until_asked(run, "lna", held={"lna"})
    step = run.model.steps
    run.choose("lna", KEEP, "Amira")
    run.choose("lna", LIFT, "Badr")  # a teammate changes the team's answer
    week = run.advance(held={"lna"})
    assert week == [Move(step, "lna", LIFT, "Badr", "student")]
    assert run.moves == week
    (decision,) = run.model.why("lna", "blockade")
    assert decision.by_player and decision.choice is False
    assert not run.model.blockaded_assets("lna")  # the LNA's blockade is lifted
    assert "lna" not in run.asked()  # with no blockade of its own it has nothing to decide


def test_a_held_role_left_undecided_falls_back_to_the_models_draw_and_the_record_says_so():
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("lna", "noc")))
    play_until_asked(run, "lna", held={"lna"})
    step = run.model.steps
    week = run.advance(held={"lna"})  # the LNA's students did not decide in time
    (decision,) = run.model.why("lna", "blockade")
    assert not decision.by_player
    drawn = KEEP if decision.choice else LIFT
    assert week == [Move(step, "lna", drawn, student="", source="model")]


def test_a_role_no_student_holds_is_played_by_the_model_and_records_nothing():
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("lna",)))
    play_until_asked(run, "lna", held=set())
    assert run.advance(held=set()) == []  # asked, but nobody holds the LNA: no move
    assert len(run.model.why("lna", "blockade")) == 1  # the model decided, as in any run
    assert run.moves == []


def test_a_class_in_which_nobody_decides_plays_the_models_own_run():
    run = ClassRun(ClassSetup("sochi_2020", seed=4, roles=ROLES_2020))
    while run.model.running:
        run.advance(held=set(ROLES_2020))
    reference = LibyaModel(scenario_name="sochi_2020", rng=4)
    reference.run_model()
    pd.testing.assert_frame_equal(weekly_table(run.model), weekly_table(reference))
    assert {move.source for move in run.moves} == {"model"}
    # only the decisions the class waits for fall back; standing roles record nothing
    assert {move.actor for move in run.moves} <= {"lna", "gna", "noc"}


@pytest.mark.parametrize(
    ("actor", "option", "refusal"),
    [
        ("noc", "Lift force majeure", "'noc' is not a role of this class"),
        ("lna", "Lift force majeure", "is not an option of lna"),
        ("lna", LIFT, "lna has nothing to decide this week"),
    ],
    ids=["a role not open", "an option not the role's", "a role not asked this week"],
)
def test_a_choice_for_a_role_not_open_an_option_not_its_own_or_a_week_not_asked_is_refused(
    actor, option, refusal
):
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("lna", "un")))
    assert "lna" not in run.asked()  # October 2019: no blockade yet
    with pytest.raises(ClassError, match=refusal):
        run.choose(actor, option, "Amira")
    assert run.pending == {}


# --- what the choices change -------------------------------------------------------------------
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_an_lna_that_lifts_at_its_first_decision_gives_more_oil_than_the_models_path(seed):
    run = ClassRun(ClassSetup("sochi_2020", seed=seed, roles=("lna",)))
    play_until_asked(run, "lna", held={"lna"})
    run.choose("lna", LIFT, "Amira")
    while run.model.running:
        run.advance(held={"lna"})
    reference = run.model_path()
    # the model's path is the model's own run with the same seed
    own = LibyaModel(scenario_name="sochi_2020", rng=seed)
    own.run_for(run.model.steps)
    pd.testing.assert_frame_equal(weekly_table(reference), weekly_table(own))
    class_oil = weekly_table(run.model)["production_kbpd"].sum()
    models_oil = weekly_table(reference)["production_kbpd"].sum()
    assert class_oil > 1.3 * models_oil  # in kbpd-weeks: some 82,000 against 57,000 (seed 0)
    assert (
        weekly_table(run.model)["cumulative_loss_usd_bn"].iloc[-1]
        < weekly_table(reference)["cumulative_loss_usd_bn"].iloc[-1]
    )


def test_the_uns_and_the_uss_choices_become_events_that_set_their_levers():
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("un", "us")))
    run.advance(held={"un", "us"})  # a week of "no change": no event
    assert events_of(run.model, "un_engagement").empty
    pressure_before = run.model.pressing_power.pressure  # the US's base, 0.2
    step = run.model.steps
    run.choose("un", "Wide and hard", "Chen")
    run.choose("us", "Press hard", "Dana")
    run.advance(held={"un", "us"})
    assert (run.model.un_mission.effort, run.model.un_mission.breadth) == (1.6, 1.5)
    (engagement,) = events_of(run.model, "un_engagement").itertuples()
    assert engagement.step == step + 1
    assert engagement.explanation == "The player's UN: wide and hard (effort 1.6, breadth 1.5)"
    pressure = events_of(run.model, "pressure")
    pressed = pressure[pressure["explanation"].str.startswith("The player's")]
    assert list(pressed["explanation"]) == ["The player's United States: press hard (pressure 1.0)"]
    assert list(pressed["actors"]) == ["us;lna"]  # the US presses the LNA to reopen
    # set to 1.0 as the week began, it relaxes toward the base through the week
    assert run.model.pressing_power.pressure > 4 * pressure_before
    # the same engagement again changes nothing, so no second event
    run.choose("un", "Wide and hard", "Chen")
    run.advance(held={"un", "us"})
    assert len(events_of(run.model, "un_engagement")) == 1


def test_a_teachers_injected_event_reaches_the_run_and_is_replayed():
    run = ClassRun(ClassSetup("no_deal", seed=1, roles=("lna",)))
    for _ in range(30):
        run.advance(held=set())
    run.inject({"type": "ceasefire", "parties": ["gna", "lna"], "backers": ["un"]})
    step = run.model.steps
    for _ in range(3):
        run.advance(held=set())
    # the scenario's own ceasefire statements come in August; this one is the teacher's
    assert list(events_of(run.model, "ceasefire")["step"]) == [step + 1]
    replayed = ClassRun.replay(run.setup, run.moves, run.injected, run.model.steps)
    assert list(events_of(replayed.model, "ceasefire")["step"]) == [step + 1]
    pd.testing.assert_frame_equal(weekly_table(replayed.model), weekly_table(run.model))


def a_class_played_to_the_end(seed: int) -> ClassRun:
    """A 2020 class: students' choices, teams, fall-backs, an unheld role, a teacher's deal."""
    roles = ("lna", "noc", "un", "us", "russia")
    run = ClassRun(ClassSetup("no_deal", seed=seed, roles=roles))
    held = {"lna", "noc", "un", "russia"}  # nobody took the US: the model plays it
    while run.model.running:
        asked = run.asked()
        if run.model.steps == 20:
            run.inject(UN_DEAL)
        if "lna" in asked and run.model.steps % 3 == 0:
            run.choose("lna", KEEP, "Amira")
        if "noc" in asked:
            run.choose("noc", "Lift force majeure", "Badr")
        if run.model.steps in (5, 40):
            run.choose("un", "Wide and hard" if run.model.steps == 5 else "Low profile", "Chen")
        if run.model.steps in (10, 30):  # a standing choice: it holds until changed
            run.choose(
                "russia",
                "Hold back support" if run.model.steps == 10 else "Support the LNA",
                "Dana",
            )
        run.advance(held)
    return run


def test_replaying_a_class_from_its_inputs_gives_the_identical_weekly_table():
    run = a_class_played_to_the_end(seed=3)
    sources = {(move.actor, move.source) for move in run.moves}
    assert {("lna", "student"), ("lna", "model"), ("noc", "student")} <= sources
    assert {("un", "student"), ("russia", "student")} <= sources
    assert ("russia", "model") not in sources  # a standing role never falls back
    replayed = ClassRun.replay(run.setup, run.moves, run.injected, run.model.steps)
    pd.testing.assert_frame_equal(weekly_table(replayed.model), weekly_table(run.model))
    assert replayed.moves == run.moves
    pd.testing.assert_frame_equal(replayed.moves_table(), run.moves_table())
    # the deal the teacher injected happened on its date, in both
    assert list(events_of(replayed.model, "deal")["date"]) == ["2020-06-02"]


def test_the_moves_table_sets_each_move_beside_the_models_draw():
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("lna", "un")))
    play_until_asked(run, "lna", held={"lna", "un"})
    run.choose("lna", LIFT, "Amira")
    run.advance(held={"lna", "un"})
    table = run.moves_table()
    assert list(table.columns) == [
        "week", "step", "actor", "role", "student", "source", "option", "models_option", "same"
    ]  # fmt: skip
    lna = table[table["actor"] == "lna"].iloc[0]
    (decision,) = run.model.why("lna", "blockade")
    assert lna["week"] == decision.date.isoformat()  # the date the week played ends
    assert (lna["role"], lna["student"], lna["source"]) == ("LNA (Haftar)", "Amira", "student")
    # the model's draw would have kept the blockade: the student chose otherwise
    assert (lna["option"], lna["models_option"], lna["same"]) == (LIFT, KEEP, False)
    assert table[table["actor"] == "un"].empty  # a standing role nobody chose records nothing
    run.choose("un", "Wide and hard", "Chen")
    run.advance(held={"lna", "un"})
    un = run.moves_table().query("actor == 'un'").iloc[0]
    assert (un["source"], un["option"], un["models_option"], un["same"]) == (
        "student",
        "Wide and hard",
        "",
        False,  # a lever has no draw to compare with
    )
    # a fall-back is the model's draw, so it is always 'same'
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("lna",)))
    play_until_asked(run, "lna", held={"lna"})
    run.advance(held={"lna"})
    fallback = run.moves_table().iloc[0]
    assert fallback["source"] == "model" and fallback["same"]
    assert fallback["option"] == fallback["models_option"]


def test_a_standing_choice_holds_every_week_until_the_students_change_it():
    run = ClassRun(ClassSetup("sochi_2020", seed=1, roles=("russia",)))
    assert run.may_choose("russia") and run.asked() == ()  # any week, never waited for
    run.choose("russia", "Hold back support", "Dana")
    for _ in range(10):
        run.advance(held={"russia"})
    held_back = run.model.why("russia", "support")
    assert len(held_back) == 10
    assert all(d.by_player and not d.choice for d in held_back)
    assert len(run.moves) == 1  # one choice, kept: no move recorded for the weeks it stood
    run.choose("russia", "Support the LNA", "Dana")
    run.advance(held={"russia"})
    assert run.model.why("russia", "support")[-1].choice


def test_a_choice_that_brings_another_decision_into_the_week_asks_for_it_too():
    # on the model's own path the LNA keeps its blockade in January; lifting it opens the
    # sites, and the NOC decides in the same week whether to restart them
    run = ClassRun(ClassSetup("sochi_2020", seed=78, roles=("lna", "noc")))
    play_until_asked(run, "lna", held={"lna", "noc"})
    assert run.asked() == ("lna",)
    run.choose("lna", LIFT, "Amira")
    assert set(run.asked()) == {"lna", "noc"}
    run.choose("noc", "Keep force majeure", "Badr")
    week = run.advance(held={"lna", "noc"})
    assert [(m.actor, m.source) for m in week] == [("lna", "student"), ("noc", "student")]
    (decision,) = run.model.why("noc", "force_majeure")
    assert decision.by_player and not decision.choice


def test_the_uss_standing_pressure_holds_its_level_week_after_week():
    run = ClassRun(ClassSetup("sochi_2020", seed=0, roles=("us",)))
    run.choose("us", "Press hard", "Dana")
    levels = []
    for _ in range(12):  # October to December 2019: no pressure event of the scenario
        run.advance(held={"us"})
        levels.append(run.model.pressing_power.pressure)
    reference = LibyaModel(scenario_name="sochi_2020", rng=0)
    reference.run_for(12)
    assert reference.pressing_power.pressure < 1.0  # the model's own relaxes toward its base
    # held at the level each week before the week is played; the week's relaxation shows
    assert min(levels) == levels[-1] > reference.pressing_power.pressure
    assert len(events_of(run.model, "pressure")) == 1  # one event: the choice, not each week
