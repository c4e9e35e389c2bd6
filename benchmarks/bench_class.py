"""A class on one server: a teacher and 30 students play a whole run of classroom mode.

    python benchmarks/bench_class.py                   # 30 students, 6 roles of 5, a whole run
    python benchmarks/bench_class.py --students 12     # a smaller class
    python benchmarks/bench_class.py --think 2         # the teacher reads each week for 2 s

Starts `libya-abm app` on 127.0.0.1 and a free port with a fresh `--data` folder (in its
own process group; stopped at the end, or when `--timeout` runs out) and drives it through
its pages, over Solara's websocket, as browsers do (`solara_client.PageClient`):
- the teacher opens the app's main page and clicks "Open a class" (`.open-class`); the page
  moves to the teacher's address, whose `.join-address` gives the room code;
- each student opens the class's address (`/?class=CODE`), types a name into the join
  form, clicks a role (`.role-<actor>`) and Join: the page moves to the student's own;
  the students are split over six roles, five a role (a team shares it), the seventh left
  to the model;
- each week, the students whose role is asked choose (`.option-button`): the LNA team lifts
  the blockade at its first decision, the NOC lifts force majeure, the GNA honours the
  transfers, and the standing roles (the UN, the US, Russia) set their levers in a few
  weeks; a different member of the team clicks each week. When every page has been quiet
  for a moment (and the teacher has read the week for `--think` seconds), the teacher
  clicks "Next week" (`.next-week`), until the run ends.

It measures, for each "Next week": the time from the click to each student's screen
showing the new week (the first message that brings their heading's "week ending
YYYY-MM-DD"), over every week and every student (median, 90th percentile, worst), and to
each screen's last message of the redraw; the server's time for the click itself (its busy to
idle); the server's CPU. Memory per student is the growth of the server's RSS and PSS
(psutil) from the teacher's page alone to the 30 students joined, and to the end of the run,
divided by the number of students. Goal (issue 14): a median under 500 ms from "Next week"
to every student's screen, none over 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from rich.console import Console
from solara_client import (
    Memory,
    Message,
    PageClient,
    add_timing,
    cpu_seconds,
    milliseconds,
    serve_and_measure,
    server_seconds,
    strings,
    timing_table,
)
from tqdm import tqdm

HEADING_DATE = re.compile(r"week ending (\d{4}-\d{2}-\d{2})")
NAME_FIELD = "Your name (or your team's)"
ROLES = ("lna", "gna", "noc", "un", "russia", "us")
QUIET_S = 0.3
"""The pages are settled when none has had a message for this long."""
WAIT_S = 60.0
"""The longest any one thing (a page's answer, a week on every screen) may take."""
console = Console(width=None if sys.stdout.isatty() else 120)


# --- what the students choose ----------------------------------------------------------------
def wanted(actor: str, week: int, options: list[str]) -> str | None:
    """The option a team picks this week, among the buttons its page shows (None: none).

    The roles the class waits for pick whenever asked (their buttons show only then): the
    LNA lifts the blockade at its first decision, the NOC lifts force majeure, the GNA
    honours the transfers. The standing roles change their levers in a few weeks.
    """
    by_role: dict[str, Callable[[str], bool]] = {
        "lna": lambda option: option.startswith("Lift"),
        "noc": lambda option: option.startswith("Lift"),
        "gna": lambda option: option.startswith("Honour"),
    }
    standing: dict[str, dict[int, Callable[[str], bool]]] = {
        "un": {1: lambda o: o.startswith("Wide"), 40: lambda o: o.startswith("Steady")},
        "us": {1: lambda o: o.startswith("Press hard"), 60: lambda o: o == "Press steadily"},
        "russia": {20: lambda o: o.startswith("Hold back"), 50: lambda o: o.startswith("Support")},
    }
    fits = by_role.get(actor) or standing.get(actor, {}).get(week)
    if fits is None:
        return None
    return next((option for option in options if fits(option)), None)


# --- the pages -------------------------------------------------------------------------------
class StudentPage(PageClient):
    """A student's browser page: the join form, then their own page, which follows the class."""

    def __init__(self, base_url: str, name: str, actor: str) -> None:
        super().__init__(base_url)
        self.name = name
        self.actor = actor
        self.shown: dict[str, float] = {}  # week ending -> when the heading first showed it
        self.joined_s = 0.0

    def read(self, message: Message, arrived: float) -> None:
        """Note when the heading first shows each week."""
        if message["msg_type"] not in ("comm_open", "comm_msg"):
            return
        state = message["content"].get("data", {}).get("state")
        if not isinstance(state, dict):
            return
        for text in strings(state):
            if "week ending" in text and (shown := HEADING_DATE.search(text)):
                self.shown.setdefault(shown[1], arrived)

    async def join(self, code: str) -> None:
        """Open the class's address; type the name, take the role, join; wait for the page."""
        start = time.perf_counter()
        await self.open(f"/?class={code}")
        fields = self.with_state("label", NAME_FIELD)
        if not fields:
            raise RuntimeError(f"{self.name}: the join form has no field {NAME_FIELD!r}")
        await self.type_into(fields[-1], self.name)
        role = self.one_with_class(f"role-{self.actor}")
        await self.click(role)
        # A student clicks Join once the page shows the role taken: the click's redraw may
        # be left to another thread of the page (a redraw of the class), after the click's
        # own answer; until then, Join would still be the one drawn before the role.
        await until(lambda: self.widgets.get(role, {}).get("color") == "primary", "the role chosen")
        await self.click(self.one_with_class("join-button"))
        await until(lambda: bool(self.with_class("student-heading")), f"{self.name}'s page")
        heading = self.text_of(self.one_with_class("student-heading"))
        if self.name not in heading:
            raise RuntimeError(f"{self.name} joined, but the page says {heading!r}")
        self.joined_s = time.perf_counter() - start

    def options(self) -> dict[str, str]:
        """The option buttons the page shows: text -> widget."""
        return {self.text_of(comm): comm for comm in self.with_class("option-button")}


class TeacherPage(PageClient):
    """The teacher's browser page: the app's main page, then the class's shared view."""

    async def open_class(self) -> str:
        """Open the app, click "Open a class", and read the room code the page then shows."""
        await self.open("/")
        await self.click(self.one_with_class("open-class"))
        await until(lambda: bool(self.with_class("join-address")), "the teacher's page")
        address = self.text_of(self.one_with_class("join-address"))
        code = re.search(r"class=(\w+)", address)
        if code is None:
            raise RuntimeError(f"the teacher's page shows no class address: {address!r}")
        return code[1]

    def roles(self) -> list[str]:
        """The class's roles, from the roster's rows (`.roster-<actor>`), in its order."""
        found = []
        for state in self.widgets.values():
            for css in str(state.get("class_") or "").split():
                actor = css.removeprefix("roster-")
                if css.startswith("roster-") and actor != "row" and actor not in found:
                    found.append(actor)
        return found

    def week_line(self) -> str:
        return self.text_of(self.one_with_class("class-week"))


async def until(condition: Callable[[], bool], what: str, limit_s: float = WAIT_S) -> None:
    """Wait for a condition the reader tasks bring about (polled; `WAIT_S` at most)."""
    deadline = time.perf_counter() + limit_s
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"waited {limit_s:.0f} s for {what}")
        await asyncio.sleep(0.005)


