"""External powers' mechanism: each patron decides whether to support its client this week."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.model import LibyaModel


def act(model: LibyaModel) -> None:
    """Every external power takes its weekly support decision (in a shuffled order)."""
    model.powers.shuffle_do("decide_support")
