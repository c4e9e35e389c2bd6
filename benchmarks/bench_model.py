"""Time a default run against a bare Mesa model of the same size, in the same process.

The bare model has the same number of agents, steps, model reporters and per-asset reporters,
and does trivial work per agent; the ratio says what the model's mechanisms cost on top of
Mesa's own machinery. Target: at most 2x.

Usage: python benchmarks/bench_model.py [--repeats N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import mesa

from agents.oil_asset import OilAsset
from model import LibyaModel
from model.reporters import ASSET_REPORTERS, column_names


class BareAsset(mesa.Agent):
    """An agent with as many reported attributes as an oil asset and a trivial step."""

    def __init__(self, model: mesa.Model) -> None:
        super().__init__(model)
        for name in ASSET_REPORTERS:
            setattr(self, name, 0.0)

    def step(self) -> None:
        self.production_kbpd += 1.0


class BareActor(mesa.Agent):
    def step(self) -> None:
        self.value = self.random.random()


class BareModel(mesa.Model):
    """Same agents, steps and reporters as LibyaModel; no mechanisms."""

    def __init__(self, assets: int, others: int, reporters: int, rng: int = 0) -> None:
        super().__init__(rng=rng)
        BareAsset.create_agents(self, assets)
        BareActor.create_agents(self, others)
        self.value = 0.0
        self.datacollector = mesa.DataCollector(
            model_reporters={f"r{i}": "value" for i in range(reporters)},
            agenttype_reporters={BareAsset: {name: name for name in ASSET_REPORTERS}},
        )
        self.datacollector.collect(self)

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self.value += 1.0
        self.datacollector.collect(self)


def best_of(repeats: int, make_and_run: Callable[[], None]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        make_and_run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=100)
    args = parser.parse_args()

    probe = LibyaModel(rng=0)
    weeks = probe.params.weeks
    assets = len(probe.agents_by_type[OilAsset])
    others = len(probe.agents) - assets
    reporters = len(column_names(probe))

    def run_libya() -> None:
        LibyaModel(rng=0).run_model()

    def run_bare() -> None:
        BareModel(assets, others, reporters).run_for(weeks)

    run_libya(), run_bare()  # warm up imports and caches
    libya = best_of(args.repeats, run_libya)
    bare = best_of(args.repeats, run_bare)
    print(
        f"agents: {assets} assets + {others} others; steps: {weeks}; model reporters: {reporters}"
    )
    print(f"LibyaModel default run: {libya * 1000:.1f} ms (median of {args.repeats})")
    print(f"bare Mesa model:        {bare * 1000:.1f} ms")
    print(f"ratio: {libya / bare:.2f}x (target: at most 2x)")


if __name__ == "__main__":
    main()
