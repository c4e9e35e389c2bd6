"""Oil mechanism: production of every field given blockades, force majeure and damage."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.model import LibyaModel

FINANCING_UNIT_USD_M = 100.0  # financing_repair_gain is per 100 USD m a week


def produce(model: LibyaModel) -> None:
    """Advance every field's output by a week; NOC financing speeds up repairs.

    repair speed-up = 1 + financing_repair_gain * (NOC financing, USD m/week) / 100
    """
    speedup = 1.0 + model.params.financing_repair_gain * model.noc.financing / FINANCING_UNIT_USD_M
    model.fields.do("produce", speedup)
    model.update_production_total()


def normal_production_kbpd(model: LibyaModel) -> float:
    """Output of all fields in normal operation without damage: sum(capacity) * utilisation."""
    return model.total_capacity_kbpd * model.params.utilisation


def blockaded_capacity_share(model: LibyaModel, actor: str) -> float:
    """Share of field capacity that `actor`'s blockade stops, at the field or its terminal."""
    stopped = sum(
        field.capacity_kbpd
        for field in model.fields
        if field.blockaded_by == actor
        or (field.terminal is not None and field.terminal.blockaded_by == actor)
    )
    return stopped / model.total_capacity_kbpd


def noc_held_capacity_share(model: LibyaModel) -> float:
    """Share of field capacity kept shut by the NOC's force majeure alone (no blockade)."""

    def held(asset: object) -> bool:
        return asset is not None and asset.force_majeure and asset.blockaded_by is None

    stopped = sum(
        field.capacity_kbpd
        for field in model.fields
        if (held(field) or held(field.terminal))
        and field.blockaded_by is None
        and (field.terminal is None or field.terminal.blockaded_by is None)
    )
    return stopped / model.total_capacity_kbpd
