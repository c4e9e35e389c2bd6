"""A page of the app without the browser: the server started on loopback, and a client of it.

Shared by the load benchmarks (`bench_classroom.py`, `bench_class.py`). `start_server`
starts `libya-abm app` on 127.0.0.1 and a free port, in a process group of its own, and
`stop_server` stops the group. `PageClient` speaks to the server as a browser's page does,
over Solara's websocket (the Jupyter kernel protocol): it loads the page's cookie, opens
`solara.control` and sends its `run` for an address (`/`, `/?class=CODE`, ...), keeps the
state of every widget the server opens or updates, and acts on them as the browser does: a
click is a `custom` click event to a button's widget, typing is an `update` of a text
field's `v_model`. A reader task takes every message as it comes, so that a page also
follows what the server sends it unasked (another page's change redrawn in this one).

The client knows a page only by its texts and its widgets' CSS classes, so it does not
depend on how the page is laid out or its charts are drawn.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import numpy as np
import psutil
import websockets
from rich.table import Table

HOST = "127.0.0.1"  # loopback only
Message = dict[str, Any]
UNSET = "!!disabled!!"
"""The value ipyvuetify's widgets hold for a `v_model` not set."""


# --- the server ----------------------------------------------------------------------------
def free_port() -> int:
    """A port free on the loopback interface now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(port: int, options: Sequence[str] = ()) -> subprocess.Popen:
    """`libya-abm app` of this interpreter's environment, in a process group of its own.

    It serves the code that this interpreter imports (set PYTHONPATH to a checkout to measure
    that checkout), with the command's further `options` (`--data DIR`, for instance), and is
    up when its page answers.
    """
    command = [
        str(Path(sys.executable).parent / "libya-abm"),
        "app",
        "--host",
        HOST,
        "--port",
        str(port),
        *options,
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


def serve_and_measure[Result](
    measure: Callable[[str, int], Awaitable[Result]],
    timeout_s: float,
    options: Sequence[str] = (),
) -> Result:
    """Start the server, run `measure(base_url, server_pid)` within `timeout_s`, stop it."""
    port = free_port()
    print(f"starting libya-abm app on {HOST}:{port} {' '.join(options)}", flush=True)
    server = start_server(port, options)
    try:
        return asyncio.run(
            asyncio.wait_for(measure(f"http://{HOST}:{port}/", server.pid), timeout_s)
        )
    except TimeoutError:
        raise SystemExit(f"stopped after the --timeout of {timeout_s:.0f} s") from None
    finally:
        stop_server(server)


@dataclass(frozen=True)
class Memory:
    """The server process's resident and proportional set sizes, in MB."""

    rss_mb: float
    pss_mb: float

    @classmethod
    def of(cls, pid: int) -> Memory:
        info = psutil.Process(pid).memory_full_info()
        return cls(info.rss / 2**20, info.pss / 2**20)

    def growth(self, after: Memory, count: int) -> str:
        """The growth from this to `after`, per one of `count` pages, and the server's totals."""
        return (
            f"RSS {(after.rss_mb - self.rss_mb) / count:.1f} MB, "
            f"PSS {(after.pss_mb - self.pss_mb) / count:.1f} MB (server: RSS "
            f"{self.rss_mb:.0f} -> {after.rss_mb:.0f} MB, PSS {self.pss_mb:.0f} -> "
            f"{after.pss_mb:.0f} MB)"
        )


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (user and system)."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


def milliseconds(values: Sequence[float]) -> dict[str, float]:
    """The median, 90th percentile and maximum of durations in seconds, in ms."""
    table = np.array(values) * 1000
    return {
        "median": float(np.median(table)),
        "p90": float(np.percentile(table, 90)),
        "max": float(table.max()),
    }


def timing_table(title: str) -> Table:
    """A table of durations, a row each (`add_timing`): measure, median, p90, max, goal."""
    table = Table(title=title)
    for column in ("measure", "median", "p90", "max", "goal"):
        table.add_column(column, justify="left" if column in ("measure", "goal") else "right")
    return table


def add_timing(table: Table, name: str, ms: dict[str, float], goal: str = "") -> None:
    """A row of a `timing_table`: the `milliseconds` of a measure, and its goal."""
    table.add_row(name, *(f"{ms[key]:.0f} ms" for key in ("median", "p90", "max")), goal)


# --- the protocol ----------------------------------------------------------------------------
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


def decode(frame: str | bytes) -> Message:
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


def server_clock(message: Message) -> dt.datetime:
    """When the server sent a message, by its own clock."""
    return dt.datetime.fromisoformat(message["header"]["date"])


def server_seconds(busy: Message, idle: Message) -> float:
    """The server's time for one request: its "busy" to its "idle", without the wait before."""
    return (server_clock(idle) - server_clock(busy)).total_seconds()


