"""Every factual claim of the exercises' instructor keys (docs/exercises/keys/), on 30 seeds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re

import numpy as np
import pandas as pd
import pytest

from config.scenarios import Scenario, shipped_scenario
from experiments.runner import DEFAULT_SEED, RunResult, run_ensemble
from experiments.validation import (
    BLOCKADE_DATE,
    DEAL_DATE,
    PRE_DEAL,
    WEEK,
    Ensemble,
    influence_change_after_the_deal,
)
from model import LibyaModel
from tests.conftest import ENSEMBLE_SEEDS, _ensemble
from tests.key_figures import app_seed, assert_about, assert_spans, only


@pytest.fixture(scope="module")
def early_deal() -> Ensemble:
    return _ensemble("early_deal")


@pytest.fixture(scope="module")
def march_deal() -> Ensemble:
    return _ensemble("march_deal")


# --- exercise 1: the blockade as leverage -----------------------------------------------------

MID_JULY = dt.date(2020, 7, 15)
SEEDS_TO_TRY = (1, 2, 3)  # the seeds sheet 1 asks students to try


def _blockade_ends(ensemble: Ensemble) -> pd.Series:
    """Per seed: the first week without any blockaded asset after the blockade began (NaT if
    the blockade is still on when the run ends)."""
    table = ensemble.series("blockaded_assets")
    table = table[table.index > pd.Timestamp(BLOCKADE_DATE)]
    return (table == 0).idxmax().where((table == 0).any())


def _blockade_terms(run: RunResult, date: dt.date) -> dict[str, float]:
    """The terms of the LNA's blockade decision in the week ending on or after `date`, as the
    decision log's **why?** prints them (two decimals); empty if it no longer blockades."""
    log = run.events
    decisions = log[(log["category"] == "decision") & (log["kind"] == "blockade")]
    decisions = decisions[pd.to_datetime(decisions["date"]) >= pd.Timestamp(date)]
    if decisions.empty:
        return {}
    explanation = decisions["explanation"].iloc[0].split("):", 1)[1]
    return {name.strip(): float(value) for name, value in TERM.findall(explanation)}


TERM = re.compile(r"([a-z][a-z ]*?) ([+-]\d+\.\d+)(?=,| =)")


@pytest.fixture(scope="module")
def oil_weighted() -> tuple[Ensemble, Ensemble]:
    """`sochi_2020` with `weight_oil` doubled (0.25 to 0.5): over 30 seeds and the app's seed."""
    scenario = shipped_scenario("sochi_2020").with_overrides({"weight_oil": 0.5})
    return tuple(
        Ensemble("oil_weighted", list(run_ensemble(scenario, seeds)))
        for seeds in (ENSEMBLE_SEEDS, [DEFAULT_SEED])
    )


def test_key_1_both_pay_the_gna_more_its_funds_fall_under_half(sochi):
    gna = sochi.at("gna_cash_usd_m", PRE_DEAL) / 15_000
    lna = sochi.at("lna_cash_usd_m", PRE_DEAL) / 1_500
    assert gna.median() < 0.5 and 0.5 < lna.median() < 0.75
    assert_about(gna.median(), 0.28, 0.01)
    assert_about(lna.median(), 0.62, 0.01)  # "about 0.93 bn"
    assert gna.median() < lna.median()
    assert_spans(gna, 0.27, 0.59, 0.01)
    assert_spans(lna, 0.57, 0.65, 0.01)
    app = app_seed("sochi_2020")
    assert_about(only(app.at("gna_cash_usd_m", PRE_DEAL)) / 1000, 4.14, 0.005)
    assert_about(only(app.at("lna_cash_usd_m", PRE_DEAL)) / 1000, 0.92, 0.005)


def test_key_1_the_model_loses_about_10_bn_usd_by_mid_september(sochi):
    loss = sochi.at("cumulative_loss_usd_bn", PRE_DEAL)
    assert 9.0 <= loss.median() <= 11.0
    assert_spans(loss, 4.4, 10.0, 0.05)
    assert (loss < 9.9).sum() == 3  # "all but the three runs in which the LNA lifted it"
    lifted_early = _blockade_ends(sochi).dropna()
    assert sorted(d.month for d in lifted_early if d < pd.Timestamp(PRE_DEAL)) == [3, 6, 8]
    assert_about(only(app_seed("sochi_2020").at("cumulative_loss_usd_bn", PRE_DEAL)), 10.0, 0.05)


def test_key_1_without_the_deal_the_blockade_lasts_into_2021_in_most_runs(no_deal):
    ends = _blockade_ends(no_deal)
    assert (no_deal.at("blockaded_assets", dt.date(2020, 10, 15)) > 0).sum() == 23  # "23 of 30"
    assert ends.isna().sum() == 6  # "still on when the run ends in 6 runs"
    assert ends.min() == pd.Timestamp(2020, 3, 17)
    assert (ends.isna() | (ends > pd.Timestamp(2021, 2, 28))).sum() >= 15  # "half after Feb"
    assert _blockade_ends(app_seed("no_deal")).item() == pd.Timestamp(2021, 6, 15)
    tried = [ends[seed] for seed in SEEDS_TO_TRY]
    assert tried == [pd.Timestamp(d) for d in ("2021-02-16", "2021-01-26", "2021-06-08")]


def test_key_1_in_mid_july_the_bias_is_the_largest_term_and_only_financial_stress_varies(
    no_deal,
):
    (run,) = app_seed("no_deal").runs
    terms = _blockade_terms(run, MID_JULY)
    stated = {
        "bias": 6.30,
        "unmet revenue demand": 3.00,
        "military weakness": 0.82,
        "financial stress": -1.33,
        "external pressure": -0.40,
        "eastern hardship": -1.24,
    }
    assert terms.keys() == stated.keys()
    for name, value in stated.items():
        assert_about(terms[name], value, 0.006)
    assert_about(sum(terms.values()), 7.15, 0.01)
    assert max(terms, key=lambda name: abs(terms[name])) == "bias"
    every_run = pd.DataFrame([t for t in (_blockade_terms(r, MID_JULY) for r in no_deal.runs) if t])
    assert len(every_run) >= 28
    assert_spans(every_run["financial stress"], -1.36, -1.17, 0.006)
    assert (every_run.drop(columns="financial stress").nunique() == 1).all()


def test_key_1_the_financial_stress_term_grows_every_week_of_the_blockade():
    model = LibyaModel(rng=2, scenario_name="no_deal")
    model.run_model()
    stress = [d.terms["financial stress"] for d in model.why("lna", "blockade")]
    assert len(stress) > 30
    assert all(later <= earlier for earlier, later in itertools.pairwise(stress))
    assert stress[-1] < stress[0]


