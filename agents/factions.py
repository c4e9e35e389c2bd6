"""Libyan factions: Haftar's LNA, the GNA in Tripoli, and Ahmed Maiteeq."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import Actor
from agents.decisions import decide

if TYPE_CHECKING:
    from model.model import LibyaModel

INCOME_SMOOTHING = 0.25  # share of a week's spending entering the running average


class Faction(Actor):
    """An armed political faction with funds, income and military strength.

    Attributes:
        cash: spendable funds, USD m, between 0 and `initial_cash`.
        initial_cash: funds at the start, USD m; financial stress is measured against it.
        weekly_spending: spending each week, USD m.
        other_income: income each week that does not come from oil revenue, USD m.
        income: this week's income from all sources, USD m.
        spent: this week's spending, USD m.
        spending_average: exponentially smoothed weekly spending, USD m (the money component).
        military: military strength, 0 to 1.

    """

    def __init__(
        self,
        model: LibyaModel,
        actor_id: str,
        label: str,
        *,
        cash: float,
        weekly_spending: float,
        other_income: float,
        military: float,
        **setup: float,
    ) -> None:
        super().__init__(model, actor_id, label, **setup)
        self.cash = cash
        self.initial_cash = cash
        self.weekly_spending = weekly_spending
        self.other_income = other_income
        self.income = 0.0
        self.spent = weekly_spending
        self.spending_average = weekly_spending
        self.military = military

    @property
    def financial_stress(self) -> float:
        """Share of the starting funds spent: 0 (untouched) to 1 (exhausted)."""
        return min(1.0, max(0.0, 1.0 - self.cash / self.initial_cash))

    @property
    def arrears(self) -> float:
        """Share of this week's planned spending (salaries, services) left unpaid, 0 to 1."""
        return min(1.0, max(0.0, 1.0 - self.spent / self.weekly_spending))

    def settle_week(self, oil_income: float, support_income: float) -> None:
        """Book this week's income and spending.

        Short of money, a faction keeps its planned spending from its funds while they last:
        spent = min(planned, income + max(0, cash)). With money to spare, it first rebuilds
        its funds to their starting level and spends the rest (patronage grows with money):
        spent = planned + surplus - min(surplus, initial_cash - cash).
        """
        self.income = oil_income + support_income + self.other_income
        surplus = self.income - self.weekly_spending
        if surplus <= 0.0:
            self.spent = min(self.weekly_spending, self.income + max(0.0, self.cash))
        else:
            refill = min(surplus, max(0.0, self.initial_cash - self.cash))
            self.spent = self.weekly_spending + surplus - refill
        self.cash += self.income - self.spent
        self.spending_average += INCOME_SMOOTHING * (self.spent - self.spending_average)


class LNA(Faction):
    """Khalifa Haftar's Libyan National Army and the eastern authorities behind it."""

    def decide_blockade(self) -> None:
        """Each week of a blockade, choose to keep it or lift it.

        The utility of keeping it adds the unmet revenue demand (leverage) and military
        weakness (oil as the spoiler's last card) and subtracts financial stress, external
        pressure, eastern hardship and the cost of breaking a deal the LNA signed.
        """
        model = self.model
        if not model.blockaded_assets(self.actor_id):
            return
        p = model.params
        east = model.region("east")
        terms = {
            "bias": p.blockade_bias,
            "unmet revenue demand": p.blockade_demand_weight * model.unmet_demand(self.actor_id),
            "military weakness": p.blockade_spoiler_weight * (1.0 - self.military),
            "financial stress": -p.blockade_finance_weight * self.financial_stress,
            "external pressure": -p.blockade_pressure_weight * model.pressure_on(self.actor_id),
            "eastern hardship": -p.blockade_public_weight * east.hardship,
        }
        if model.committed_to_reopen(self.actor_id):
            terms["deal commitment"] = -p.deal_commitment_weight
        keep = decide(
            model,
            self.actor_id,
            "blockade",
            terms,
            yes="LNA keeps the blockade",
            no="LNA lifts the blockade",
        )
        if not keep:
            model.lift_blockade(self.actor_id)


class GNA(Faction):
    """The Government of National Accord and Presidential Council in Tripoli (Sarraj).

    Attributes:
        complies_with_deal: whether it lets a joint committee pass the eastern share east.
            True by default (a committee the GNA set up itself binds it); a deal with a
            committee the GNA did not sign sets it False, and it then decides each week.
    """

    complies_with_deal: bool = True

    def decide_compliance(self) -> None:
        """While a deal it did not sign runs a joint committee, choose whether to honour it.

        Honouring it means letting the committee pass the eastern share of revenue east;
        refusing keeps that share frozen. Public blame pushes toward compliance.
        """
        model = self.model
        deal = model.active_deal
        if model.revenue_channel != "committee" or deal is None:
            return
        if self.actor_id not in deal.non_signatories:
            self.complies_with_deal = True
            return
        p = model.params
        terms = {
            "bias": p.gna_compliance_bias,
            "public blame": p.gna_blame_weight * model.blame(self.actor_id),
        }
        self.complies_with_deal = decide(
            model,
            self.actor_id,
            "compliance",
            terms,
            yes="GNA honours the joint committee's transfers",
            no="GNA refuses the deal's transfers; the eastern share stays frozen",
        )


class Maiteeq(Actor):
    """Ahmed Maiteeq, deputy head of the Presidential Council, who negotiated for himself."""
