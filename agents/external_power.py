"""External powers: patrons that back a client, press for outcomes and seek to mediate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import Actor
from agents.decisions import decide
from config.cast import amount

if TYPE_CHECKING:
    from config.cast import ActorSpec
    from model.model import LibyaModel

BACKING_SMOOTHING = 0.1  # share of this week's support entering the backing average


class ExternalPower(Actor):
    """A foreign state (in 2020 Russia, Turkey or the US), as the cast sets it up.

    Attributes:
        client: the faction it backs ('lna', 'gna') or None.
        commitment: how strongly it backs its client, 0 to 2.
        pressure: diplomatic pressure on `pressure_target` to reopen oil, 0 to 1.
        pressure_base: the pressure it returns to when there is no blockade to press against.
        pressure_target: the faction pressed (the cast's, unless an event says otherwise).
        support_usd_m: money a week of support delivers to the client, USD m.
        backing: smoothed share of weeks with support, weighted by commitment.
        supporting: whether it supported its client this week.
        forces_deployed: whether it has forces on the ground in Libya.

    """

    def __init__(self, model: LibyaModel, spec: ActorSpec) -> None:
        super().__init__(model, spec)
        self.client = spec.client
        self.commitment = spec.commitment
        self.pressure_base = amount(spec.pressure, model.params)
        self.pressure = self.pressure_base
        self.pressure_target = spec.pressure_target
        self.support_usd_m = model.params.support_usd_m_per_week
        self.backing = self.commitment  # as if it had backed its client so far
        self.supporting = False
        self.forces_deployed = False

    def decide_support(self) -> None:
        """Choose whether to support the client this week: more likely when it is weak."""
        if self.client is None:
            self.supporting = False
            return
        p = self.model.params
        client = self.model.actor(self.client)
        terms = {
            "commitment": p.support_commitment_weight * self.commitment,
            "cost": -p.support_cost,
            "client's military weakness": p.support_need_weight * (1.0 - client.military),
        }
        self.supporting = decide(
            self.model,
            self.actor_id,
            "support",
            terms,
            yes=f"{self.label} supports the {client.label}",
            no=f"{self.label} holds back support for the {client.label}",
        )
        weight = self.commitment if self.supporting else 0.0
        self.backing += BACKING_SMOOTHING * (weight - self.backing)

    @property
    def support_delivered(self) -> float:
        """Money delivered to the client this week, USD m."""
        return self.support_usd_m if self.supporting else 0.0
