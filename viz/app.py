"""The Solara browser app: influence over time and why, the deal as a button, counterfactuals.

Serve it with `libya-abm app` (or `solara run viz/app.py`). Each browser tab builds its own
model in `Page`, so two users never share state. `RunControls` resets, plays, pauses and
steps the run as Mesa's `ModelController` does, and gives way to the role-play panel while a
student plays an actor; the charts, map, event log, event injection, comparison and download
are this app's own components too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
import threading
import time
import weakref
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import solara
from mesa.visualization.utils import force_update, update_counter

from config.cast import Cast
from config.exercises import Exercise
from config.scenarios import (
    DEFAULT_SCENARIO,
    Scenario,
    ScenarioError,
    list_scenarios,
    shipped_scenario,
)
from config.timeline import EVENT_CLASSES, EVENT_TYPES
from experiments.plots import MARKED_EVENTS, marked_events
from experiments.runner import DEFAULT_SEED, record, write_outputs
from model import LibyaModel
from viz import charts
from viz.controls import EventForm, ParameterControls, event_defaults
from viz.map import map_figure
from viz.teaching import ExercisePicker, RolePicker, RolePlayPanel, SheetView

COMPONENT_GUIDE = (
    "Each component is the actor's share of it, times its weight (docs/ODD.md 7.13). "
    "**oil**: fields held, the leverage of a blockade, control of the revenue channel, and for "
    "the NOC operating the oil that flows; **money**: weekly spending, or support given by a "
    "patron; **legitimacy**: recognition times public standing (one minus blame); "
    "**backing**: support from a patron, given to a client, or (a power without a client) its "
    "pressure; **military**: strength, and "
    "forces on the ground; **prominence**: news attention."
)


_LOCKS: weakref.WeakKeyDictionary[LibyaModel, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_LOCK = threading.Lock()


def model_lock(model: LibyaModel) -> threading.Lock:
    """The lock under which a model is stepped and its records are read.

    Play steps the model in a thread of its own while the page draws; a week recorded half-way
    (Mesa appends the columns one by one) would give tables of unequal lengths.
    """
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(model, threading.Lock())


def weekly_table(model: LibyaModel) -> pd.DataFrame:
    """The model's weekly series recorded so far (read under the model's lock)."""
    with model_lock(model):
        return model.datacollector.get_model_vars_dataframe()


def event_table(model: LibyaModel) -> pd.DataFrame:
    """The model's event log so far (read under the model's lock)."""
    with model_lock(model):
        return model.event_log()


def counterfactual_table(scenario_name: str, seed: int, overrides: dict[str, Any]) -> pd.DataFrame:
    """The weekly series of a whole run of another scenario, same seed and parameter changes."""
    counterfactual = LibyaModel(scenario_name=scenario_name, rng=seed, **overrides)
    counterfactual.run_model()
    return weekly_table(counterfactual)


def changes_of_course(log: pd.DataFrame) -> pd.DataFrame:
    """The events of an event log, and each decision that differs from the one before it.

    A decision is kept when it is the first of its actor and kind, or when its choice differs
    from that actor's previous choice of that kind: "LNA lifts the blockade" after weeks of
    "LNA keeps the blockade", not every week of keeping it.
    """
    decided = log["category"] == "decision"
    decisions = log[decided]
    previous = decisions.groupby(["actors", "kind"])["choice"].shift()
    changed = decisions["choice"].ne(previous).reindex(log.index, fill_value=False)
    return log[~decided | changed]


def scenario_choices() -> dict[str, str]:
    """The shipped scenarios as the picker shows them, "sochi_2020 (2019-2021)", to their names."""
    return {f"{name} ({shipped_scenario(name).years})": name for name in list_scenarios()}


def cast_key(cast: Cast) -> str:
    """A key that changes with the cast: components keyed by it forget the actors they held."""
    return hashlib.sha1(cast.model_dump_json().encode()).hexdigest()[:12]


def horizon(model: LibyaModel) -> tuple[dt.date, dt.date]:
    """First and last date of the run, so that charts keep still while it plays."""
    return model.start_date, model.params.end_date


def run_files(model: LibyaModel, seed: int) -> bytes:
    """The current run's model.csv, assets.csv, events.csv and run.json, zipped."""
    scenario = Scenario(
        name=model.scenario_name,
        description="Downloaded from the libya-abm app",
        parameters=model.params,
        events=tuple(event.spec for event in model.pending_events),
        source="libya-abm app",
        cast=model.cast,
    )
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        with model_lock(model):
            result = record(model, seed)
        paths = write_outputs(Path(folder), scenario, [result])
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths.values():
                archive.write(path, arcname=path.name)
    return buffer.getvalue()


