"""The app's charts: matplotlib figures drawn from a model's recorded weekly series.

Each function takes the weekly table (`LibyaModel.datacollector.get_model_vars_dataframe()`)
and the event log, draws on the full horizon so that the axes stay still while the model
plays, and returns a `Figure` (no pyplot state, safe with many browser tabs).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from agents.population import BLAMED_ACTORS
from config.actors import ACTOR_LABELS, REGIONS
from config.timeline import ACTOR_IDS, MEDIATORS
from experiments.plots import mark_events, plot_observed_losses, plot_observed_production
from model.influence import COMPONENTS

COLOURS = {
    "lna": "#1f77b4",
    "gna": "#ff7f0e",
    "maiteeq": "#2ca02c",
    "noc": "#d62728",
    "un": "#9467bd",
    "russia": "#8c564b",
    "us": "#e377c2",
    "turkey": "#7f7f7f",
}
REGION_COLOURS = {"west": "#17becf", "east": "#bcbd22", "south": "#8c6d31"}  # not actors' colours
MEDIATOR_WIDTHS = {"un": 4.0, "russia": 2.8, "us": 1.9, "turkey": 1.1}  # equal shares stay visible
COMPONENT_COLOURS = dict(
    zip(COMPONENTS, ("#444444", "#bcbd22", "#17becf", "#9467bd", "#d62728", "#ff7f0e"), strict=True)
)


def _dates(weekly: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(weekly["date"])


def _points(weekly: pd.DataFrame) -> dict[str, object]:
    """Line options that show the first week too: one point draws no line, so mark it."""
    return {"marker": "o", "markersize": 4} if len(weekly) == 1 else {}


def _frame(ax: Axes, span: tuple[dt.date, dt.date], events: pd.DataFrame, ylabel: str) -> None:
    # Legends and event labels are drawn by the app as text (viz.app.Chart): matplotlib's
    # text layout is the slowest part of a redraw.
    ax.set_xlim(pd.Timestamp(span[0]), pd.Timestamp(span[1]))
    ticks = quarter_ticks(span)
    ax.set_xticks(ticks, [f"{t:%b %Y}" for t in ticks])  # fixed ticks: no date locator work
    mark_events(ax, events, labels=False)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)


def _counterfactual(
    ax: Axes, compare: pd.DataFrame, column: str, colour: str, label: str | None = None
) -> None:
    """A counterfactual run's series, thin and dashed in the colour of the run's own.

    Without a label it stays out of the legend (the title says what is dashed).
    """
    ax.plot(
        _dates(compare), compare[column], color=colour, linestyle="--", linewidth=1, label=label
    )


def quarter_ticks(span: tuple[dt.date, dt.date]) -> list[pd.Timestamp]:
    """The first day of each quarter within the span."""
    return list(pd.date_range(span[0], span[1], freq="QS"))


def legend_entries(figure: Figure) -> list[tuple[str, str, str]]:
    """(symbol, label, colour) of every labelled series of a figure, once each, in order.

    The symbol says how the series is drawn: a line ("━", "╍" if dashed), markers ("●", or
    "■" for squares) or an area ("■").
    """
    entries: dict[str, tuple[str, str, str]] = {}
    for ax in figure.axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if isinstance(handle, Line2D):
                symbol = "━" if handle.get_linestyle() in ("-", "solid") else "╍"
                colour = handle.get_color()
            elif isinstance(handle, PathCollection):  # scatter markers: a square has 4 corners
                square = len(handle.get_paths()[0].vertices) <= 5
                symbol, colour = ("■" if square else "●"), handle.get_facecolor()[0]
            else:
                symbol, colour = "■", handle.get_facecolor()
                colour = colour[0] if len(colour) and not isinstance(colour[0], float) else colour
            entries.setdefault(label, (symbol, label, to_hex(colour)))
    return list(entries.values())


def _figure(rows: int = 1) -> tuple[Figure, list[Axes]]:
    # A fixed layout: matplotlib's constrained layout costs a third of the drawing time.
    height = 3.0 * rows
    figure = Figure(figsize=(9, height))
    axes = figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    figure.subplots_adjust(
        left=0.08, right=0.96, top=1 - 0.3 / height, bottom=0.35 / height, hspace=0.35
    )
    return figure, list(axes)


def influence_figure(
    weekly: pd.DataFrame,
    events: pd.DataFrame,
    span: tuple[dt.date, dt.date],
    compare: pd.DataFrame | None = None,
    compare_label: str = "",
) -> Figure:
    """Each actor's influence share over time; a counterfactual run dashed, if given."""
    figure, (ax,) = _figure()
    dates = _dates(weekly)
    for actor in ACTOR_IDS:
        ax.plot(
            dates,
            weekly[f"influence_{actor}"],
            color=COLOURS[actor],
            label=ACTOR_LABELS[actor],
            **_points(weekly),
        )
        if compare is not None:
            _counterfactual(ax, compare, f"influence_{actor}", COLOURS[actor])
    title = "Influence (share of all actors)"
    if compare is not None:
        title += f"; dashed: {compare_label}"
    ax.set_title(title)
    _frame(ax, span, events, "share")
    return figure


