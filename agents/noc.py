"""The National Oil Corporation: sole legal seller, declares and lifts force majeure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import Actor
from agents.decisions import chance, decide
from agents.factions import INCOME_SMOOTHING

if TYPE_CHECKING:
    from agents.oil_asset import OilAsset
    from config.cast import ActorSpec
    from model.model import LibyaModel


class NOC(Actor):
    """The NOC decides each week whether to restart sites where oil could flow again.

    It never restarts a site where foreign forces are present, whatever else happens.

    Attributes:
        financing: extra financing received this week for repairs, USD m.
        spending_average: smoothed weekly financing, USD m (its money component).

    """

    def __init__(self, model: LibyaModel, spec: ActorSpec) -> None:
        super().__init__(model, spec)
        self.financing = 0.0
        self.spending_average = 0.0

    def receive_financing(self, amount: float) -> None:
        """Book this week's extra financing (USD m); it speeds up repairs the following week.

        (Fields produce before revenue is settled, so `oil.produce` reads last week's amount.)
        """
        self.financing = amount
        self.spending_average += INCOME_SMOOTHING * (amount - self.spending_average)

    def waiting_sites(self) -> list[OilAsset]:
        """Sites under force majeure that no blockade holds: the NOC's to restart or not.

        Not those whose restart the record dates (a restart event naming them).
        """
        return [
            a
            for a in self.model.assets
            if a.force_majeure and a.blockaded_by is None and not a.restart_dated
        ]

    def decide_force_majeure(self) -> None:
        """Lift force majeure at safe, unblockaded sites, or keep it, and log why."""
        model = self.model
        p = model.params
        waiting = self.waiting_sites()
        for asset in waiting:
            if asset.foreign_forces is not None and not asset.departure_dated:
                forces_leave = chance(
                    model,
                    asset.foreign_forces,
                    "foreign_forces",
                    p.foreign_force_exit_per_week,
                    yes=f"Foreign forces ({asset.foreign_forces}) leave {asset.name}",
                    no=f"Foreign forces ({asset.foreign_forces}) stay at {asset.name}",
                )
                if forces_leave:
                    model.log.record(
                        "foreign_forces_leave",
                        [asset.foreign_forces],
                        f"Foreign forces leave {asset.name}; the NOC may now judge it safe",
                    )
                    asset.foreign_forces = None
        safe = [a for a in waiting if a.foreign_forces is None]
        unsafe = [a for a in waiting if a.foreign_forces is not None]
        if not safe:
            return
        terms = {
            "bias": p.noc_restart_bias,
            "public blame": p.noc_blame_weight * model.blame(self.actor_id),
        }
        deal = model.active_deal
        if deal is not None and self.actor_id in deal.non_signatories:
            terms["objection to a deal it did not sign"] = -p.noc_deal_objection
        kept = (
            f"; keeps it at {', '.join(a.name for a in unsafe)} (foreign forces present)"
            if unsafe
            else ""
        )
        names = ", ".join(a.name for a in safe)
        restart = decide(
            model,
            self.actor_id,
            "force_majeure",
            terms,
            yes=f"{self.name} lifts force majeure at {names}{kept}",
            no=f"{self.name} keeps force majeure at {names}{kept}",
        )
        if restart:
            for asset in safe:
                asset.force_majeure = False
            restarted = f"{self.name} restarts {names}"
            model.log.record("force_majeure_lifted", [self.actor_id], restarted)
