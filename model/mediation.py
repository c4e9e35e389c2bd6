"""Mediation mechanism: news attention of every actor and the prominence of mediators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from config.timeline import MEDIATORS

if TYPE_CHECKING:
    from model.model import LibyaModel


US_ATTENTION_FLOOR = 0.4  # the US is always watched somewhat
US_ATTENTION_PER_PRESSURE = 0.6  # and more while it presses a faction to reopen


def update_us_attention_base(model: LibyaModel) -> None:
    """The US's base attention grows with its pressure: base = 0.4 + 0.6 * pressure."""
    model.us.attention_base = US_ATTENTION_FLOOR + US_ATTENTION_PER_PRESSURE * model.us.pressure


def fade_attention(model: LibyaModel) -> None:
    """Attention returns toward each actor's base level: a += decay * (base - a)."""
    update_us_attention_base(model)
    decay = model.params.attention_decay_per_week
    for actor in model.political_actors:
        actor.fade_attention(decay)


def update_prominence(model: LibyaModel) -> None:
    """Each mediator's share of the attention paid to mediators (sums to 1).

    prominence_m = attention_m / sum of the mediators' attention, into `model.prominence`,
    which is refilled in place: the DataCollector reads from it.
    """
    attention = {m: model.actor(m).attention for m in MEDIATORS}
    total = sum(attention.values())
    for mediator, value in attention.items():
        model.prominence[mediator] = value / total
