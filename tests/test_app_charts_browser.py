"""The app's interactive charts in a real headless Chromium, with the network cut off.

ECharts is loaded by the page with requirejs from Solara's own assets (`/_solara/cdn/`): the
`offline_page` fixture (tests/conftest.py) fails any test whose page reached beyond
127.0.0.1 or failed to load one of its own files. The charts' state is read through the
ECharts instance the page holds.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS

ARTIFACTS = Path(__file__).parent / "artifacts"
CHARTS = ".solara-echarts"
ECHARTS = "Object.values(window.requirejs.s.contexts._.defined).find(m => m && m.getInstanceByDom)"
"""The echarts module, as requirejs holds it once the page has loaded it."""

pytestmark = NEEDS_CHROMIUM


def chart_call(page: Page, index: int, body: str, argument: Any = None) -> Any:
    """Evaluate `body` (JavaScript, given `chart` and `argument`) on the index-th chart."""
    return page.evaluate(
        f"""([index, argument]) => {{
            const chart = ({ECHARTS}).getInstanceByDom(
                document.querySelectorAll('{CHARTS}')[index]);
            {body}
        }}""",
        [index, argument],
    )


def chart_option(page: Page, index: int = 0) -> dict[str, Any]:
    """The option the index-th chart of the page shows now (its zoom, series and marks)."""
    return chart_call(page, index, "return chart.getOption();")


def chart_titles(page: Page) -> list[str]:
    """The titles of the charts ECharts has drawn on the page, in order."""
    return page.evaluate(
        f"""() => {{
            const echarts = window.requirejs && {ECHARTS};  // loaded with the first chart
            return [...document.querySelectorAll('{CHARTS}')].map(element => {{
                const chart = echarts && echarts.getInstanceByDom(element);
                return chart ? chart.getOption().title[0].text : '';
            }});
        }}"""
    )


def chart_pixel(page: Page, index: int, date: str, value: float) -> tuple[float, float]:
    """Where a date and value of the index-th chart are drawn, in page coordinates."""
    x, y = chart_call(
        page, index, "return chart.convertToPixel({gridIndex: 0}, argument);", [date, value]
    )
    box = page.locator(CHARTS).nth(index).bounding_box()
    return box["x"] + x, box["y"] + y


def step_to(page: Page, weeks: int) -> None:
    """Step the run, one week at a time, to the given week."""
    headline = page.get_by_text(re.compile(r"step \d+ of 92")).inner_text()
    played = int(re.search(r"step (\d+) of 92", headline).group(1))
    for week in range(played + 1, weeks + 1):
        page.get_by_role("button", name="Step").click()
        expect(page.get_by_text(f"step {week} of 92")).to_be_visible(timeout=TIMEOUT_MS)


def charts_drawn(page: Page) -> Locator:
    """The charts of the visible tab, once ECharts has drawn them (a canvas each)."""
    canvases = page.locator(f"{CHARTS} canvas")
    expect(canvases.first).to_be_visible(timeout=TIMEOUT_MS)
    return canvases


def test_the_charts_are_drawn_by_echarts_loaded_from_the_apps_own_files(offline_page: Page):
    charts_drawn(offline_page)
    expect(offline_page.locator(CHARTS)).to_have_count(2)  # influence and its components
    module_id = offline_page.evaluate(
        "Object.keys(window.requirejs.s.contexts._.defined).find(k => k.includes('echarts'))"
    )
    assert "/_solara/cdn/echarts@5.4.0/" in module_id
    option = chart_option(offline_page)
    assert option["title"][0]["text"] == "Influence (share of all actors)"
    offline_page.get_by_role("button", name="▶").click()  # past the blockade, for the picture
    expect(offline_page.get_by_text(re.compile(r"step ([3-9]\d) of 92"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    offline_page.get_by_role("button", name="❚❚").click()
    expect(offline_page.get_by_role("button", name="▶")).to_be_visible(timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    offline_page.screenshot(path=ARTIFACTS / "app_charts.png")


def test_hover_shows_the_date_and_each_actors_share(offline_page: Page):
    step_to(offline_page, 6)
    charts_drawn(offline_page)
    x, y = chart_pixel(offline_page, 0, "2019-10-29", 20)  # step 4
    offline_page.mouse.move(x, y)
    tooltip = offline_page.locator(f"{CHARTS} > div").filter(has_text=re.compile(r"\d+\.\d %"))
    expect(tooltip).to_be_visible(timeout=TIMEOUT_MS)  # ECharts' tooltip, beside its canvas
    text = tooltip.inner_text()
    assert "2019-10-29" in text
    assert re.search(r"LNA \(Haftar\)\s+\d+\.\d %", text), text
    assert re.search(r"GNA \(Sarraj\)\s+\d+\.\d %", text), text


def zoom_window(page: Page) -> list[tuple[float, float]]:
    """The start and end (percent of the run) of the first chart's zooms: wheel, then slider."""
    return [(zoom["start"], zoom["end"]) for zoom in chart_option(page)["dataZoom"][:2]]


def series_length(page: Page) -> int:
    return len(chart_option(page)["series"][0]["data"])


