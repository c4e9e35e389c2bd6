"""Who plays in a scenario: its actors and the roles they play, its regions, who holds each site.

The mechanisms never name an actor. They ask the cast for a role: the Tripoli government (which
receives revenue through the central bank and pays the west's salaries), the revenue claimant
(which blockades for a share of revenue and receives a committee's eastern share), the oil
company, the UN mission, the power that presses for reopening, the mediators whose prominence is
compared, and those the public blames. The patrons of a faction are the powers whose `client` it
is; the signers of a deal are the deal's `parties`.

A cast is a TOML file: `config/casts/libya_2020.toml` is the default. A scenario names one
(`cast = "libya_2020"`, or a path beside the scenario) or gives its own `[cast]` table, which
may extend another (`extends = "libya_2020"`): its actors and regions are added (an entry with
the id of one of the base's is laid over it field by field), its `[holders]` and `[roles]`
entries replace the base's, and its `[assets."<name>"]` entries are laid over the base's field
by field.

The oil fields and terminals are those of `config/data/oil_assets.csv`, as they were when the
scenario starts: a cast's `[assets."<name>"]` table changes one (its capacity, the damage and the
crude in its tanks at the start, its restart ramp) or adds one that the file lacks (with its
kind, capacity and export terminal). Every entry says where its figures come from.

Numbers that are model parameters (a faction's starting cash, a region's protest threshold)
are given by the parameter's name, so that `--set`, sweeps and the app change them; numbers
that are plain facts of the cast are given as numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from config.datasets import oil_asset_rows
from config.errors import ScenarioError, format_error, read_toml
from config.parameters import Parameters, parameter_info

CAST_DIR = Path(__file__).parent / "casts"
DEFAULT_CAST = "libya_2020"

AgentKind = Literal["faction", "government", "politician", "oil_company", "un_mission", "power"]
ARMED = ("faction", "government")  # the kinds with funds, forces and a home region
Amount = float | str  # a number, or the name of the parameter that gives it
ActorId = str  # an actor of the cast, by its id


def amount(value: Amount | None, params: Parameters) -> float:
    """A cast's number: the value itself, or the value of the parameter it names.

    Raises:
        ValueError: no value (the cast's validation requires one wherever it is read).
    """
    if value is None:
        raise ValueError("the cast gives no value here")
    return float(getattr(params, value)) if isinstance(value, str) else float(value)


class CastEntry(BaseModel):
    """Fields shared by actors and regions: an id, and numbers that may name parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # the fields that take a number or a parameter's name -> the lowest and highest value
    # allowed: a number must lie in that range, a parameter's whole range must lie in it
    AMOUNTS: ClassVar[dict[str, tuple[float, float]]] = {}

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Id used in output columns.")

    @model_validator(mode="after")
    def _amounts_in_range(self) -> CastEntry:
        ranges = {info.name: info for info in parameter_info() if info.type in (int, float)}
        for name, (low, high) in self.AMOUNTS.items():
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, str):
                info = ranges.get(value)
                if info is None:
                    raise ValueError(f"{name}: {value!r} is neither a number nor a parameter")
                if not low <= info.low <= info.high <= high:
                    raise ValueError(
                        f"{name}: parameter {value!r} ranges from {info.low} to {info.high}, "
                        f"beyond what {name} allows ({low:g} to {high:g})"
                    )
            elif not low <= value <= high:
                raise ValueError(f"{name}: {value} is outside {low:g} to {high:g}")
        return self


