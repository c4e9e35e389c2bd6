"""The observed data the project ships in `config/data/`, loaded as tables.

Each CSV names its sources row by row; `config/data/README.md` describes the files. The model
reads the oil assets and the Brent series; validation and the app read the observed record.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).parent / "data"

# Capacities the sources do not give, with the assumption used instead.
ASSUMED_CAPACITY_KBPD = {
    "Zelten": (60.0, "Sirte Oil Co produced about 60 kbpd in total on 29 Sep 2020"),
}


@cache
def oil_assets() -> pd.DataFrame:
    """Fields and terminals with capacity (kbpd, assumptions filled), route and control."""
    table = pd.read_csv(DATA_DIR / "oil_assets.csv")
    for name, (capacity, _why) in ASSUMED_CAPACITY_KBPD.items():
        table.loc[table["name"] == name, "capacity_kbpd"] = capacity
    return table


@cache
def oil_asset_rows() -> tuple[dict, ...]:
    """The oil assets as plain records (name, type, capacity_kbpd, exports_via, ...)."""
    return tuple(oil_assets().to_dict("records"))


@cache
def brent_monthly() -> pd.Series:
    """Brent monthly average, USD per barrel, indexed by 'YYYY-MM'."""
    table = pd.read_csv(DATA_DIR / "brent_monthly_usd_2012_2025.csv")
    return table.set_index("month")["brent_usd_per_bbl"]


@cache
def brent_by_month() -> dict[str, float]:
    """The Brent series as a plain dict, 'YYYY-MM' -> USD per barrel, in month order.

    The model looks up a price every week; a dict does that much faster than a Series.
    """
    return {month: float(price) for month, price in brent_monthly().sort_index().items()}


@cache
def observed_production() -> pd.DataFrame:
    """Observed crude production (kbpd), monthly averages and NOC spot figures."""
    return pd.read_csv(DATA_DIR / "production_2019_2020_pre_deal.csv", parse_dates=["date"])


@cache
def observed_losses() -> pd.DataFrame:
    """NOC's cumulative blockade losses (billion USD) by date."""
    return pd.read_csv(DATA_DIR / "blockade_losses_pre_deal.csv", parse_dates=["date"])


@cache
def observed_events() -> pd.DataFrame:
    """Dated events up to 19 September 2020 with their sources."""
    return pd.read_csv(DATA_DIR / "events_2019_2020.csv", parse_dates=["date"])


@cache
def observed_electricity() -> pd.DataFrame:
    """Power-cut reports and protests of 2020 with their sources."""
    return pd.read_csv(DATA_DIR / "electricity_2020.csv", parse_dates=["date"])


def asset_names() -> tuple[str, ...]:
    """Names of all oil fields and terminals, as scenario files must spell them."""
    return tuple(oil_assets()["name"])