def decomposition_figure(
    weekly: pd.DataFrame, events: pd.DataFrame, span: tuple[dt.date, dt.date], actor: str
) -> Figure:
    """One actor's influence stacked by component: where its share comes from."""
    figure, (ax,) = _figure()
    columns = [weekly[f"influence_{c}_{actor}"] for c in COMPONENTS]
    ax.stackplot(
        _dates(weekly),
        columns,
        labels=COMPONENTS,
        colors=[COMPONENT_COLOURS[c] for c in COMPONENTS],
        alpha=0.8,
    )
    ax.set_title(f"Why: the components of {ACTOR_LABELS[actor]}'s influence")
    _frame(ax, span, events, "share")
    return figure


def oil_figure(
    weekly: pd.DataFrame,
    events: pd.DataFrame,
    span: tuple[dt.date, dt.date],
    compare: pd.DataFrame | None = None,
    compare_label: str = "",
) -> Figure:
    """Production against the observed record; revenue, cumulative loss and frozen funds."""
    figure, (production, money) = _figure(2)
    dates = _dates(weekly)
    production.plot(
        dates, weekly["production_kbpd"], label="model", color="#1f77b4", **_points(weekly)
    )
    if compare is not None:
        _counterfactual(production, compare, "production_kbpd", "#1f77b4", compare_label)
    plot_observed_production(production)
    production.set_title("Crude production")
    _frame(production, span, events, "kbpd")

    money.plot(
        dates, weekly["cumulative_loss_usd_bn"], color="#d62728", label="cumulative loss, bn USD"
    )
    money.plot(dates, weekly["frozen_usd_bn"], color="#9467bd", label="frozen revenue, bn USD")
    money.plot(
        dates, weekly["revenue_usd_m"] / 1000, color="#2ca02c", label="weekly revenue, bn USD"
    )
    if compare is not None:
        loss = f"cumulative loss, {compare_label}"
        _counterfactual(money, compare, "cumulative_loss_usd_bn", "#d62728", loss)
    plot_observed_losses(money)
    money.set_title("Revenue, blockade loss and frozen funds")
    _frame(money, span, events, "bn USD")
    return figure


def mediators_figure(
    weekly: pd.DataFrame, events: pd.DataFrame, span: tuple[dt.date, dt.date]
) -> Figure:
    """Each mediator's share of the attention paid to mediators."""
    figure, (ax,) = _figure()
    for mediator in MEDIATORS:
        ax.plot(
            _dates(weekly),
            weekly[f"prominence_{mediator}"],
            color=COLOURS[mediator],
            linewidth=MEDIATOR_WIDTHS[mediator],
            label=ACTOR_LABELS[mediator],
            **_points(weekly),
        )
    ax.set_title("Mediator prominence (equal shares: thinner lines on thicker ones)")
    _frame(ax, span, events, "share")
    return figure


def people_figure(
    weekly: pd.DataFrame, events: pd.DataFrame, span: tuple[dt.date, dt.date]
) -> Figure:
    """Hardship per region with its protests (ticks), and who the public blames."""
    figure, (hardship, blame) = _figure(2)
    dates = _dates(weekly)
    for region in REGIONS:
        colour = REGION_COLOURS[region]
        hardship.plot(
            dates, weekly[f"hardship_{region}"], color=colour, label=region, **_points(weekly)
        )
        protests = dates[weekly[f"protesting_{region}"] > 0]
        hardship.scatter(protests, [1.03] * len(protests), marker="|", s=80, color=colour)
    hardship.set_ylim(0, 1.08)
    hardship.set_title("Hardship by region (ticks: weeks with protests)")
    _frame(hardship, span, events, "index")
    for actor in BLAMED_ACTORS:
        blame.plot(
            dates,
            weekly[f"blame_{actor}"],
            color=COLOURS[actor],
            label=ACTOR_LABELS[actor],
            **_points(weekly),
        )
    blame.set_title("Who the public blames")
    _frame(blame, span, events, "share")
    return figure