class ActorSpec(CastEntry):
    """One political actor: what kind of agent it is, its name, recognition and attention.

    Factions and the government also have funds, forces and a home region; powers may have a
    client they back and a faction they press to reopen oil.
    """

    AMOUNTS = {
        "cash_usd_m": (0.01, 1e6),  # funds to start from: financial stress divides by them
        "weekly_spending_usd_m": (0.01, 1e5),
        "other_income_usd_m": (0.0, 1e5),
        "military": (0.0, 1.0),
        "pressure": (0.0, 1.0),
    }

    agent: AgentKind = Field(description="Which agent class plays it.")
    label: str = Field(description="The name shown to people, e.g. 'LNA (Haftar)'.")
    name: str = Field("", description="Short name in sentences ('LNA'); the label if empty.")
    recognition: float = Field(ge=0.0, le=1.0, description="International recognition, 0-1.")
    attention_base: float = Field(
        0.0, ge=0.0, le=10.0, description="Typical weekly news attention (1 = a main faction's)."
    )
    home_region: str | None = Field(None, description="Armed: the region it answers to.")
    cash_usd_m: Amount | None = Field(None, description="Armed: funds at the start, USD m.")
    weekly_spending_usd_m: Amount | None = Field(None, description="Armed: USD m a week.")
    other_income_usd_m: Amount | None = Field(
        None, description="Armed: income a week that is not oil revenue, USD m."
    )
    military: Amount | None = Field(None, description="Armed: military strength at the start.")
    client: str | None = Field(None, description="Power: the faction it backs.")
    commitment: float = Field(0.0, ge=0.0, le=2.0, description="Power: backing of its client.")
    pressure: Amount = Field(0.0, description="Power: pressure to reopen oil, 0-1, at rest.")
    pressure_target: str | None = Field(None, description="Power: the faction it presses.")

    @model_validator(mode="after")
    def _fields_of_its_kind(self) -> ActorSpec:
        armed = ("home_region", "cash_usd_m", "weekly_spending_usd_m", "other_income_usd_m")
        armed += ("military",)
        if self.agent in ARMED:
            missing = [name for name in armed if getattr(self, name) is None]
            if missing:
                raise ValueError(f"a {self.agent} needs {', '.join(missing)}")
        else:
            given = [name for name in armed if getattr(self, name) is not None]
            if given:
                raise ValueError(f"{', '.join(given)}: only a faction or government has these")
        if self.agent != "power":
            given = [n for n in ("client", "pressure_target") if getattr(self, n) is not None]
            if given or self.commitment or self.pressure:
                raise ValueError("client, commitment and pressure: only a power has these")
        return self

    @property
    def short_name(self) -> str:
        """The name used in sentences ('LNA keeps the blockade')."""
        return self.name or self.label


class RegionSpec(CastEntry):
    """One region's population: its share, its exposure to power cuts, whom it holds to account."""

    AMOUNTS = {"protest_threshold": (0.0, 1.0)}

    label: str = Field("", description="The region's name shown to people.")
    adjective: str = Field("", description="'eastern': names its hardship in explanations.")
    population_share: float = Field(gt=0.0, le=1.0, description="Share of the population.")
    exposure: float = Field(ge=0.0, le=3.0, description="Exposure to national power cuts.")
    incumbent: str = Field(description="The authority held responsible for its services.")
    protest_threshold: Amount = Field(description="Hardship at which protest is even odds.")


AssetKindName = Literal["field", "offshore field", "terminal"]


