"""The observed record of Libya's other oil blockades (2013-2022), read explicitly.

`config/data/episodes/` holds the project's copy of sourced production figures and events of
four episodes (see its README). Their dates and figures are written as the sources give them:
a date may be a year, a month, a part of a month ("2014-02-(mid)"), an approximate day
("2014-04-(~16)"), two days ("2016-12-14/15") or a span ("2013-01_to_2013-11"); a figure may be
a number, a range ("600-630") or a bound ("<300", ">650"). Nothing here guesses a midpoint:
each date becomes the first and last day it may mean, with a flag when the source hedges, and
each figure the lowest and highest value it allows (a bound leaves one side open).

An unreadable date or figure is a `ValueError` naming it: the files are data, and a new row
written in a new way must be read deliberately, not skipped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

EPISODES_DIR = Path(__file__).parent / "data" / "episodes"

PARTS_OF_A_MONTH = {  # a qualifier -> the first and last day it may mean (None: the month's end)
    "early": (1, 10),
    "early-mid": (1, 20),
    "mid": (11, 20),
    "late": (21, None),
    "first week": (1, 7),
}


class Period(NamedTuple):
    """What a written date may mean: its first and last day, and whether the source hedges."""

    first: dt.date
    last: dt.date
    approximate: bool


class Bounds(NamedTuple):
    """What a written figure allows: its lowest and highest value (NaN: open on that side)."""

    low: float
    high: float

    @property
    def is_exact(self) -> bool:
        """True for a plain number."""
        return self.low == self.high


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _days(year: int, month: int, first: int, last: int | None) -> tuple[dt.date, dt.date]:
    end = _month_end(year, month) if last is None else last
    return dt.date(year, month, first), dt.date(year, month, end)


def parse_period(text: str) -> Period:
    """The days a written date may mean, e.g. '2014-02-(mid)' -> 11 to 20 February 2014.

    Raises:
        ValueError: a date written in a way this reader does not know, or no date at all.
    """
    try:
        period = _read_period(text.strip(), text)
    except ValueError as exc:
        if str(exc).startswith("unreadable"):
            raise
        raise ValueError(f"unreadable date {text!r}: {exc}") from None
    if period.first > period.last:
        raise ValueError(f"unreadable date {text!r}: its days run backwards")
    return period


def _read_period(written: str, text: str) -> Period:
    if match := re.fullmatch(r"(\d{4})", written):
        year = int(match[1])
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), False)
    if match := re.fullmatch(r"(\d{4})-(\d\d)_to_(\d{4})-(\d\d)", written):
        y1, m1, y2, m2 = map(int, match.groups())
        return Period(dt.date(y1, m1, 1), dt.date(y2, m2, _month_end(y2, m2)), False)
    if match := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:/(\d\d))?", written):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        last = int(match[4]) if match[4] else day
        return Period(dt.date(year, month, day), dt.date(year, month, last), match[4] is not None)
    if match := re.fullmatch(r"(\d{4})-(\d\d)/(\d\d)-\(approx\)", written):
        year, first_month, last_month = map(int, match.groups())
        last = dt.date(year, last_month, _month_end(year, last_month))
        return Period(dt.date(year, first_month, 1), last, True)
    if match := re.fullmatch(r"(\d{4})-(\d\d)(?:-?\s*\((.+)\))?", written):
        year, month, qualifier = int(match[1]), int(match[2]), match[3]
        if qualifier is None:
            return Period(*_days(year, month, 1, None), False)
        return _part_of_month(year, month, qualifier.strip(), text)
    raise ValueError(f"unreadable date {text!r}")


def _part_of_month(year: int, month: int, qualifier: str, text: str) -> Period:
    """A month narrowed by its qualifier: 'mid', '~16', '~8-9', '4-8', 'pre-17', 'approx'."""
    if qualifier == "approx":
        return Period(*_days(year, month, 1, None), True)
    for part, (first, last) in PARTS_OF_A_MONTH.items():
        if qualifier == part or qualifier.startswith(f"{part},"):  # 'first week, planned'
            return Period(*_days(year, month, first, last), True)
    if match := re.fullmatch(r"(~?)(\d{1,2})(?:-(\d{1,2}))?", qualifier):
        first = int(match[2])
        last = int(match[3]) if match[3] else first
        return Period(*_days(year, month, first, last), bool(match[1]) or match[3] is not None)
    if match := re.fullmatch(r"pre-(\d{1,2})", qualifier):
        return Period(*_days(year, month, 1, int(match[1]) - 1), True)
    raise ValueError(f"unreadable date {text!r} (qualifier {qualifier!r})")


def parse_figure(text: str) -> Bounds:
    """The values a written figure allows: '600-630' -> 600 to 630, '<300' -> up to 300.

    Raises:
        ValueError: a figure written in a way this reader does not know.
    """
    written = str(text).strip()
    if match := re.fullmatch(r"\d+(?:\.\d+)?", written):
        value = float(written)
        return Bounds(value, value)
    if match := re.fullmatch(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)", written):
        low, high = float(match[1]), float(match[2])
        if low > high:
            raise ValueError(f"unreadable figure {text!r}: its range runs backwards")
        return Bounds(low, high)
    if match := re.fullmatch(r"([<>])(\d+(?:\.\d+)?)", written):
        bound = float(match[2])
        return Bounds(math.nan, bound) if match[1] == "<" else Bounds(bound, math.nan)
    raise ValueError(f"unreadable figure {text!r}")


def _with_periods(table: pd.DataFrame) -> pd.DataFrame:
    periods = [parse_period(text) for text in table["date"]]
    table["first_day"] = [period.first for period in periods]
    table["last_day"] = [period.last for period in periods]
    table["approximate"] = [period.approximate for period in periods]
    return table


def episode_production() -> pd.DataFrame:
    """National crude output of the four episodes, kbpd, with dates and figures read.

    Columns: episode, date (as written), kind (spot, monthly_avg, annual_avg), kbpd (as
    written), note, source, first_day, last_day, approximate, kbpd_low, kbpd_high (NaN where a
    bound leaves a side open).
    """
    return _production().copy()  # a copy: the cached table stays as read


@cache
def _production() -> pd.DataFrame:
    table = _with_periods(pd.read_csv(EPISODES_DIR / "production.csv", dtype=str))
    bounds = [parse_figure(text) for text in table["kbpd"]]
    table["kbpd_low"] = [bound.low for bound in bounds]
    table["kbpd_high"] = [bound.high for bound in bounds]
    return table


def episode_events() -> pd.DataFrame:
    """Dated events of the four episodes (seizures, force majeure, deals, brokers, reopenings).

    Columns: episode, date (as written), actor, event, note, source, first_day, last_day,
    approximate.
    """
    return _events().copy()  # a copy: the cached table stays as read


@cache
def _events() -> pd.DataFrame:
    return _with_periods(pd.read_csv(EPISODES_DIR / "events.csv", dtype=str))
