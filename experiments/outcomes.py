"""Per-run summary outcomes for sweeps, sensitivity analysis and scenario discovery.

Each outcome is computed from a run's weekly table and its scenario's timeline and cast (the
influence of each of its actors, the revenue claimant's standing). Undefined outcomes (no deal
in the scenario; production never back above 1,000 kbpd; no blockade) are NaN.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import pandas as pd

from config.scenarios import Scenario

RECOVERED_KBPD = 1000.0

Outcome = Callable[[pd.DataFrame, Scenario], float]


def _deal_date(scenario: Scenario) -> dt.date | None:
    deals = [event for event in scenario.events if event.type == "deal"]
    return deals[0].date if deals else None


def _final(weekly: pd.DataFrame, scenario: Scenario, column: str) -> float:
    del scenario
    return float(weekly[column].iloc[-1])


def _mean(weekly: pd.DataFrame, scenario: Scenario, column: str) -> float:
    del scenario
    return float(weekly[column].iloc[1:].mean())


def peak_broker_prominence(weekly: pd.DataFrame, scenario: Scenario) -> float:
    """Highest prominence share the deal's broker reaches (NaN without a deal)."""
    deals = [event for event in scenario.events if event.type == "deal"]
    if not deals or deals[0].broker not in scenario.cast.roles.mediators:
        return float("nan")
    return float(weekly[f"prominence_{deals[0].broker}"].max())


def weeks_to_recovery_after_deal(weekly: pd.DataFrame, scenario: Scenario) -> float:
    """Weeks from the deal until production is back above 1,000 kbpd (NaN if never/no deal)."""
    deal = _deal_date(scenario)
    if deal is None:
        return float("nan")
    dates = pd.to_datetime(weekly["date"])
    after = weekly[(dates > pd.Timestamp(deal)) & (weekly["production_kbpd"] >= RECOVERED_KBPD)]
    if after.empty:
        return float("nan")
    return float((pd.Timestamp(after["date"].iloc[0]) - pd.Timestamp(deal)).days / 7)


def blockade_weeks(weekly: pd.DataFrame, scenario: Scenario) -> float:
    """Weeks in which at least one asset was under a blockade."""
    del scenario
    return float((weekly["blockaded_assets"] > 0).sum())


def haftar_ends_stronger(weekly: pd.DataFrame, scenario: Scenario) -> float:
    """1 if the revenue claimant ends more influential than in the week before a blockade.

    The claimant is the LNA in 2020; the reference is the week before the first blockade.
    NaN if nobody blockades.
    """
    column = f"influence_{scenario.cast.roles.revenue_claimant}"
    blockaded = weekly[weekly["blockaded_assets"] > 0].index
    if not len(blockaded):
        return float("nan")
    reference = weekly[column].iloc[max(0, blockaded[0] - 1)]
    return float(weekly[column].iloc[-1] > reference)


SCENARIO_OUTCOMES: dict[str, Outcome] = {
    "peak_broker_prominence": peak_broker_prominence,
    "weeks_to_recovery_after_deal": weeks_to_recovery_after_deal,
    "cumulative_loss_usd_bn": partial(_final, column="cumulative_loss_usd_bn"),
    "frozen_usd_bn": partial(_final, column="frozen_usd_bn"),
    "final_production_kbpd": partial(_final, column="production_kbpd"),
    "blockade_weeks": blockade_weeks,
    "haftar_ends_stronger": haftar_ends_stronger,
}


def outcomes_of(scenario: Scenario) -> dict[str, Outcome]:
    """Every outcome of a scenario's runs: each actor's final and mean influence, then the rest."""
    actors = scenario.cast.actor_ids
    return {
        **{f"final_influence_{a}": partial(_final, column=f"influence_{a}") for a in actors},
        **{f"mean_influence_{a}": partial(_mean, column=f"influence_{a}") for a in actors},
        **SCENARIO_OUTCOMES,
    }


def compute(weekly: pd.DataFrame, scenario: Scenario, names: list[str]) -> dict[str, float]:
    """The named outcomes (all of them if `names` is empty) of one run."""
    outcomes = outcomes_of(scenario)
    return {name: outcomes[name](weekly, scenario) for name in names or outcomes}
