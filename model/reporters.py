"""What the model records each week: the columns of model.csv, assets.csv and events.csv.

Each model column is read where its value lives, with one of Mesa's reporter forms: an
attribute of the model by its name, or a function of the model that reads one value, here an
attribute of an agent (`attribute_of`) or an entry of a dict that is refilled in place each
week (`entry_of`: an actor's influence components, the money flows, the national blame,
the mediators' prominence). The date is recorded as text, the protests as 0/1 (`flag_of`),
and the number of blockaded assets is counted when the week is recorded.

Mesa tells the forms apart in order (function, attribute name, `[function, arguments]`), so a
function is the quickest to dispatch: at 89 columns a week, these one-line functions record a
week in about three quarters of the time of `[getattr, (agent, name)]` lists
(benchmarks/README.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import mesa

from agents.oil_asset import OilAsset
from model.event_log import EVENT_COLUMNS
from model.influence import COMPONENTS

if TYPE_CHECKING:
    from model.model import LibyaModel

MODEL_ATTRIBUTES = (
    "production_kbpd", "brent_usd", "revenue_usd_m", "cumulative_loss_usd_bn", "frozen_usd_bn",
    "revenue_channel",
)  # fmt: skip
"""The first columns after the date: attributes of the model under the same name."""
ELECTRICITY_ATTRIBUTES = ("demand_mw", "generation_mw", "conflict_salience")
"""Attributes of the model recorded after the money columns."""
FLOW_COLUMNS = {
    "to_gna_usd_m": "tripoli_government", "to_east_usd_m": "revenue_claimant",
    "to_noc_usd_m": "oil_company", "to_frozen_usd_m": "frozen",
}  # fmt: skip
"""Columns of the week's revenue flows: column name -> recipient (key of `model.flows_usd_m`)."""


Reporter = Callable[["LibyaModel"], Any]


def attribute_of(owner: object, name: str) -> Reporter:
    """A model reporter that reads the attribute `name` of `owner` (an agent) each week."""
    return lambda model: getattr(owner, name)


def entry_of(mapping: dict[str, Any], key: str) -> Reporter:
    """A model reporter that reads `mapping[key]` each week (the dict is refilled in place)."""
    return lambda model: mapping[key]


def flag_of(owner: object, name: str) -> Reporter:
    """A model reporter that reads a yes/no attribute of `owner` as 1.0 or 0.0 each week."""
    return lambda model: float(getattr(owner, name))


def date_text(model: LibyaModel) -> str:
    """The week's date as text, YYYY-MM-DD."""
    return model.date.isoformat()


def blockaded_assets(model: LibyaModel) -> int:
    """The number of assets under a blockade, anyone's."""
    return len(model.blockaded_assets())


def model_reporters(model: LibyaModel) -> dict[str, str | Reporter]:
    """Column name -> reporter for model.csv, in column order (see the module docstring).

    The columns follow the cast: each faction's cash (`<id>_cash_usd_m`), each actor's
    influence and its components, each mediator's prominence, the blame on each blamed actor
    and each region's hardship, power cuts and protests.
    """
    reporters: dict[str, str | Reporter] = {"date": date_text}
    reporters |= {name: name for name in MODEL_ATTRIBUTES}
    for column, recipient in FLOW_COLUMNS.items():
        reporters[column] = entry_of(model.flows_usd_m, recipient)
    for faction in model.factions:
        reporters[f"{faction.actor_id}_cash_usd_m"] = attribute_of(faction, "cash")
    reporters |= {name: name for name in ELECTRICITY_ATTRIBUTES}
    reporters["blockaded_assets"] = blockaded_assets
    for actor in model.political_actors:
        reporters[f"influence_{actor.actor_id}"] = attribute_of(actor, "influence")
    for mediator in model.mediators:
        reporters[f"prominence_{mediator}"] = entry_of(model.prominence, mediator)
    for blamed in model.blamed:
        reporters[f"blame_{blamed}"] = entry_of(model.national_blame, blamed)
    for name, region in model.regions.items():
        for attribute in ("hardship", "power_cut_hours"):
            reporters[f"{attribute}_{name}"] = attribute_of(region, attribute)
        reporters[f"protesting_{name}"] = flag_of(region, "protesting")
    for actor in model.political_actors:
        for component in COMPONENTS:
            column = f"influence_{component}_{actor.actor_id}"
            reporters[column] = entry_of(actor.components, component)
    return reporters


def column_names(model: LibyaModel) -> list[str]:
    """Names of a model's model.csv columns in order, but for `step` (the runner adds it)."""
    return [*model_reporters(model), *model.extra_reporters]


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
    "storage_mbbl": "storage_mbbl",
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