def test_zoom_with_the_wheel_narrows_the_visible_weeks_and_keeps_them_while_the_run_goes_on(
    offline_page: Page,
):
    step_to(offline_page, 2)
    charts_drawn(offline_page)
    assert zoom_window(offline_page) == [(0, 100), (0, 100)]
    x, y = chart_pixel(offline_page, 0, "2020-06-01", 20)
    offline_page.mouse.move(x, y)
    deadline = time.monotonic() + 10
    while zoom_window(offline_page)[0] == (0, 100):
        assert time.monotonic() < deadline, "the wheel did not zoom"
        offline_page.mouse.wheel(0, -400)
        time.sleep(0.2)
    (start, end), slider = zoom_window(offline_page)
    assert 0 < start < end < 100 and slider == (start, end)  # the slider shows it too
    # the visible range, on the axis: a narrower window than the run's span
    visible = "return chart.getModel().getComponent('xAxis', 0).axis.scale.getExtent();"
    window = chart_call(offline_page, 0, visible)
    first, last = (dt.date.fromisoformat(day) for day in ("2019-10-01", "2021-07-06"))
    to_ms = 86_400_000
    assert first.toordinal() < window[0] / to_ms + dt.date(1970, 1, 1).toordinal()
    assert window[1] / to_ms + dt.date(1970, 1, 1).toordinal() < last.toordinal()
    # a week later the chart has one more week, and the reader's zoom and hidden series
    chart_call(offline_page, 0, "chart.dispatchAction({type: 'legendUnSelect', name: 'NOC'});")
    step_to(offline_page, 3)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while series_length(offline_page) < 4 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert series_length(offline_page) == 4
    assert zoom_window(offline_page) == [(start, end), (start, end)]
    assert chart_option(offline_page)["legend"][0]["selected"]["NOC"] is False
    chart_call(offline_page, 0, "chart.dispatchAction({type: 'restore'});")
    assert zoom_window(offline_page) == [(0, 100), (0, 100)]
    assert series_length(offline_page) == 4  # the whole run again, as played so far


def visible_shares(page: Page) -> list[float]:
    """The lowest and highest share (percent) the influence chart's y axis shows now."""
    return chart_call(
        page, 0, "return chart.getModel().getComponent('yAxis', 0).axis.scale.getExtent();"
    )


def test_box_zoom_reads_the_small_shares_and_keeps_them_while_the_run_goes_on(
    offline_page: Page,
):
    step_to(offline_page, 4)
    charts_drawn(offline_page)
    low, high = visible_shares(offline_page)
    assert (low, high) == (0, 40)  # the GNA's third of all influence sets the scale
    # the toolbox's box-zoom tool, switched on as its icon does, then a box drawn by mouse
    chart_call(
        offline_page,
        0,
        "chart.dispatchAction({type: 'takeGlobalCursor', key: 'dataZoomSelect',"
        " dataZoomSelectActive: true});",
    )
    corner = chart_pixel(offline_page, 0, "2019-10-02", 12)
    opposite = chart_pixel(offline_page, 0, "2020-03-01", 1)
    offline_page.mouse.move(*corner)
    offline_page.mouse.down()
    offline_page.mouse.move(*opposite, steps=5)
    offline_page.mouse.up()
    deadline = time.monotonic() + 10
    while visible_shares(offline_page)[1] == high and time.monotonic() < deadline:
        time.sleep(0.2)
    zoomed = visible_shares(offline_page)
    assert 0 < zoomed[0] < 2 and 11 < zoomed[1] < 13  # the small actors' band, 1-12 %
    step_to(offline_page, 5)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while series_length(offline_page) < 6 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert series_length(offline_page) == 6
    assert visible_shares(offline_page)[1] < 15  # still zoomed into the small shares


def test_a_chart_fills_the_width_it_is_given_on_a_wide_screen_and_beside_a_sheet(
    offline_page: Page,
):
    page = offline_page
    expect(page.locator(f"{CHARTS} canvas").first).to_be_visible(timeout=TIMEOUT_MS)

    def drawn_and_given() -> tuple[float, float]:
        """The width ECharts draws the first chart at, and the width of the tab it is in."""
        drawn = chart_call(page, 0, "return chart.getWidth();")
        given = page.locator(".v-window").first.bounding_box()["width"]
        return drawn, given

    for width, height in ((1920, 1080), (1366, 768)):
        page.set_viewport_size({"width": width, "height": height})
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while time.monotonic() < deadline:  # the chart follows its box once it is resized
            drawn, given = drawn_and_given()
            if abs(drawn - given) <= 0.05 * given:
                break
            time.sleep(0.2)
        assert abs(drawn - given) <= 0.05 * given, (width, drawn, given)
    wide = drawn
    page.get_by_label("Exercise", exact=True).click(force=True)
    page.get_by_role("option", name=re.compile("^3\\.")).click()
    expect(page.get_by_role("heading", name="How it works")).to_be_visible(timeout=TIMEOUT_MS)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        drawn, given = drawn_and_given()
        if drawn < wide and abs(drawn - given) <= 0.05 * given:
            break
        time.sleep(0.2)
    assert drawn < wide and abs(drawn - given) <= 0.05 * given, (drawn, given, wide)
