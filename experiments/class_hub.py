"""The classes being played on a server: one shared run per class, and every screen told.

The app serves each browser page in a session of its own; a class is shared by the teacher's
page and every student's. `ClassHub` keeps one `LiveClass` per room code, made from the
store (`experiments.class_store`) when first asked for, so a class interrupted by a restart
resumes at the last week it played. A `LiveClass` serialises every change (a choice, an
injected event, a week played) under one lock, keeps the change in the store, and wakes the
pages waiting in `wait`, each of which then redraws itself in its own session.

Playing with a deadline (`LiveClass.play`) is a thread of the class, not of a page: the
teacher may reload without stopping the class. A week plays when every role that students
hold and that decides this week has chosen, or when the deadline passes (the undecided roles
then fall back to the model's draw); a week with nothing for the students to decide plays
after a short pause.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from agents.decisions import Decision
from experiments.class_store import ClassRecord, ClassStore, Student
from experiments.classroom import ClassError, ClassRun, ClassSetup, Move, situation
from experiments.model_lock import model_lock
from experiments.roleplay import YesNoRole
from model.model import LibyaModel

DATA_VARIABLE = "LIBYA_ABM_DATA"
"""The environment variable naming the data folder (`libya-abm app --data` sets it)."""
PUBLIC_URL_VARIABLE = "LIBYA_ABM_PUBLIC_URL"
"""The address students reach the server at (`libya-abm app --host 0.0.0.0` sets it)."""
QUIET_WEEK_S = 1.0
"""Seconds a week with nothing for the students to decide stays on screen while playing."""
HEARTBEAT_S = 10.0
"""How often an open student's page tells the store it is still there."""
REDRAW_TURN_S = 5.0
"""The longest a page waits for its turn to redraw before it redraws anyway."""


def default_data_folder() -> Path:
    """$LIBYA_ABM_DATA, else $XDG_DATA_HOME/libya-abm, else ~/.local/share/libya-abm."""
    if os.environ.get(DATA_VARIABLE):
        return Path(os.environ[DATA_VARIABLE])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "libya-abm"


@dataclass(frozen=True)
class ClassView:
    """What every screen of a class shows, made once per change and shared by all of them.

    Attributes:
        version: counts the changes; a page redraws when it changes.
        step: weeks played; date: the end of the last week played (ISO).
        running: False once the run has ended.
        asked: the roles the class waits for this week (`ClassRun.asked`).
        chosen: this week's choices so far: actor -> (option, who chose it).
        standing: the standing roles' choices in force: actor -> (option, who chose it).
        holders: the roles students hold: actor -> names.
        playing: True while the class plays with a deadline; deadline: when the undecided
            roles fall back to the model (seconds since the epoch), or None.
        events: what happened in the last week played (the teacher's events included), in
            the log's words and order.
    """

    version: int
    step: int
    date: str
    running: bool
    asked: tuple[str, ...]
    chosen: Mapping[str, tuple[str, str]]
    standing: Mapping[str, tuple[str, str]]
    holders: Mapping[str, list[str]]
    playing: bool
    deadline: float | None
    events: tuple[str, ...] = ()

    @property
    def waiting_for(self) -> tuple[str, ...]:
        """The roles students hold that decide this week and have not chosen yet."""
        return tuple(a for a in self.asked if a in self.holders and a not in self.chosen)


@dataclass(frozen=True, eq=False)
class RoleScreen:
    """What the pages of one role show this week, made once per change and shared by the team.

    Thirty students' pages redraw at each change of the class; each reading the model on its
    own (a table of every move, the situation, the model's outlook) made the change wait for
    thirty copies of the same work under the class's lock.

    Compared by identity: a page redraws the parts that follow it only when a change has
    made a new one.

    Attributes:
        situation: the role's actor this week (`experiments.classroom.situation`).
        outlook: the model's own decision for a yes/no role in the coming week, with its
            terms, or None (a lever role, or no decision this week).
        moves: the role's moves so far (rows of `ClassRun.moves_table`).
    """

    situation: Mapping[str, str]
    outlook: Decision | None
    moves: pd.DataFrame


