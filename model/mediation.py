"""Mediation mechanism: news attention of every actor and the prominence of the mediators.

The mediators are the cast's `roles.mediators` (in 2020 the UN, Russia, the US and Turkey).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.model import LibyaModel


PRESSING_ATTENTION_FLOOR = 0.4  # the pressing power (the US) is always watched somewhat
PRESSING_ATTENTION_PER_PRESSURE = 0.6  # and more while it presses a faction to reopen


def update_pressing_attention_base(model: LibyaModel) -> None:
    """The pressing power's base attention grows with its pressure: 0.4 + 0.6 * pressure."""
    power = model.pressing_power
    per_pressure = PRESSING_ATTENTION_PER_PRESSURE * power.pressure
    power.attention_base = PRESSING_ATTENTION_FLOOR + per_pressure


def fade_attention(model: LibyaModel) -> None:
    """Attention returns toward each actor's base level: a += decay * (base - a)."""
    update_pressing_attention_base(model)
    decay = model.params.attention_decay_per_week
    for actor in model.political_actors:
        actor.fade_attention(decay)


def update_prominence(model: LibyaModel) -> None:
    """Each mediator's share of the attention paid to mediators (sums to 1).

    prominence_m = attention_m / sum of the mediators' attention, into `model.prominence`,
    which is refilled in place: the DataCollector reads from it.
    """
    attention = {m: model.actor(m).attention for m in model.mediators}
    total = sum(attention.values())
    for mediator, value in attention.items():
        model.prominence[mediator] = value / total
