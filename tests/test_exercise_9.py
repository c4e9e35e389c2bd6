"""Every factual claim of the key to exercise 9 (docs/exercises/keys/), on 30 seeds.

Three episodes with three brokers (the US in 2018, Russia in 2020, the UAE in 2022), each
against its counterfactual with the UN as broker. The claims are about what depends on the
broker and on the politics: prominence, influence, blame, and that a change of broker alone
changes nothing else. In 2020 the UN's counterfactual also changes the table (the Presidential
Council and the NOC sign), so the broker alone is compared there through the worked example
docs/exercises/examples/full_table_russia.toml, the UN's table brokered by Russia. Each figure
is checked for the app's seed and over the 30 seeds; the recovery's rests on the oil-recovery
parameters, which are calibrated on the episodes (docs/VALIDATION.md) and may move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import pandas as pd
import pytest

from config.exercises import EXERCISES_DIR
from config.scenarios import Scenario, load_scenario, shipped_scenario
from config.timeline import Deal
from experiments.episodes import blockade_date, reopening_date
from experiments.runner import DEFAULT_SEED, run_ensemble
from experiments.validation import WEEK, Ensemble
from tests.conftest import ENSEMBLE_SEEDS, _ensemble
from tests.key_figures import app_seed, assert_about, assert_spans, only

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Episode:
    """An ensemble of one scenario, read around its deal."""

    ensemble: Ensemble
    scenario: Scenario

    @property
    def deal(self) -> Deal:
        return next(e for e in self.scenario.events if isinstance(e, Deal))

    @property
    def tripoli_government(self) -> str:
        return self.scenario.cast.roles.tripoli_government

    @property
    def mediators(self) -> list[str]:
        return self.scenario.cast.roles.mediators

    def before(self, column: str) -> pd.Series:
        """Per seed: the last week ending before the deal."""
        return self.ensemble.at(column, self.deal.date - 6 * DAY)

    def first_week_after(self, column: str) -> pd.Series:
        """Per seed: the first week ending after the deal (the week it takes effect)."""
        return self.ensemble.at(column, self.deal.date + DAY)

    def weeks_after(self, column: str, weeks: int) -> pd.Series:
        """Per seed: the week ending on or after `weeks` weeks from the deal."""
        return self.ensemble.at(column, self.deal.date + weeks * WEEK)

    def gain(self, column: str) -> pd.Series:
        """Per seed: the mean over the five weeks after the deal minus the week before it."""
        after = self.ensemble.mean_between(column, self.deal.date + DAY, self.deal.date + 5 * WEEK)
        return after - self.before(column)

    def recovered_share(self, weeks: int) -> pd.Series:
        """Per seed: output `weeks` weeks after the reopening over its level before the blockade."""
        production = self.ensemble.series("production_kbpd")
        level = production[production.index < pd.Timestamp(blockade_date(self.scenario))].iloc[-1]
        reopening = reopening_date(self.scenario)
        return self.ensemble.at("production_kbpd", reopening + weeks * WEEK) / level


FULL_TABLE_RUSSIA = EXERCISES_DIR / "examples" / "full_table_russia.toml"


def _full_table_russia() -> Scenario:
    return load_scenario(FULL_TABLE_RUSSIA)


def _episode(name: str) -> Episode:
    return Episode(_ensemble(name), shipped_scenario(name))


@pytest.fixture(scope="module")
def episodes(sochi, un_brokered) -> dict[str, Episode]:
    """The three episodes, their counterfactuals with the UN as broker and the 2020 deal with
    the UN's table brokered by Russia, by scenario name."""
    full_table = _full_table_russia()
    found = {
        "sochi_2020": Episode(sochi, shipped_scenario("sochi_2020")),
        "un_brokered": Episode(un_brokered, shipped_scenario("un_brokered")),
        full_table.name: Episode(
            Ensemble(full_table.name, list(run_ensemble(full_table, ENSEMBLE_SEEDS))), full_table
        ),
    }
    for name in (
        "ports_handover_2018",
        "ports_handover_2018_un",
        "bengdara_2022",
        "bengdara_2022_un",
    ):
        found[name] = _episode(name)
    return found