def moved_on(pages: list[StudentPage], weeks_seen: list[int]) -> bool:
    """True when every page has shown a week more than it had."""
    return all(len(page.shown) > seen for page, seen in zip(pages, weeks_seen, strict=True))


async def quiet(pages: list[PageClient]) -> None:
    """Wait until no page has had a message for `QUIET_S` (every redraw sent)."""
    await until(
        lambda: time.perf_counter() - max(page.last_message for page in pages) > QUIET_S,
        "the pages to settle",
    )


# --- the class -------------------------------------------------------------------------------
@dataclass
class Week:
    """One "Next week": when each student's screen showed it, and what the server spent."""

    date: str
    shown_s: list[float]  # click -> each student's heading shows the new week
    settled_s: list[float]  # click -> each student's last message of the redraw
    server_s: float  # the server's busy -> idle for the click
    choices: int  # choices made in the week before the click


@dataclass
class Figures:
    students: int
    roles: dict[str, int]
    join_s: list[float] = field(default_factory=list)
    weeks: list[Week] = field(default_factory=list)
    choice_s: list[float] = field(default_factory=list)  # a choice's click to its idle
    memory: dict[str, Memory] = field(default_factory=dict)
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    play_s: float = 0.0
    load: list[tuple[float, float, float]] = field(default_factory=list)
    moves: Counter[tuple[str, str]] = field(default_factory=Counter)
    end: str = ""


async def choose(students: list[StudentPage], week: int, figures: Figures) -> int:
    """Each team's member of the week picks what its role wants, if its page offers it."""
    teams: dict[str, list[StudentPage]] = {}
    for student in students:
        teams.setdefault(student.actor, []).append(student)
    made = 0
    for actor, team in teams.items():
        chooser = team[week % len(team)]
        options = chooser.options()
        option = wanted(actor, week, list(options))
        if option is None or "Chosen:" in " ".join(
            chooser.text_of(c) for c in chooser.with_class("chosen-line")
        ):
            continue
        start = time.perf_counter()
        await chooser.click(options[option])
        figures.choice_s.append(time.perf_counter() - start)
        made += 1
    return made


