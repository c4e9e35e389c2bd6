"""The brief's patterns 1-8, checked on an ensemble of 30 seeds against the observed record.

The observed figures come from config/data/ (NOC statements, OPEC secondary sources,
Reuters), not from numbers typed into the tests.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from config.datasets import observed_electricity, observed_losses, observed_production
from tests.conftest import BLOCKADE_DATE, DEAL_DATE, RETREAT_DATE, Ensemble

WEEK = dt.timedelta(weeks=1)
PRE_DEAL = dt.date(2020, 9, 15)


def share(condition: pd.Series) -> float:
    return float(np.mean(condition))


# --- pattern 1: production collapses and stays low until September -------------------------


def test_production_falls_under_150_kbpd_within_five_weeks_of_the_blockade(sochi: Ensemble):
    five_weeks_on = BLOCKADE_DATE + 5 * WEEK
    assert (sochi.at("production_kbpd", five_weeks_on) < 150).all()


def test_production_stays_between_70_and_150_kbpd_until_september_in_most_runs(sochi: Ensemble):
    table = sochi.series("production_kbpd")
    window = table[
        (table.index >= pd.Timestamp(BLOCKADE_DATE + 5 * WEEK))
        & (table.index <= pd.Timestamp(PRE_DEAL))
    ]
    within = ((window >= 70) & (window <= 150)).all()
    assert share(within) >= 0.9


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


# --- pattern 2: the blockade costs about 9.8 bn USD by mid-September -----------------------


def test_cumulative_loss_by_mid_september_is_within_15_percent_of_nocs_figure(sochi: Ensemble):
    losses = observed_losses()
    target = losses[losses["date"] == "2020-09-15"]["cumulative_loss_usd_bn"].item()
    modelled = sochi.at("cumulative_loss_usd_bn", PRE_DEAL).median()
    assert abs(modelled - target) / target <= 0.15


def test_cumulative_loss_follows_nocs_statements_from_march(sochi: Ensemble):
    losses = observed_losses()
    for row in losses[losses["date"] >= "2020-03-01"].itertuples():
        modelled = sochi.at("cumulative_loss_usd_bn", row.date.date()).median()
        assert abs(modelled - row.cumulative_loss_usd_bn) / row.cumulative_loss_usd_bn <= 0.15


# --- pattern 3: summer hardship leads to protests, west first, then east --------------------


def first_protest(ensemble: Ensemble, region: str) -> pd.Series:
    dates = []
    for events in ensemble.events("protest"):
        regional = events[events["actors"] == region]["date"]
        dates.append(pd.Timestamp(regional.min()) if len(regional) else pd.NaT)
    return pd.Series(dates)


def test_hardship_climbs_through_the_summer_of_2020(sochi: Ensemble):
    for region in ("west", "east"):
        spring = sochi.at(f"hardship_{region}", dt.date(2020, 3, 31))
        late_summer = sochi.at(f"hardship_{region}", dt.date(2020, 8, 31))
        assert share(late_summer > spring + 0.1) >= 0.9


def test_model_power_cuts_lie_within_the_reported_range_of_each_month(sochi: Ensemble):
    reports = observed_electricity().dropna(subset=["power_cut_hours_per_day"])
    hours = sochi.series("power_cut_hours_west").median(axis=1)
    for month, reported in reports.groupby(reports["date"].dt.to_period("M")):
        modelled = hours[hours.index.to_period("M") == month].median()
        low, high = reported["power_cut_hours_per_day"].agg(["min", "max"])
        assert low - 2 <= modelled <= high + 2, (str(month), modelled, low, high)


def test_west_protests_first_come_in_august(sochi: Ensemble):
    median = first_protest(sochi, "west").median()
    assert pd.Timestamp("2020-08-01") <= median <= pd.Timestamp("2020-09-18")


def test_east_protests_first_come_in_late_august_or_september(sochi: Ensemble):
    median = first_protest(sochi, "east").median()
    assert pd.Timestamp("2020-08-15") <= median <= pd.Timestamp("2020-10-15")
    assert median >= first_protest(sochi, "west").median()


def test_few_runs_see_protests_before_july(sochi: Ensemble):
    early = [bool((events["date"] < "2020-07-01").any()) for events in sochi.events("protest")]
    assert share(pd.Series(early)) <= 0.2


# --- pattern 4: Haftar's influence declines from the June retreat to the deal ---------------


def test_haftars_influence_declines_from_the_june_retreat_until_the_deal(sochi: Ensemble):
    after_retreat = sochi.at("influence_lna", RETREAT_DATE + WEEK)
    before_deal = sochi.at("influence_lna", PRE_DEAL)
    assert share(before_deal < after_retreat) >= 0.9
    median = sochi.series("influence_lna").median(axis=1)
    window = median[
        (median.index > pd.Timestamp(RETREAT_DATE)) & (median.index <= pd.Timestamp(PRE_DEAL))
    ]
    slope = np.polyfit(np.arange(len(window)), window.to_numpy(), 1)[0]
    assert slope < 0


# --- pattern 5: the NOC keeps force majeure where foreign forces are ------------------------


def test_noc_never_restarts_a_site_while_foreign_forces_are_there(sochi: Ensemble):
    for result in sochi.runs:
        occupied = result.assets[result.assets["foreign_forces"].notna()]
        assert occupied["status"].isin(["blockaded", "force majeure"]).all()


def test_two_weeks_after_the_deal_the_noc_has_restarted_the_safe_sites_only(sochi: Ensemble):
    two_weeks_on = (DEAL_DATE + 2 * WEEK).isoformat()
    safe_restarted = []
    for result in sochi.runs:
        week = result.assets[result.assets["date"] >= two_weeks_on]
        week = week[week["date"] == week["date"].min()].set_index("name")
        occupied = week[week["foreign_forces"].notna()]
        assert (occupied["status"] == "force majeure").all()
        safe_restarted.append(week.loc["Ras Lanuf", "status"] == "open")
    assert share(pd.Series(safe_restarted)) >= 0.9


# --- pattern 6: Haftar's influence rises after the deal, and not without it -----------------


def influence_change_after_the_deal(ensemble: Ensemble) -> pd.Series:
    before = ensemble.at("influence_lna", PRE_DEAL)
    after = ensemble.mean_between("influence_lna", DEAL_DATE + WEEK, DEAL_DATE + 5 * WEEK)
    return after - before


def test_haftars_influence_rises_after_the_deal(sochi: Ensemble):
    change = influence_change_after_the_deal(sochi)
    assert share(change > 0) >= 0.9
    assert change.median() > 0.01


def test_haftars_influence_does_not_rise_without_the_deal(sochi: Ensemble, no_deal: Ensemble):
    change = influence_change_after_the_deal(no_deal)
    assert change.median() <= 0.005
    assert change.median() < influence_change_after_the_deal(sochi).median() - 0.01


# --- pattern 7: the broker's prominence jumps; the UN's and the US's fall -------------------


def test_the_brokers_prominence_jumps_and_the_un_and_us_fall(sochi: Ensemble):
    week_after = DEAL_DATE + WEEK
    russia_before, russia_after = (sochi.at("prominence_russia", d) for d in (PRE_DEAL, week_after))
    assert (russia_after > 2 * russia_before).all()
    for mediator in ("un", "us"):
        assert (
            sochi.at(f"prominence_{mediator}", week_after)
            < sochi.at(f"prominence_{mediator}", PRE_DEAL)
        ).all()


def test_a_un_brokered_deal_lifts_the_un_instead_of_russia(un_brokered: Ensemble):
    week_after = DEAL_DATE + WEEK
    assert (
        un_brokered.at("prominence_un", week_after)
        > 1.5 * un_brokered.at("prominence_un", PRE_DEAL)
    ).all()
    assert (
        un_brokered.at("prominence_russia", week_after)
        < un_brokered.at("prominence_russia", PRE_DEAL)
    ).all()


def test_without_a_deal_russias_prominence_does_not_jump(no_deal: Ensemble):
    week_after = DEAL_DATE + WEEK
    assert (
        no_deal.at("prominence_russia", week_after)
        < 1.2 * no_deal.at("prominence_russia", PRE_DEAL)
    ).all()


# --- pattern 8: the onus moves to the NOC and the GNA ---------------------------------------


def test_blame_moves_from_the_lna_to_the_non_signatories_after_the_deal(sochi: Ensemble):
    later = DEAL_DATE + 6 * WEEK
    assert share(sochi.at("blame_lna", later) < sochi.at("blame_lna", PRE_DEAL) - 0.2) >= 0.9
    onus_before = sochi.at("blame_gna", PRE_DEAL) + sochi.at("blame_noc", PRE_DEAL)
    onus_after = sochi.at("blame_gna", later) + sochi.at("blame_noc", later)
    assert share(onus_after > onus_before + 0.2) >= 0.9


def test_an_noc_that_refuses_to_restart_takes_more_blame(sochi: Ensemble, noc_refuses: Ensemble):
    later = DEAL_DATE + 4 * WEEK
    assert noc_refuses.at("blame_noc", later).median() > sochi.at("blame_noc", later).median() + 0.1
    assert (
        noc_refuses.at("production_kbpd", later).median()
        < sochi.at("production_kbpd", later).median()
    )


def test_production_recovers_after_the_deal(sochi: Ensemble):
    eight_weeks_on = sochi.at("production_kbpd", DEAL_DATE + 8 * WEEK)
    assert share(eight_weeks_on > 400) >= 0.9
