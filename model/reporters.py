"""What the model records each week: the columns of model.csv, assets.csv and events.csv.

Each model column is read where its value lives, with one of Mesa's reporter forms: an
attribute of the model by its name, or a function with its arguments, here an attribute of an
agent as `[getattr, (agent, name)]` and an entry of a dict that is refilled in place each week
as `[getitem, (dict, key)]` (an actor's influence components, the money flows, the national
blame). The few values derived from the state (the date as text, a count, shares, protests as
0/1) are computed once a week, after the step, by `weekly_snapshot` into the model's
`snapshot` dict and read as `[getitem, (snapshot, column)]`. None of these forms calls Python
code per column, which matters at 89 columns a week. The arguments are tuples: Mesa calls
`function(*arguments)`, which passes a tuple on as it is but copies a list into a new tuple
every time.
"""

from __future__ import annotations

import math
from operator import getitem
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
MODEL_ATTRIBUTES = (
    "production_kbpd", "brent_usd", "revenue_usd_m", "cumulative_loss_usd_bn", "frozen_usd_bn",
    "revenue_channel", "demand_mw", "generation_mw", "conflict_salience",
)  # fmt: skip
"""Columns that are attributes of the model under the same name."""
FLOW_COLUMNS = {
    "to_gna_usd_m": "gna", "to_east_usd_m": "lna", "to_noc_usd_m": "noc",
    "to_frozen_usd_m": "frozen",
}  # fmt: skip
"""Columns of the week's revenue flows: column name -> key of `model.flows_usd_m`."""


def weekly_snapshot(model: LibyaModel) -> dict[str, Any]:
    """The model columns derived from this week's state (the others are read directly)."""
    row: dict[str, Any] = {
        "date": model.date.isoformat(),
        "blockaded_assets": len(model.blockaded_assets("lna")),
    }
    for mediator, value in prominence(model).items():
        row[f"prominence_{mediator}"] = value
    for name, region in model.regions.items():
        row[f"protesting_{name}"] = float(region.protesting)
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


def model_reporters(model: LibyaModel) -> dict[str, Any]:
    """Column name -> reporter for model.csv, in column order (see the module docstring)."""
    reporters: dict[str, Any] = {name: name for name in MODEL_ATTRIBUTES}
    for column, recipient in FLOW_COLUMNS.items():
        reporters[column] = [getitem, (model.flows_usd_m, recipient)]
    reporters["lna_cash_usd_m"] = [getattr, (model.lna, "cash")]
    reporters["gna_cash_usd_m"] = [getattr, (model.gna, "cash")]
    for actor in model.political_actors:
        reporters[f"influence_{actor.actor_id}"] = [getattr, (actor, "influence")]
        for component in COMPONENTS:
            column = f"influence_{component}_{actor.actor_id}"
            reporters[column] = [getitem, (actor.components, component)]
    for blamed in BLAMED_ACTORS:
        reporters[f"blame_{blamed}"] = [getitem, (model.national_blame, blamed)]
    for name, region in model.regions.items():
        for attribute in ("hardship", "power_cut_hours"):
            reporters[f"{attribute}_{name}"] = [getattr, (region, attribute)]
    for name in weekly_snapshot(model):
        reporters[name] = [getitem, (model.snapshot, name)]
    return {name: reporters[name] for name in column_names()}


def foreign_forces_or_nan(asset: OilAsset) -> str | float:
    """The power whose forces sit at the asset, or NaN (pandas' missing value) if none.

    Mesa's DataCollector deep-copies every value that is not a str, int, float, bool or tuple,
    None included; NaN is what pandas reads back for an empty cell anyway.
    """
    forces = asset.foreign_forces
    return math.nan if forces is None else forces


ASSET_REPORTERS = {
    "name": "name",
    "kind": "kind",  # AssetKind and AssetStatus are string enums: recorded as text
    "controller": "controller",
    "status": "status",
    "production_kbpd": "production_kbpd",
    "damage": "damage",
    "foreign_forces": foreign_forces_or_nan,
}


def make_datacollector(model: LibyaModel) -> mesa.DataCollector:
    """Build the DataCollector: model columns, per-asset columns and the event table.

    A subclass's `extra_reporters` (Mesa's forms: an attribute name or a function of the
    model) are recorded after the standard columns.
    """
    return mesa.DataCollector(
        model_reporters={**model_reporters(model), **model.extra_reporters},
        agenttype_reporters={OilAsset: ASSET_REPORTERS},
        tables={"events": EVENT_COLUMNS},
    )
