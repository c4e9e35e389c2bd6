"""The run in the page's address: what reproduces a run, written as a query string and back.

`?scenario=no_deal&seed=7` opens that run at its first week. The full form also carries the
parameters changed from the scenario's (`set.NAME=VALUE`), each event injected into the run
with the week it was injected at (`event={"week":3,"type":"deal"}`, compact JSON with the
event's fields that differ from their defaults) and the week the run reached (`week=30`):

    ?scenario=sochi_2020&seed=3&set.deal_eastern_share=0.4&event={"week":3,"type":"deal"}&week=30

Opening an address replays the run with the calls the page made (inject an event at its week,
then step), so the run is the one shared, week for week. An address is checked by the
project's own schemas (`config.scenarios.shipped_scenario`, `validate_parameters`,
`validate_event`, and `LibyaModel.inject_event` when it is replayed); a bad one opens the
default run, with the reasons (`open_run`).

The page keeps no other state in the address: role play's choices, an exercise's sheet and a
comparison are not part of it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, ValidationError

from config.errors import ScenarioError, format_error
from config.scenarios import (
    DEFAULT_SCENARIO,
    shipped_scenario,
    validate_event,
    validate_parameters,
)
from config.timeline import Event
from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from model.calendar import date_of

SCENARIO, SEED, WEEK, EVENT, SET = "scenario", "seed", "week", "event", "set."
SOLARA_KEYS = ("kernelid", "modelid")  # Solara's own (a page attached to a kernel): not ours
WHERE = "address"
URL_SAFE = ":,[]{}"  # left as they are in an event's JSON: browsers keep them in a query too


class InjectedEvent(BaseModel):
    """An event injected into a run, and the week (step) it was injected at.

    `fields` are those `LibyaModel.inject_event` takes: the type and the fields that differ
    from their defaults; the date only where it is not the end of the week it was injected at.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    week: NonNegativeInt = Field(strict=True)  # a JSON number, not true or "3"
    fields: dict[str, Any]

    def to_json(self) -> str:
        """The event as the address writes it: one JSON object, its week first."""
        return json.dumps({"week": self.week, **self.fields}, separators=(",", ":"))


class RunAddress(BaseModel):
    """What reproduces a run of the page: scenario, seed, parameters, injections, week."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: str = DEFAULT_SCENARIO
    seed: NonNegativeInt = DEFAULT_SEED
    parameters: dict[str, Any] = Field(default_factory=dict)
    """Parameters that differ from the scenario's, by name."""
    events: tuple[InjectedEvent, ...] = ()
    week: NonNegativeInt = 0

    def query(self) -> str:
        """The address's query string (without '?'), readable; the week left out at 0."""
        pairs: list[tuple[str, str]] = [(SCENARIO, self.scenario), (SEED, str(self.seed))]
        pairs += [(f"{SET}{name}", _text(value)) for name, value in sorted(self.parameters.items())]
        pairs += [(EVENT, injected.to_json()) for injected in self.events]
        if self.week:
            pairs.append((WEEK, str(self.week)))
        return urlencode(pairs, safe=URL_SAFE, quote_via=quote)


def _text(value: Any) -> str:
    """A parameter's value as the address writes it (floats exactly, dates in ISO form)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def event_fields(spec: Event, week_date: dt.date) -> dict[str, Any]:
    """An event's type and the fields that differ from their defaults, as JSON values.

    The date is left out where it is `week_date`, the end of the week it was injected at: the
    page injects every event "now", which is how the model dates an event given no date.
    """
    fields = spec.model_dump(mode="json", exclude_defaults=True)
    if spec.date == week_date:
        del fields["date"]
    return {"type": spec.type, **fields}


def changed_parameters(model: LibyaModel) -> dict[str, Any]:
    """The run's parameters that differ from its shipped scenario's, by name."""
    chosen = shipped_scenario(model.scenario_name).parameters
    return {name: value for name, value in model.params if value != getattr(chosen, name)}


def address_of(model: LibyaModel, seed: int) -> RunAddress:
    """The address of a run of a shipped scenario that the page built and stepped.

    Its parameters are those of the run that differ from its scenario's (a slider moved but
    not applied by Reset is not part of the run). Its injected events are those scheduled
    after the scenario's timeline, in the order they were injected, each with the week it was
    injected at.
    """
    chosen = shipped_scenario(model.scenario_name)
    parameters = changed_parameters(model)
    events = tuple(
        InjectedEvent(
            week=scheduled.week,
            fields=event_fields(scheduled.spec, date_of(model.start_date, scheduled.week)),
        )
        for scheduled in model.pending_events[len(chosen.events) :]
    )
    return RunAddress(
        scenario=model.scenario_name,
        seed=seed,
        parameters=parameters,
        events=events,
        week=model.steps,
    )


def parse_query(search: str) -> RunAddress:
    """The address a query string gives, checked against the scenario it names.

    Raises:
        ScenarioError: one line for each problem, naming the part of the address it is in.
    """
    raw, problems, unreadable = _read_pairs(search)
    try:
        RunAddress.model_validate(raw)
    except ValidationError as exc:
        problems += [_address_error(error) for error in exc.errors()]
        unreadable |= {error["loc"][0] for error in exc.errors()}
    if WEEK in unreadable:
        unreadable.add("events")  # their weeks are checked against the address's
    # what could be read is checked all the same, so that every problem shows at once
    readable = RunAddress.model_validate({k: v for k, v in raw.items() if k not in unreadable})
    try:
        address = _checked(readable)
    except ScenarioError as exc:
        problems.append(str(exc))
    if problems:
        raise ScenarioError("\n".join(problems))
    return address


def _read_pairs(search: str) -> tuple[dict[str, Any], list[str], set[str]]:
    """The query's values by the fields of `RunAddress`, and what is wrong with the query.

    Also the fields it leaves unreadable: the events, where one of them is not JSON.
    """
    raw: dict[str, Any] = {}
    parameters: dict[str, str] = {}
    events: list[Any] = []
    problems: list[str] = []
    unreadable: set[str] = set()
    for key, value in parse_qsl(search.removeprefix("?"), keep_blank_values=True):
        if key in (SCENARIO, SEED, WEEK):
            if key in raw:
                problems.append(f"{WHERE}: {key}: given twice")
            raw[key] = value
        elif key.startswith(SET):
            parameters[key.removeprefix(SET)] = value
        elif key == EVENT:
            try:
                events.append(_split_week(json.loads(value)))
            except json.JSONDecodeError as exc:
                problems.append(f"{WHERE}, event {len(events) + 1}: not JSON ({exc.msg})")
                events.append({"week": 0, "fields": {}})  # keeps the numbers of the next ones
                unreadable.add("events")
        elif key not in SOLARA_KEYS:
            problems.append(
                f"{WHERE}: {key}: unknown key; known: {SCENARIO}, {SEED}, {SET}NAME, {EVENT}, "
                f"{WEEK}"
            )
    if parameters:
        raw["parameters"] = parameters
    if events:
        raw["events"] = events
    return raw, problems, unreadable


def _split_week(data: Any) -> Any:
    """An event's JSON object as `InjectedEvent` fields: its week, and the event's own fields."""
    if not isinstance(data, dict):
        return data  # InjectedEvent's validation says what is wrong with it
    fields = dict(data)
    week = {"week": fields.pop("week")} if "week" in fields else {}  # else: 'Field required'
    return {**week, "fields": fields}


def _address_error(error: Any) -> str:
    """A pydantic error of `RunAddress` in the address's own words: 'address, event 2: week'."""
    location = error["loc"]
    if location[:1] == ("events",) and len(location) > 1:
        rest = [part for part in location[2:] if part != "fields"]
        return format_error({**error, "loc": tuple(rest)}, f"{WHERE}, event {location[1] + 1}", "")
    return format_error(error, WHERE, "")


