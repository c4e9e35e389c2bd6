"""How the views are drawn: for a desk screen or a projector, and which played week is shown."""

from __future__ import annotations

from dataclasses import dataclass

PROJECTOR_FONT_SCALE = 1.5
"""Text on a projector is half as large again: read from the back of a classroom."""


@dataclass(frozen=True)
class Display:
    """The page's display settings, passed down to every view.

    `week` is the step the timeline bar points at (0 is the start); None follows the run to
    its latest week.
    """

    projector: bool = False
    week: int | None = None

    @property
    def font_scale(self) -> float:
        """The factor by which chart text is enlarged."""
        return PROJECTOR_FONT_SCALE if self.projector else 1.0