@pytest.fixture(scope="module")
def app_episodes() -> dict[str, Episode]:
    """The same scenarios, each run once with the app's seed."""
    found = {name: Episode(app_seed(name), shipped_scenario(name)) for name in SHIPPED}
    full_table = _full_table_russia()
    found[full_table.name] = Episode(
        Ensemble(full_table.name, list(run_ensemble(full_table, [DEFAULT_SEED]))), full_table
    )
    return found


EPISODES = ("ports_handover_2018", "sochi_2020", "bengdara_2022")
COUNTERFACTUALS = {
    "ports_handover_2018": "ports_handover_2018_un",
    "sochi_2020": "un_brokered",
    "bengdara_2022": "bengdara_2022_un",
}
SHIPPED = (*EPISODES, *COUNTERFACTUALS.values())
# Pairs of scenarios whose deals differ in the broker alone: in 2020 the UN's table (the LNA,
# the Presidential Council and the NOC sign) brokered by Russia, against un_brokered.
BROKER_ONLY = {
    "ports_handover_2018": "ports_handover_2018_un",
    "full_table_russia": "un_brokered",
    "bengdara_2022": "bengdara_2022_un",
}


def test_key_9_the_brokers_are_the_us_russia_and_the_uae_and_the_un_in_each_counterfactual(
    episodes,
):
    assert [episodes[name].deal.broker for name in EPISODES] == ["us", "russia", "uae"]
    for name in COUNTERFACTUALS.values():
        assert episodes[name].deal.broker == "un"
    for name, counterfactual in BROKER_ONLY.items():
        episode, other = episodes[name], episodes[counterfactual]
        assert other.deal.model_dump(exclude={"broker", "label"}) == episode.deal.model_dump(
            exclude={"broker", "label"}
        )
    # in 2020 the UN's deal also changes the table: the Council and the NOC sign, nobody is out
    sochi, un = episodes["sochi_2020"].deal, episodes["un_brokered"].deal
    assert (sochi.parties, sochi.non_signatories) == (["lna", "maiteeq"], ["gna", "noc"])
    assert (un.parties, un.non_signatories) == (["lna", "gna", "noc"], [])
    assert episodes["full_table_russia"].deal.broker == "russia"
    assert [len(episodes[name].mediators) for name in EPISODES] == [2, 4, 3]


# --- question 1: what the broker gains --------------------------------------------------------

BROKER_PROMINENCE = {  # the week before the deal, the week after, five weeks later: "about"
    "ports_handover_2018": (0.49, 0.84, 0.77),
    "sochi_2020": (0.20, 0.57, 0.48),
    "bengdara_2022": (0.26, 0.73, 0.62),
}


@pytest.mark.parametrize("name", EPISODES)
def test_key_9_the_brokers_prominence_jumps_after_the_deal_and_every_other_mediators_falls(
    episodes, name
):
    episode = episodes[name]
    broker = episode.deal.broker
    before, after, later = BROKER_PROMINENCE[name]
    column = f"prominence_{broker}"
    assert abs(episode.before(column).median() - before) <= 0.03
    assert abs(episode.first_week_after(column).median() - after) <= 0.03
    assert abs(episode.weeks_after(column, 5).median() - later) <= 0.03
    assert (episode.first_week_after(column) > episode.before(column)).all()
    assert (episode.weeks_after(column, 5) > episode.before(column)).all()  # "still higher"
    # "the same within 0.01 in every run"
    for week in (episode.before, episode.first_week_after, partial(episode.weeks_after, weeks=5)):
        assert week(column).max() - week(column).min() < 0.01
    for mediator in episode.mediators:
        if mediator != broker:
            column = f"prominence_{mediator}"
            assert (episode.first_week_after(column) < episode.before(column)).all()


