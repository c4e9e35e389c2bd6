"""Many users, one server: 30 sessions of the app on one `libya-abm app`, as in a classroom.

    python benchmarks/bench_classroom.py                 # 30 sessions, each steps the 92 weeks
    python benchmarks/bench_classroom.py --weeks 20      # a shorter run of each session
    python benchmarks/bench_classroom.py --think 5       # each reads 2.5 to 7.5 s a week

Starts `libya-abm app` on 127.0.0.1 and a free port (in its own process group, stopped at the
end or when `--timeout` runs out), then talks to it as the page does, over Solara's websocket:
each session is a Jupyter kernel protocol client that opens the page (`comm_open` of
`solara.control`, then its `run` message), keeps the state of the widgets the server opens,
and clicks the Step button (a `custom` click event to the button's widget, as the browser
sends it). A browser per session would measure Chromium on this 2-core machine, not the
server. The client knows the page only by what it says ("step N of M", "Week ending ...")
and by the button named "Step", so it does not depend on how the charts are drawn.

For each click it records:
- the latency a user sees: from sending the click to the message that shows the next week;
- the server's time: the server marks each message it handles with a "busy" and an "idle"
  status carrying its own clock; idle minus busy is the time taken by the step and the
  redraw, without the time the message waited for the server.

Phases: one session alone steps through the run (the server time per step and redraw); then
`--sessions` sessions open at once and each clicks Step as soon as the previous week is drawn
(a class pressing Step as fast as the server answers, heavier than Play at its usual pause).
Memory per session is the growth of the server process's RSS and PSS (psutil) from before
the sessions open to after they have opened, and to after they have played, divided by
their number. Goals (issue 13): under 20 ms of server time per step and redraw in one
session; with 30 sessions, a median under 250 ms from Step to the new week and none over 1 s.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
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

from model import LibyaModel

STEP_TEXT = re.compile(r"step (\d+) of (\d+)", re.IGNORECASE)
DATE_TEXT = re.compile(r"Week ending (\d{1,2} \w+ \d{4})")
TAG = re.compile(r"<[^>]+>")
STEP_BUTTON = "Step"
console = Console(width=None if sys.stdout.isatty() else 120)


# --- one session, spoken to as the page speaks -----------------------------------------------
@dataclass(frozen=True)
class StepTiming:
    """One click on Step: what the user waits for, and what the server spends."""

    latency_s: float  # click sent -> the next week shown
    server_s: float  # the server's busy -> idle for the click (step and redraw)
    week: int
    date: str


class Session(PageClient):
    """A browser tab of the app's main page, which it steps through the run."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        self.step_button: str | None = None  # the comm id of the live Step button
        self.week: int | None = None
        self.weeks: int | None = None
        self.week_shown = 0.0  # when the page last showed a new week (perf_counter)
        self.date = ""
        self.opened_s = 0.0

    def read(self, message: Message, arrived: float) -> None:
        """Follow the widgets: the live Step button, and the week and date the page shows."""
        kind = message["msg_type"]
        if kind == "comm_close" and message["content"]["comm_id"] == self.step_button:
            self.step_button = None
        if kind not in ("comm_open", "comm_msg"):
            return
        data = message["content"].get("data", {})
        state = data.get("state")
        if not isinstance(state, dict):
            return
        if kind == "comm_open" and state.get("children") == [STEP_BUTTON]:
            self.step_button = message["content"]["comm_id"]
        for text in strings(state):
            if "step " not in text.lower():
                continue
            plain = " ".join(TAG.sub(" ", text).split())
            if shown := STEP_TEXT.search(plain):
                if int(shown[1]) != self.week:
                    self.week_shown = arrived
                self.week, self.weeks = int(shown[1]), int(shown[2])
            if dated := DATE_TEXT.search(plain):
                self.date = dated[1]

    async def open(self, path: str = "/") -> None:
        """Open the app's page and wait until its first page is drawn."""
        start = time.perf_counter()
        await super().open(path)
        if self.step_button is None or self.week is None:
            raise RuntimeError("the page has no Step button or no 'step N of M' text")
        self.opened_s = time.perf_counter() - start

    async def step(self) -> StepTiming:
        """Click Step and wait for the next week, then for the server to finish the request."""
        if self.step_button is None:
            raise RuntimeError("the Step button is gone")
        before = self.week
        sent = time.perf_counter()
        busy, idle = await self.click(self.step_button)
        if self.week == before or not busy:
            raise RuntimeError(f"Step at week {before} did not show the next week")
        return StepTiming(
            self.week_shown - sent, server_seconds(busy, idle), self.week or 0, self.date
        )

    async def play(self, weeks: int, progress: tqdm, think_s: float = 0) -> list[StepTiming]:
        """Click Step `weeks` times (or to the last week), each once the last week is drawn.

        With `think_s`, the session first reads the week for a time drawn between half and
        one and a half times `think_s` (seeded by its kernel id), as students do not click
        in step with each other.
        """
        reading = random.Random(self.kernel_id)
        timings: list[StepTiming] = []
        while len(timings) < weeks and (self.week or 0) < (self.weeks or 0):
            if think_s:
                await asyncio.sleep(think_s * reading.uniform(0.5, 1.5))
            timings.append(await self.step())
            progress.update()
        return timings


# --- the phases ------------------------------------------------------------------------------
def model_step_ms() -> float:
    """The baseline, in this process: the median time of the model's step alone, no page."""
    model, times = LibyaModel(rng=0), []
    while model.running:
        start = time.perf_counter()
        model.step()
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1000