def test_key_1_doubling_the_oil_weight_raises_the_oil_holders_and_lowers_everyone_else(
    sochi, oil_weighted
):
    weighted, weighted_app = oil_weighted
    stated = {  # actor: (default weight, weight_oil doubled), the app's seed
        "lna": (0.263, 0.342),
        "noc": (0.135, 0.169),
        "gna": (0.290, 0.243),
        "un": (0.067, 0.053),
        "russia": (0.077, 0.061),
        "us": (0.059, 0.047),
        "turkey": (0.085, 0.067),
        "maiteeq": (0.023, 0.019),
    }
    for actor, (default, doubled) in stated.items():
        column = f"influence_{actor}"
        assert_about(only(app_seed("sochi_2020").at(column, PRE_DEAL)), default, 0.0015)
        assert_about(only(weighted_app.at(column, PRE_DEAL)), doubled, 0.0015)
        change = weighted.at(column, PRE_DEAL) - sochi.at(column, PRE_DEAL)
        assert ((change > 0) == (actor in ("lna", "noc"))).all(), actor  # same way in every run
        if actor in ("un", "russia", "us", "turkey", "maiteeq"):  # "by 21% in every run"
            assert (change / sochi.at(column, PRE_DEAL)).between(-0.215, -0.205).all(), actor
    lna_gain = weighted.at("influence_lna", PRE_DEAL) - sochi.at("influence_lna", PRE_DEAL)
    gna_loss = sochi.at("influence_gna", PRE_DEAL) - weighted.at("influence_gna", PRE_DEAL)
    assert lna_gain.between(0.05, 0.08).all() and gna_loss.between(0.04, 0.05).all()


# --- exercise 2: the deal's timing ------------------------------------------------------------

DEALS = {  # scenario: the date of its deal
    "march_deal": dt.date(2020, 3, 18),
    "early_deal": dt.date(2020, 6, 18),
    "sochi_2020": DEAL_DATE,
}


def _lna_rise_after(ensemble: Ensemble, deal: dt.date) -> pd.Series:
    """Per seed: the LNA's mean influence over weeks 1-5 after `deal` minus three days before
    it (`influence_change_after_the_deal` for any date)."""
    before = ensemble.at("influence_lna", deal - dt.timedelta(days=3))
    return ensemble.mean_between("influence_lna", deal + WEEK, deal + 5 * WEEK) - before


def _days_to_lift(ensemble: Ensemble, deal: dt.date) -> pd.Series:
    """Per seed: days from `deal` to the end of the first week without a blockaded asset."""
    table = ensemble.series("blockaded_assets")
    table = table[table.index >= pd.Timestamp(deal)]
    return ((table == 0).idxmax() - pd.Timestamp(deal)).dt.days


@pytest.fixture(scope="module")
def timings(sochi, early_deal, march_deal) -> dict[str, Ensemble]:
    return {e.name: e for e in (march_deal, early_deal, sochi)}


def test_key_2_a_june_deal_saves_about_1_6_bn_usd_by_mid_september(sochi, early_deal):
    june = early_deal.at("cumulative_loss_usd_bn", PRE_DEAL)
    september = sochi.at("cumulative_loss_usd_bn", PRE_DEAL).median()
    assert_about(september - june.median(), 1.6, 0.1)
    assert_about(june.median(), 8.3, 0.1)
    assert_spans(june, 4.9, 8.7, 0.05)
    assert_about(only(app_seed("early_deal").at("cumulative_loss_usd_bn", PRE_DEAL)), 8.35, 0.005)


def test_key_2_a_march_deal_saves_about_4_6_bn_usd_by_mid_september(sochi, march_deal):
    loss = march_deal.at("cumulative_loss_usd_bn", PRE_DEAL)
    assert loss.between(4.0, 6.0).all()  # "between 4 and 6 bn in every run"
    assert_about(loss.median(), 5.4, 0.05)
    assert_spans(loss, 4.6, 6.0, 0.05)
    saving = sochi.at("cumulative_loss_usd_bn", PRE_DEAL).median() - loss.median()
    assert_about(saving, 4.6, 0.05)
    assert_about(only(app_seed("march_deal").at("cumulative_loss_usd_bn", PRE_DEAL)), 5.36, 0.005)


def test_key_2_the_lna_rises_after_every_deal_most_after_septembers(timings, no_deal):
    stated = {  # scenario: (median, low, high, app's seed)
        "sochi_2020": (0.028, 0.021, 0.051, 0.028),
        "march_deal": (0.013, 0.002, 0.044, 0.005),
        "early_deal": (0.011, -0.001, 0.040, 0.004),
    }
    for name, (median, low, high, app) in stated.items():
        rise = _lna_rise_after(timings[name], DEALS[name])
        assert_about(rise.median(), median, 0.0015)
        assert_spans(rise, low, high, 0.0015)
        assert_about(only(_lna_rise_after(app_seed(name), DEALS[name])), app, 0.0015)
    assert (influence_change_after_the_deal(timings["sochi_2020"]) > 0).all()
    without = influence_change_after_the_deal(no_deal)
    assert_about(without.median(), 0.001, 0.0015)
    assert_spans(without, -0.027, 0.002, 0.0015)


def test_key_2_after_a_march_deal_the_lna_stands_lower_in_september(timings):
    stated = {  # scenario: (median, low, high, app's seed) of the LNA's share on 15 Sep 2020
        "march_deal": (0.225, 0.218, 0.233, 0.224),
        "early_deal": (0.267, 0.256, 0.276, 0.274),
        "sochi_2020": (0.264, 0.223, 0.267, 0.263),
    }
    for name, (median, low, high, app) in stated.items():
        share = timings[name].at("influence_lna", PRE_DEAL)
        assert_about(share.median(), median, 0.0015)
        assert_spans(share, low, high, 0.0015)
        assert_about(only(app_seed(name).at("influence_lna", PRE_DEAL)), app, 0.0015)
    march, september = (
        timings[n].at("influence_lna", PRE_DEAL) for n in ("march_deal", "sochi_2020")
    )
    assert september.median() - march.median() > 0.02


def test_key_2_the_lna_lifts_its_blockade_within_days_of_any_deal(timings):
    stated = {  # scenario: (runs lifted in the first week, latest, app's seed), days
        "march_deal": (15, 41, 6),
        "early_deal": (17, 26, 5),
        "sochi_2020": (27, 18, 4),
    }
    for name, (first_week, latest, app) in stated.items():
        days = _days_to_lift(timings[name], DEALS[name])
        assert (days <= 7).sum() == first_week and days.max() == latest
        assert days.max() <= 42  # "within six weeks of the deal in every run"
        assert only(_days_to_lift(app_seed(name), DEALS[name])) == app


