"""Shared fixtures: ensembles of the shipped scenarios, run once per test session."""

from __future__ import annotations

import pytest

from experiments.validation import Ensemble, run_ensembles

ENSEMBLE_SEEDS = range(30)


def _ensemble(name: str) -> Ensemble:
    return run_ensembles(ENSEMBLE_SEEDS, scenarios=[name])[name]


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
