"""End-to-end: a teacher and three students play one class, each in a browser of their own.

The teacher opens a class from the app; three students join from the address the teacher's
page shows, as the LNA, the NOC and the UN, and make decisions that change the run: the LNA
lifts its blockade at its first decision, so the class's path has more oil than the model's
own path with the same seed. A student who reloads, and one who reconnects from a new
browser with their address, keep their role; the UN, on the LNA's page of the class, is
refused when it chooses. The teacher plays to the end (to the next decision, a week, Play
with a deadline), and the debrief shows the students' choices. Then the server is stopped and
started again on the same data folder, and the teacher's link shows the same debrief.

The server is the test's own (`AppServer`: this checkout's `libya-abm app` on 127.0.0.1, a
free port, a temporary data folder), since the test restarts it. Every browser refuses each
request off 127.0.0.1 (`keep_local`): a class must work on a room's network with no internet.
The test knows the pages only by their text and the CSS classes the class pages give their
parts (`.join-address`, `.roster-lna`, `.option-button`, ...).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.conftest import NEEDS_CHROMIUM, TIMEOUT_MS, AppServer, assert_stayed_local, keep_local

pytestmark = NEEDS_CHROMIUM

STUDENTS = {"lna": "<b>Amal</b>", "noc": "Nadia", "un": "Omar"}
"""The students by the role they take; the LNA's name is HTML, to be shown as text."""
LIFT = "Lift the blockade"
ARTIFACTS = Path(__file__).parent / "artifacts"
KEEP = "Keep the blockade"
NOC_LIFTS = "Lift force majeure"
NOC_KEEPS = "Keep force majeure"
NOC_QUESTION = "Lift force majeure at the sites you judge safe?"
UN_LEVEL = "Wide and hard"
REFUSED = "You hold the role of the UN (UNSMIL): you cannot act for the LNA (Haftar)."
WEEK = re.compile(r"\(week (\d+)\)")
ENDED = "the run has ended"
PLAYWRIGHT_EXPECT_TIMEOUT_MS = 5_000  # Playwright's own default for `expect`
MAX_DECISIONS = 40  # "To the next decision" clicks before the run must have ended


@dataclass
class Browsers:
    """The test's browser contexts, each keeping its requests on 127.0.0.1."""

    browser: Browser
    problems: list[tuple[Page, list[str], list[str]]] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)

    def open(self, url: str, wide: bool = False) -> Page:
        """A new browser (a context of its own: its own cookies, as another device) at `url`."""
        size = {"width": 1500, "height": 1000} if wide else {"width": 1000, "height": 900}
        context = self.browser.new_context(viewport=size)
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        outside, failed = keep_local(page)
        self.problems.append((page, outside, failed))
        page.goto(url)
        return page

    def close_all(self) -> None:
        """Check that nothing left the machine or failed, then close every context."""
        for page, outside, failed in self.problems:
            assert_stayed_local(page, outside, failed)
        for context in self.contexts:
            context.close()
        self.problems.clear()
        self.contexts.clear()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[AppServer]:
    """The test's own server, with its classes kept in a temporary data folder."""
    served = AppServer(tmp_path / "classes")
    served.start()
    yield served
    served.stop()


@pytest.fixture(autouse=True)
def patient_expect() -> Iterator[None]:
    """Every `expect` of this test waits up to TIMEOUT_MS (a debrief takes seconds to draw
    on six pages at once on a busy machine), then Playwright's default again."""
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=PLAYWRIGHT_EXPECT_TIMEOUT_MS)


@pytest.fixture
def browsers(browser: Browser) -> Iterator[Browsers]:
    opened = Browsers(browser)
    yield opened
    for context in opened.contexts:
        context.close()


def week_of(teacher: Page) -> int:
    """The weeks played, as the teacher's page says ("Week ending ... (week N); ...")."""
    return int(WEEK.search(teacher.locator(".class-week").inner_text()).group(1))


def has_ended(teacher: Page) -> bool:
    return ENDED in teacher.locator(".class-week").inner_text()


def click_and_wait_for_a_week(teacher: Page, button: str) -> None:
    """Press one of the teacher's controls; wait until a week (or more) has been played."""
    before = teacher.locator(".class-week").inner_text()
    teacher.locator(button).click()
    expect(teacher.locator(".class-week")).not_to_have_text(before)


def seconds_left(student: Page) -> int:
    """The seconds the student's page says are left before the model decides."""
    text = student.locator(".deadline-line").inner_text()
    return int(re.search(r"(\d+) s left", text).group(1))


def choose(student: Page, option: str) -> None:
    """A student presses one of their role's options."""
    student.locator(".option-button", has_text=option).click()