async def open_sessions(base_url: str, count: int) -> list[Session]:
    sessions = [Session(base_url) for _ in range(count)]
    with tqdm(total=count, desc=f"opening {count} sessions", unit="session") as progress:

        async def open_one(session: Session) -> None:
            await session.open()
            progress.update()

        await asyncio.gather(*(open_one(session) for session in sessions))
    return sessions


async def play_all(
    sessions: list[Session], weeks: int, label: str, think_s: float = 0
) -> list[StepTiming]:
    total = len(sessions) * min(weeks, sessions[0].weeks or weeks)
    with tqdm(total=total, desc=label, unit="step") as progress:
        played = await asyncio.gather(
            *(session.play(weeks, progress, think_s) for session in sessions)
        )
    return [timing for timings in played for timing in timings]


async def measure(
    base_url: str, pid: int, sessions: int, weeks: int, think_s: float
) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "sessions": sessions,
        "think_s": think_s,
        "model_step_ms": model_step_ms(),
    }
    console.print("[bold]phase 1[/]: one session steps through the whole run")
    alone = (await open_sessions(base_url, 1))[0]
    cpu = cpu_seconds(pid)
    timings = await play_all([alone], alone.weeks or 0, "one session")
    figures["one"] = {
        "steps": len(timings),
        "latency": milliseconds([t.latency_s for t in timings]),
        "server": milliseconds([t.server_s for t in timings]),
        "cpu_ms_per_step": (cpu_seconds(pid) - cpu) * 1000 / len(timings),
        "last": f"step {timings[-1].week}, week ending {timings[-1].date}",
    }
    await alone.close()

    reads = f", reading each week for {think_s / 2:g} to {think_s * 1.5:g} s" if think_s else ""
    console.print(
        f"[bold]phase 2[/]: {sessions} sessions open at once, then each steps {weeks} weeks{reads}"
    )
    before = Memory.of(pid)
    start, cpu = time.perf_counter(), cpu_seconds(pid)
    group = await open_sessions(base_url, sessions)
    figures["open_s"] = time.perf_counter() - start
    figures["open_cpu_s"] = (cpu_seconds(pid) - cpu) / sessions
    figures["first_page"] = milliseconds([session.opened_s for session in group])
    opened = Memory.of(pid)
    cpu, wall, client_cpu = cpu_seconds(pid), time.perf_counter(), time.process_time()
    timings = await play_all(group, weeks, f"{sessions} sessions", think_s)
    wall = time.perf_counter() - wall
    played = Memory.of(pid)
    figures["many"] = {
        "steps": len(timings),
        "latency": milliseconds([t.latency_s for t in timings]),
        "server": milliseconds([t.server_s for t in timings]),
        "over_1s": sum(t.latency_s > 1 for t in timings),
        "steps_per_s": len(timings) / wall,
        "server_cpu": (cpu_seconds(pid) - cpu) / wall,
        "client_cpu": (time.process_time() - client_cpu) / wall,
    }
    figures["memory"] = {"before": before, "opened": opened, "played": played}
    await asyncio.gather(*(session.close() for session in group))
    return figures


def report(figures: dict[str, Any]) -> None:
    count = figures["sessions"]
    one, many, memory = figures["one"], figures["many"], figures["memory"]
    think_s = figures["think_s"]
    think = f", each reading a week for {think_s / 2:g} to {think_s * 1.5:g} s"
    table = timing_table(f"{count} sessions on one server{think if think_s else ''}")
    row = partial(add_timing, table)

    row("1 session: server time per step and redraw", one["server"], "under 20 ms")
    row("1 session: Step to the next week (client)", one["latency"])
    row(f"{count} sessions: first page (open at once)", figures["first_page"])
    row(f"{count} sessions: server time per step and redraw", many["server"])
    row(f"{count} sessions: Step to the next week", many["latency"], "median < 250, max < 1000")
    console.print(table)
    console.print(
        f"1 session: {one['steps']} steps to {one['last']}; server CPU "
        f"{one['cpu_ms_per_step']:.0f} ms a step, of which the model's own step (measured alone "
        f"in this process) {figures['model_step_ms']:.1f} ms"
    )
    console.print(
        f"{count} sessions: {many['steps']} steps, {many['over_1s']} over 1 s; "
        f"{many['steps_per_s']:.1f} steps/s in all; server CPU {many['server_cpu']:.2f} cores, "
        f"this client {many['client_cpu']:.2f} cores; all opened in {figures['open_s']:.1f} s, "
        f"{figures['open_cpu_s']:.2f} s of server CPU a session"
    )
    before, opened, played = memory["before"], memory["opened"], memory["played"]
    for name, after in (("opened", opened), ("after play", played)):
        console.print(f"memory per session, {name}: {before.growth(after, count)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions at once (30)")
    parser.add_argument(
        "--weeks", type=int, default=92, help="steps per session of the many (92: a whole run)"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0,
        help="mean seconds each of the many reads a week before its next Step (0: none)",
    )
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for it all")
    arguments = parser.parse_args()
    figures = serve_and_measure(
        partial(
            measure,
            sessions=arguments.sessions,
            weeks=arguments.weeks,
            think_s=arguments.think,
        ),
        arguments.timeout,
    )
    report(figures)


if __name__ == "__main__":
    main()
