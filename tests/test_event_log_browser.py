"""End-to-end: at the end of a played run, the Event log reaches its first week and its odds.

The served app (tests/conftest.py `app_url`, this checkout's code) in Debian's headless
Chromium with the network cut off (`offline_page`).
"""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS
from tests.test_app_browser import ARTIFACTS
from viz.event_log import key_events, plain_sentence

pytestmark = NEEDS_CHROMIUM

WHOLE_RUN_MS = 180_000  # 92 weeks of play with the charts redrawn, on a shared machine


def test_after_a_whole_run_the_log_reaches_the_first_week_and_shows_a_decisions_odds(
    offline_page: Page,
):
    run = LibyaModel(rng=DEFAULT_SEED)  # the page's first run
    run.run_model()
    key = key_events(run.event_log())
    first, last = key.iloc[0], key.iloc[-1]
    first_date, last_date = (f"{dt.date.fromisoformat(r['date']):%d %b %Y}" for r in (first, last))
    page = offline_page
    page.get_by_role("button", name="▶").click()
    expect(page.get_by_text("step 92 of 92")).to_be_visible(timeout=WHOLE_RUN_MS)
    page.get_by_role("tab", name="Event log").click()
    rows = page.locator(".log-row")
    expect(rows.first).to_contain_text(last_date, timeout=TIMEOUT_MS)  # newest first
    page.get_by_role("button", name="Oldest first").click()
    expect(rows.first).to_contain_text(first_date, timeout=TIMEOUT_MS)
    expect(rows.first).to_contain_text(plain_sentence(first["category"], first["explanation"]))
    expect(page.get_by_text("page 1 of")).to_be_visible()
    expect(page.get_by_text("p = ")).to_have_count(0)  # the odds only on request
    page.get_by_role("button", name="why?").first.click()
    expect(page.get_by_text("p = ").first).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("The model drew").first).to_be_visible(timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "app_event_log.png")
