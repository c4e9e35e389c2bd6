"""The timeline bar: scrub back to any week already played, and the map as it was that week.

The bar sets the page's `Display.week` (None: follow the run to its latest week); the
monitors, the charts' marker and the map read it. A past week's map is drawn from what the
DataCollector records of every site each week (controller, status, output, foreign forces);
what it does not record (a site's kind, capacity and export route) never changes in a run.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import reacton.ipyvuetify as v
import solara
from matplotlib.figure import Figure

from agents.oil_asset import AssetStatus, OilAsset
from model import LibyaModel
from viz.display import Display
from viz.map import MappedSite, SiteAtWeek, map_figure
from viz.monitors import shown_step, week_shown
from viz.run_data import model_lock, weekly_columns


def sites_at(model: LibyaModel, step: int) -> list[SiteAtWeek]:
    """The model's sites as recorded at `step` (0 is the start), linked to their terminals."""
    with model_lock(model):
        table = model.datacollector.get_agenttype_vars_dataframe(OilAsset)
        live = {asset.name: asset for asset in model.assets}
    week = table.xs(float(step), level="Step")
    sites = {
        row.name: SiteAtWeek(
            name=row.name,
            is_field=live[row.name].is_field,
            capacity_kbpd=live[row.name].capacity_kbpd,
            controller=row.controller,
            status=AssetStatus(row.status),
            production_kbpd=float(row.production_kbpd),
            # the DataCollector records "no foreign forces" as NaN
            foreign_forces=None if _missing(row.foreign_forces) else str(row.foreign_forces),
        )
        for row in week.itertuples()
    }
    for site in sites.values():
        terminal = live[site.name].terminal
        site.terminal = sites.get(terminal.name) if terminal is not None else None
    return list(sites.values())


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def site_map(model: LibyaModel, display: Display) -> Figure:
    """The map of the week the page shows, from what the run recorded of its sites that week.

    This week's too: read from the records under the model's lock, not from the sites
    themselves, which Play's thread may be changing half-way through a week.
    """
    step = shown_step(model, display)
    assets: list[MappedSite] = list(sites_at(model, step))
    return map_figure(
        assets,
        model.cast,
        weekly_columns(model, ["date"])["date"][step],
        simple=display.projector,
    )


@solara.component
def TimelineBar(
    model: LibyaModel, steps: int, week: int | None, on_week: Callable[[int | None], None]
) -> None:
    """A slider over the `steps` weeks played; at its end (None) it follows the run as it plays.

    The page passes `steps` (see `viz.monitors.Monitors`): it redraws the bar each week.
    """
    latest = steps
    shown = week_shown(latest, week)

    def choose(value: int) -> None:
        on_week(None if value >= latest else value)

    date = dt.date.fromisoformat(weekly_columns(model, ["date"])["date"][shown])
    with solara.Row(style={"align-items": "center", "gap": "10px"}, classes=["timeline-bar"]):
        with solara.Div(style={"flex": "1 1 auto", "min-width": "10em"}):
            # moved by the user only ('change': at the end of a drag, a click or a key), never
            # by the run: a value sent while the run grows the range must not pin a week
            slider = v.Slider(
                label="Timeline",
                v_model=shown,
                min=0,
                max=max(latest, 1),
                step=1,
                thumb_label=True,
                hide_details=True,
                disabled=latest == 0,
            )
            v.use_event(slider, "change", lambda _widget, _event, value: choose(int(value)))
        if shown == latest:
            solara.Text(f"{date:%d %b %Y}, latest", style={"white-space": "nowrap"})
        else:
            solara.Text(
                f"{date:%d %b %Y}, week {shown} of {latest}", style={"white-space": "nowrap"}
            )
            solara.Button("Latest", on_click=lambda: on_week(None), small=True)
