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
import contextlib
import datetime as dt
import json
import os
import random
import re
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import numpy as np
import psutil
import websockets
from rich.console import Console
from rich.table import Table
from tqdm import tqdm

from model import LibyaModel

HOST = "127.0.0.1"  # loopback only
STEP_TEXT = re.compile(r"step (\d+) of (\d+)", re.IGNORECASE)
DATE_TEXT = re.compile(r"Week ending (\d{1,2} \w+ \d{4})")
TAG = re.compile(r"<[^>]+>")
STEP_BUTTON = "Step"
SESSION_COOKIE = "solara-session-id"
console = Console(width=None if sys.stdout.isatty() else 120)


# --- the server ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    """`libya-abm app` of this interpreter's environment, in a process group of its own.

    It serves the code that this interpreter imports (set PYTHONPATH to a checkout to measure
    that checkout), and is up when its page answers.
    """
    command = [
        str(Path(sys.executable).parent / "libya-abm"),
        "app",
        "--host",
        HOST,
        "--port",
        str(port),
    ]
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=2):
                return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                stop_server(server)
                raise SystemExit("the app did not start within 60 s") from None
            time.sleep(0.3)


def stop_server(server: subprocess.Popen) -> None:
    """Stop the server's process group: politely, then by force."""
    for how, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, how)
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@dataclass(frozen=True)
class Memory:
    """The server process's resident and proportional set sizes, in MB."""

    rss_mb: float
    pss_mb: float

    @classmethod
    def of(cls, pid: int) -> Memory:
        info = psutil.Process(pid).memory_full_info()
        return cls(info.rss / 2**20, info.pss / 2**20)


