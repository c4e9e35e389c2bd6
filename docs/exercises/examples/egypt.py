"""Exercise 8's worked example: Egypt joins the model as a fourth external power.

Egypt backed Haftar's LNA throughout the war. When the LNA lost Greater Tripoli in June 2020,
President Sisi declared the Sirte-Jufra line a red line for Egypt (AP, 20 June 2020; the
timeline in config/data/events_2019_2020.csv) and Egypt's backing hardened. This example adds
Egypt without touching the core model:

1. `egypt_cast.toml` adds Egypt to the 2020 cast as an external power backing the LNA: the
   mechanisms (support, revenue, influence) take in every power of the cast.
2. `Egypt` subclasses the `ExternalPower` agent and overrides one behaviour, the weekly
   support decision: Egypt first checks its red line, then decides as every patron does.
3. `LibyaModelWithEgypt` subclasses `LibyaModel`: Egypt's agent is an `Egypt`
   (`agent_class`), and its own columns join the DataCollector (`extra_reporters`).

Run this file to compare runs with and without Egypt on the same seeds:

    .venv/bin/python docs/exercises/examples/egypt.py
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from agents import Actor, ExternalPower
from config.cast import ActorSpec, Cast, load_cast
from config.scenarios import Scenario, shipped_scenario
from experiments.runner import RunResult, record, run
from model import LibyaModel

if TYPE_CHECKING:
    from collections.abc import Callable

EGYPT_CAST = load_cast("egypt_cast.toml", "exercise 8", beside=Path(__file__).parent)
RED_LINE_MILITARY = 0.5  # the client's military strength below which Egypt draws its red line
RED_LINE_COMMITMENT = 1.5  # Egypt's commitment once it has drawn the red line
RED_LINE_ATTENTION = 1.0  # news attention the red-line speech brings Egypt


class Egypt(ExternalPower):
    """Egypt: backs the LNA, and backs it harder once the LNA is losing (the red line).

    Attributes:
        red_line_drawn: whether Egypt has declared the Sirte-Jufra line a red line.
    """

    def __init__(self, model: LibyaModel, spec: ActorSpec) -> None:
        super().__init__(model, spec)
        self.red_line_drawn = False

    def decide_support(self) -> None:
        """Draw the red line if its client has become weak, then decide on support as usual."""
        client = self.model.actor(self.client)
        if not self.red_line_drawn and client.military < RED_LINE_MILITARY:
            self.draw_red_line()
        super().decide_support()

    def draw_red_line(self) -> None:
        """Raise the commitment to the client, gain attention, and say so in the event log."""
        self.red_line_drawn = True
        self.commitment = RED_LINE_COMMITMENT
        self.gain_attention(RED_LINE_ATTENTION)
        self.model.log.record(
            "red_line",
            [self.actor_id, self.client],
            "Egypt declares the Sirte-Jufra line a red line and backs the LNA harder",
        )


class LibyaModelWithEgypt(LibyaModel):
    """The Libya model in which the cast's Egypt is an `Egypt` agent, with its own columns.

    Egypt's columns in model.csv: `egypt_support_usd_m` (money it delivered to the LNA this
    week) and `egypt_commitment`; the core model adds `influence_egypt` and its components, as it
    does for every actor of the cast.
    """

    extra_reporters: ClassVar[dict[str, str | Callable[[LibyaModel], float]]] = {
        "egypt_support_usd_m": "egypt_support_usd_m",
        "egypt_commitment": "egypt_commitment",
    }

    def __init__(self, *, cast: Cast | None = None, **arguments: Any) -> None:
        """The model with the cast with Egypt, unless another cast is given."""
        super().__init__(cast=cast or EGYPT_CAST, **arguments)

    def agent_class(self, spec: ActorSpec) -> type[Actor]:
        """Egypt's agent is an `Egypt`; every other actor's as usual."""
        return Egypt if spec.id == "egypt" else super().agent_class(spec)

    @property
    def egypt_support_usd_m(self) -> float:
        """Money Egypt delivered to the LNA this week, USD m."""
        return self.actor("egypt").support_delivered

    @property
    def egypt_commitment(self) -> float:
        """How strongly Egypt backs the LNA, 0 to 2."""
        return self.actor("egypt").commitment


def with_egypt(scenario: Scenario) -> Scenario:
    """The same scenario, played by the cast with Egypt."""
    return dataclasses.replace(scenario, cast=EGYPT_CAST)


def run_with_egypt(scenario_name: str, seed: int) -> RunResult:
    """Run a shipped scenario with Egypt over its whole horizon and record it.

    The same path as `experiments.runner.run`, with the cast and the model class swapped.
    """
    scenario = with_egypt(shipped_scenario(scenario_name))
    model = LibyaModelWithEgypt.from_scenario(scenario, rng=seed)
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
