"""Classroom mode: a whole class plays one run, each student (or team) an actor.

The app's address says which page of a class a browser shows (`ClassAddress`):
- `?class=` asks for a room code; `?class=CODE` asks a student for a name and a free role;
- `?class=CODE&student=TOKEN` is a student's own page (their faction's situation, the
  choices the model gives it with the terms behind them, their decisions so far): a reload
  or a reconnection gets the role back; `&role=ACTOR` shows another role's page, whose
  choices the class refuses (a student acts only for the role they hold);
- `?class=CODE&teacher=TOKEN` is the teacher's shared view (`viz.class_teacher`).
The class itself lives in the server's hub (`experiments.class_hub`), shared by every page;
each page waits for its changes in a thread of its own session and redraws itself.
Names students type are shown as text (never Markdown or HTML) on every page.

A change of the class redraws every page of it, thirty students' and more: what a role's
page shows is made once per change for the whole team (`LiveClass.screen`), the pages
redraw in turn (`LiveClass.redraw_turn`), and the tables are drawn as escaped HTML, not as
Markdown, whose parse of a table (about 5 ms) was made again on every page at every change.
"""

from __future__ import annotations

import html
import time
import urllib.parse
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import partial

import reacton.core
import solara
import solara.server.kernel_context
from mesa.visualization.utils import force_update

from experiments.class_hub import HEARTBEAT_S, ClassView, LiveClass, RoleScreen, hub
from experiments.class_store import StoreError, Student, normalise_code
from experiments.classroom import ClassError, is_standing
from experiments.roleplay import YesNoRole
from viz.class_debrief import DebriefView
from viz.countdown import Countdown

RECENT_DECISIONS = 8
"""How many of their own decisions a student's page lists."""


@dataclass(frozen=True)
class ClassAddress:
    """The class parts of a page's address (every one may be empty)."""

    code: str = ""
    teacher: str = ""
    student: str = ""
    role: str = ""

    @classmethod
    def parse(cls, search: str) -> ClassAddress:
        """Read `class`, `teacher`, `student` and `role` from a query string."""
        pairs = urllib.parse.parse_qs(search.lstrip("?"), keep_blank_values=True)

        def first(name: str) -> str:
            return pairs.get(name, [""])[0].strip()

        return cls(
            normalise_code(first("class")), first("teacher"), first("student"), first("role")
        )

    def query(self) -> str:
        """This address as a query string, without empty parts."""
        parts = {
            "class": self.code,
            "teacher": self.teacher,
            "student": self.student,
            "role": self.role,
        }
        return "?" + urllib.parse.urlencode({k: v for k, v in parts.items() if v})


def use_class_view(
    live: LiveClass,
    heartbeat: str = "",
    watch: Callable[[ClassView], Hashable] | None = None,
    charts: bool = False,
) -> ClassView:
    """The class as it is now; the page redraws when what it shows of the class changes.

    A hook. A thread of this page's session waits for the class's changes and redraws the
    page (in turn with the class's other pages: `LiveClass.redraw_turn`) only if
    `watch(view)` changed (by default, at every change): a student's page
    shows its own role, and need not redraw when another team chooses. With `charts`, the
    app's charts of the run (which follow Mesa's `update_counter`) redraw in the same render
    pass. With `heartbeat` (a student's token) the thread also tells the store every
    `HEARTBEAT_S` seconds that the student's page is still connected, so that their role is
    not freed.
    """
    seen_key, set_seen_key = solara.use_state(None)
    context = solara.server.kernel_context.get_current_context()
    render_context = reacton.core.get_render_context()
    key_of = watch or (lambda view: view.version)
    drawn = live.view()

    def follow() -> None:
        # from what the page first drew: a change before the thread starts is redrawn
        seen, shown = drawn.version, key_of(drawn)
        beat = 0.0
        # a page closed (reloaded, left) has no kernel any more: its thread ends
        while follower.is_current() and context.kernel is not None:
            now = live.wait(seen, timeout=1.0)
            if heartbeat and time.time() - beat > HEARTBEAT_S:
                if is_connected(context):
                    live.store.touch(heartbeat)
                beat = time.time()
            if now == seen or not follower.is_current():
                continue
            seen = now
            key = key_of(live.view())
            if key == shown:
                continue
            shown = key
            # one render pass for the page and its charts, in turn with the class's pages
            with live.redraw_turn(), render_context:
                set_seen_key(key)
                if charts:
                    force_update()

    follower = solara.lab.use_task(
        follow, dependencies=[live.code, heartbeat], prefer_threaded=True
    )
    del seen_key  # the state only makes the page render again
    return drawn


