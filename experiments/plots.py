"""An overview chart of a run (or an ensemble) against the observed record, as a PNG.

Six panels: production and cumulative loss against the NOC's and OPEC's figures, influence
shares, mediator prominence, regional hardship with protests, and blame. With several
replications, lines are medians and bands the 5-95% range. Every panel shades the weeks after
the record's last figure as the model's forecast (`mark_record_end`), as the app does, and
draws in the colour-blind-safe colours of `experiments.colours`.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from config.cast import Cast
from config.datasets import observed_losses
from config.records import RECORD_2020, observed_record
from experiments import colours
from experiments.runner import RunResult

RECORD_STYLES = {  # kind of figure -> marker and colour
    kind: (marker, colours.RECORD[kind])
    for kind, marker in (("monthly_avg", "s"), ("spot", "o"), ("annual_avg", "D"))
}
FORECAST_ALPHA = 0.13  # the forecast's shade: light enough for the lines to show through it
FORECAST_LABEL = "forecast (after the record)"
MARKED_EVENTS = {"blockade": "blockade", "military_retreat": "retreat", "deal": "deal"}


def _by_date(results: list[RunResult], column: str) -> pd.DataFrame:
    """A column as a date x replication table."""
    return pd.DataFrame(
        {
            index: r.model.set_index(pd.to_datetime(r.model["date"]))[column]
            for index, r in enumerate(results)
        }
    )


def _line(ax: Axes, results: list[RunResult], column: str, label: str, **style: object) -> None:
    table = _by_date(results, column)
    (line,) = ax.plot(table.index, table.median(axis=1), label=label, **style)
    if table.shape[1] > 1:
        low, high = table.quantile(0.05, axis=1), table.quantile(0.95, axis=1)
        ax.fill_between(table.index, low, high, color=line.get_color(), alpha=0.2, linewidth=0)


def marked_events(events: pd.DataFrame) -> pd.DataFrame:
    """The blockade, retreat and deal events of a log: their dates and kinds."""
    marked = events[(events["category"] == "event") & events["kind"].isin(MARKED_EVENTS)]
    return marked[["date", "kind"]].drop_duplicates()


@cache
def record_end(record: str | None, span: tuple[dt.date, dt.date]) -> str | None:
    """The last day of the record's figures within the span, if it ends before the span does.

    The weeks after it are the model's forecast; None without a record, or with none of its
    figures within the span, or with figures to the span's end.
    """
    if record is None:
        return None
    table = observed_record(record)
    first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    within = table[(table["date_last"] >= first) & (table["date"] <= last)]
    if within.empty:
        return None
    end = min(within["date_last"].max(), last)
    return None if end >= last else f"{end:%Y-%m-%d}"


def mark_record_end(
    ax: Axes, record: str | None, span: tuple[dt.date, dt.date], label: bool = True
) -> str | None:
    """Shade the weeks after the record's last figure within `span`: the model's forecast.

    A grey band from the record's end to the span's end, in the legend as "forecast (after
    the record)" if `label`, and a solid line where the record ends. Returns the end's date,
    or None (and draws nothing) where the record covers the span or there is none.
    """
    end = record_end(record, (pd.Timestamp(span[0]).date(), pd.Timestamp(span[1]).date()))
    if end is None:
        return None
    ax.axvspan(
        pd.Timestamp(end),
        pd.Timestamp(span[1]),
        color=colours.FORECAST_SHADE,
        alpha=FORECAST_ALPHA,
        linewidth=0,
        zorder=0,
        label=FORECAST_LABEL if label else None,
    )
    ax.axvline(pd.Timestamp(end), color=colours.FORECAST_SHADE, linewidth=1, zorder=0)
    return end


def mark_events(ax: Axes, events: pd.DataFrame, labels: bool = True) -> None:
    """Dotted vertical lines at the blockade, retreat and deal events of a log, labelled or not."""
    for date, kind in marked_events(events).itertuples(index=False):
        ax.axvline(pd.Timestamp(date), color="0.6", linestyle=":", linewidth=1)
        if not labels:
            continue
        ax.annotate(
            MARKED_EVENTS[kind],
            (pd.Timestamp(date), 1.0),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            ha="right",
            fontsize=7,
            color="0.4",
        )


def plot_observed_record(
    ax: Axes, record_id: str | None, span: tuple[dt.date, dt.date] | None = None
) -> None:
    """A record's production figures (`config.records.observed_record`), kbpd, by kind.

    Each kind of figure has its marker and colour (monthly averages black squares, spot figures
    grey dots, annual averages dark diamonds), labelled "observed (<kind>)". A figure is drawn
    at the middle of the days it may mean, with a thin horizontal bar across them if they are
    more than one; a range is its midpoint with a vertical bar from its low to its high; an open
    bound ("<300") a triangle at the bound pointing to its open side, with a short dotted bar
    that way. Only figures within `span` are drawn, if given; nothing without a record.
    """
    if record_id is None:
        return
    record = observed_record(record_id)
    if span is not None:
        first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
        record = record[(record["date_last"] >= first) & (record["date"] <= last)]
    middle = record["date"] + (record["date_last"] - record["date"]) / 2
    for kind, (marker, colour) in RECORD_STYLES.items():
        rows = record[record["kind"] == kind]
        if rows.empty:
            continue
        label = f"observed ({kind.replace('_', ' ')})"
        style = {"color": colour, "zorder": 3}
        figures = rows[rows["kbpd"].notna()]
        if len(figures):
            ax.scatter(
                middle[figures.index], figures["kbpd"], marker=marker, s=14, label=label, **style
            )
        ranges = figures[figures["low"] < figures["high"]]
        ax.vlines(middle[ranges.index], ranges["low"], ranges["high"], linewidth=1, **style)
        periods = rows[rows["date_last"] > rows["date"]]
        level = periods["kbpd"].fillna(periods["low"]).fillna(periods["high"])
        ax.hlines(
            level,
            periods["date"],
            periods["date_last"] + pd.Timedelta(days=1),
            linewidth=0.8,
            alpha=0.6,
            **style,
        )
        for side, bound, other, triangle, reach in (
            ("at most", "high", "low", "v", 0.88),
            ("at least", "low", "high", "^", 1.12),
        ):
            open_ = rows[rows[other].isna() & rows[bound].notna()]
            if open_.empty:
                continue
            ax.scatter(
                middle[open_.index],
                open_[bound],
                marker=triangle,
                s=22,
                label=f"{label}, {side}",
                **style,
            )
            ax.vlines(
                middle[open_.index],
                open_[bound],
                open_[bound] * reach,
                linewidth=1,
                linestyle=":",
                **style,
            )


def plot_observed_losses(ax: Axes) -> None:
    """NOC's statements of cumulative blockade losses (bn USD) as dots in the record's colour."""
    losses = observed_losses()
    ax.scatter(
        losses["date"],
        losses["cumulative_loss_usd_bn"],
        s=14,
        color=colours.RECORD["monthly_avg"],
        zorder=3,
        label="NOC statements",
    )


def overview_figure(
    results: list[RunResult], cast: Cast, title: str, record: str | None = RECORD_2020
) -> Figure:
    """The six-panel overview of one run or an ensemble of runs of one scenario.

    Actors, mediators, regions and the blamed are the scenario's cast's, with its labels; the
    observed production is the scenario's `record` (`config.records`), and the NOC's loss
    statements are drawn with the 2020 record.
    """
    labels = cast.labels
    figure = Figure(figsize=(13, 11), layout="constrained")
    axes = figure.subplots(3, 2, sharex=True)
    production, loss, influence, prominence, hardship, blame = axes.flat

    _line(production, results, "production_kbpd", "model", color=colours.MODEL)
    plot_observed_record(production, record)
    production.set(ylabel="kbpd", title="Crude production")

    _line(
        loss,
        results,
        "cumulative_loss_usd_bn",
        "model: cumulative loss",
        color=colours.MONEY["loss"],
    )
    _line(loss, results, "frozen_usd_bn", "model: frozen revenue", color=colours.MONEY["frozen"])
    if record == RECORD_2020:
        plot_observed_losses(loss)
    loss.set(ylabel="bn USD", title="Blockade loss and frozen revenue")

    actor_colour = colours.actor_colours(cast)
    for actor in cast.actor_ids:
        _line(influence, results, f"influence_{actor}", labels[actor], color=actor_colour[actor])
    influence.set(ylabel="share", title="Influence")

    for mediator in cast.roles.mediators:
        _line(
            prominence,
            results,
            f"prominence_{mediator}",
            labels[mediator],
            color=actor_colour[mediator],
        )
    prominence.set(ylabel="share", title="Mediator prominence")

    for region, name in ((r.id, r.label or r.id) for r in cast.regions):
        _line(
            hardship, results, f"hardship_{region}", name, color=colours.region_colour(region, cast)
        )
        protests = _by_date(results, f"protesting_{region}").mean(axis=1)
        weeks = protests[protests >= 0.5].index
        hardship.scatter(
            weeks, [1.02] * len(weeks), marker="|", s=60, color=hardship.lines[-1].get_color()
        )
    hardship.set(ylabel="index", ylim=(0, 1.06), title="Hardship (ticks: protests in most runs)")

    for actor in cast.roles.blamed:
        _line(blame, results, f"blame_{actor}", labels[actor], color=actor_colour[actor])
    blame.set(ylabel="share", title="Blame")

    dates = pd.to_datetime(results[0].model["date"])
    for ax in axes.flat:
        ax.set_xlim(dates.iloc[0], dates.iloc[-1])
        mark_events(ax, results[0].events)
        mark_record_end(ax, record, (dates.iloc[0], dates.iloc[-1]))
        ax.legend(fontsize=7, loc="best")
        ax.grid(alpha=0.3)
    runs = f"median and 5-95% of {len(results)} runs" if len(results) > 1 else "one run"
    figure.suptitle(f"{title} ({runs})")
    return figure


def write_overview(
    results: list[RunResult],
    cast: Cast,
    title: str,
    path: Path,
    record: str | None = RECORD_2020,
) -> Path:
    """Save the overview chart as a PNG and return its path."""
    figure = overview_figure(results, cast, title, record)
    figure.savefig(path, dpi=110)
    return path