def test_key_2_varying_the_seed_moves_the_loss_a_little_and_keeps_the_order(timings):
    loss = {n: e.at("cumulative_loss_usd_bn", PRE_DEAL) for n, e in timings.items()}
    share = timings["early_deal"].at("influence_lna", PRE_DEAL)
    stated = {1: (7.64, 0.263), 2: (8.35, 0.273), 3: (8.54, 0.276)}  # seed: loss, share
    for seed, (stated_loss, stated_share) in stated.items():
        assert_about(loss["early_deal"][seed], stated_loss, 0.005)
        assert_about(share[seed], stated_share, 0.0015)
    in_order = (loss["march_deal"] < loss["early_deal"]) & (loss["early_deal"] < loss["sochi_2020"])
    assert in_order.sum() == len(ENSEMBLE_SEEDS) - 1  # "in every run but one"


# --- exercise 4: mediator competition ---------------------------------------------------------

WEEK_AFTER = DEAL_DATE + WEEK
WEEKS_1_TO_5 = (DEAL_DATE + WEEK, DEAL_DATE + 5 * WEEK)


def _broker_swapped(name: str, broker: str) -> Scenario:
    """A shipped scenario with its deal's broker replaced, everything else kept."""
    scenario = shipped_scenario(name)
    events = tuple(
        event.model_copy(update={"broker": broker}) if event.type == "deal" else event
        for event in scenario.events
    )
    return dataclasses.replace(scenario, name=f"{name}_by_{broker}", events=events)


@pytest.fixture(scope="module")
def russia_at_the_uns_table() -> Ensemble:
    """`un_brokered`'s deal (the LNA, the GNA and the NOC sign) with Russia as its broker."""
    scenario = _broker_swapped("un_brokered", "russia")
    return Ensemble(scenario.name, list(run_ensemble(scenario, ENSEMBLE_SEEDS)))


@pytest.fixture(scope="module")
def broader_un() -> tuple[Ensemble, Ensemble]:
    """`sochi_2020` with `un_breadth` 1.5 instead of 0.5: over 30 seeds and the app's seed."""
    scenario = shipped_scenario("sochi_2020").with_overrides({"un_breadth": 1.5})
    return tuple(
        Ensemble("broader_un", list(run_ensemble(scenario, seeds)))
        for seeds in (ENSEMBLE_SEEDS, [DEFAULT_SEED])
    )


def _vary_only_where_lifted_before_the_deal(ensemble: Ensemble, shares: pd.Series) -> bool:
    """True if the per-seed `shares` differ from their median (by over 0.001) only in runs in
    which the LNA had lifted its blockade by itself before the deal."""
    differs = (shares - shares.median()).abs() > 1e-3
    lifted_before = ensemble.at("blockaded_assets", PRE_DEAL) == 0
    return bool((differs <= lifted_before).all())


def _assert_prominence(ensemble: Ensemble, stated: dict[str, tuple[float, float]]) -> None:
    """Every run within 0.01, and the app's run within 0.0015, of the stated shares before and
    after the deal; runs differ only where the LNA lifted its blockade before the deal."""
    app = app_seed(ensemble.name)
    for mediator, (before, after) in stated.items():
        for date, value in ((PRE_DEAL, before), (WEEK_AFTER, after)):
            column = f"prominence_{mediator}"
            shares = ensemble.at(column, date)
            assert (shares - value).abs().max() <= 0.01, (column, date)
            assert _vary_only_where_lifted_before_the_deal(ensemble, shares)
            assert_about(only(app.at(column, date)), value, 0.0015)


def test_key_4_russia_brokering_nearly_triples_its_prominence_and_the_others_fall(sochi):
    jump = sochi.at("prominence_russia", WEEK_AFTER) / sochi.at("prominence_russia", PRE_DEAL)
    assert jump.between(2.75, 2.85).all()  # "nearly triples (2.8 times)", in every run
    for mediator in ("un", "us", "turkey"):
        column = f"prominence_{mediator}"
        assert (sochi.at(column, WEEK_AFTER) < sochi.at(column, PRE_DEAL)).all()
    _assert_prominence(
        sochi,
        {
            "russia": (0.197, 0.552),
            "un": (0.396, 0.203),
            "us": (0.209, 0.130),
            "turkey": (0.197, 0.114),
        },
    )


def test_key_4_the_un_brokering_rises_to_about_0_64_and_russia_falls(un_brokered):
    assert (
        un_brokered.at("prominence_russia", WEEK_AFTER)
        < un_brokered.at("prominence_russia", PRE_DEAL)
    ).all()
    _assert_prominence(
        un_brokered,
        {
            "un": (0.396, 0.642),
            "russia": (0.197, 0.114),
            "us": (0.209, 0.130),
            "turkey": (0.197, 0.114),
        },
    )


def test_key_4_the_broker_alone_changes_nothing_the_lna_gains_the_table_does(
    sochi, un_brokered, russia_at_the_uns_table
):
    by_russia, by_un, same_table = (
        influence_change_after_the_deal(e) for e in (sochi, un_brokered, russia_at_the_uns_table)
    )
    assert ((same_table - by_un).abs() < 1e-9).all()  # by construction: "to the last digit"
    assert (by_un < by_russia).all()
    assert_about(by_russia.median(), 0.028, 0.0015)
    assert_about(by_un.median(), 0.008, 0.0015)
    assert_spans(by_russia, 0.021, 0.051, 0.0015)
    assert_spans(by_un, 0.002, 0.032, 0.0015)
    assert_about(only(influence_change_after_the_deal(app_seed("sochi_2020"))), 0.028, 0.0015)
    assert_about(only(influence_change_after_the_deal(app_seed("un_brokered"))), 0.008, 0.0015)
    stated = {  # actor: (Russia's table, the UN's table), medians; then the app's seed
        "gna": ((0.267, 0.316), (0.265, 0.317)),
        "noc": ((0.072, 0.113), (0.072, 0.113)),
        "maiteeq": ((0.082, 0.022), (0.083, 0.022)),
    }
    for actor, (medians, app) in stated.items():
        column = f"influence_{actor}"
        for ensemble, median, app_value in zip((sochi, un_brokered), medians, app, strict=True):
            assert_about(ensemble.mean_between(column, *WEEKS_1_TO_5).median(), median, 0.0015)
            assert_about(
                only(app_seed(ensemble.name).mean_between(column, *WEEKS_1_TO_5)), app_value, 0.0015
            )


def test_key_4_a_broader_un_is_outpaced_less(broader_un):
    ensemble, app = broader_un
    stated = {  # column, date: the stated value
        ("prominence_un", PRE_DEAL): 0.466,
        ("prominence_un", WEEK_AFTER): 0.259,
        ("prominence_russia", WEEK_AFTER): 0.514,
    }
    for (column, date), value in stated.items():
        assert (ensemble.at(column, date) - value).abs().max() <= 0.01, column
        assert_about(only(app.at(column, date)), value, 0.0015)


