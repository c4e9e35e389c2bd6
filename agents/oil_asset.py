"""Oil fields and export terminals: capacity, route, control, status and damage."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TYPE_CHECKING

import mesa

DAYS_PER_WEEK = 7  # kbpd x 7 / 1000 = million barrels a week

if TYPE_CHECKING:
    from config.parameters import Parameters
    from model.model import LibyaModel


class AssetKind(StrEnum):
    """What an asset is; offshore fields export without a terminal.

    A string enum: a member is its value ('field'), so outputs record plain text.
    """

    FIELD = "field"
    OFFSHORE_FIELD = "offshore field"
    TERMINAL = "terminal"


class AssetStatus(StrEnum):
    """What an asset is doing this week, as shown in outputs and on the map (as text)."""

    PRODUCING = "producing"
    BLOCKADED = "blockaded"
    FORCE_MAJEURE = "force majeure"
    EXPORT_CUT = "export route cut"
    OPEN = "open"


class OilAsset(mesa.Agent):
    """A field or terminal: a site of the cast (docs/ODD.md 2.11).

    The sites are those of `config/data/oil_assets.csv`, as the cast's `[assets]` change them
    or add to them.

    A field produces for export only when it is open at the site (no blockade, no force
    majeure) and its export terminal is open too. Closed at the site, its output falls at once
    to the domestic-supply floor; with only its terminal closed, output falls week by week as
    the terminal's tanks fill (`model.oil` books that oil into the terminal's storage). Open
    again, its output closes a share of the gap to what it can reach each week:

        production = min(available, production + ramp * (available - production))
        available = capacity * (1 - damage) * utilisation

    Damage comes only from evidence: `damage` events (fighting, fires, looting) and long
    idleness (weeks without export beyond `idle_weeks_before_damage`); repairs take a share of
    it each week while the site is open. Damage lowers what a restart can reach; it does not
    slow the ramp. A terminal's damage lowers its export capacity.

    Attributes:
        name: the asset's name, as in the data file.
        kind: field, offshore field or terminal.
        is_field: True for onshore and offshore fields, False for terminals (constant).
        capacity_kbpd: nameplate capacity, kbpd (NaN for a terminal without a figure: its
            exports are then unlimited).
        capacity_share: a field's share of the capacity of all fields (0 for terminals), set
            once every asset exists.
        controller: who holds the site physically (constant).
        exports_via: name of the terminal a field exports through (None: offshore).
        terminal: that terminal, linked once every asset exists (`link_terminal`).
        fields_behind: the fields that export through this terminal (empty for fields).
        route: the sites the field's oil leaves through: itself, then its terminal if any.
        blockaded_by: the actor whose blockade closes the site, or None.
        blockade_dated: the record dates the end of its blockade (a blockade event
            `until_reopened`): the blockader does not decide on it; a reopen event ends it.
        force_majeure: whether the NOC has declared force majeure at the site.
        restart_dated: a restart event will lift its force majeure on the recorded date; the
            NOC does not decide on it before.
        foreign_forces: the power whose forces sit at the site, or None.
        departure_dated: a forces_leave event dates its foreign forces' departure; the weekly
            exit chance does not apply to it.
        damage: share of capacity lost, 0 to 1: at the start (the cast), to damage events and
            to long idleness.
        weeks_idle: consecutive weeks without export (a field) or closed (a terminal).
        ramp_per_week: this field's own restart ramp, or None for `restart_ramp_per_week`.
        storage_mbbl: crude waiting in a terminal's tanks, million barrels (0 for fields).
        storage_capacity_mbbl: what a terminal's tanks hold, million barrels (None:
            unlimited).
        production_kbpd: this week's output, kbpd (0 for terminals).

    """

    def __init__(
        self,
        model: LibyaModel,
        name: str,
        kind: AssetKind,
        capacity_kbpd: float,
        controller: str,
        exports_via: str | None,
    ) -> None:
        super().__init__(model)
        self.name = name
        self.kind = kind
        self.is_field = kind is not AssetKind.TERMINAL  # fields produce, terminals export
        self.capacity_kbpd = capacity_kbpd
        self.capacity_share = 0.0
        self.controller = controller
        self.exports_via = exports_via
        self.terminal: OilAsset | None = None
        self.route: tuple[OilAsset, ...] = (self,)
        self.fields_behind: list[OilAsset] = []
        self.blockaded_by: str | None = None
        self.blockade_dated = False
        self.force_majeure = False
        self.restart_dated = False
        self.foreign_forces: str | None = None
        self.departure_dated = False
        self.damage = 0.0
        self.weeks_idle = 0
        self.ramp_per_week: float | None = None
        self.storage_mbbl = 0.0
        self.storage_capacity_mbbl: float | None = None
        self.production_kbpd = 0.0

    def link_terminal(self, terminal: OilAsset) -> None:
        """Export through `terminal`: it joins the field's route, after the field itself."""
        self.terminal = terminal
        self.route = (self, terminal)
        terminal.fields_behind.append(self)

    @property
    def closed_at_site(self) -> bool:
        """Shut by a blockade or by the NOC's force majeure at the site itself."""
        return self.blockaded_by is not None or self.force_majeure

    @property
    def export_open(self) -> bool:
        """True if the export route (the terminal, if any) is open."""
        return self.terminal is None or not self.terminal.closed_at_site

    @property
    def exporting(self) -> bool:
        """True if the field's oil can leave: open at the site and along its route."""
        return not self.closed_at_site and self.export_open

    @property
    def status(self) -> AssetStatus:
        """This week's status for outputs and the map."""
        if self.blockaded_by is not None:
            return AssetStatus.BLOCKADED
        if self.force_majeure:
            return AssetStatus.FORCE_MAJEURE
        if not self.is_field:
            return AssetStatus.OPEN
        return AssetStatus.PRODUCING if self.export_open else AssetStatus.EXPORT_CUT

    def available_kbpd(self, params: Parameters) -> float:
        """Output this field reaches in normal operation, given its damage."""
        return self.capacity_kbpd * (1.0 - self.damage) * params.utilisation

    def domestic_floor_kbpd(self, params: Parameters) -> float:
        """Output kept for domestic refineries and power when exports stop (onshore only)."""
        if self.kind is not AssetKind.FIELD:
            return 0.0
        return self.capacity_kbpd * params.domestic_supply_share

    def ramp(self, params: Parameters) -> float:
        """Share of the gap to available output closed in a week of export after a restart."""
        return params.restart_ramp_per_week if self.ramp_per_week is None else self.ramp_per_week

    def export_capacity_mbbl(self) -> float:
        """What a terminal can ship in a week, million barrels (inf without a capacity figure).

        capacity (kbpd) x (1 - damage) x 7 days / 1000.
        """
        if math.isnan(self.capacity_kbpd):
            return math.inf
        return self.capacity_kbpd * (1.0 - self.damage) * DAYS_PER_WEEK / 1000.0

    def start_idle(self, weeks: int) -> None:
        """Start a run `weeks` into a shutdown, with the damage those weeks' idleness left.

        The wear the week-by-week rule (`idle_week`) would leave on an undamaged site,
        idle_damage_per_week for every week beyond idle_weeks_before_damage up to
        max_idle_damage; a site the cast already damages keeps the larger of the two.
        """
        params = self.model.params
        self.weeks_idle = weeks
        worn_weeks = max(0, weeks - params.idle_weeks_before_damage)
        worn = min(params.max_idle_damage, params.idle_damage_per_week * worn_weeks)
        self.damage = max(self.damage, worn)

    def add_damage(self, share: float) -> None:
        """Lose a further `share` of capacity (fighting, fires, looting), at most all of it."""
        self.damage = min(1.0, self.damage + share)

    def repair(self, params: Parameters, repair_speedup: float) -> None:
        """Repair a share of the damage this week (the site is open)."""
        self.damage -= min(1.0, params.repair_per_week * repair_speedup) * self.damage

    def produce(self, repair_speedup: float = 1.0) -> None:
        """Advance this field's output, idleness and damage by one week.

        An exporting field ramps toward its available output, which its terminal's export room
        may then cap (`model.oil.produce`).

        Args:
            repair_speedup: factor on the repair rate from extra NOC financing (1 = none).

        """
        if not self.is_field:
            return
        params = self.model.params
        if self.exporting:
            self.weeks_idle = 0
            available = self.available_kbpd(params)
            ramped = self.production_kbpd + self.ramp(params) * (available - self.production_kbpd)
            self.production_kbpd = min(available, ramped)  # damage caps output at once
            self.repair(params, repair_speedup)
            return
        if self.closed_at_site:
            self.production_kbpd = self.domestic_floor_kbpd(params)
        else:
            storage_left = self.production_kbpd * (1.0 - params.storage_decay_per_week)
            self.production_kbpd = max(self.domestic_floor_kbpd(params), storage_left)
        self.idle_week(params)

    def idle_week(self, params: Parameters) -> None:
        """Count a week without export; past `idle_weeks_before_damage`, idleness wears the site.

        damage = max(damage, min(max_idle_damage, damage + idle_damage_per_week))
        """
        self.weeks_idle += 1
        if self.weeks_idle > params.idle_weeks_before_damage:
            worn = min(params.max_idle_damage, self.damage + params.idle_damage_per_week)
            self.damage = max(self.damage, worn)
