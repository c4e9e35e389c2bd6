"""Sensitivity analysis of a finished sweep with SALib: Sobol or Morris indices per outcome.

Replications are averaged per design point first. A parameter is flagged as negligible for an
outcome when its index is indistinguishable from zero: the lower end of its confidence
interval (index - confidence) is below NEGLIGIBLE_BELOW. For Morris, mu* is first scaled by
the largest mu* of the outcome.

An outcome that is undefined (NaN) in some runs, or takes the same value in every run, has no
indices: it is skipped, and the reason is reported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from pydantic import ValidationError
from SALib.analyze import morris, sobol

from config.scenarios import ScenarioError
from experiments import colours
from experiments.sweep import MANIFEST, count_runs, design_points, load_runs, problem, read_manifest
from experiments.sweep_spec import SweepSpec

ANALYSIS = "analysis"
NEGLIGIBLE_BELOW = 0.01  # an index under 1% (of the variance, or of the largest mu*)


@dataclass(frozen=True)
class Sensitivity:
    """The indices of a sweep's outcomes, and the outcomes that have none, with the reason."""

    table: pd.DataFrame  # one row per outcome and parameter
    skipped: dict[str, str]  # outcome: why it has no indices


def load_spec_from(out: Path) -> SweepSpec:
    """The spec a sweep folder was made with.

    Raises:
        ScenarioError: DIR is not a sweep folder, or its manifest is damaged.
    """
    try:
        return SweepSpec.model_validate(read_manifest(out)["spec"])
    except ValidationError as exc:
        raise ScenarioError(
            f"{out / MANIFEST}: its spec is not a valid sweep spec "
            f"({exc.error_count()} error(s), first: {exc.errors()[0]['msg']})"
        ) from None


def outcome_columns(spec: SweepSpec, runs: pd.DataFrame) -> list[str]:
    """The outcome columns recorded by the sweep."""
    fixed = {"run_id", "point", "replication", "seed", *spec.parameters}
    return [c for c in runs.columns if c not in fixed and not c.startswith("series_")]


def why_no_indices(values: pd.Series) -> str | None:
    """Why an outcome's values at the design points admit no indices, or None if they do.

    `values` holds one value per point: the mean over its replications, which is undefined
    only if the outcome is undefined in every replication of that point.
    """
    undefined = int(values.isna().sum())
    if undefined:
        return (
            f"undefined (NaN) at {undefined} of {len(values)} design points (e.g. no deal, or "
            "no recovery before the run ends); indices need a value at every point"
        )
    if values.nunique() == 1:
        return f"{values.iloc[0]:g} in every run: no variation to apportion"
    return None


def sobol_rows(spec: SweepSpec, outcome: str, y: np.ndarray) -> list[dict]:
    """First- and total-order Sobol indices of one outcome, one row per parameter."""
    salib_problem = problem(spec)
    result = sobol.analyze(salib_problem, y, calc_second_order=True, seed=spec.seed)
    return [
        {
            "outcome": outcome,
            "parameter": name,
            "S1": result["S1"][i],
            "S1_conf": result["S1_conf"][i],
            "ST": result["ST"][i],
            "ST_conf": result["ST_conf"][i],
            "negligible": result["ST"][i] - result["ST_conf"][i] < NEGLIGIBLE_BELOW,
        }
        for i, name in enumerate(salib_problem["names"])
    ]


def morris_rows(spec: SweepSpec, outcome: str, y: np.ndarray) -> list[dict]:
    """Morris mu* and sigma of one outcome, one row per parameter."""
    salib_problem = problem(spec)
    result = morris.analyze(salib_problem, design_points(spec), y, seed=spec.seed)
    scale = max(float(np.max(result["mu_star"])), 1e-12)
    return [
        {
            "outcome": outcome,
            "parameter": name,
            "mu_star": result["mu_star"][i],
            "mu_star_conf": result["mu_star_conf"][i],
            "sigma": result["sigma"][i],
            "negligible": (result["mu_star"][i] - result["mu_star_conf"][i]) / scale
            < NEGLIGIBLE_BELOW,
        }
        for i, name in enumerate(salib_problem["names"])
    ]


