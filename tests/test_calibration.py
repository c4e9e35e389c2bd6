"""Calibration by rejection ABC recovers parameter values from data the model made itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from config.scenarios import shipped_scenario
from model.calibration import (
    Targets,
    calibrate,
    observed_targets,
    simulated_targets,
    week_dates,
)
from model.runner import run_summary

TRUTH = {
    "utilisation": 0.88,
    "storage_decay_per_week": 0.4,
    "domestic_supply_share": 0.035,
    "protest_threshold_west": 0.6,
}


def synthetic_targets(seed: int) -> Targets:
    """The record's dates and kinds, with values from one run at the true parameters."""
    scenario = shipped_scenario("sochi_2020").with_overrides(TRUTH)
    series = ["production_kbpd", "cumulative_loss_usd_bn", "protesting_west"]
    row = run_summary(scenario, seed, ["blockade_weeks"], series)
    real = observed_targets(scenario.parameters.start_date)
    dates = week_dates(scenario.parameters.start_date, len(row["series_production_kbpd"]))
    production, losses, first = simulated_targets(row, dates, real)
    return Targets(
        real.production.assign(kbpd=production),
        real.losses.assign(cumulative_loss_usd_bn=losses),
        first,
    )


def test_abc_recovers_known_parameters_within_its_90_percent_intervals(tmp_path):
    table = calibrate(
        tmp_path, samples=400, accept=0.05, seed=3, workers=2, targets=synthetic_targets(seed=11)
    ).set_index("parameter")
    for name, truth in TRUTH.items():
        row = table.loc[name]
        assert row["posterior_5"] <= truth <= row["posterior_95"], (name, truth, dict(row))
    # the record informs them: the intervals are narrower than the priors for the oil terms
    for name in ("utilisation", "storage_decay_per_week"):
        row = table.loc[name]
        assert row["posterior_95"] - row["posterior_5"] < 0.6 * (
            row["prior_high"] - row["prior_low"]
        )


def test_the_default_values_lie_inside_the_posterior_of_the_real_record(tmp_path):
    table = calibrate(tmp_path, samples=300, accept=0.05, seed=0, workers=2).set_index("parameter")
    for name, row in table.iterrows():
        assert row["posterior_5"] <= row["default"] <= row["posterior_95"], name
    assert (tmp_path / "calibration.csv").is_file() and (tmp_path / "accepted.csv").is_file()


def test_calibrate_command_prints_the_posterior(tmp_path):
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "libya-abm"),
            "calibrate",
            "--samples",
            "40",
            "--accept",
            "0.05",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "utilisation" in result.stdout and "90% interval" in result.stdout
