"""The teacher's side of a class: opening one, and the shared view on the projector.

`OpenClassCard` (in the app's sidebar) opens a class on the page's scenario, seed and
parameter changes, with the roles students may take, the seconds allowed per decision and
the seconds after which an absent student's role is freed. `TeacherView` is the teacher's
page: the room code, the address and its QR code (drawn here, offline), who holds which
role and who has decided this week, the controls that play the class, the teacher's events,
the app's charts of the shared run, and the debrief.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import segno
import solara

from config.scenarios import shipped_scenario
from experiments.class_hub import PUBLIC_URL_VARIABLE, LiveClass, hub
from experiments.classroom import ClassSetup, decision_weeks, is_standing
from experiments.roleplay import class_roles
from model import LibyaModel
from viz.class_debrief import DebriefView
from viz.classroom import ClassAddress, format_code, use_class_view
from viz.countdown import Countdown
from viz.display import Display
from viz.panels import InjectPanel
from viz.tabs import Views

LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


def join_address(code: str, host_header: str, public_url: str = "") -> str:
    """The address students open: the server as they reach it, with the class's code.

    The teacher's browser may have opened the server as localhost, which students cannot
    reach: then the network address the server announced (`public_url`) is used.
    """
    host = host_header.split(":")[0] if not host_header.startswith("[") else host_header
    if public_url and (not host_header or host in LOOPBACK):
        base = public_url.rstrip("/")
    else:
        base = f"http://{host_header or 'localhost'}"
    return f"{base}/{ClassAddress(code).query()}"


def qr_svg(address: str) -> str:
    """A QR code of the address as an SVG document (segno, nothing fetched)."""
    return segno.make(address, error="m").svg_inline(scale=5, border=2, dark="#000")


def request_host() -> str:
    """The Host header of this page's request (the server as the teacher's browser reached it)."""
    headers = solara.lab.headers.value or {}
    value = headers.get("host") or headers.get("Host") or ""
    return value[0] if isinstance(value, list) and value else str(value or "")


def decision_guide(weeks: dict[str, int], labels: dict[str, str]) -> str:
    """'On the model's own path the LNA decides in 1 week, ...': what each role will have to do."""
    parts = [
        f"the {labels[actor]} in {count} week{'s' if count != 1 else ''}"
        for actor, count in weeks.items()
    ]
    return (
        "On the model's own path of this scenario and seed, the decisions the class waits for "
        f"come: {', '.join(parts)}. The others (levers, a patron's support) are chosen in any "
        "week. Students' choices change the path."
    )


def setting_sliders(
    deadline: int,
    leave_after: int,
    on_deadline: Callable[[int], None],
    on_leave_after: Callable[[int], None],
) -> None:
    """The seconds per decision and before an absent student's role is freed, as sliders."""
    solara.SliderInt(
        f"Seconds per decision: {deadline}",
        value=deadline,
        min=15,
        max=300,
        step=15,
        on_value=on_deadline,
    )
    solara.SliderInt(
        f"Free an absent student's role after {leave_after} s",
        value=leave_after,
        min=30,
        max=900,
        step=30,
        on_value=on_leave_after,
    )


@solara.component
def OpenClassCard(model: LibyaModel, seed: int, overrides: dict[str, Any]) -> None:
    """Open a class on this page's scenario, seed and parameters; a link to its teacher's page."""
    roles = {model.cast.labels[actor]: actor for actor in class_roles(model.cast)}
    open_roles, set_open_roles = solara.use_state(list(roles))  # by label
    deadline, set_deadline = solara.use_state(60)
    leave_after, set_leave_after = solara.use_state(120)
    problem, set_problem = solara.use_state("")
    router = solara.use_router()
    scenario = model.scenario_name

    def open_class() -> None:
        if not open_roles:
            set_problem("Open at least one role to students.")
            return
        chosen = tuple(actor for label, actor in roles.items() if label in open_roles)
        setup = ClassSetup(scenario, seed, chosen, overrides)
        live = hub().open_class(setup, deadline, leave_after)
        router.push(ClassAddress(live.code, teacher=live.record.teacher_token).query())

    solara.Text(
        f"A class plays the scenario chosen above, seed {seed}, together: each student takes "
        "a role on their own device; the model plays the others.",
        style={"font-size": "0.85em"},
    )
    weeks = solara.use_memo(
        lambda: decision_weeks(ClassSetup(scenario, seed, tuple(roles.values()), overrides)),
        [scenario, seed, str(overrides)],
    )
    solara.Text(
        decision_guide(weeks, model.cast.labels),
        style={"font-size": "0.85em"},
        classes=["decision-guide"],
    )
    solara.SelectMultiple(
        "Roles students may take",
        values=open_roles,
        all_values=list(roles),
        on_value=set_open_roles,
    )
    setting_sliders(deadline, leave_after, set_deadline, set_leave_after)
    solara.Button("Open a class", color="primary", on_click=open_class, classes=["open-class"])
    if problem:
        solara.Error(problem)


