"""Oil mechanism: production of every field given blockades, force majeure and damage."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents.oil_asset import OilAsset
    from model.model import LibyaModel

FINANCING_UNIT_USD_M = 100.0  # financing_repair_gain is per 100 USD m a week


def produce(model: LibyaModel) -> None:
    """Advance every field's output by a week; the oil company's financing speeds up repairs.

    repair speed-up = 1 + financing_repair_gain * (its financing, USD m/week) / 100
    """
    financing = model.oil_company.financing
    speedup = 1.0 + model.params.financing_repair_gain * financing / FINANCING_UNIT_USD_M
    for field in model.fields:
        field.produce(speedup)
    update_production_total(model)


def update_production_total(model: LibyaModel) -> None:
    """Sum this week's output of every field into `model.production_kbpd` (kbpd).

    Also sets `model.oil_flow`, the oil flow index: production over normal production, at
    most 1. Power stations, the public's fuel supply and the oil company all follow it.
    """
    model.production_kbpd = sum([f.production_kbpd for f in model.fields])
    model.oil_flow = min(1.0, model.production_kbpd / normal_production_kbpd(model))


def normal_production_kbpd(model: LibyaModel) -> float:
    """Output of all fields in normal operation without damage: sum(capacity) * utilisation."""
    return model.total_capacity_kbpd * model.params.utilisation


def blockaded_capacity_share(model: LibyaModel, actor: str) -> float:
    """Share of field capacity that `actor`'s blockade stops, at the field or its terminal."""
    stopped = sum(
        [
            field.capacity_kbpd
            for field in model.fields
            if field.blockaded_by == actor
            or (field.terminal is not None and field.terminal.blockaded_by == actor)
        ]
    )
    return stopped / model.total_capacity_kbpd


def held_responsible(model: LibyaModel, field: OilAsset) -> str | None:
    """Whom the public sees stopping a field's exports, if they are stopped.

    A blockade, at the field or its terminal, is its blockader's doing; force majeure where
    foreign forces sit is laid at the door of their patron's client (Wagner's presence is
    the LNA's); any other force majeure is the oil company's own choice.
    """
    for site in field.route:
        if site.blockaded_by is not None:
            return site.blockaded_by
    oil_company = model.oil_company.actor_id
    forced = False
    for site in field.route:
        if site.force_majeure:
            if site.foreign_forces is not None:
                return model.actor(site.foreign_forces).client or oil_company
            forced = True
    return oil_company if forced else None


def stopped_capacity_shares(model: LibyaModel) -> dict[str, float]:
    """Share of field capacity stopped, by the actor the public holds responsible."""
    shares: dict[str, float] = {}
    for field in model.fields:
        actor = held_responsible(model, field)
        if actor is not None:
            shares[actor] = shares.get(actor, 0.0) + field.capacity_share
    return shares
