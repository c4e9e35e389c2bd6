"""The Solara browser app: influence over time and why, the deal as a button, counterfactuals.

Serve it with `libya-abm app` (or `solara run viz/app.py`). Each browser tab builds its own
model in `Page`, so two users never share state. The page lays out the run controls, panels
and exercises (`viz.panels`, `viz.teaching`) and the views of the run (`viz.views`); the model
is read and stepped under its lock (`viz.run_data`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import update_counter

from config.exercises import Exercise
from config.scenarios import ScenarioError, list_scenarios, shipped_scenario
from model import LibyaModel
from viz.controls import ParameterControls
from viz.panels import ComparePanel, InjectPanel, RunControls
from viz.run_data import cast_key, counterfactual_table, run_files
from viz.share import ShareRun, use_opened_run
from viz.tabs import Views
from viz.teaching import ExercisePicker, RolePicker, RolePlayPanel, SheetView


def scenario_choices() -> dict[str, str]:
    """The shipped scenarios as the picker shows them, "sochi_2020 (2019-2021)", to their names."""
    return {f"{name} ({shipped_scenario(name).years})": name for name in list_scenarios()}


@solara.component
def Headline(model: LibyaModel) -> None:
    """The current week and the numbers a viewer looks for first."""
    update_counter.get()
    leader = max(model.political_actors, key=lambda actor: actor.influence)
    solara.Markdown(
        f"**Week ending {model.date:%d %B %Y}** (step {model.steps} of {model.params.weeks}) "
        f"- production {model.production_kbpd:,.0f} kbpd - revenue to "
        f"{model.revenue_channel.replace('_', ' ')} - most influential: "
        f"{leader.label} ({leader.influence:.0%})"
    )
    if not model.running:
        solara.Info(
            "The run has reached its last week. Reset (or choose a scenario or seed) to start "
            "again; Download keeps this run."
        )


@solara.component
def MainArea(
    model: LibyaModel,
    compare: tuple[str, pd.DataFrame] | None,
    role_id: str | None,
    model_arguments: dict[str, Any],
    on_compare: Any,
    record: str | None = None,
) -> None:
    """The headline, the role-play panel when a student plays an actor, and the views."""
    Headline(model)
    if role_id is not None:
        with solara.Card():
            RolePlayPanel(model, role_id, model_arguments, on_compare).key(f"{role_id}-{id(model)}")
    Views(model, compare, record, seed=model_arguments["rng"])


@solara.component
def Page() -> None:
    """The app: controls in the sidebar, charts, map and log in tabs. One model per tab."""
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
    choices = scenario_choices()
    shown = {name: text for text, name in choices.items()}
    solara.Title("libya-abm")
    with solara.AppBar():
        solara.AppBarTitle(f"Libya's oil, money and mediators, {chosen.years}")
    with solara.Sidebar():
        with solara.Card("Run"):
            if role.value is None:
                RunControls(model, playing, play_interval, reset)
                solara.SliderInt(
                    "Pause between weeks (ms)",
                    value=play_interval,
                    min=10,
                    max=1000,
                    step=10,
                    thumb_label="always",
                )
            else:
                solara.Text(
                    "Role play is on: play the weeks in the role-play panel, or stop role play "
                    "to use Reset, Play and Step again.",
                    style={"font-size": "0.9em"},
                )
            solara.Select(
                "Scenario",
                value=shown[scenario.value],
                values=list(choices),
                on_value=lambda text: choose_scenario(choices[text]),
            )
            solara.Text(
                chosen.description,
                style={"font-size": "0.8em", "color": "#666"},
            )
            # applied on Enter or on leaving the field, not at each keystroke
            solara.InputInt("Seed", value=seed.value, on_value=choose_seed, continuous_update=False)
            if problem.value:
                solara.Error(problem.value, style={"white-space": "pre-line"})
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
        with solara.Card("Share and download"):
            ShareRun(model.value, seed.value, playing.value)
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
    if exercise.value is None:
        MainArea(*main, chosen.record)
        return
    with solara.Columns([5, 7]):
        SheetView(exercise.value, on_close=lambda: exercise.set(None))
        MainArea(*main, chosen.record)
