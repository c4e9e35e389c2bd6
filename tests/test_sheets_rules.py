"""The exercise sheets and their keys follow the teaching unit's common rules (issue 15).

Every sheet and key says what is history and what is model; every sheet says which of its
results are put in and which emerge, explains the influence index where it uses it, asks
students to vary the seed, and asks whether each counterfactual of its preset could have
happened;
every key answers each question with the app's seed, the range over 30 seeds, a misconception
and a discussion prompt. These rules hold for every sheet in docs/exercises/, later ones too.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from config.scenarios import SCENARIO_DIR, list_scenarios

EXERCISES = Path(__file__).resolve().parents[1] / "docs" / "exercises"
SHEETS = sorted(EXERCISES.glob("[0-9][0-9]_*.md"))
HISTORY_BOX = "## What is history, what is model"
DESIGN_BOX = "## By design or emergent?"
INFLUENCE_BOX = "## About influence"
KEY_LINES = ("**App's seed:**", "**Over 30 seeds:**", "**Misconception:**", "**Discuss:**")
PLAUSIBILITY = "Could it have happened?"


def key_of(sheet: Path) -> Path:
    return EXERCISES / "keys" / f"{sheet.stem}_key.md"


def section(text: str, heading: str) -> str:
    """The body of the `## heading` section (to the next `## `), empty if there is none."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def numbered_items(body: str) -> dict[int, str]:
    """The top-level numbered items of a section: number -> the item's text with its sub-lines."""
    parts = re.split(r"^(\d+)\. ", body, flags=re.M)
    return {int(number): item for number, item in zip(parts[1::2], parts[2::2], strict=True)}


def counterfactuals() -> set[str]:
    """The shipped scenarios that change another one (`extends`): what did not happen."""
    return {
        name
        for name in list_scenarios()
        if "extends" in tomllib.loads((SCENARIO_DIR / f"{name}.toml").read_text("utf-8"))
    }


def test_there_are_sheets_to_check():
    assert len(SHEETS) >= 9


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_every_sheet_and_its_key_say_what_is_history_and_what_is_model(sheet: Path):
    for page in (sheet, key_of(sheet)):
        text = page.read_text(encoding="utf-8")
        assert f"\n{HISTORY_BOX}\n" in text, f"{page.name} lacks '{HISTORY_BOX}'"
        assert section(text, HISTORY_BOX[3:]).strip(), f"{page.name}: the box is empty"


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_every_sheet_says_what_is_by_design_and_what_emerges(sheet: Path):
    body = section(sheet.read_text(encoding="utf-8"), DESIGN_BOX[3:])
    assert body.strip(), f"{sheet.name} lacks '{DESIGN_BOX}'"
    assert "design" in body and "mergent" in body, sheet.name


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_a_sheet_that_uses_influence_explains_the_index(sheet: Path):
    text = sheet.read_text(encoding="utf-8")
    box = section(text, INFLUENCE_BOX[3:])
    if "influence" not in text.replace(box, "").lower():
        return
    assert box.strip(), f"{sheet.name} uses influence but lacks '{INFLUENCE_BOX}'"
    for point in ("weight_oil", "assumption", "sum to one", "zero-sum"):
        assert point in box, f"{sheet.name}'s influence box does not say {point!r}"


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_every_sheet_asks_students_to_vary_the_seed(sheet: Path):
    questions = numbered_items(section(sheet.read_text(encoding="utf-8"), "Questions"))
    assert any("seed" in question.lower() for question in questions.values()), sheet.name


def preset(text: str) -> str:
    """The sheet's **Preset.** paragraph: the scenarios it is built on."""
    match = re.search(r"^\*\*Preset\.\*\*(.*?)(?=\n\n)", text, re.M | re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_every_counterfactual_of_a_sheets_preset_gets_a_plausibility_question(sheet: Path):
    text = sheet.read_text(encoding="utf-8")
    used = {name for name in counterfactuals() if f"`{name}`" in preset(text)}
    questions = numbered_items(section(text, "Questions")).values()
    asked = [question for question in questions if PLAUSIBILITY in question]
    if used:
        assert asked, f"{sheet.name} uses {sorted(used)} but never asks '{PLAUSIBILITY}'"
        unasked = [name for name in used if not any(name in q for q in asked)]
        assert not unasked, f"{sheet.name}: no plausibility question names {unasked}"


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.stem)
def test_every_key_answers_each_question_with_the_four_lines(sheet: Path):
    questions = numbered_items(section(sheet.read_text(encoding="utf-8"), "Questions"))
    key = key_of(sheet)
    answers = numbered_items(section(key.read_text(encoding="utf-8"), "Answers"))
    assert sorted(answers) == sorted(questions), f"{key.name}: answers {sorted(answers)}"
    for number, answer in answers.items():
        lines = [line.strip() for line in answer.splitlines()]
        for start in KEY_LINES:
            assert any(line.startswith(f"- {start}") for line in lines), (
                f"{key.name}, answer {number}, lacks a line '- {start}'"
            )
        assert "Open question." not in answer or "**Discuss:**" in answer