def test_key_9_russias_jump_is_the_largest_relative_and_its_level_the_lowest(episodes):
    def ratio(name: str) -> float:
        episode = episodes[name]
        column = f"prominence_{episode.deal.broker}"
        return (episode.first_week_after(column) / episode.before(column)).median()

    assert 3.0 > ratio("sochi_2020") > ratio("bengdara_2022") > 2.5 > ratio("ports_handover_2018")
    levels = {
        name: episodes[name].first_week_after(f"prominence_{episodes[name].deal.broker}").median()
        for name in EPISODES
    }
    assert min(levels, key=levels.get) == "sochi_2020"
    assert max(levels, key=levels.get) == "ports_handover_2018"


@pytest.mark.parametrize("name", EPISODES)
def test_key_9_the_brokers_influence_rises_by_about_0_025_to_0_03_in_every_episode(episodes, name):
    episode = episodes[name]
    gain = episode.gain(f"influence_{episode.deal.broker}")
    assert 0.02 <= gain.median() <= 0.035
    assert (gain > 0.01).all()


# --- question 2: what the claimant gains ------------------------------------------------------

LNA_GAIN = {  # the LNA's influence change over the five weeks after the deal
    "ports_handover_2018": (-0.015, 0.0),  # "a small loss (less than 0.015)"
    "sochi_2020": (0.015, 0.045),  # "about +0.025 to +0.03" (more where oil comes back slowly)
    "bengdara_2022": (-0.025, -0.01),  # "about -0.02"
}


@pytest.mark.parametrize("name", EPISODES)
def test_key_9_the_lna_gains_only_from_the_2020_deal_which_alone_sets_up_a_committee(
    episodes, name
):
    episode = episodes[name]
    low, high = LNA_GAIN[name]
    assert low <= episode.gain("influence_lna").median() <= high
    oil = episode.gain("influence_oil_lna")
    with_committee = episode.deal.committee_months > 0
    assert with_committee == (name == "sochi_2020")
    # its oil component (channel control, blockade leverage) moves the way its influence does
    assert ((oil > 0) == with_committee).mean() >= 0.9


# --- question 3: who is blamed ----------------------------------------------------------------


@pytest.mark.parametrize("name", EPISODES)
def test_key_9_six_weeks_after_the_deal_the_tripoli_government_is_blamed_most_not_the_lna(
    episodes, name
):
    episode = episodes[name]
    government = f"blame_{episode.tripoli_government}"
    assert episode.before("blame_lna").median() > episode.before(government).median()
    lna, tripoli = episode.weeks_after("blame_lna", 6), episode.weeks_after(government, 6)
    assert (lna < episode.before("blame_lna") - 0.1).mean() >= 0.9
    assert (tripoli > lna).mean() >= 0.75  # "in most runs"
    assert 0.4 <= tripoli.median() <= 0.6  # "about half"


# --- question 4: how fast oil comes back (loosely: it rests on the recovery parameters) --------


def test_key_9_oil_comes_back_within_weeks_in_2018_and_2022_but_not_in_2020(episodes):
    for weeks in (4, 8):
        shares = {name: episodes[name].recovered_share(weeks).median() for name in EPISODES}
        assert shares["sochi_2020"] < min(shares["ports_handover_2018"], shares["bengdara_2022"])
    eight_weeks = {name: episodes[name].recovered_share(8).median() for name in EPISODES}
    assert eight_weeks["ports_handover_2018"] > 0.8 and eight_weeks["bengdara_2022"] > 0.8
    assert eight_weeks["sochi_2020"] < 0.8


def test_key_9_in_2020_the_noc_keeps_force_majeure_where_foreign_forces_are_after_the_deal(
    episodes,
):
    deal = pd.Timestamp(episodes["sochi_2020"].deal.date)
    held_for_forces = []
    for run in episodes["sochi_2020"].ensemble.runs:
        log = run.events
        decisions = log[(log["category"] == "decision") & (log["kind"] == "force_majeure")]
        after = pd.to_datetime(decisions["date"]) > deal
        lifting = decisions[after & decisions["choice"].astype(bool)]
        if len(lifting):  # a run whose LNA keeps its blockade past the deal has none
            held_for_forces.append("(foreign forces present)" in lifting["explanation"].iloc[0])
    assert len(held_for_forces) >= 0.9 * len(ENSEMBLE_SEEDS)
    assert pd.Series(held_for_forces).mean() >= 0.9


