"""End-to-end: Play at the fastest pause, run after run, never breaks the page.

Play steps the model in a thread of its own while the page redraws the charts; before the
model was read and stepped under one lock, a chart could read a week recorded half-way and
the page turned into a Python traceback (issue 13: 2 runs in 6 at a 10 ms pause, on the
Influence and Oil tabs). This test plays the whole default run at that pause 20 times, on
both tabs, switching tab while the run plays, and looks for any error after each run.

It relies only on what the page says ("step N of M", "Week ending ..."), the buttons and
the tab names, not on how the charts are drawn.
"""

from __future__ import annotations

import re

from playwright.sync_api import ConsoleMessage, Page, expect

from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS

pytestmark = NEEDS_CHROMIUM

RUNS = 20
WEEKS = 92  # the default scenario
FASTEST_PAUSE_MS = 10
RUN_TIMEOUT_MS = 180_000  # a whole run on a loaded 2-core machine, with room to spare
TABS = ("Influence", "Oil")  # where the crash was seen


def set_fastest_pause(page: Page) -> None:
    """Move the pause slider to its lowest value with the keyboard, as a person could."""
    slider = page.locator(".pause-slider [role=slider]")  # "Weekly pause: N ms"
    slider.focus()
    slider.press("Home")
    expect(slider).to_have_attribute("aria-valuenow", str(FASTEST_PAUSE_MS), timeout=TIMEOUT_MS)


def errors_shown(page: Page) -> list[str]:
    """What the page shows of a failure: a Python traceback, or an error alert."""
    shown = [
        alert.inner_text() for alert in page.locator(".v-alert.error, [role=alert].error").all()
    ]
    body = page.locator("body").inner_text()
    if "Traceback" in body or re.search(r"\w+Error: ", body):
        shown.append(body[-2000:])
    return shown


def reach(page: Page, text: str | re.Pattern[str], run: int) -> None:
    """Wait until the page shows `text`, or fail at once if it shows a traceback instead."""
    traceback = page.get_by_text(re.compile("Traceback"))
    expect(page.get_by_text(text).or_(traceback).first).to_be_visible(timeout=RUN_TIMEOUT_MS)
    assert errors_shown(page) == [], f"run {run + 1}: the page shows an error"


def test_play_at_the_fastest_pause_runs_to_the_end_twenty_times_without_error(
    offline_page: Page,
):
    page = offline_page
    console_errors: list[str] = []

    def record_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            console_errors.append(message.text)

    page.on("console", record_console)
    page.on("pageerror", lambda error: console_errors.append(f"uncaught: {error}"))
    set_fastest_pause(page)
    for run in range(RUNS):
        first, second = TABS if run % 2 == 0 else TABS[::-1]
        page.get_by_role("tab", name=first).click()
        page.get_by_role("button", name="▶").click()
        # switch tab while the play thread steps: a redraw from the page's own events then
        # reads the model at the same time as the play thread writes it
        reach(page, re.compile(r"step ([1-9]\d) of"), run)
        page.get_by_role("tab", name=second).click()
        reach(page, f"step {WEEKS} of {WEEKS}", run)
        expect(page.get_by_text(re.compile("Week ending"))).to_be_visible()
        assert console_errors == [], f"run {run + 1}: the browser's console: {console_errors}"
        # Play stops by itself at the last week, and Reset starts the run again
        expect(page.get_by_role("button", name="▶")).to_be_visible(timeout=TIMEOUT_MS)
        page.get_by_role("button", name="Reset").click()
        expect(page.get_by_text(f"step 0 of {WEEKS}")).to_be_visible(timeout=TIMEOUT_MS)
