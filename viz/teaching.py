"""The app's teaching components: the exercise sheets beside the charts, and role play.

`ExercisePicker` lists the exercises of docs/exercises/; choosing one asks the page to load
its preset (see `config/exercises.toml`). `SheetView` shows the open sheet with a printable
copy to download. `RolePlayPanel` lets a student make one actor's decision in each week the
actor decides, plays the weeks between for them if they wish, while the model plays the others,
then sets the student's path beside the model's own (`experiments.roleplay`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import update_counter

from config.cast import Cast
from config.exercises import Exercise, exercises
from experiments.roleplay import (
    ROLES,
    Role,
    agreement,
    compare_paths,
    model_path,
    play_until_asked,
    play_week,
)
from model import LibyaModel
from viz.redraw import use_redraw
from viz.sheets import sheet_html

NO_EXERCISE = "(none)"
MODEL_PATH_LABEL = "the model's own path"
MEANWHILE_EVENTS = 6  # the latest events shown after playing to the next decision


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
    # the buttons wrap rather than overflow when the sheet's column is narrow (a laptop screen)
    with solara.Row(style={"gap": "8px", "align-items": "center", "flex-wrap": "wrap"}):
        solara.FileDownload(
            lambda: sheet_html(exercise).encode("utf-8"),
            filename=f"{exercise.path.stem}.html",
            label="Printable sheet (HTML)",
        )
        solara.Button("Close the sheet", on_click=on_close, text=True)
    with solara.Div(
        style={
            "max-height": "80vh",
            "overflow-y": "auto",
            "padding-right": "8px",
            "font-size": "0.92em",
        },
        classes=["exercise-sheet"],
    ):
        solara.Style(".exercise-sheet h1 { font-size: 1.6em; line-height: 1.2; }")
        solara.Markdown(exercise.text)


@solara.component
def RolePicker(
    role_id: str | None,
    suggested: str | None,
    cast: Cast,
    on_start: Callable[[str | None], None],
) -> None:
    """Choose an actor to play, and start (from the first week) or stop role play.

    The roles are offered by the names of the actors who play them in `cast`.
    """
    labels = {role.label(cast): key for key, role in ROLES.items()}
    first = suggested or next(iter(ROLES))
    default = next(label for label, key in labels.items() if key == first)
    picked, set_picked = solara.use_state(default)
    if role_id is None:
        solara.Select("Play as", value=picked, values=list(labels), on_value=set_picked)
        solara.Button(
            "Start role play (from the first week)",
            color="primary",
            on_click=lambda: on_start(labels[picked]),
        )
    else:
        solara.Text(f"Playing as {ROLES[role_id].title(cast)}.")
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


def meanwhile_markdown(model: LibyaModel, since_step: int) -> str:
    """What the weeks just played brought: how many, the date reached and the latest events.

    Played to the end of the run, it says that no decision of the student's came up again.
    """
    weeks = model.steps - since_step
    reached = f"the week ending {model.date:%d %B %Y}"
    if not model.running:
        reached = f"the end of the run ({reached})"
    text = f"Played {weeks} week{'s' if weeks != 1 else ''}, to {reached}."
    if not model.running and weeks > 1:  # it stops at a decision, so none came up
        text += " No decision of yours came up again: the model played the rest of the run."
    log = model.event_log()
    happened = log[(log["category"] == "event") & (log["step"] > since_step)]
    if happened.empty:
        return text + " Nothing else happened meanwhile."
    shown = happened.tail(MEANWHILE_EVENTS)
    lines = [f"- **{row.date}** {row.explanation}" for row in shown.itertuples()]
    earlier = len(happened) - len(shown)
    if earlier:
        lines.insert(0, f"- ({earlier} earlier: see the Event log tab)")
    return text + " Meanwhile:\n\n" + "\n".join(lines)


@solara.component
def DecisionPrompt(
    role: Role, due: bool, choice: str | None, on_choose: Callable[[str], None]
) -> None:
    """This week's question and the options when the actor decides; why not, when it does not.

    No option is preselected: the week is played only once the student has chosen. The chosen
    option is the filled button.
    """
    if not due:
        solara.Markdown(f"Nothing for you to decide this week: {role.idle}.")
        return
    prompt = f"**Your decision this week:** {role.question}"
    solara.Markdown(prompt if choice else f"{prompt} Choose an option to play the week.")
    with solara.Row():
        for option in role.options:
            chosen = option == choice
            solara.Button(
                option,
                on_click=partial(on_choose, option),
                color="primary" if chosen else None,
                outlined=not chosen,
            )


@solara.component
def RolePlayPanel(
    model: LibyaModel,
    role_id: str,
    model_arguments: dict[str, Any],
    on_compare: Callable[[tuple[str, pd.DataFrame] | None], None],
) -> None:
    """Make the role's decision when it is due and play on; compare with the model's path.

    The student's choice holds through consecutive weeks of decisions (a standing order) and
    lapses after a week with nothing to decide: the next decision is chosen afresh.
    """
    counter = update_counter.get()
    role = ROLES[role_id]
    # looking ahead plays a copy of the week: once per week, or after an injected event
    due = solara.use_memo(lambda: role.is_asked(model), [model, model.steps, counter])
    # plays a copy to the end of the run, once per week: is any decision left to the student?
    asked_again = solara.use_memo(
        lambda: due or role.is_asked_again(model), [model, model.steps, counter, due]
    )
    picked, set_picked = solara.use_state(None)  # (option, the step it was chosen at)
    choice = picked[0] if picked is not None and picked[1] == model.steps else None
    table, set_table = solara.use_state(None)
    meanwhile, set_meanwhile = solara.use_state("")
    redraw = use_redraw()

    def choose(option: str) -> None:
        set_picked((option, model.steps))

    def compare() -> None:
        reference = model_path(model.steps, **model_arguments)
        set_table(compare_paths(model, reference, role))
        on_compare((MODEL_PATH_LABEL, reference.datacollector.get_model_vars_dataframe()))

    def play_the_week() -> None:
        """This week: with the student's choice if the actor decides, by the model if not."""
        if due:
            play_week(model, role, choice)
        else:
            model.step()

    def after_playing(last_week_decided: bool) -> None:
        """The choice stands into the next week only if the student decides in both."""
        stands = last_week_decided and role.is_asked(model)
        set_picked((choice, model.steps) if stands else None)
        set_table(None)
        if not model.running:  # the last week: show how the student's path ended
            compare()
        redraw()

    def play() -> None:
        play_the_week()
        set_meanwhile("")
        after_playing(last_week_decided=due)

    def play_to_next_decision() -> None:
        since = model.steps
        play_the_week()
        idle_weeks = play_until_asked(model, role)
        set_meanwhile(meanwhile_markdown(model, since))
        after_playing(last_week_decided=due and idle_weeks == 0)

    def play_to_the_end() -> None:
        since = model.steps
        while model.running:
            model.step()
        set_meanwhile(meanwhile_markdown(model, since))
        after_playing(last_week_decided=False)

    solara.Markdown(f"### Role play: you are {role.title(model.cast)}")
    solara.Markdown(
        f"Week ending **{model.date:%d %B %Y}**. The model plays everyone else; your choice "
        "stands while you have a decision to make each week."
    )
    DecisionPrompt(role, due, choice, choose)
    if model.running and not asked_again:
        solara.Markdown(
            f"**No decision of yours is left:** as {role.title(model.cast)} you have nothing "
            "more to decide before the run ends (the model played the rest of the run ahead, "
            "on a copy). Play to the end to see where your path leads."
        )
    waiting = not model.running or (due and choice is None)
    with solara.Row():
        solara.Button("Play this week", color="primary", on_click=play, disabled=waiting)
        if asked_again or not model.running:
            solara.Button(
                "Play to my next decision", on_click=play_to_next_decision, disabled=waiting
            )
        else:
            solara.Button("Play to the end", on_click=play_to_the_end)
        solara.Button("Compare with the model's own path", on_click=compare)
    if meanwhile:
        solara.Markdown(meanwhile)
    matched, decided = agreement(model, role)
    if decided:
        solara.Text(f"In {matched} of {decided} decisions you chose as the model's draw would.")
    if table is not None:
        solara.Markdown(
            f"After {model.steps} weeks, your path against {MODEL_PATH_LABEL} (same scenario, "
            "parameters and seed; dashed on the Influence and Oil charts):\n\n"
            + comparison_markdown(table)
        )
