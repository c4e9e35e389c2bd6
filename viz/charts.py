"""The app's charts: matplotlib figures drawn from a model's recorded weekly series.

Each function takes the weekly table (`LibyaModel.datacollector.get_model_vars_dataframe()`)
and the event log (and, where actors are drawn, the run's cast: its actors, mediators,
regions and labels), draws on the full horizon so that the axes stay still while the model
plays, and returns a `Figure` (no pyplot state, safe with many browser tabs).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from config.cast import Cast
from config.records import RECORD_2020
from experiments.plots import mark_events, plot_observed_losses, plot_observed_record
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


def _spare_palette() -> tuple[str, ...]:
    """Colours for actors and regions of other casts: matplotlib's tab20b and tab20c.

    Darkest shade of each hue first (the five dark ones of tab20b, then of tab20c), then the
    next shade, leaving out the colours of the 2020 actors and regions: 39 colours, in a fixed
    order, cycled if a cast has more.
    """
    taken = {*COLOURS.values(), *REGION_COLOURS.values()}
    shades = [[to_hex(c) for c in colormaps[name].colors] for name in ("tab20b", "tab20c")]
    ordered = [hues[4 * hue + shade] for shade in range(4) for hues in shades for hue in range(5)]
    return tuple(colour for colour in ordered if colour not in taken)


OTHER_COLOURS = _spare_palette()  # actors and regions of other casts
MEDIATOR_WIDTHS = (4.0, 2.8, 1.9, 1.1)  # in turn, thinner: equal shares stay visible
COMPONENT_COLOURS = dict(
    zip(COMPONENTS, ("#444444", "#bcbd22", "#17becf", "#9467bd", "#d62728", "#ff7f0e"), strict=True)
)


def colour_of(actor: str, cast: Cast) -> str:
    """An actor's colour: its own for the 2020 actors, the spare palette in turn for others."""
    if actor in COLOURS:
        return COLOURS[actor]
    others = [a for a in cast.actor_ids if a not in COLOURS]
    return OTHER_COLOURS[others.index(actor) % len(OTHER_COLOURS)]


def region_colour(region: str, cast: Cast) -> str:
    """A region's colour: its own for the 2020 regions, the spare palette from its end else."""
    if region in REGION_COLOURS:
        return REGION_COLOURS[region]
    others = [r.id for r in cast.regions if r.id not in REGION_COLOURS]
    return OTHER_COLOURS[-1 - others.index(region) % len(OTHER_COLOURS)]


def _dates(weekly: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(weekly["date"])


def _points(weekly: pd.DataFrame) -> dict[str, object]:
    """Line options that show the first week too: one point draws no line, so mark it."""
    return {"marker": "o", "markersize": 4} if len(weekly) == 1 else {}


def _frame(ax: Axes, span: tuple[dt.date, dt.date], events: pd.DataFrame, ylabel: str) -> None:
    # Legends and event labels are drawn by the app as text (viz.views.Chart): matplotlib's
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

    The symbol says how the series is drawn: a line ("━", "╍" if dashed), markers ("●", "■"
    for squares, "◆" for diamonds, "▲" or "▼" for triangles) or an area ("■").
    """
    entries: dict[str, tuple[str, str, str]] = {}
    for ax in figure.axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if isinstance(handle, Line2D):
                symbol = "━" if handle.get_linestyle() in ("-", "solid") else "╍"
                colour = handle.get_color()
            elif isinstance(handle, PathCollection):
                symbol, colour = marker_symbol(handle), handle.get_facecolor()[0]
            else:
                symbol, colour = "■", handle.get_facecolor()
                colour = colour[0] if len(colour) and not isinstance(colour[0], float) else colour
            entries.setdefault(label, (symbol, label, to_hex(colour)))
    return list(entries.values())


def marker_symbol(markers: PathCollection) -> str:
    """The character for a scatter's marker, told by the corners of its path."""
    corners = markers.get_paths()[0].vertices
    if len(corners) == 4:  # a closed triangle: its apex up or down
        return "▲" if corners[0][1] > 0 else "▼"
    if len(corners) == 5:  # a square, or a square turned on its corner
        return "◆" if abs(corners[0][0]) < 1e-9 else "■"
    return "●"


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
    cast: Cast,
    compare: pd.DataFrame | None = None,
    compare_label: str = "",
) -> Figure:
    """Each actor's influence share over time; a counterfactual run dashed, if given."""
    figure, (ax,) = _figure()
    dates = _dates(weekly)
    for actor in cast.actor_ids:
        colour = colour_of(actor, cast)
        ax.plot(
            dates,
            weekly[f"influence_{actor}"],
            color=colour,
            label=cast.labels[actor],
            **_points(weekly),
        )
        if compare is not None:
            _counterfactual(ax, compare, f"influence_{actor}", colour)
    title = "Influence (share of all actors)"
    if compare is not None:
        title += f"; dashed: {compare_label}"
    ax.set_title(title)
    _frame(ax, span, events, "share")
    return figure


