"""End-to-end, in Debian's Chromium: the page for a classroom.

Projector mode at 150% zoom on a 1366x768 screen, the keys, the timeline and the first-run
hint, driven as a teacher would (the server: `app_url` in tests/conftest.py).

150% zoom is emulated with a browser context whose viewport is 911x512 CSS pixels at 1.5
device pixels each: what Chromium lays out at 150% on a 1366x768 screen (1366/1.5 x 768/1.5).
Unlike CSS `zoom` on the page, it gives the page the narrow `window.innerWidth` that Vuetify's
breakpoints read, so the sidebar turns into a drawer exactly as on the teacher's laptop.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect

from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS, assert_stayed_local, open_offline
from viz.app import FIRST_RUN_HINT
from viz.keyboard import KEYS_HELP

ARTIFACTS = Path(__file__).parent / "artifacts"
PROJECTOR_VIEWPORT = {"width": 911, "height": 512}  # 1366x768 at 150% zoom

pytestmark = NEEDS_CHROMIUM


def step_text(page: Page, step: int) -> Locator:
    return page.get_by_text(f"step {step} of 92", exact=True)


def inside_viewport(box: dict, viewport: dict) -> bool:
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= viewport["width"]
        and box["y"] + box["height"] <= viewport["height"]
    )


def element_at(page: Page, x: float, y: float) -> str:
    """What is drawn on top at (x, y): the nearest button's text, or the element's tag."""
    return page.evaluate(
        """([x, y]) => {
            const element = document.elementFromPoint(x, y);
            const button = element && element.closest('button');
            return button ? 'button:' + button.innerText.trim() : element ? element.tagName : '';
        }""",
        [x, y],
    )


def test_projector_mode_at_150_percent_zoom_shows_play_and_a_chart_together(
    browser: Browser, app_url: str
):
    context = browser.new_context(viewport=PROJECTOR_VIEWPORT, device_scale_factor=1.5)
    page = context.new_page()
    outside, failed = open_offline(page, app_url)
    if not page.get_by_text("Projector mode").is_visible():  # in the closed drawer
        page.locator(".v-app-bar__nav-icon").click()
    page.get_by_text("Projector mode").click()
    expect(page.locator(".projector-bar")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(".v-navigation-drawer")).to_have_count(0, timeout=TIMEOUT_MS)
    play = page.get_by_role("button", name="▶")
    chart = page.locator(".v-window-item--active").locator("img, canvas").first
    expect(chart).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Step").click()  # the hint goes: the layout of a class
    expect(step_text(page, 1)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(FIRST_RUN_HINT)).to_have_count(0, timeout=TIMEOUT_MS)

    def play_and_chart_seen_together() -> None:
        box = play.bounding_box()
        assert inside_viewport(box, PROJECTOR_VIEWPORT), box
        centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert element_at(page, *centre) == "button:▶"  # not under a drawer or a bar
        top = chart.bounding_box()
        visible = min(top["y"] + top["height"], PROJECTOR_VIEWPORT["height"]) - max(top["y"], 0)
        assert visible >= min(150, top["height"]), (top, visible)  # a good part of a chart
        probe = [top["x"] + top["width"] / 2, max(top["y"], 0) + visible / 2]
        # the chart (or the element that holds its canvas) is on top there: nothing covers it
        on_top = "(chart, [x, y]) => chart.parentElement.contains(document.elementFromPoint(x, y))"
        assert chart.evaluate(on_top, probe)

    play_and_chart_seen_together()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "app_projector.png")
    before = chart.bounding_box()["y"]
    monitors = page.locator(".monitors").bounding_box()
    page.mouse.move(monitors["x"] + 20, monitors["y"] + 20)  # not on a chart: its wheel zooms
    page.mouse.wheel(0, 250)  # scrolled down to the charts, the controls stay at the top
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while chart.bounding_box()["y"] > before - 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert chart.bounding_box()["y"] <= before - 200  # the page did scroll
    play_and_chart_seen_together()
    assert_stayed_local(page, outside, failed)
    context.close()


def test_the_keys_play_pause_step_and_reset_without_scrolling_the_page(offline_page: Page):
    page = offline_page
    expect(page.get_by_text(KEYS_HELP)).to_be_visible()
    # a second a week, so that a busy machine still pauses well before the end; the keys move
    # the focused slider and do not touch the run
    page.locator(".pause-slider [role=slider]").focus()
    page.keyboard.press("End")
    expect(page.get_by_text("Weekly pause: 1000 ms")).to_be_visible(timeout=TIMEOUT_MS)
    expect(step_text(page, 0)).to_be_visible()
    page.get_by_text(KEYS_HELP).click()  # the focus back on the page
    scrolled = "() => [...document.querySelectorAll('*')].reduce((s, e) => s + e.scrollTop, 0)"
    before = page.evaluate(scrolled)
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="❚❚")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile(r"^step ([2-9]|\d\d) of 92$"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="▶")).to_be_visible(timeout=TIMEOUT_MS)
    assert page.evaluate(scrolled) == before  # Space played; it did not scroll the page
    played = int(re.search(r"step (\d+) of", page.get_by_text(re.compile("^step")).inner_text())[1])
    page.keyboard.press("ArrowRight")
    expect(step_text(page, played + 1)).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_label("Seed").click()
    page.keyboard.press("r")  # typed into a field: not a reset
    page.keyboard.press("Escape")
    page.get_by_text(KEYS_HELP).click()  # back on the page
    expect(step_text(page, played + 1)).to_be_visible()
    page.keyboard.press("Control+ArrowRight")  # with a modifier: left to the browser
    page.keyboard.press("r")
    expect(step_text(page, 0)).to_be_visible(timeout=TIMEOUT_MS)


def test_the_timeline_shows_a_past_weeks_numbers(offline_page: Page):
    page = offline_page
    for week in (1, 2, 3):
        page.get_by_role("button", name="Step").click()
        expect(step_text(page, week)).to_be_visible(timeout=TIMEOUT_MS)
    thumb = page.locator(".timeline-bar [role=slider]")
    thumb.focus()
    page.keyboard.press("ArrowLeft")  # on the slider: moves it, does not step the run
    page.keyboard.press("ArrowLeft")
    expect(step_text(page, 1)).to_be_visible(timeout=TIMEOUT_MS)
    expected = LibyaModel(rng=DEFAULT_SEED)  # the page's run, to its week 1
    expected.step()
    weekly = expected.datacollector.get_model_vars_dataframe()
    monitors = page.locator(".monitors")
    expect(page.get_by_text("Week ending 08 October 2019")).to_be_visible()
    expect(monitors).to_contain_text(f"{weekly['production_kbpd'].iloc[1]:,.0f} kbpd")
    expect(monitors).to_contain_text(f"${weekly['revenue_usd_m'].sum() / 1000:,.1f} bn")
    expect(page.get_by_text("Showing a past week: the run is at step 3")).to_be_visible()
    page.keyboard.press("ArrowRight")  # the slider's, not the Step key: the run stays at 3
    expect(step_text(page, 2)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Showing a past week: the run is at step 3")).to_be_visible()
    page.get_by_role("button", name="Latest").click()
    expect(step_text(page, 3)).to_be_visible(timeout=TIMEOUT_MS)


def test_the_first_run_hint_shows_until_the_first_step(offline_page: Page):
    page = offline_page
    expect(page.get_by_text(FIRST_RUN_HINT)).to_be_visible()
    page.get_by_role("button", name="Step").click()
    expect(step_text(page, 1)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(FIRST_RUN_HINT)).to_have_count(0, timeout=TIMEOUT_MS)


def test_at_1366_with_a_sheet_open_every_tab_title_shows_and_no_bubble_covers_play(
    browser: Browser, app_url: str
):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    outside, failed = open_offline(page, app_url)
    assert page.locator(".v-slider__thumb-label").filter(visible=True).count() == 0
    play = page.get_by_role("button", name="▶")
    box = play.bounding_box()
    assert element_at(page, box["x"] + box["width"] / 2, box["y"] + box["height"] / 2) == (
        "button:▶"
    )
    page.get_by_label("Exercise", exact=True).click(force=True)
    page.get_by_role("option", name="3. The onus").click()
    expect(page.get_by_role("heading", name="How it works")).to_be_visible(timeout=TIMEOUT_MS)
    bar = page.locator(".v-tabs-bar").first.bounding_box()
    for name in ("Influence", "Oil", "Mediators", "People", "Map", "Event log"):
        tab = page.get_by_role("tab", name=name).bounding_box()
        assert bar["x"] <= tab["x"] and tab["x"] + tab["width"] <= bar["x"] + bar["width"], name
        assert element_at(page, tab["x"] + tab["width"] / 2, tab["y"] + tab["height"] / 2) != ""
    expect(page.locator(".v-slide-group__next")).to_be_hidden()
    assert_stayed_local(page, outside, failed)
    context.close()
