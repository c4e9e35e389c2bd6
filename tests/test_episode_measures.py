"""How a production path is measured against an episode's record (experiments/episodes.py)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from experiments import episodes as ep

NAN = math.nan


def figures(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    """A record from (first day, last day, kind, low, high) rows."""
    table = pd.DataFrame(rows, columns=["date", "date_last", "kind", "low", "high"])
    return ep.record_figures(table)


def test_a_path_inside_a_range_or_on_the_open_side_of_a_bound_is_exact():
    record = figures(
        [
            ("2013-08-16", "2013-08-16", "spot", 600.0, 630.0),  # '600-630'
            ("2013-09-03", "2013-09-03", "spot", 250.0, 250.0),
            ("2014-03-01", "2014-03-31", "monthly_avg", NAN, 300.0),  # '<300'
            ("2014-08-28", "2014-08-28", "spot", 650.0, NAN),  # '>650'
        ]
    )
    assert ep.relative_errors(np.array([615.0, 250.0, 280.0, 700.0]), record).tolist() == [0] * 4
    errors = ep.relative_errors(np.array([660.0, 200.0, 330.0, 585.0]), record)
    assert errors == pytest.approx([30 / 630, 50 / 250, 30 / 300, 65 / 650])


def test_spot_figures_meet_the_nearest_week_and_averages_the_mean_of_their_weeks():
    dates = pd.date_range("2014-01-01", periods=10, freq="7D")
    path = pd.Series(np.arange(10) * 100.0, index=dates)
    record = figures(
        [
            ("2014-01-09", "2014-01-09", "spot", 1.0, 1.0),  # nearest week's end: 8 Jan
            ("2014-02-01", "2014-02-28", "monthly_avg", 1.0, 1.0),  # weeks ending 5 Feb-26 Feb
            ("2014-03-01", "2014-03-31", "monthly_avg", 1.0, 1.0),  # runs past the path's end
            ("2015-01-01", "2015-01-01", "spot", 1.0, 1.0),  # after the run
        ]
    )
    values = ep.path_at_figures(path, record)
    assert values[0] == 100.0
    assert values[1] == pytest.approx(np.mean([500.0, 600.0, 700.0, 800.0]))
    assert math.isnan(values[2])  # the March average: the path ends on 5 March
    assert math.isnan(values[3])


def test_days_to_a_share_count_from_the_reopening_and_are_nan_when_never_reached():
    dates = pd.date_range("2018-07-01", periods=6, freq="7D")
    values = np.array([100.0, 400.0, 700.0, 850.0, 990.0, 1000.0])
    reopening = dt.date(2018, 7, 8)
    assert ep.days_to_share(dates, values, reopening, 1000.0, 0.5) == 7
    assert ep.days_to_share(dates, values, reopening, 1000.0, 0.8) == 14
    assert ep.days_to_share(dates, values, reopening, 1000.0, 1.0) == 21  # within 2%
    assert math.isnan(ep.days_to_share(dates, values, reopening, 1200.0, 1.0))


def frame(name: str, reopening: str, points: list[tuple[str, float]]) -> ep.EpisodeFrame:
    record = figures([(day, day, "spot", value, value) for day, value in points])
    reopened = dt.date.fromisoformat(reopening)
    return ep.EpisodeFrame(name, dt.date(2000, 1, 1), reopened, 1000.0, record)


def test_the_naive_forecasts_hold_the_last_level_or_close_the_others_share_of_the_gap():
    left_out = frame("a", "2020-01-10", [("2020-01-01", 200.0), ("2020-02-01", 900.0)])
    other = frame("b", "2019-01-10", [("2019-01-01", 0.0), ("2019-01-24", 500.0)])
    dates = pd.DatetimeIndex(["2020-01-10", "2020-01-24", "2020-03-01"])
    assert ep.persistence_forecast(left_out, dates).tolist() == [200.0] * 3
    # the other episode closed half its gap 14 days after its reopening, and held there
    assert ep.others_average_forecast(left_out, [other], dates).tolist() == pytest.approx(
        [200.0, 600.0, 600.0]
    )


def test_the_record_dates_a_recovery_by_the_first_figure_that_reaches_it():
    record = frame(
        "c", "2018-07-11", [("2018-06-01", 300.0), ("2018-08-10", 800.0), ("2018-08-16", 1000.0)]
    )
    assert ep.record_recovery(record) == {0.5: 30.0, 0.8: 30.0, 1.0: 36.0}


def test_an_average_dated_by_one_day_means_its_calendar_month_or_year():
    dates = pd.date_range("2020-01-05", periods=10, freq="7D")
    path = pd.Series(np.arange(10) * 100.0, index=dates)
    record = figures([("2020-02-15", "2020-02-15", "monthly_avg", 1.0, 1.0)])  # as in 2020's file
    february = path[(path.index - pd.Timedelta(days=3)).month == 2]
    assert ep.path_at_figures(path, record)[0] == pytest.approx(february.mean())
