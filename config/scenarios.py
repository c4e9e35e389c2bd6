"""Scenario files: loading, validation and clear error messages.

A scenario is a TOML file with a name, a description, a `[parameters]` table (any parameter of
`config.parameters.Parameters`) and a list of `[[events]]` (types of `config.timeline`).
Every problem is reported as a `ScenarioError` naming the file, the key and what is allowed.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from config.parameters import Parameters, parameter_info
from config.timeline import ACTOR_IDS, EVENT_TYPES, Event, parse_event

SCENARIO_DIR = Path(__file__).parent / "scenarios"
DEFAULT_SCENARIO = "sochi_2020"
ACTOR_FIELDS = {
    "actor",
    "winner",
    "parties",
    "broker",
    "non_signatories",
    "convener",
    "participants",
    "backers",
    "power",
    "client",
    "target",
}


class ScenarioError(ValueError):
    """A scenario, parameter or event that cannot be used; the message says why and where."""


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: parameters and a dated timeline of events."""

    name: str
    description: str = ""
    parameters: Parameters = field(default_factory=Parameters)
    events: tuple[Event, ...] = ()
    source: str = "<code>"

    @property
    def end_date(self) -> dt.date:
        """Date at which the last weekly step ends."""
        return self.parameters.end_date

    def with_overrides(self, overrides: dict[str, Any], where: str = "--set") -> Scenario:
        """The same scenario with some parameters replaced, validated again."""
        merged = {**self.parameters.model_dump(), **overrides}
        parameters = validate_parameters(merged, where)
        check_events_in_horizon(
            self.events, parameters, f"{where} (scenario {self.name})", numbered=False
        )
        return Scenario(self.name, self.description, parameters, self.events, self.source)


def list_scenarios() -> list[str]:
    """Names of the scenario files shipped in config/scenarios/."""
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.toml"))


def _describe_range(name: str) -> str:
    for info in parameter_info():
        if info.name == name:
            return f"{info.unit}, from {info.low} to {info.high}"
    return ""


def format_error(error: dict, where: str, prefix: str) -> str:
    """One pydantic error as 'where: key: message (got value)', with the allowed range."""
    location = ".".join(str(part) for part in error["loc"])
    key = f"{prefix}{location}" if location else prefix.rstrip(".")
    message = error["msg"].removeprefix("Value error, ")  # the validators' own words
    if error["type"] == "extra_forbidden":
        if prefix == "parameters.":
            known = ", ".join(info.name for info in parameter_info())
            message = f"unknown parameter; known parameters: {known}"
        else:
            message = "unknown field"
    elif prefix == "parameters." and location:
        allowed = _describe_range(str(error["loc"][0]))
        if allowed:
            message = f"{message} (allowed: {allowed})"
    given = error.get("input")
    # a check of the whole entry (no location) would echo the entry: leave it out
    shown = (
        f" (got {given!r})" if given is not None and error["type"] != "missing" and location else ""
    )
    return f"{where}: {key}: {message}{shown}" if key else f"{where}: {message}"


def validate_parameters(values: dict[str, Any], where: str) -> Parameters:
    """Validate parameter values or raise ScenarioError naming each bad key."""
    try:
        return Parameters(**values)
    except ValidationError as exc:
        lines = [format_error(e, where, "parameters.") for e in exc.errors()]
        raise ScenarioError("\n".join(lines)) from None


def validate_event(data: dict[str, Any], where: str) -> Event:
    """Validate one event mapping or raise ScenarioError naming the field and what is allowed."""
    kind = data.get("type")
    if kind not in EVENT_TYPES:
        raise ScenarioError(
            f"{where}: type: unknown event type {kind!r}; known types: {', '.join(EVENT_TYPES)}"
        )
    try:
        event = parse_event(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            line = format_error({**error, "loc": error["loc"][1:]}, where, "")
            actor_field = any(str(part) in ACTOR_FIELDS for part in error["loc"])
            if actor_field and error["type"] != "value_error":
                line += f"; actors are: {', '.join(ACTOR_IDS)}"
            lines.append(line)
        raise ScenarioError("\n".join(lines)) from None
    return event


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

    `extends = "NAME"` starts from another scenario's parameters and events; `drop_events`
    lists event types of that base to leave out; this file's `[parameters]` and `[[events]]`
    are then added on top.
    """
    allowed = {"name", "description", "extends", "drop_events", "parameters", "events"}
    extra = sorted(set(data) - allowed)
    if extra:
        raise ScenarioError(
            f"{where}: unknown top-level key(s) {', '.join(extra)}; allowed: "
            f"{', '.join(sorted(allowed))}"
        )
    base_parameters: dict[str, Any] = {}
    base_events: tuple[Event, ...] = ()
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
        validate_event(dict(raw), f"{where}: events[{i}]") for i, raw in enumerate(raw_events)
    )
    check_events_in_horizon(own_events, parameters, where)  # indices as in this file
    if base_events:
        check_events_in_horizon(
            base_events, parameters, f"{where}: extends {data['extends']!r}", numbered=False
        )
    events = tuple(sorted(base_events + own_events, key=lambda e: e.date))
    return Scenario(
        name=str(data.get("name", Path(where).stem)),
        description=str(data.get("description", "")),
        parameters=parameters,
        events=events,
        source=where,
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


def read_toml(path: Path) -> dict[str, Any]:
    """The contents of a TOML file, or ScenarioError saying why it cannot be read."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path}: malformed TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not a text file (TOML must be UTF-8)") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot be read ({exc.strerror or exc})") from None


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
    return load_scenario(name)


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """Turn ['key=value', ...] from the command line into a mapping; ScenarioError if malformed."""
    values: dict[str, str] = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"--set {assignment!r}: expected KEY=VALUE")
        values[key.strip()] = value.strip()
    return values
