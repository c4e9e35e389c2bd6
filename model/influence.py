"""Influence mechanism: each actor's share of influence, built from visible components.

For each component c an actor i has a score s_ci >= 0. Its share of the component is
s_ci / sum_j s_cj, and its influence is the weighted sum of its shares,

    influence_i = sum_c w_c(t) * s_ci / sum_j s_cj,    sum_c w_c(t) = 1,

so influence shares sum to one across actors. The weights are the `weight_*` parameters,
with the military weight scaled by the salience of fighting (1 while war is active, fading
after a retreat or ceasefire) and all weights renormalised. A component that no actor has
this week drops out and the others are renormalised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.oil import blockaded_capacity_share
from model.revenue_channel import Channel

if TYPE_CHECKING:
    from model.model import LibyaModel

COMPONENTS = ("oil", "money", "legitimacy", "backing", "military", "prominence")
CHANNEL_CONTROL = 0.5  # weight of controlling the revenue channel, against physical control
OPERATIONAL_CONTROL = 0.5  # weight of operating the fields that produce (the NOC)
BLOCKADE_LEVERAGE = 0.3  # weight of holding oil hostage: lost when a blockade ends
FOREIGN_FORCE_STRENGTH = 0.3  # military score of a power with forces on the ground


def oil_scores(model: LibyaModel) -> dict[str, float]:
    """Control of oil: capacity held, blockade leverage, revenue channel, operation.

    Physical control of capacity, the leverage of a blockade (each blockading faction's),
    control of the revenue channel (the Tripoli government's central bank, the oil company's
    frozen account, or a committee's parties), and operation of the output that flows (the oil
    company).
    """
    scores = dict.fromkeys(model.actor_ids, 0.0)
    for field in model.fields:
        scores[field.controller] += field.capacity_share
    for blockader in model.blockaders():
        scores[blockader] += BLOCKADE_LEVERAGE * blockaded_capacity_share(model, blockader)
    oil_company = model.oil_company.actor_id
    channel = model.channel
    if channel.state is Channel.CENTRAL_BANK:
        scores[model.tripoli_government.actor_id] += CHANNEL_CONTROL
    elif channel.state is Channel.FROZEN:
        scores[oil_company] += CHANNEL_CONTROL
    else:
        for party in channel.parties:
            scores[party] += CHANNEL_CONTROL / len(channel.parties)
    scores[oil_company] += OPERATIONAL_CONTROL * model.oil_flow
    return scores


def money_scores(model: LibyaModel) -> dict[str, float]:
    """Smoothed weekly spending (factions, oil company) or support given (patrons), USD m."""
    scores = dict.fromkeys(model.actor_ids, 0.0)
    for spender in (*model.factions, model.oil_company):
        scores[spender.actor_id] = spender.spending_average
    for power in model.powers:
        scores[power.actor_id] = power.backing * power.support_usd_m
    return scores


def legitimacy_scores(model: LibyaModel) -> dict[str, float]:
    """Recognition times public standing (1 - national blame share) for the blamed actors."""
    return {
        actor.actor_id: actor.recognition * (1.0 - model.blame(actor.actor_id))
        for actor in model.political_actors
    }


def backing_scores(model: LibyaModel) -> dict[str, float]:
    """Backing received from a patron, backing given, and the US's pressure as leverage."""
    scores = dict.fromkeys(model.actor_ids, 0.0)
    for power in model.powers:
        scores[power.actor_id] = power.backing if power.client else power.pressure
        if power.client:
            scores[power.client] += power.backing
    return scores


def military_scores(model: LibyaModel) -> dict[str, float]:
    """Military strength of the factions; powers with forces on the ground."""
    scores = dict.fromkeys(model.actor_ids, 0.0)
    for faction in model.factions:
        scores[faction.actor_id] = faction.military
    for power in model.powers:
        if power.forces_deployed:
            scores[power.actor_id] = FOREIGN_FORCE_STRENGTH
    return scores


def prominence_scores(model: LibyaModel) -> dict[str, float]:
    """News attention of every actor."""
    return {actor.actor_id: actor.attention for actor in model.political_actors}


def component_weights(model: LibyaModel, totals: dict[str, float]) -> dict[str, float]:
    """Weights of the components present this week, military scaled by salience, summing to 1.

    A component is present when some actor scores on it: its total score is above zero.
    """
    p = model.params
    raw = {
        "oil": p.weight_oil,
        "money": p.weight_money,
        "legitimacy": p.weight_legitimacy,
        "backing": p.weight_backing,
        "military": p.weight_military * model.conflict_salience,
        "prominence": p.weight_prominence,
    }
    present = [c for c in COMPONENTS if totals[c] > 0.0]
    total = sum([raw[c] for c in present])
    if total <= 0.0:
        return {c: 1.0 / len(present) for c in present}
    return {c: raw[c] / total for c in present}


SCORERS = {
    "oil": oil_scores,
    "money": money_scores,
    "legitimacy": legitimacy_scores,
    "backing": backing_scores,
    "military": military_scores,
    "prominence": prominence_scores,
}


def update(model: LibyaModel) -> None:
    """Compute every actor's components and influence share for this week.

    Each actor's `components[c]` is its contribution w_c * share_c, so that its components
    add up to its influence. The dict is refilled in place: the DataCollector reads from it.
    """
    scores = {c: SCORERS[c](model) for c in COMPONENTS}
    totals = {c: sum(s.values()) for c, s in scores.items()}
    weights = component_weights(model, totals)
    components = {actor.actor_id: actor.components for actor in model.political_actors}
    for c, component_scores in scores.items():
        # w_c / total_c per unit of score: each score becomes its contribution in one product
        factor = weights[c] / totals[c] if c in weights else 0.0
        for actor_id, score in component_scores.items():
            components[actor_id][c] = factor * score
    for actor in model.political_actors:
        actor.influence = sum(actor.components.values())
