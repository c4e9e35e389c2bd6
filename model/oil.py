"""Oil mechanism: production of every field, and the storage and exports of every terminal."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from agents.oil_asset import DAYS_PER_WEEK

if TYPE_CHECKING:
    from agents.oil_asset import OilAsset
    from config.parameters import Parameters
    from model.model import LibyaModel

FINANCING_UNIT_USD_M = 100.0  # financing_repair_gain is per 100 USD m a week


def produce(model: LibyaModel) -> None:
    """Advance every field's output by a week, then every terminal's storage and exports.

    repair speed-up = 1 + financing_repair_gain * (its financing, USD m/week) / 100

    Each field ramps, declines or idles on its own (`OilAsset.produce`); then each terminal
    with fields behind it stores what they send while it is closed, or, open, ships its
    backlog first and lets the fields send only what is left of its export capacity
    (`store_or_ship`).
    """
    financing = model.oil_company.financing
    speedup = 1.0 + model.params.financing_repair_gain * financing / FINANCING_UNIT_USD_M
    for field in model.fields:
        field.produce(speedup)
    for asset in model.assets:
        if asset.fields_behind:
            store_or_ship(asset, asset.fields_behind, speedup)
    update_production_total(model)


def store_or_ship(terminal: OilAsset, fields: list[OilAsset], repair_speedup: float) -> None:
    """One week at a terminal: its fields' oil goes into its tanks, or out with its backlog.

    The fields send what they produce above their domestic floor (that stays in the country):

        sent = sum over its fields of max(0, q_i - floor_i)            (kbpd)

    Closed, the terminal stores it, `storage += sent x 7 / 1000` (million barrels), up to
    `storage_capacity_mbbl` if it has one (the fields' sending is cut in proportion to fit).
    Open, it ships its backlog first at its export capacity `E = capacity x (1 - damage) x 7
    / 1000` (unlimited without a capacity figure), and the fields together may send only what
    is left, `(E - shipped) x 1000 / 7` kbpd: if they would send more, each one's sending is
    cut in the same proportion. Then a share of the terminal's damage is repaired.
    """
    params = terminal.model.params
    if terminal.closed_at_site:
        limit = math.inf
        if terminal.storage_capacity_mbbl is not None:
            room = max(0.0, terminal.storage_capacity_mbbl - terminal.storage_mbbl)
            limit = room * 1000.0 / DAYS_PER_WEEK
        sent = _cut_to(fields, params, limit)
        terminal.storage_mbbl += sent * DAYS_PER_WEEK / 1000.0
        terminal.idle_week(params)
        return
    terminal.weeks_idle = 0
    capacity = terminal.export_capacity_mbbl()
    if capacity < math.inf:  # a terminal without a capacity figure ships all at once
        shipped = min(terminal.storage_mbbl, capacity)
        terminal.storage_mbbl -= shipped
        _cut_to(fields, params, (capacity - shipped) * 1000.0 / DAYS_PER_WEEK)
    else:
        terminal.storage_mbbl = 0.0
    if terminal.damage > 0.0:
        terminal.repair(params, repair_speedup)


def _cut_to(fields: list[OilAsset], params: Parameters, limit: float) -> float:
    """What the fields send above their floors, cut in one proportion to fit `limit` (kbpd).

    Returns what they send after the cut.
    """
    floors = [field.domestic_floor_kbpd(params) for field in fields]
    sent = 0.0
    for field, floor in zip(fields, floors, strict=True):
        if field.production_kbpd > floor:
            sent += field.production_kbpd - floor
    if sent <= limit:
        return sent
    keep = limit / sent
    for field, floor in zip(fields, floors, strict=True):
        if field.production_kbpd > floor:
            field.production_kbpd = floor + keep * (field.production_kbpd - floor)
    return limit


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
