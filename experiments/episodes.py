"""Episodes against their records: fit, recovery after the reopening, naive baselines.

An episode is a shipped scenario with an observed record (`Scenario.record`). This module
compares a weekly production path with that record and measures the recovery after the
reopening in the terms of issue 12:

- the fit: each figure of the record against the path, as a relative error. A figure may be a
  number, a range or a bound: a path inside a range or on the open side of a bound is exact;
  otherwise the error is its distance to the nearest allowed value, over that value;
- spot figures are compared with the week they fall in, monthly and annual averages with the
  mean of the weeks of their period;
- days to 50%, 80% and 100% of the pre-blockade output after the reopening;
- two naive forecasts of the record after the reopening: persistence (the last figure before
  the reopening stays), and the average recovery of the other episodes (the share of the gap
  to pre-blockade output they had closed so many days after their reopening).

Nothing here runs the model (a run that starts mid-closure builds it once, to read its normal
output): `experiments.episode_validation` runs it, through the sweep engine.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from config.scenarios import Scenario
from config.timeline import Blockade, Deal
from model import LibyaModel, oil

RECOVERY_SHARES = (0.5, 0.8, 1.0)
PRE_BLOCKADE_DAYS = 120  # figures this long before the first blockade give its level
TOLERANCE = 0.02  # a path within 2% of the pre-blockade level has reached it


@dataclass(frozen=True)
class EpisodeFrame:
    """What an episode's record is measured against: its dates and its pre-blockade level.

    Attributes:
        name: the scenario's name.
        blockade: the date of its first blockade event.
        reopening: the reopening its recovery is measured from (`reopening_date`).
        pre_blockade_kbpd: the median of the record's figures in the 120 days before the
            blockade (a fact of the record, not of the model), or the scenario's own
            `pre_blockade_kbpd` where its window starts after the blockade did.
        record: the numeric figures of the record (`record_figures`).

    """

    name: str
    blockade: dt.date
    reopening: dt.date
    pre_blockade_kbpd: float
    record: pd.DataFrame
    run_level_kbpd: float | None = None  # a run's own level where it starts mid-closure
    record_id: str | None = None  # the record's id (`config.records`), for charts

    @property
    def after_reopening(self) -> pd.DataFrame:
        """The figures whose period starts on or after the reopening."""
        return self.record[self.record["date"] >= pd.Timestamp(self.reopening)]


def record_figures(record: pd.DataFrame) -> pd.DataFrame:
    """The rows of a record with a figure: date, date_last, kind, low, high (NaN: open)."""
    kept = record[record[["low", "high"]].notna().any(axis=1)].copy()
    kept["date"] = pd.to_datetime(kept["date"])
    kept["date_last"] = pd.to_datetime(kept["date_last"])
    return kept.sort_values("date").reset_index(drop=True)


def reopening_date(scenario: Scenario) -> dt.date:
    """The reopening the episode's recovery is measured from.

    The scenario's own `reopening` if it gives one; otherwise the last reopening of its
    timeline (a `reopen` event or a deal that reopens), after which nothing stays blockaded.

    Raises:
        ValueError: the timeline never reopens.
    """
    if scenario.reopening is not None:
        return scenario.reopening
    dates = [
        event.date
        for event in scenario.events
        if event.type == "reopen" or (isinstance(event, Deal) and event.reopen)
    ]
    if not dates:
        raise ValueError(f"scenario {scenario.name!r} has no reopen event or reopening deal")
    return max(dates)


def blockade_date(scenario: Scenario) -> dt.date:
    """The date of the scenario's first blockade event."""
    dates = [event.date for event in scenario.events if isinstance(event, Blockade)]
    if not dates:
        raise ValueError(f"scenario {scenario.name!r} has no blockade event")
    return min(dates)


def figure_values(figures: pd.DataFrame) -> np.ndarray:
    """The value each figure stands for: a number, a range's middle, or a bound's value."""
    low = figures["low"].to_numpy(dtype=float)
    high = figures["high"].to_numpy(dtype=float)
    return np.where(np.isnan(low), high, np.where(np.isnan(high), low, (low + high) / 2))


def covered(band_low: np.ndarray, band_high: np.ndarray, figures: pd.DataFrame) -> np.ndarray:
    """Whether a band [low, high] meets what each figure allows (an open side has no limit)."""
    low = np.nan_to_num(figures["low"].to_numpy(dtype=float), nan=-np.inf)
    high = np.nan_to_num(figures["high"].to_numpy(dtype=float), nan=np.inf)
    return (band_high >= low) & (band_low <= high)


