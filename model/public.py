"""Public mechanism: the country's electricity, then each region's reaction.

Hardship, protests and blame are the `Population` agents' own behaviour (agents/population.py).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from model.oil import stopped_capacity_shares

if TYPE_CHECKING:
    from model.model import LibyaModel

DEMAND_PEAK_DAY = 215  # early August, the peak of air-conditioning load
BLAME_FLOOR = 0.02  # every actor keeps some blame: nobody is ever entirely trusted
GRID_BACKLOG_CAP = 0.5  # a neglected grid loses at most half its generation


def demand_mw(model: LibyaModel) -> float:
    """Electricity demand: base * (1 + amplitude * cos(2 pi (day of year - 215) / 365.25))."""
    day = model.date.timetuple().tm_yday
    season = math.cos(2.0 * math.pi * (day - DEMAND_PEAK_DAY) / 365.25)
    return model.params.base_demand_mw * (1.0 + model.params.seasonal_amplitude * season)


def generation_mw(model: LibyaModel) -> float:
    """Generation: capacity * (floor + (1 - floor) * oil flow) * (1 - grid backlog).

    The oil flow index (`model.oil_flow`) is production over normal production: the gas and
    fuel that power stations burn come with the oil.
    """
    p = model.params
    fuel = p.fuel_floor + (1.0 - p.fuel_floor) * model.oil_flow
    return p.generation_capacity_mw * fuel * (1.0 - model.grid_backlog)


def update_grid(model: LibyaModel) -> None:
    """The maintenance backlog grows with the Tripoli government's financial stress.

    It shrinks when the government has money: the grid is run from Tripoli.
    """
    p = model.params
    stress = model.tripoli_government.financial_stress
    growth = p.grid_decay_per_week * stress
    repair = p.grid_repair_per_week * (1.0 - stress) * model.grid_backlog
    backlog = model.grid_backlog + growth - repair
    model.grid_backlog = min(GRID_BACKLOG_CAP, max(0.0, backlog))


def blocking_scores(model: LibyaModel) -> dict[str, float]:
    """The nationwide part of the blame scores: who is seen blocking oil this week.

    Each blamed actor scores the share of capacity the public holds it responsible for
    stopping (`model.oil.held_responsible`); the oil company's share is multiplied by the onus
    weight if it did not sign the active deal. The Tripoli government adds
    onus_weight * east share while it refuses a deal it did not sign.
    """
    p = model.params
    deal = model.active_deal
    onus = deal.non_signatories if deal is not None else []
    oil_company = model.oil_company.actor_id
    government = model.tripoli_government
    scores = dict.fromkeys(model.blamed, BLAME_FLOOR)
    for actor, share in stopped_capacity_shares(model).items():
        if actor in scores:
            carries_onus = actor == oil_company and oil_company in onus
            scores[actor] += share * (p.onus_weight if carries_onus else 1.0)
    refusing = model.channel.is_committee and not government.complies_with_deal
    if government.actor_id in onus and refusing:
        scores[government.actor_id] += p.onus_weight * model.channel.east_share
    return scores


def update(model: LibyaModel) -> None:
    """One week of the public mechanism: the grid, electricity, then every region reacts."""
    update_grid(model)
    model.demand_mw = demand_mw(model)
    model.generation_mw = generation_mw(model)
    shortfall = max(0.0, 1.0 - model.generation_mw / model.demand_mw)
    blocking = blocking_scores(model)
    for region in model.regions.values():
        region.feel_hardship(shortfall)
        region.decide_protest()
        region.update_blame(blocking)
    update_national_blame(model)


def update_national_blame(model: LibyaModel) -> None:
    """Population-weighted blame over the regions, once a week after the public reacts."""
    regions = model.regions.values()
    for actor in model.blamed:
        model.national_blame[actor] = sum([r.population_share * r.blame[actor] for r in regions])
