"""Sweep specifications: which parameters vary over what, by which design, recording what.

A spec is a TOML file (examples in `config/sweeps/`), validated against the parameter schema,
the outcomes of `experiments.outcomes` and the model's columns, with the same clear messages as
scenario files.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

import config
from config.errors import unknown_parameter
from config.parameters import parameter_info
from config.scenarios import ScenarioError, list_scenarios, read_toml, shipped_scenario
from experiments.outcomes import outcomes_of
from model import LibyaModel
from model.reporters import column_names

SWEEP_DIR = Path(config.__file__).parent / "sweeps"
Design = Literal["full_factorial", "latin_hypercube", "sobol", "morris"]


class ParameterRange(BaseModel):
    """How one parameter varies: a range [low, high] or a list of levels (factorial)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float | None = None
    high: float | None = None
    levels: list[float] | None = None

    @model_validator(mode="after")
    def _one_form(self) -> ParameterRange:
        has_range = self.low is not None or self.high is not None
        if has_range == (self.levels is not None):
            raise ValueError("give either low and high, or levels")
        if has_range and (self.low is None or self.high is None or self.low >= self.high):
            raise ValueError("low and high must both be given, with low < high")
        if self.levels is not None and not self.levels:
            raise ValueError("levels must not be empty")
        return self

    def values(self) -> list[float]:
        """Every value this range takes: its levels, or its two ends."""
        return list(self.levels) if self.levels is not None else [self.low, self.high]


class SweepSpec(BaseModel):
    """A validated sweep."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "sweep"
    scenario: str = "sochi_2020"
    design: Design = "latin_hypercube"
    samples: int = Field(64, ge=1, le=1_000_000, description="N of the design (see README).")
    replications: int = Field(1, ge=1, le=1000)
    seed: int = Field(0, ge=0, description="Root seed of every run's seed.")
    common_seeds: bool = Field(
        False,
        description="Replication r uses the same seed at every point (common random numbers).",
    )
    parameters: dict[str, ParameterRange]
    outcomes: list[str] = Field(default_factory=list, description="Empty: every outcome.")
    series: list[str] = Field(default_factory=list, description="Weekly columns to keep per run.")
    batch_size: int = Field(25, ge=1, le=10_000, description="Runs per task sent to a worker.")

    @model_validator(mode="after")
    def _consistent(self) -> SweepSpec:
        if not self.parameters:
            raise ValueError("parameters: vary at least one parameter")
        factorial = self.design == "full_factorial"
        for name, spread in self.parameters.items():
            if factorial and spread.levels is None:
                raise ValueError(f"parameters.{name}: a full factorial design needs levels")
            if not factorial and spread.levels is not None:
                raise ValueError(f"parameters.{name}: the {self.design} design needs low and high")
        return self


def _check_against_schemas(spec: SweepSpec, where: str) -> None:
    known = {info.name: info for info in parameter_info()}
    for name, spread in spec.parameters.items():
        info = known.get(name)
        if info is None or info.type not in (int, float):
            numeric = [n for n, i in known.items() if i.type in (int, float)]
            why = unknown_parameter(name, numeric, "numeric parameter")
            raise ScenarioError(f"{where}: parameters.{name}: {why}")
        for value in spread.values():
            if not info.low <= value <= info.high:
                raise ScenarioError(
                    f"{where}: parameters.{name}: {value} is outside its range "
                    f"{info.low} to {info.high} ({info.unit})"
                )
    if spec.scenario not in list_scenarios():
        raise ScenarioError(
            f"{where}: scenario: unknown scenario {spec.scenario!r}; "
            f"shipped: {', '.join(list_scenarios())}"
        )
    _check_horizon(spec, where)
    _check_sobol_samples(spec, where)
    scenario = shipped_scenario(spec.scenario)
    known = outcomes_of(scenario)
    unknown = [o for o in spec.outcomes if o not in known]
    if unknown:
        raise ScenarioError(f"{where}: outcomes: unknown {unknown}; known: {', '.join(known)}")
    columns = set(column_names(LibyaModel.from_scenario(scenario)))
    unknown = [s for s in spec.series if s not in columns]
    if unknown:
        raise ScenarioError(f"{where}: series: unknown columns {unknown}; see model.csv's columns")


def _check_horizon(spec: SweepSpec, where: str) -> None:
    """Refuse a range of `weeks` whose shortest runs end before the scenario's last event.

    The start date is not a number, so a sweep cannot vary it: the scenario's start holds for
    every run, and the shortest run of the range decides whether every event fits.
    """
    spread = spec.parameters.get("weeks")
    scenario = shipped_scenario(spec.scenario)
    if spread is None or not scenario.events:
        return
    shortest = scenario.parameters.model_copy(update={"weeks": round(min(spread.values()))})
    last = max(scenario.events, key=lambda event: event.date)
    if last.date >= shortest.end_date:
        needed = (last.date - shortest.start_date) // dt.timedelta(weeks=1) + 1
        raise ScenarioError(
            f"{where}: parameters.weeks: runs of {shortest.weeks} weeks end on "
            f"{shortest.end_date}, before scenario {spec.scenario}'s {last.type} event of "
            f"{last.date}; every value must be at least {needed}"
        )


def _check_sobol_samples(spec: SweepSpec, where: str) -> None:
    """Refuse a Sobol design whose N is not a power of 2 (its points would lose their balance)."""
    n = spec.samples
    if spec.design != "sobol" or n & (n - 1) == 0:
        return
    below = 2 ** math.floor(math.log2(n))
    raise ScenarioError(
        f"{where}: samples: {n} is not a power of 2, which the sobol design needs for "
        f"balanced points; use {below} or {2 * below}"
    )


def spec_from_mapping(data: dict[str, Any], where: str) -> SweepSpec:
    """Validate a sweep spec given as a mapping; ScenarioError names the key and what is allowed."""
    try:
        spec = SweepSpec(**data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"]) or "spec"
            lines.append(f"{where}: {key}: {error['msg']}")
        raise ScenarioError("\n".join(lines)) from None
    _check_against_schemas(spec, where)
    return spec


def load_spec(path: str | Path) -> SweepSpec:
    """Load and validate a sweep spec file (a path, or the name of one in config/sweeps/)."""
    candidate = Path(path)
    if not candidate.is_file() and (SWEEP_DIR / f"{path}.toml").is_file():
        candidate = SWEEP_DIR / f"{path}.toml"
    if not candidate.is_file():
        raise ScenarioError(
            f"sweep spec {path} does not exist; shipped specs: "
            f"{', '.join(sorted(p.stem for p in SWEEP_DIR.glob('*.toml')))}, or a path to a file"
        )
    return spec_from_mapping(read_toml(candidate), str(candidate))