# --- question 6: the counterfactual within each episode ---------------------------------------

UNCHANGED = ("production_kbpd", "cumulative_loss_usd_bn", "blame_lna", "influence_lna")
UN_PROMINENCE = {  # the first week after the deal, when the UN brokers it: "about"
    "ports_handover_2018_un": 0.85,
    "un_brokered": 0.67,
    "bengdara_2022_un": 0.78,
}


@pytest.mark.parametrize("name", list(BROKER_ONLY))
def test_key_9_another_broker_changes_nothing_but_attention_seed_for_seed(episodes, name):
    episode, other = episodes[name], episodes[BROKER_ONLY[name]]
    columns = (*UNCHANGED, f"blame_{episode.tripoli_government}")
    for column in columns:
        difference = episode.ensemble.series(column) - other.ensemble.series(column)
        assert difference.abs().max().max() < 1e-9, column


@pytest.mark.parametrize("name", list(BROKER_ONLY))
def test_key_9_with_the_un_as_broker_the_un_takes_the_jump_and_the_broker_loses(episodes, name):
    episode, other = episodes[name], episodes[BROKER_ONLY[name]]
    broker = episode.deal.broker
    un = other.first_week_after("prominence_un")
    assert abs(un.median() - UN_PROMINENCE[other.ensemble.name]) <= 0.03
    assert (un > other.before("prominence_un")).all()
    assert (
        other.first_week_after(f"prominence_{broker}") < other.before(f"prominence_{broker}")
    ).all()
    # the level the broker reaches is set mostly by the pool of mediators, not by who brokers
    level = episode.first_week_after(f"prominence_{broker}")
    assert abs(un.median() - level.median()) < 0.1
    # "the UN's influence gains 0.025 to 0.04 over what it gets when the other broker brokers"
    un_gain = other.gain("influence_un") - episode.gain("influence_un")
    assert 0.025 <= un_gain.median() <= 0.04
    assert (un_gain > 0.02).all()
    assert (other.gain(f"influence_{broker}") < episode.gain(f"influence_{broker}")).all()


def test_key_9_in_2020_the_uns_table_not_the_broker_cuts_the_lnas_gain_and_the_gnas_blame(
    episodes, app_episodes
):
    russia_table, full_table = episodes["sochi_2020"], episodes["full_table_russia"]
    gains = [e.gain("influence_lna") for e in (russia_table, full_table)]
    assert (gains[1] < gains[0]).all()
    assert_about(gains[1].median(), 0.011, 0.003)
    assert_spans(gains[1], 0.006, 0.032, 0.002)
    blame = [e.weeks_after("blame_gna", 6) for e in (russia_table, full_table)]
    assert_about(blame[1].median(), 0.25, 0.01)
    assert (blame[1] < blame[0]).mean() >= 0.9
    production = [e.weeks_after("production_kbpd", 8) for e in (russia_table, full_table)]
    assert_about(production[0].median(), 740, 10) and assert_about(production[1].median(), 560, 10)
    app = [app_episodes[name] for name in ("sochi_2020", "full_table_russia", "un_brokered")]
    assert_about(only(app[0].gain("influence_lna")), 0.030, 0.001)
    for episode in app[1:]:
        assert_about(only(episode.gain("influence_lna")), 0.011, 0.001)
        assert_about(only(episode.weeks_after("blame_gna", 6)), 0.25, 0.005)
        assert_about(only(episode.weeks_after("production_kbpd", 8)), 540, 5)
    assert_about(only(app[0].weeks_after("blame_gna", 6)), 0.49, 0.005)
    assert_about(only(app[0].weeks_after("production_kbpd", 8)), 675, 5)
    assert_about(only(app[2].first_week_after("prominence_un")), 0.67, 0.005)


