"""Scenario files: loading, validation and clear error messages.

A scenario is a TOML file with a name, a title (one line for people: the app's scenario
picker shows it with the run's years, and `libya-abm scenarios` lists it), a description,
its cast (`cast = "libya_2020"`, the default, or a `[cast]` table: who plays, `config.cast`),
a `[parameters]` table (any parameter of `config.parameters.Parameters`), a list of
`[[events]]` (types of `config.timeline`, whose actors must be in the cast) and the observed
record it is compared with (`record = "2020"` or an episode id, `config.records`; a scenario
that `extends` another keeps its record unless it names its own). Every problem is reported
as a `ScenarioError` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from config.cast import Cast, default_cast, load_cast
from config.errors import ScenarioError, format_error, read_toml
from config.parameters import Parameters
from config.records import record_ids
from config.timeline import EVENT_CLASSES, EVENT_TYPES, Blockade, Event, Reopen, parse_event

__all__ = ["ScenarioError", "format_error", "read_toml"]  # shared by every file's loader
SCENARIO_DIR = Path(__file__).parent / "scenarios"
DEFAULT_SCENARIO = "sochi_2020"


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: who plays, parameters and a dated timeline of events."""

    name: str
    description: str = ""
    title: str = ""
    """A line that names the scenario for people ("The 2020 blockade and the Russia-brokered
    deal"); its own, never inherited through `extends`. Empty: the name stands in."""
    parameters: Parameters = field(default_factory=Parameters)
    events: tuple[Event, ...] = ()
    source: str = "<code>"
    cast: Cast = field(default_factory=default_cast)
    record: str | None = None
    """The observed production record it is compared with (`config.records`), if any."""
    pre_blockade_kbpd: float | None = None
    """National output before its blockade, kbpd, where its record's window does not show it
    (the 2016 episode starts two years into a closure); None: read off the record."""
    reopening: dt.date | None = None
    """The reopening its recovery is measured from, where the last reopening of its timeline
    is not it (2016: the ports in September, not the Sharara pipeline in December)."""

    @property
    def end_date(self) -> dt.date:
        """Date at which the last weekly step ends."""
        return self.parameters.end_date

    @property
    def years(self) -> str:
        """The calendar years the run spans: "2019-2021", or "2016" within one year."""
        first, last = self.parameters.start_date.year, self.end_date.year
        return str(first) if first == last else f"{first}-{last}"

    @property
    def heading(self) -> str:
        """The title with the run's years, as the app's picker shows it.

        "The 2020 blockade and the Russia-brokered deal (2019-2021)"; the name where the file
        gives no title.
        """
        return f"{self.title or self.name} ({self.years})"

    @property
    def summary(self) -> str:
        """The description's first sentence (of its first line), for lists of scenarios."""
        line = self.description.strip().split("\n", 1)[0]
        return re.split(r"(?<=\.)\s", line, maxsplit=1)[0]

    def with_overrides(self, overrides: dict[str, Any], where: str = "--set") -> Scenario:
        """The same scenario with some parameters replaced, validated again."""
        merged = {**self.parameters.model_dump(), **overrides}
        parameters = validate_parameters(merged, where)
        check_events_in_horizon(
            self.events, parameters, f"{where} (scenario {self.name})", numbered=False
        )
        return dataclasses.replace(self, parameters=parameters)


def list_scenarios() -> list[str]:
    """Names of the scenario files shipped in config/scenarios/."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def validate_parameters(values: dict[str, Any], where: str) -> Parameters:
    """Validate parameter values or raise ScenarioError naming each bad key."""
    try:
        return Parameters(**values)
    except ValidationError as exc:
        lines = [format_error(e, where, "parameters.") for e in exc.errors()]
        raise ScenarioError("\n".join(lines)) from None


TITLE_MAX_CHARS = 90  # one line of the app's picker


def validate_title(title: Any, where: str) -> str:
    """A scenario's title: one line of text, up to TITLE_MAX_CHARS; ScenarioError if not."""
    if not isinstance(title, str) or "\n" in title or len(title.strip()) > TITLE_MAX_CHARS:
        raise ScenarioError(
            f"{where}: title: must be one line of text of at most {TITLE_MAX_CHARS} characters "
            f'(title = "The 2020 blockade and the Russia-brokered deal"); got {title!r}'
        )
    return title.strip()


def validate_record(record: Any, where: str) -> str:
    """A record id a scenario may name, or ScenarioError naming the file, key and known ids."""
    if record not in record_ids():
        raise ScenarioError(
            f"{where}: record: unknown observed record {record!r}; known records: "
            f"{', '.join(record_ids())}"
        )
    return record