@solara.component
def RunControls(
    model: solara.Reactive[LibyaModel],
    playing: solara.Reactive[bool],
    interval_ms: solara.Reactive[int],
    on_reset: Callable[[], object],
) -> None:
    """Reset, play or pause, and step the run, as Mesa's `ModelController` does.

    `playing` belongs to the page, so that starting role play can stop a run that plays. A
    play steps only the run it started on: a new run (a reset, another scenario, role play)
    is never stepped by the play of the one before.
    """

    def play_weeks() -> None:
        run = model.value

        def still_playing() -> bool:
            return playing.value and model.value is run and run.running and player.is_current()

        while still_playing():
            time.sleep(interval_ms.value / 1000)
            if still_playing():
                with model_lock(run):
                    run.step()
                force_update()
        if model.value is run and not run.running:
            playing.value = False

    player = solara.lab.use_task(play_weeks, dependencies=[playing.value], prefer_threaded=True)

    def step() -> None:
        with model_lock(model.value):
            model.value.step()
        force_update()

    running = model.value.running
    with solara.Row(justify="space-between"):
        solara.Button("Reset", color="primary", on_click=on_reset)
        solara.Button(
            "❚❚" if playing.value else "▶",
            color="primary",
            on_click=lambda: playing.set(not playing.value),
            disabled=not running,
        )
        solara.Button("Step", color="primary", on_click=step, disabled=playing.value or not running)


@solara.component
def Chart(figure: Any) -> None:
    """A matplotlib figure as an image, with its legend as coloured text above it."""
    with solara.Row(style={"flex-wrap": "wrap", "gap": "4px 14px", "font-size": "0.8em"}):
        for symbol, label, colour in charts.legend_entries(figure):
            solara.Text(f"{symbol} {label}", style={"color": colour})
    solara.FigureMatplotlib(figure, format="png", dpi=80)


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
def EventMarkers(model: LibyaModel) -> None:
    """What the dotted lines on the charts mark."""
    update_counter.get()
    marked = marked_events(event_table(model))
    if len(marked):
        items = ", ".join(
            f"{MARKED_EVENTS[kind]} ({date})" for date, kind in marked.itertuples(index=False)
        )
        solara.Text(f"Dotted lines: {items}", style={"font-size": "0.8em", "color": "#666"})


@solara.component
def InfluenceView(model: LibyaModel, compare: tuple[str, pd.DataFrame] | None) -> None:
    """Influence shares over time, and one actor's influence broken into its components."""
    update_counter.get()
    actor, set_actor = solara.use_state(model.revenue_claimant.actor_id)
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    label, other = compare if compare else ("", None)
    Chart(charts.influence_figure(weekly, events, span, model.cast, other, label))
    if compare:
        solara.Text(f"Compared with {label} (dashed lines): same seed and your parameter changes.")
    labels = model.cast.labels
    by_label = {name: actor_id for actor_id, name in labels.items()}
    solara.Select(
        "Explain the influence of",
        value=labels[actor],
        values=list(by_label),
        on_value=lambda label: set_actor(by_label[label]),
    )
    Chart(charts.decomposition_figure(weekly, events, span, actor, labels[actor]))
    solara.Markdown(COMPONENT_GUIDE, style={"font-size": "0.8em", "color": "#555"})


@solara.component
def OilView(
    model: LibyaModel, compare: tuple[str, pd.DataFrame] | None, record: str | None
) -> None:
    """Production against the scenario's observed record; revenue, losses and frozen funds."""
    update_counter.get()
    label, other = compare if compare else ("", None)
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    Chart(charts.oil_figure(weekly, events, span, other, label, record))
    if record is None:
        solara.Text(
            "This scenario names no observed record to compare with.",
            style={"font-size": "0.8em", "color": "#666"},
        )


@solara.component
def MediatorsView(model: LibyaModel) -> None:
    """The prominence of the UN, Russia, the US and Turkey."""
    update_counter.get()
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    Chart(charts.mediators_figure(weekly, events, span, model.cast))


@solara.component
def PeopleView(model: LibyaModel) -> None:
    """Hardship and protests per region; blame."""
    update_counter.get()
    weekly, events, span = weekly_table(model), event_table(model), horizon(model)
    Chart(charts.people_figure(weekly, events, span, model.cast))


@solara.component
def MapView(model: LibyaModel) -> None:
    """Fields and terminals on the map of Libya, as they are this week."""
    update_counter.get()
    Chart(map_figure(list(model.assets), model.cast.labels, model.date.isoformat()))