def is_connected(context: solara.server.kernel_context.VirtualKernelContext) -> bool:
    """True while the page of this session context has a browser connected to it."""
    kernel = context.kernel  # None once the page has closed
    return kernel is not None and bool(kernel.session.websockets)


def chance(probability: float) -> str:
    """A probability in words a student reads: '62%', 'more than 99.9%', 'less than 0.1%'."""
    if probability > 0.999:
        return "more than 99.9%"
    if probability < 0.001:
        return "less than 0.1%"
    return f"{probability:.0%}" if 0.01 <= probability <= 0.99 else f"{probability:.1%}"


def student_watch(actor: str) -> Callable[[ClassView], Hashable]:
    """What of the class a student's page of `actor` shows: it redraws when this changes."""

    def key(view: ClassView) -> Hashable:
        return (
            view.step,
            view.running,
            view.playing,
            view.deadline,
            actor in view.asked,
            view.chosen.get(actor),
            view.standing.get(actor),
            tuple(view.holders.get(actor, [])),
        )

    return key


@solara.component
def JoinForm(live: LiveClass, on_joined: Callable[[str], None]) -> None:
    """A name and a free role (or one to share with a team); the model plays unclaimed roles."""
    view = use_class_view(live, watch=lambda view: (view.running, str(view.holders)))
    name, set_name = solara.use_state("")
    chosen, set_chosen = solara.use_state(None)
    problem, set_problem = solara.use_state("")
    cast = live.run.model.cast
    labels = {actor: cast.labels[actor] for actor in live.run.roles}

    def join() -> None:
        if chosen is None:
            set_problem("Choose a role.")
            return
        try:
            student = hub().join(live.code, name, chosen)
        except StoreError as exc:
            set_problem(str(exc))
            return
        on_joined(student.token)

    with solara.Card(f"Class {format_code(live.code)}: join"):
        if live.record.finished or not view.running:
            solara.Info("This class has finished.")
            DebriefView(live)
            return
        solara.InputText(
            "Your name (or your team's)", value=name, on_value=set_name, continuous_update=True
        )
        solara.Text("Your role:")
        for actor, label in labels.items():
            holders = view.holders.get(actor, [])
            taken = f" (with {', '.join(holders)})" if holders else " (free)"
            solara.Button(
                label + taken,
                on_click=partial(set_chosen, actor),
                color="primary" if chosen == actor else None,
                outlined=chosen != actor,
                classes=[f"role-{actor}"],
                style={"margin": "2px", "text-transform": "none"},
            )
        solara.Button("Join", color="primary", on_click=join, classes=["join-button"])
        if problem:
            solara.Error(problem)