# --- one session, spoken to as the page speaks -----------------------------------------------
def strings(value: Any) -> Iterator[str]:
    """Every string inside a widget's state (texts, templates, children)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def decode(frame: str | bytes) -> dict[str, Any]:
    """A message of the Jupyter websocket protocol; binary frames carry buffers after it.

    A binary frame starts with the number of parts and their offsets (32-bit, big-endian);
    the first part is the message's JSON. The buffers (images, for instance) are not needed.
    """
    if isinstance(frame, str):
        return json.loads(frame)
    parts = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{parts}I", frame[4 : 4 * (parts + 1)])
    end = offsets[1] if parts > 1 else len(frame)
    return json.loads(frame[offsets[0] : end])


def server_clock(message: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(message["header"]["date"])


@dataclass(frozen=True)
class StepTiming:
    """One click on Step: what the user waits for, and what the server spends."""

    latency_s: float  # click sent -> the next week shown
    server_s: float  # the server's busy -> idle for the click (step and redraw)
    week: int
    date: str


@dataclass
class Session:
    """A browser tab's conversation with the server, without the browser."""

    base_url: str
    kernel_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    page_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    step_button: str | None = None  # the comm id of the live Step button
    week: int | None = None
    weeks: int | None = None
    week_shown: float = 0.0  # when the page last showed a new week (perf_counter)
    date: str = ""
    opened_s: float = 0.0
    connection: Any = None

    def message(self, msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
        return {
            "header": {
                "msg_id": str(uuid.uuid4()),
                "msg_type": msg_type,
                "session": self.page_id,
                "username": "",
                "version": "5.2",
                "date": dt.datetime.now(dt.UTC).isoformat(),
            },
            "parent_header": {},
            "metadata": {},
            "content": content,
            "buffers": [],
            "channel": "shell",
        }

    async def send(self, msg_type: str, content: dict[str, Any]) -> str:
        message = self.message(msg_type, content)
        await self.connection.send(json.dumps(message))
        return message["header"]["msg_id"]

    def read(self, message: dict[str, Any]) -> None:
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
                    self.week_shown = time.perf_counter()
                self.week, self.weeks = int(shown[1]), int(shown[2])
            if dated := DATE_TEXT.search(plain):
                self.date = dated[1]

    async def until_idle(self, request_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Read messages up to the server's "idle" for one request; return its busy and idle."""
        busy: dict[str, Any] = {}
        while True:
            message = decode(await self.connection.recv())
            self.read(message)
            if message["msg_type"] != "status":
                continue
            if message["parent_header"].get("msg_id") != request_id:
                continue
            if message["content"]["execution_state"] == "busy":
                busy = message
            elif message["content"]["execution_state"] == "idle":
                return busy, message

    async def open(self) -> None:
        """Load the page (its cookie), connect, and run the app until its first page is drawn."""
        start = time.perf_counter()
        cookie = await asyncio.to_thread(self.page_cookie)
        url = self.base_url.replace("http://", "ws://", 1)
        self.connection = await websockets.connect(
            f"{url}jupyter/api/kernels/{self.kernel_id}/channels?session_id={self.page_id}",
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None,
        )
        await self.until_idle(await self.send("kernel_info_request", {}))
        control = str(uuid.uuid4())
        opening = {"comm_id": control, "target_name": "solara.control", "data": {}}
        await self.until_idle(await self.send("comm_open", opening))
        page = {"path": "/", "dark": False, "themes": {}, "appName": None}
        run = {"comm_id": control, "data": {"method": "run", "args": page}}
        await self.until_idle(await self.send("comm_msg", run))
        if self.step_button is None or self.week is None:
            raise RuntimeError("the page has no Step button or no 'step N of M' text")
        self.opened_s = time.perf_counter() - start

    def page_cookie(self) -> str:
        """GET the page as a browser does first; the server sets the session's cookie."""
        with urllib.request.urlopen(self.base_url, timeout=60) as response:
            cookies = SimpleCookie("; ".join(response.headers.get_all("Set-Cookie") or []))
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    async def step(self) -> StepTiming:
        """Click Step and wait for the next week, then for the server to finish the request."""
        if self.step_button is None:
            raise RuntimeError("the Step button is gone")
        before = self.week
        sent = time.perf_counter()
        click = {"event": "click", "data": {}}
        request = {"comm_id": self.step_button, "data": {"method": "custom", "content": click}}
        busy, idle = await self.until_idle(await self.send("comm_msg", request))
        if self.week == before or not busy:
            raise RuntimeError(f"Step at week {before} did not show the next week")
        server_s = (server_clock(idle) - server_clock(busy)).total_seconds()
        return StepTiming(self.week_shown - sent, server_s, self.week or 0, self.date)

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

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()


# --- the phases ------------------------------------------------------------------------------
def model_step_ms() -> float:
    """The baseline, in this process: the median time of the model's step alone, no page."""
    model, times = LibyaModel(rng=0), []
    while model.running:
        start = time.perf_counter()
        model.step()
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1000


def milliseconds(values: list[float]) -> dict[str, float]:
    table = np.array(values) * 1000
    return {
        "median": float(np.median(table)),
        "p90": float(np.percentile(table, 90)),
        "max": float(table.max()),
    }


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


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


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
    table = Table(title=f"{count} sessions on one server{think if think_s else ''}")
    for column in ("measure", "median", "p90", "max", "goal"):
        table.add_column(column, justify="left" if column in ("measure", "goal") else "right")

    def row(name: str, values: dict[str, float], goal: str = "") -> None:
        table.add_row(name, *(f"{values[key]:.0f} ms" for key in ("median", "p90", "max")), goal)

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
        console.print(
            f"memory per session, {name}: RSS {(after.rss_mb - before.rss_mb) / count:.1f} MB, "
            f"PSS {(after.pss_mb - before.pss_mb) / count:.1f} MB (server: RSS "
            f"{before.rss_mb:.0f} -> {after.rss_mb:.0f} MB, PSS {before.pss_mb:.0f} -> "
            f"{after.pss_mb:.0f} MB)"
        )


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
    port = free_port()
    console.print(f"starting libya-abm app on {HOST}:{port}")
    server = start_server(port)
    try:
        figures = asyncio.run(
            asyncio.wait_for(
                measure(
                    f"http://{HOST}:{port}/",
                    server.pid,
                    arguments.sessions,
                    arguments.weeks,
                    arguments.think,
                ),
                arguments.timeout,
            )
        )
    except TimeoutError:
        raise SystemExit(f"stopped after the --timeout of {arguments.timeout:.0f} s") from None
    finally:
        stop_server(server)
    report(figures)


if __name__ == "__main__":
    main()
