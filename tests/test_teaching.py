"""The teaching unit's plumbing: the list of exercises and the printable sheets.

The app's Exercises and Role play panels are tested in test_app_components.py (in process)
and test_app_browser.py (end to end); role play itself in test_roleplay.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from config.exercises import EXERCISES_DIR, exercises
from config.scenarios import ScenarioError
from viz.sheets import key_html, sheet_html

LIBYA_ABM = str(Path(sys.executable).parent / "libya-abm")
SHEET_HEADINGS = (
    "What is it",
    "How it works",
    "How to use it",
    "Things to notice",
    "Things to try",
    "Questions",
    "Extending the model",
)


def test_every_sheet_in_docs_is_listed_with_a_preset_and_has_a_key():
    sheets = sorted(p.name for p in EXERCISES_DIR.glob("[0-9][0-9]_*.md"))
    listed = [exercise.sheet for exercise in exercises()]
    assert listed == sheets
    assert [exercise.number for exercise in exercises()] == list(range(1, len(sheets) + 1))
    for exercise in exercises():
        assert exercise.key_path.is_file(), exercise.key_path
        assert exercise.title.startswith(f"Exercise {exercise.number}. ")


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.sheet)
def test_every_sheet_has_the_teaching_headings_goals_and_preset(exercise):
    text = exercise.text
    for heading in SHEET_HEADINGS:
        assert f"## {heading}" in text, f"{exercise.sheet} lacks '## {heading}'"
    assert "**Learning goals.**" in text and "**Preset.**" in text
    assert f"`{exercise.scenario}`" in text  # the sheet names the preset the app loads


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('sheet = "99_none.md"\nscenario = "sochi_2020"', "no sheet '99_none.md'"),
        ('sheet = "01_blockade_leverage.md"\nscenario = "nope"', "unknown scenario 'nope'"),
        ('sheet = "01_blockade_leverage.md"\nscenario = "sochi_2020"\nrole = "egypt"', "role"),
        (
            'sheet = "01_blockade_leverage.md"\nscenario = "sochi_2020"\n'
            "parameters = { utilisation = 7.0 }",
            "utilisation",
        ),
    ],
)
def test_a_bad_exercise_entry_names_the_file_the_entry_and_the_problem(tmp_path, entry, message):
    path = tmp_path / "exercises.toml"
    path.write_text(f"[[exercises]]\n{entry}\n")
    with pytest.raises(ScenarioError, match=re.escape(message)) as error:
        exercises(path)
    assert str(path) in str(error.value) and "exercise entry 1" in str(error.value)


def test_a_sheet_prints_as_a_self_contained_page_with_a_print_style():
    exercise = exercises()[0]
    page = sheet_html(exercise)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<h2>How it works</h2>" in page
    assert "http" not in page.split("<body>")[0]  # nothing fetched: no links in the head
    assert "<h1>Key to exercise 1</h1>" in key_html(exercise)


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.sheet)
def test_every_list_in_a_printed_sheet_or_key_is_printed_as_a_list(exercise):
    pages = {exercise.sheet: sheet_html(exercise), exercise.key_path.name: key_html(exercise)}
    for name, page in pages.items():
        for paragraph in re.findall(r"<p>(.*?)</p>", page, flags=re.DOTALL):
            run_on = [line for line in paragraph.splitlines() if re.match(r"(- |\d+\. )", line)]
            assert not run_on, f"{name}: a list needs a blank line before {run_on[0]!r}"


def test_the_command_writes_every_sheet_and_key_as_html(tmp_path):
    out = tmp_path / "print"
    done = subprocess.run(
        [LIBYA_ABM, "exercises", "--html", str(out), "--keys"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*_key.html"))) == len(exercises())
    sheets = [path for path in out.glob("[0-9][0-9]_*.html") if not path.stem.endswith("_key")]
    assert len(sheets) == len(exercises())  # the class pages: tests/test_printed_pages.py
    listing = subprocess.run([LIBYA_ABM, "exercises"], capture_output=True, text=True)
    assert listing.returncode == 0 and "early_deal" in listing.stdout


def test_keys_without_html_is_a_usage_error():
    done = subprocess.run([LIBYA_ABM, "exercises", "--keys"], capture_output=True, text=True)
    assert done.returncode == 2
    assert "--keys: only with --html DIR" in done.stderr
    assert "Traceback" not in done.stderr