def test_key_4_prominence_does_not_vary_with_the_seed_the_lnas_rise_does(sochi, un_brokered):
    for ensemble in (sochi, un_brokered):
        for mediator in ("un", "russia", "us", "turkey"):
            shares = ensemble.at(f"prominence_{mediator}", WEEK_AFTER)
            assert np.ptp(shares) <= 0.01
            assert _vary_only_where_lifted_before_the_deal(ensemble, shares)
        assert (ensemble.at("blockaded_assets", PRE_DEAL) == 0).sum() == 3  # "the three runs"
    stated = {"sochi_2020": (0.024, 0.038, 0.021), "un_brokered": (0.009, 0.009, 0.007)}
    for ensemble in (sochi, un_brokered):
        rise = influence_change_after_the_deal(ensemble)
        for seed, value in zip(SEEDS_TO_TRY, stated[ensemble.name], strict=True):
            assert_about(rise[seed], value, 0.0015)


def test_key_4_production_after_the_deal_is_the_same_under_either_broker(sochi, un_brokered):
    four_weeks = DEAL_DATE + 4 * WEEK
    for ensemble in (sochi, un_brokered):
        assert_about(ensemble.at("production_kbpd", four_weeks).median(), 467, 1.0)
        assert_about(only(app_seed(ensemble.name).at("production_kbpd", four_weeks)), 467, 1.0)
        assert only(_days_to_lift(app_seed(ensemble.name), DEAL_DATE)) <= 7
    assert (un_brokered.at("blame_noc", four_weeks) < 0.1).all()  # "the onus falls on nobody"


# --- exercise 3: the onus ---------------------------------------------------------------------

SIX_WEEKS_AFTER = DEAL_DATE + 6 * WEEK
FOUR_WEEKS_AFTER = DEAL_DATE + 4 * WEEK


def _noc_restarts(ensemble: Ensemble) -> pd.Series:
    """Per seed: the first week after the deal in which the NOC lifts force majeure (NaT if it
    had already restarted everything before the deal)."""
    dates = {}
    for run in ensemble.runs:
        log = run.events
        after = pd.to_datetime(log["date"]) >= pd.Timestamp(DEAL_DATE)
        lifted = log[(log["kind"] == "force_majeure_lifted") & after]
        dates[run.seed] = pd.Timestamp(lifted["date"].iloc[0]) if len(lifted) else pd.NaT
    return pd.Series(dates)


def _onus(ensemble: Ensemble, date: dt.date) -> pd.Series:
    """Per seed: the blame share of the GNA and the NOC together."""
    return ensemble.at("blame_gna", date) + ensemble.at("blame_noc", date)


def test_key_3_blame_moves_from_the_lna_to_the_non_signatories(sochi):
    before, after = (sochi.at("blame_lna", d) for d in (PRE_DEAL, SIX_WEEKS_AFTER))
    assert before.median() > 0.7 and after.median() < before.median() - 0.2
    assert (after < before - 0.2).sum() >= 27
    assert (_onus(sochi, SIX_WEEKS_AFTER) > _onus(sochi, PRE_DEAL) + 0.2).sum() >= 27
    assert_about(after.median(), 0.41, 0.01)
    assert_about(_onus(sochi, PRE_DEAL).median(), 0.2, 0.01)
    assert_about(_onus(sochi, SIX_WEEKS_AFTER).median(), 0.59, 0.01)
    assert_spans(before, 0.66, 0.805, 0.005)
    assert_spans(after, 0.25, 0.52, 0.01)
    assert_spans(_onus(sochi, SIX_WEEKS_AFTER), 0.49, 0.75, 0.01)
    app = app_seed("sochi_2020")
    assert_about(only(app.at("blame_lna", PRE_DEAL)), 0.805, 0.0015)
    assert_about(only(app.at("blame_lna", SIX_WEEKS_AFTER)), 0.357, 0.0015)
    assert_about(only(_onus(app, PRE_DEAL)), 0.195, 0.0015)
    assert_about(only(_onus(app, SIX_WEEKS_AFTER)), 0.643, 0.0015)


def test_key_3_a_refusing_noc_takes_far_more_blame_loses_influence_and_oil(sochi, noc_refuses):
    stated = {  # column: (refusing, restarting) medians four weeks after, the app's seed
        "blame_noc": ((0.28, 0.014), (0.281, 0.011)),
        "production_kbpd": ((102, 467), (102, 467)),
        "influence_noc": ((0.045, 0.079), (0.045, 0.079)),
    }
    for column, (medians, app) in stated.items():
        tolerance = 1.0 if column == "production_kbpd" else 0.0015
        for ensemble, median, app_value in zip((noc_refuses, sochi), medians, app, strict=True):
            assert_about(ensemble.at(column, FOUR_WEEKS_AFTER).median(), median, tolerance)
            assert_about(
                only(app_seed(ensemble.name).at(column, FOUR_WEEKS_AFTER)), app_value, tolerance
            )
    assert noc_refuses.at("blame_noc", FOUR_WEEKS_AFTER).median() > 0.2
    assert sochi.at("blame_noc", FOUR_WEEKS_AFTER).median() < 0.05
    assert_spans(noc_refuses.at("blame_noc", FOUR_WEEKS_AFTER), 0.01, 0.43, 0.005)
    assert_spans(sochi.at("blame_noc", FOUR_WEEKS_AFTER), 0.01, 0.07, 0.005)
    assert_spans(noc_refuses.at("influence_noc", FOUR_WEEKS_AFTER), 0.040, 0.115, 0.0015)
    assert_spans(sochi.at("influence_noc", FOUR_WEEKS_AFTER), 0.070, 0.115, 0.0015)
    legitimacy, oil = (
        sochi.at(f"influence_{c}_noc", FOUR_WEEKS_AFTER)
        - noc_refuses.at(f"influence_{c}_noc", FOUR_WEEKS_AFTER)
        for c in ("legitimacy", "oil")
    )
    assert oil.median() > legitimacy.median() > 0  # "mostly the oil it no longer runs"
    stated_loss = {"noc_refuses": (20, 20.5), "sochi_2020": (14, 14.1)}  # median, app's seed
    for ensemble in (noc_refuses, sochi):
        median, app = stated_loss[ensemble.name]
        assert_about(ensemble.at("cumulative_loss_usd_bn", RUN_END).median(), median, 0.5)
        assert_about(only(app_seed(ensemble.name).at("cumulative_loss_usd_bn", RUN_END)), app, 0.05)


