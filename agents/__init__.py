"""Mesa agent classes of the Libya model: one module per kind of actor.

Which actor each class plays (the LNA is a `Faction`, the GNA the `Government`) is set by the
scenario's cast (`config/casts/`).
"""

from agents.base import Actor
from agents.external_power import ExternalPower
from agents.factions import Faction, Government, Politician
from agents.mediator import UNMission
from agents.noc import NOC
from agents.oil_asset import AssetKind, AssetStatus, OilAsset
from agents.population import Population

__all__ = [
    "NOC",
    "Actor",
    "AssetKind",
    "AssetStatus",
    "ExternalPower",
    "Faction",
    "Government",
    "OilAsset",
    "Politician",
    "Population",
    "UNMission",
]