def sensitivity(out: Path) -> Sensitivity:
    """Sobol (S1, ST) or Morris (mu*, sigma) indices of every outcome that has them.

    Raises:
        ScenarioError: the sweep is incomplete, its design has no such indices, or no outcome
            has indices.
    """
    spec = load_spec_from(out)
    if spec.design not in ("sobol", "morris"):
        raise ScenarioError(
            f"{out}: analyze computes Sobol or Morris indices; this sweep's design is "
            f"{spec.design} (use design = 'sobol' or 'morris')"
        )
    runs = load_runs(out)
    expected = count_runs(spec)
    if len(runs) < expected:
        raise ScenarioError(
            f"{out}: {len(runs)} of {expected} runs are done; run the sweep again to finish it"
        )
    means = runs.groupby("point").mean(numeric_only=True).sort_index()
    analyse = sobol_rows if spec.design == "sobol" else morris_rows
    rows: list[dict] = []
    skipped: dict[str, str] = {}
    for outcome in outcome_columns(spec, runs):
        reason = why_no_indices(means[outcome])
        if reason is None:
            rows += analyse(spec, outcome, means[outcome].to_numpy(dtype=float))
        else:
            skipped[outcome] = reason
    if not rows:
        reasons = "; ".join(f"{outcome}: {why}" for outcome, why in skipped.items())
        raise ScenarioError(f"{out}: no outcome has indices ({reasons or 'no outcomes'})")
    return Sensitivity(pd.DataFrame(rows), skipped)


def indices(out: Path) -> pd.DataFrame:
    """The indices table of `sensitivity`: one row per outcome and parameter."""
    return sensitivity(out).table


def index_figure(table: pd.DataFrame, outcome: str) -> Figure:
    """A bar chart of one outcome's indices with their confidence intervals."""
    rows = table[table["outcome"] == outcome]
    figure = Figure(figsize=(7, 0.4 * len(rows) + 1.5), layout="constrained")
    ax = figure.subplots()
    positions = np.arange(len(rows))
    if "ST" in rows:
        total, first = colours.BANDS  # two colours told apart by colour-blind readers
        ax.barh(
            positions + 0.2,
            rows["ST"],
            0.4,
            xerr=rows["ST_conf"],
            color=total,
            label="total order ST",
        )
        ax.barh(
            positions - 0.2,
            rows["S1"],
            0.4,
            xerr=rows["S1_conf"],
            color=first,
            label="first order S1",
        )
    else:
        ax.barh(
            positions,
            rows["mu_star"],
            0.6,
            xerr=rows["mu_star_conf"],
            color=colours.BLUE,
            label="mu*",
        )
    labels = [
        p + (" (negligible)" if n else "")
        for p, n in zip(rows["parameter"], rows["negligible"], strict=True)
    ]
    ax.set_yticks(positions, labels)
    ax.set_title(outcome)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return figure


def write_analysis(out: Path) -> tuple[Sensitivity, Path, list[Path]]:
    """Write DIR/analysis/indices.csv and one PNG per outcome; return them and their paths.

    Nothing is written if no outcome has indices, and indices.csv is replaced only once the
    new one is complete.
    """
    found = sensitivity(out)
    folder = out / ANALYSIS
    folder.mkdir(exist_ok=True)
    charts = []
    for outcome in found.table["outcome"].unique():
        path = folder / f"{outcome}.png"
        index_figure(found.table, outcome).savefig(path, dpi=100)
        charts.append(path)
    csv = folder / "indices.csv"
    temporary = folder / f".indices.csv.tmp{os.getpid()}"
    found.table.to_csv(temporary, index=False)
    os.replace(temporary, csv)
    return found, csv, charts
