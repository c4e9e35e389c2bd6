"""Every factual claim of the exercises' instructor keys (docs/exercises/keys/), on 30 seeds."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from model import LibyaModel
from model.validation import DEAL_DATE, PRE_DEAL, WEEK, Ensemble, influence_change_after_the_deal
from tests.conftest import _ensemble


@pytest.fixture(scope="module")
def early_deal() -> Ensemble:
    return _ensemble("early_deal")


@pytest.fixture(scope="module")
def march_deal() -> Ensemble:
    return _ensemble("march_deal")


# --- exercise 1: the blockade as leverage -----------------------------------------------------


def test_key_1_both_pay_the_gna_more_its_funds_fall_under_half(sochi):
    gna = sochi.at("gna_cash_usd_m", PRE_DEAL).median() / 15_000
    lna = sochi.at("lna_cash_usd_m", PRE_DEAL).median() / 1_500
    assert gna < 0.5
    assert 0.5 < lna < 0.75
    assert gna < lna


def test_key_1_the_country_loses_about_10_bn_usd_by_mid_september(sochi):
    assert 9.0 <= sochi.at("cumulative_loss_usd_bn", PRE_DEAL).median() <= 11.0


def test_key_1_without_the_deal_the_blockade_is_still_on_in_october_in_most_runs(no_deal):
    assert (no_deal.at("blockaded_assets", dt.date(2020, 10, 15)) > 0).mean() > 0.5


# --- exercise 2: the deal's timing ------------------------------------------------------------


def test_key_2_a_june_deal_saves_more_than_1_bn_usd_by_mid_september(sochi, early_deal):
    june = early_deal.at("cumulative_loss_usd_bn", PRE_DEAL).median()
    september = sochi.at("cumulative_loss_usd_bn", PRE_DEAL).median()
    assert september - june > 1.0
    assert 8.0 <= june <= 9.0  # "about 8.5 bn USD instead of about 10"


def test_key_2_a_march_deal_saves_about_4_bn_usd_by_mid_september(sochi, march_deal):
    loss = march_deal.at("cumulative_loss_usd_bn", PRE_DEAL)
    assert loss.between(4.5, 6.5).all()
    assert 3.5 <= sochi.at("cumulative_loss_usd_bn", PRE_DEAL).median() - loss.median() <= 5.0


def test_key_2_after_a_march_deal_haftar_stands_lower_in_september(sochi, march_deal):
    march = march_deal.at("influence_lna", PRE_DEAL).median()
    assert 0.21 <= march <= 0.25  # "about 0.23"
    assert sochi.at("influence_lna", PRE_DEAL).median() - march > 0.02


def test_key_2_haftar_gains_from_the_september_deal_compared_with_no_deal(sochi, no_deal):
    assert (
        influence_change_after_the_deal(sochi).median()
        > influence_change_after_the_deal(no_deal).median()
    )


# --- exercise 4: mediator competition ---------------------------------------------------------


def test_key_4_russia_brokering_doubles_its_prominence_and_the_un_and_us_fall(sochi):
    week_after = DEAL_DATE + WEEK
    assert (
        sochi.at("prominence_russia", week_after) > 2 * sochi.at("prominence_russia", PRE_DEAL)
    ).all()
    for mediator in ("un", "us"):
        assert (
            sochi.at(f"prominence_{mediator}", week_after)
            < sochi.at(f"prominence_{mediator}", PRE_DEAL)
        ).all()


def test_key_4_the_un_brokering_rises_to_about_0_6_and_russia_falls(un_brokered):
    week_after = DEAL_DATE + WEEK
    assert 0.5 <= un_brokered.at("prominence_un", week_after).median() <= 0.7
    assert (
        un_brokered.at("prominence_russia", week_after)
        < un_brokered.at("prominence_russia", PRE_DEAL)
    ).all()


def test_key_4_the_broker_does_not_change_what_the_lna_gains(sochi, un_brokered):
    by_russia = influence_change_after_the_deal(sochi).median()
    by_un = influence_change_after_the_deal(un_brokered).median()
    assert abs(by_russia - by_un) < 0.01


def test_key_1_the_financial_stress_term_grows_every_week_of_the_blockade():
    model = LibyaModel(rng=2, scenario_name="no_deal")
    model.run_model()
    stress = [d.terms["financial stress"] for d in model.why("lna", "blockade")]
    assert len(stress) > 30
    assert all(later <= earlier for earlier, later in itertools.pairwise(stress))
    assert stress[-1] < stress[0]


# --- exercise 3: the onus ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def noc_refuses_runs() -> Ensemble:
    return _ensemble("noc_refuses")


def test_key_3_blame_moves_from_the_lna_to_the_non_signatories(sochi):
    later = DEAL_DATE + 6 * WEEK
    assert sochi.at("blame_lna", PRE_DEAL).median() > 0.7
    assert (sochi.at("blame_lna", later) < sochi.at("blame_lna", PRE_DEAL) - 0.2).mean() >= 0.9
    onus_before = sochi.at("blame_gna", PRE_DEAL) + sochi.at("blame_noc", PRE_DEAL)
    onus_after = sochi.at("blame_gna", later) + sochi.at("blame_noc", later)
    assert (onus_after > onus_before + 0.2).mean() >= 0.9
    assert onus_after.median() > 0.5


def test_key_3_a_refusing_noc_takes_far_more_blame_and_oil_stays_lower(sochi, noc_refuses_runs):
    later = DEAL_DATE + 4 * WEEK
    assert noc_refuses_runs.at("blame_noc", later).median() > 0.2
    assert sochi.at("blame_noc", later).median() < 0.05
    assert (
        noc_refuses_runs.at("production_kbpd", later).median()
        < sochi.at("production_kbpd", later).median()
    )
