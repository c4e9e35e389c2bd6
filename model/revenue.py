"""Revenue mechanism: oil sales at the Brent price, routed by the revenue channel, and finances.

The week's revenue is split among four recipients (the keys of `model.flows_usd_m`): the
Tripoli government, the revenue claimant, the oil company and the frozen account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.datasets import brent_by_month
from model.revenue_channel import Channel

if TYPE_CHECKING:
    import datetime as dt

    from model.model import LibyaModel

DAYS_PER_WEEK = 7
RECIPIENTS = ("tripoli_government", "revenue_claimant", "oil_company", "frozen")


def brent_usd(date: dt.date, multiplier: float = 1.0) -> float:
    """Brent monthly average for the month of `date`, times `multiplier`.

    Dates after the series take its last month, dates before it its first month.
    """
    prices = brent_by_month()
    month = f"{date.year:04d}-{date.month:02d}"
    price = prices.get(month)
    if price is None:
        first, last = next(iter(prices)), next(reversed(prices))
        price = prices[last] if month > last else prices[first]
    return price * multiplier


def weekly_value_usd_m(kbpd: float, price: float) -> float:
    """Value of a week's output: kbpd * 1000 bbl * 7 days * USD/bbl, in USD m."""
    return kbpd * 1000.0 * DAYS_PER_WEEK * price / 1e6


def route_revenue(model: LibyaModel, revenue: float) -> dict[str, float]:
    """Split a week's revenue (USD m) according to the revenue channel, by recipient.

    The parts (the Tripoli government, the revenue claimant, the oil company, the frozen
    account) always add up to `revenue`:

    - central bank: all to the government;
    - frozen account: all frozen;
    - joint committee: the oil company's financing share first, then the east share to the
      claimant and the rest to the government; if the government refuses the deal, the east
      share is frozen instead.
    """
    flows = dict.fromkeys(RECIPIENTS, 0.0)
    channel = model.channel
    if channel.state is Channel.CENTRAL_BANK:
        flows["tripoli_government"] = revenue
    elif channel.state is Channel.FROZEN:
        flows["frozen"] = revenue
    else:
        flows["oil_company"] = revenue * channel.oil_company_share
        shared = revenue - flows["oil_company"]
        east = shared * channel.east_share
        flows["tripoli_government"] = shared - east
        complying = model.tripoli_government.complies_with_deal
        flows["revenue_claimant" if complying else "frozen"] = east
    return flows


def end_expired_committee(model: LibyaModel) -> None:
    """When the joint committee's mandate runs out, revenue returns to the central bank."""
    if model.channel.expire(model.time):
        model.log.record(
            "committee_ends",
            [model.oil_company.actor_id],
            f"The joint committee's mandate ends; revenue returns to {model.channel.description}",
        )


def settle(model: LibyaModel) -> None:
    """Sell this week's oil, route the revenue, book finances and count the blockade loss.

    Each faction's income adds the support its patrons deliver this week.
    """
    end_expired_committee(model)
    price = brent_usd(model.date, model.params.brent_multiplier)
    model.brent_usd = price
    model.revenue_usd_m = weekly_value_usd_m(model.production_kbpd, price)
    flows = route_revenue(model, model.revenue_usd_m)
    model.flows_usd_m.update(flows)  # in place: the DataCollector reads this dict
    model.frozen_usd_bn += flows["frozen"] / 1000.0
    oil_income = {
        model.tripoli_government.actor_id: flows["tripoli_government"],
        model.revenue_claimant.actor_id: flows["revenue_claimant"],
    }
    support = dict.fromkeys(oil_income, 0.0)
    for power in model.powers:
        if power.client is not None:
            support[power.client] = support.get(power.client, 0.0) + power.support_delivered
    for faction in model.factions:
        actor = faction.actor_id
        faction.settle_week(oil_income.get(actor, 0.0), support.get(actor, 0.0))
    model.oil_company.receive_financing(flows["oil_company"])
    if model.loss_baseline_kbpd is not None:
        lost = max(0.0, model.loss_baseline_kbpd - model.production_kbpd)
        model.cumulative_loss_usd_bn += weekly_value_usd_m(lost, price) / 1000.0


def unmet_demand(model: LibyaModel) -> float:
    """How far the revenue channel falls short of the claimant's demand, 0 (met) to 1 (not at all).

    central bank: 1; frozen account: 1 - frozen_account_satisfaction; committee:
    1 - min(1, east_share / lna_demanded_east_share), or 1 - frozen_account_satisfaction
    while the Tripoli government refuses the transfers.
    """
    p = model.params
    channel = model.channel
    if channel.state is Channel.CENTRAL_BANK:
        return 1.0
    if channel.state is Channel.FROZEN or not model.tripoli_government.complies_with_deal:
        return 1.0 - p.frozen_account_satisfaction
    return 1.0 - min(1.0, channel.east_share / p.lna_demanded_east_share)
