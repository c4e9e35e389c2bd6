"""Scenario discovery: which parameter ranges lead to a condition, found with PRIM.

Uses the PRIM implementation of the EMA Workbench (`ema_workbench.analysis.prim`). Every run
of a sweep is a case; the condition is a pandas expression over the outcomes, e.g.
`haftar_ends_stronger == 1`. Of the boxes PRIM peels, the one with the highest coverage
among those with at least `min_density` is chosen.

The files of a condition are named by a readable slug of it and a hash of its exact text, so
that conditions differing only in an operator ("x > 20", "x < 20") never overwrite each other.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from config.scenarios import ScenarioError
from experiments import colours
from experiments.analysis import load_spec_from
from experiments.sweep import count_runs, load_runs

DISCOVERY = "discovery"
OPERATOR_WORDS = {
    ">=": "ge",
    "<=": "le",
    "==": "eq",
    "!=": "ne",
    ">": "gt",
    "<": "lt",
    "&": "and",
    "|": "or",
    "~": "not",
}


@dataclass(frozen=True)
class Discovery:
    """The chosen PRIM box: its restricted parameter ranges and how well it fits."""

    condition: str
    cases: int
    planned_cases: int  # runs in the sweep's design; more than `cases` if it is unfinished
    cases_of_interest: int
    coverage: float
    density: float
    mass: float
    limits: pd.DataFrame  # parameter, low, high, full_low, full_high, restricted
    trajectory: pd.DataFrame  # coverage and density of every peeled box
    chosen: int


def discover(out: Path, condition: str, min_density: float = 0.8) -> Discovery:
    """Run PRIM on a sweep's runs for the cases where `condition` holds.

    Raises:
        ScenarioError: the condition is not a valid yes/no expression over the outcomes, or
            holds in all or none of the runs.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the workbench warns about optional engines
        from ema_workbench.analysis import prim

    spec = load_spec_from(out)
    runs = load_runs(out)
    try:
        holds = runs.eval(condition)
    except Exception as exc:  # pandas raises many kinds for a bad expression
        raise ScenarioError(
            f"--condition {condition!r}: not an expression over the outcomes ({exc}); "
            f"columns: {', '.join(runs.columns)}"
        ) from None
    if not isinstance(holds, pd.Series) or holds.dtype != bool:
        raise ScenarioError(f"--condition {condition!r}: must be true or false for each run")
    if holds.all() or not holds.any():
        raise ScenarioError(
            f"--condition {condition!r} holds in {int(holds.sum())} of "
            f"{len(runs)} runs: nothing to discover"
        )
    x = runs[list(spec.parameters)].astype(float)
    box = prim.Prim(x, holds.to_numpy()).find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]]
    eligible = trajectory[trajectory["density"] >= min_density]
    chosen = int(eligible["coverage"].idxmax() if len(eligible) else trajectory["density"].idxmax())
    full, limits = box.box_lims[0], box.box_lims[chosen]
    table = pd.DataFrame(
        {
            "parameter": list(x.columns),
            "low": [float(limits.loc[0, c]) for c in x.columns],
            "high": [float(limits.loc[1, c]) for c in x.columns],
            "full_low": [float(full.loc[0, c]) for c in x.columns],
            "full_high": [float(full.loc[1, c]) for c in x.columns],
        }
    )
    table["restricted"] = (table["low"] > table["full_low"]) | (table["high"] < table["full_high"])
    row = trajectory.loc[chosen]
    return Discovery(
        condition=condition,
        cases=len(runs),
        planned_cases=count_runs(spec),
        cases_of_interest=int(holds.sum()),
        coverage=float(row["coverage"]),
        density=float(row["density"]),
        mass=float(row["mass"]),
        limits=table,
        trajectory=trajectory,
        chosen=chosen,
    )


def tradeoff_figure(found: Discovery) -> Figure:
    """Coverage against density of every peeled box, the chosen one marked."""
    figure = Figure(figsize=(6, 4.5), layout="constrained")
    ax = figure.subplots()
    ax.plot(
        found.trajectory["coverage"], found.trajectory["density"], marker=".", color=colours.BLUE
    )
    ax.scatter(
        [found.coverage],
        [found.density],
        s=80,
        color=colours.VERMILION,
        zorder=3,
        label="chosen box",
    )
    ax.set(xlabel="coverage", ylabel="density", title=f"PRIM: {found.condition}")
    ax.legend()
    ax.grid(alpha=0.3)
    return figure


def condition_file_stem(condition: str) -> str:
    """A file name stem for a condition: a short readable slug and a hash of its exact text."""
    text = condition.lower()
    for operator, word in OPERATOR_WORDS.items():
        text = text.replace(operator, f" {word} ")
    slug = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:50].rstrip("_") or "condition"
    digest = hashlib.sha256(condition.strip().encode()).hexdigest()[:8]
    return f"prim_{slug}_{digest}"


def write_discovery(out: Path, found: Discovery) -> tuple[Path, Path]:
    """Write the chosen box's limits (CSV) and the trade-off chart (PNG) to DIR/discovery.

    The CSV records the condition on every row, next to each parameter's limits.
    """
    folder = out / DISCOVERY
    folder.mkdir(exist_ok=True)
    stem = condition_file_stem(found.condition)
    table = folder / f"{stem}.csv"
    found.limits.assign(condition=found.condition).to_csv(table, index=False)
    chart = folder / f"{stem}.png"
    tradeoff_figure(found).savefig(chart, dpi=100)
    return table, chart
