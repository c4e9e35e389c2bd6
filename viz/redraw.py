"""Redrawing the page after a week: every view that follows the run, in one render pass.

Mesa's `force_update` changes `update_counter`, and each component that reads it is told on
its own: with the monitors, the charts, the log and the share field following the run, one
week cost one render pass per follower, each pass a walk over the whole page (three passes
of about 45 ms each, where one does). Inside a batch of the page's render context, the
followers are only marked, and the batch's end renders them together.
"""

from __future__ import annotations

from collections.abc import Callable

import reacton.core
from mesa.visualization.utils import force_update


def use_redraw() -> Callable[[], None]:
    """A function that redraws the views after the model changed, in one render pass.

    A hook: call it while a component renders. The function it returns may be called from a
    callback or from another thread (Play's): it batches in the page's render context, found
    now, when there may be none current in that thread.
    """
    render_context = reacton.core.get_render_context()

    def redraw() -> None:
        with render_context:
            force_update()

    return redraw