def episode_frame(scenario: Scenario, record: pd.DataFrame) -> EpisodeFrame:
    """The frame of an episode: its dates and the record's level before its blockade."""
    figures = record_figures(record)
    blockade = blockade_date(scenario)
    reopening = reopening_date(scenario)
    if scenario.pre_blockade_kbpd is not None:
        # the run starts during the closure: its own level before it is its normal output
        normal = oil.normal_production_kbpd(LibyaModel.from_scenario(scenario, rng=0))
        level = scenario.pre_blockade_kbpd
        return EpisodeFrame(
            scenario.name, blockade, reopening, level, figures, normal, scenario.record
        )
    before = figures[
        (figures["date"] < pd.Timestamp(blockade))
        & (figures["date"] >= pd.Timestamp(blockade) - pd.Timedelta(days=PRE_BLOCKADE_DAYS))
    ]
    if before.empty:
        raise ValueError(
            f"scenario {scenario.name!r}: its record has no figure in the {PRE_BLOCKADE_DAYS} "
            f"days before the blockade of {blockade}"
        )
    pre = float(np.median(figure_values(before)))
    return EpisodeFrame(scenario.name, blockade, reopening, pre, figures, None, scenario.record)


def path_at_figures(path: pd.Series, figures: pd.DataFrame) -> np.ndarray:
    """The path's value for each figure: the nearest week for a spot figure, else a mean.

    `path` is weekly production indexed by the date each week ends. A spot figure is compared
    with the week whose end is nearest its day (as the 2020 calibration does: an event fires
    in the week ending after it, so the week containing a day just before an event already
    shows it); an average with the mean of the weeks whose middle falls within its period (or
    the nearest week if none does). NaN where the figure lies outside the path, or where an
    average's period runs past the path's end (a year's average is not a January's).
    """
    index = path.index
    values = path.to_numpy(dtype=float)
    middles = index - pd.Timedelta(days=3)
    end = index[-1] + pd.Timedelta(days=3)
    result = np.full(len(figures), np.nan)
    for i, row in enumerate(figures.itertuples()):
        if row.date < index[0] - pd.Timedelta(days=7) or row.date > index[-1]:
            continue
        nearest = int(np.abs((index - row.date).days).argmin())
        if row.kind == "spot":
            result[i] = values[nearest]
            continue
        first, last = averaged_period(row.kind, row.date, row.date_last)
        if last > end:
            continue
        inside = (middles >= first) & (middles <= last)
        result[i] = values[inside].mean() if inside.any() else values[nearest]
    return result


def averaged_period(
    kind: str, first: pd.Timestamp, last: pd.Timestamp
) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The days an average covers.

    Its own period; or, if it is dated by a single day (the 2020 file puts a monthly average
    on the 15th), the calendar month or year of that day.
    """
    if first != last:
        return first, last
    if kind == "monthly_avg":
        return first.to_period("M").start_time, first.to_period("M").end_time.normalize()
    if kind == "annual_avg":
        return first.to_period("Y").start_time, first.to_period("Y").end_time.normalize()
    return first, last


def relative_errors(simulated: np.ndarray, figures: pd.DataFrame) -> np.ndarray:
    """Each simulated value's distance to what its figure allows, over the nearest value."""
    low = figures["low"].to_numpy(dtype=float)
    high = figures["high"].to_numpy(dtype=float)
    below = np.where(np.isnan(low), 0.0, np.maximum(low - simulated, 0.0))
    above = np.where(np.isnan(high), 0.0, np.maximum(simulated - high, 0.0))
    nearest = np.where(simulated < np.nan_to_num(low, nan=-np.inf), low, high)
    nearest = np.where(np.isnan(nearest), np.where(np.isnan(low), high, low), nearest)
    return (below + above) / nearest


def mape(simulated: np.ndarray, figures: pd.DataFrame) -> float:
    """Mean absolute percentage error over the figures the path covers (NaN: none)."""
    errors = relative_errors(simulated, figures)
    errors = errors[~np.isnan(errors)]
    return float(errors.mean()) if len(errors) else math.nan


def days_to_share(
    dates: pd.DatetimeIndex, values: np.ndarray, reopening: dt.date, level: float, share: float
) -> float:
    """Days from the reopening to the first date whose value reaches `share` of `level`.

    NaN if it never does within the dates given.
    """
    after = dates >= pd.Timestamp(reopening)
    reached = after & (values >= share * level * (1.0 - TOLERANCE))
    if not reached.any():
        return math.nan
    return float((dates[reached][0] - pd.Timestamp(reopening)).days)


