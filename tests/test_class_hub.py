"""The class hub (experiments.class_hub): one shared run per class, every page told.

A class's run lives in the server's hub; every change (a choice, an event, a week) wakes the
pages waiting on it. Playing with a deadline is the class's own thread: a week plays when
all the roles the class waits for have chosen, or at the deadline, when the undecided ones
fall back to the model's draw.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from experiments.class_hub import AttemptLimit, ClassHub, LiveClass
from experiments.class_store import ClassStore
from experiments.classroom import ClassError, ClassSetup, situation

SETUP = ClassSetup("sochi_2020", seed=5, roles=("lna", "noc", "un"))
LIFT = "Lift the blockade"


@pytest.fixture
def hub(tmp_path: Path) -> ClassHub:
    return ClassHub(ClassStore(tmp_path / "data"))


def until(condition, timeout: float = 20.0) -> None:
    """Wait for `condition()` to hold, polling, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_student_acts_only_for_the_role_they_hold(hub: ClassHub):
    live = hub.open_class(SETUP)
    lna = hub.join(live.code, "Amal", "lna")
    un = hub.join(live.code, "Chen", "un")
    live.advance_to_decision()
    assert "lna" in live.view().asked
    with pytest.raises(ClassError, match="you cannot act for the LNA"):
        live.choose(un.token, "lna", LIFT)
    with pytest.raises(ClassError, match="not one of this class"):
        live.choose("a-forged-token", "lna", LIFT)
    assert "lna" not in live.view().chosen
    live.choose(lna.token, "lna", LIFT)
    assert live.view().chosen["lna"] == (LIFT, "Amal")


def test_to_the_next_decision_stops_at_the_first_week_a_held_role_is_asked(hub: ClassHub):
    live = hub.open_class(SETUP)
    hub.join(live.code, "Amal", "lna")
    played = live.advance_to_decision()
    view = live.view()
    assert played == view.step and "lna" in view.waiting_for
    assert view.date == "2020-01-14"  # the LNA first decides in the week ending 21 January


def test_a_roles_screen_is_made_once_per_change_and_shared_by_its_team(hub: ClassHub):
    live = hub.open_class(SETUP)
    amal = hub.join(live.code, "Amal", "lna")
    hub.join(live.code, "Badr", "lna")
    live.advance_to_decision()
    screen = live.screen("lna")
    assert live.screen("lna") is screen, "each page of the team made its own"
    assert screen.situation == situation(live.run.model, "lna")
    assert screen.outlook is not None and screen.outlook.actor == "lna"
    assert screen.moves.empty
    assert live.screen("un").outlook is None  # a lever: no yes/no decision to weigh
    live.choose(amal.token, "lna", LIFT)
    live.advance()
    played = live.screen("lna")
    assert played is not screen
    assert played.moves[["option", "student", "source"]].values.tolist() == [
        [LIFT, "Amal", "student"]
    ]
    assert played.situation == situation(live.run.model, "lna")


def test_the_view_lists_the_events_of_the_last_week_as_the_event_log_does(hub: ClassHub):
    live = hub.open_class(SETUP)
    weeks_with_events = 0
    for _ in range(20):
        live.advance()
        log = live.run.model.event_log()
        week = log[(log.category == "event") & (log.step == live.run.model.steps)]
        assert live.view().events == tuple(week.explanation)
        weeks_with_events += bool(len(week))
    assert weeks_with_events >= 2  # Turkey's deployment; the blockade and Berlin, one week


def test_every_change_wakes_the_pages_waiting_on_the_class(hub: ClassHub):
    live = hub.open_class(SETUP)
    seen = live.version
    woken: list[int] = []
    waiter = threading.Thread(target=lambda: woken.append(live.wait(seen, timeout=10.0)))
    waiter.start()
    live.advance()
    waiter.join(timeout=10.0)
    assert woken and woken[0] > seen
    assert live.wait(woken[0], timeout=0.05) == woken[0]  # nothing new: it times out


def test_playing_waits_for_a_held_decision_until_the_deadline_then_the_model_draws(
    hub: ClassHub,
):
    live = hub.open_class(SETUP, deadline_s=1)
    live.quiet_week_s = 0.0  # weeks with nothing to decide play at once
    hub.join(live.code, "Amal", "lna")
    live.play(True)
    until(lambda: "lna" in live.view().asked)
    asked_at = time.monotonic()
    until(lambda: any(m.actor == "lna" for m in live.run.moves))
    waited = time.monotonic() - asked_at
    live.play(False)
    (fallback, *_) = [m for m in live.run.moves if m.actor == "lna"]
    assert fallback.source == "model" and fallback.student == ""
    assert 0.5 < waited < 10.0  # about the deadline of 1 s (it starts when the week opens)


def test_playing_goes_on_at_once_when_every_held_decision_is_made(hub: ClassHub):
    live = hub.open_class(SETUP, deadline_s=300)
    live.quiet_week_s = 0.0
    amal = hub.join(live.code, "Amal", "lna")
    live.advance_to_decision()
    live.play(True)
    started = time.monotonic()
    live.choose(amal.token, "lna", LIFT)
    until(lambda: any(m.actor == "lna" for m in live.run.moves))
    assert time.monotonic() - started < 10.0  # not the deadline of 300 s
    live.play(False)
    assert live.run.moves[0].source == "student"


def test_a_class_survives_a_restart_at_the_week_it_reached(hub: ClassHub, tmp_path: Path):
    live = hub.open_class(SETUP)
    amal = hub.join(live.code, "Amal", "lna")
    live.advance_to_decision()
    live.choose(amal.token, "lna", LIFT)
    live.inject({"type": "ceasefire", "parties": ["gna", "lna"], "backers": ["un"]})
    for _ in range(5):
        live.advance()
    restarted = ClassHub(ClassStore(tmp_path / "data")).find(live.code.lower())
    assert isinstance(restarted, LiveClass) and restarted is not live
    assert restarted.run.model.steps == live.run.model.steps
    pd.testing.assert_frame_equal(
        restarted.run.model.datacollector.get_model_vars_dataframe(),
        live.run.model.datacollector.get_model_vars_dataframe(),
    )
    assert restarted.run.moves == live.run.moves
    assert restarted.store.holders(live.code) == {"lna": ["Amal"]}


def test_wrong_codes_make_a_page_wait_longer_and_the_server_caps_them_all():
    limit = AttemptLimit(per_page=2, wait_s=30.0, per_minute=5)
    for _ in range(2):
        limit.failed("page-1", now=0.0)
    assert limit.wait("page-1", now=0.0) == 0.0  # two wrong codes are allowed
    limit.failed("page-1", now=0.0)
    assert limit.wait("page-1", now=0.0) == 30.0
    limit.failed("page-1", now=0.0)
    assert limit.wait("page-1", now=0.0) == 60.0  # doubled
    limit.failed("page-2", now=1.0)  # the server's fifth wrong code this minute
    assert limit.wait("page-3", now=2.0) == pytest.approx(58.0)  # a fresh page waits too
    assert limit.wait("page-3", now=61.0) == 0.0
    limit.succeeded("page-1")
    assert limit.wait("page-1", now=61.0) == 0.0
