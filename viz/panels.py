"""The app's panels that act on a run: run controls, event injection and the counterfactual."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import solara

from config.scenarios import ScenarioError
from config.timeline import EVENT_CLASSES, EVENT_TYPES
from model import LibyaModel
from viz.compare_view import use_counterfactual
from viz.controls import EventForm, event_defaults, select_shown
from viz.keyboard import KeyboardShortcuts
from viz.redraw import use_redraw
from viz.run_data import counterfactual_table, model_lock


@solara.component
def RunControls(
    model: solara.Reactive[LibyaModel],
    playing: solara.Reactive[bool],
    interval_ms: solara.Reactive[int],
    on_reset: Callable[[], object],
    on_advance: Callable[[], object] = lambda: None,
) -> None:
    """Reset, play or pause, and step the run, as Mesa's `ModelController` does; their keys.

    `on_advance` is called when Step or Play is pressed (the page's timeline then follows the
    run again).

    `playing` belongs to the page, so that starting role play can stop a run that plays. A
    play steps only the run it started on: a new run (a reset, another scenario, role play)
    is never stepped by the play of the one before. Space, the right arrow and R do what
    Play/Pause, Step and Reset do (`viz.keyboard`), and only when the button could be pressed.
    """
    redraw = use_redraw()

    def play_weeks() -> None:
        run = model.value

        def still_playing() -> bool:
            return playing.value and model.value is run and run.running and player.is_current()

        while still_playing():
            time.sleep(interval_ms.value / 1000)
            if still_playing():
                with model_lock(run):
                    run.step()
                redraw()
        if model.value is run and not run.running:
            playing.value = False

    player = solara.lab.use_task(play_weeks, dependencies=[playing.value], prefer_threaded=True)
    running = model.value.running

    def step() -> None:
        if playing.value or not model.value.running:
            return
        on_advance()
        with model_lock(model.value):
            model.value.step()
        redraw()

    def play_or_pause() -> None:
        if not playing.value and model.value.running:
            on_advance()
            playing.set(True)
        else:
            playing.set(False)

    with solara.Div(classes=["run-controls"]):
        with solara.Row(justify="space-between", classes=["run-buttons"]):
            solara.Button("Reset", color="primary", on_click=on_reset)
            solara.Button(
                "❚❚" if playing.value else "▶",
                color="primary",
                on_click=play_or_pause,
                disabled=not running,
            )
            solara.Button(
                "Step", color="primary", on_click=step, disabled=playing.value or not running
            )
        # the value in the label, a bubble only while dragging: one always shown would cover
        # the buttons above
        with solara.Div(classes=["pause-slider"]):
            solara.SliderInt(
                f"Weekly pause: {interval_ms.value} ms",
                value=interval_ms,
                min=10,
                max=1000,
                step=10,
                thumb_label=True,
            )
        KeyboardShortcuts(play_or_pause, step, on_reset)


@solara.component
def InjectPanel(
    model: LibyaModel, on_inject: Callable[[dict[str, Any]], None] | None = None
) -> None:
    """Inject an event into the running model at the current week.

    `on_inject` injects it instead (a class's run, for every page of the class).
    """
    kind, set_kind = solara.use_state("deal")
    values, set_values = solara.use_state(event_defaults(EVENT_CLASSES["deal"], model.cast))
    message, set_message = solara.use_state(("", "info"))
    redraw = use_redraw()

    def choose(new_kind: str) -> None:
        set_kind(new_kind)
        set_values(event_defaults(EVENT_CLASSES[new_kind], model.cast))
        set_message(("", "info"))

    def change(name: str, value: Any) -> None:
        set_values({**values, name: value})

    def inject() -> None:
        event = {"type": kind, "label": "", **values}
        try:
            if on_inject is not None:
                on_inject(event)
            else:
                with model_lock(model):  # Play's thread may be half-way through a week
                    model.inject_event(event, where=f"injected {kind}")
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
        redraw()

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
    """Run a counterfactual with the same seed and parameters, to overlay on the charts.

    Offered: the shipped scenarios that span the run's weeks with its actors, by title.
    """
    other, titles, set_other = use_counterfactual(model)
    if other is None:
        solara.Text("No shipped scenario spans this run's weeks with its actors.")
        return

    def run_counterfactual() -> None:
        on_compare((other, counterfactual_table(other, seed, overrides)))

    select_shown("Counterfactual scenario", other, titles, set_other)
    with solara.Row():
        solara.Button("Compare", color="primary", on_click=run_counterfactual)
        solara.Button("Clear", on_click=lambda: on_compare(None))
