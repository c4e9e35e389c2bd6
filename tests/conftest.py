"""Shared fixtures: ensembles of the shipped scenarios, run once per test session; the app
served on 127.0.0.1 for the browser tests, and its page with the network cut off."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from experiments.validation import Ensemble, run_ensembles

ENSEMBLE_SEEDS = range(30)
CHECKOUT = Path(__file__).resolve().parents[1]


def _ensemble(name: str) -> Ensemble:
    return run_ensembles(ENSEMBLE_SEEDS, scenarios=[name])[name]


@pytest.fixture(scope="session")
def sochi() -> Ensemble:
    return _ensemble("sochi_2020")


@pytest.fixture(scope="session")
def no_deal() -> Ensemble:
    return _ensemble("no_deal")


@pytest.fixture(scope="session")
def un_brokered() -> Ensemble:
    return _ensemble("un_brokered")


@pytest.fixture(scope="session")
def noc_refuses() -> Ensemble:
    return _ensemble("noc_refuses")


# --- browser tests -------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright cannot download browsers here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Make pytest-playwright (and Solara's test fixtures) use Debian's Chromium, offline."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


TIMEOUT_MS = 30_000
NEEDS_CHROMIUM = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"),
    reason="Debian's chromium is not installed (make test installs it)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class AppServer:
    """This checkout's app (not wherever the package is installed), served by its
    `libya-abm app` command on 127.0.0.1, with its classes kept in `data`; it may be stopped
    and started again on the same port and data folder (a restart of the server)."""

    data: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> str:
        """Start the server and wait until it answers; its address."""
        command = [sys.executable, "-c", "from cli.main import main; main()", "app"]
        command += ["--host", "127.0.0.1", "--port", str(self.port), "--data", str(self.data)]
        path = os.pathsep.join(filter(None, [str(CHECKOUT), os.environ.get("PYTHONPATH")]))
        # its output to a file (a pipe nobody reads would stop the server once full), in its
        # own process group, so that stopping the group stops everything the command started
        with tempfile.TemporaryFile() as log:
            self.process = server = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=CHECKOUT,
                env={**os.environ, "PYTHONPATH": path},
            )
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(self.url, timeout=2):
                        return self.url
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        stop(server, signal.SIGKILL)
                        log.seek(0)
                        pytest.fail(f"the app did not start: {log.read().decode()[-2000:]}")
                    time.sleep(0.3)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it lingers) and wait until it has gone."""
        server, self.process = self.process, None
        if server is None:
            return
        stop(server, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            stop(server, signal.SIGKILL)
            server.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    """The address of this checkout's app, served for the whole session (`AppServer`)."""
    server = AppServer(tmp_path_factory.mktemp("classes"))
    yield server.start()
    server.stop()


def stop(server: subprocess.Popen, how: signal.Signals) -> None:
    """Send a signal to the server's whole process group."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, how)


def keep_local(page: Page) -> tuple[list[str], list[str]]:
    """Refuse every request of the page's context off 127.0.0.1, and record what went wrong.

    Returns the requests refused and the local responses that failed: both must stay empty.
    Every local request must succeed too: a front-end file missing from the installed assets
    (Solara would then fetch it from a CDN on the server's side) shows up as a failed response.
    """
    outside: list[str] = []
    failed: list[str] = []

    def only_local(route):
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_local)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return outside, failed


def open_offline(page: Page, app_url: str) -> tuple[list[str], list[str]]:
    """Open the app with requests kept local (`keep_local`) and wait for its first week."""
    problems = keep_local(page)
    page.goto(app_url)
    expect(page.get_by_text("step 0 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    return problems


def assert_stayed_local(page: Page, outside: list[str], failed: list[str]) -> None:
    assert outside == [], f"the page reached outside the machine: {outside}"
    assert failed == [], f"requests for the app's own files failed: {failed}"
    page.context.unroute("**/*")


@pytest.fixture
def offline_page(page: Page, app_url: str):
    """The app's page at 1500x1000, with every request off 127.0.0.1 refused and recorded."""
    page.set_viewport_size({"width": 1500, "height": 1000})
    outside, failed = open_offline(page, app_url)
    yield page
    assert_stayed_local(page, outside, failed)