class AssetEntry(BaseModel):
    """A cast's word on one oil site: a change to a site of oil_assets.csv, or a new site.

    A new site needs its kind, its capacity and (an onshore field) the terminal it exports
    through; a change gives only what differs at the scenario's start.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: AssetKindName | None = Field(None, description="New site: what kind of site it is.")
    capacity_kbpd: float | None = Field(None, ge=0.0, le=3000.0, description="Capacity, kbpd.")
    exports_via: str | None = Field(None, description="New onshore field: its export terminal.")
    damage: float = Field(
        0.0, ge=0.0, le=1.0, description="Share of capacity lost at the start (fighting, looting)."
    )
    storage_mbbl: float = Field(
        0.0, ge=0.0, le=50.0, description="Terminal: crude in its tanks at the start, million bbl."
    )
    storage_capacity_mbbl: float | None = Field(
        None, gt=0.0, le=50.0, description="Terminal: what its tanks hold, million bbl."
    )
    ramp_per_week: float | None = Field(
        None, gt=0.0, le=1.0, description="Field: its own restart ramp (share of the gap a week)."
    )
    weeks_idle: int = Field(
        0, ge=0, le=520, description="Field: weeks without export already at the start."
    )
    source: str = Field("", description="Where the figures come from.")


@dataclass(frozen=True)
class SiteSpec:
    """One oil field or terminal as a run starts, resolved from oil_assets.csv and the cast."""

    name: str
    kind: str  # field, offshore field or terminal
    capacity_kbpd: float  # NaN where no source gives it (terminals only)
    exports_via: str | None  # a field's export terminal; None offshore and for terminals
    holder: str
    damage: float = 0.0
    storage_mbbl: float = 0.0
    storage_capacity_mbbl: float | None = None
    ramp_per_week: float | None = None
    weeks_idle: int = 0


def base_sites() -> dict[str, dict[str, Any]]:
    """The sites of config/data/oil_assets.csv: name -> kind, capacity and export terminal."""
    sites = {}
    for row in oil_asset_rows():
        route = row["exports_via"]
        sites[row["name"]] = {
            "kind": row["type"],
            "capacity_kbpd": float(row["capacity_kbpd"]),
            "exports_via": route if isinstance(route, str) and route != "offshore" else None,
        }
    return sites


class Roles(BaseModel):
    """Who plays each role the mechanisms ask for (ids of the cast's actors)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tripoli_government: ActorId = Field(
        description="Government: receives revenue through the central bank; may refuse a deal."
    )
    revenue_claimant: ActorId = Field(
        description="Faction that blockades for a share of revenue; gets a committee's east share."
    )
    oil_company: ActorId = Field(description="Oil company: operates fields, force majeure.")
    un_mission: ActorId = Field(description="UN mission: mediates with effort and breadth.")
    pressing_power: ActorId = Field(
        description="Power whose attention follows its pressure to reopen oil."
    )
    mediators: list[ActorId] = Field(description="Actors whose prominence as mediator is compared.")
    blamed: list[ActorId] = Field(description="Actors the public may blame for lost oil.")


ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "tripoli_government": ("government",),
    "revenue_claimant": ("faction",),
    "oil_company": ("oil_company",),
    "un_mission": ("un_mission",),
    "pressing_power": ("power",),
    "mediators": (),
    "blamed": (),
}
"""Role -> the agent kinds that may play it (empty: any actor)."""
assert set(ROLE_KINDS) == set(Roles.model_fields), "every role needs the kinds that may play it"


