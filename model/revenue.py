"""Revenue mechanism: oil sales at the Brent price, revenue channels and factions' finances."""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.datasets import brent_by_month

if TYPE_CHECKING:
    import datetime as dt

    from model.model import LibyaModel

DAYS_PER_WEEK = 7
CHANNEL_LABELS = {
    "central_bank": "the central bank in Tripoli",
    "frozen": "a frozen NOC account at the Libyan Foreign Bank",
    "committee": "a joint committee that splits it east and west",
}


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
    """Split a week's revenue (USD m) according to the revenue channel.

    The parts (GNA, east/LNA, NOC, frozen account) always add up to `revenue`:

    - central bank: all to the GNA;
    - frozen account: all frozen;
    - joint committee: the NOC's financing share first, then the east share to the LNA and
      the rest to the GNA; if the GNA refuses the deal, the east share is frozen instead.
    """
    flows = {"gna": 0.0, "lna": 0.0, "noc": 0.0, "frozen": 0.0}
    channel = model.revenue_channel
    if channel == "central_bank":
        flows["gna"] = revenue
    elif channel == "frozen":
        flows["frozen"] = revenue
    else:
        flows["noc"] = revenue * model.noc_financing_share
        shared = revenue - flows["noc"]
        east = shared * model.east_share
        flows["gna"] = shared - east
        flows["lna" if model.gna.complies_with_deal else "frozen"] = east
    return flows


def settle(model: LibyaModel) -> None:
    """Sell this week's oil, route the revenue, book finances and count the blockade loss."""
    model.end_expired_committee()
    price = brent_usd(model.date, model.params.brent_multiplier)
    model.brent_usd = price
    model.revenue_usd_m = weekly_value_usd_m(model.production_kbpd, price)
    flows = route_revenue(model, model.revenue_usd_m)
    model.flows_usd_m.update(flows)  # in place: the DataCollector reads this dict
    model.frozen_usd_bn += flows["frozen"] / 1000.0
    support = {client: 0.0 for client in ("lna", "gna")}
    for power in model.powers:
        if power.client is not None:
            support[power.client] += power.support_delivered
    model.lna.settle_week(flows["lna"], support["lna"])
    model.gna.settle_week(flows["gna"], support["gna"])
    model.noc.receive_financing(flows["noc"])
    if model.loss_baseline_kbpd is not None:
        lost = max(0.0, model.loss_baseline_kbpd - model.production_kbpd)
        model.cumulative_loss_usd_bn += weekly_value_usd_m(lost, price) / 1000.0


def unmet_demand(model: LibyaModel) -> float:
    """How far the revenue channel falls short of the LNA's demand, 0 (met) to 1 (not at all).

    central bank: 1; frozen account: 1 - frozen_account_satisfaction; committee:
    1 - min(1, east_share / lna_demanded_east_share), or 1 - frozen_account_satisfaction
    while the GNA refuses the transfers.
    """
    p = model.params
    channel = model.revenue_channel
    if channel == "central_bank":
        return 1.0
    if channel == "frozen" or not model.gna.complies_with_deal:
        return 1.0 - p.frozen_account_satisfaction
    return 1.0 - min(1.0, model.east_share / p.lna_demanded_east_share)