def format_code(code: str) -> str:
    """'K7QX3MRP' as 'K7QX-3MRP', easier to read off a projector."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


@solara.component
def StudentPage(live: LiveClass, address: ClassAddress) -> None:
    """A student's page: their role's situation and choices, or why the page cannot act."""
    try:
        student = live.student(address.student)
    except ClassError as exc:
        solara.Error(f"{exc} Join the class again from its address.")
        return
    shown = address.role or student.actor
    if shown not in live.run.roles:
        solara.Error(f"{shown!r} is not a role of this class.")
        return
    if student.freed:
        live.store.touch(student.token)  # back before the role went to anyone else
        solara.Warning("Your role was freed while you were away; it is yours again now.")
    StudentScreen(live, student, shown)


@solara.component
def StudentScreen(live: LiveClass, student: Student, shown: str) -> None:
    """The student's screen of the role `shown` (their own, unless the address names another)."""
    view = use_class_view(live, heartbeat=student.token, watch=student_watch(shown))
    cast = live.run.model.cast
    team = [n for n in view.holders.get(student.actor, []) if n != student.name]
    with_team = f" (with {', '.join(team)})" if team else ""
    solara.HTML(
        tag="h2",
        unsafe_innerHTML=html.escape(f"Class {format_code(live.code)}, week ending {view.date}"),
        classes=["student-week"],
    )
    solara.Text(
        f"You are {student.name}, playing the {cast.labels[student.actor]}{with_team}.",
        classes=["student-heading"],
    )
    if shown != student.actor:
        solara.Warning(
            f"This page is the {cast.labels[shown]}'s, but you hold the "
            f"{cast.labels[student.actor]}'s role: the class refuses your choices here."
        )
    if not view.running:
        solara.Success("The run has ended. The debrief:")
        StudentDebrief(live)
        return
    screen = live.screen(shown)
    DecisionCard(live, view, shown, student.token, screen)
    with solara.Columns([1, 1]):
        with solara.Card("Your situation"):
            SituationTable(screen.situation)
        with solara.Card("Your decisions so far"):
            OwnDecisions(screen)
    with solara.Card("Last week"):
        LastWeek(view.events)


@solara.component
def StudentDebrief(live: LiveClass) -> None:
    """The debrief on a student's page, drawn when the student opens it.

    The teacher's page shows it at once, for the class to read together on the projector.
    Drawn at once on every student's page too, the class's last week reached the last of
    thirty screens only after thirty debriefs (charts and tables, about 0.25 s of the
    server's time each) had been drawn one after another.
    """
    opened, set_opened = solara.use_state(False)
    if opened:
        DebriefView(live)
        return
    solara.Button(
        "Open the debrief: the class's path against the model's, and every role's choices",
        color="primary",
        on_click=lambda: set_opened(True),
        classes=["open-debrief"],
        style={"text-transform": "none"},
    )


@solara.component
def DecisionCard(
    live: LiveClass, view: ClassView, actor: str, token: str, screen: RoleScreen
) -> None:
    """The role's choice: the question, the options and the terms the model weighs.

    A decision the class waits for is offered in the weeks the actor decides; a standing
    choice (a lever, a patron's support) in every week, with the one in force.
    """
    problem, set_problem = solara.use_state(("", -1))
    role = live.run.roles[actor]
    cast = live.run.model.cast
    standing = is_standing(role)

    def choose(option: str) -> None:
        try:
            live.choose(token, actor, option)
        except ClassError as exc:
            set_problem((str(exc), view.step))
            return
        set_problem(("", -1))

    with solara.Card("This week"):
        if not standing and actor not in view.asked:
            solara.Text(f"Nothing for the {cast.labels[actor]} to decide this week: {role.idle}.")
        else:
            solara.Markdown(f"**{role.question}**")
            picked = view.chosen.get(actor)
            in_force = view.standing.get(actor)
            shown = picked or in_force
            with solara.Row(style={"flex-wrap": "wrap"}):
                for option in role.options:
                    is_picked = shown is not None and shown[0] == option
                    solara.Button(
                        option,
                        on_click=partial(choose, option),
                        color="primary" if is_picked else None,
                        outlined=not is_picked,
                        style={"text-transform": "none"},
                        classes=["option-button"],
                    )
            if picked is not None:
                solara.Text(
                    f"Chosen: {picked[0]} (by {picked[1]}). You may still change it.",
                    classes=["chosen-line"],
                )
            elif standing:
                solara.Text(standing_text(in_force), classes=["chosen-line"])
            elif view.playing and view.deadline is not None:
                with solara.Div(classes=["deadline-line"]):
                    Countdown(
                        view.deadline - time.time(),
                        prefix="Not chosen yet: ",
                        suffix=" s left before the model decides for you.",
                    )
            else:
                solara.Text(
                    "Not chosen yet: the teacher plays the week; without your choice the model "
                    "decides.",
                    classes=["deadline-line"],
                )
            Outlook(live, actor, screen)
        text, step = problem
        if text and step == view.step:
            solara.Error(text, classes=["refused"])


