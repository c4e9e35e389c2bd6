"""The debrief of a class: its path against the model's own, its choices, what they changed.

The model's own path is the same scenario, seed and teacher's events with no student
choices (`ClassRun.model_path`), so every difference comes from the students' choices. The
tables here are what the app shows, the CSV holds, and the printable page prints.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from config.cast import Cast
from experiments.colours import MODEL, colour_of
from experiments.plots import mark_record_end

PATH_COLUMNS = ("production_kbpd", "revenue_usd_m", "cumulative_loss_usd_bn", "frozen_usd_bn")
"""The weekly series of the debrief besides each actor's influence."""


def paths_table(ours: pd.DataFrame, models: pd.DataFrame, cast: Cast) -> pd.DataFrame:
    """The class's and the model's weekly paths side by side, for the CSV.

    Columns: date, then for each measure (production, revenue, the loss, frozen revenue,
    each actor's influence) 'class: <measure>' and 'model: <measure>'.
    """
    measures = [*PATH_COLUMNS, *(f"influence_{actor}" for actor in cast.actor_ids)]
    table = pd.DataFrame({"date": ours["date"]})
    for measure in measures:
        table[f"class: {measure}"] = ours[measure].to_numpy()
        table[f"model: {measure}"] = models[measure].reindex(ours.index).to_numpy()
    return table


def changes_table(ours: pd.DataFrame, models: pd.DataFrame, cast: Cast) -> pd.DataFrame:
    """What the class's choices changed, at the last week played.

    Rows: the oil produced (mean kbpd over the run), the loss from the blockade (USD bn),
    the revenue frozen (USD bn), and each actor's influence (share); columns 'the class',
    "the model's path" and 'difference' (the class's minus the model's).
    """
    rows = {
        "oil produced, mean (kbpd)": (ours.production_kbpd.mean(), models.production_kbpd.mean()),
        "loss from the blockade (USD bn)": (
            ours.cumulative_loss_usd_bn.iloc[-1],
            models.cumulative_loss_usd_bn.iloc[-1],
        ),
        "revenue frozen (USD bn)": (ours.frozen_usd_bn.iloc[-1], models.frozen_usd_bn.iloc[-1]),
    }
    for actor in cast.actor_ids:
        column = f"influence_{actor}"
        rows[f"influence: {cast.labels[actor]}"] = (ours[column].iloc[-1], models[column].iloc[-1])
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["the class", "the model's path"])
    table["difference"] = table["the class"] - table["the model's path"]
    table.index.name = "measure"
    return table


def choices_summary(moves: pd.DataFrame) -> pd.DataFrame:
    """Each role's choices beside the model's: how many, how many as the model's draw.

    Columns: role, students' choices, fall-backs to the model, same as the model's draw (of
    the students' choices where the model drew a yes/no).
    """
    rows = []
    for role, made in moves.groupby("role", sort=False):
        students = made[made.source == "student"]
        drawn = students[students.models_option != ""]
        rows.append(
            {
                "role": role,
                "students' choices": len(students),
                "fall-backs to the model": int((made.source == "model").sum()),
                "same as the model's draw": f"{int(drawn.same.sum())} of {len(drawn)}",
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "role",
            "students' choices",
            "fall-backs to the model",
            "same as the model's draw",
        ],
    )


def students_moves(moves: pd.DataFrame) -> pd.DataFrame:
    """The students' own choices (no fall-backs), for the debrief's list."""
    chosen = moves[moves.source == "student"]
    return chosen[["week", "role", "student", "option", "models_option"]].rename(
        columns={"models_option": "the model's draw"}
    )


def paths_figure(
    ours: pd.DataFrame, models: pd.DataFrame, cast: Cast, record: str | None = None
) -> plt.Figure:
    """Oil production and each actor's influence: the class solid, the model's path dashed.

    The weeks after the scenario's `record` ends are shaded: the model's, not history.
    """
    figure, (oil, influence) = plt.subplots(2, 1, figsize=(8, 6.5), sharex=True)
    dates = pd.to_datetime(ours["date"])
    model_dates = pd.to_datetime(models["date"])
    oil.plot(dates, ours.production_kbpd, color=MODEL, label="the class")
    oil.plot(
        model_dates, models.production_kbpd, color=MODEL, ls="--", label="the model's own path"
    )
    oil.set_ylabel("oil production (kbpd)")
    for actor in cast.actor_ids:
        colour = colour_of(actor, cast)
        column = f"influence_{actor}"
        influence.plot(dates, ours[column], color=colour, label=cast.labels[actor])
        influence.plot(model_dates, models[column], color=colour, ls="--")
    influence.set_ylabel("influence (share of all)")
    span = (dates.iloc[0].date(), dates.iloc[-1].date())
    mark_record_end(oil, record, span)
    mark_record_end(influence, record, span, label=False)
    oil.legend(loc="upper left", fontsize=8)
    influence.legend(loc="upper left", fontsize=7, ncol=3)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def printable_page(
    title: str,
    ours: pd.DataFrame,
    models: pd.DataFrame,
    moves: pd.DataFrame,
    cast: Cast,
    record: str | None = None,
) -> str:
    """The debrief as one printable HTML page (A4, nothing fetched): chart and tables.

    Every text a student typed (names) is escaped: pandas escapes table cells, and the title
    is escaped here.
    """
    figure = paths_figure(ours, models, cast, record)
    picture = io.BytesIO()
    figure.savefig(picture, format="png", dpi=110)
    plt.close(figure)
    chart = base64.b64encode(picture.getvalue()).decode()
    changes = changes_table(ours, models, cast).round(3).to_html(escape=True)
    summary = choices_summary(moves).to_html(index=False, escape=True)
    chosen = students_moves(moves).to_html(index=False, escape=True)
    alt = (
        "Two charts over the weeks of the run: oil production, and each actor's influence; "
        "the class's path solid, the model's own path with the same seed dashed; the weeks "
        "after the record ends are shaded as the model's forecast."
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
@page {{ size: A4; margin: 15mm; }}
body {{ font-family: sans-serif; font-size: 11pt; }}
table {{ border-collapse: collapse; margin: 6pt 0 12pt; }}
td, th {{ border: 1px solid #999; padding: 2pt 6pt; text-align: left; }}
img {{ width: 100%; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>The class's run against the model's own path with the same seed and the same events:
every difference comes from the students' choices. The shaded weeks, after the record ends,
are the model's, not history.</p>
<img src="data:image/png;base64,{chart}" alt="{alt}">
<h2>What the class's choices changed (last week played)</h2>
{changes}
<h2>Each role's choices</h2>
{summary}
<h2>The students' choices, week by week</h2>
{chosen}
</body></html>
"""
