"""The teaching unit's exercises: each sheet with the preset the app loads for it.

The list is `config/exercises.toml`; the sheets and their instructor keys are Markdown files
in `docs/exercises/`. A sheet's title is its first heading, so it is written once.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from config.scenarios import (
    ScenarioError,
    format_error,
    list_scenarios,
    read_toml,
    validate_parameters,
)

EXERCISES_FILE = Path(__file__).parent / "exercises.toml"
EXERCISES_DIR = Path(__file__).resolve().parents[1] / "docs" / "exercises"


class Exercise(BaseModel):
    """One exercise sheet and its preset.

    Attributes:
        sheet: the sheet's file name in docs/exercises/.
        scenario: the shipped scenario the app loads.
        compare: a shipped scenario to overlay as the counterfactual, if any.
        parameters: parameter overrides on top of the scenario's.
        role: the role of the cast a student may take in role play (see experiments.roleplay):
            revenue_claimant (the LNA in 2020), oil_company (the NOC) or un_mission (the UN).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    sheet: str
    scenario: str
    compare: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    role: Literal["revenue_claimant", "oil_company", "un_mission"] | None = None

    @field_validator("sheet")
    @classmethod
    def _sheet_exists(cls, sheet: str) -> str:
        if not (EXERCISES_DIR / sheet).is_file():
            raise ValueError(f"no sheet {sheet!r} in {EXERCISES_DIR}")
        return sheet

    @field_validator("scenario", "compare")
    @classmethod
    def _shipped(cls, name: str | None) -> str | None:
        if name is not None and name not in list_scenarios():
            raise ValueError(f"unknown scenario {name!r}; shipped: {', '.join(list_scenarios())}")
        return name

    @property
    def path(self) -> Path:
        """The sheet's Markdown file."""
        return EXERCISES_DIR / self.sheet

    @property
    def key_path(self) -> Path:
        """The instructor key's Markdown file."""
        return EXERCISES_DIR / "keys" / self.sheet.replace(".md", "_key.md")

    @property
    def number(self) -> int:
        """The exercise's number, from its file name ('05_...md' is 5)."""
        return int(self.sheet.split("_", 1)[0])

    @cached_property
    def text(self) -> str:
        """The sheet in Markdown (read once: the app lists and shows it on every render)."""
        return self.path.read_text(encoding="utf-8")

    @property
    def title(self) -> str:
        """The sheet's first heading, without the leading '#'."""
        return self.text.splitlines()[0].lstrip("# ").strip()

    def model_arguments(self) -> dict[str, Any]:
        """Keyword arguments of `LibyaModel` for this preset (without the seed)."""
        return {"scenario_name": self.scenario, **self.parameters}


@cache
def exercises(path: Path = EXERCISES_FILE) -> tuple[Exercise, ...]:
    """The exercises listed in `path`, validated, in the order of their numbers.

    Raises:
        ScenarioError: the file is malformed, or an entry names a missing sheet, an unknown
            scenario or role, or a parameter that is unknown or out of range.
    """
    entries = read_toml(path).get("exercises", [])
    found = []
    for index, entry in enumerate(entries, start=1):
        where = f"{path}: exercise entry {index}"
        try:
            exercise = Exercise.model_validate(entry)
        except ValidationError as exc:
            lines = [format_error(error, where, "") for error in exc.errors()]
            raise ScenarioError("\n".join(lines)) from None
        validate_parameters(exercise.parameters, f"{where}, parameters")
        found.append(exercise)
    return tuple(sorted(found, key=lambda e: e.number))
