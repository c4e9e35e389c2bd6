"""Calibration by rejection approximate Bayesian computation (ABC) over the sweep engine.

The parameters the in-sample record can inform are drawn from uniform priors (a Latin
hypercube, run by the sweep engine); each run is compared with the record up to 18 September
2020 by a distance over three kinds of summary; the closest runs are accepted, and their
parameter values are the posterior sample.

    distance = sqrt( mean_i ((production_i - observed_i) / 100 kbpd)^2
                   + mean_j ((loss_j - observed_j) / 1 bn USD)^2
                   + ((first western protest - observed) / 4 weeks)^2 )
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from config.datasets import observed_electricity, observed_losses, observed_production
from config.parameters import parameter_info
from config.scenarios import shipped_scenario
from experiments.sweep import completed_run_ids, load_runs, open_manifest, run_remaining
from experiments.sweep_spec import spec_from_mapping

IN_SAMPLE_END = pd.Timestamp("2020-09-18")
PRODUCTION_SCALE_KBPD = 100.0
LOSS_SCALE_USD_BN = 1.0
PROTEST_SCALE_WEEKS = 4.0
SERIES = ["production_kbpd", "cumulative_loss_usd_bn", "protesting_west"]

# What the in-sample record can inform, and the prior range searched (uniform).
PRIORS: dict[str, tuple[float, float]] = {
    "utilisation": (0.8, 1.0),  # pre-blockade output
    "storage_decay_per_week": (0.2, 0.8),  # the fall in January-February 2020
    "domestic_supply_share": (0.0, 0.05),  # the level during the blockade
    "protest_threshold_west": (0.5, 0.7),  # the date of the first western protests
}


@dataclass(frozen=True)
class Targets:
    """The in-sample record, as the summaries the distance compares."""

    production: pd.DataFrame  # date, kind, kbpd
    losses: pd.DataFrame  # date, cumulative_loss_usd_bn
    first_west_protest: pd.Timestamp


def observed_targets(start: dt.date) -> Targets:
    """The record from the model's start to 18 September 2020."""
    production = observed_production()
    production = production[
        (production["date"] >= pd.Timestamp(start))
        & (production["date"] <= IN_SAMPLE_END)
        & production["kind"].isin(["spot", "monthly_avg"])
    ]
    protests = observed_electricity()
    protests = protests[protests["note"].str.contains("protest", case=False)]
    west = protests[protests["region"].isin(["Tripoli", "national"])]["date"].min()
    return Targets(production, observed_losses(), pd.Timestamp(west))


def week_dates(start: dt.date, weeks: int) -> pd.DatetimeIndex:
    """The dates of a run's weekly rows: the start and every week after it."""
    return pd.date_range(pd.Timestamp(start), periods=weeks, freq="7D")


def simulated_targets(
    run: Mapping[str, Any], dates: pd.DatetimeIndex, targets: Targets
) -> tuple[np.ndarray, np.ndarray, pd.Timestamp]:
    """A run's summaries at the record's dates, from its kept SERIES.

    Production as monthly means for monthly averages and the nearest week for spot figures;
    losses at the nearest week; and the run's first western protest.
    """
    weekly = pd.Series(np.asarray(run["series_production_kbpd"]), index=dates)
    simulated_production = []
    for row in targets.production.itertuples():
        if row.kind == "monthly_avg":
            month = dates.to_period("M") == row.date.to_period("M")
            simulated_production.append(weekly[month].mean())
        else:
            simulated_production.append(weekly.iloc[np.abs((dates - row.date).days).argmin()])
    losses = pd.Series(np.asarray(run["series_cumulative_loss_usd_bn"]), index=dates)
    simulated_losses = [
        losses.iloc[np.abs((dates - date).days).argmin()] for date in targets.losses["date"]
    ]
    protests = np.asarray(run["series_protesting_west"])
    horizon = IN_SAMPLE_END + pd.Timedelta(weeks=8)
    protesting = dates[(protests > 0) & (dates <= horizon)]
    first = protesting.min() if len(protesting) else horizon
    return np.array(simulated_production), np.array(simulated_losses), first


def distance(run: Mapping[str, Any], dates: pd.DatetimeIndex, targets: Targets) -> float:
    """The ABC distance of one run (a row of a sweep with the SERIES kept) from the record."""
    production, losses, first = simulated_targets(run, dates, targets)
    production_error = (production - targets.production["kbpd"].to_numpy()) / PRODUCTION_SCALE_KBPD
    loss_error = (losses - targets.losses["cumulative_loss_usd_bn"].to_numpy()) / LOSS_SCALE_USD_BN
    protest_error = (first - targets.first_west_protest).days / 7 / PROTEST_SCALE_WEEKS
    return float(np.sqrt(np.mean(production_error**2) + np.mean(loss_error**2) + protest_error**2))


def prior_spec(samples: int, seed: int, priors: dict[str, tuple[float, float]]) -> dict:
    """The sweep spec of the prior sample: a Latin hypercube over the prior ranges."""
    return {
        "name": "calibration",
        "design": "latin_hypercube",
        "samples": samples,
        "seed": seed,
        "parameters": {name: {"low": low, "high": high} for name, (low, high) in priors.items()},
        "outcomes": ["blockade_weeks"],
        "series": SERIES,
    }


def calibrate(
    out: Path,
    samples: int,
    accept: float,
    seed: int,
    workers: int,
    targets: Targets | None = None,
    priors: dict[str, tuple[float, float]] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Run rejection ABC; return the prior and posterior of each parameter.

    The posterior is the median and 90% interval of the accepted runs (their number is in
    the `accepted_runs` column). The prior sample is an ordinary sweep in OUT/runs, so it can
    be resumed like any other: `on_start` is told how many of its runs are already done,
    `on_rows` how many each finished batch adds.

    Raises:
        ScenarioError: OUT holds another sweep, or runs that cannot be read.
    """
    priors = priors or PRIORS
    spec = spec_from_mapping(prior_spec(samples, seed, priors), "calibration")
    open_manifest(out, spec, samples)
    done = completed_run_ids(out)
    if on_start is not None:
        on_start(len(done))
    run_remaining(out, spec, done, workers, on_rows)
    runs = load_runs(out)
    start = shipped_scenario(spec.scenario).parameters.start_date
    dates = week_dates(start, len(runs["series_production_kbpd"].iloc[0]))
    targets = targets or observed_targets(start)
    runs["distance"] = [distance(row, dates, targets) for _, row in runs.iterrows()]
    accepted = runs.nsmallest(max(2, round(accept * len(runs))), "distance")
    accepted.drop(columns=[c for c in runs if c.startswith("series_")]).to_csv(
        out / "accepted.csv", index=False
    )
    defaults = {info.name: info.default for info in parameter_info()}
    table = pd.DataFrame(
        [
            {
                "parameter": name,
                "prior_low": low,
                "prior_high": high,
                "default": defaults[name],
                "posterior_median": accepted[name].median(),
                "posterior_5": accepted[name].quantile(0.05),
                "posterior_95": accepted[name].quantile(0.95),
                "accepted_runs": len(accepted),
            }
            for name, (low, high) in priors.items()
        ]
    )
    table.to_csv(out / "calibration.csv", index=False)
    return table
