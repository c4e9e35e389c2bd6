"""The class store (experiments.class_store): classes, students and their inputs in SQLite.

A class is kept as its setup and its inputs (the moves and the teacher's events, week by
week), so that a store reopened after a restart rebuilds any class by replaying them.
"""

from __future__ import annotations

import string
from pathlib import Path

import pandas as pd
import pytest

from experiments.class_store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    NAME_LENGTH,
    ClassStore,
    StoreError,
    new_code,
    normalise_code,
)
from experiments.classroom import ClassRun, ClassSetup, Injected, Move
from tests.test_classroom import UN_DEAL

SETUP = ClassSetup("sochi_2020", seed=5, roles=("lna", "noc", "un"))
START = 1_000_000.0  # a clock the tests set (seconds)


@pytest.fixture
def store(tmp_path: Path) -> ClassStore:
    return ClassStore(tmp_path / "data")


@pytest.fixture
def code(store: ClassStore) -> str:
    return store.create(SETUP, deadline_s=45, leave_after_s=120).code


# --- room codes --------------------------------------------------------------------------------
def test_a_room_code_is_eight_characters_that_cannot_be_misread_off_a_projector():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200  # drawn afresh each time
    assert all(len(code) == CODE_LENGTH == 8 for code in codes)
    assert set("".join(codes)) <= set(CODE_ALPHABET)
    assert not set("0O1IL") & set(CODE_ALPHABET)  # no look-alikes
    assert set(CODE_ALPHABET) <= set(string.ascii_uppercase + string.digits)
    assert len(CODE_ALPHABET) ** CODE_LENGTH > 10**11  # the issue asks for at least 10**6


def test_a_code_is_found_however_a_student_types_it(store, code):
    typed = f" {code[:4].lower()}-{code[4:].lower()} "
    assert normalise_code(typed) == code
    found = store.find(typed)
    assert found is not None and found.code == code


def test_a_new_class_keeps_its_setup_and_settings_and_has_played_no_week(store, code):
    found = store.find(code)
    assert found is not None
    assert found.setup == SETUP
    assert (found.deadline_s, found.leave_after_s, found.steps, found.finished) == (
        45,
        120,
        0,
        False,
    )
    assert store.find("ZZZZZZZZ") is None
    store.settings(code, deadline_s=30, leave_after_s=600)
    changed = store.find(code)
    assert changed is not None and (changed.deadline_s, changed.leave_after_s) == (30, 600)


def test_only_the_teachers_token_opens_the_teachers_controls(store, code):
    found = store.find(code)
    assert found is not None
    assert store.is_teacher(code, found.teacher_token)
    assert store.is_teacher(code.lower(), found.teacher_token)
    other = store.create(SETUP)
    assert not store.is_teacher(code, other.teacher_token)  # another class's teacher
    assert not store.is_teacher(code, "")
    assert not store.is_teacher(code, found.teacher_token[:-1] + "é")  # an edited link
    assert not store.is_teacher("ZZZZZZZZ", found.teacher_token)


# --- students ----------------------------------------------------------------------------------
def test_a_student_joins_in_an_open_role_and_is_known_by_their_token(store, code):
    student = store.join(code.lower(), "  Amira   B. ", "lna", now=START)
    assert (student.code, student.name, student.actor) == (code, "Amira B.", "lna")
    assert store.student(student.token) == student
    assert store.student("not a token") is None
    assert store.holders(code) == {"lna": ["Amira B."]}
    longest = store.join(code, "N" * NAME_LENGTH, "noc", now=START)  # the limit is allowed
    assert longest.name == "N" * NAME_LENGTH


@pytest.mark.parametrize(
    ("which", "name", "actor", "refusal"),
    [
        ("unknown", "Amira", "lna", "No class has that code"),
        ("finished", "Amira", "lna", "That class has finished"),
        ("open", "Amira", "russia", "That role is not open"),
        ("open", "   ", "lna", "Enter your name"),
        ("open", "A" * (NAME_LENGTH + 1), "lna", f"at most {NAME_LENGTH} characters"),
        ("open", "Amira\x00", "lna", "letters, digits, spaces and punctuation only"),
        ("open", "Amira\u202e", "lna", "letters, digits, spaces and punctuation only"),
    ],
    ids=[
        "an unknown code",
        "a finished class",
        "a role not open",
        "an empty name",
        "a name too long",
        "a control character",
        "a right-to-left override",
    ],
)
def test_a_join_is_refused_with_a_reason_the_student_can_act_on(
    store, code, which, name, actor, refusal
):
    if which == "finished":
        store.record_week(code, 92, [], [], finished=True)
    joining = "ZZZZZZZZ" if which == "unknown" else code
    with pytest.raises(StoreError, match=refusal):
        store.join(joining, name, actor)
    assert store.students(code) == []


