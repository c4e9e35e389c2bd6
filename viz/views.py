"""The app's views of a run, one per tab: influence and why, oil, mediators, people, map, log.

Each view reads the model through `viz.run_data` (under the model's lock) and redraws when
Mesa's `update_counter` changes, that is after each step.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import update_counter

from experiments.plots import MARKED_EVENTS, marked_events
from model import LibyaModel
from viz import charts
from viz.event_log import EventLog
from viz.map import map_figure
from viz.run_data import cast_key, event_table, horizon, weekly_table

COMPONENT_GUIDE = (
    "Each component is the actor's share of it, times its weight (docs/ODD.md 7.13). "
    "**oil**: fields held, the leverage of a blockade, control of the revenue channel, and for "
    "the NOC operating the oil that flows; **money**: weekly spending, or support given by a "
    "patron; **legitimacy**: recognition times public standing (one minus blame); "
    "**backing**: support from a patron, given to a client, or (a power without a client) its "
    "pressure; **military**: strength, and "
    "forces on the ground; **prominence**: news attention."
)


@solara.component
def Chart(figure: Any) -> None:
    """A matplotlib figure as an image, with its legend as coloured text above it."""
    with solara.Row(style={"flex-wrap": "wrap", "gap": "4px 14px", "font-size": "0.8em"}):
        for symbol, label, colour in charts.legend_entries(figure):
            solara.Text(f"{symbol} {label}", style={"color": colour})
    solara.FigureMatplotlib(figure, format="png", dpi=80)


@solara.component
def EventMarkers(model: LibyaModel) -> None:
    """What the dotted lines on the charts mark."""
    update_counter.get()
    marked = marked_events(event_table(model))
    if len(marked):
        items = ", ".join(
            f"{MARKED_EVENTS[kind]} ({date})" for date, kind in marked.itertuples(index=False)
        )
        solara.Text(f"Dotted lines: {items}", style={"font-size": "0.8em", "color": "#666"})


@solara.component
def InfluenceView(model: LibyaModel, compare: tuple[str, pd.DataFrame] | None) -> None:
    """Influence shares over time, and one actor's influence broken into its components."""
    update_counter.get()
    actor, set_actor = solara.use_state(model.revenue_claimant.actor_id)
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    label, other = compare if compare else ("", None)
    Chart(charts.influence_figure(weekly, events, span, model.cast, other, label))
    if compare:
        solara.Text(f"Compared with {label} (dashed lines): same seed and your parameter changes.")
    labels = model.cast.labels
    by_label = {name: actor_id for actor_id, name in labels.items()}
    solara.Select(
        "Explain the influence of",
        value=labels[actor],
        values=list(by_label),
        on_value=lambda label: set_actor(by_label[label]),
    )
    Chart(charts.decomposition_figure(weekly, events, span, actor, labels[actor]))
    solara.Markdown(COMPONENT_GUIDE, style={"font-size": "0.8em", "color": "#555"})


@solara.component
def OilView(
    model: LibyaModel, compare: tuple[str, pd.DataFrame] | None, record: str | None
) -> None:
    """Production against the scenario's observed record; revenue, losses and frozen funds."""
    update_counter.get()
    label, other = compare if compare else ("", None)
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    Chart(charts.oil_figure(weekly, events, span, other, label, record))
    if record is None:
        solara.Text(
            "This scenario names no observed record to compare with.",
            style={"font-size": "0.8em", "color": "#666"},
        )


@solara.component
def MediatorsView(model: LibyaModel) -> None:
    """The prominence of the UN, Russia, the US and Turkey."""
    update_counter.get()
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    Chart(charts.mediators_figure(weekly, events, span, model.cast))


@solara.component
def PeopleView(model: LibyaModel) -> None:
    """Hardship and protests per region; blame."""
    update_counter.get()
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    Chart(charts.people_figure(weekly, events, span, model.cast))


@solara.component
def MapView(model: LibyaModel) -> None:
    """Fields and terminals on the map of Libya, as they are this week."""
    update_counter.get()
    Chart(map_figure(list(model.assets), model.cast.labels, model.date.isoformat()))


@solara.component
def Views(model: LibyaModel, compare: tuple[str, pd.DataFrame] | None, record: str | None) -> None:
    """The charts, the map and the log, in tabs; only the visible tab is drawn.

    `record` is the scenario's observed record (`config.records`), drawn on the Oil tab.
    """
    with solara.lab.Tabs(lazy=True):
        with solara.lab.Tab("Influence"):
            InfluenceView(model, compare).key(f"influence-{cast_key(model.cast)}")
        with solara.lab.Tab("Oil"):
            OilView(model, compare, record)
        with solara.lab.Tab("Mediators"):
            MediatorsView(model)
        with solara.lab.Tab("People"):
            PeopleView(model)
        with solara.lab.Tab("Map"):
            MapView(model)
        with solara.lab.Tab("Event log"):
            EventLog(model)
