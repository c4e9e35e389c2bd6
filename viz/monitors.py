"""Monitors, as NetLogo has them: the numbers a class looks for first, large, above the charts.

They show the week the timeline points at (`viz.display.Display.week`; the latest when it
follows the run), read from the weekly table the model records: the date, production, revenue
to date, the loss from the blockade and the leading actor with its share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import solara

from model import LibyaModel
from viz.display import Display
from viz.run_data import weekly_columns

MONITOR_STYLE = """
.monitors { display: flex; flex-wrap: wrap; gap: 6px 8px; margin-bottom: 4px; }
.monitor { border: 1px solid #d6d6d6; border-radius: 4px; padding: 2px 10px;
           background: #fafafa; }
.monitor p { margin: 0; line-height: 1.25; }
.monitor .monitor-label { font-size: 0.8rem; color: #555; }
.monitor .monitor-value { font-size: 1.2rem; font-weight: 600; white-space: nowrap; }
.monitor-week { font-size: 1.05rem; }
.projector .monitor .monitor-label { font-size: 0.85rem; }
.projector .monitor .monitor-value { font-size: 1.3rem; }
.projector .monitor-week { font-size: 1.1rem; }
"""


MONITORED = ("date", "production_kbpd", "revenue_usd_m", "cumulative_loss_usd_bn")
"""The weekly columns the monitors read, besides each actor's influence."""


@dataclass(frozen=True)
class WeekFigures:
    """The monitors' numbers for one recorded week of a run."""

    step: int
    weeks: int
    date: dt.date
    production_kbpd: float
    revenue_to_date_usd_bn: float
    loss_usd_bn: float
    leader: str
    leader_share: float


def week_figures(
    weekly: Mapping[str, Sequence], step: int, weeks: int, labels: dict[str, str]
) -> WeekFigures:
    """The monitors' numbers at `step` (a row of the weekly series; 0 is the start).

    `weekly` maps a weekly column to its values by step: the weekly table, or the columns as
    the DataCollector keeps them (`viz.run_data.weekly_columns`). Revenue to date adds up the weekly
    revenue of every week up to and including `step`; `labels` names the actors whose
    `influence_<id>` columns compete for the lead.
    """
    shares = {actor: float(weekly[f"influence_{actor}"][step]) for actor in labels}
    leader = max(shares, key=shares.__getitem__)
    return WeekFigures(
        step=step,
        weeks=weeks,
        date=dt.date.fromisoformat(str(weekly["date"][step])),
        production_kbpd=float(weekly["production_kbpd"][step]),
        revenue_to_date_usd_bn=float(sum(weekly["revenue_usd_m"][: step + 1])) / 1000,
        loss_usd_bn=float(weekly["cumulative_loss_usd_bn"][step]),
        leader=labels[leader],
        leader_share=shares[leader],
    )


def shown_step(model: LibyaModel, display: Display) -> int:
    """The step the page shows: the timeline's week, or the latest when it follows the run."""
    return week_shown(model.steps, display.week)


def week_shown(steps: int, week: int | None) -> int:
    """Of `steps` weeks played, the one the timeline points at (None: the latest)."""
    return steps if week is None else min(week, steps)


@solara.component
def Monitor(label: str, value: str) -> None:
    """One monitor: a small label above a large value."""
    with solara.Div(classes=["monitor"]):
        solara.HTML(
            unsafe_innerHTML=f'<p class="monitor-label">{label}</p>'
            f'<p class="monitor-value">{value}</p>'
        )


@solara.component
def Monitors(model: LibyaModel, display: Display, steps: int) -> None:
    """The week, production, revenue to date, the loss and the leading actor, large.

    `steps`, the weeks played, changes each week: the page passes it, so that the monitors are
    redrawn with the run (one component of the page follows the run for the timeline, the
    monitors and the hint: each follower costs a pass over the whole page). The week monitor
    keeps the texts "Week ending DD Month YYYY" and "step N of M" (a browser test and the load
    benchmark wait for them).
    """
    labels = {actor.actor_id: actor.label for actor in model.political_actors}
    weekly = weekly_columns(model, [*MONITORED, *(f"influence_{actor}" for actor in labels)])
    shown = week_shown(steps, display.week)
    figures = week_figures(weekly, shown, model.params.weeks, labels)
    solara.Style(MONITOR_STYLE)
    with solara.Div(classes=["monitors"]):
        with solara.Div(classes=["monitor", "monitor-week"]):
            solara.Markdown(
                f"**Week ending {figures.date:%d %B %Y}**\n\nstep {figures.step} of {figures.weeks}"
            )
        Monitor("Production", f"{figures.production_kbpd:,.0f} kbpd")
        Monitor("Revenue to date", f"${figures.revenue_to_date_usd_bn:,.1f} bn")
        Monitor("Blockade loss", f"${figures.loss_usd_bn:,.1f} bn")
        Monitor("Most influential", f"{figures.leader} {figures.leader_share:.0%}")
    if display.week is not None and display.week < steps:
        solara.Text(
            f"Showing a past week: the run is at step {steps}. Move the timeline to its "
            "end to follow the run again.",
            style={"font-size": "0.9em", "color": "#8a5a00"},
        )
    elif not model.running:
        solara.Info(
            "The run has reached its last week. Reset (or choose a scenario or seed) to start "
            "again; Download keeps this run."
        )
