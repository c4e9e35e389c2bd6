"""The same seed gives identical outputs; different seeds differ where choices are stochastic."""

from __future__ import annotations

import pandas as pd

from config.scenarios import load_scenario
from experiments.runner import replication_seeds, run


def test_the_same_seed_gives_identical_tables():
    scenario = load_scenario("sochi_2020")
    first, second = run(scenario, 7), run(scenario, 7)
    for name in ("model", "assets", "events"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))


def test_different_seeds_draw_different_choices_and_outcomes():
    scenario = load_scenario("sochi_2020")
    first, second = run(scenario, 1), run(scenario, 2)
    decisions = [r.events[r.events["category"] == "decision"] for r in (first, second)]
    assert not decisions[0]["explanation"].equals(decisions[1]["explanation"])
    # the blockade lasts differently long, patrons support in different weeks, and all that
    # follows from them differs too
    for column in ("production_kbpd", "influence_turkey", "influence_lna", "hardship_west"):
        assert not first.model[column].equals(second.model[column]), column


def test_replication_seeds_are_reproducible_and_start_with_the_root_seed():
    seeds = replication_seeds(42, 5)
    assert seeds == replication_seeds(42, 5)
    assert seeds[0] == 42
    assert len(set(seeds)) == 5
