"""The Solara browser app: influence over time and why, the deal as a button, counterfactuals.

Serve it with `libya-abm app` (or `solara run viz/app.py`). Each browser tab builds its own
model in `Page`, so two users never share state. The page lays out the run controls and their
keys, panels and exercises (`viz.panels`, `viz.keyboard`, `viz.teaching`), the timeline and the
monitors (`viz.timeline`, `viz.monitors`) and the tabs of views (`viz.tabs`), for a desk or
a projector (`viz.display`); the model is read and stepped under its lock (`viz.run_data`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import update_counter

from config.exercises import Exercise
from config.scenarios import ScenarioError, list_scenarios, shipped_scenario
from model import LibyaModel
from viz.class_page import ClassroomPage, is_class_address
from viz.class_teacher import OpenClassCard
from viz.controls import ParameterControls, select_shown
from viz.display import Display
from viz.monitors import Monitors
from viz.panels import ComparePanel, InjectPanel, RunControls
from viz.run_data import cast_key, counterfactual_table, run_files
from viz.share import ShareRun, use_opened_run
from viz.tabs import Views
from viz.teaching import ExercisePicker, RolePicker, RolePlayPanel, SheetView
from viz.timeline import TimelineBar

FIRST_RUN_HINT = "Press ▶ or Space to play the run week by week; Step (→) for one week."
"""Shown until the first step or until closed."""
LAYOUT_STYLE = """
.v-tabs .v-tab { min-width: 0; padding: 0 10px; letter-spacing: normal; }
.v-tabs .v-slide-group__prev, .v-tabs .v-slide-group__next { display: none !important; }
.v-tabs .v-slide-group__content { flex-wrap: wrap; }
.v-tabs .v-tabs-bar { height: auto; min-height: 48px; }
.v-tabs .v-tab { height: 40px; }
.pause-slider .v-label { white-space: nowrap; }
.projector .v-btn:not(.v-btn--icon):not(.v-btn--text) { font-size: 1.1rem; height: 40px; }
.projector .v-label, .projector .v-tab { font-size: 1.05rem !important; }
.projector .keys-help { font-size: 0.9rem !important; }
.projector .first-run-hint { font-size: 1.05rem; }
.projector { padding: 0 8px; }
.projector .week-panel { display: contents; }
.projector-bar { position: sticky; top: 0; z-index: 5; background: white; padding-top: 4px;
                 display: flex; flex-wrap: wrap; align-items: center; gap: 0 20px;
                 border-bottom: 1px solid #ddd; margin-bottom: 6px; }
.projector-bar .run-controls { display: contents; }
.projector-bar .run-buttons { order: 1; }
.projector-bar .pause-slider { order: 2; width: 19em; }
.projector-bar .projector-switch { order: 3; }
.projector-bar .timeline-bar { order: 4; flex: 1 1 16em; }
.projector-bar .keys-help { order: 5; }
.projector-bar .v-input__slot { margin-bottom: 0; }
.projector-bar .v-messages { display: none; }
"""
"""The page's own styles: every tab title visible beside an open sheet (no scroll arrows),
and the projector's larger controls in a bar that stays at the top as the page scrolls."""


def scenario_titles() -> dict[str, str]:
    """The shipped scenarios by name, to their titles with years as the picker shows them."""
    return {name: shipped_scenario(name).heading for name in list_scenarios()}


@solara.component
def FirstRunHint(steps: int, dismissed: solara.Reactive[bool]) -> None:
    """What to press, until the first Step or Play (the run controls close it) or until closed."""
    if dismissed.value or steps > 0:
        return
    with solara.Row(style={"align-items": "center", "gap": "8px"}, classes=["first-run-hint"]):
        solara.Text(FIRST_RUN_HINT, style={"color": "#1b4f8a"})
        solara.Button("Got it", on_click=lambda: dismissed.set(True), text=True, small=True)


@solara.component
def WeekPanel(
    model: LibyaModel,
    display: Display,
    on_week: Callable[[int | None], None],
    hint_dismissed: solara.Reactive[bool] | None,
    run_controls: Callable[[], None] | None = None,
) -> None:
    """The timeline, the monitors and the first-run hint, redrawn each week.

    With `run_controls` (projector mode), the controls and the timeline form a bar that stays
    at the top of the page. `hint_dismissed` None leaves the hint out (role play). It is the
    one component of the page that follows the run for all of them: each component that reads
    Mesa's `update_counter` costs a pass over the whole page every week.
    """
    update_counter.get()
    # one box, laid out as if its children were the page's own (`display: contents`): the bar
    # then sticks to the top of the whole page, not only of this panel
    with solara.Div(classes=["week-panel"]):
        if run_controls is None:
            TimelineBar(model, model.steps, display.week, on_week)
        else:
            with solara.Div(classes=["projector-bar"]):
                run_controls()
                TimelineBar(model, model.steps, display.week, on_week)
        Monitors(model, display, model.steps)
        if hint_dismissed is not None:
            FirstRunHint(model.steps, hint_dismissed)


@solara.component
def MainArea(
    model: LibyaModel,
    compare: tuple[str, pd.DataFrame] | None,
    role_id: str | None,
    model_arguments: dict[str, Any],
    on_compare: Any,
    record: str | None,
    display: Display,
    on_week: Callable[[int | None], None],
    hint_dismissed: solara.Reactive[bool],
) -> None:
    """The timeline, the monitors, the role-play panel when a student plays, and the views.

    In projector mode the page shows the timeline and the monitors above the sheet, if any.
    """
    if not display.projector:
        WeekPanel(model, display, on_week, hint_dismissed if role_id is None else None)
    if role_id is not None:
        with solara.Card():
            RolePlayPanel(model, role_id, model_arguments, on_compare).key(f"{role_id}-{id(model)}")
    Views(model, compare, record, display=display, seed=model_arguments["rng"])


@solara.component
def Page() -> None:
    """The app's page: a run of the model, or a class's page when the address names a class."""
    router = solara.use_router()
    if is_class_address(router.search):
        ClassroomPage(router.search or "")
    else:
        RunPage()


@solara.component
def RunPage() -> None:
    """The app: controls in the sidebar, charts, map and log in tabs. One model per tab.

    In projector mode there is no sidebar (under Vuetify's breakpoint it would be a drawer over
    the charts): the run controls and the timeline stay at the top, above the monitors and the
    charts, and the other cards follow the charts.
    """
    opened = use_opened_run()  # the run of the page's address (viz.share), the default if none
    model = solara.use_reactive(opened.model)
    scenario = solara.use_reactive(opened.address.scenario)
    seed = solara.use_reactive(opened.address.seed)
    overrides = solara.use_reactive(dict(opened.address.parameters))
    playing = solara.use_reactive(False)
    play_interval = solara.use_reactive(100)
    compare = solara.use_reactive(None)
    problem = solara.use_reactive(opened.problem)
    exercise = solara.use_reactive(None)
    role = solara.use_reactive(None)
    projector = solara.use_reactive(False)
    week = solara.use_reactive(None)  # the timeline's week; None follows the run
    hint_dismissed = solara.use_reactive(False)

    def parameters_for_reset() -> dict[str, Any]:
        return {"scenario_name": scenario.value, "rng": seed.value, **overrides.value}

    def reset() -> bool:
        """Start a new run of the chosen scenario, seed and parameters; False if refused."""
        playing.value = False
        try:
            model.value = LibyaModel(**parameters_for_reset())
        except ScenarioError as exc:
            problem.value = str(exc)
            return False
        problem.value = ""
        week.value = None
        return True

    def rebuild() -> None:
        """A new run, without the comparison or role play of the one before."""
        if reset():
            compare.value = None
            role.value = None

    def open_exercise(chosen: Exercise | None) -> None:
        """Load an exercise's preset (and its counterfactual) and open its sheet."""
        exercise.value = chosen
        if chosen is None:
            return
        scenario.value = chosen.scenario
        overrides.value = dict(chosen.parameters)
        rebuild()
        if chosen.compare:
            table = counterfactual_table(chosen.compare, seed.value, overrides.value)
            compare.value = (chosen.compare, table)

    def start_role_play(role_id: str | None) -> None:
        """Start role play from the first week of a new run, or stop it."""
        if role_id is None:
            model.value.player_choices.clear()
            role.value = None
            return
        rebuild()
        role.value = role_id

    def choose_scenario(name: str) -> None:
        scenario.value = name
        overrides.value = {}
        rebuild()

    def choose_seed(value: int | None) -> None:
        if value is None or value < 0:
            problem.value = "The seed must be a whole number, 0 or more."
            return
        seed.value = value
        rebuild()

    def change_parameter(name: str, value: Any) -> None:
        overrides.value = {**overrides.value, name: value}
        compare.value = None  # made with the old parameters: Compare again after Reset

    chosen = shipped_scenario(scenario.value)
    display = Display(projector=projector.value, week=week.value)

    def advance() -> None:
        """Step or Play pressed: the timeline follows the run again, the hint has served."""
        week.set(None)
        hint_dismissed.set(True)

    def run_controls() -> None:
        """Reset, Play, Step and their keys, or what to use instead during role play."""
        if role.value is None:
            RunControls(model, playing, play_interval, reset, on_advance=advance)
        else:
            solara.Text(
                "Role play is on: play the weeks in the role-play panel, or stop role play "
                "to use Reset, Play and Step again.",
                style={"font-size": "0.9em"},
            )
        solara.Switch(label="Projector mode", value=projector, classes=["projector-switch"])

    def scenario_and_seed() -> None:
        select_shown("Scenario", scenario.value, scenario_titles(), choose_scenario)
        solara.Text(chosen.description, style={"font-size": "0.8em", "color": "#666"})
        # applied on Enter or on leaving the field, not at each keystroke
        solara.InputInt("Seed", value=seed.value, on_value=choose_seed, continuous_update=False)
        if problem.value:
            solara.Error(problem.value, style={"white-space": "pre-line"})

    def other_cards() -> None:
        """Exercises, role play, inject, compare, share and download, and parameters."""
        with solara.Card("Exercises"):
            ExercisePicker(exercise.value, open_exercise)
        with solara.Card("Role play"):
            suggested = exercise.value.role if exercise.value else None
            RolePicker(role.value, suggested, model.value.cast, start_role_play).key(
                f"role-{suggested}-{cast_key(model.value.cast)}"
            )
        with solara.Card("Inject an event now"):
            InjectPanel(model.value).key(f"inject-{cast_key(model.value.cast)}")
        with solara.Card("Compare with a counterfactual"):
            ComparePanel(model.value, seed.value, overrides.value, compare.set)
        with solara.Card("Classroom: the whole class plays this run"):
            OpenClassCard(model.value, seed.value, overrides.value).key(
                f"class-{cast_key(model.value.cast)}"
            )
        with solara.Card("Share and download"):
            ShareRun(model.value, seed.value, playing.value, role.value is not None)
            solara.FileDownload(
                lambda: run_files(model.value, seed.value),
                filename=f"libya-abm-{scenario.value}-seed{seed.value}.zip",
                label="Download this run (CSV and JSON)",
            )
        with solara.Card("Parameters (apply on Reset)"):
            ParameterControls(
                {**model.value.params.model_dump(), **overrides.value}, change_parameter
            )

    main = (model.value, compare.value, role.value, parameters_for_reset(), compare.set)

    def main_area() -> None:
        MainArea(*main, chosen.record, display, week.set, hint_dismissed)

    solara.Title("libya-abm")
    solara.Style(LAYOUT_STYLE)
    if projector.value:
        with solara.Div(classes=["projector"]):
            hint = hint_dismissed if role.value is None else None
            WeekPanel(model.value, display, week.set, hint, run_controls)
            with_sheet(exercise, main_area)
            with solara.Details(
                summary="Scenario and seed, exercises, role play, inject, compare, share and "
                "download, parameters"
            ):
                with solara.Card("Scenario and seed"):
                    scenario_and_seed()
                other_cards()
        return
    with solara.AppBar():
        solara.AppBarTitle(f"Libya's oil, money and mediators, {chosen.years}")

    with solara.Sidebar():
        with solara.Card("Run"):
            run_controls()
            scenario_and_seed()
        other_cards()
    with_sheet(exercise, main_area)


def with_sheet(exercise: solara.Reactive[Exercise | None], main_area: Callable[[], None]) -> None:
    """The main area, beside the open exercise sheet if there is one."""
    if exercise.value is None:
        main_area()
        return
    with solara.Columns([5, 7]):
        SheetView(exercise.value, on_close=lambda: exercise.set(None))
        main_area()
