"""The app's views of a run, one per tab: influence and why, oil, mediators, people, map, log.

Each view reads the model through `viz.run_data` (under the model's lock) and redraws when
Mesa's `update_counter` changes, that is after each step. The time charts are interactive
ECharts (`viz.echarts` builds their options); the map is a matplotlib picture (`viz.map`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import update_counter

from model import LibyaModel
from viz import echarts
from viz.chart_widget import KeepingEchartsWidget
from viz.controls import select_shown
from viz.display import Display
from viz.run_data import happened_columns, horizon, weekly_columns
from viz.timeline import site_map

CHART_HEIGHT_PX = 400
"""A chart's height on a desk screen; times `Display.font_scale` on a projector."""

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
def EChart(option: dict[str, Any], display: Display = Display()) -> None:
    """An interactive chart as wide as its column, taller with the projector's larger text.

    As `solara.FigureEcharts`, with a widget that keeps the reader's zoom and legend choices
    as the weeks are played (`viz.chart_widget`).
    """
    height = round(CHART_HEIGHT_PX * display.font_scale)
    KeepingEchartsWidget.element(
        option=option, responsive=True, attributes={"style": f"width: 100%; height: {height}px"}
    )


@solara.component
def Picture(figure: Any) -> None:
    """A matplotlib figure as an image (the map)."""
    solara.FigureMatplotlib(figure, format="png", dpi=80)


def chart_data(
    model: LibyaModel,
    display: Display,
    compare: tuple[str, pd.DataFrame] | None = None,
    record: str | None = None,
) -> echarts.ChartData:
    """What a view's charts are drawn from, read from the model under its lock."""
    return echarts.ChartData(
        weekly_columns(model),
        happened_columns(model),
        horizon(model),
        model.cast,
        record,
        display,
        compare,
    )


@solara.component
def InfluenceView(
    model: LibyaModel,
    compare: tuple[str, pd.DataFrame] | None,
    record: str | None = None,
    display: Display = Display(),
) -> None:
    """Influence shares over time, and one actor's influence broken into its components."""
    update_counter.get()
    actor, set_actor = solara.use_state(model.revenue_claimant.actor_id)
    chart = chart_data(model, display, compare, record)
    EChart(echarts.influence_option(chart), display)
    if compare:
        label = compare[0]
        solara.Text(f"Compared with {label} (dashed lines): same seed and your parameter changes.")
    select_shown("Explain the influence of", actor, model.cast.labels, set_actor)
    EChart(echarts.components_option(chart, actor), display)
    solara.Markdown(COMPONENT_GUIDE, style={"font-size": "0.8em", "color": "#555"})


@solara.component
def OilView(
    model: LibyaModel,
    compare: tuple[str, pd.DataFrame] | None,
    record: str | None,
    display: Display = Display(),
) -> None:
    """Production against the scenario's observed record; revenue, losses and frozen funds."""
    update_counter.get()
    chart = chart_data(model, display, compare, record)
    EChart(echarts.production_option(chart), display)
    EChart(echarts.money_option(chart), display)
    if record is None:
        solara.Text(
            "This scenario names no observed record to compare with.",
            style={"font-size": "0.8em", "color": "#666"},
        )


@solara.component
def MediatorsView(
    model: LibyaModel, record: str | None = None, display: Display = Display()
) -> None:
    """The prominence of the UN, Russia, the US and Turkey."""
    update_counter.get()
    EChart(echarts.prominence_option(chart_data(model, display, record=record)), display)


@solara.component
def PeopleView(model: LibyaModel, record: str | None = None, display: Display = Display()) -> None:
    """Hardship and protests per region; blame."""
    update_counter.get()
    chart = chart_data(model, display, record=record)
    EChart(echarts.hardship_option(chart), display)
    EChart(echarts.blame_option(chart), display)


@solara.component
def MapView(model: LibyaModel, display: Display = Display()) -> None:
    """Fields and terminals on the map of Libya, in the week the timeline shows."""
    update_counter.get()
    Picture(site_map(model, display))
