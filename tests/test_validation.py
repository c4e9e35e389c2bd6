"""libya-abm validate: the report, its figures against the model's own output, the exit code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import cli.main as cli
from experiments import validation, validation_report
from experiments.validation import PatternCheck

BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("validation")
    result = subprocess.run(
        [str(BIN / "libya-abm"), "validate", "--replications", "30", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return result, out


def test_validation_passes_every_pattern_and_writes_the_report(report):
    result, out = report
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("pass ") == 8
    for name in (
        "validation.md",
        "validation.html",
        "overview.png",
        "people.png",
        "model.csv",
        "production_fit.csv",
        "forecast.csv",
    ):
        assert (out / name).is_file(), name
    html = (out / "validation.html").read_text()
    assert "<table>" in html and 'src="overview.png"' in html


def test_the_reported_loss_is_the_median_of_the_written_runs(report):
    _, out = report
    weekly = pd.read_csv(out / "model.csv")
    mid_september = weekly[weekly["date"] == "2020-09-15"]["cumulative_loss_usd_bn"]
    text = (out / "validation.md").read_text()
    reported = float(re.search(r"median ([0-9.]+) bn USD against NOC", text).group(1))
    assert reported == pytest.approx(mid_september.median(), abs=0.005)


def test_the_forecast_gives_each_threshold_and_month_with_an_interval(report):
    _, out = report
    table = pd.read_csv(out / "forecast.csv")
    assert table["forecast"].tolist() == [
        "production passes 300 kbpd",
        "production passes 500 kbpd",
        "production passes 800 kbpd",
        "production passes 1,000 kbpd",
        "production passes 1,200 kbpd",
        "November 2020 average, kbpd",
        "December 2020 average, kbpd",
    ]
    first = table.iloc[0]
    assert (
        pd.Timestamp(first["low_5"])
        <= pd.Timestamp(first["median"])
        <= pd.Timestamp(first["high_95"])
    )
    assert pd.Timestamp(first["median"]) > pd.Timestamp("2020-09-18")


def test_the_model_fits_the_record_better_than_persistence(report):
    _, out = report
    fit = pd.read_csv(out / "production_fit.csv").dropna(subset=["persistence"])
    model_error = (fit["median"] - fit["observed"]).abs().mean()
    persistence_error = (fit["persistence"] - fit["observed"]).abs().mean()
    assert model_error < persistence_error


def test_a_failing_pattern_makes_validate_exit_1(monkeypatch, tmp_path):
    failing = PatternCheck(1, "a pattern", False, "the figures")
    # the command imports its engines when it runs: replace them where it finds them
    monkeypatch.setattr(validation, "run_ensembles", lambda seeds, on_run=None: {})
    monkeypatch.setattr(validation, "check_patterns", lambda ensembles: [failing])
    monkeypatch.setattr(
        validation_report, "write_report", lambda out, ensembles, checks: out / "validation.html"
    )
    result = CliRunner().invoke(cli.app, ["validate", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "FAIL 1. a pattern: the figures" in result.output