def test_key_3_with_everyone_at_the_uns_table_the_lna_keeps_the_blame(sochi, un_brokered):
    stated = {  # column: (median, low, high, app's seed) six weeks after the deal
        "blame_lna": (0.73, 0.36, 0.73, 0.727),
        "blame_gna": (0.25, 0.25, 0.55, 0.250),
        "blame_noc": (0.02, 0.02, 0.09, 0.023),
    }
    for column, (median, low, high, app) in stated.items():
        blame = un_brokered.at(column, SIX_WEEKS_AFTER)
        assert_about(blame.median(), median, 0.005)
        assert_spans(blame, low, high, 0.005)
        assert_about(only(app_seed("un_brokered").at(column, SIX_WEEKS_AFTER)), app, 0.0015)
    assert (
        un_brokered.at("blame_lna", SIX_WEEKS_AFTER) > sochi.at("blame_lna", SIX_WEEKS_AFTER)
    ).all()


def test_key_3_a_refusing_noc_holds_out_for_months_how_many_varies_by_seed(noc_refuses):
    restarts = _noc_restarts(noc_refuses)
    assert restarts.isna().sum() == 1  # "in one run the NOC restarted before the deal"
    assert restarts.min() == pd.Timestamp(2020, 10, 13)
    assert restarts.max() == pd.Timestamp(2021, 5, 18)
    assert pd.Timestamp(2021, 1, 12) <= restarts.median() <= pd.Timestamp(2021, 2, 2)
    tried = [restarts[seed] for seed in SEEDS_TO_TRY]
    assert tried == [pd.Timestamp(d) for d in ("2021-05-18", "2021-01-26", "2020-10-13")]
    assert _noc_restarts(app_seed("noc_refuses")).item() == pd.Timestamp(2021, 3, 2)


# --- exercise 5: designing revenue sharing ----------------------------------------------------

COMMITTEE_LAST_WEEK = dt.date(2020, 12, 15)  # the three-month committee's last week
YEAR_2021 = (dt.date(2021, 1, 1), dt.date(2021, 7, 6))  # to the end of the run
RUN_END = YEAR_2021[1]
COMMITTEE_WEEKS = (DEAL_DATE + WEEK, COMMITTEE_LAST_WEEK)
FIRST_WEEK_AFTER_THE_DEAL = dt.date(2020, 9, 22)  # the week the LNA lifts it in the app's run


@pytest.fixture(scope="module")
def even_split() -> Ensemble:
    return _ensemble("even_split")


@pytest.fixture(scope="module")
def long_committee() -> Ensemble:
    return _ensemble("long_committee")


def _paid_east_after_the_deal_usd_bn(ensemble: Ensemble) -> pd.Series:
    """Per seed: revenue passed to the east from the deal to the end of the run."""
    flows = ensemble.series("to_east_usd_m")
    return flows[flows.index > pd.Timestamp(DEAL_DATE)].sum() / 1000


def _frozen_after_the_deal_usd_bn(ensemble: Ensemble) -> pd.Series:
    """Per seed: revenue frozen from the deal to the end of the run."""
    return ensemble.at("frozen_usd_bn", RUN_END) - ensemble.at("frozen_usd_bn", PRE_DEAL)


def _gna_weeks_paid(ensemble: Ensemble) -> pd.DataFrame:
    """Per seed: the GNA's compliance decisions (`decided`) and those that honour the deal
    (`paid`)."""
    rows = []
    for run in ensemble.runs:
        log = run.events
        choices = log[(log["category"] == "decision") & (log["kind"] == "compliance")]["choice"]
        rows.append({"paid": int(choices.astype(bool).sum()), "decided": len(choices)})
    return pd.DataFrame(rows)


def _gna_compliance_share(ensemble: Ensemble) -> pd.Series:
    """Per seed: the share of the GNA's compliance decisions in which it honoured the deal."""
    weeks = _gna_weeks_paid(ensemble)
    return weeks["paid"] / weeks["decided"]


def _lifting_week(ensemble: Ensemble) -> pd.Series:
    """Per seed: the first week after the deal with no blockade (NaT if it stays on)."""
    blockaded = ensemble.series("blockaded_assets")
    after = blockaded[blockaded.index > pd.Timestamp(DEAL_DATE)] == 0
    return after.idxmax().where(after.any())


def test_key_5_an_even_split_moves_money_east_and_into_the_frozen_account(sochi, even_split):
    lna_even, lna = (e.at("lna_cash_usd_m", COMMITTEE_LAST_WEEK) for e in (even_split, sochi))
    gna_even, gna = (e.at("gna_cash_usd_m", COMMITTEE_LAST_WEEK) for e in (even_split, sochi))
    assert 1_100 <= lna_even.median() <= 1_250 and 1_000 <= lna.median() <= 1_150
    assert 650 <= gna_even.median() <= 850 and 900 <= gna.median() <= 1_050
    assert 55 <= (lna_even - lna).median() <= 105  # "about 80 m USD more"
    assert (lna_even >= lna).all() and (lna_even > lna).sum() == 29
    assert_spans(lna_even - lna, 0, 200, 25)
    assert 160 <= (gna - gna_even).median() <= 260  # "about 210 m USD less"
    assert (gna_even < gna).all()
    assert_spans(gna - gna_even, 150, 420, 25)
    frozen_gain = _frozen_after_the_deal_usd_bn(even_split) - _frozen_after_the_deal_usd_bn(sochi)
    assert 0.1 <= frozen_gain.median() <= 0.15  # "about 0.13 bn USD fuller"
    assert (frozen_gain > 0).all()
    assert_spans(frozen_gain, 0.02, 0.3, 0.03)


def test_key_5_in_the_apps_run_the_lna_gains_170_m_usd_and_the_frozen_account_little():
    sochi, even_split = app_seed("sochi_2020"), app_seed("even_split")
    lna = [only(e.at("lna_cash_usd_m", COMMITTEE_LAST_WEEK)) for e in (sochi, even_split)]
    gna = [only(e.at("gna_cash_usd_m", COMMITTEE_LAST_WEEK)) for e in (sochi, even_split)]
    assert_about(lna[0], 1_130, 10) and assert_about(lna[1], 1_300, 10)
    assert_about(gna[0], 940, 10) and assert_about(gna[1], 740, 10)
    assert_about(lna[1] - lna[0], 170, 10)
    assert_about(gna[0] - gna[1], 205, 5)
    frozen_gain = only(_frozen_after_the_deal_usd_bn(even_split)) - only(
        _frozen_after_the_deal_usd_bn(sochi)
    )
    assert_about(frozen_gain, 0.03, 0.01)