def test_a_name_with_html_is_kept_as_the_text_typed(store, code):
    name = "<b>Bo</b> & <script>alert(1)</script>"[:NAME_LENGTH]
    student = store.join(code, name, "noc")
    assert store.student(student.token).name == name  # escaping is each page's job


def test_two_students_in_one_role_are_a_team(store, code):
    store.join(code, "Amira", "lna", now=START)
    store.join(code, "Badr", "lna", now=START + 1)
    store.join(code, "Chen", "un", now=START + 2)
    assert store.holders(code) == {"lna": ["Amira", "Badr"], "un": ["Chen"]}
    assert [s.name for s in store.students(code)] == ["Amira", "Badr", "Chen"]


def test_a_student_away_longer_than_the_teacher_allows_frees_the_role_until_back(store, code):
    amira = store.join(code, "Amira", "lna", now=START)
    badr = store.join(code, "Badr", "noc", now=START)
    store.touch(badr.token, now=START + 100)  # Badr's page is open; Amira's closed
    # 120 s after they joined, nobody is yet away longer than leave_after_s
    assert store.free_absent(code, now=START + 120) == []
    freed = store.free_absent(code, now=START + 121)
    assert [s.name for s in freed] == ["Amira"]
    assert store.holders(code) == {"noc": ["Badr"]}  # the LNA is the model's again
    assert store.free_absent(code, now=START + 122) == []  # freed once, not again
    store.touch(amira.token, now=START + 300)  # she reloads the page
    assert store.holders(code) == {"lna": ["Amira"], "noc": ["Badr"]}
    assert store.student(amira.token).freed is False


# --- the run's inputs --------------------------------------------------------------------------
def test_recorded_weeks_come_back_as_the_same_inputs(store, code):
    week_15 = [
        Move(15, "lna", "Lift the blockade", "Amira"),
        Move(15, "un", "no change", source="model"),
    ]
    store.record_week(code, 16, week_15, [Injected(15, UN_DEAL)], finished=False)
    week_16 = [Move(16, "un", "Wide and hard", "Chen")]
    store.record_week(code, 17, week_16, [], finished=False)
    moves, injected = store.inputs(code)
    assert moves == week_15 + week_16  # in the order they were played
    # the event comes back as kept in JSON: its date in ISO form, which the model reads again
    assert injected == [Injected(15, {**UN_DEAL, "date": "2020-06-02"})]
    found = store.find(code)
    assert found is not None and (found.steps, found.finished) == (17, False)
    assert store.inputs(store.create(SETUP).code) == ([], [])  # another class's are its own


def play_and_keep(store: ClassStore, code: str, setup: ClassSetup) -> ClassRun:
    """Play a class to the end, keeping each week as the app's class hub does."""
    run = ClassRun(setup)
    while run.model.running:
        moves, events = len(run.moves), len(run.injected)
        if run.model.steps == 20:
            run.inject(UN_DEAL)
        if "lna" in run.asked():
            run.choose("lna", "Keep the blockade", "Amira")
        if "noc" in run.asked():
            run.choose("noc", "Keep force majeure", "Badr")
        run.advance(held={"lna", "noc", "un"})
        store.record_week(
            code,
            run.model.steps,
            run.moves[moves:],
            run.injected[events:],
            finished=not run.model.running,
        )
    return run


def test_a_finished_class_survives_a_restart_and_replays_to_the_same_run(tmp_path):
    setup = ClassSetup("no_deal", seed=6, roles=("lna", "noc", "un"))
    before = ClassStore(tmp_path / "data")
    code = before.create(setup).code
    played = play_and_keep(before, code, setup)
    del before  # the server stops

    after = ClassStore(tmp_path / "data")  # and starts again on the same data folder
    (kept,) = after.classes()
    assert (kept.code, kept.finished, kept.steps) == (code, True, played.model.steps)
    moves, injected = after.inputs(code)
    rebuilt = ClassRun.replay(kept.setup, moves, injected, kept.steps)
    pd.testing.assert_frame_equal(
        rebuilt.model.datacollector.get_model_vars_dataframe(),
        played.model.datacollector.get_model_vars_dataframe(),
    )
    pd.testing.assert_frame_equal(rebuilt.moves_table(), played.moves_table())
    deals = rebuilt.model.event_log().query("kind == 'deal'")
    assert list(deals["date"]) == ["2020-06-02"]  # the teacher's deal, on its own date