# --- the app's seed, question by question ------------------------------------------------------

APP_BROKER = {  # prominence before, after, five weeks later; the broker's and the LNA's gain
    "ports_handover_2018": (0.49, 0.84, 0.77, 0.032, -0.010),
    "sochi_2020": (0.20, 0.57, 0.475, 0.025, 0.030),
    "bengdara_2022": (0.26, 0.73, 0.62, 0.023, -0.019),
}
APP_BLAME = {  # six weeks after the deal: the Tripoli government's and the LNA's
    "ports_handover_2018": (0.48, 0.31),
    "sochi_2020": (0.49, 0.36),
    "bengdara_2022": (0.55, 0.37),
}
APP_RECOVERED = {"ports_handover_2018": 0.99, "sochi_2020": 0.58, "bengdara_2022": 0.99}


@pytest.mark.parametrize("name", EPISODES)
def test_key_9_the_apps_run_gives_the_figures_of_each_question(app_episodes, name):
    episode = app_episodes[name]
    column = f"prominence_{episode.deal.broker}"
    before, after, later, broker_gain, lna_gain = APP_BROKER[name]
    assert_about(only(episode.before(column)), before, 0.005)
    assert_about(only(episode.first_week_after(column)), after, 0.005)
    assert_about(only(episode.weeks_after(column, 5)), later, 0.005)
    assert_about(only(episode.gain(f"influence_{episode.deal.broker}")), broker_gain, 0.001)
    assert_about(only(episode.gain("influence_lna")), lna_gain, 0.001)
    government, lna = APP_BLAME[name]
    assert_about(
        only(episode.weeks_after(f"blame_{episode.tripoli_government}", 6)), government, 0.005
    )
    assert_about(only(episode.weeks_after("blame_lna", 6)), lna, 0.005)
    assert_about(only(episode.recovered_share(8)), APP_RECOVERED[name], 0.005)
    un = app_episodes[COUNTERFACTUALS[name]].first_week_after("prominence_un")
    assert_about(only(un), UN_PROMINENCE[COUNTERFACTUALS[name]], 0.005)


def test_key_9_over_30_seeds_only_the_2020_figures_move_much(episodes):
    def spans(name: str, read, low: float, high: float, tolerance: float) -> None:
        assert_spans(read(episodes[name]), low, high, tolerance)

    spans("ports_handover_2018", lambda e: e.gain("influence_us"), 0.024, 0.031, 0.001)
    spans("sochi_2020", lambda e: e.gain("influence_russia"), 0.022, 0.027, 0.001)
    spans("bengdara_2022", lambda e: e.gain("influence_uae"), 0.018, 0.033, 0.001)
    spans("ports_handover_2018", lambda e: e.gain("influence_lna"), -0.009, -0.006, 0.001)
    spans("sochi_2020", lambda e: e.gain("influence_lna"), 0.024, 0.051, 0.001)
    spans("bengdara_2022", lambda e: e.gain("influence_lna"), -0.021, -0.018, 0.001)
    spans("sochi_2020", lambda e: e.gain("influence_oil_lna"), 0.009, 0.037, 0.001)
    spans("sochi_2020", lambda e: e.weeks_after("blame_gna", 6), 0.46, 0.71, 0.01)
    spans("sochi_2020", lambda e: e.weeks_after("blame_lna", 6), 0.25, 0.52, 0.01)
    spans("sochi_2020", lambda e: e.recovered_share(8), 0.44, 1.0, 0.01)
    for name in ("ports_handover_2018", "bengdara_2022"):
        spans(name, lambda e: e.recovered_share(8), 0.99, 0.99, 0.005)
        for column in ("blame_lna", f"blame_{episodes[name].tripoli_government}"):
            weeks = episodes[name].weeks_after(column, 6)
            assert weeks.max() - weeks.min() < 0.01, (name, column)
    for name in ("ports_handover_2018", "bengdara_2022"):
        oil = episodes[name].gain("influence_oil_lna")
        assert (oil < 0).all()