def test_key_5_the_gna_pays_in_a_minority_of_weeks_so_more_is_frozen_than_paid_east(
    sochi, even_split
):
    for ensemble in (sochi, even_split):
        assert 0.2 <= _gna_compliance_share(ensemble).median() <= 0.4  # "three weeks of ten"
        frozen = _frozen_after_the_deal_usd_bn(ensemble).median()
        paid = _paid_east_after_the_deal_usd_bn(ensemble).median()
        assert 1.5 * paid < frozen < 2.5 * paid  # "about twice as much"
    assert 0.45 <= _frozen_after_the_deal_usd_bn(sochi).median() <= 0.65  # "0.55"
    assert 0.17 <= _paid_east_after_the_deal_usd_bn(sochi).median() <= 0.37  # "against 0.27"


def test_key_5_the_split_changes_neither_influence_nor_the_blockade_nor_hardship(sochi, even_split):
    lna = even_split.mean_between("influence_lna", *COMMITTEE_WEEKS) - sochi.mean_between(
        "influence_lna", *COMMITTEE_WEEKS
    )
    assert (lna.abs() < 0.005).all() and lna.abs().max() <= 0.0025  # "at most 0.002"
    committee = sochi.mean_between("influence_lna", *COMMITTEE_WEEKS)
    assert 0.26 <= committee.median() <= 0.30  # "about 0.28"
    assert_spans(committee, 0.265, 0.29, 0.005)
    for ensemble in (sochi, even_split):
        assert (ensemble.at("blockaded_assets", DEAL_DATE + WEEK) == 0).sum() == 29
        assert (ensemble.at("blockaded_assets", DEAL_DATE - WEEK) == 0).sum() == 3
        assert (ensemble.at("blockaded_assets", DEAL_DATE + 3 * WEEK) == 0).all()
        assert ensemble.at("lna_cash_usd_m", COMMITTEE_LAST_WEEK).median() < 1_500
    for region in ("west", "east", "south"):
        column = f"hardship_{region}"
        difference = (even_split.series(column) - sochi.series(column)).abs()
        committee = (difference.index >= pd.Timestamp(COMMITTEE_WEEKS[0])) & (
            difference.index <= pd.Timestamp(COMMITTEE_WEEKS[1])
        )
        assert difference[committee].max().max() < 0.001  # "within 0.001 in every run"
        assert difference.max().max() < 0.01  # "within 0.01 to July 2021"
        app = app_seed("even_split").series(column) - app_seed("sochi_2020").series(column)
        assert app[committee].abs().max().max() < 0.001


def test_key_5_in_the_apps_run_the_split_changes_neither_influence_nor_the_lifting_week():
    sochi, even_split = app_seed("sochi_2020"), app_seed("even_split")
    for ensemble in (sochi, even_split):
        assert_about(only(ensemble.mean_between("influence_lna", *COMMITTEE_WEEKS)), 0.284, 0.001)
        assert only(ensemble.at("blockaded_assets", PRE_DEAL)) > 0
        assert only(ensemble.at("blockaded_assets", FIRST_WEEK_AFTER_THE_DEAL)) == 0


def test_key_5_a_year_long_committee_keeps_the_lna_and_maiteeq_stronger_in_2021(
    sochi, long_committee
):
    def gain(ensemble: Ensemble, base: Ensemble, actor: str) -> pd.Series:
        column = f"influence_{actor}"
        return ensemble.mean_between(column, *YEAR_2021) - base.mean_between(column, *YEAR_2021)

    assert 0.26 <= long_committee.mean_between("influence_lna", *YEAR_2021).median() <= 0.30
    assert 0.21 <= sochi.mean_between("influence_lna", *YEAR_2021).median() <= 0.25
    assert 0.06 <= long_committee.mean_between("influence_maiteeq", *YEAR_2021).median() <= 0.08
    assert 0.02 <= sochi.mean_between("influence_maiteeq", *YEAR_2021).median() <= 0.04
    assert 0.22 <= long_committee.mean_between("influence_gna", *YEAR_2021).median() <= 0.26
    assert 0.33 <= sochi.mean_between("influence_gna", *YEAR_2021).median() <= 0.37
    assert_spans(gain(long_committee, sochi, "lna"), 0.045, 0.065, 0.005)
    assert_spans(gain(long_committee, sochi, "maiteeq"), 0.036, 0.039, 0.0015)
    assert_spans(-gain(long_committee, sochi, "gna"), 0.095, 0.115, 0.005)
    app, app_base = app_seed("long_committee"), app_seed("sochi_2020")
    for actor, with_year, with_three_months in (
        ("lna", 0.283, 0.225),
        ("maiteeq", 0.068, 0.030),
        ("gna", 0.247, 0.347),
    ):
        column = f"influence_{actor}"
        assert_about(only(app.mean_between(column, *YEAR_2021)), with_year, 0.001)
        assert_about(only(app_base.mean_between(column, *YEAR_2021)), with_three_months, 0.001)


def _weeks_under_100_m_in_2021(ensemble: Ensemble) -> pd.Series:
    cash = ensemble.series("gna_cash_usd_m")
    return (cash[cash.index >= pd.Timestamp(YEAR_2021[0])] < 100).sum()


def test_key_5_a_year_long_committee_drains_the_gna_and_fills_the_frozen_account(
    sochi, long_committee
):
    weeks_long, weeks = (_weeks_under_100_m_in_2021(e) for e in (long_committee, sochi))
    assert weeks_long.median() == 24  # "24 of the 27 weeks of 2021"
    assert weeks.median() == 0
    assert_spans(weeks_long, 0, 27, 0)
    assert_spans(weeks, 0, 9, 0)
    assert 1_650 <= sochi.mean_between("gna_cash_usd_m", *YEAR_2021).median() <= 2_350  # "2 bn"
    assert 2.9 <= long_committee.at("frozen_usd_bn", RUN_END).median() <= 4.0  # "about 3.4 bn"
    assert 0.5 <= sochi.at("frozen_usd_bn", RUN_END).median() <= 1.0  # "against 0.7"
    assert_spans(long_committee.at("frozen_usd_bn", RUN_END), 2.7, 5.4, 0.1)
    assert_spans(sochi.at("frozen_usd_bn", RUN_END), 0.5, 2.2, 0.1)
    assert long_committee.at("lna_cash_usd_m", RUN_END).median() >= 1_450  # "back at 1.5 bn"
    assert (
        long_committee.mean_between("blame_gna", *YEAR_2021)
        > sochi.mean_between("blame_gna", *YEAR_2021)
    ).all()
    app, app_base = app_seed("long_committee"), app_seed("sochi_2020")
    assert only(_weeks_under_100_m_in_2021(app)) == 24
    assert only(_weeks_under_100_m_in_2021(app_base)) == 0
    assert_about(only(app.at("frozen_usd_bn", RUN_END)), 3.2, 0.05)
    assert_about(only(app_base.at("frozen_usd_bn", RUN_END)), 0.6, 0.05)


