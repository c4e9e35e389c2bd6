"""Controls generated from the model's schemas: parameter sliders and event forms.

Both read `config.parameters.Parameters` and `config.timeline`, so the app offers exactly
the parameters and event types the model accepts, with their units, ranges and help text; an
event's actors are offered from the running model's cast, by name.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from functools import partial
from typing import Any

import solara
from pydantic.fields import FieldInfo
from solara.alias import rv

from config.cast import Cast
from config.datasets import asset_names
from config.parameters import ParameterInfo, parameter_info
from config.timeline import EventSpec

SLIDER_STEPS = 100  # a slider moves in hundredths of its range
EVENT_FIELDS_NOT_ASKED = {"type", "date", "label"}
STAND_INS: dict[tuple[str, str], tuple[str, ...]] = {
    ("blockade", "actor"): ("revenue_claimant",),
    ("conference", "convener"): ("un_mission",),
    ("military_retreat", "actor"): ("revenue_claimant",),
    ("military_retreat", "winner"): ("tripoli_government",),
    ("foreign_forces", "power"): ("pressing_power",),
    ("external_commitment", "power"): ("pressing_power",),
    ("external_commitment", "client"): ("tripoli_government",),
    ("ceasefire", "parties"): ("tripoli_government",),
    ("ceasefire", "backers"): ("un_mission", "pressing_power"),
    ("pressure", "power"): ("pressing_power",),
    ("pressure", "target"): ("revenue_claimant",),
    ("deal", "parties"): ("revenue_claimant",),
    ("deal", "broker"): ("un_mission",),
    ("deal", "non_signatories"): ("tripoli_government", "oil_company"),
}
"""(event type, actor field) -> the roles (`config.cast.Roles`) whose actors start the app's
form for that field when the cast lacks the field's default (the 2020 cast's actors)."""


def slider_step(info: ParameterInfo) -> float:
    """A round step that divides a parameter's range in about a hundred."""
    step = (float(info.high) - float(info.low)) / SLIDER_STEPS
    unit = 10.0 ** math.floor(math.log10(step))
    return round(step / unit) * unit


def with_value(label: str, value: float, step: float = 1) -> str:
    """A slider's label with its value, to the slider's step: "weeks: 92", "brent: 1.25".

    The value sits in the label rather than in a bubble over the slider, which would cover
    what is above it (the Play button, a form's help text).
    """
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    text = f"{value:,.{decimals}f}"
    if not math.isclose(float(text.replace(",", "")), value, abs_tol=1e-9):  # off the steps
        text = f"{value:,.6g}"
    return f"{label}: {text}"


def parameter_groups() -> dict[str, list[ParameterInfo]]:
    """Numeric parameters by group, in schema order (dates are not offered as sliders)."""
    groups: dict[str, list[ParameterInfo]] = {}
    for info in parameter_info():
        if info.type in (int, float):
            groups.setdefault(info.group, []).append(info)
    return groups


@solara.component
def ParameterControls(values: dict[str, Any], on_change: Callable[[str, Any], None]) -> None:
    """One slider per parameter, grouped and labelled with its unit, with its meaning below."""
    for group, infos in parameter_groups().items():
        ParameterGroup(group.capitalize(), infos, values, on_change)


@solara.component
def ParameterGroup(
    title: str,
    infos: list[ParameterInfo],
    values: dict[str, Any],
    on_change: Callable[[str, Any], None],
) -> None:
    """A group's sliders in a panel that opens and closes, drawn only while it is open.

    As `solara.Details`, but built of the panel's widgets themselves and empty while closed:
    every week of play the page goes over the elements a component hands to another (the
    children of a `solara.Details`) and over all that is drawn, and the 70 sliders of closed
    groups cost 20 ms a week for nothing.
    """
    expanded, set_expanded = solara.use_state(False)
    with (
        rv.ExpansionPanels(
            v_model=0 if expanded else None, on_v_model=lambda model: set_expanded(model == 0)
        ),
        rv.ExpansionPanel(),
    ):
        rv.ExpansionPanelHeader(children=[title])
        with rv.ExpansionPanelContent():
            if expanded:
                for info in infos:
                    ParameterSlider(info, values.get(info.name, info.default), on_change)


def ParameterSlider(info: ParameterInfo, value: Any, on_change: Callable[[str, Any], None]) -> None:
    """A parameter's slider, its value in its label, and its meaning below it."""
    label = f"{info.name} ({info.unit})"
    if info.type is int:
        solara.SliderInt(
            with_value(label, int(value)),
            value=int(value),
            min=int(info.low),
            max=int(info.high),
            on_value=lambda v: on_change(info.name, v),
        )
    else:
        step = slider_step(info)
        solara.SliderFloat(
            with_value(label, float(value), step),
            value=float(value),
            min=float(info.low),
            max=float(info.high),
            step=step,
            on_value=lambda v: on_change(info.name, v),
        )
    solara.Text(info.description, style={"font-size": "0.75em", "color": "#666"})


def _choices(annotation: Any) -> list[str] | None:
    """The allowed values of a Literal annotation, or None."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return None


def actor_choices(spec: type[EventSpec], name: str, cast: Cast) -> list[str] | None:
    """The cast's actors a field may name (of the kinds it allows); None if it names none."""
    if name not in spec.ACTOR_FIELDS:
        return None
    kinds = spec.ACTOR_FIELDS[name]
    return list(cast.ids_of(*kinds) if kinds else cast.actor_ids)


