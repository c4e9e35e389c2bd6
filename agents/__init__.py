"""Mesa agent classes of the Libya model: one module per kind of actor."""

from agents.base import Actor
from agents.external_power import ExternalPower
from agents.factions import GNA, LNA, Faction, Maiteeq
from agents.mediator import UNMission
from agents.noc import NOC
from agents.oil_asset import AssetKind, AssetStatus, OilAsset
from agents.population import Population

__all__ = [
    "GNA",
    "LNA",
    "NOC",
    "Actor",
    "AssetKind",
    "AssetStatus",
    "ExternalPower",
    "Faction",
    "Maiteeq",
    "OilAsset",
    "Population",
    "UNMission",
]
