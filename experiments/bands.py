"""Bands over seeds: a scenario's weekly series as a median and a central interval.

One run is one draw of the model's chance decisions; comparing two scenarios run by run says
as much about the seed as about the scenario. Here each scenario runs over the same seeds
(`replication_seeds`, so replication 0 is the run the page shows), and the comparison is
read three ways: each scenario's band, and the band of the paired differences (this
scenario's run minus the counterfactual's run with the same seed), which removes the part of
the noise the two runs share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from config.scenarios import Scenario
from experiments.runner import replication_seeds
from model.model import LibyaModel

BAND_SEEDS = 20
"""Seeds per band by default: enough for a stable median; the 40 runs of a comparison take
about 3 s on a 2-core machine."""
BAND_LEVEL = 0.9
"""The share of runs inside a band: from the 5th to the 95th percentile by default."""


@dataclass(frozen=True)
class Band:
    """Weekly series over seeds: the median and the central interval, one column each."""

    label: str
    median: pd.DataFrame
    low: pd.DataFrame
    high: pd.DataFrame
    seeds: tuple[int, ...]
    level: float

    @property
    def dates(self) -> list[str]:
        """The weeks' dates, as ISO text (the weekly table's `date` column)."""
        return list(self.median.index)


def weekly_runs(
    scenario: Scenario,
    seeds: Sequence[int],
    columns: Sequence[str],
    on_run: Callable[[], None] | None = None,
) -> list[pd.DataFrame]:
    """Run a scenario once per seed; each run's chosen weekly columns, indexed by date."""
    tables = []
    for seed in seeds:
        model = LibyaModel.from_scenario(scenario, rng=seed)
        model.run_model()
        weekly = model.datacollector.get_model_vars_dataframe()
        tables.append(weekly.set_index("date")[list(columns)].astype(float))
        if on_run is not None:
            on_run()
    return tables


def band(label: str, runs: Sequence[pd.DataFrame], seeds: Sequence[int], level: float) -> Band:
    """The median and the central `level` interval of runs, week by week."""
    stacked = pd.concat(runs, keys=range(len(runs)))
    by_week = stacked.groupby(level=1, sort=False)
    tail = (1 - level) / 2
    return Band(
        label=label,
        median=by_week.median(),
        low=by_week.quantile(tail),
        high=by_week.quantile(1 - tail),
        seeds=tuple(seeds),
        level=level,
    )


@dataclass(frozen=True)
class Comparison:
    """A scenario against a counterfactual over the same seeds."""

    current: Band
    counterfactual: Band
    difference: Band
    """This scenario's run minus the counterfactual's run of the same seed."""


def comparable(current: Scenario, other: Scenario) -> bool:
    """Whether two scenarios can be compared week by week: same weeks, same actors."""
    return (
        current.parameters.start_date == other.parameters.start_date
        and current.parameters.weeks == other.parameters.weeks
        and current.cast.actor_ids == other.cast.actor_ids
    )


def compare(
    current: Scenario,
    counterfactual: Scenario,
    columns: Sequence[str],
    root_seed: int,
    seeds: int = BAND_SEEDS,
    level: float = BAND_LEVEL,
    on_run: Callable[[], None] | None = None,
) -> Comparison:
    """Bands of both scenarios and of their paired differences, over the same seeds.

    Raises:
        ValueError: the scenarios do not span the same weeks or do not have the same actors.

    """
    if not comparable(current, counterfactual):
        raise ValueError(
            f"{counterfactual.name} cannot be compared with {current.name} week by week: "
            "it does not span the same weeks with the same actors"
        )
    chosen = replication_seeds(root_seed, seeds)
    ours = weekly_runs(current, chosen, columns, on_run)
    theirs = weekly_runs(counterfactual, chosen, columns, on_run)
    differences = [a - b for a, b in zip(ours, theirs, strict=True)]
    name = f"{current.name} minus {counterfactual.name}"
    return Comparison(
        current=band(current.name, ours, chosen, level),
        counterfactual=band(counterfactual.name, theirs, chosen, level),
        difference=band(name, differences, chosen, level),
    )