def decomposition_figure(
    weekly: pd.DataFrame,
    events: pd.DataFrame,
    span: tuple[dt.date, dt.date],
    actor: str,
    label: str,
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
    ax.set_title(f"Why: the components of {label}'s influence")
    _frame(ax, span, events, "share")
    return figure


def oil_figure(
    weekly: pd.DataFrame,
    events: pd.DataFrame,
    span: tuple[dt.date, dt.date],
    compare: pd.DataFrame | None = None,
    compare_label: str = "",
    record: str | None = None,
) -> Figure:
    """Production against the observed record; revenue, cumulative loss and frozen funds.

    `record` is the scenario's observed record (`config.records`), drawn by kind of figure
    within the run's span; with the 2020 record, the NOC's loss statements too.
    """
    figure, (production, money) = _figure(2)
    dates = _dates(weekly)
    production.plot(
        dates, weekly["production_kbpd"], label="model", color="#1f77b4", **_points(weekly)
    )
    if compare is not None:
        _counterfactual(production, compare, "production_kbpd", "#1f77b4", compare_label)
    plot_observed_record(production, record, span)
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
    if record == RECORD_2020:
        plot_observed_losses(money)
    money.set_title("Revenue, blockade loss and frozen funds")
    _frame(money, span, events, "bn USD")
    return figure


def mediators_figure(
    weekly: pd.DataFrame, events: pd.DataFrame, span: tuple[dt.date, dt.date], cast: Cast
) -> Figure:
    """Each mediator's share of the attention paid to mediators."""
    figure, (ax,) = _figure()
    for index, mediator in enumerate(cast.roles.mediators):
        ax.plot(
            _dates(weekly),
            weekly[f"prominence_{mediator}"],
            color=colour_of(mediator, cast),
            linewidth=MEDIATOR_WIDTHS[min(index, len(MEDIATOR_WIDTHS) - 1)],
            label=cast.labels[mediator],
            **_points(weekly),
        )
    ax.set_title("Mediator prominence (equal shares: thinner lines on thicker ones)")
    _frame(ax, span, events, "share")
    return figure


def people_figure(
    weekly: pd.DataFrame, events: pd.DataFrame, span: tuple[dt.date, dt.date], cast: Cast
) -> Figure:
    """Hardship per region with its protests (ticks), and who the public blames."""
    figure, (hardship, blame) = _figure(2)
    dates = _dates(weekly)
    for region, name in ((r.id, r.label or r.id) for r in cast.regions):
        colour = region_colour(region, cast)
        hardship.plot(
            dates, weekly[f"hardship_{region}"], color=colour, label=name, **_points(weekly)
        )
        protests = dates[weekly[f"protesting_{region}"] > 0]
        hardship.scatter(protests, [1.03] * len(protests), marker="|", s=80, color=colour)
    hardship.set_ylim(0, 1.08)
    hardship.set_title("Hardship by region (ticks: weeks with protests)")
    _frame(hardship, span, events, "index")
    for actor in cast.roles.blamed:
        blame.plot(
            dates,
            weekly[f"blame_{actor}"],
            color=colour_of(actor, cast),
            label=cast.labels[actor],
            **_points(weekly),
        )
    blame.set_title("Who the public blames")
    _frame(blame, span, events, "share")
    return figure
