"""The page of a class, chosen by the address: a code to enter, joining, a student's, a teacher's.

The addresses are described in `viz.classroom`; the student's side is there, the teacher's
in `viz.class_teacher`.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable

import solara

from experiments.class_hub import LiveClass, hub
from experiments.class_store import normalise_code
from viz.class_teacher import TeacherView
from viz.classroom import ClassAddress, JoinForm, StudentPage


def is_class_address(search: str | None) -> bool:
    """True if the page's address opens a class's page (it has a `class` parameter)."""
    return "class" in urllib.parse.parse_qs((search or "").lstrip("?"), keep_blank_values=True)


def find_class(code: str, page: str) -> LiveClass | None:
    """The class of a code in the address, counted as an attempt like a typed code."""
    if not code or hub().attempts.wait(page) > 0:
        return None
    found = hub().find(code)
    if found is None:
        hub().attempts.failed(page)
    else:
        hub().attempts.succeeded(page)
    return found


@solara.component
def ClassroomPage(search: str) -> None:
    """The page of a class the address names: a code to enter, joining, a student's, a teacher's."""
    address = ClassAddress.parse(search)
    router = solara.use_router()
    page = solara.get_session_id()
    live = solara.use_memo(lambda: find_class(address.code, page), [address.code])
    solara.Title("libya-abm class")
    if live is None:
        EnterCode(bool(address.code), lambda code: router.push(ClassAddress(code).query()))
        return
    if address.teacher:
        if live.store.is_teacher(live.code, address.teacher):
            TeacherView(live, address.teacher)
        else:
            solara.Error(
                "This teacher's link is not this class's. Ask the teacher for the class's address."
            )
        return
    if address.student:
        StudentPage(live, address)
        return

    def joined(token: str) -> None:
        router.push(ClassAddress(live.code, student=token).query())

    JoinForm(live, joined)


@solara.component
def EnterCode(tried: bool, on_code: Callable[[str], None]) -> None:
    """A field for the room code, with a limit on wrong codes."""
    typed, set_typed = solara.use_state("")
    message, set_message = solara.use_state(
        "No class has that code. Check the code on the projector." if tried else ""
    )
    page = solara.get_session_id()

    def submit(*_: object) -> None:
        limit = hub().attempts
        wait = limit.wait(page)
        if wait > 0:
            set_message(f"Too many wrong codes: try again in {wait:.0f} s.")
            return
        code = normalise_code(typed)
        if not code or hub().store.find(code) is None:
            limit.failed(page)
            set_message("No class has that code. Check the code on the projector.")
            return
        limit.succeeded(page)
        on_code(code)

    with solara.Card("Join a class"):
        solara.Text("Enter the room code your teacher shows.")
        solara.InputText("Room code", value=typed, on_value=set_typed, continuous_update=True)
        solara.Button("Join", color="primary", on_click=submit)
        if message:
            solara.Error(message)
