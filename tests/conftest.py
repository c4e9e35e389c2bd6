"""Shared fixtures: ensembles of the shipped scenarios, run once per test session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pytest

from config.scenarios import load_scenario
from model.runner import RunResult, run

ENSEMBLE_SEEDS = range(30)
DEAL_DATE = dt.date(2020, 9, 18)
BLOCKADE_DATE = dt.date(2020, 1, 17)
RETREAT_DATE = dt.date(2020, 6, 4)


@dataclass(frozen=True)
class Ensemble:
    """Runs of one scenario over ENSEMBLE_SEEDS, with helpers to read them by date."""

    name: str
    runs: list[RunResult]

    def series(self, column: str) -> pd.DataFrame:
        """A column as a date x seed table."""
        return pd.DataFrame(
            {r.seed: r.model.set_index(pd.to_datetime(r.model["date"]))[column] for r in self.runs}
        )

    def at(self, column: str, date: dt.date) -> pd.Series:
        """A column's value per seed in the first week ending on or after `date`."""
        table = self.series(column)
        return table[table.index >= pd.Timestamp(date)].iloc[0]

    def mean_between(self, column: str, start: dt.date, end: dt.date) -> pd.Series:
        """A column's mean per seed over the weeks ending in [start, end]."""
        table = self.series(column)
        window = (table.index >= pd.Timestamp(start)) & (table.index <= pd.Timestamp(end))
        return table[window].mean()

    def events(self, kind: str) -> list[pd.DataFrame]:
        """Per seed, the logged events of one kind."""
        return [
            r.events[(r.events["category"] == "event") & (r.events["kind"] == kind)]
            for r in self.runs
        ]


def _ensemble(name: str) -> Ensemble:
    scenario = load_scenario(name)
    return Ensemble(name, [run(scenario, seed) for seed in ENSEMBLE_SEEDS])


@pytest.fixture(scope="session")
def sochi() -> Ensemble:
    return _ensemble("sochi_2020")


@pytest.fixture(scope="session")
def no_deal() -> Ensemble:
    return _ensemble("no_deal")


@pytest.fixture(scope="session")
def un_brokered() -> Ensemble:
    return _ensemble("un_brokered")


@pytest.fixture(scope="session")
def noc_refuses() -> Ensemble:
    return _ensemble("noc_refuses")


# --- browser tests -------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright cannot download browsers here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Make pytest-playwright (and Solara's test fixtures) use Debian's Chromium, offline."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
