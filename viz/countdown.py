"""A deadline counted down on the page, second by second, without the server.

A class plays with a deadline per decision (`experiments.class_hub.LiveClass.play`); a page is
drawn again only when the class changes, so a number of seconds drawn by the server would
stand still. `CountdownWidget` is a small ipyvue template (`countdown.vue`, as `viz.keyboard`)
that counts down in the browser from the seconds left when the server drew it.
"""

from __future__ import annotations

import ipyvuetify
import solara
import traitlets


class CountdownWidget(ipyvuetify.VuetifyTemplate):
    """'<prefix><seconds left><suffix>', the seconds counted down in the browser."""

    template_file = (__file__, "countdown.vue")

    seconds = traitlets.Float(0.0).tag(sync=True)
    prefix = traitlets.Unicode("").tag(sync=True)
    suffix = traitlets.Unicode("").tag(sync=True)


@solara.component
def Countdown(seconds: float, prefix: str = "", suffix: str = " s") -> None:
    """The seconds left, counting down on the page from `seconds`."""
    CountdownWidget.element(seconds=max(0.0, seconds), prefix=prefix, suffix=suffix)
