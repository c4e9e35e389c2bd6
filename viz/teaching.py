"""The app's teaching components: the exercise sheets beside the charts, and role play.

`ExercisePicker` lists the exercises of docs/exercises/; choosing one asks the page to load
its preset (see `config/exercises.toml`). `SheetView` shows the open sheet with a printable
copy to download. `RolePlayPanel` lets a student make one actor's decision each week while
the model plays the others, then sets the student's path beside the model's own
(`model.roleplay`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import force_update, update_counter

from config.exercises import Exercise, exercises
from model import LibyaModel
from model.roleplay import ROLES, agreement, compare_paths, model_path, play_week
from viz.sheets import sheet_html

NO_EXERCISE = "(none)"
MODEL_PATH_LABEL = "the model's own path"


def short_title(exercise: Exercise) -> str:
    """'3. The onus' for 'Exercise 3. The onus: what happens ...', to fit the sidebar."""
    return exercise.title.removeprefix("Exercise ").split(":", 1)[0]


def number(value: float) -> str:
    """A figure for the comparison table: thousands with separators, small ones to 3 digits."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


@solara.component
def ExercisePicker(chosen: Exercise | None, on_choose: Callable[[Exercise | None], None]) -> None:
    """A list of the exercises; choosing one loads its preset and opens its sheet."""
    titles = {short_title(exercise): exercise for exercise in exercises()}

    def choose(title: str) -> None:
        on_choose(titles.get(title))

    solara.Select(
        "Exercise",
        value=short_title(chosen) if chosen else NO_EXERCISE,
        values=[NO_EXERCISE, *titles],
        on_value=choose,
    )
    if chosen is not None:
        preset = f"Preset loaded: `{chosen.scenario}`"
        if chosen.compare:
            preset += f", compared with `{chosen.compare}` (dashed lines)"
        if chosen.parameters:
            preset += " with " + ", ".join(f"{k} = {v}" for k, v in chosen.parameters.items())
        solara.Markdown(preset + ".")


@solara.component
def SheetView(exercise: Exercise, on_close: Callable[[], None]) -> None:
    """The exercise sheet, with a printable copy to download."""
    with solara.Row(style={"gap": "8px", "align-items": "center"}):
        solara.FileDownload(
            lambda: sheet_html(exercise).encode("utf-8"),
            filename=f"{exercise.path.stem}.html",
            label="Printable sheet (HTML)",
        )
        solara.Button("Close the sheet", on_click=on_close, text=True)
    with solara.Div(style={"max-height": "80vh", "overflow-y": "auto", "padding-right": "8px"}):
        solara.Markdown(exercise.text)


@solara.component
def RolePicker(
    role_id: str | None, suggested: str | None, on_start: Callable[[str | None], None]
) -> None:
    """Choose an actor to play, and start (from the first week) or stop role play."""
    labels = {role.label: key for key, role in ROLES.items()}
    default = next(label for label, key in labels.items() if key == (suggested or "lna"))
    picked, set_picked = solara.use_state(default)
    if role_id is None:
        solara.Select("Play as", value=picked, values=list(labels), on_value=set_picked)
        solara.Button(
            "Start role play (from the first week)",
            color="primary",
            on_click=lambda: on_start(labels[picked]),
        )
    else:
        solara.Text(f"Playing as {ROLES[role_id].title}.")
        solara.Button("Stop role play", on_click=lambda: on_start(None))


def comparison_markdown(table: pd.DataFrame) -> str:
    """The comparison of paths as a Markdown table."""
    lines = ["| measure | your path | the model's path | difference |", "| --- | --- | --- | --- |"]
    for measure, row in table.iterrows():
        mine, theirs, difference = row["your path"], row["the model's path"], row["difference"]
        sign = "+" if difference > 0 else ""
        lines.append(
            f"| {measure} | {number(mine)} | {number(theirs)} | {sign}{number(difference)} |"
        )
    return "\n".join(lines)


@solara.component
def RolePlayPanel(
    model: LibyaModel,
    role_id: str,
    model_arguments: dict[str, Any],
    on_compare: Callable[[tuple[str, pd.DataFrame] | None], None],
) -> None:
    """Make the role's decision for this week and play it; compare with the model's path."""
    update_counter.get()
    role = ROLES[role_id]
    choice, set_choice = solara.use_state(role.current_option(model))
    table, set_table = solara.use_state(None)

    def compare() -> None:
        reference = model_path(model.steps, **model_arguments)
        set_table(compare_paths(model, reference, role))
        on_compare((MODEL_PATH_LABEL, reference.datacollector.get_model_vars_dataframe()))

    def play() -> None:
        play_week(model, role, choice)
        set_table(None)
        if not model.running:  # the last week: show how the student's path ended
            compare()
        force_update()

    solara.Markdown(f"### Role play: you are {role.title}")
    situation = role.question if role.is_asked(model) else f"Nothing to decide: {role.idle}."
    solara.Markdown(
        f"Week ending **{model.date:%d %B %Y}**. {situation} The model plays everyone else; "
        "your choice stands until you change it."
    )
    solara.ToggleButtonsSingle(value=choice, values=list(role.options), on_value=set_choice)
    with solara.Row():
        solara.Button("Play this week", color="primary", on_click=play, disabled=not model.running)
        solara.Button("Compare with the model's own path", on_click=compare)
    matched, decided = agreement(model, role)
    if decided:
        solara.Text(f"In {matched} of {decided} decisions you chose as the model's draw would.")
    if table is not None:
        solara.Markdown(
            f"After {model.steps} weeks, your path against {MODEL_PATH_LABEL} (same scenario, "
            "parameters and seed; dashed on the Influence and Oil charts):\n\n"
            + comparison_markdown(table)
        )
