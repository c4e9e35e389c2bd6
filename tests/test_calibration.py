"""Calibration by rejection ABC recovers parameter values from data the model made itself."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from config.scenarios import shipped_scenario
from experiments.calibration import (
    Targets,
    calibrate,
    observed_targets,
    simulated_targets,
    week_dates,
)
from experiments.runner import run_summary

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


def libya_abm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "libya-abm"), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """A finished calibration of 20 runs that accepts the 0.1% closest (so the least, 2)."""
    out = tmp_path_factory.mktemp("calibration")
    result = libya_abm("calibrate", "--samples", "20", "--accept", "0.001", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result


def test_calibrate_command_prints_the_posterior(calibrated):
    _, result = calibrated
    assert "utilisation" in result.stdout and "90% interval" in result.stdout


def test_the_posterior_title_says_how_many_runs_were_accepted(calibrated):
    _, result = calibrated
    assert "Posterior of the 2 runs closest to the record, of 20" in result.stdout
    assert "calibration: 20 runs (0 already done)" in result.stdout


def test_calibrate_run_again_counts_the_runs_already_done(calibrated):
    out, _ = calibrated
    again = libya_abm("calibrate", "--samples", "20", "--accept", "0.001", "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "calibration: 20 runs (20 already done)" in again.stdout


def test_calibrate_with_other_samples_on_the_same_folder_names_the_setting(calibrated):
    out, _ = calibrated
    other = libya_abm("calibrate", "--samples", "30", "--out", str(out))
    assert other.returncode == 2 and "Traceback" not in other.stderr
    assert "samples: 20 there, 30 here" in other.stderr.replace("\n", "")


def test_ctrl_c_stops_a_background_calibration_keeping_what_is_done(tmp_path):
    # A shell's background job ignores SIGINT: calibrate must stop on it all the same.
    calibration = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "libya-abm"),
            "calibrate",
            "--samples",
            "2000",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    deadline = time.monotonic() + 120
    while not list((tmp_path / "runs").glob("part-*.parquet")):
        assert time.monotonic() < deadline and calibration.poll() is None, "it did not start"
        time.sleep(0.05)
    calibration.send_signal(signal.SIGINT)
    try:
        _, stderr = calibration.communicate(timeout=30)
    finally:
        calibration.kill()
    assert calibration.returncode == 130
    said = stderr.replace("\n", " ")
    assert "runs kept in" in said and "run the same command again to resume" in said
    assert "Traceback" not in stderr