def standing_text(in_force: tuple[str, str] | None) -> str:
    """What a standing role does now, and that it may change it in any week."""
    if in_force is None:
        return "No choice yet: the model plays this for you. Choose in any week; it stands."
    return f"In force: {in_force[0]} (chosen by {in_force[1]}). Change it in any week."


@solara.component
def Outlook(live: LiveClass, actor: str, screen: RoleScreen) -> None:
    """What the model would decide in the student's place, and the terms behind it."""
    role = live.run.roles[actor]
    decision = screen.outlook
    if decision is None:
        if not isinstance(role, YesNoRole):
            solara.Text(
                "Your choice sets your lever from this week on; without it, the lever "
                "stays where it is.",
                style={"color": "#555"},
            )
        return
    said = role.options[0].lower()
    solara.HTML(
        tag="p",
        unsafe_innerHTML=(
            f"The model would say <b>{html.escape(said)}</b> with probability "
            f"{chance(decision.probability)}. The terms it weighs (positive: for "
            f"'{html.escape(said)}'):"
        ),
    )
    rows = [(term, f"{value:+.2f}") for term, value in decision.terms.items()]
    rows.append(("sum (utility)", f"{decision.utility:+.2f}"))
    TextTable(("term", "weight"), rows, bold_last=True)


@solara.component
def SituationTable(shown: Mapping[str, str]) -> None:
    """The role's actor this week: influence and its components, money, oil, pressure, blame."""
    TextTable(("", "this week"), [(name.strip(), value) for name, value in shown.items()])


@solara.component
def TextTable(
    header: tuple[str, str], rows: list[tuple[str, str]], bold_last: bool = False
) -> None:
    """A two-column table of texts (the second right-aligned), every text escaped."""
    cell = 'style="padding: 2px 8px; text-align: {}"'

    def line(texts: tuple[str, str], tag: str, bold: bool = False) -> str:
        first, second = (html.escape(text) for text in texts)
        if bold:
            first, second = f"<b>{first}</b>", f"<b>{second}</b>"
        return (
            f"<tr><{tag} {cell.format('left')}>{first}</{tag}>"
            f"<{tag} {cell.format('right')}>{second}</{tag}></tr>"
        )

    body = [line(header, "th")]
    body += [line(row, "td", bold_last and i == len(rows) - 1) for i, row in enumerate(rows)]
    solara.HTML(tag="table", unsafe_innerHTML="".join(body))


@solara.component
def OwnDecisions(screen: RoleScreen) -> None:
    """The role's latest decisions: by whom, and what the model's draw would have done."""
    mine = screen.moves.tail(RECENT_DECISIONS)
    if mine.empty:
        solara.Text("None yet.")
        return
    for row in mine.itertuples():
        who = f"{row.student}" if row.source == "student" else "the model (no choice in time)"
        draw = f"; the model's draw: {row.models_option}" if row.models_option else ""
        solara.Text(f"{row.week}: {row.option}, by {who}{draw}", style={"display": "block"})


@solara.component
def LastWeek(events: tuple[str, ...]) -> None:
    """The events of the last week played, for everyone (the teacher's events included)."""
    if not events:
        solara.Text("No events.")
        return
    for text in events:
        solara.Text(text, style={"display": "block"})