def validate_event(data: dict[str, Any], where: str, cast: Cast | None = None) -> Event:
    """Validate one event mapping or raise ScenarioError naming the field and what is allowed.

    Its actors must be actors of `cast` (the default cast if None) of the kinds the field
    allows: a blockade's actor an armed faction, a pressure's power a power, and so on.
    """
    cast = cast or default_cast()
    kind = data.get("type")
    if kind not in EVENT_TYPES:
        raise ScenarioError(
            f"{where}: type: unknown event type {kind!r}; known types: {', '.join(EVENT_TYPES)}"
        )
    try:
        event = parse_event(data)
    except ValidationError as exc:
        fields = list(EVENT_CLASSES[kind].model_fields)
        lines = [format_error({**e, "loc": e["loc"][1:]}, where, "", fields) for e in exc.errors()]
        raise ScenarioError("\n".join(lines)) from None
    problems = cast_problems(event, cast)
    if problems:
        raise ScenarioError("\n".join(f"{where}: {problem}" for problem in problems))
    return event


def cast_problems(event: Event, cast: Cast) -> list[str]:
    """What is wrong with the actors and sites an event names, given the cast: a line each."""
    kinds = {actor.id: actor.agent for actor in cast.actors}
    problems = []
    for name, allowed in event.ACTOR_FIELDS.items():
        value = getattr(event, name)
        # a default names the 2020 cast's actors: say so, or it reads as the user's own word
        default = "" if name in event.model_fields_set else f" (the default; give {name})"
        for actor in value if isinstance(value, list) else [value]:
            if actor not in kinds:
                problems.append(
                    f"{name}: {actor!r}{default} is not an actor of the cast {cast.name!r}; "
                    f"actors are: {', '.join(kinds)}"
                )
            elif allowed and kinds[actor] not in allowed:
                fitting = [a for a, k in kinds.items() if k in allowed]
                problems.append(
                    f"{name}: {actor!r}{default} is of kind {kinds[actor]!r}; a {event.type} "
                    f"event's {name} must be of kind {' or '.join(map(repr, allowed))} "
                    f"({', '.join(fitting)})"
                )
    sites = getattr(event, "assets", "all")
    if sites != "all":
        names = cast.asset_names
        unknown = [site for site in sites if site not in names]
        if unknown:
            problems.append(
                f"assets: unknown oil asset(s) {', '.join(map(repr, unknown))} in the cast "
                f"{cast.name!r}; known assets: {', '.join(names)}"
            )
    return problems


def check_events_in_horizon(
    events: tuple[Event, ...], parameters: Parameters, where: str, numbered: bool = True
) -> None:
    """Raise ScenarioError for an event dated outside the run's horizon.

    The event is named by its index in `events` if `numbered` (the list is the file's own),
    otherwise by its type and date alone.
    """
    start, end = parameters.start_date, parameters.end_date
    for index, event in enumerate(events):
        if not start <= event.date < end:
            which = f"events[{index}] ({event.type})" if numbered else f"its {event.type} event"
            raise ScenarioError(
                f"{where}: {which} dated {event.date} is outside the run's horizon, {start} "
                f"to {end} (set start_date and weeks to widen it)"
            )


