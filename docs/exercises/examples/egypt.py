"""Exercise 8's worked example: Egypt joins the model as a fourth external power.

Egypt backed Haftar's LNA throughout the war. When the LNA lost Greater Tripoli in June 2020,
President Sisi declared the Sirte-Jufra line a red line for Egypt (AP, 20 June 2020; the
timeline in config/data/events_2019_2020.csv) and Egypt's backing hardened. This module adds
Egypt the Mesa way, without touching the core model:

1. `Egypt` subclasses the `ExternalPower` agent and overrides one behaviour, the weekly
   support decision: Egypt first checks its red line, then decides as every patron does.
2. `LibyaModelWithEgypt` subclasses `LibyaModel`, creates Egypt in the model's extension
   point `create_powers()`, and adds Egypt's columns to the DataCollector through
   `extra_reporters`.

The mechanisms need no change: support, revenue and influence take in every external power of
the model. Run this file to compare runs with and without Egypt on the same seeds:

    .venv/bin/python docs/exercises/examples/egypt.py
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from agents import ExternalPower
from config.scenarios import shipped_scenario
from experiments.runner import RunResult, record, run
from model import LibyaModel

if TYPE_CHECKING:
    from collections.abc import Callable

EGYPT_SETUP = {"recognition": 0.3, "attention_base": 0.4}  # a neighbour, less in the news
EGYPT_COMMITMENT = 0.5  # political backing and arms, less than Russia's 1.0
RED_LINE_MILITARY = 0.5  # the LNA's military strength below which Egypt draws its red line
RED_LINE_COMMITMENT = 1.5  # Egypt's commitment once it has drawn the red line
RED_LINE_ATTENTION = 1.0  # news attention the red-line speech brings Egypt


class Egypt(ExternalPower):
    """Egypt: backs the LNA, and backs it harder once the LNA is losing (the red line).

    Attributes:
        red_line_drawn: whether Egypt has declared the Sirte-Jufra line a red line.
    """

    def __init__(self, model: LibyaModel) -> None:
        super().__init__(
            model,
            "egypt",
            "Egypt",
            **EGYPT_SETUP,
            client="lna",
            commitment=EGYPT_COMMITMENT,
            pressure=0.0,
            support_usd_m=model.params.support_usd_m_per_week,
        )
        self.red_line_drawn = False

    def decide_support(self) -> None:
        """Draw the red line if the LNA has become weak, then decide on support as usual."""
        if not self.red_line_drawn and self.model.lna.military < RED_LINE_MILITARY:
            self.draw_red_line()
        super().decide_support()

    def draw_red_line(self) -> None:
        """Raise the commitment to the LNA, gain attention, and say so in the event log."""
        self.red_line_drawn = True
        self.commitment = RED_LINE_COMMITMENT
        self.gain_attention(RED_LINE_ATTENTION)
        self.model.log_event(
            "red_line",
            [self.actor_id, "lna"],
            "Egypt declares the Sirte-Jufra line a red line and backs the LNA harder",
        )


class LibyaModelWithEgypt(LibyaModel):
    """The Libya model with Egypt as a fourth external power, backing the LNA.

    Egypt's columns in model.csv: `egypt_support_usd_m` (money it delivered to the LNA this
    week) and `egypt_commitment`; the core model adds `influence_egypt` and its components, as it
    does for every actor.
    """

    extra_reporters: ClassVar[dict[str, str | Callable[[LibyaModel], float]]] = {
        "egypt_support_usd_m": "egypt_support_usd_m",
        "egypt_commitment": "egypt_commitment",
    }

    def create_powers(self) -> None:
        """Create Russia, Turkey and the US as usual, then Egypt."""
        super().create_powers()
        self.egypt = Egypt(self)

    @property
    def egypt_support_usd_m(self) -> float:
        """Money Egypt delivered to the LNA this week, USD m."""
        return self.egypt.support_delivered

    @property
    def egypt_commitment(self) -> float:
        """How strongly Egypt backs the LNA, 0 to 2."""
        return self.egypt.commitment


def run_with_egypt(scenario_name: str, seed: int) -> RunResult:
    """Run a shipped scenario with Egypt over its whole horizon and record it.

    The same path as `experiments.runner.run`, with the model class swapped.
    """
    model = LibyaModelWithEgypt.from_scenario(shipped_scenario(scenario_name), rng=seed)
    model.run_model()
    return record(model, seed)


def main(seeds: range = range(10)) -> None:
    """Print the LNA's funds and influence with and without Egypt, run by run."""
    scenario = shipped_scenario("sochi_2020")
    print("seed  LNA funds 15 Sep 2020 (USD m)  LNA influence 15 Sep 2020  Egypt's influence")
    print("      without   with Egypt           without   with Egypt")
    for seed in seeds:
        base = run(scenario, seed).model.set_index("date")
        egypt = run_with_egypt("sochi_2020", seed).model.set_index("date")
        week = "2020-09-15"
        print(
            f"{seed:>4}  {base.at[week, 'lna_cash_usd_m']:>7,.0f}   "
            f"{egypt.at[week, 'lna_cash_usd_m']:>10,.0f}           "
            f"{base.at[week, 'influence_lna']:>7.3f}   {egypt.at[week, 'influence_lna']:>10.3f}"
            f"   {egypt.at[week, 'influence_egypt']:>16.3f}"
        )


if __name__ == "__main__":
    main()
