"""External powers' mechanism: each patron decides whether to support its client this week."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.model import LibyaModel


def act(model: LibyaModel) -> None:
    """Every external power decides on support (in a shuffled order); idle pressure relaxes.

    Pressure to reopen relaxes where there is no blockade left to press against.
    """
    for power in model.random.sample(model.powers, len(model.powers)):
        power.decide_support()
    relax_pressure(model)


def relax_pressure(model: LibyaModel) -> None:
    """Pressure on a faction that blockades nothing fades toward the power's base level.

    pressure += pressure_relaxation_per_week * (base - pressure), base = the pressure the
    cast gives the power (`us_pressure_base` for the US in 2020, 0 for the others).
    """
    rate = model.params.pressure_relaxation_per_week
    blockaders = model.blockaders()
    for power in model.powers:
        if power.pressure_target not in blockaders:
            power.pressure += rate * (power.pressure_base - power.pressure)