def path_level(path: pd.Series, frame: EpisodeFrame) -> float:
    """A run's own pre-blockade output: its last week before the blockade.

    A run that starts during a closure (2016) has no week before it: its level is its normal
    production, undamaged capacity x utilisation, as the record's stated level is the output
    before the closure.
    """
    if frame.run_level_kbpd is not None:
        return frame.run_level_kbpd
    before = path[path.index < pd.Timestamp(frame.blockade)]
    return float(before.iloc[-1]) if len(before) else float(path.iloc[0])


def rescaled(path: pd.Series, frame: EpisodeFrame) -> pd.Series:
    """A run's path in units of its own pre-blockade output, times the record's.

    The casts' capacities are those of the 2020 list, with sourced changes: they admit each
    episode's record but need not equal it, so a run's level before the blockade can differ
    from the record's. Recovery is about shares of that level (days to 50, 80 and 100%), and
    the naive forecasts start from the record's level; so the model's forecast is compared on
    the same footing: `q(t) x pre_record / pre_run`.
    """
    return path * (frame.pre_blockade_kbpd / path_level(path, frame))


def path_recovery(path: pd.Series, frame: EpisodeFrame) -> dict[float, float]:
    """Days to each share of the run's own pre-blockade output after the reopening."""
    level = path_level(path, frame)
    return {
        share: days_to_share(path.index, path.to_numpy(), frame.reopening, level, share)
        for share in RECOVERY_SHARES
    }


def record_points(frame: EpisodeFrame) -> pd.Series:
    """The record as points in time (an average at the middle of its period), by date."""
    figures = frame.record
    middle = figures["date"] + (figures["date_last"] - figures["date"]) / 2
    dates = figures["date"].where(figures["kind"] == "spot", middle)
    values = figure_values(figures)
    return pd.Series(values, index=pd.DatetimeIndex(dates)).sort_index()


def record_recovery(frame: EpisodeFrame) -> dict[float, float]:
    """Days to each share of the pre-blockade output in the record after the reopening.

    The first figure that reaches the share dates it, so each is an upper bound (the record
    is sparse); NaN where no figure reaches it.
    """
    points = record_points(frame)
    return {
        share: days_to_share(
            points.index, points.to_numpy(), frame.reopening, frame.pre_blockade_kbpd, share
        )
        for share in RECOVERY_SHARES
    }


def level_at_reopening(frame: EpisodeFrame) -> float:
    """The record's last figure before the reopening: where recovery starts from."""
    points = record_points(frame)
    before = points[points.index < pd.Timestamp(frame.reopening)]
    if before.empty:
        raise ValueError(f"episode {frame.name!r}: no figure before the reopening")
    return float(before.iloc[-1])


def recovered_share_curve(frame: EpisodeFrame) -> pd.Series:
    """Share of the gap to pre-blockade output closed, by days after the reopening (record).

    0 at the reopening, then each figure after it; 1 means back to the pre-blockade level.
    """
    start = level_at_reopening(frame)
    gap = frame.pre_blockade_kbpd - start
    points = record_points(frame)
    after = points[points.index >= pd.Timestamp(frame.reopening)]
    days = (after.index - pd.Timestamp(frame.reopening)).days.to_numpy(dtype=float)
    shares = (after.to_numpy() - start) / gap if gap > 0 else np.ones(len(after))
    return (
        pd.concat([pd.Series([0.0], index=[0.0]), pd.Series(shares, index=days)])
        .groupby(level=0)
        .mean()
    )


def persistence_forecast(frame: EpisodeFrame, dates: pd.DatetimeIndex) -> pd.Series:
    """Naive forecast 1: the last figure before the reopening, held."""
    return pd.Series(level_at_reopening(frame), index=dates)


def others_average_forecast(
    frame: EpisodeFrame, others: Sequence[EpisodeFrame], dates: pd.DatetimeIndex
) -> pd.Series:
    """Naive forecast 2: the other episodes' average share of the gap closed, by day.

    Each other episode's curve is interpolated on days after its reopening (held flat after
    its last figure); their mean closes the same share of this episode's gap.
    """
    start = level_at_reopening(frame)
    gap = frame.pre_blockade_kbpd - start
    days = np.maximum((dates - pd.Timestamp(frame.reopening)).days.to_numpy(dtype=float), 0.0)
    curves = []
    for other in others:
        curve = recovered_share_curve(other)
        curves.append(np.interp(days, curve.index.to_numpy(), curve.to_numpy()))
    share = np.mean(curves, axis=0) if curves else np.zeros(len(days))
    return pd.Series(start + share * gap, index=dates)