def test_key_5_a_year_long_committee_raises_western_hardship_only_a_little(sochi, long_committee):
    def rise(ensemble: Ensemble, base: Ensemble) -> pd.Series:
        return ensemble.mean_between("hardship_west", *YEAR_2021) - base.mean_between(
            "hardship_west", *YEAR_2021
        )

    hardship = rise(long_committee, sochi)
    assert 0.0 < hardship.median() < 0.04  # "about 0.02"
    assert_spans(hardship, -0.04, 0.1, 0.01)
    assert_about(only(rise(app_seed("long_committee"), app_seed("sochi_2020"))), 0.08, 0.005)
    for ensemble in (sochi, long_committee):
        protests = sum(ensemble.series(f"protesting_{r}") for r in ("west", "east", "south"))
        in_2021 = protests[protests.index >= pd.Timestamp(YEAR_2021[0])]
        assert (in_2021.sum() == 0).all()  # "no run has a protest in 2021"


def test_key_5_the_gna_pays_in_4_of_13_weeks_in_the_apps_run_and_1_to_6_over_30_seeds(sochi):
    weeks = _gna_weeks_paid(sochi)
    assert (weeks["decided"] == 13).all()
    assert weeks["paid"].median() == 4
    assert_spans(weeks["paid"], 1, 6, 0)
    app = _gna_weeks_paid(app_seed("sochi_2020"))
    assert app["paid"].tolist() == [4] and app["decided"].tolist() == [13]
    assert _gna_weeks_paid(app_seed("even_split"))["paid"].tolist() == [5]


def test_key_5_varying_the_seed_more_is_frozen_than_paid_east_in_all_runs_but_one(sochi):
    frozen, paid = _frozen_after_the_deal_usd_bn(sochi), _paid_east_after_the_deal_usd_bn(sochi)
    assert (frozen > paid).sum() == 29
    assert_spans(frozen, 0.4, 1.2, 0.02)
    assert_spans(paid, 0.07, 0.83, 0.02)
    app = app_seed("sochi_2020")
    app_frozen = only(_frozen_after_the_deal_usd_bn(app))
    app_paid = only(_paid_east_after_the_deal_usd_bn(app))
    assert_about(app_frozen, 0.48, 0.01) and assert_about(app_paid, 0.34, 0.01)
    assert_about(app_frozen / app_paid, 1.4, 0.05)
    assert app_paid > paid.median()  # "more reaches the east in it than in most runs"


def test_key_5_by_construction_the_blockade_ends_the_same_week_whatever_the_terms(
    sochi, even_split, long_committee
):
    weeks = [_lifting_week(e) for e in (sochi, even_split, long_committee)]
    assert weeks[0].notna().all()
    for other in weeks[1:]:
        assert (other == weeks[0]).all()
    for name in ("sochi_2020", "even_split", "long_committee"):
        assert _lifting_week(app_seed(name)).tolist() == [pd.Timestamp(FIRST_WEEK_AFTER_THE_DEAL)]


# --- exercise 6: a deal signed by one man -----------------------------------------------------

FOUR_WEEKS_AFTER = DEAL_DATE + 4 * WEEK


@pytest.fixture(scope="module")
def gna_signs() -> Ensemble:
    return _ensemble("gna_signs")


@pytest.fixture(scope="module")
def noc_signs() -> Ensemble:
    return _ensemble("noc_signs")


def test_key_6_maiteeqs_signature_does_not_bind_the_gna_its_own_does(sochi, gna_signs):
    compliance = _gna_compliance_share(sochi)
    assert 0.2 <= compliance.median() <= 0.4  # "about three weeks of ten"
    assert (compliance < 0.5).all()  # 1 to 6 weeks of 13 (key 5)
    assert 0.45 <= _frozen_after_the_deal_usd_bn(sochi).median() <= 0.65  # "about 0.55 bn USD"
    assert 0.17 <= _paid_east_after_the_deal_usd_bn(sochi).median() <= 0.37  # "about 0.27"
    assert (_frozen_after_the_deal_usd_bn(gna_signs) < 0.01).all()  # "nothing more is frozen"
    paid = _paid_east_after_the_deal_usd_bn(gna_signs)
    assert 0.74 <= paid.median() <= 0.94  # "about 0.84"
    assert_spans(paid, 0.69, 1.68, 0.02)
    app = app_seed("gna_signs")
    assert_about(only(_paid_east_after_the_deal_usd_bn(app)), 0.80, 0.01)
    assert only(_frozen_after_the_deal_usd_bn(app)) < 0.001


def test_key_6_blame_follows_the_signatures(sochi, gna_signs):
    gna_outside, gna_signed = (
        e.mean_between("blame_gna", *COMMITTEE_WEEKS) for e in (sochi, gna_signs)
    )
    assert 0.45 <= gna_outside.median() <= 0.6  # "about half"
    assert 0.2 <= gna_signed.median() <= 0.3  # "about a quarter"
    assert (gna_signed < gna_outside).all()
    assert_spans(gna_outside, 0.47, 0.7, 0.01) and assert_spans(gna_signed, 0.24, 0.54, 0.01)
    lna_outside, lna_signed = (
        e.mean_between("blame_lna", *COMMITTEE_WEEKS) for e in (sochi, gna_signs)
    )
    assert 0.6 <= lna_signed.median() <= 0.8 and 0.35 <= lna_outside.median() <= 0.5
    app = [app_seed(name) for name in ("sochi_2020", "gna_signs")]
    for actor, stated in (("gna", (0.52, 0.26)), ("lna", (0.42, 0.72))):
        for ensemble, value in zip(app, stated, strict=True):
            assert_about(
                only(ensemble.mean_between(f"blame_{actor}", *COMMITTEE_WEEKS)), value, 0.01
            )


