"""The record of the other blockades (config/data/episodes/) is read as written, never guessed."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest

from config.datasets import DATA_DIR, brent_by_month
from config.episodes_record import (
    Period,
    episode_events,
    episode_production,
    parse_figure,
    parse_period,
)

EPISODES = {"2013_2014_jadhran", "2016_oil_crescent", "2018_ports_handover", "2022_bengdara"}
D = dt.date


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2020-09-18", Period(D(2020, 9, 18), D(2020, 9, 18), False)),
        ("2012", Period(D(2012, 1, 1), D(2012, 12, 31), False)),
        ("2016-02", Period(D(2016, 2, 1), D(2016, 2, 29), False)),
        ("2013-01_to_2013-11", Period(D(2013, 1, 1), D(2013, 11, 30), False)),
        ("2014-02-(mid)", Period(D(2014, 2, 11), D(2014, 2, 20), True)),
        ("2013-07 (early-mid)", Period(D(2013, 7, 1), D(2013, 7, 20), True)),
        ("2018-12-(late)", Period(D(2018, 12, 21), D(2018, 12, 31), True)),
        ("2016-11 (first week, planned)", Period(D(2016, 11, 1), D(2016, 11, 7), True)),
        ("2014-04-(~16)", Period(D(2014, 4, 16), D(2014, 4, 16), True)),
        ("2014-07-(~8-9)", Period(D(2014, 7, 8), D(2014, 7, 9), True)),
        ("2019-03-(4-8)", Period(D(2019, 3, 4), D(2019, 3, 8), True)),
        ("2022-04-(pre-17)", Period(D(2022, 4, 1), D(2022, 4, 16), True)),
        ("2016-12-14/15", Period(D(2016, 12, 14), D(2016, 12, 15), True)),
        ("2016-09/10-(approx)", Period(D(2016, 9, 1), D(2016, 10, 31), True)),
        ("2016-08-(approx)", Period(D(2016, 8, 1), D(2016, 8, 31), True)),
    ],
)
def test_a_written_date_becomes_the_days_it_may_mean(written: str, period: Period):
    assert parse_period(written) == period


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [("1200", 1200, 1200), ("600-630", 600, 630), ("<300", math.nan, 300), (">650", 650, math.nan)],
)
def test_a_written_figure_becomes_the_values_it_allows_with_bounds_left_open(
    written: str, low: float, high: float
):
    figure = parse_figure(written)
    assert figure.low == low or (math.isnan(low) and math.isnan(figure.low))
    assert figure.high == high or (math.isnan(high) and math.isnan(figure.high))
    assert figure.is_exact == (written == "1200")


@pytest.mark.parametrize("written", ["about 600", "630-600", "1,200"])
def test_a_figure_that_cannot_be_read_is_refused_by_name_not_guessed(written: str):
    with pytest.raises(ValueError, match=f"unreadable figure '{written}'"):
        parse_figure(written)


@pytest.mark.parametrize(
    "written",
    ["2014-02-(sometime)", "mid-2014", "2014/15", "2014-13", "2014-02-30", "2022-04-(pre-1)"],
)
def test_a_date_that_cannot_be_read_is_refused_by_name_not_guessed(written: str):
    with pytest.raises(ValueError, match=re.escape(f"unreadable date '{written}'")):
        parse_period(written)


def test_every_row_of_the_record_is_read_and_names_a_source_with_its_address():
    production, events = episode_production(), episode_events()
    assert set(production["episode"]) == set(events["episode"]) == EPISODES
    for table in (production, events):
        assert (table["first_day"] <= table["last_day"]).all()
        assert table["source"].str.contains("http").all()
    assert (production["kbpd_low"].fillna(0) <= production["kbpd_high"].fillna(1e9)).all()


def test_ranges_and_bounds_in_the_record_keep_both_ends():
    production = episode_production().set_index(["episode", "date"])
    jadhran_august = production.loc[("2013_2014_jadhran", "2013-08-16")]
    assert (jadhran_august["kbpd_low"], jadhran_august["kbpd_high"]) == (600.0, 630.0)
    jadhran_march = production.loc[("2013_2014_jadhran", "2014-03")]
    assert math.isnan(jadhran_march["kbpd_low"]) and jadhran_march["kbpd_high"] == 300.0
    bengdara = production.loc[("2022_bengdara", "2022-06-13")]
    assert (bengdara["kbpd_low"], bengdara["kbpd_high"]) == (100.0, 200.0)


def test_the_long_brent_series_agrees_with_the_models_where_they_overlap():
    model_series = brent_by_month()
    long_series = pd.read_csv(DATA_DIR / "brent_monthly_usd_2012_2025.csv").set_index("month")
    long_prices = long_series["brent_usd_per_bbl"]
    assert long_prices.index[0] == "2012-01" and long_prices.index[-1] >= "2025-01"
    assert all(long_prices[month] == price for month, price in model_series.items())
