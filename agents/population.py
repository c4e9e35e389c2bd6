"""The population of Libya's three historical regions: hardship, protests and blame."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from model.model import LibyaModel

BLAMED_ACTORS = ("lna", "gna", "noc")


class Population(mesa.Agent):
    """The people of one region.

    Attributes:
        region: 'west' (Tripolitania), 'east' (Cyrenaica) or 'south' (Fezzan).
        population_share: share of Libya's population.
        exposure: relative exposure to national power cuts (1 = national average).
        incumbent: the authority the region holds responsible for services.
        protest_threshold: the hardship at which protest becomes as likely as not (constant).
        hardship: felt hardship, 0 to 1, which follows current conditions with a lag.
        power_cut_hours: this week's daily hours without power.
        protesting: whether the region protests this week.
        blame: share of the region's blame on each of lna, gna and noc (sums to 1).

    """

    def __init__(
        self,
        model: LibyaModel,
        region: str,
        *,
        population_share: float,
        exposure: float,
        incumbent: str,
        protest_threshold: float,
    ) -> None:
        super().__init__(model)
        self.region = region
        self.population_share = population_share
        self.exposure = exposure
        self.incumbent = incumbent
        self.protest_threshold = protest_threshold
        self.hardship = 0.0
        self.power_cut_hours = 0.0
        self.protesting = False
        self.blame = {actor: 1.0 / len(BLAMED_ACTORS) for actor in BLAMED_ACTORS}
