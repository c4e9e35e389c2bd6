"""Invariants over the whole parameter space (hypothesis): shares, capacity, money, no NaN."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.datasets import oil_assets
from config.parameters import parameter_info
from config.scenarios import load_scenario
from experiments.runner import run

NUMERIC = [info for info in parameter_info() if info.type in (int, float) and info.name != "weeks"]


@st.composite
def parameter_sets(draw: st.DrawFn) -> dict:
    values = {}
    for info in NUMERIC:
        if draw(st.booleans()):
            strategy = (
                st.integers(info.low, info.high)
                if info.type is int
                else st.floats(info.low, info.high, allow_nan=False)
            )
            values[info.name] = draw(strategy)
    return values


@pytest.fixture(scope="module")
def base_scenario():
    return load_scenario("sochi_2020")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(overrides=parameter_sets(), seed=st.integers(0, 2**32 - 1))
def test_outputs_stay_well_formed_anywhere_in_the_parameter_ranges(base_scenario, overrides, seed):
    scenario = base_scenario.with_overrides(overrides)
    result = run(scenario, seed)
    weekly = result.model
    numeric = weekly.select_dtypes("number")
    assert not numeric.isna().any().any()

    for prefix in ("influence_", "prominence_", "blame_"):
        columns = [c for c in weekly.columns if c.startswith(prefix) and c.count("_") == 1]
        shares = weekly[columns]
        assert ((shares >= -1e-12) & (shares <= 1 + 1e-12)).all().all()
        assert np.allclose(shares.sum(axis=1), 1.0)

    # no field ever produces more than its undamaged capacity in normal operation, and
    # terminals produce nothing
    peaks = result.assets.groupby("name")["production_kbpd"].max()
    assets = oil_assets().set_index("name")
    limits = assets["capacity_kbpd"] * scenario.parameters.utilisation
    limits[assets["type"] == "terminal"] = 0.0
    assert (peaks <= limits.loc[peaks.index] + 1e-9).all()

    routed = weekly[["to_gna_usd_m", "to_east_usd_m", "to_noc_usd_m", "to_frozen_usd_m"]].sum(
        axis=1
    )
    assert np.allclose(routed, weekly["revenue_usd_m"])
    assert np.allclose(weekly["frozen_usd_bn"], weekly["to_frozen_usd_m"].cumsum() / 1000)
    assert (weekly["cumulative_loss_usd_bn"].diff().dropna() >= 0).all()
    assert dt.date.fromisoformat(weekly["date"].iloc[-1]) == scenario.end_date
