"""The population of a region: hardship, protests and blame."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from agents.decisions import decide
from config.cast import amount

if TYPE_CHECKING:
    from config.cast import RegionSpec
    from model.model import LibyaModel


class Population(mesa.Agent):
    """The people of one region (in 2020: Tripolitania, Cyrenaica and Fezzan).

    Each week it feels the hardship of power cuts, fuel shortages and unpaid salaries
    (`feel_hardship`), may protest (`decide_protest`) and moves its blame toward whoever it
    sees stopping the oil and its own authority (`update_blame`).

    Attributes:
        region: the region's id ('west', 'east', 'south').
        population_share: share of the country's population.
        exposure: relative exposure to national power cuts (1 = national average).
        incumbent: id of the authority the region holds responsible for services.
        protest_threshold: the hardship at which protest becomes as likely as not (constant).
        hardship_term: the name of its hardship in a faction's decision ('eastern hardship').
        hardship: felt hardship, 0 to 1, which follows current conditions with a lag.
        power_cut_hours: this week's daily hours without power.
        protesting: whether the region protests this week.
        blame: share of the region's blame on each blamed actor (sums to 1).

    """

    def __init__(self, model: LibyaModel, spec: RegionSpec, blamed: tuple[str, ...]) -> None:
        super().__init__(model)
        self.region = spec.id
        self.population_share = spec.population_share
        self.exposure = spec.exposure
        self.incumbent = spec.incumbent
        self.protest_threshold = amount(spec.protest_threshold, model.params)
        self.hardship_term = f"{spec.adjective or spec.id} hardship"
        # what its protest decision's 'yes' and 'no' mean, in words (built once: read weekly)
        self.protest_choices = (
            f"Protests in the {self.region} over power cuts and shortages",
            f"No protests in the {self.region}",
        )
        self.hardship = 0.0
        self.power_cut_hours = 0.0
        self.protesting = False
        self.blame = {actor: 1.0 / len(blamed) for actor in blamed}

    def feel_hardship(self, shortfall: float) -> None:
        """Felt hardship moves toward current conditions: power cuts, fuel, unpaid salaries.

        cut hours = min(24, cut_hours_per_shortfall * shortfall * exposure)
        fuel shortage = 1 - oil flow index (min(1, production / normal production))
        target = min(1, w_power * cut hours / 24 + w_fuel * fuel shortage
                        + w_pay * arrears of the region's authority)
        hardship += hardship_adjustment_per_week * (target - hardship)

        Args:
            shortfall: the national electricity shortfall, 1 - generation / demand (0 to 1).
        """
        model = self.model
        p = model.params
        self.power_cut_hours = min(24.0, p.cut_hours_per_shortfall * shortfall * self.exposure)
        fuel_shortage = 1.0 - model.oil_flow
        target = min(
            1.0,
            p.hardship_power_weight * self.power_cut_hours / 24.0
            + p.hardship_fuel_weight * fuel_shortage
            + p.hardship_pay_weight * model.actor(self.incumbent).arrears,
        )
        self.hardship += p.hardship_adjustment_per_week * (target - self.hardship)

    def decide_protest(self) -> None:
        """Protest with probability logistic(steepness * (hardship - threshold)), and log it."""
        model = self.model
        steepness = model.params.protest_steepness
        yes, no = self.protest_choices
        self.protesting = decide(
            model,
            self.region,
            "protest",
            {
                "hardship": steepness * self.hardship,
                "tolerance": -steepness * self.protest_threshold,
            },
            yes=yes,
            no=no,
        )
        if self.protesting:
            model.log.record(
                "protest",
                [self.region],
                f"Protests in the {self.region}: {self.power_cut_hours:.0f} hours a day "
                f"without power, hardship {self.hardship:.2f}",
            )

    def blame_scores(self, blocking: dict[str, float]) -> dict[str, float]:
        """How much the region blames each actor: who blocks oil, plus its own authority.

        The region adds incumbent_blame_weight * hardship to the authority it holds responsible
        for services (in 2020 the GNA in the west and south, the LNA in the east).

        Args:
            blocking: the nationwide scores of who is seen blocking oil this week.
        """
        scores = dict(blocking)
        scores[self.incumbent] += self.model.params.incumbent_blame_weight * self.hardship
        return scores

    def update_blame(self, blocking: dict[str, float]) -> None:
        """Blame shares move toward this week's normalised scores at the blame memory rate."""
        scores = self.blame_scores(blocking)
        total = sum(scores.values())
        rate = self.model.params.blame_memory_per_week
        for actor, score in scores.items():
            self.blame[actor] += rate * (score / total - self.blame[actor])