@solara.component
def TeacherView(live: LiveClass, token: str) -> None:
    """The shared view: code and address, the roster, the controls, the charts, the debrief."""
    view = use_class_view(live, charts=True)
    debrief_open, set_debrief_open = solara.use_state(False)
    model = live.run.model
    address = join_address(live.code, request_host(), os.environ.get(PUBLIC_URL_VARIABLE, ""))
    record = shipped_scenario(live.record.setup.scenario).record
    solara.Title(f"Class {format_code(live.code)}")

    with solara.Columns([3, 2]):
        with solara.Column():
            solara.Markdown(f"# Class {format_code(live.code)}")
            solara.Text("Students open", style={"font-size": "1.2em"})
            solara.Text(
                address,
                classes=["join-address"],
                style={"font-size": "1.6em", "font-family": "monospace"},
            )
            solara.Text(
                f"Week ending {view.date} (week {view.step}); "
                + (
                    "the run has ended."
                    if not view.running
                    else "playing."
                    if view.playing
                    else "paused."
                ),
                classes=["class-week"],
            )
            if view.playing and view.waiting_for and view.deadline is not None:
                labels = live.run.model.cast.labels
                waiting = ", ".join(f"the {labels[actor]}" for actor in view.waiting_for)
                with solara.Div(classes=["teacher-deadline"]):
                    Countdown(
                        view.deadline - time.time(),
                        prefix=f"Waiting for {waiting}: the model decides in ",
                    )
            ClassControls(live, view)
        qr = solara.use_memo(lambda: qr_svg(address), [address])
        solara.HTML(tag="div", unsafe_innerHTML=qr, classes=["join-qr"])

    Roster(live, view)
    with solara.Details(summary="Settings, the teacher's link, and an event for everyone"):
        Settings(live)
        solara.Text("Your (the teacher's) page; keep it to yourself:")
        solara.Text(
            f"?class={live.code}&teacher={token}",
            classes=["teacher-link"],
            style={"font-family": "monospace"},
        )
        with solara.Card("Inject an event now"):
            InjectPanel(model, on_inject=live.inject).key(f"inject-{live.code}")
    if not view.running:
        with solara.Card("Debrief"):
            DebriefView(live)
        return
    with solara.Row():
        solara.Button(
            "Hide the debrief" if debrief_open else "The debrief so far",
            on_click=lambda: set_debrief_open(not debrief_open),
            classes=["debrief-so-far"],
            text=True,
        )
    if debrief_open:
        with solara.Card(f"Debrief so far (to the week ending {view.date})"):
            DebriefView(live)
    Views(model, None, record, display=Display(), seed=live.record.setup.seed)


@solara.component
def ClassControls(live: LiveClass, view: Any) -> None:
    """Play a week, play to the next decision, or play with a deadline per decision."""
    running = view.running
    with solara.Row(style={"flex-wrap": "wrap"}):
        solara.Button(
            "Next week",
            color="primary",
            on_click=live.advance,
            disabled=not running or view.playing,
            classes=["next-week"],
        )
        solara.Button(
            "To the next decision",
            color="primary",
            on_click=live.advance_to_decision,
            disabled=not running or view.playing,
            classes=["next-decision"],
        )
        solara.Button(
            "Pause" if view.playing else f"Play ({live.record.deadline_s} s per decision)",
            color="primary",
            on_click=lambda: live.play(not view.playing),
            disabled=not running,
            classes=["play-class"],
        )


@solara.component
def Roster(live: LiveClass, view: Any) -> None:
    """Each role: who holds it, and whether it decides this week and has chosen."""
    cast = live.run.model.cast
    with solara.Card("Roles this week"):
        for actor in live.run.roles:
            holders = view.holders.get(actor, [])
            who = ", ".join(holders) if holders else "the model (no student)"
            if actor in view.chosen:
                state = f"decided ({view.chosen[actor][1]})"
            elif is_standing(live.run.roles[actor]):
                in_force = view.standing.get(actor)
                state = f"standing: {in_force[0]}" if in_force else "the model's own each week"
            elif actor not in view.asked:
                state = "nothing to decide"
            elif holders:
                state = "deciding…"
            else:
                state = "the model decides"
            solara.Text(
                f"{cast.labels[actor]}: {who}; {state}",
                classes=["roster-row", f"roster-{actor}"],
                style={"display": "block"},
            )


@solara.component
def Settings(live: LiveClass) -> None:
    """The seconds per decision and before an absent student's role is freed."""
    deadline = live.record.deadline_s
    leave_after = live.record.leave_after_s
    setting_sliders(
        deadline,
        leave_after,
        lambda seconds: live.settings(seconds, live.record.leave_after_s),
        lambda seconds: live.settings(live.record.deadline_s, seconds),
    )
