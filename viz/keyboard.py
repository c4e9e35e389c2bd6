"""Keyboard control of the run: Space plays and pauses, the right arrow steps, R resets.

Solara has no key handling: `KeyboardWidget` is a small ipyvue template (`keyboard.vue`, as
Solara's own ECharts widget is made) that listens for keys on the whole document and calls back
into Python. Keys typed into a field, a slider or a list, or pressed with a modifier (Ctrl+R
reloads the page), are left to the browser; Space does not scroll the page.
"""

from __future__ import annotations

from collections.abc import Callable

import ipyvuetify
import solara
import traitlets

KEYS_HELP = "Keys: Space play/pause, → step, R reset"


class KeyboardWidget(ipyvuetify.VuetifyTemplate):
    """An invisible widget that reports the run's keys pressed anywhere on the page."""

    template_file = (__file__, "keyboard.vue")

    on_action = traitlets.Callable(None, allow_none=True)

    def vue_key_action(self, action: str) -> None:
        """Called by the page with 'play_pause', 'step' or 'reset'."""
        if self.on_action is not None:
            self.on_action(action)


@solara.component
def KeyboardShortcuts(
    on_play_pause: Callable[[], object],
    on_step: Callable[[], object],
    on_reset: Callable[[], object],
) -> None:
    """Listen for the run's keys, and show them in a help line.

    It is part of the run controls: during role play, when they give way to the role-play
    panel, so do the keys.
    """
    actions = {"play_pause": on_play_pause, "step": on_step, "reset": on_reset}

    def act(action: str) -> None:
        actions[action]()

    with solara.Div(classes=["keys-help"], style={"font-size": "0.85em", "color": "#555"}):
        KeyboardWidget.element(on_action=act)
        solara.Text(KEYS_HELP)
