"""The UN mission (UNSMIL): a mediator whose prominence follows its effort and momentum."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import Actor

if TYPE_CHECKING:
    from config.cast import ActorSpec
    from model.model import LibyaModel


class UNMission(Actor):
    """UNSMIL. Its policy levers are mediation effort and the breadth of its engagement.

    Its base attention is `effort * (1 + breadth) / 2`: a wider, harder-working mission is
    talked about more, and conferences it convenes add momentum on top. The levers start at
    the parameters `un_effort` and `un_breadth`.
    """

    def __init__(self, model: LibyaModel, spec: ActorSpec) -> None:
        super().__init__(model, spec)
        self.set_levers(model.params.un_effort, model.params.un_breadth)
        self.attention = self.attention_base

    def set_levers(self, effort: float, breadth: float) -> None:
        """Change the mission's effort and breadth (a policy choice or an injected event)."""
        self.effort = effort
        self.breadth = breadth
        self.attention_base = effort * (1.0 + breadth) / 2.0
