"""Observed production records, one tidy table whichever episode they come from.

A scenario names its record (`record = "<id>"`, `config.scenarios`): `"2020"` for the 2019-2020
record of `config/data/production_2019_2020_pre_deal.csv` (`config.datasets`), or an episode
id of `config/data/episodes/production.csv` (`config.episodes_record`) for the earlier
blockades. `observed_record` gives either as the same columns, so that charts and fits need
not know which file a figure came from.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from config.datasets import observed_production
from config.episodes_record import episode_production

RECORD_2020 = "2020"
RECORD_COLUMNS = ("date", "date_last", "approximate", "kind", "low", "high", "kbpd", "source")


@cache
def record_ids() -> tuple[str, ...]:
    """Every record a scenario may name: "2020" and the episode ids, in order."""
    return (RECORD_2020, *dict.fromkeys(episode_production()["episode"]))


def observed_record(record_id: str) -> pd.DataFrame:
    """The observed national crude output of one record, kbpd, one row per figure.

    Columns: date (the first day a figure may mean) and date_last (its last day; the same for
    a day), approximate (the source hedges the date), kind (spot, monthly_avg, annual_avg),
    low and high (the values the figure allows; NaN on an open side: "<300" has no low),
    kbpd (the figure, or a range's midpoint; NaN where a bound is open) and source. The 2020
    record is dated by day as its file is (a monthly average on the 15th), and exact.

    Raises:
        ValueError: an unknown record id, naming the known ones.
    """
    if record_id == RECORD_2020:
        observed = observed_production()
        dates = pd.to_datetime(observed["date"])
        table = pd.DataFrame(
            {
                "date": dates,
                "date_last": dates,
                "approximate": False,
                "kind": observed["kind"],
                "low": observed["kbpd"].astype(float),
                "high": observed["kbpd"].astype(float),
                "source": observed["source"],
            }
        )
    elif record_id in record_ids():
        rows = episode_production()
        rows = rows[rows["episode"] == record_id]
        table = pd.DataFrame(
            {
                "date": pd.to_datetime(rows["first_day"]),
                "date_last": pd.to_datetime(rows["last_day"]),
                "approximate": rows["approximate"].astype(bool),
                "kind": rows["kind"],
                "low": rows["kbpd_low"].astype(float),
                "high": rows["kbpd_high"].astype(float),
                "source": rows["source"],
            }
        )
    else:
        raise ValueError(f"unknown record {record_id!r}; known records: {', '.join(record_ids())}")
    table["kbpd"] = [
        (low + high) / 2 if not (math.isnan(low) or math.isnan(high)) else math.nan
        for low, high in zip(table["low"], table["high"], strict=True)
    ]
    return (
        table.loc[:, list(RECORD_COLUMNS)].sort_values("date", kind="stable").reset_index(drop=True)
    )
