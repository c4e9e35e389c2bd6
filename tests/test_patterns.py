"""The brief's patterns 1-8, and the fit to each observation, on an ensemble of 30 seeds.

The pattern checks are `experiments.validation`'s, the same that `libya-abm validate` reports. The
observed figures come from config/data/ (NOC statements, OPEC secondary sources, Reuters),
not from numbers typed into the tests.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from config.datasets import observed_electricity, observed_losses, observed_production
from experiments.validation import DEAL_DATE, PATTERNS, Ensemble

PATTERN_NAMES = [pattern.__doc__.splitlines()[0] for pattern in PATTERNS]


@pytest.fixture(scope="module")
def ensembles(sochi, no_deal, un_brokered, noc_refuses) -> dict[str, Ensemble]:
    return {e.name: e for e in (sochi, no_deal, un_brokered, noc_refuses)}


@pytest.mark.parametrize("pattern", PATTERNS, ids=PATTERN_NAMES)
def test_the_default_scenario_reproduces_the_pattern(pattern, ensembles):
    check = pattern(ensembles)
    assert check.passed, f"pattern {check.number} fails: {check.figures}"


def test_pre_blockade_production_matches_the_reported_level(sochi: Ensemble):
    observed = observed_production()
    reported = observed[observed["date"] == "2020-01-16"]["kbpd"].item()  # NOC: 1,220 kbpd
    modelled = sochi.at("production_kbpd", dt.date(2020, 1, 14)).median()
    assert abs(modelled - reported) / reported < 0.1


def test_median_production_tracks_each_observed_blockade_figure(sochi: Ensemble):
    observed = observed_production()
    during = observed[(observed["date"] >= "2020-02-15") & (observed["date"] <= "2020-09-01")]
    for row in during.itertuples():
        modelled = sochi.at("production_kbpd", row.date.date()).median()
        assert abs(modelled - row.kbpd) <= 40, (row.date.date(), modelled, row.kbpd)


def test_cumulative_loss_follows_nocs_statements_from_march(sochi: Ensemble):
    losses = observed_losses()
    for row in losses[losses["date"] >= "2020-03-01"].itertuples():
        modelled = sochi.at("cumulative_loss_usd_bn", row.date.date()).median()
        assert abs(modelled - row.cumulative_loss_usd_bn) / row.cumulative_loss_usd_bn <= 0.15


def test_model_power_cuts_lie_within_the_reported_range_of_each_month(sochi: Ensemble):
    reports = observed_electricity().dropna(subset=["power_cut_hours_per_day"])
    hours = sochi.series("power_cut_hours_west").median(axis=1)
    for month, reported in reports.groupby(reports["date"].dt.to_period("M")):
        modelled = hours[hours.index.to_period("M") == month].median()
        low, high = reported["power_cut_hours_per_day"].agg(["min", "max"])
        assert low - 2 <= modelled <= high + 2, (str(month), modelled, low, high)


def test_production_recovers_after_the_deal(sochi: Ensemble):
    eight_weeks_on = sochi.at("production_kbpd", DEAL_DATE + dt.timedelta(weeks=8))
    assert (eight_weeks_on > 400).mean() >= 0.9


def test_without_a_deal_production_stays_low_for_weeks_after_september(no_deal: Ensemble):
    four_weeks_on = no_deal.at("production_kbpd", DEAL_DATE + dt.timedelta(weeks=4))
    assert pd.Series(four_weeks_on < 150).mean() >= 0.5