class Cast(BaseModel):
    """A validated cast: actors in creation order, regions, holders of sites, roles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "cast"
    description: str = ""
    actors: list[ActorSpec]
    regions: list[RegionSpec]
    holders: dict[str, ActorId] = Field(description="Oil asset name -> the actor holding it.")
    roles: Roles
    assets: dict[str, AssetEntry] = Field(
        default_factory=dict, description="Oil sites changed or added at the start, by name."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Cast:
        ids = [a.id for a in self.actors]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"actors: {', '.join(twice)} listed twice")
        kinds = {a.id: a.agent for a in self.actors}
        regions = [r.id for r in self.regions]
        problems = [
            *self._role_problems(kinds),
            *self._actor_problems(kinds, regions),
            *self._region_problems(kinds),
            *self._site_problems(),
            *self._holder_problems(kinds),
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _role_problems(self, kinds: dict[str, str]) -> list[str]:
        problems = [
            f"roles.{role}: {', '.join(sorted({a for a in ids if ids.count(a) > 1}))} listed twice"
            for role, ids in (("mediators", self.roles.mediators), ("blamed", self.roles.blamed))
            if len(set(ids)) < len(ids)
        ]
        for role, why in (
            ("un_mission", "follows its effort and breadth"),
            ("pressing_power", "follows its pressure"),
        ):
            actor = getattr(self.roles, role)
            fits = kinds.get(actor) in ROLE_KINDS[role]  # a misfit is reported below
            if fits and "attention_base" in self.actor(actor).model_fields_set:
                problems.append(f"actors.{actor}.attention_base: its attention {why}; give none")
        # whoever can stop oil (an armed actor, the oil company) must be someone to blame
        stoppers = [a for a, kind in kinds.items() if kind in ARMED]
        stoppers.append(self.roles.oil_company)
        problems += [
            f"roles.blamed: {actor!r} can stop oil and must be among the blamed"
            for actor in stoppers
            if actor in kinds and actor not in self.roles.blamed
        ]
        for role, allowed in ROLE_KINDS.items():
            value = getattr(self.roles, role)
            for actor in value if isinstance(value, list) else [value]:
                if actor not in kinds:
                    problems.append(f"roles.{role}: {actor!r} is not an actor of the cast")
                elif allowed and kinds[actor] not in allowed:
                    problems.append(
                        f"roles.{role}: {actor!r} is of kind {kinds[actor]!r}; the role needs "
                        f"{' or '.join(map(repr, allowed))}"
                    )
        return problems

    def _actor_problems(self, kinds: dict[str, str], regions: list[str]) -> list[str]:
        problems = []
        for actor in self.actors:
            if actor.home_region is not None and actor.home_region not in regions:
                problems.append(f"actors.{actor.id}.home_region: no region {actor.home_region!r}")
            for field in ("client", "pressure_target"):
                target = getattr(actor, field)
                if target is not None and kinds.get(target) not in ARMED:
                    problems.append(f"actors.{actor.id}.{field}: {target!r} is not a faction")
        return problems

    def _region_problems(self, kinds: dict[str, str]) -> list[str]:
        problems = [
            f"regions.{r.id}.incumbent: {r.incumbent!r} is not a faction or government"
            for r in self.regions
            if kinds.get(r.incumbent) not in ARMED
        ]
        problems += [
            f"regions.{r.id}.incumbent: {r.incumbent!r} must be in roles.blamed (a region "
            "blames its own authority)"
            for r in self.regions
            if r.incumbent in kinds and r.incumbent not in self.roles.blamed
        ]
        total = sum(r.population_share for r in self.regions)
        if abs(total - 1.0) > 1e-6:
            problems.append(f"regions: population shares add up to {total:g}, not 1")
        return problems

    def _site_problems(self) -> list[str]:
        base = base_sites()
        problems = []
        for name, entry in self.assets.items():
            where = f"assets.{name}"
            if name not in base:
                missing = [key for key in ("kind", "capacity_kbpd") if getattr(entry, key) is None]
                if entry.kind == "field" and entry.exports_via is None:
                    missing.append("exports_via")
                if missing:
                    problems.append(
                        f"{where}: not a site of oil_assets.csv; a new site needs "
                        f"{', '.join(missing)}"
                    )
            elif entry.kind is not None and entry.kind != base[name]["kind"]:
                known = base[name]["kind"]
                problems.append(f"{where}.kind: {name} is a {known}, not a {entry.kind}")
        sites = {site.name: site for site in self.sites(check=False)}
        for site in sites.values():
            where = f"assets.{site.name}"
            if site.exports_via is not None:
                terminal = sites.get(site.exports_via)
                if terminal is None or terminal.kind != "terminal":
                    problems.append(f"{where}.exports_via: {site.exports_via!r} is not a terminal")
                if site.kind != "field":
                    problems.append(f"{where}.exports_via: only an onshore field has one")
            terminal_only = (site.storage_mbbl, site.storage_capacity_mbbl)
            if site.kind != "terminal" and any(terminal_only):
                problems.append(f"{where}: storage is a terminal's; {site.name} is a {site.kind}")
            if site.kind == "terminal" and site.ramp_per_week is not None:
                problems.append(f"{where}.ramp_per_week: a field's; {site.name} is a terminal")
            if site.kind != "terminal" and math.isnan(site.capacity_kbpd):
                problems.append(f"{where}.capacity_kbpd: a field needs a capacity")
            full = site.storage_capacity_mbbl
            if full is not None and site.storage_mbbl > full:
                problems.append(
                    f"{where}.storage_mbbl: {site.storage_mbbl:g} is more than its tanks hold "
                    f"({full:g})"
                )
        return problems

    def _holder_problems(self, kinds: dict[str, str]) -> list[str]:
        names = self.asset_names
        problems = [
            f"holders.{site}: {holder!r} is not an actor of the cast"
            for site, holder in self.holders.items()
            if holder not in kinds
        ]
        unknown = [site for site in self.holders if site not in names]
        if unknown:
            problems.append(f"holders: unknown oil asset(s) {', '.join(map(repr, unknown))}")
        missing = [site for site in names if site not in self.holders]
        if missing:
            problems.append(f"holders: no holder for {', '.join(missing)}")
        return problems

    @property
    def asset_names(self) -> tuple[str, ...]:
        """The names of every oil site of the cast: oil_assets.csv's, then those it adds."""
        return (*base_sites(), *(name for name in self.assets if name not in base_sites()))

    def sites(self, check: bool = True) -> tuple[SiteSpec, ...]:
        """Every oil field and terminal as the run starts, in the order of `asset_names`.

        Args:
            check: False while validating, when a holder may still be missing.
        """
        base = base_sites()
        result = []
        for name in self.asset_names:
            entry = self.assets.get(name, AssetEntry())
            known = base.get(name, {})
            capacity = entry.capacity_kbpd
            result.append(
                SiteSpec(
                    name=name,
                    kind=entry.kind or known.get("kind", "field"),
                    capacity_kbpd=capacity
                    if capacity is not None
                    else known.get("capacity_kbpd", math.nan),
                    exports_via=entry.exports_via or known.get("exports_via"),
                    holder=self.holders[name] if check else self.holders.get(name, ""),
                    damage=entry.damage,
                    storage_mbbl=entry.storage_mbbl,
                    storage_capacity_mbbl=entry.storage_capacity_mbbl,
                    ramp_per_week=entry.ramp_per_week,
                    weeks_idle=entry.weeks_idle,
                )
            )
        return tuple(result)

    @property
    def actor_ids(self) -> tuple[str, ...]:
        """The actors' ids in the order of output columns and influence sums.

        First the actors who are not mediators, in the cast's order, then the mediators in the
        order of `roles.mediators`. (Agents are created in the cast's order.)
        """
        mediators = self.roles.mediators
        parties = [actor.id for actor in self.actors if actor.id not in mediators]
        return (*parties, *mediators)

    @property
    def labels(self) -> dict[str, str]:
        """Actor id -> the name shown to people."""
        return {actor.id: actor.label for actor in self.actors}

    def actor(self, actor_id: str) -> ActorSpec:
        """The actor with this id."""
        return next(actor for actor in self.actors if actor.id == actor_id)

    def ids_of(self, *kinds: str) -> tuple[str, ...]:
        """The ids of the actors of these agent kinds, in the cast's order."""
        return tuple(actor.id for actor in self.actors if actor.agent in kinds)


