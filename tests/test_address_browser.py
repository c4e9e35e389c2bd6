"""End-to-end: the run in the page's address, in a real headless Chromium (tests/conftest.py).

An address opens a run; Share gives an address that reproduces the run in another page; a
reload keeps the run; a bad address opens the default run and says what is wrong.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS

pytestmark = NEEDS_CHROMIUM


def headline(page: Page) -> str:
    """The monitors: the week, production, revenue, the loss, the most influential actor."""
    return page.locator(".monitors").inner_text()


def step(page: Page, weeks: int) -> None:
    for _ in range(weeks):
        now = int(re.search(r"step (\d+) of", headline(page))[1])
        page.get_by_role("button", name="Step").click()
        expect(page.get_by_text(f"step {now + 1} of 92", exact=True)).to_be_visible(
            timeout=TIMEOUT_MS
        )


def open_address(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_text(re.compile("Week ending"))).to_be_visible(timeout=TIMEOUT_MS)


def test_an_address_with_a_scenario_and_seed_opens_that_run(offline_page: Page, app_url: str):
    open_address(offline_page, app_url + "?scenario=no_deal&seed=7")
    scenario = "Scenario The 2020 blockade without the September deal (2019-2021)"
    expect(offline_page.get_by_role("button", name=scenario, exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(offline_page.get_by_label("Seed")).to_have_value("7")
    expect(offline_page.get_by_text("step 0 of 92")).to_be_visible()
    expect(offline_page.get_by_text(re.compile("could not be opened"))).to_have_count(0)


def test_the_shared_address_reproduces_the_run_in_another_page(offline_page: Page):
    page = offline_page
    page.get_by_role("button", name="Influence", exact=True).click()  # the parameters group
    weight = page.locator(".v-input", has_text="weight_oil (weight)").get_by_role("slider")
    weight.focus()
    # one key press, one value sent: 0.25 -> 0.35, more influence from oil
    page.keyboard.press("PageUp")
    expect(weight).to_have_attribute("aria-valuenow", "0.35", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Reset").click()  # parameters apply on Reset
    step(page, 2)
    page.get_by_role("button", name="Inject now").click()  # a deal, at week 2
    expect(page.get_by_text(re.compile("deal injected in the week ending"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    step(page, 3)
    expect(page.get_by_text("step 5 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    shown = headline(page)

    page.get_by_role("button", name="Share this run").click()
    address = page.get_by_label("Address of this run")
    expect(address).to_have_value(re.compile("week=5$"), timeout=TIMEOUT_MS)
    url = address.input_value()
    assert "scenario=sochi_2020&seed=" in url and "set.weight_oil=0.35" in url
    assert re.search(r"event=\{%22week%22:2,%22type%22:%22deal%22\}", url), url

    other = page.context.new_page()
    open_address(other, url)
    expect(other.get_by_text("step 5 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    assert headline(other) == shown
    other.get_by_role("tab", name="Event log").click()
    expect(other.get_by_text(re.compile("Deal between LNA")).first).to_be_visible(
        timeout=TIMEOUT_MS
    )
    other.close()


def test_a_reload_keeps_the_run_at_its_week(offline_page: Page):
    page = offline_page
    step(page, 3)
    page.get_by_role("button", name="Inject now").click()
    expect(page.get_by_text(re.compile("deal injected in the week ending"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    step(page, 1)
    # the address follows the week after the monitors are drawn: then all of them show it
    expect(page).to_have_url(re.compile(r"event=.*&week=4$"), timeout=TIMEOUT_MS)
    shown = headline(page)
    page.reload()
    expect(page.get_by_text("step 4 of 92")).to_be_visible(timeout=TIMEOUT_MS)
    assert headline(page) == shown


def test_pausing_play_brings_the_address_to_the_week_shown(offline_page: Page):
    page = offline_page
    page.get_by_role("button", name="▶").click()
    expect(page.get_by_role("button", name="❚❚")).to_be_visible(timeout=TIMEOUT_MS)
    time.sleep(1.5)  # Play steps a week every 100 ms meanwhile
    page.get_by_role("button", name="❚❚").click()
    expect(page.get_by_role("button", name="▶")).to_be_visible(timeout=TIMEOUT_MS)
    step_shown = page.get_by_text(re.compile(r"step \d+ of 92"))

    def week_shown() -> int:
        return int(re.search(r"step (\d+) of 92", step_shown.inner_text()).group(1))

    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not page.url.endswith(f"&week={week_shown()}") and time.monotonic() < deadline:
        time.sleep(0.1)  # a week under way when Pause was pressed may still finish
    assert page.url.endswith(f"&week={week_shown()}"), page.url
    assert 0 < week_shown() < 92  # paused, not played to the end


def test_a_bad_address_opens_the_default_run_and_says_what_is_wrong(
    offline_page: Page, app_url: str
):
    open_address(offline_page, app_url + "?scenario=atlantis&seed=7")
    expect(offline_page.get_by_text(re.compile("This address could not be opened"))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(
        offline_page.get_by_text(re.compile("address: scenario: unknown scenario 'atlantis'"))
    ).to_be_visible()
    expect(
        offline_page.get_by_text(
            "The 2020 blockade and the Russia-brokered deal (2019-2021)", exact=True
        )
    ).to_be_visible()  # exact: the classroom card names the scenario in a sentence too
    expect(offline_page.get_by_text("step 0 of 92")).to_be_visible()
    expect(offline_page).to_have_url(re.compile(r"\?scenario=sochi_2020&seed=78$"))