def join(browsers: Browsers, address: str, actor: str) -> Page:
    """A student opens the class's address, types a name, takes a role and joins."""
    student = browsers.open(address)
    student.get_by_label("Your name (or your team's)").fill(STUDENTS[actor])
    student.locator(f".role-{actor}").click()
    student.locator(".join-button").click()
    expect(student.locator(".student-heading")).to_contain_text(f"You are {STUDENTS[actor]},")
    return student


def open_class(browsers: Browsers, url: str) -> Page:
    """The teacher opens the app and a class on its run (the default scenario and seed)."""
    teacher = browsers.open(url, wide=True)
    teacher.get_by_text("Classroom: the whole class plays this run").click()
    teacher.locator(".open-class").click()
    expect(teacher.locator(".join-address")).to_contain_text("?class=")
    assert "teacher=" in teacher.url, "the page did not move to the teacher's address"
    expect(teacher.locator(".join-qr svg")).to_be_visible()
    return teacher


def play_to_the_end(teacher: Page, students: dict[str, Page], answers: dict[str, str]) -> None:
    """To the next decision, again and again; a student answers each time their role decides."""
    for _ in range(MAX_DECISIONS):
        if has_ended(teacher):
            return
        for actor, answer in answers.items():
            if "deciding" in teacher.locator(f".roster-{actor}").inner_text():
                choose(students[actor], answer)
                expect(teacher.locator(f".roster-{actor}")).to_contain_text("decided (")
        click_and_wait_for_a_week(teacher, ".next-decision")
    pytest.fail(f"the run had not ended after {MAX_DECISIONS} decisions")


@dataclass(frozen=True)
class Debrief:
    """What the teacher's debrief shows: each role's count of choices and fall-backs to the
    model (cells by role), the students' choices week by week, and the paths CSV."""

    counts: dict[str, dict[str, str]]
    choices: str
    paths: list[dict[str, str]]


def debrief_of(teacher: Page) -> Debrief:
    """The teacher's debrief, read off the page's tables and its paths download."""
    counts = teacher.locator("table").filter(has_text="fall-backs to the model")
    choices = teacher.locator("table").filter(has_text=LIFT).filter(has_text="the model's draw")
    expect(choices).to_be_visible()
    header = [text.strip() for text in counts.locator("thead th").all_inner_texts()]
    rows = [
        dict(zip(header, row.locator("td").all_inner_texts(), strict=False))
        for row in counts.locator("tbody tr").all()
    ]
    with teacher.expect_download() as download:
        teacher.get_by_text("The paths (CSV)").click()
    paths = Path(download.value.path()).read_text(encoding="utf-8")
    return Debrief(
        rows_by(rows, "role"),
        choices.inner_text(),
        list(csv.DictReader(io.StringIO(paths))),
    )


def rows_by(rows: list[dict[str, str]], column: str) -> dict[str, dict[str, str]]:
    """A table's rows (column -> cell) by their cell in `column`."""
    return {row.get(column, ""): row for row in rows}


def mean(rows: list[dict[str, str]], column: str) -> float:
    values = [float(row[column]) for row in rows if row[column]]
    return sum(values) / len(values)


