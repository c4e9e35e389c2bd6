"""The printed teaching unit: class pages beside the sheets, images embedded with alt text.

Every image in the docs (the sheets, keys and class pages of docs/exercises/, the README and
docs/*.md) and in the pages `libya-abm exercises --html` prints has alt text, for students
who read with a screen reader and for anyone whose images do not load.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.exercises import EXERCISES_DIR, exercises
from viz.sheets import CLASS_PAGES, ClassPage, write_printable

ROOT = Path(__file__).resolve().parents[1]
LIBYA_ABM = str(Path(sys.executable).parent / "libya-abm")
MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
BOX = "## What is history, what is model"


def images_without_alt(text: str) -> list[str]:
    """The images of a Markdown or HTML text whose alt text is missing or blank."""
    bare = [src for alt, src in MARKDOWN_IMAGE.findall(text) if not alt.strip()]
    for tag in HTML_IMAGE.findall(text):
        alt = ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            bare.append(tag[:80])
    return bare


def test_the_alt_text_check_finds_an_image_without_alt_text():
    assert images_without_alt("![](map.png) and ![ ](b.png) and ![a map](c.png)") == [
        "map.png",
        "b.png",
    ]
    assert images_without_alt('<img src="x.png"> <img alt="" src="y"> <img alt="ok" src="z">')
    assert not images_without_alt('<p><img alt="The map of Libya" src="data:image/png" /></p>')


def documentation_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def test_every_image_in_the_docs_has_alt_text_and_exists():
    pages = documentation_pages()
    assert EXERCISES_DIR / "debrief.md" in pages
    bare = {str(p.relative_to(ROOT)): images_without_alt(p.read_text("utf-8")) for p in pages}
    assert {page: images for page, images in bare.items() if images} == {}
    missing = [
        f"{page.relative_to(ROOT)}: {src}"
        for page in pages
        for _alt, src in MARKDOWN_IMAGE.findall(page.read_text("utf-8"))
        if "://" not in src and not (page.parent / src).is_file()
    ]
    assert missing == []


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, str]:
    """Every page the command prints with --keys, by file name."""
    out = tmp_path_factory.mktemp("print")
    done = subprocess.run(
        [LIBYA_ABM, "exercises", "--html", str(out), "--keys"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return {path.name: path.read_text("utf-8") for path in sorted(out.glob("*.html"))}


def test_the_printer_prints_the_class_pages_that_exist_the_instructors_with_the_keys(
    printed, tmp_path
):
    existing = [page for page in CLASS_PAGES if page.path.is_file()]
    assert {"rubric.md", "README.md", "debrief.md"} <= {page.file for page in existing}
    class_files = {
        "plan.html" if p.file == "README.md" else p.file[:-3] + ".html" for p in existing
    }
    assert class_files <= set(printed)
    assert len(printed) == 2 * len(exercises()) + len(existing)
    assert "<h1>Debrief guide: the last 15 minutes" in printed["debrief.html"]
    assert "for the instructor, docs/exercises/debrief.md" in printed["debrief.html"]
    assert 'href="rubric.html"' in printed["debrief.html"]  # links go to the printed pages
    students = write_printable(exercises(), tmp_path / "students")
    names = {path.name for path in students}
    assert "rubric.html" in names and not {"debrief.html", "plan.html"} & names
    assert not any(name.endswith("_key.html") for name in names)


def test_a_class_page_prints_only_if_it_exists_and_carries_its_images_inside(tmp_path):
    (tmp_path / "handout.md").write_text(
        "# Handout\n\n![Map of Libya's oil fields and terminals](map.png)\n", encoding="utf-8"
    )
    (tmp_path / "map.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    pages = (
        ClassPage("handout.md", "Student handout", folder=tmp_path),
        ClassPage("reading.md", "Pre-class reading", folder=tmp_path),
    )
    written = write_printable((), tmp_path / "out", class_pages=pages)
    assert [path.name for path in written] == ["handout.html"]
    page = written[0].read_text("utf-8")
    assert 'alt="Map of Libya\'s oil fields and terminals"' in page
    assert 'src="data:image/png;base64,' in page and "map.png" not in page


def test_every_printed_page_gives_each_image_alt_text_and_fetches_nothing(printed):
    bare = {name: images_without_alt(page) for name, page in printed.items()}
    assert {name: images for name, images in bare.items() if images} == {}
    for name, page in printed.items():
        sources = re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', page)
        assert all(src.startswith("data:") for src in sources), (name, sources)


@pytest.mark.parametrize("page", ["debrief.md", "rubric.md"])
def test_the_debrief_guide_and_the_rubric_say_what_is_history_and_what_is_model(page):
    text = (EXERCISES_DIR / page).read_text("utf-8")
    box = text.split(BOX, 1)[1].split("\n## ", 1)[0]
    assert "config/data/" in box and "forecast" in box and "one analyst" in box
    assert "range" in box  # a forecast is given with its range over seeds


def test_the_90_minute_plan_adds_up_to_90_minutes_with_a_15_minute_debrief():
    text = (EXERCISES_DIR / "README.md").read_text("utf-8")
    plan = text.split("## A 90-minute class", 1)[1]
    rows = re.findall(r"^\| (\d+)-(\d+) \| ([^|]+)\|", plan, flags=re.MULTILINE)
    spans = [(int(start), int(end)) for start, end, _what in rows]
    assert spans[0][0] == 0 and spans[-1][1] == 90
    assert all(end == next_start for (_s, end), (next_start, _e) in itertools.pairwise(spans))
    assert len(rows) <= 5  # at most three activities between the opening and the debrief
    last_start, last_end = spans[-1]
    assert rows[-1][2].startswith("Debrief") and last_end - last_start == 15
    assert "Sheet 1" in plan and "Role play" in plan
    assert "the NOC is left out of the class on purpose" in plan.replace("The NOC", "the NOC")
