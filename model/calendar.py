"""Weekly calendar: model time is weeks since the start date; step k ends k weeks after it."""

from __future__ import annotations

import datetime as dt


def date_of(start: dt.date, weeks: float) -> dt.date:
    """Return the calendar date `weeks` weeks after `start`.

    Step k's recorded date is `date_of(start, k)`.
    """
    return start + dt.timedelta(days=round(7 * weeks))


def time_of(start: dt.date, date: dt.date) -> float:
    """Model time of a calendar date: fractional weeks since `start`.

    An event at time t takes effect in the first weekly step that ends after it: Mesa runs
    the step of week k at time k, and events between k-1 and k before it.
    """
    return (date - start).days / 7.0