def shown_as(choices: list[str], labels: dict[str, str]) -> dict[str, str]:
    """How each allowed value is shown: an actor by its name ("LNA (Haftar)"), others as is."""
    return {choice: labels.get(choice, choice) for choice in choices}


def choose_shown(
    set_value: Callable[[Any], None], ids: dict[str, str], shown: str | list[str]
) -> None:
    """Pass on the value (or values) behind what the user picked in a list shown by name."""
    set_value(ids[shown] if isinstance(shown, str) else [ids[text] for text in shown])


def select_shown(
    label: str, value: str, shown: dict[str, str], on_value: Callable[[str], None]
) -> None:
    """A list that shows each value by its text (`shown`: value to text), passing on values."""
    ids = {text: choice for choice, text in shown.items()}
    solara.Select(
        label,
        value=shown[value],
        values=list(shown.values()),
        on_value=partial(choose_shown, on_value, ids),
    )


def _bounds(field: FieldInfo) -> tuple[float, float]:
    low, high = 0.0, 1.0
    for constraint in field.metadata:
        low = getattr(constraint, "ge", low)
        high = getattr(constraint, "le", high)
    return float(low), float(high)


def event_defaults(spec: type[EventSpec], cast: Cast) -> dict[str, Any]:
    """The form's starting values: each field's default, or the first allowed choice.

    An actor field starts at its default where the cast has that actor (for a list, those of
    its actors the cast has); otherwise at the actors who play the roles that stand in for it
    (`STAND_INS`: a blockade's actor is the cast's revenue claimant), or else the first actor it
    allows. An actor named by an earlier field of the event is not named again where another
    will do: a retreat's winner is not its loser, a deal's parties are not its non-signatories.
    """
    values: dict[str, Any] = {}
    named: list[str] = []  # actors named by the fields before
    for name, field in spec.model_fields.items():
        if name in EVENT_FIELDS_NOT_ASKED:
            continue
        actors = actor_choices(spec, name, cast)
        if actors is not None:
            default = (
                field.get_default(call_default_factory=True) if not field.is_required() else None
            )
            values[name] = default_actors(spec, name, default, actors, named, cast)
            chosen = values[name]
            named.extend(chosen if isinstance(chosen, list) else [chosen])
        elif not field.is_required():
            values[name] = field.get_default(call_default_factory=True)
        elif (choices := _choices(field.annotation)) is not None:
            values[name] = choices[0]
        else:
            values[name] = _bounds(field)[0]
    return values


def default_actors(
    spec: type[EventSpec],
    name: str,
    default: str | list[str] | None,
    actors: list[str],
    named: list[str],
    cast: Cast,
) -> str | list[str]:
    """An actor field's starting value in `cast` (see `event_defaults`)."""
    kind = spec.model_fields["type"].default
    roles = [getattr(cast.roles, role) for role in STAND_INS.get((kind, name), ())]
    stand_ins = [actor for actor in roles if actor in actors and actor not in named]
    if isinstance(default, list):
        kept = [actor for actor in default if actor in actors and actor not in named]
        return kept if kept or not default else stand_ins
    if default in actors and default not in named:
        return default
    others = [actor for actor in actors if actor not in named]
    return (stand_ins or others or actors)[0]


@solara.component
def EventForm(
    spec: type[EventSpec],
    values: dict[str, Any],
    cast: Cast,
    on_change: Callable[[str, Any], None],
) -> None:
    """One control per field of an event type: choices, sliders, check boxes, asset lists.

    Actors are offered from `cast`, by name, and the ids behind the names are sent.
    """
    for name, field in spec.model_fields.items():
        if name in EVENT_FIELDS_NOT_ASKED:
            continue
        annotation = field.annotation
        value = values.get(name)
        label = name.replace("_", " ")
        actors = actor_choices(spec, name, cast)

        def set_value(new: Any, name: str = name) -> None:
            on_change(name, new)

        if name == "assets":
            if value == "all":  # a blockade of every site its actor holds
                actor = values.get("actor", "")
                chosen = [site for site, holder in cast.holders.items() if holder == actor]
                label = f"assets (all the {cast.labels.get(actor, actor)} holds)"
            else:
                chosen = list(value or [])
            solara.SelectMultiple(
                label, values=chosen, all_values=list(asset_names()), on_value=set_value
            )
        elif typing.get_origin(annotation) is list:
            (inner,) = typing.get_args(annotation)
            shown = shown_as(actors or _choices(inner) or [], cast.labels)
            ids = {text: choice for choice, text in shown.items()}
            solara.SelectMultiple(
                label,
                values=[shown[v] for v in value or []],
                all_values=list(shown.values()),
                on_value=partial(choose_shown, set_value, ids),
            )
        elif (choices := actors or _choices(annotation)) is not None:
            select_shown(label, str(value), shown_as(choices, cast.labels), set_value)
        elif annotation is bool:
            solara.Checkbox(label=label, value=bool(value), on_value=set_value)
        elif annotation is int:
            low, high = _bounds(field)
            solara.SliderInt(
                with_value(label, int(value)),
                value=int(value),
                min=int(low),
                max=int(high),
                on_value=set_value,
            )
        else:
            low, high = _bounds(field)
            step = (high - low) / 100
            solara.SliderFloat(
                with_value(label, float(value), step),
                value=float(value),
                min=low,
                max=high,
                step=step,
                on_value=set_value,
            )
        if field.description:
            solara.Text(field.description, style={"font-size": "0.75em", "color": "#666"})