def scenario_from_mapping(
    data: dict[str, Any], where: str, _seen: tuple[str, ...] = ()
) -> Scenario:
    """Build a validated Scenario from the contents of a scenario file.

    `extends = "NAME"` starts from another scenario's cast, parameters and events;
    `drop_events` lists event types of that base to leave out; this file's `cast`,
    `[parameters]` and `[[events]]` are then laid on top.
    """
    allowed = {
        "name", "title", "description", "extends", "drop_events", "cast", "parameters", "events",
        "record", "pre_blockade_kbpd", "reopening",
    }  # fmt: skip
    extra = sorted(set(data) - allowed)
    if extra:
        raise ScenarioError(
            f"{where}: unknown top-level key(s) {', '.join(extra)}; allowed: "
            f"{', '.join(sorted(allowed))}"
        )
    base_parameters: dict[str, Any] = {}
    base_events: tuple[Event, ...] = ()
    cast = default_cast()
    record: str | None = None
    pre_blockade: float | None = None
    reopening: dt.date | None = None
    if "extends" in data:
        base_name = str(data["extends"])
        if base_name in _seen:
            raise ScenarioError(f"{where}: extends: {base_name!r} extends itself in a cycle")
        beside = Path(where).parent / base_name  # a file named relative to this one
        base_file = beside if base_name.endswith(".toml") and beside.is_file() else base_name
        try:
            base = load_scenario(base_file, _seen=(*_seen, base_name))
        except ScenarioError as exc:
            raise ScenarioError(f"{where}: extends: {exc}") from None
        base_parameters = base.parameters.model_dump(exclude_unset=True)
        cast = base.cast
        record = base.record
        pre_blockade = base.pre_blockade_kbpd
        reopening = base.reopening
        drop = data.get("drop_events", [])
        unknown = (
            [kind for kind in drop if kind not in EVENT_TYPES] if isinstance(drop, list) else []
        )
        if not isinstance(drop, list) or unknown:
            raise ScenarioError(
                f"{where}: drop_events: must list event types; unknown: {unknown}; "
                f"known types: {', '.join(EVENT_TYPES)}"
            )
        base_events = tuple(e for e in base.events if e.type not in drop)
    elif "drop_events" in data:
        raise ScenarioError(f"{where}: drop_events: only allowed together with extends")
    if "record" in data:
        record = validate_record(data["record"], where)
    if "pre_blockade_kbpd" in data:
        pre_blockade = data["pre_blockade_kbpd"]
        if isinstance(pre_blockade, bool) or not isinstance(pre_blockade, int | float):
            raise ScenarioError(f"{where}: pre_blockade_kbpd: must be a number of kbpd")
        if not 0 < pre_blockade <= 3000:
            raise ScenarioError(
                f"{where}: pre_blockade_kbpd: {pre_blockade} is not 0 to 3,000 kbpd"
            )
        pre_blockade = float(pre_blockade)
    if "reopening" in data:
        reopening = data["reopening"]
        if not isinstance(reopening, dt.date) or isinstance(reopening, dt.datetime):
            raise ScenarioError(f"{where}: reopening: must be a date (reopening = 2016-09-13)")
    if "cast" in data:
        cast = load_cast(data["cast"], f"{where}: cast", beside=Path(where).parent)
    parameters_table = data.get("parameters", {})
    if not isinstance(parameters_table, dict):
        raise ScenarioError(f"{where}: parameters: must be a table of name = value")
    parameters = validate_parameters({**base_parameters, **parameters_table}, where)
    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        raise ScenarioError(f"{where}: events: must be an array of tables ([[events]])")
    for i, raw in enumerate(raw_events):
        if not isinstance(raw, dict):
            raise ScenarioError(f"{where}: events[{i}]: must be a table of fields ([[events]])")
    own_events = tuple(
        validate_event(dict(raw), f"{where}: events[{i}]", cast) for i, raw in enumerate(raw_events)
    )
    check_events_in_horizon(own_events, parameters, where)  # indices as in this file
    if base_events:
        inherited = f"{where}: extends {data['extends']!r}"
        check_events_in_horizon(base_events, parameters, inherited, numbered=False)
        for event in base_events:  # this file's cast may not have the base's actors
            problems = cast_problems(event, cast)
            if problems:
                raise ScenarioError(
                    f"{inherited}: its {event.type} event of {event.date}: " + "; ".join(problems)
                )
    events = tuple(sorted(base_events + own_events, key=lambda e: e.date))
    check_dated_blockades(events, cast, where)
    return Scenario(
        name=str(data.get("name", Path(where).stem)),
        title=validate_title(data.get("title", ""), where),
        description=str(data.get("description", "")),
        parameters=parameters,
        events=events,
        source=where,
        cast=cast,
        record=record,
        pre_blockade_kbpd=pre_blockade,
        reopening=reopening,
    )


def check_dated_blockades(events: tuple[Event, ...], cast: Cast, where: str) -> None:
    """Refuse a blockade held `until_reopened` whose sites later reopen events do not all end.

    A site held until a reopening that never comes would stay shut to the end of the run,
    and its faction would never decide on it.
    """
    for event in events:
        if not (isinstance(event, Blockade) and event.until_reopened):
            continue
        if event.assets == "all":
            sites = {site for site, holder in cast.holders.items() if holder == event.actor}
        else:
            sites = set(event.assets)
        for later in events:
            if (
                isinstance(later, Reopen)
                and later.actor == event.actor
                and later.date >= event.date
            ):
                sites = set() if later.assets == "all" else sites - set(later.assets)
        if sites:
            raise ScenarioError(
                f"{where}: its blockade of {event.date} by {event.actor!r} is held "
                f"until_reopened, but no later reopen event of that actor ends it at "
                f"{', '.join(sorted(sites))}"
            )


def resolve_scenario_path(name_or_path: str | Path) -> Path:
    """The file of a shipped scenario name, or the given path; ScenarioError if neither."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        if candidate.is_dir():
            raise ScenarioError(f"{candidate} is a folder, not a scenario file")
        if not candidate.is_file():
            raise ScenarioError(f"scenario file {candidate} does not exist")
        return candidate
    shipped = SCENARIO_DIR / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    raise ScenarioError(
        f"unknown scenario {str(name_or_path)!r}; shipped scenarios: "
        f"{', '.join(list_scenarios())}, or give a path to a .toml file"
    )


def load_scenario(
    name_or_path: str | Path = DEFAULT_SCENARIO, _seen: tuple[str, ...] = ()
) -> Scenario:
    """Load and validate a shipped scenario by name, or a scenario file by path."""
    path = resolve_scenario_path(name_or_path)
    return scenario_from_mapping(read_toml(path), str(path), _seen)


@cache
def shipped_scenario(name: str = DEFAULT_SCENARIO) -> Scenario:
    """A scenario shipped in config/scenarios/, read once per process (they are immutable).

    Raises:
        ScenarioError: `name` is not a shipped scenario.
    """
    if name not in list_scenarios():
        raise ScenarioError(
            f"unknown scenario {name!r}; shipped scenarios: {', '.join(list_scenarios())}"
        )
    return load_scenario(SCENARIO_DIR / f"{name}.toml")  # never a file of that name here


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """Turn ['key=value', ...] from the command line into a mapping; ScenarioError if malformed."""
    values: dict[str, str] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {assignment!r}: expected KEY=VALUE")
        values[key.strip()] = value.strip()
    return values