@solara.component
def EventLog(model: LibyaModel) -> None:
    """What happened and why, most recent first, in plain language."""
    update_counter.get()
    show_decisions, set_show_decisions = solara.use_state(False)
    solara.Checkbox(
        label="Show every decision with its reasons",
        value=show_decisions,
        on_value=set_show_decisions,
    )
    log = event_table(model)
    if not show_decisions:
        solara.Text(
            "Shown: what happened, and the decisions by which an actor changed course.",
            style={"font-size": "0.8em", "color": "#666"},
        )
        log = changes_of_course(log)
    rows = log.iloc[::-1].head(60)
    lines = [f"- **{row.date}** {row.explanation}" for row in rows.itertuples()]
    solara.Markdown("\n".join(lines) if lines else "Nothing has happened yet.")


@solara.component
def InjectPanel(model: LibyaModel) -> None:
    """Inject an event into the running model at the current week."""
    kind, set_kind = solara.use_state("deal")
    values, set_values = solara.use_state(event_defaults(EVENT_CLASSES["deal"], model.cast))
    message, set_message = solara.use_state(("", "info"))

    def choose(new_kind: str) -> None:
        set_kind(new_kind)
        set_values(event_defaults(EVENT_CLASSES[new_kind], model.cast))
        set_message(("", "info"))

    def change(name: str, value: Any) -> None:
        set_values({**values, name: value})

    def inject() -> None:
        try:
            model.inject_event({"type": kind, "label": "", **values}, where=f"injected {kind}")
        except ScenarioError as exc:
            set_message((str(exc), "error"))
            return
        set_message(
            (
                f"{kind} injected in the week ending {model.date}; "
                "it takes effect at the next step.",
                "success",
            )
        )
        force_update()

    solara.Select("Event type", value=kind, values=list(EVENT_TYPES), on_value=choose)
    scheduled = [
        event.spec
        for event in model.pending_events
        if event.spec.type == kind == "deal" and not event.fired
    ]
    for deal in scheduled:
        solara.Warning(
            f"This run already has a deal on {deal.date} (broker: "
            f"{model.actor(deal.broker).label}); injecting another adds a second deal. To move "
            "the deal to another date, choose the no_deal scenario first."
        )
    EventForm(EVENT_CLASSES[kind], values, model.cast, change)
    solara.Button("Inject now", color="primary", on_click=inject, disabled=not model.running)
    text, level = message
    if text:
        (solara.Error if level == "error" else solara.Success)(text)


@solara.component
def ComparePanel(
    model: LibyaModel,
    seed: int,
    overrides: dict[str, Any],
    on_compare: Any,
) -> None:
    """Run a counterfactual with the same seed and parameters, to overlay on the charts."""
    other, set_other = solara.use_state("no_deal")

    def run_counterfactual() -> None:
        on_compare((other, counterfactual_table(other, seed, overrides)))

    solara.Select(
        "Counterfactual scenario", value=other, values=list_scenarios(), on_value=set_other
    )
    with solara.Row():
        solara.Button("Compare", color="primary", on_click=run_counterfactual)
        solara.Button("Clear", on_click=lambda: on_compare(None))


@solara.component
def Views(model: LibyaModel, compare: tuple[str, pd.DataFrame] | None, record: str | None) -> None:
    """The charts, the map and the log, in tabs; only the visible tab is drawn.

    `record` is the scenario's observed record (`config.records`), drawn on the Oil tab.
    """
    with solara.lab.Tabs(lazy=True):
        with solara.lab.Tab("Influence"):
            InfluenceView(model, compare).key(f"influence-{cast_key(model.cast)}")
        with solara.lab.Tab("Oil"):
            OilView(model, compare, record)
        with solara.lab.Tab("Mediators"):
            MediatorsView(model)
        with solara.lab.Tab("People"):
            PeopleView(model)
        with solara.lab.Tab("Map"):
            MapView(model)
        with solara.lab.Tab("Event log"):
            EventLog(model)


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
    EventMarkers(model)
    if role_id is not None:
        with solara.Card():
            RolePlayPanel(model, role_id, model_arguments, on_compare).key(f"{role_id}-{id(model)}")
    Views(model, compare, record)


@solara.component
def Page() -> None:
    """The app: controls in the sidebar, charts, map and log in tabs. One model per tab."""
    initial = solara.use_memo(lambda: LibyaModel(rng=DEFAULT_SEED), [])
    model = solara.use_reactive(initial)
    scenario = solara.use_reactive(DEFAULT_SCENARIO)
    seed = solara.use_reactive(DEFAULT_SEED)
    overrides = solara.use_reactive({})
    playing = solara.use_reactive(False)
    play_interval = solara.use_reactive(100)
    compare = solara.use_reactive(None)
    problem = solara.use_reactive("")
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
                solara.Error(problem.value)
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
        with solara.Card("Download"):
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