def test_key_6_the_lna_and_maiteeq_gain_more_from_a_deal_the_gna_did_not_sign(sochi, gna_signs):
    def oil_component_change(ensemble: Ensemble) -> pd.Series:
        before = ensemble.at("influence_oil_lna", PRE_DEAL)
        after = ensemble.mean_between("influence_oil_lna", DEAL_DATE + WEEK, DEAL_DATE + 5 * WEEK)
        return after - before

    gna_outside, gna_signed = (influence_change_after_the_deal(e) for e in (sochi, gna_signs))
    assert 0.018 <= gna_outside.median() <= 0.038  # "about 0.03" (0.028)
    assert 0.0 < gna_signed.median() < 0.01  # "under 0.01"
    assert (gna_outside > gna_signed).all()
    assert_spans(gna_outside, 0.021, 0.051, 0.002) and assert_spans(gna_signed, 0.002, 0.032, 0.002)
    assert_spans(gna_outside - gna_signed, 0.013, 0.03, 0.002)
    # "mostly because it shares control of the committee's revenue with one partner, not two"
    oil = oil_component_change(sochi).median() - oil_component_change(gna_signs).median()
    assert oil > 0.5 * (gna_outside.median() - gna_signed.median())
    for actor, higher_when_alone in (("maiteeq", True), ("gna", False)):
        alone = sochi.mean_between(f"influence_{actor}", *COMMITTEE_WEEKS)
        with_gna = gna_signs.mean_between(f"influence_{actor}", *COMMITTEE_WEEKS)
        assert ((alone > with_gna) == higher_when_alone).all()
    app, app_signed = app_seed("sochi_2020"), app_seed("gna_signs")
    assert_about(only(influence_change_after_the_deal(app)), 0.028, 0.001)
    assert_about(only(influence_change_after_the_deal(app_signed)), 0.008, 0.001)
    for actor, alone, with_gna in (("maiteeq", 0.078, 0.063), ("gna", 0.264, 0.313)):
        column = f"influence_{actor}"
        assert_about(only(app.mean_between(column, *COMMITTEE_WEEKS)), alone, 0.001)
        assert_about(only(app_signed.mean_between(column, *COMMITTEE_WEEKS)), with_gna, 0.001)


def test_key_6_the_lnas_blockade_is_over_within_a_week_of_the_deal_whoever_else_signs(
    sochi, gna_signs, noc_signs
):
    for ensemble in (sochi, gna_signs, noc_signs):
        assert (ensemble.at("blockaded_assets", DEAL_DATE + WEEK) == 0).sum() >= 29
    for name in ("sochi_2020", "gna_signs", "noc_signs"):
        assert _lifting_week(app_seed(name)).tolist() == [pd.Timestamp(FIRST_WEEK_AFTER_THE_DEAL)]


def test_key_6_a_signed_gna_draws_no_compliance_decision(gna_signs):
    assert (_gna_weeks_paid(gna_signs)["decided"] == 0).all()
    assert _gna_weeks_paid(app_seed("gna_signs"))["decided"].tolist() == [0]


def test_key_6_a_reluctant_noc_restarts_once_it_signs(noc_signs, noc_refuses):
    assert 410 <= noc_signs.at("production_kbpd", FOUR_WEEKS_AFTER).median() <= 530  # "470"
    assert 80 <= noc_refuses.at("production_kbpd", FOUR_WEEKS_AFTER).median() <= 150  # "100"
    assert noc_signs.at("blame_noc", FOUR_WEEKS_AFTER).median() < 0.05  # "near zero"
    assert 0.2 <= noc_refuses.at("blame_noc", FOUR_WEEKS_AFTER).median() <= 0.4  # "0.28"
    signed = noc_signs.at("cumulative_loss_usd_bn", RUN_END)
    refused = noc_refuses.at("cumulative_loss_usd_bn", RUN_END)
    assert 12.5 <= signed.median() <= 15.5 and 18 <= refused.median() <= 22  # "14 against 20"
    assert_spans(noc_signs.at("production_kbpd", FOUR_WEEKS_AFTER), 370, 1_130, 10)
    assert_spans(noc_refuses.at("production_kbpd", FOUR_WEEKS_AFTER), 100, 1_130, 10)
    assert_spans(noc_signs.at("blame_noc", FOUR_WEEKS_AFTER), 0.01, 0.05, 0.005)
    assert_spans(noc_refuses.at("blame_noc", FOUR_WEEKS_AFTER), 0.01, 0.43, 0.005)
    assert_spans(signed, 4.5, 17, 0.1) and assert_spans(refused, 4.5, 26, 0.1)
    # "the top runs are those whose blockade the LNA had lifted before the deal"
    lifted_before = noc_refuses.at("blockaded_assets", PRE_DEAL) == 0
    production = noc_refuses.at("production_kbpd", FOUR_WEEKS_AFTER)
    assert production[lifted_before].min() > production[~lifted_before].max()
    app_signed, app_refused = app_seed("noc_signs"), app_seed("noc_refuses")
    for ensemble, kbpd, blame, loss in (
        (app_signed, 467, 0.01, 14.1),
        (app_refused, 102, 0.28, 20.5),
    ):
        assert_about(only(ensemble.at("production_kbpd", FOUR_WEEKS_AFTER)), kbpd, 1)
        assert_about(only(ensemble.at("blame_noc", FOUR_WEEKS_AFTER)), blame, 0.005)
        assert_about(only(ensemble.at("cumulative_loss_usd_bn", RUN_END)), loss, 0.05)


def test_key_6_the_default_nocs_signature_makes_no_difference_to_production(sochi, noc_signs):
    # a NOC that signs has no objection to weigh, whatever its `noc_deal_objection`
    signed = noc_signs.at("production_kbpd", FOUR_WEEKS_AFTER)
    unsigned = sochi.at("production_kbpd", FOUR_WEEKS_AFTER)
    assert abs(signed.median() - unsigned.median()) < 0.05 * unsigned.median()
    assert 410 <= unsigned.median() <= 530  # "about 470 kbpd"
    assert_spans(signed - unsigned, -120, 60, 10)
    assert_about(only(app_seed("sochi_2020").at("production_kbpd", FOUR_WEEKS_AFTER)), 467, 1)


def _noc_first_restart_after_the_deal(ensemble: Ensemble) -> pd.Series:
    """Per seed: the week the NOC first lifts force majeure after the deal (NaT if never)."""
    weeks = []
    for run in ensemble.runs:
        log = run.events
        decisions = log[(log["category"] == "decision") & (log["kind"] == "force_majeure")]
        dates = pd.to_datetime(decisions["date"])
        lifted = dates[(dates > pd.Timestamp(DEAL_DATE)) & decisions["choice"].astype(bool)]
        weeks.append(lifted.min() if len(lifted) else pd.NaT)
    return pd.Series(weeks, index=[run.seed for run in ensemble.runs])


def test_key_6_varying_the_seed_the_reluctant_noc_holds_out_from_october_to_may(noc_refuses):
    restart = _noc_first_restart_after_the_deal(noc_refuses)
    assert restart.notna().sum() == 29
    assert restart.min() == pd.Timestamp("2020-10-13")
    assert restart.max() == pd.Timestamp("2021-05-18")
    # the other run: the LNA lifted its blockade in March 2020, long before the deal
    (other,) = restart[restart.isna()].index
    blockaded = noc_refuses.series("blockaded_assets")[other]
    assert (blockaded[blockaded.index >= pd.Timestamp("2020-04-01")] == 0).all()
    app = _noc_first_restart_after_the_deal(app_seed("noc_refuses"))
    assert app.tolist() == [pd.Timestamp("2021-03-02")]