class PageClient:
    """A browser page's conversation with the server, without the browser.

    Subclasses follow what the page shows by overriding `read`, called for every message
    as it arrives (after the widgets' states are brought up to date) with its arrival time.
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.kernel_id = str(uuid.uuid4())
        self.page_id = str(uuid.uuid4())
        self.connection: Any = None
        self.widgets: dict[str, dict[str, Any]] = {}  # comm id -> the widget's state
        self.last_message = 0.0  # when the last message arrived (perf_counter)
        self._busy: dict[str, Message] = {}  # request id -> the server's "busy" for it
        self._idle: dict[str, asyncio.Future[Message]] = {}  # request id -> its "idle"
        self._reader: asyncio.Task[None] | None = None

    # --- following the page ------------------------------------------------------------------
    def read(self, message: Message, arrived: float) -> None:
        """What a subclass follows in each message (nothing here)."""

    def _take(self, message: Message, arrived: float) -> None:
        kind = message["msg_type"]
        content = message["content"]
        if kind == "comm_close":
            self.widgets.pop(content["comm_id"], None)
        elif kind in ("comm_open", "comm_msg"):
            state = content.get("data", {}).get("state")
            if isinstance(state, dict):
                self.widgets.setdefault(content["comm_id"], {}).update(state)
        self.read(message, arrived)
        if kind != "status":
            return
        request = message["parent_header"].get("msg_id")
        if content["execution_state"] == "busy":
            self._busy[request] = message
        elif content["execution_state"] == "idle" and request in self._idle:
            self._idle.pop(request).set_result(message)

    async def _read_all(self) -> None:
        try:
            async for frame in self.connection:
                self.last_message = time.perf_counter()
                self._take(decode(frame), self.last_message)
        finally:
            for waiting in self._idle.values():
                if not waiting.done():
                    waiting.set_exception(ConnectionError("the server closed the page"))

    # --- talking to the server ---------------------------------------------------------------
    def message(self, msg_type: str, content: dict[str, Any]) -> Message:
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

    async def request(self, msg_type: str, content: dict[str, Any]) -> tuple[Message, Message]:
        """Send a message and wait for the server to have handled it: its "busy" and "idle"."""
        message = self.message(msg_type, content)
        request = message["header"]["msg_id"]
        self._idle[request] = asyncio.get_running_loop().create_future()
        await self.connection.send(json.dumps(message))
        idle = await self._idle[request]
        return self._busy.pop(request, {}), idle

    async def open(self, path: str = "/") -> None:
        """Load the page (its cookie), connect, and run the app at `path` until it is drawn."""
        cookie = await asyncio.to_thread(self.page_cookie)
        url = self.base_url.replace("http://", "ws://", 1)
        self.connection = await websockets.connect(
            f"{url}jupyter/api/kernels/{self.kernel_id}/channels?session_id={self.page_id}",
            additional_headers={"Cookie": cookie} if cookie else None,
            max_size=None,
        )
        self._reader = asyncio.create_task(self._read_all())
        await self.request("kernel_info_request", {})
        control = str(uuid.uuid4())
        await self.request(
            "comm_open", {"comm_id": control, "target_name": "solara.control", "data": {}}
        )
        page = {"path": path, "dark": False, "themes": {}, "appName": None}
        await self.request(
            "comm_msg", {"comm_id": control, "data": {"method": "run", "args": page}}
        )

    def page_cookie(self) -> str:
        """GET the page as a browser does first; the server sets the session's cookie."""
        with urllib.request.urlopen(self.base_url, timeout=60) as response:
            cookies = SimpleCookie("; ".join(response.headers.get_all("Set-Cookie") or []))
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    async def click(self, widget: str) -> tuple[Message, Message]:
        """Click a button's widget (by comm id) as the browser does; the request's busy, idle."""
        click = {"event": "click", "data": {}}
        content = {"comm_id": widget, "data": {"method": "custom", "content": click}}
        return await self.request("comm_msg", content)

    async def type_into(self, widget: str, text: str) -> tuple[Message, Message]:
        """Type into a text field's widget (by comm id): the browser's update of its value."""
        update = {"method": "update", "state": {"v_model": text}, "buffer_paths": []}
        return await self.request("comm_msg", {"comm_id": widget, "data": update})

    # --- finding widgets ---------------------------------------------------------------------
    def with_class(self, css_class: str) -> list[str]:
        """The widgets (comm ids) that carry a CSS class."""
        return [
            comm
            for comm, state in self.widgets.items()
            if css_class in str(state.get("class_") or "").split()
        ]

    def one_with_class(self, css_class: str) -> str:
        """The one widget with a CSS class (`LookupError` if none, the last made if many)."""
        found = self.with_class(css_class)
        if not found:
            raise LookupError(f"the page has no .{css_class}")
        return found[-1]

    def text_of(self, widget: str) -> str:
        """The texts inside a widget's state and its children's, one after another."""
        state = self.widgets.get(widget, {})
        parts = []
        for text in strings(state.get("children", [])) if "children" in state else ():
            if text.startswith("IPY_MODEL_"):
                parts.append(self.text_of(text.removeprefix("IPY_MODEL_")))
            else:
                parts.append(text)
        for key in ("value", "v_model"):
            if isinstance(state.get(key), str) and state[key] != UNSET:
                parts.append(state[key])
        return " ".join(part for part in parts if part)

    def with_state(self, key: str, value: Any) -> list[str]:
        """The widgets (comm ids) whose state has this value under this key (a field's label)."""
        return [comm for comm, state in self.widgets.items() if state.get(key) == value]

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
        if self._reader is not None:
            with contextlib.suppress(Exception):
                await self._reader