def merged(base: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """A cast table `data` laid over its base: entries by id, holders and roles by key.

    An entry with the id of one of the base's is laid over it field by field, so that a cast
    can change one thing of an actor (Russia's client) without writing the actor again.
    """
    result = {**base, **{k: v for k, v in data.items() if k not in ("actors", "regions")}}
    result.setdefault("name", "cast")
    if "name" not in data:  # not the base's own name: errors would blame the base
        result["name"] = f"{result['name']} (extended)"
    for key in ("actors", "regions"):
        entries = {entry["id"]: entry for entry in base.get(key, [])}
        for entry in data.get(key, []):
            entries[entry["id"]] = {**entries.get(entry["id"], {}), **entry}
        result[key] = list(entries.values())
    for key in ("holders", "roles"):
        result[key] = {**base.get(key, {}), **data.get(key, {})}
    sites = {name: dict(entry) for name, entry in base.get("assets", {}).items()}
    for name, entry in data.get("assets", {}).items():
        sites[name] = {**sites.get(name, {}), **entry}
    result["assets"] = sites
    return result


def cast_mapping(data: Any, where: str, beside: Path | None, seen: tuple[str, ...]) -> dict:
    """The contents of a cast given by name, path or table, with its `extends` resolved."""
    if isinstance(data, str):
        path = resolve_cast_path(data, beside, where)
        if str(path) in seen:
            raise ScenarioError(f"{where}: cast {data!r} extends itself in a cycle")
        return cast_mapping(read_toml(path), f"{where} ({path})", path.parent, (*seen, str(path)))
    if not isinstance(data, dict):
        raise ScenarioError(f"{where}: must be a cast's name, a path or a table")
    for key in ("actors", "regions"):
        entries = data.get(key, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ScenarioError(f"{where}: {key}: must be an array of tables ([[{key}]])")
        if not all("id" in entry for entry in entries):
            raise ScenarioError(f"{where}: {key}: every entry needs an id")
    for key in ("holders", "roles"):
        if not isinstance(data.get(key, {}), dict):
            raise ScenarioError(f"{where}: {key}: must be a table of name = value")
    sites = data.get("assets", {})
    if not isinstance(sites, dict) or not all(isinstance(e, dict) for e in sites.values()):
        raise ScenarioError(f'{where}: assets: must be tables ([assets."<site name>"])')
    if "extends" not in data:
        return dict(data)
    base = cast_mapping(str(data["extends"]), f"{where}: extends", beside, seen)
    return merged(base, {k: v for k, v in data.items() if k != "extends"})


def resolve_cast_path(name: str, beside: Path | None, where: str) -> Path:
    """The file of a shipped cast's name, or of a path (relative to the file naming it)."""
    if name.endswith(".toml"):
        path = (beside / name) if beside is not None else Path(name)
        if not path.is_file():
            raise ScenarioError(f"{where}: cast file {path} does not exist")
        return path
    shipped = CAST_DIR / f"{name}.toml"
    if not shipped.is_file():
        known = ", ".join(sorted(p.stem for p in CAST_DIR.glob("*.toml")))
        raise ScenarioError(f"{where}: unknown cast {name!r}; shipped casts: {known}")
    return shipped


def load_cast(data: Any, where: str, beside: Path | None = None) -> Cast:
    """Validate a cast given by name, path (relative to `beside`) or table.

    Raises:
        ScenarioError: naming the file, the key and what is wrong.
    """
    mapping = cast_mapping(data, where, beside, ())
    if isinstance(data, str):  # name the file where the keys are
        where = f"{where} ({resolve_cast_path(data, beside, where)})"
    try:
        return Cast(**mapping)
    except ValidationError as exc:
        lines = [
            format_error(named(error, mapping), where, "", fields_at(error["loc"]))
            for error in exc.errors()
        ]
        raise ScenarioError("\n".join(lines)) from None


def fields_at(location: tuple) -> list[str] | None:
    """The keys a cast allows where an error is: an actor's, a region's, a site's, a role's."""
    tables = {"actors": ActorSpec, "regions": RegionSpec, "assets": AssetEntry}
    if len(location) == 3 and location[0] in tables:
        return list(tables[location[0]].model_fields)
    if len(location) == 2 and location[0] == "roles":
        return list(Roles.model_fields)
    if len(location) == 1:
        return list(Cast.model_fields)
    return None


def named(error: dict, mapping: dict[str, Any]) -> dict:
    """A validation error located by the entry's id ('actors.lna') rather than its index.

    A check of a whole entry does not echo the entry back.
    """
    location = list(error["loc"])
    if len(location) >= 2 and location[0] in ("actors", "regions") and isinstance(location[1], int):
        entry = mapping[location[0]][location[1]]
        location[1] = entry.get("id", location[1]) if isinstance(entry, dict) else location[1]
    whole_entry = len(location) == 2 and error["type"] == "value_error"
    return {**error, "loc": tuple(location), **({"input": None} if whole_entry else {})}


@cache
def default_cast() -> Cast:
    """The default cast, config/casts/libya_2020.toml (read once per process)."""
    return load_cast(DEFAULT_CAST, "cast")