async def play_class(base_url: str, pid: int, students: int, think_s: float, data: Path) -> Figures:
    figures = Figures(students, {})
    figures.load.append(os.getloadavg())
    console.print("the teacher opens the app and a class")
    teacher = TeacherPage(base_url)
    code = await teacher.open_class()
    await quiet([teacher])
    figures.memory["teacher"] = Memory.of(pid)

    offered = teacher.roles()
    roles = [a for a in ROLES if a in offered] or offered
    roles = (roles + [a for a in offered if a not in roles])[:6]
    pages = [
        StudentPage(base_url, f"Student {i + 1:02d}", roles[i % len(roles)])
        for i in range(students)
    ]
    figures.roles = dict(Counter(page.actor for page in pages))
    console.print(f"class {code}: {students} students join, {figures.roles}")
    with tqdm(total=students, desc="joining", unit="student") as progress:

        async def join(page: StudentPage) -> None:
            await page.join(code)
            progress.update()

        await asyncio.gather(*(join(page) for page in pages))
    figures.join_s = [page.joined_s for page in pages]
    everyone: list[PageClient] = [teacher, *pages]
    await quiet(everyone)
    figures.memory["joined"] = Memory.of(pid)

    cpu, wall, client = cpu_seconds(pid), time.perf_counter(), time.process_time()
    week = 0
    with tqdm(desc="weeks", unit="week") as progress:
        while "ended" not in teacher.week_line():
            week += 1
            made = await choose(pages, week, figures)
            await quiet(everyone)
            if think_s:
                await asyncio.sleep(think_s)
            seen = [len(page.shown) for page in pages]
            button = teacher.one_with_class("next-week")
            sent = time.perf_counter()
            busy, idle = await teacher.click(button)
            await until(
                partial(moved_on, pages, seen),
                f"every student's screen to show week {week + 1}",
            )
            await quiet(everyone)
            date = max(pages[0].shown)
            figures.weeks.append(
                Week(
                    date,
                    [page.shown[date] - sent for page in pages],
                    [page.last_message - sent for page in pages],
                    server_seconds(busy, idle) if busy else float("nan"),
                    made,
                )
            )
            progress.update()
    figures.play_s = time.perf_counter() - wall
    figures.server_cpu_s = cpu_seconds(pid) - cpu
    figures.client_cpu_s = time.process_time() - client
    figures.memory["played"] = Memory.of(pid)
    figures.end = teacher.week_line()
    figures.load.append(os.getloadavg())
    await asyncio.gather(*(page.close() for page in everyone))
    with sqlite3.connect(data / "classes.sqlite") as kept:
        rows = kept.execute("SELECT actor, source FROM moves WHERE code = ?", (code,))
        figures.moves = Counter((actor, source) for actor, source in rows)
    return figures


# --- the report ------------------------------------------------------------------------------
def report(figures: Figures) -> None:
    shown = [s for w in figures.weeks for s in w.shown_s]
    settled = [s for w in figures.weeks for s in w.settled_s]
    worst_each_week = [max(w.shown_s) for w in figures.weeks]
    count = figures.students
    table = timing_table(f"A class of {count} students and a teacher, {len(figures.weeks)} weeks")

    def row(name: str, values: list[float], goal: str = "") -> None:
        add_timing(table, name, milliseconds(values), goal)

    row('"Next week" to a student\'s screen showing it', shown, "median < 500, max < 2000")
    row('"Next week" to the last student\'s screen (each week)', worst_each_week)
    row('"Next week" to a student\'s screen settled', settled)
    row('the server\'s time for the "Next week" click', [w.server_s for w in figures.weeks])
    row("a student's choice: click to answered", figures.choice_s)
    row("a student's join: open the address to their page", figures.join_s)
    console.print(table)
    over = sum(s > 2 for s in shown)
    choices = sum(w.choices for w in figures.weeks)
    console.print(
        f"{len(shown)} screen updates ({len(figures.weeks)} weeks x {count} students), "
        f"{over} over 2 s; {choices} choices clicked; roles {figures.roles}; "
        f"the teacher's page at the end: {figures.end!r}"
    )
    slowest = sorted(figures.weeks, key=lambda w: max(w.shown_s), reverse=True)[:3]
    console.print(
        "slowest weeks (the last student's screen): "
        + "; ".join(
            f"week {figures.weeks.index(w) + 1} of {len(figures.weeks)} (ending {w.date}): "
            f"{max(w.shown_s) * 1000:.0f} ms"
            for w in slowest
        )
    )
    by_source = Counter(source for (_, source) in figures.moves.elements())
    console.print(
        f"moves kept: {dict(by_source)}; by the students: "
        f"{ {a: n for (a, s), n in figures.moves.items() if s == 'student'} }"
    )
    weeks = max(len(figures.weeks), 1)
    console.print(
        f"server CPU {figures.server_cpu_s * 1000 / weeks:.0f} ms a week "
        f"({figures.server_cpu_s / figures.play_s:.2f} cores over {figures.play_s:.0f} s); "
        f"this client {figures.client_cpu_s / figures.play_s:.2f} cores; load average "
        + " then ".join("/".join(f"{x:.1f}" for x in load) for load in figures.load)
    )
    teacher, joined, played = (figures.memory[k] for k in ("teacher", "joined", "played"))
    for name, after in (("joined", joined), ("after the run", played)):
        console.print(f"memory per student, {name}: {teacher.growth(after, count)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="students in the class (30)")
    parser.add_argument(
        "--think", type=float, default=0, help="seconds the teacher reads each week (0)"
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for it all")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-class-") as folder:
        figures = serve_and_measure(
            partial(
                play_class, students=arguments.students, think_s=arguments.think, data=Path(folder)
            ),
            arguments.timeout,
            ("--data", folder),
        )
    report(figures)


if __name__ == "__main__":
    main()
