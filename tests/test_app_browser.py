"""End-to-end: the served app in a real headless Chromium with the network cut off.

The `app_url` fixture (tests/conftest.py) starts `libya-abm app` on 127.0.0.1 and a free
port; `offline_page` blocks every request to any other host (and fails if the page tried
one); the tests drive the page like a person.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS
from tests.test_app_charts_browser import CHARTS, chart_option, chart_titles, charts_drawn
from viz.run_data import weekly_table

ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = NEEDS_CHROMIUM


def headline(page: Page) -> str:
    return page.get_by_text(re.compile("Week ending")).inner_text()


def event_labels(page: Page) -> dict[str, str]:
    """The events labelled on the first chart, by label, with their dates."""
    (marks,) = [series for series in chart_option(page)["series"] if series.get("markLine")]
    return {line["name"]: line["xAxis"] for line in marks["markLine"]["data"]}


def lna_shares(page: Page) -> list[float]:
    """The LNA's influence, week by week, as the first chart draws it."""
    (lna,) = [s for s in chart_option(page)["series"] if s["name"] == "LNA (Haftar)"]
    return [value for _date, value, _text in lna["data"]]


def test_the_page_loads_offline_with_its_charts_and_step_advances_the_date(offline_page: Page):
    charts_drawn(offline_page)
    expect(offline_page.locator(CHARTS)).to_have_count(2)
    ARTIFACTS.mkdir(exist_ok=True)
    offline_page.screenshot(path=ARTIFACTS / "app_main.png")
    offline_page.get_by_role("button", name="Step").click()
    expect(offline_page.get_by_text("step 1 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    assert "08 October 2019" in headline(offline_page)


def test_play_runs_weeks_until_paused(offline_page: Page):
    offline_page.get_by_role("button", name="▶").click()
    expect(offline_page.get_by_text(re.compile(r"step ([3-9]|\d\d) of 92"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    offline_page.get_by_role("button", name="❚❚").click()
    expect(offline_page.get_by_role("button", name="▶")).to_be_visible(timeout=TIMEOUT_MS)
    time.sleep(0.5)  # a week already under way when Pause was pressed may still finish
    stopped = headline(offline_page)
    time.sleep(1.0)
    assert headline(offline_page) == stopped


def test_a_deal_injected_at_a_chosen_week_is_logged_and_changes_influence(offline_page: Page):
    offline_page.get_by_role("button", name="Step").click()
    expect(offline_page.get_by_text("step 1 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    charts_drawn(offline_page)
    assert "deal" not in event_labels(offline_page)
    offline_page.get_by_role("button", name="Inject now").click()
    expect(offline_page.get_by_text(re.compile("deal injected in the week ending"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    offline_page.get_by_role("button", name="Step").click()
    expect(offline_page.get_by_text("step 2 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while "deal" not in event_labels(offline_page) and time.monotonic() < deadline:
        time.sleep(0.2)  # the chart takes the new week's option in its own time
    assert event_labels(offline_page)["deal"] == "2019-10-08"  # labelled on the chart
    without = LibyaModel(rng=DEFAULT_SEED)
    without.run_for(2)
    unchanged = [round(share * 100, 2) for share in weekly_table(without)["influence_lna"]]
    shares = lna_shares(offline_page)
    assert len(shares) == 3 and shares[:2] == unchanged[:2]
    assert shares[2] != unchanged[2]  # the deal moved the LNA's influence
    offline_page.get_by_role("tab", name="Event log").click()
    expect(offline_page.get_by_text(re.compile("Deal between LNA"))).to_be_visible(
        timeout=TIMEOUT_MS
    )


def test_switching_scenario_resets_the_run(offline_page: Page):
    offline_page.get_by_role("button", name="Step").click()
    expect(offline_page.get_by_text("step 1 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    offline_page.get_by_label("Scenario", exact=True).click(force=True)  # Vuetify overlays it
    offline_page.get_by_role(
        "option", name="The 2020 blockade without the September deal (2019-2021)"
    ).click()
    expect(offline_page.get_by_text("step 0 of 92")).to_be_visible(timeout=TIMEOUT_MS)


def test_the_oil_tab_draws_the_scenarios_observed_record(offline_page: Page):
    expect(
        offline_page.get_by_text("The 2020 blockade and the Russia-brokered deal (2019-2021)")
    ).to_be_visible(timeout=TIMEOUT_MS)
    offline_page.get_by_role("tab", name="Oil").click()
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while "Crude production" not in chart_titles(offline_page) and time.monotonic() < deadline:
        time.sleep(0.2)
    production = chart_option(offline_page, chart_titles(offline_page).index("Crude production"))
    legend = production["legend"][0]["data"]
    assert legend == ["model", "observed (monthly avg)", "observed (spot)"]


def test_compare_overlays_a_counterfactual_run(offline_page: Page):
    offline_page.get_by_role("button", name="Compare").click()
    expect(offline_page.get_by_text("Compared with no_deal (dashed lines)")).to_be_visible(
        timeout=TIMEOUT_MS
    )


def test_download_returns_the_run_files(offline_page: Page):
    with offline_page.expect_download(timeout=TIMEOUT_MS) as download:
        offline_page.get_by_text("Download this run (CSV and JSON)").click()
    data = Path(download.value.path()).read_bytes()
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == {"model.csv", "assets.csv", "events.csv", "run.json"}


def test_two_tabs_each_have_their_own_model(offline_page: Page, app_url: str):
    other = offline_page.context.new_page()
    other.goto(app_url)
    expect(other.get_by_text("step 0 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    offline_page.bring_to_front()
    offline_page.get_by_role("button", name="Step").click()
    expect(offline_page.get_by_text("step 1 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    other.bring_to_front()
    expect(other.get_by_text("step 0 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    other.close()


def test_an_exercise_opens_its_sheet_beside_the_charts(offline_page: Page):
    offline_page.get_by_label("Exercise", exact=True).click(force=True)
    offline_page.get_by_role("option", name="3. The onus").click()
    expect(offline_page.get_by_role("heading", name="How it works")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(
        offline_page.get_by_text("Compared with noc_refuses (dashed lines): same seed")
    ).to_be_visible(timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    offline_page.screenshot(path=ARTIFACTS / "app_exercise.png")


def test_role_play_as_the_lna_skips_to_the_blockade_chooses_then_compares(offline_page: Page):
    offline_page.get_by_role("button", name="Start role play (from the first week)").click()
    expect(offline_page.get_by_text("Role play: you are LNA (Haftar)")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(offline_page.get_by_text(re.compile("^Role play is on"))).to_be_visible()
    expect(offline_page.get_by_role("button", name="Step")).to_have_count(0)
    offline_page.get_by_role("button", name="Play to my next decision").click()
    expect(offline_page.get_by_text("step 15 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    expect(
        offline_page.get_by_text("Played 15 weeks, to the week ending 14 January 2020.")
    ).to_be_visible(timeout=TIMEOUT_MS)
    expect(offline_page.get_by_text("Keep the oil blockade this week?")).to_be_visible()
    play = offline_page.get_by_role("button", name="Play this week")
    expect(play).to_be_disabled()  # nothing is chosen for the student
    offline_page.get_by_role("button", name="Lift the blockade").click()
    expect(play).to_be_enabled(timeout=TIMEOUT_MS)
    play.click()  # the blockade, imposed on 17 January, is lifted at once
    expect(offline_page.get_by_text("step 16 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    expect(
        offline_page.get_by_text("In 0 of 1 decisions you chose as the model's draw would.")
    ).to_be_visible(timeout=TIMEOUT_MS)
    expect(
        offline_page.get_by_text(re.compile("^Nothing for you to decide this week"))
    ).to_be_visible(timeout=TIMEOUT_MS)
    offline_page.get_by_role("button", name="Compare with the model's own path").click()
    expect(
        offline_page.get_by_text("After 16 weeks, your path against the model's own path")
    ).to_be_visible(timeout=TIMEOUT_MS)
    expect(offline_page.get_by_role("cell", name="weeks with a blockade")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(
        offline_page.get_by_text("Compared with the model's own path (dashed lines): same seed")
    ).to_be_visible(timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    offline_page.screenshot(path=ARTIFACTS / "app_role_play.png", full_page=True)
    offline_page.get_by_role("button", name="Stop role play").click()
    expect(offline_page.get_by_role("button", name="Step")).to_be_visible(timeout=TIMEOUT_MS)


@pytest.mark.parametrize("number", range(1, 9))
def test_every_printable_sheet_fits_the_page_width_and_prints_to_pdf(
    page: Page, tmp_path: Path, number: int
):
    from config.exercises import exercises
    from viz.sheets import sheet_html

    sheet = tmp_path / "sheet.html"
    sheet.write_text(sheet_html(exercises()[number - 1]), encoding="utf-8")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.goto(sheet.as_uri())
    page.emulate_media(media="print")
    overflow = page.evaluate(
        "Math.max(...[...document.querySelectorAll('body *')].map(e => e.scrollWidth))"
        " - document.body.clientWidth"
    )
    assert overflow <= 0, f"something is {overflow} px wider than the page"
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 5, pages  # a sheet is a handout


def test_the_compare_tab_draws_both_bands_and_their_difference(offline_page: Page):
    offline_page.get_by_role("tab", name="Compare").click()
    seeds = offline_page.get_by_label("Seeds")
    seeds.fill("4")
    seeds.press("Enter")
    offline_page.get_by_role("button", name="Run the bands").click()
    expect(offline_page.get_by_text("Show", exact=True)).to_be_visible(timeout=TIMEOUT_MS)
    charts = offline_page.locator(".solara-echarts canvas")
    expect(charts).to_have_count(2, timeout=TIMEOUT_MS)
    ARTIFACTS.mkdir(exist_ok=True)
    offline_page.screenshot(path=ARTIFACTS / "app_compare.png", full_page=True)