def _checked(address: RunAddress) -> RunAddress:
    """The address with its parameters and events checked by the project's schemas.

    Values come back typed and events in their shortest form, so that an address read from a
    query equals the address of the run it opens.

    Raises:
        ScenarioError: every problem found, a line each.
    """
    try:
        chosen = shipped_scenario(address.scenario)
    except ScenarioError as exc:
        raise ScenarioError(f"{WHERE}: {SCENARIO}: {exc}") from None
    problems = []
    try:
        # merged as LibyaModel merges them: a check across parameters sees the run's values
        params = validate_parameters(
            {**chosen.parameters.model_dump(exclude_unset=True), **address.parameters}, WHERE
        )
    except ScenarioError as exc:  # named as the address names them: set.NAME
        problems.append(str(exc).replace(f"{WHERE}: parameters.", f"{WHERE}: {SET}"))
        params = chosen.parameters  # to check the weeks and events all the same
    if address.week > params.weeks:
        problems.append(
            f"{WHERE}: {WEEK}: {address.week} is after the run's last week ({params.weeks})"
        )
    events = []
    for number, injected in enumerate(address.events, 1):
        where = f"{WHERE}, event {number}"
        if injected.week > address.week:
            problems.append(
                f"{where}: week: {injected.week} is after the week the address reaches "
                f"({address.week})"
            )
            continue
        week_date = date_of(params.start_date, injected.week)
        try:
            spec = validate_event({"date": week_date, **injected.fields}, where, chosen.cast)
        except ScenarioError as exc:
            problems.append(str(exc))
            continue
        events.append(InjectedEvent(week=injected.week, fields=event_fields(spec, week_date)))
    if problems:
        raise ScenarioError("\n".join(problems))
    typed = {name: getattr(params, name) for name in address.parameters}
    return address.model_copy(update={"parameters": typed, "events": tuple(events)})


def replay(address: RunAddress) -> LibyaModel:
    """The run an address describes: built, then injected and stepped as the page did it.

    At each week up to the address's, the events injected at that week are injected in their
    order, then the model steps (except at the last week, where the run stopped).

    Raises:
        ScenarioError: the model refuses the scenario, a parameter or an event.
    """
    model = LibyaModel(scenario_name=address.scenario, rng=address.seed, **address.parameters)
    for week in range(address.week + 1):
        for number, injected in enumerate(address.events, 1):
            if injected.week == week:
                model.inject_event(dict(injected.fields), where=f"{WHERE}, event {number}")
        if week < address.week:
            model.step()
    return model


@dataclass(frozen=True)
class OpenedRun:
    """The run a page opens from its address, and what was wrong with the address, if any."""

    model: LibyaModel
    address: RunAddress
    problem: str = ""


def open_run(search: str | None) -> OpenedRun:
    """The run of a page's address; the default run, and why, if the address is bad.

    An empty address opens the default run (the default scenario and seed, at its first week).
    """
    try:
        address = parse_query(search or "")
        return OpenedRun(replay(address), address)
    except ScenarioError as exc:
        default = RunAddress()
        problem = (
            f"This address could not be opened, so the page shows the default run "
            f"({default.scenario}, seed {default.seed}):\n{exc}"
        )
        return OpenedRun(replay(default), default, problem)
