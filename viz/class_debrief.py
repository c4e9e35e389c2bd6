"""The debrief of a class in the app: its path against the model's, its choices, downloads.

The tables come from `experiments.class_debrief`; the charts are the app's Influence and Oil
views with the model's own path (same seed and events, no student choices) dashed.
"""

from __future__ import annotations

import io

import pandas as pd
import solara

from config.scenarios import shipped_scenario
from experiments.class_debrief import (
    changes_table,
    choices_summary,
    paths_table,
    printable_page,
    students_moves,
)
from experiments.class_hub import LiveClass
from viz.display import Display
from viz.views import InfluenceView, OilView

MODEL_PATH = "the model's own path"
"""How the charts name the dashed path."""


def csv_text(table: pd.DataFrame) -> bytes:
    """A table as CSV, UTF-8."""
    buffer = io.StringIO()
    table.to_csv(buffer, index=table.index.name is not None)
    return buffer.getvalue().encode()


@solara.component
def DebriefView(live: LiveClass, version: int = 0) -> None:
    """The class's path and the model's (dashed), what the choices changed, each role's choices.

    Downloads: the two paths week by week and the choices, as CSV; the whole debrief as one
    printable page.
    """
    ours, models, moves = solara.use_memo(live.tables, [live.code, live.run.model.steps])
    cast = live.run.model.cast
    record = shipped_scenario(live.record.setup.scenario).record
    with solara.lab.Tabs():
        with solara.lab.Tab("Influence"):
            InfluenceView(live.run.model, (MODEL_PATH, models), record, Display())
        with solara.lab.Tab("Oil"):
            OilView(live.run.model, (MODEL_PATH, models), record, Display())
    solara.Markdown("#### What the class's choices changed (last week played)")
    solara.DataFrame(changes_table(ours, models, cast).round(3).reset_index(), items_per_page=20)
    solara.Markdown("#### Each role's choices beside the model's draw")
    solara.DataFrame(choices_summary(moves), items_per_page=10)
    solara.Markdown("#### The students' choices, week by week")
    solara.DataFrame(students_moves(moves), items_per_page=15)
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: csv_text(paths_table(ours, models, cast)),
            filename=f"class-{live.code}-paths.csv",
            label="The paths (CSV)",
        )
        solara.FileDownload(
            lambda: csv_text(moves),
            filename=f"class-{live.code}-choices.csv",
            label="The choices (CSV)",
        )
        solara.FileDownload(
            lambda: printable_page(
                f"Class {live.code}: debrief", ours, models, moves, cast, record
            ).encode(),
            filename=f"class-{live.code}-debrief.html",
            label="Printable debrief (HTML)",
        )