def test_a_teacher_and_three_students_play_a_class_whose_debrief_survives_a_restart(
    server: AppServer, browsers: Browsers
):
    teacher = open_class(browsers, server.url)
    teacher_url = teacher.url
    address = teacher.locator(".join-address").inner_text().strip()
    assert address.startswith(server.url + "?class="), address

    students = {actor: join(browsers, address, actor) for actor in STUDENTS}
    lna, noc, un = students["lna"], students["noc"], students["un"]
    expect(noc.locator(".student-heading")).to_have_text("You are Nadia, playing the NOC.")
    # the names on the teacher's roster; the LNA's name with its HTML shown as text
    expect(teacher.locator(".roster-un")).to_contain_text("Omar")
    expect(teacher.locator(".roster-lna")).to_contain_text(f"LNA (Haftar): {STUDENTS['lna']};")
    assert teacher.locator(".roster-lna b").count() == 0, "a student's name became markup"

    # the UN's level is a standing choice, taken in the first week
    choose(un, UN_LEVEL)
    expect(un.locator(".chosen-line")).to_contain_text(f"Chosen: {UN_LEVEL} (by Omar)")
    expect(teacher.locator(".roster-un")).to_contain_text("decided (Omar)")

    # the LNA's first decision: the week ending 21 January 2020
    click_and_wait_for_a_week(teacher, ".next-decision")
    expect(teacher.locator(".class-week")).to_contain_text("Week ending 2020-01-14")
    expect(teacher.locator(".roster-lna")).to_contain_text("deciding")
    expect(lna.get_by_text("Keep the oil blockade this week?")).to_be_visible()
    teacher.screenshot(path=ARTIFACTS / "class_teacher.png")  # the README's pictures
    lna.screenshot(path=ARTIFACTS / "class_student.png", full_page=True)

    # the UN on the LNA's page of the class sees the LNA's options, and is refused
    own_address = un.url
    un.goto(own_address + "&role=lna")
    expect(un.get_by_text("the class refuses your choices here")).to_be_visible()
    choose(un, KEEP)
    expect(un.locator(".refused")).to_contain_text(REFUSED)
    expect(teacher.locator(".roster-lna")).to_contain_text("deciding")
    un.goto(own_address)
    expect(un.locator(".student-heading")).to_contain_text("playing the UN (UNSMIL)")

    choose(lna, LIFT)
    expect(teacher.locator(".roster-lna")).to_contain_text(f"decided ({STUDENTS['lna']})")
    # the lift makes the NOC decide on force majeure in the same week; it is left undecided
    expect(teacher.locator(".roster-noc")).to_contain_text("deciding")

    # a reload, and a reconnection from another browser with the student's address
    noc.reload()
    expect(noc.locator(".student-heading")).to_have_text("You are Nadia, playing the NOC.")
    expect(noc.get_by_text(NOC_QUESTION)).to_be_visible()
    lna = students["lna"] = browsers.open(lna.url)
    expect(lna.locator(".student-heading")).to_contain_text("playing the LNA (Haftar)")
    expect(lna.locator(".chosen-line")).to_contain_text(f"Chosen: {LIFT} (by {STUDENTS['lna']})")

    click_and_wait_for_a_week(teacher, ".next-week")
    expect(lna.get_by_text("Your decisions so far")).to_be_visible()
    expect(lna.get_by_text(re.compile(f"{LIFT}, by {re.escape(STUDENTS['lna'])}"))).to_be_visible()

    # the NOC's next decision; Play waits for it, and goes on as soon as it is taken
    click_and_wait_for_a_week(teacher, ".next-decision")
    expect(teacher.locator(".roster-noc")).to_contain_text("deciding")
    week = week_of(teacher)
    teacher.locator(".play-class").click()
    expect(teacher.locator(".class-week")).to_contain_text("playing.")
    expect(noc.locator(".deadline-line")).to_contain_text("s left before the model decides")
    expect(teacher.locator(".teacher-deadline")).to_contain_text("Waiting for the NOC")
    # the deadline counts down on the student's page, though the page is not drawn again
    first = seconds_left(noc)
    deadline = time.monotonic() + 10
    while seconds_left(noc) >= first:
        assert time.monotonic() < deadline, "the countdown stood still"
        noc.wait_for_timeout(200)
    assert week_of(teacher) == week, "Play did not wait for the NOC"
    choose(noc, NOC_KEEPS)
    expect(teacher.locator(".class-week")).not_to_contain_text(f"(week {week})")
    teacher.locator(".play-class").click()  # Pause
    expect(teacher.locator(".class-week")).to_contain_text(re.compile("paused|ended"))

    play_to_the_end(teacher, students, {"lna": LIFT, "noc": NOC_LIFTS})
    expect(noc.get_by_text("The run has ended. The debrief:")).to_be_visible()

    debrief = debrief_of(teacher)
    for text in (STUDENTS["lna"], LIFT, "Nadia", NOC_KEEPS, "Omar", UN_LEVEL):
        assert text in debrief.choices, f"the debrief's choices do not show {text!r}"
    assert teacher.locator("b", has_text="Amal").count() == 0, "a student's name became markup"
    # the NOC's undecided week fell back to the model's draw, and the debrief says so
    noc_counts, lna_counts = debrief.counts.get("NOC", {}), debrief.counts.get("LNA (Haftar)", {})
    assert noc_counts.get("fall-backs to the model") == "1", debrief.counts
    assert lna_counts.get("students' choices") == "1", debrief.counts
    ours = mean(debrief.paths, "class: production_kbpd")
    models = mean(debrief.paths, "model: production_kbpd")
    assert ours > models, f"the class's oil {ours:.0f} kbpd, the model's {models:.0f}"
    browsers.close_all()

    server.stop()
    server.start()
    teacher = browsers.open(teacher_url, wide=True)
    expect(teacher.locator(".class-week")).to_contain_text(ENDED)
    assert debrief_of(teacher) == debrief, "the debrief changed with the restart"
    browsers.close_all()
