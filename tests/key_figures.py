"""What a key's figure lines say, checked: the app's seed and the range over 30 seeds.

Each question of a key gives the value a student sees in the app's first run (the seed
`experiments.runner.DEFAULT_SEED`) and the range over the 30 seeds of the test ensembles
(`tests.conftest.ENSEMBLE_SEEDS`). The app's seed is not among those 30, so it is run here,
once per scenario and test session.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from experiments.runner import DEFAULT_SEED
from experiments.validation import Ensemble, run_ensembles


@cache
def app_seed(name: str) -> Ensemble:
    """The shipped scenario `name` run once with the app's seed, as an ensemble of one run."""
    return run_ensembles([DEFAULT_SEED], scenarios=[name])[name]


def only(values: pd.Series) -> float:
    """The single value of a one-run ensemble's per-seed series."""
    (value,) = values.to_numpy()
    return float(value)


def assert_about(value: float, stated: float, tolerance: float) -> None:
    """`value` rounds to the key's `stated` figure (within `tolerance`)."""
    assert abs(value - stated) <= tolerance, f"{value} is not about {stated}"


def assert_spans(values: pd.Series, low: float, high: float, tolerance: float) -> None:
    """The seeds' values run from about `low` to about `high`, as the key states."""
    assert_about(float(values.min()), low, tolerance)
    assert_about(float(values.max()), high, tolerance)
