"""The one run-and-record path of the model.

Every user of the model (the `run` command, tests, validation, the app's downloads) runs
scenarios through here and gets the same tables.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import platform
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from agents.oil_asset import OilAsset
from config.scenarios import Scenario
from experiments.outcomes import compute as compute_outcomes
from model.model import LibyaModel

DEPENDENCIES = ("mesa", "numpy", "pandas", "pydantic", "pyarrow")
# The seed of a single run when none is given (the app's first run, `libya-abm run`): a typical
# one. Of seeds 0-99, 78 stays closest to the ensemble's median paths of production and of
# the LNA's influence (a test keeps it typical).
DEFAULT_SEED = 78


@dataclass(frozen=True)
class RunResult:
    """The recorded output of one run: weekly model series, per-asset series, event log."""

    model: pd.DataFrame
    assets: pd.DataFrame
    events: pd.DataFrame
    seed: int


def record(model: LibyaModel, seed: int) -> RunResult:
    """The tables a finished (or running) model has recorded so far."""
    collector = model.datacollector
    weekly = collector.get_model_vars_dataframe()
    weekly.insert(1, "step", range(len(weekly)))
    assets = collector.get_agenttype_vars_dataframe(OilAsset).reset_index()
    dates = weekly.set_index("step")["date"]
    assets.insert(0, "date", assets["Step"].map(dates))
    assets = assets.rename(columns={"Step": "step"}).drop(columns=["AgentID"])
    assets["step"] = assets["step"].astype(int)
    return RunResult(weekly, assets, model.event_log(), seed)


def run(scenario: Scenario, seed: int) -> RunResult:
    """Run a scenario over its whole horizon with one seed and return its tables."""
    model = LibyaModel.from_scenario(scenario, rng=seed)
    model.run_model()
    return record(model, seed)


def run_summary(
    scenario: Scenario, seed: int, outcomes: list[str], series: list[str]
) -> dict[str, object]:
    """Run a scenario and return only its summary outcomes and chosen weekly series.

    The lean path for sweeps: no asset table, no event log.
    """
    model = LibyaModel.from_scenario(scenario, rng=seed)
    model.run_model()
    weekly = model.datacollector.get_model_vars_dataframe()
    row: dict[str, object] = dict(compute_outcomes(weekly, scenario, outcomes))
    for column in series:
        row[f"series_{column}"] = weekly[column].astype(float).tolist()
    return row


def replication_seeds(root_seed: int, replications: int) -> list[int]:
    """Independent seeds for replications, spawned from one root seed (numpy SeedSequence).

    Replication 0 uses the root seed itself, so a single run with --seed N and the first
    replication of an ensemble with --seed N are the same run.
    """
    children = np.random.SeedSequence(root_seed).spawn(max(0, replications - 1))
    return [root_seed] + [int(child.generate_state(1)[0]) for child in children]


def run_ensemble(scenario: Scenario, seeds: Iterable[int]) -> Iterator[RunResult]:
    """Run a scenario once per seed, yielding each result as it finishes."""
    for seed in seeds:
        yield run(scenario, seed)


def combine(results: list[RunResult]) -> dict[str, pd.DataFrame]:
    """Stack replications into model, assets and events tables with a `replication` column."""
    tables: dict[str, list[pd.DataFrame]] = {"model": [], "assets": [], "events": []}
    for index, result in enumerate(results):
        for name in tables:
            frame = getattr(result, name).copy()
            if len(results) > 1:
                frame.insert(0, "replication", index)
                frame.insert(1, "seed", result.seed)
            tables[name].append(frame)
    return {name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}


def versions() -> dict[str, str]:
    """Versions of Python, this package and its main dependencies."""
    found = {"python": platform.python_version()}
    for package in ("libya-abm", *DEPENDENCIES):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def write_outputs(out_dir: Path, scenario: Scenario, results: list[RunResult]) -> dict[str, Path]:
    """Write model.csv, assets.csv, events.csv and run.json into `out_dir`; return the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, table in combine(results).items():
        paths[name] = out_dir / f"{name}.csv"
        table.to_csv(paths[name], index=False)
    metadata = {
        "scenario": scenario.name,
        "scenario_source": scenario.source,
        "description": scenario.description,
        "parameters": scenario.parameters.model_dump(mode="json"),
        "cast": scenario.cast.model_dump(mode="json"),
        "record": scenario.record,
        "events": [event.model_dump(mode="json") for event in scenario.events],
        "seeds": [result.seed for result in results],
        "replications": len(results),
        "versions": versions(),
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    paths["run"] = out_dir / "run.json"
    paths["run"].write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return paths