@dataclass
class LiveClass:
    """A class being played: its record, its run, and the pages waiting for its changes."""

    record: ClassRecord
    run: ClassRun
    store: ClassStore
    lock: threading.RLock = field(init=False)
    version: int = 0
    quiet_week_s: float = QUIET_WEEK_S
    playing: bool = False
    deadline: float | None = None
    _changed: threading.Condition = field(init=False)
    _view: ClassView | None = None
    _kept_events: int = 0
    _player: threading.Thread | None = None
    _model_path: pd.DataFrame | None = None
    _screens: dict[str, RoleScreen] = field(default_factory=dict)
    _screens_version: int = -1
    _moves: pd.DataFrame | None = None
    _tables: tuple[int, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] | None = None
    _redrawing: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.lock = model_lock(self.run.model)  # the pages read the run under it
        self._changed = threading.Condition(self.lock)
        self._kept_events = len(self.run.injected)

    @property
    def code(self) -> str:
        """The room code."""
        return self.record.code

    # --- reading ---------------------------------------------------------------------------
    def view(self) -> ClassView:
        """What every screen shows now."""
        with self.lock:
            if self._view is None or self._view.version != self.version:
                model = self.run.model
                self._view = ClassView(
                    version=self.version,
                    step=model.steps,
                    date=model.datacollector.model_vars["date"][-1],
                    running=model.running,
                    asked=self.run.asked(),
                    chosen=dict(self.run.pending),
                    standing=dict(self.run.standing),
                    holders=self.store.holders(self.code),
                    playing=self.playing,
                    deadline=self.deadline,
                    events=last_week_events(model),
                )
            return self._view

    def screen(self, actor: str) -> RoleScreen:
        """What the pages of a role show now (made at most once per change of the class)."""
        with self.lock:
            if self._screens_version != self.version:
                self._screens, self._moves = {}, None
                self._screens_version = self.version
            if actor not in self._screens:
                if self._moves is None:
                    self._moves = self.run.moves_table()
                role = self.run.roles[actor]
                self._screens[actor] = RoleScreen(
                    situation=situation(self.run.model, actor),
                    outlook=self.run.outlook(actor) if isinstance(role, YesNoRole) else None,
                    moves=self._moves[self._moves.actor == actor],
                )
            return self._screens[actor]

    @contextlib.contextmanager
    def redraw_turn(self) -> Iterator[None]:
        """A page's turn to redraw itself after a change: one page at a time.

        At a change, every page of the class wakes in a thread of its own, and the server
        (one interpreter) runs their redraws by turns of a few milliseconds: had they all
        run at once, every screen would show the change only when the last was drawn. In
        turn, the first screens show it after one page's redraw, and the last no later. A
        page waits at most `REDRAW_TURN_S` seconds, so that one stuck page holds up no other.
        """
        got = self._redrawing.acquire(timeout=REDRAW_TURN_S)
        try:
            yield
        finally:
            if got:
                self._redrawing.release()

    def wait(self, version: int, timeout: float) -> int:
        """Wait up to `timeout` seconds for a change after `version`; the version now."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version

    def _notify(self) -> None:
        """A change: every waiting page wakes (the caller holds the lock)."""
        self.version += 1
        self._changed.notify_all()

    def touched(self) -> None:
        """Someone joined, came back or left: redraw the rosters."""
        with self.lock:
            self._notify()

    # --- acting ----------------------------------------------------------------------------
    def student(self, token: str) -> Student:
        """The student of this class with this token.

        Raises:
            ClassError: no student of this class has it.
        """
        student = self.store.student(token)
        if student is None or student.code != self.code:
            raise ClassError("This page's student link is not one of this class's.")
        return student

    def choose(self, token: str, actor: str, option: str) -> None:
        """A student's choice for their role this week.

        Raises:
            ClassError: the student holds another role (or none any more), or the choice is
                not one the class takes (see `ClassRun.choose`).
        """
        student = self.student(token)
        held = self.run.model.cast.labels
        if student.actor != actor:
            raise ClassError(
                f"You hold the role of the {held[student.actor]}: you cannot act for the "
                f"{held.get(actor, actor)}."
            )
        if student.freed:
            raise ClassError("Your role was freed while you were away: reload the page.")
        with self.lock:
            self.run.choose(actor, option, student.name)
            self._notify()

    def inject(self, event: Mapping[str, Any]) -> None:
        """The teacher's event, now, for everyone (`ScenarioError` if it is invalid)."""
        with self.lock:
            self.run.inject(event)
            self._notify()

    def advance(self) -> list[Move]:
        """Play one week; keep it in the store; wake every page."""
        with self.lock:
            moves = self._advance()
            self._notify()
            return moves

    def advance_to_decision(self, limit: int = 1000) -> int:
        """Play weeks until one in which a role students hold decides, or the end; how many."""
        played = 0
        with self.lock:
            while self.run.model.running and played < limit:
                held = self.store.holders(self.code)
                if played and set(self.run.asked()) & set(held):
                    break
                self._advance()
                played += 1
            self._notify()
        return played

    def _advance(self) -> list[Move]:
        self.store.free_absent(self.code)
        held = set(self.store.holders(self.code))
        moves = self.run.advance(held)
        fresh = self.run.injected[self._kept_events :]
        self._kept_events = len(self.run.injected)
        model = self.run.model
        self.store.record_week(self.code, model.steps, moves, fresh, not model.running)
        if self.playing:
            self.deadline = time.time() + self.record.deadline_s
        return moves

    # --- playing with a deadline -----------------------------------------------------------
    def play(self, on: bool) -> None:
        """Start or stop playing with a deadline per decision."""
        with self.lock:
            if on == self.playing or (on and not self.run.model.running):
                return
            self.playing = on
            self.deadline = time.time() + self.record.deadline_s if on else None
            if on:
                self._player = threading.Thread(
                    target=self._play, name=f"class-{self.code}", daemon=True
                )
                self._player.start()
            self._notify()

    def settings(self, deadline_s: int, leave_after_s: int) -> None:
        """Change the seconds per decision and before an absent student's role is freed."""
        with self.lock:
            self.store.settings(self.code, deadline_s, leave_after_s)
            found = self.store.find(self.code)
            assert found is not None
            self.record = found
            self._notify()

    def _play(self) -> None:
        """The class's player: a week when all have chosen, at the deadline, or after a pause."""
        week_shown = time.time()
        with self.lock:
            while self.playing and self.run.model.running:
                view = self.view()
                now = time.time()
                if not set(view.asked) & set(view.holders):
                    due = week_shown + self.quiet_week_s
                elif not view.waiting_for:
                    due = now
                else:
                    due = self.deadline or now
                if now >= due:
                    self._advance()
                    week_shown = time.time()
                    self._notify()
                    continue
                self._changed.wait(timeout=due - now)
            self.playing = False
            self.deadline = None
            self._notify()

    # --- the debrief -----------------------------------------------------------------------
    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The class's weekly table, the model's own path's, and every move.

        Made once per change of the class: at the end of a run every page shows the debrief.
        """
        with self.lock:
            if self._tables is not None and self._tables[0] == self.version:
                return self._tables[1]
            model = self.run.model
            if self._model_path is None or len(self._model_path) != model.steps + 1:
                reference = self.run.model_path()
                self._model_path = reference.datacollector.get_model_vars_dataframe()
            weekly = model.datacollector.get_model_vars_dataframe()
            self._tables = (self.version, (weekly, self._model_path, self.run.moves_table()))
            return self._tables[1]


def last_week_events(model: LibyaModel) -> tuple[str, ...]:
    """The events of the week last played, in the order they were logged.

    Read from the recorded events table's columns, not from the whole event log (every
    decision with its reasons, made into a table): a page asks at every change.
    """
    events = model.datacollector.tables["events"]
    week = model.steps
    return tuple(
        str(text)
        for step, category, text in zip(
            events["step"], events["category"], events["explanation"], strict=True
        )
        if step == week and category == "event"
    )


class ClassHub:
    """The live classes of one server, by room code, over one store."""

    def __init__(self, store: ClassStore) -> None:
        self.store = store
        self._live: dict[str, LiveClass] = {}
        self._lock = threading.Lock()
        self.attempts = AttemptLimit()

    def open_class(
        self, setup: ClassSetup, deadline_s: int = 60, leave_after_s: int = 120
    ) -> LiveClass:
        """A new class: its run at the first week, kept in the store with a fresh code."""
        run = ClassRun(setup)  # refuses an unknown role before anything is kept
        record = self.store.create(setup, deadline_s, leave_after_s)
        live = LiveClass(record, run, self.store)
        with self._lock:
            self._live[record.code] = live
        return live

    def find(self, code: str) -> LiveClass | None:
        """The class with this code, rebuilt from the store if not live (None if none)."""
        record = self.store.find(code)
        if record is None:
            return None
        with self._lock:
            live = self._live.get(record.code)
            if live is None:
                moves, injected = self.store.inputs(record.code)
                run = ClassRun.replay(record.setup, moves, injected, record.steps)
                live = LiveClass(record, run, self.store)
                self._live[record.code] = live
            return live

    def join(self, code: str, name: str, actor: str) -> Student:
        """A student joins (see `ClassStore.join`) and every page of the class is told."""
        student = self.store.join(code, name, actor)
        live = self.find(code)
        if live is not None:
            live.touched()
        return student


class AttemptLimit:
    """Slows down guessing room codes: per page, and over the whole server.

    A page may get `per_page` codes wrong; then it waits `wait_s` seconds, doubled at each
    further wrong code. The server takes at most `per_minute` wrong codes a minute from all
    pages together. With 31**8 codes, guessing one open class is hopeless either way.
    """

    def __init__(self, per_page: int = 5, wait_s: float = 30.0, per_minute: int = 60) -> None:
        self.per_page = per_page
        self.wait_s = wait_s
        self.per_minute = per_minute
        self._failures: dict[str, tuple[int, float]] = {}  # page -> (wrong codes, wait until)
        self._recent: list[float] = []  # times of the server's wrong codes in the last minute
        self._lock = threading.Lock()

    def wait(self, page: str, now: float | None = None) -> float:
        """Seconds the page must wait before trying a code (0 if it may try now)."""
        now = time.time() if now is None else now
        with self._lock:
            self._recent = [t for t in self._recent if t > now - 60.0]
            _, until = self._failures.get(page, (0, 0.0))
            busy = self._recent[0] + 60.0 - now if len(self._recent) >= self.per_minute else 0.0
            return max(0.0, until - now, busy)

    def failed(self, page: str, now: float | None = None) -> None:
        """The page tried a code that opens no class."""
        now = time.time() if now is None else now
        with self._lock:
            count, _ = self._failures.get(page, (0, 0.0))
            count += 1
            over = count - self.per_page
            until = now + self.wait_s * 2 ** (over - 1) if over > 0 else 0.0
            self._failures[page] = (count, until)
            self._recent.append(now)

    def succeeded(self, page: str) -> None:
        """The page found a class: its count starts again."""
        with self._lock:
            self._failures.pop(page, None)


_HUB: ClassHub | None = None
_HUB_LOCK = threading.Lock()


def hub() -> ClassHub:
    """The server's hub, over the store of the data folder (made on first use)."""
    global _HUB
    with _HUB_LOCK:
        if _HUB is None:
            _HUB = ClassHub(ClassStore(default_data_folder()))
        return _HUB
