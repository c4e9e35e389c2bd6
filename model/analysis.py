"""Sensitivity analysis of a finished sweep with SALib: Sobol or Morris indices per outcome.

Replications are averaged per design point first. A parameter is flagged as negligible for an
outcome when its index is indistinguishable from zero: the lower end of its confidence
interval (index - confidence) is below NEGLIGIBLE_BELOW. For Morris, mu* is first scaled by
the largest mu* of the outcome.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from SALib.analyze import morris, sobol

from config.scenarios import ScenarioError
from config.sweeps import SweepSpec
from model.sweep import MANIFEST, count_runs, design_points, load_runs, problem

ANALYSIS = "analysis"
NEGLIGIBLE_BELOW = 0.01  # an index under 1% (of the variance, or of the largest mu*)


def load_spec_from(out: Path) -> SweepSpec:
    """The spec a sweep folder was made with."""
    path = out / MANIFEST
    if not path.is_file():
        raise ScenarioError(f"{out} is not a sweep folder (no {MANIFEST}); run `libya-abm sweep`")
    return SweepSpec.model_validate(json.loads(path.read_text(encoding="utf-8"))["spec"])


def outcome_columns(spec: SweepSpec, runs: pd.DataFrame) -> list[str]:
    """The outcome columns recorded by the sweep."""
    fixed = {"run_id", "point", "replication", "seed", *spec.parameters}
    return [c for c in runs.columns if c not in fixed and not c.startswith("series_")]


def indices(out: Path) -> pd.DataFrame:
    """Sobol (S1, ST) or Morris (mu*, sigma) indices of every outcome.

    One row per outcome and parameter, with confidence intervals and a `negligible` flag.

    Raises:
        ScenarioError: the sweep is incomplete, or its design has no such indices.
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
    salib_problem = problem(spec)
    means = runs.groupby("point").mean(numeric_only=True).sort_index()
    rows = []
    for outcome in outcome_columns(spec, runs):
        y = means[outcome].to_numpy(dtype=float)
        if not np.isfinite(y).all():
            continue  # undefined in some runs (e.g. no deal): no indices for it
        if spec.design == "sobol":
            result = sobol.analyze(salib_problem, y, calc_second_order=True, seed=spec.seed)
            for i, name in enumerate(salib_problem["names"]):
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "S1": result["S1"][i],
                        "S1_conf": result["S1_conf"][i],
                        "ST": result["ST"][i],
                        "ST_conf": result["ST_conf"][i],
                        "negligible": result["ST"][i] - result["ST_conf"][i] < NEGLIGIBLE_BELOW,
                    }
                )
        else:
            x = design_points(spec)
            result = morris.analyze(salib_problem, x, y, seed=spec.seed)
            scale = max(float(np.max(result["mu_star"])), 1e-12)
            for i, name in enumerate(salib_problem["names"]):
                rows.append(
                    {
                        "outcome": outcome,
                        "parameter": name,
                        "mu_star": result["mu_star"][i],
                        "mu_star_conf": result["mu_star_conf"][i],
                        "sigma": result["sigma"][i],
                        "negligible": (result["mu_star"][i] - result["mu_star_conf"][i]) / scale
                        < NEGLIGIBLE_BELOW,
                    }
                )
    return pd.DataFrame(rows)


def index_figure(table: pd.DataFrame, outcome: str) -> Figure:
    """A bar chart of one outcome's indices with their confidence intervals."""
    rows = table[table["outcome"] == outcome]
    figure = Figure(figsize=(7, 0.4 * len(rows) + 1.5), layout="constrained")
    ax = figure.subplots()
    positions = np.arange(len(rows))
    if "ST" in rows:
        ax.barh(positions + 0.2, rows["ST"], 0.4, xerr=rows["ST_conf"], label="total order ST")
        ax.barh(positions - 0.2, rows["S1"], 0.4, xerr=rows["S1_conf"], label="first order S1")
    else:
        ax.barh(positions, rows["mu_star"], 0.6, xerr=rows["mu_star_conf"], label="mu*")
    labels = [
        p + (" (negligible)" if n else "")
        for p, n in zip(rows["parameter"], rows["negligible"], strict=True)
    ]
    ax.set_yticks(positions, labels)
    ax.set_title(outcome)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, axis="x")
    return figure


def write_analysis(out: Path) -> tuple[Path, list[Path]]:
    """Write DIR/analysis/indices.csv and one PNG per outcome; return their paths."""
    table = indices(out)
    folder = out / ANALYSIS
    folder.mkdir(exist_ok=True)
    csv = folder / "indices.csv"
    table.to_csv(csv, index=False)
    charts = []
    for outcome in table["outcome"].unique() if len(table) else []:
        path = folder / f"{outcome}.png"
        index_figure(table, outcome).savefig(path, dpi=100)
        charts.append(path)
    return csv, charts
