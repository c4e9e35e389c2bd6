"""Bands over seeds (experiments.bands): what the app's Compare tab shows analysts."""

from __future__ import annotations

import pandas as pd
import pytest

from config.scenarios import shipped_scenario
from experiments.bands import band, comparable, compare, weekly_runs
from experiments.runner import replication_seeds
from model import LibyaModel

COLUMNS = ["production_kbpd", "cumulative_loss_usd_bn", "influence_lna"]


@pytest.fixture(scope="module")
def deal_against_no_deal():
    return compare(shipped_scenario("sochi_2020"), shipped_scenario("no_deal"), COLUMNS, 78, 12)


def test_a_band_holds_its_median_between_its_bounds_every_week(deal_against_no_deal):
    for result in (deal_against_no_deal.current, deal_against_no_deal.counterfactual):
        assert (result.low <= result.median).all().all()
        assert (result.median <= result.high).all().all()
        assert len(result.dates) == 93  # the first week and 92 steps


def test_the_seeds_start_with_the_runs_own_so_the_page_shows_one_of_the_bands_runs(
    deal_against_no_deal,
):
    assert deal_against_no_deal.current.seeds == tuple(replication_seeds(78, 12))
    assert deal_against_no_deal.current.seeds[0] == 78
    (first,) = weekly_runs(shipped_scenario("sochi_2020"), [78], COLUMNS)
    page = LibyaModel(rng=78)
    page.run_model()
    shown = page.datacollector.get_model_vars_dataframe().set_index("date")[COLUMNS]
    pd.testing.assert_frame_equal(first, shown.astype(float))


def test_a_scenario_compared_with_itself_differs_by_nothing_in_any_run():
    sochi = shipped_scenario("sochi_2020")
    result = compare(sochi, sochi, COLUMNS, 5, 3)
    for table in (result.difference.low, result.difference.median, result.difference.high):
        assert (table == 0).all().all()


def test_the_deal_raises_production_and_cuts_the_loss_in_the_weeks_after_it(deal_against_no_deal):
    after = deal_against_no_deal.difference.median.loc["2020-11-03":"2020-12-31"]
    assert (after["production_kbpd"] > 300).all()  # kbpd more than without the deal
    final = deal_against_no_deal.difference.median.iloc[-1]
    assert final["cumulative_loss_usd_bn"] < -5  # bn USD less lost by July 2021


def test_the_paired_difference_is_the_band_of_run_by_run_differences_not_of_the_medians():
    sochi, no_deal = shipped_scenario("sochi_2020"), shipped_scenario("no_deal")
    seeds = replication_seeds(3, 4)
    ours = weekly_runs(sochi, seeds, COLUMNS)
    theirs = weekly_runs(no_deal, seeds, COLUMNS)
    expected = pd.concat([a - b for a, b in zip(ours, theirs, strict=True)], keys=range(4))
    median = expected.groupby(level=1, sort=False).median()
    result = compare(sochi, no_deal, COLUMNS, 3, 4)
    pd.testing.assert_frame_equal(result.difference.median, median)


def test_a_band_of_identical_runs_is_a_line():
    run = pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=["2020-01-07", "2020-01-14", "2020-01-21"])
    result = band("same", [run, run, run], (1, 2, 3), 0.9)
    assert result.low.equals(result.median) and result.high.equals(result.median)


def test_scenarios_of_other_years_or_actors_are_refused_with_the_reason():
    sochi, episode = shipped_scenario("sochi_2020"), shipped_scenario("jadhran_2014")
    assert comparable(sochi, shipped_scenario("no_deal"))
    assert not comparable(sochi, episode)
    with pytest.raises(ValueError, match="does not span the same weeks with the same actors"):
        compare(sochi, episode, COLUMNS, 1, 2)
