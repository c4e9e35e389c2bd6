"""What the model records each week: the columns of model.csv, assets.csv and events.csv.

All model-level values of a week are computed once, in `weekly_snapshot`, after the step;
each DataCollector reporter then reads one value from that snapshot.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

import mesa

from agents.oil_asset import OilAsset
from agents.population import BLAMED_ACTORS
from config.actors import REGIONS
from config.timeline import ACTOR_IDS
from model.influence import COMPONENTS
from model.mediation import prominence

if TYPE_CHECKING:
    from model.model import LibyaModel

EVENT_COLUMNS = [
    "date", "step", "category", "kind", "actors", "choice", "probability", "utility",
    "explanation", "sequence",
]  # fmt: skip
REGIONAL_COLUMNS = ("hardship", "power_cut_hours", "protesting")


def weekly_snapshot(model: LibyaModel) -> dict[str, Any]:
    """Every model-level column of this week, in column order."""
    flows = model.flows_usd_m
    row: dict[str, Any] = {
        "date": model.date.isoformat(),
        "production_kbpd": model.production_kbpd,
        "brent_usd": model.brent_usd,
        "revenue_usd_m": model.revenue_usd_m,
        "cumulative_loss_usd_bn": model.cumulative_loss_usd_bn,
        "frozen_usd_bn": model.frozen_usd_bn,
        "revenue_channel": model.revenue_channel,
        "to_gna_usd_m": flows["gna"],
        "to_east_usd_m": flows["lna"],
        "to_noc_usd_m": flows["noc"],
        "to_frozen_usd_m": flows["frozen"],
        "lna_cash_usd_m": model.lna.cash,
        "gna_cash_usd_m": model.gna.cash,
        "demand_mw": model.demand_mw,
        "generation_mw": model.generation_mw,
        "conflict_salience": model.conflict_salience,
        "blockaded_assets": len(model.blockaded_assets("lna")),
    }
    actors = [model.actor(actor_id) for actor_id in ACTOR_IDS]
    for actor in actors:
        row[f"influence_{actor.actor_id}"] = actor.influence
    for mediator, value in prominence(model).items():
        row[f"prominence_{mediator}"] = value
    for blamed in BLAMED_ACTORS:
        row[f"blame_{blamed}"] = model.blame(blamed)
    for name, region in model.regions.items():
        for attribute in REGIONAL_COLUMNS:
            row[f"{attribute}_{name}"] = float(getattr(region, attribute))
    for actor in actors:
        for component in COMPONENTS:
            row[f"influence_{component}_{actor.actor_id}"] = actor.components.get(component, 0.0)
    return row


def column_names() -> list[str]:
    """Names of the model.csv columns (after date and step), in order."""
    names = [
        "date", "production_kbpd", "brent_usd", "revenue_usd_m", "cumulative_loss_usd_bn",
        "frozen_usd_bn", "revenue_channel", "to_gna_usd_m", "to_east_usd_m", "to_noc_usd_m",
        "to_frozen_usd_m", "lna_cash_usd_m", "gna_cash_usd_m", "demand_mw", "generation_mw",
        "conflict_salience", "blockaded_assets",
    ]  # fmt: skip
    names += [f"influence_{a}" for a in ACTOR_IDS]
    names += [f"prominence_{m}" for m in ("un", "russia", "us", "turkey")]
    names += [f"blame_{b}" for b in BLAMED_ACTORS]
    names += [f"{attr}_{region}" for region in REGIONS for attr in REGIONAL_COLUMNS]
    names += [f"influence_{c}_{a}" for a in ACTOR_IDS for c in COMPONENTS]
    return names


def _read(model: LibyaModel, column: str) -> Any:
    return model.snapshot[column]


def model_reporters() -> dict[str, Any]:
    """Column name -> reporter for model.csv, in column order."""
    return {name: partial(_read, column=name) for name in column_names()}


ASSET_REPORTERS = {
    "name": "name",
    "kind": lambda a: a.kind.value,
    "controller": "controller",
    "status": lambda a: a.status.value,
    "production_kbpd": "production_kbpd",
    "damage": "damage",
    "foreign_forces": "foreign_forces",
}


def make_datacollector(extra_reporters: dict[str, Any] | None = None) -> mesa.DataCollector:
    """Build the DataCollector: model columns, per-asset columns and the event table.

    Args:
        extra_reporters: model reporters of extra columns (Mesa's forms: an attribute name or
            a function of the model), recorded after the standard ones.
    """
    return mesa.DataCollector(
        model_reporters={**model_reporters(), **(extra_reporters or {})},
        agenttype_reporters={OilAsset: ASSET_REPORTERS},
        tables={"events": EVENT_COLUMNS},
    )
