"""Libyan factions (Haftar's LNA), the government in Tripoli (the GNA), and politicians (Maiteeq).

Which actor is which comes from the scenario's cast (`config/casts/`): an armed `Faction`
decides each week whether to keep its blockade, the `Government` in Tripoli whether to honour
a deal it did not sign, and a `Politician` has no behaviour of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.base import Actor
from agents.decisions import decide
from config.cast import amount

if TYPE_CHECKING:
    from config.cast import ActorSpec
    from model.model import LibyaModel

INCOME_SMOOTHING = 0.25  # share of a week's spending entering the running average


class Faction(Actor):
    """An armed political faction with funds, income, military strength and a home region.

    Attributes:
        home_region: id of the region whose hardship it answers to.
        cash: spendable funds, USD m, between 0 and `initial_cash`.
        initial_cash: funds at the start, USD m; financial stress is measured against it.
        weekly_spending: spending each week, USD m.
        other_income: income each week that does not come from oil revenue, USD m.
        income: this week's income from all sources, USD m.
        spent: this week's spending, USD m.
        spending_average: exponentially smoothed weekly spending, USD m (the money component).
        military: military strength, 0 to 1.

    """

    def __init__(self, model: LibyaModel, spec: ActorSpec) -> None:
        super().__init__(model, spec)
        params = model.params
        cash = amount(spec.cash_usd_m, params)
        weekly_spending = amount(spec.weekly_spending_usd_m, params)
        self.home_region = str(spec.home_region)
        self.cash = cash
        self.initial_cash = cash
        self.weekly_spending = weekly_spending
        self.other_income = amount(spec.other_income_usd_m, params)
        self.income = 0.0
        self.spent = weekly_spending
        self.spending_average = weekly_spending
        self.military = amount(spec.military, params)

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

    def decide_blockade(self) -> None:
        """Each week of a blockade of its own, choose to keep it or lift it.

        Only the sites whose blockade's end the record does not date are its choice (a
        blockade event `until_reopened` holds its sites until a reopen event).

        The utility of keeping it adds the unmet revenue demand (leverage) and military
        weakness (oil as the spoiler's last card) and subtracts financial stress, external
        pressure, hardship in its home region and the cost of breaking a deal it signed.
        """
        model = self.model
        # sites whose blockade the record dates (held until a reopen event) are not its choice
        undated = [a.name for a in model.blockaded_assets(self.actor_id) if not a.blockade_dated]
        if not undated:
            return
        p = model.params
        home = model.region(self.home_region)
        terms = {
            "bias": p.blockade_bias,
            "unmet revenue demand": p.blockade_demand_weight * model.unmet_demand(self.actor_id),
            "military weakness": p.blockade_spoiler_weight * (1.0 - self.military),
            "financial stress": -p.blockade_finance_weight * self.financial_stress,
            "external pressure": -p.blockade_pressure_weight * model.pressure_on(self.actor_id),
            home.hardship_term: -p.blockade_public_weight * home.hardship,
        }
        if model.committed_to_reopen(self.actor_id):
            terms["deal commitment"] = -p.deal_commitment_weight
        keep = decide(
            model,
            self.actor_id,
            "blockade",
            terms,
            yes=f"{self.name} keeps the blockade",
            no=f"{self.name} lifts the blockade",
        )
        if not keep:
            self.lift_blockade(undated)

    def lift_blockade(self, sites: list[str] | None = None, why: str = "") -> None:
        """Reopen the sites its blockade closes (all, or those of `sites`).

        Force majeure stays until the NOC ends it. `why` is the log's text (a recorded
        reopening's label); by default the sites reopened.
        """
        model = self.model
        lifted = [
            asset
            for asset in model.blockaded_assets(self.actor_id)
            if sites is None or asset.name in sites
        ]
        for asset in lifted:
            asset.blockaded_by = None
            asset.blockade_dated = False
        names = [asset.name for asset in lifted]
        reopened = f"{self.name} reopens {', '.join(names) or 'nothing: it holds none of them'}"
        model.log.record(
            "blockade_lifted", [self.actor_id], f"{why}: {reopened}" if why else reopened
        )


class Government(Faction):
    """The government in Tripoli (in 2020 the GNA and its Presidential Council, under Sarraj).

    It receives the revenue that goes through the central bank and pays the salaries of the
    regions that hold it to account. It does not blockade.

    Attributes:
        complies_with_deal: whether it lets a joint committee pass the eastern share east.
            True by default (a committee the government set up itself binds it); a deal with a
            committee it did not sign sets it False, and it then decides each week.
    """

    complies_with_deal: bool = True

    def decide_compliance(self) -> None:
        """While a deal it did not sign runs a joint committee, choose whether to honour it.

        Honouring it means letting the committee pass the eastern share of revenue east;
        refusing keeps that share frozen. Public blame pushes toward compliance.
        """
        model = self.model
        deal = model.active_deal
        if not model.channel.is_committee or deal is None:
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
            yes=f"{self.name} honours the joint committee's transfers",
            no=f"{self.name} refuses the deal's transfers; the eastern share stays frozen",
        )


class Politician(Actor):
    """A politician without forces or funds of his own (in 2020 Ahmed Maiteeq).

    Maiteeq, deputy head of the Presidential Council, signed the September 2020 deal without the
    Council. His influence comes from recognition, attention and, while a committee set up by a
    deal he signed runs, a share of the control of the revenue channel.
    """
