"""Controls generated from the model's schemas: parameter sliders and event forms.

Both read `config.parameters.Parameters` and `config.timeline`, so the app offers exactly
the parameters and event types the model accepts, with their units, ranges and help text.
"""

from __future__ import annotations

import math
import typing
from collections.abc import Callable
from functools import partial
from typing import Any

import solara
from pydantic.fields import FieldInfo

from config.actors import ACTOR_LABELS, CONTROLLER_2020
from config.datasets import asset_names
from config.parameters import ParameterInfo, parameter_info
from config.timeline import EventSpec

SLIDER_STEPS = 100  # a slider moves in hundredths of its range
EVENT_FIELDS_NOT_ASKED = {"type", "date", "label"}


def slider_step(info: ParameterInfo) -> float:
    """A round step that divides a parameter's range in about a hundred."""
    step = (float(info.high) - float(info.low)) / SLIDER_STEPS
    unit = 10.0 ** math.floor(math.log10(step))
    return round(step / unit) * unit


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
        with solara.Details(summary=group.capitalize()):
            for info in infos:
                value = values.get(info.name, info.default)
                label = f"{info.name} ({info.unit})"
                if info.type is int:
                    solara.SliderInt(
                        label,
                        value=int(value),
                        min=int(info.low),
                        max=int(info.high),
                        on_value=lambda v, n=info.name: on_change(n, v),
                        thumb_label="always",
                    )
                else:
                    solara.SliderFloat(
                        label,
                        value=float(value),
                        min=float(info.low),
                        max=float(info.high),
                        step=slider_step(info),
                        on_value=lambda v, n=info.name: on_change(n, v),
                        thumb_label="always",
                    )
                solara.Text(info.description, style={"font-size": "0.75em", "color": "#666"})


def _choices(annotation: Any) -> list[str] | None:
    """The allowed values of a Literal annotation, or None."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(a) for a in typing.get_args(annotation)]
    return None


def shown_as(choices: list[str]) -> dict[str, str]:
    """How each allowed value is shown: an actor by its name ("LNA (Haftar)"), others as is."""
    return {choice: ACTOR_LABELS.get(choice, choice) for choice in choices}


def choose_shown(
    set_value: Callable[[Any], None], ids: dict[str, str], shown: str | list[str]
) -> None:
    """Pass on the value (or values) behind what the user picked in a list shown by name."""
    set_value(ids[shown] if isinstance(shown, str) else [ids[text] for text in shown])


def _bounds(field: FieldInfo) -> tuple[float, float]:
    low, high = 0.0, 1.0
    for constraint in field.metadata:
        low = getattr(constraint, "ge", low)
        high = getattr(constraint, "le", high)
    return float(low), float(high)


def event_defaults(spec: type[EventSpec]) -> dict[str, Any]:
    """The form's starting values: each field's default, or the first allowed choice."""
    values: dict[str, Any] = {}
    for name, field in spec.model_fields.items():
        if name in EVENT_FIELDS_NOT_ASKED:
            continue
        if not field.is_required():
            values[name] = field.get_default(call_default_factory=True)
        elif (choices := _choices(field.annotation)) is not None:
            values[name] = choices[0]
        else:
            values[name] = _bounds(field)[0]
    return values


@solara.component
def EventForm(
    spec: type[EventSpec], values: dict[str, Any], on_change: Callable[[str, Any], None]
) -> None:
    """One control per field of an event type: choices, sliders, check boxes, asset lists."""
    for name, field in spec.model_fields.items():
        if name in EVENT_FIELDS_NOT_ASKED:
            continue
        annotation = field.annotation
        value = values.get(name)
        label = name.replace("_", " ")

        def set_value(new: Any, name: str = name) -> None:
            on_change(name, new)

        if name == "assets":
            if value == "all":  # a blockade of every site its actor holds
                actor = values.get("actor", "lna")
                chosen = [a for a, holder in CONTROLLER_2020.items() if holder == actor]
                label = f"assets (all the {actor.upper()} holds)"
            else:
                chosen = list(value or [])
            solara.SelectMultiple(
                label, values=chosen, all_values=list(asset_names()), on_value=set_value
            )
        elif (choices := _choices(annotation)) is not None:
            shown = shown_as(choices)
            ids = {text: choice for choice, text in shown.items()}
            solara.Select(
                label,
                value=shown[str(value)],
                values=list(shown.values()),
                on_value=partial(choose_shown, set_value, ids),
            )
        elif typing.get_origin(annotation) is list:
            (inner,) = typing.get_args(annotation)
            shown = shown_as(_choices(inner) or [])
            ids = {text: choice for choice, text in shown.items()}
            solara.SelectMultiple(
                label,
                values=[shown[v] for v in value or []],
                all_values=list(shown.values()),
                on_value=partial(choose_shown, set_value, ids),
            )
        elif annotation is bool:
            solara.Checkbox(label=label, value=bool(value), on_value=set_value)
        elif annotation is int:
            low, high = _bounds(field)
            solara.SliderInt(
                label,
                value=int(value),
                min=int(low),
                max=int(high),
                on_value=set_value,
                thumb_label="always",
            )
        else:
            low, high = _bounds(field)
            solara.SliderFloat(
                label,
                value=float(value),
                min=low,
                max=high,
                step=(high - low) / 100,
                on_value=set_value,
                thumb_label="always",
            )
        if field.description:
            solara.Text(field.description, style={"font-size": "0.75em", "color": "#666"})
