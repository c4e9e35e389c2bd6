"""The common base of every political actor whose influence the model measures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from config.cast import ActorSpec
    from model.model import LibyaModel


class Actor(mesa.Agent):
    """A political actor: has an id for output columns, recognition and news attention.

    Every actor is set up from its entry in the scenario's cast (`config.cast.ActorSpec`).

    Attributes:
        actor_id: stable id used in output columns (`influence_<actor_id>`).
        label: the name shown to people ('LNA (Haftar)').
        name: the short name used in sentences ('LNA keeps the blockade').
        recognition: international and legal recognition, 0 to 1 (constant).
        attention: news attention, in units of a typical week's coverage of a main faction.
        attention_base: the level attention returns to when nothing happens.
        components: this week's contribution of each component to its influence
            (component weight times its share of that component); they sum to `influence`.
            One dict for the whole run, refilled each week: the DataCollector reads it.
        influence: this week's influence share.

    """

    def __init__(self, model: LibyaModel, spec: ActorSpec) -> None:
        super().__init__(model)
        self.actor_id = spec.id
        self.label = spec.label
        self.name = spec.short_name
        self.recognition = spec.recognition
        self.attention_base = spec.attention_base
        self.attention = spec.attention_base
        self.components: dict[str, float] = {}
        self.influence = 0.0

    def fade_attention(self, decay: float) -> None:
        """Move news attention back toward its base level by the share `decay`."""
        self.attention += decay * (self.attention_base - self.attention)

    def gain_attention(self, amount: float) -> None:
        """Add attention from an event (a deal, a conference, a battle)."""
        self.attention += amount
