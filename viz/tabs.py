"""The views of a run in tabs: the page's main area below the monitors."""

from __future__ import annotations

import pandas as pd
import solara

from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from viz import echarts
from viz.compare_view import CompareView
from viz.display import Display
from viz.event_log import EventLog
from viz.run_data import cast_key
from viz.views import InfluenceView, MapView, MediatorsView, OilView, PeopleView


@solara.component
def Views(
    model: LibyaModel,
    compare: tuple[str, pd.DataFrame] | None,
    record: str | None,
    display: Display = Display(),
    seed: int = DEFAULT_SEED,
) -> None:
    """The charts, the map, the log and the bands, in tabs; only the visible tab is drawn.

    `record` is the scenario's observed record (`config.records`), drawn on the Oil tab; the
    weeks after its last figure are shaded as the model's forecast on every chart. `seed` is
    the page's, the first of the Compare tab's seeds.
    """
    if not display.projector:  # on a projector the room goes to the charts
        solara.Text(echarts.HELP, style={"font-size": "0.8em", "color": "#666"})
    with solara.lab.Tabs(lazy=True):
        with solara.lab.Tab("Influence"):
            InfluenceView(model, compare, record, display).key(f"influence-{cast_key(model.cast)}")
        with solara.lab.Tab("Oil"):
            OilView(model, compare, record, display)
        with solara.lab.Tab("Mediators"):
            MediatorsView(model, record, display)
        with solara.lab.Tab("People"):
            PeopleView(model, record, display)
        with solara.lab.Tab("Map"):
            MapView(model, display)
        with solara.lab.Tab("Event log"):
            EventLog(model)
        with solara.lab.Tab("Compare"):
            CompareView(model, seed, record, display).key(f"compare-{id(model)}")
