"""The UN mission (UNSMIL): a mediator whose prominence follows its effort and momentum."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import Actor
from config.actors import ACTOR_LABELS

if TYPE_CHECKING:
    from model.model import LibyaModel


class UNMission(Actor):
    """UNSMIL. Its policy levers are mediation effort and the breadth of its engagement.

    Its base attention is `effort * (1 + breadth) / 2`: a wider, harder-working mission is
    talked about more, and conferences it convenes add momentum on top.
    """

    def __init__(
        self, model: LibyaModel, effort: float, breadth: float, *, recognition: float
    ) -> None:
        super().__init__(
            model, "un", ACTOR_LABELS["un"], recognition=recognition, attention_base=0.0
        )
        self.set_levers(effort, breadth)
        self.attention = self.attention_base

    def set_levers(self, effort: float, breadth: float) -> None:
        """Change the mission's effort and breadth (a policy choice or an injected event)."""
        self.effort = effort
        self.breadth = breadth
        self.attention_base = effort * (1.0 + breadth) / 2.0
