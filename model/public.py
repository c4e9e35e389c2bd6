"""Public mechanism: electricity, hardship, protests and blame, region by region."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from agents.decisions import decide
from agents.population import BLAMED_ACTORS
from config.actors import REGIONS
from model.oil import stopped_capacity_shares

if TYPE_CHECKING:
    from agents.population import Population
    from model.model import LibyaModel

DEMAND_PEAK_DAY = 215  # early August, the peak of air-conditioning load
BLAME_FLOOR = 0.02  # every actor keeps some blame: nobody is ever entirely trusted
GRID_BACKLOG_CAP = 0.5  # a neglected grid loses at most half its generation
PROTEST_CHOICES = {
    region: (
        f"Protests in the {region} over power cuts and shortages",
        f"No protests in the {region}",
    )
    for region in REGIONS
}  # region -> what its protest decision's 'yes' and 'no' mean, in words


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
    """The maintenance backlog grows with the GNA's financial stress and shrinks without it."""
    p = model.params
    stress = model.gna.financial_stress
    growth = p.grid_decay_per_week * stress
    repair = p.grid_repair_per_week * (1.0 - stress) * model.grid_backlog
    backlog = model.grid_backlog + growth - repair
    model.grid_backlog = min(GRID_BACKLOG_CAP, max(0.0, backlog))


def update_hardship(model: LibyaModel, region: Population, shortfall: float) -> None:
    """Felt hardship moves toward current conditions: power cuts, fuel, unpaid salaries.

    cut hours = min(24, cut_hours_per_shortfall * shortfall * exposure)
    fuel shortage = 1 - oil flow index (min(1, production / normal production))
    target = min(1, w_power * cut hours / 24 + w_fuel * fuel shortage
                    + w_pay * arrears of the region's authority)
    hardship += hardship_adjustment_per_week * (target - hardship)
    """
    p = model.params
    region.power_cut_hours = min(24.0, p.cut_hours_per_shortfall * shortfall * region.exposure)
    fuel_shortage = 1.0 - model.oil_flow
    target = min(
        1.0,
        p.hardship_power_weight * region.power_cut_hours / 24.0
        + p.hardship_fuel_weight * fuel_shortage
        + p.hardship_pay_weight * model.actor(region.incumbent).arrears,
    )
    region.hardship += p.hardship_adjustment_per_week * (target - region.hardship)


def decide_protest(model: LibyaModel, region: Population) -> None:
    """The region protests with probability logistic(steepness * (hardship - threshold))."""
    steepness = model.params.protest_steepness
    yes, no = PROTEST_CHOICES[region.region]
    region.protesting = decide(
        model,
        region.region,
        "protest",
        {
            "hardship": steepness * region.hardship,
            "tolerance": -steepness * region.protest_threshold,
        },
        yes=yes,
        no=no,
    )
    if region.protesting:
        model.log_event(
            "protest",
            [region.region],
            f"Protests in the {region.region}: {region.power_cut_hours:.0f} hours a day "
            f"without power, hardship {region.hardship:.2f}",
        )


def blocking_scores(model: LibyaModel) -> dict[str, float]:
    """The nationwide part of the blame scores: who is seen blocking oil this week.

    Each actor scores the share of capacity the public holds it responsible for stopping
    (`model.oil.held_responsible`); the NOC's share is multiplied by the onus weight if it did
    not sign the active deal. The GNA adds onus_weight * east share while it refuses a deal
    it did not sign.
    """
    p = model.params
    deal = model.active_deal
    onus = deal.non_signatories if deal is not None else []
    scores = dict.fromkeys(BLAMED_ACTORS, BLAME_FLOOR)
    for actor, share in stopped_capacity_shares(model).items():
        if actor in scores:
            scores[actor] += share * (p.onus_weight if actor == "noc" and "noc" in onus else 1.0)
    refusing = model.revenue_channel == "committee" and not model.gna.complies_with_deal
    if "gna" in onus and refusing:
        scores["gna"] += p.onus_weight * model.east_share
    return scores


def blame_scores(
    model: LibyaModel, region: Population, blocking: dict[str, float]
) -> dict[str, float]:
    """How much the region blames each actor: who blocks oil, plus its own authority.

    The region adds incumbent_blame_weight * hardship to the authority it holds responsible
    for services (the GNA in the west and south, the LNA in the east).
    """
    scores = dict(blocking)
    scores[region.incumbent] += model.params.incumbent_blame_weight * region.hardship
    return scores


def update_blame(model: LibyaModel, region: Population, blocking: dict[str, float]) -> None:
    """Blame shares move toward this week's normalised scores at the blame memory rate."""
    scores = blame_scores(model, region, blocking)
    total = sum(scores.values())
    rate = model.params.blame_memory_per_week
    for actor, score in scores.items():
        region.blame[actor] += rate * (score / total - region.blame[actor])


def update(model: LibyaModel) -> None:
    """One week of the public mechanism for every region."""
    update_grid(model)
    model.demand_mw = demand_mw(model)
    model.generation_mw = generation_mw(model)
    shortfall = max(0.0, 1.0 - model.generation_mw / model.demand_mw)
    blocking = blocking_scores(model)
    for region in model.regions.values():
        update_hardship(model, region, shortfall)
        decide_protest(model, region)
        update_blame(model, region, blocking)
    model.update_national_blame()
