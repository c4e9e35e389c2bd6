"""Every figure of the key to exercise 10 (a class plays 2020), on 30 seeds and the app's seed.

A class is one run of `sochi_2020` in which teams make some actors' choices
(`experiments.classroom.ClassRun`). Each test plays one team's choice (every other role left
to the model, as a class with only that team would) against the model's own path on the same
seed, and checks what the key says it changes. The teams' choices are given as the moves a
class records and played with `ClassRun.replay`, which rebuilds a class from its moves; one
test checks on the app's seed that a class playing the same choice live, week by week, gives
the same run, and that the waited-for roles are first asked in the weeks the sheet names.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from experiments.classroom import ClassRun, ClassSetup, Move
from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from tests.conftest import ENSEMBLE_SEEDS

ROLES = ("lna", "gna", "noc", "un", "us", "russia", "turkey")
FIRST_DECISION = dt.date(2020, 1, 21)
"""The week the LNA first decides on its blockade (the blockade starts on 17 January)."""
BEFORE_THE_DEAL = dt.date(2020, 9, 15)
"""The last week ending before the deal of 18 September 2020 (the record ends about then)."""
AFTER_THE_DEAL = dt.date(2020, 9, 22)
"""The first week ending after the deal: the NOC and the GNA are first asked then."""
ALL_WEEKS = range(200)  # more weeks than a run has: a choice "whenever asked"


def setup(seed: int) -> ClassSetup:
    """A class on the sheet's preset with every role open to students."""
    return ClassSetup("sochi_2020", seed, ROLES)


def first_lna_step() -> int:
    """The step at which a class is first asked for the LNA's decision (same in every seed)."""
    run = ClassRun(setup(DEFAULT_SEED))
    while "lna" not in run.asked():
        run.advance(held=())
    return run.model.steps


def team_moves(first: int) -> dict[str, list[Move]]:
    """Each team's choice as a class records it; 'model' is no student choice at all.

    Standing roles choose once, in the week of the LNA's first decision (the class's first
    pause), and keep it; waited-for roles choose the same whenever asked.
    """

    def standing(actor: str, option: str) -> list[Move]:
        return [Move(first, actor, option)]

    def whenever_asked(actor: str, option: str) -> list[Move]:
        return [Move(step, actor, option) for step in ALL_WEEKS]

    return {
        "model": [],
        "lna lifts": [Move(first, "lna", "Lift the blockade")],
        "lna keeps": whenever_asked("lna", "Keep the blockade"),
        "noc keeps": whenever_asked("noc", "Keep force majeure"),
        "gna honours": whenever_asked("gna", "Honour the transfers"),
        "gna refuses": whenever_asked("gna", "Refuse the transfers"),
        "un wide": standing("un", "Wide and hard"),
        "un low": standing("un", "Low profile"),
        "us hard": standing("us", "Press hard"),
        "us eases": standing("us", "Ease off"),
        "russia holds back": standing("russia", "Hold back support"),
        "turkey holds back": standing("turkey", "Hold back support"),
    }


def measures(model: LibyaModel) -> dict[str, object]:
    """What the key reads from one run: the oil, the money, the standing, and when."""
    weekly = model.datacollector.get_model_vars_dataframe()
    weekly.index = pd.to_datetime(weekly.date).dt.date
    before = weekly.loc[BEFORE_THE_DEAL]
    end = weekly.iloc[-1]
    lifts = [d.step for d in model.why("lna", "blockade") if not d.choice]
    return {
        "lifted": weekly.index[lifts[0]] if lifts else None,
        "weeks blockaded": int((weekly.blockaded_assets > 0).sum()),
        "mean oil": weekly.production_kbpd.mean(),
        "loss": end.cumulative_loss_usd_bn,
        "frozen": end.frozen_usd_bn,
        "lna influence before": before.influence_lna,
        "lna influence end": end.influence_lna,
        "lna cash before": before.lna_cash_usd_m,
        "lna cash end": end.lna_cash_usd_m,
        "gna influence before": before.influence_gna,
        "noc influence end": end.influence_noc,
        "noc blame end": end.blame_noc,
        "lna blame end": end.blame_lna,
        "un prominence before": before.prominence_un,
        "most watched before": before.filter(regex="^prominence_").astype(float).idxmax(),
        "un influence before": before.influence_un,
    }


@pytest.fixture(scope="module")
def plays() -> dict[str, pd.DataFrame]:
    """Each team's choice on 30 seeds and the app's: policy -> one row of measures per seed."""
    moves = team_moves(first_lna_step())
    seeds = [*ENSEMBLE_SEEDS, DEFAULT_SEED]
    return {
        name: pd.DataFrame(
            [measures(ClassRun.replay(setup(seed), made, [], 10**6).model) for seed in seeds],
            index=seeds,
        )
        for name, made in moves.items()
    }


def over_30(plays: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    return plays[name].loc[list(ENSEMBLE_SEEDS)]


def app_seed(plays: dict[str, pd.DataFrame], name: str) -> pd.Series:
    return plays[name].loc[DEFAULT_SEED]


def differences(plays: dict[str, pd.DataFrame], name: str, measure: str) -> pd.Series:
    """Per seed of the 30: the team's run minus the model's path, on one measure."""
    return over_30(plays, name)[measure] - over_30(plays, "model")[measure]


def test_key_10_a_live_class_asks_in_the_weeks_the_sheet_names_and_plays_as_its_record():
    path = ClassRun(setup(DEFAULT_SEED))
    first_asked: dict[str, dt.date] = {}
    while path.model.running and len(first_asked) < 3:
        for actor in path.asked():
            first_asked.setdefault(actor, next_week_end(path.model))
        path.advance(held=())
    assert first_asked == {"lna": FIRST_DECISION, "noc": AFTER_THE_DEAL, "gna": AFTER_THE_DEAL}
    live = ClassRun(setup(DEFAULT_SEED))
    while live.model.running:
        if "lna" in live.asked():
            live.choose("lna", "Lift the blockade", "the LNA's team")
        live.advance(held=("lna",))
    assert [(m.step, m.option) for m in live.moves] == [(first_lna_step(), "Lift the blockade")]
    replayed = ClassRun.replay(setup(DEFAULT_SEED), live.moves, [], 10**6).model
    assert measures(replayed) == measures(live.model)


def next_week_end(model: LibyaModel) -> dt.date:
    """The end of the week about to be played."""
    return dt.date.fromisoformat(model.datacollector.model_vars["date"][-1]) + dt.timedelta(7)


# --- the model's own path ------------------------------------------------------------------


def test_key_10_the_models_lna_lifts_after_the_deal_in_most_seeds_the_app_seed_included(plays):
    model = over_30(plays, "model")
    lifted = model.lifted
    assert app_seed(plays, "model").lifted == AFTER_THE_DEAL
    assert (lifted == AFTER_THE_DEAL).sum() == 24
    assert sorted(lifted[lifted != AFTER_THE_DEAL].astype(str)) == [
        "2020-03-17",
        "2020-06-09",
        "2020-08-25",
        "2020-09-29",
        "2020-09-29",
        "2020-10-06",
    ]
    assert early_lifts(plays) == [8, 25, 28]
    oil = model["mean oil"]
    assert round(oil.min()) == 562 and round(oil.max()) == 1006
    assert app_seed(plays, "model")["weeks blockaded"] == 35


# --- the LNA ------------------------------------------------------------------------------------


def test_key_10_the_lna_lifting_at_its_first_decision_gives_more_oil_in_every_seed(plays):
    lifts, model = over_30(plays, "lna lifts"), over_30(plays, "model")
    assert (lifts.lifted == FIRST_DECISION).all()
    more = lifts["mean oil"] - model["mean oil"]
    assert more.min() > 80 and more.max() < 520  # kbpd, on average over the run
    assert sorted(more.nsmallest(2).index) == [25, 28]  # the model's LNA lifted early too
    assert lifts.loss.min() >= 1.5 and lifts.loss.max() <= 9.5
    assert model.loss.min() >= 4.4 and model.loss.max() <= 17.2
    assert (lifts.loss < model.loss).all()
    assert 1000 <= lifts["mean oil"].median() <= 1100 and 600 <= model["mean oil"].median() <= 660
    assert 2.5 <= lifts.loss.median() <= 4.0 and 13.5 <= model.loss.median() <= 15.0
    ours, theirs = app_seed(plays, "lna lifts"), app_seed(plays, "model")
    assert round(ours["mean oil"]) == 1078 and round(theirs["mean oil"]) == 635
    assert round(ours.loss, 1) == 2.5 and round(theirs.loss, 1) == 14.1


def test_key_10_lifting_early_costs_the_lna_influence_while_the_blockade_would_have_been_on(
    plays,
):
    before = differences(plays, "lna lifts", "lna influence before").drop(early_lifts(plays))
    assert (before < -0.03).all() and (before > -0.055).all()
    at_end = differences(plays, "lna lifts", "lna influence end")
    assert at_end.abs().max() < 0.011
    assert round(app_seed(plays, "lna lifts")["lna influence before"], 2) == 0.22
    assert round(app_seed(plays, "model")["lna influence before"], 2) == 0.26


def early_lifts(plays: dict[str, pd.DataFrame]) -> list[int]:
    """The seeds in which the model's own LNA lifts before the deal."""
    lifted = over_30(plays, "model").lifted
    return list(lifted[lifted < BEFORE_THE_DEAL].index)


def test_key_10_an_lna_that_never_lifts_blockades_to_the_end_the_deal_notwithstanding(plays):
    keeps, model = over_30(plays, "lna keeps"), over_30(plays, "model")
    assert keeps.lifted.isna().all() and (keeps["weeks blockaded"] == 77).all()
    assert (keeps["mean oil"] < 300).all()
    assert 27.5 <= keeps.loss.median() <= 28.5
    gain = keeps["lna influence end"] - model["lna influence end"]
    assert gain.min() > 0.07 and gain.max() < 0.1
    assert (keeps["lna blame end"] > 0.7).all()
    assert (keeps["lna cash end"] < model["lna cash end"]).all()


# --- the NOC ------------------------------------------------------------------------------------


def test_key_10_an_noc_that_keeps_force_majeure_shuts_the_oil_as_surely_as_the_blockade(plays):
    noc, lna = over_30(plays, "noc keeps"), over_30(plays, "lna keeps")
    model = over_30(plays, "model")
    assert (noc["mean oil"] == lna["mean oil"]).all()
    assert (noc["weeks blockaded"] == model["weeks blockaded"]).all()
    assert (noc["noc blame end"] > 0.7).all() and (model["noc blame end"] < 0.15).all()
    assert (noc["noc influence end"] < 0.04).all() and (model["noc influence end"] > 0.1).all()
    ours, theirs = app_seed(plays, "noc keeps"), app_seed(plays, "model")
    assert round(ours["mean oil"]) == 288
    assert round(ours["noc blame end"], 2) == 0.86 and round(theirs["noc blame end"], 2) == 0.08
    assert round(ours["noc influence end"], 2) == 0.03
    assert round(theirs["noc influence end"], 2) == 0.12


# --- the GNA ------------------------------------------------------------------------------------


def test_key_10_the_gnas_compliance_moves_the_money_not_the_oil(plays):
    honours, refuses = over_30(plays, "gna honours"), over_30(plays, "gna refuses")
    assert (honours.frozen < refuses.frozen).all()
    assert (honours["lna cash end"] > refuses["lna cash end"] + 400).all()
    assert 0.1 <= honours.frozen.median() <= 0.2 and 0.9 <= refuses.frozen.median() <= 1.1
    assert (refuses["mean oil"] == over_30(plays, "model")["mean oil"]).all()
    ours, theirs = app_seed(plays, "gna honours"), app_seed(plays, "gna refuses")
    assert round(ours.frozen, 2) == 0.13 and round(theirs.frozen, 2) == 0.94
    assert round(ours["lna cash end"]) == 1180 and round(theirs["lna cash end"]) == 470


# --- the standing roles: the UN, the US, Russia, Turkey ------------------------------------


def same_oil_in_every_seed(plays: dict[str, pd.DataFrame], name: str) -> bool:
    return bool((differences(plays, name, "mean oil") == 0).all())


def test_key_10_a_un_going_wide_and_hard_gains_prominence_and_changes_no_oil(plays):
    gain = differences(plays, "un wide", "un prominence before")
    assert (gain.round(2) == 0.19).all()
    wide, model = app_seed(plays, "un wide"), app_seed(plays, "model")
    assert round(wide["un prominence before"], 2) == 0.58
    assert round(model["un prominence before"], 2) == 0.40
    assert round(app_seed(plays, "un low")["un prominence before"], 2) == 0.30
    # the most watched already on the model's path; wide, more than the other three together
    assert (over_30(plays, "model")["most watched before"] == "prominence_un").all()
    assert (over_30(plays, "un wide")["un prominence before"] > 0.5).all()  # a share of four
    influence = differences(plays, "un wide", "un influence before")
    assert (influence.round(3) == 0.023).all()
    assert same_oil_in_every_seed(plays, "un wide") and same_oil_in_every_seed(plays, "un low")


def test_key_10_the_us_pressing_hard_or_easing_off_moves_the_lift_by_weeks_in_a_few_runs(plays):
    model = over_30(plays, "model").lifted
    hard, eases = over_30(plays, "us hard").lifted, over_30(plays, "us eases").lifted
    assert (hard <= model).all() and (hard < model).sum() == 4  # earlier in 4 runs, never later
    assert (eases >= model).all() and (eases > model).sum() == 7  # later in 7, never earlier
    weeks = pd.concat([model - hard, eases - model]).map(lambda gap: gap.days // 7)
    assert weeks.max() == 3
    for name in ("us hard", "us eases"):
        assert (
            app_seed(plays, name).lifted == dt.date(2020, 9, 22) == app_seed(plays, "model").lifted
        )


def test_key_10_a_patron_holding_back_weakens_its_client_and_rarely_moves_the_oil(plays):
    russia = differences(plays, "russia holds back", "lna influence before")
    assert (russia < -0.015).all()
    cash = differences(plays, "russia holds back", "lna cash before")
    assert (cash < -260).all() and (cash > -360).all()  # USD m, the week before the deal
    assert (differences(plays, "russia holds back", "mean oil") != 0).sum() == 4
    turkey = differences(plays, "turkey holds back", "gna influence before")
    assert (turkey < -0.02).all()
    assert (differences(plays, "turkey holds back", "lna influence before") > 0.015).all()
    assert same_oil_in_every_seed(plays, "turkey holds back")
    russia_78, turkey_78 = (
        app_seed(plays, "russia holds back"),
        app_seed(plays, "turkey holds back"),
    )
    model_78 = app_seed(plays, "model")
    assert russia_78["lna cash before"] == 620 and model_78["lna cash before"] == 920
    assert round(russia_78["lna influence before"], 3) == 0.235
    assert round(model_78["lna influence before"], 3) == 0.263
    assert round(turkey_78["gna influence before"], 3) == 0.258
    assert round(model_78["gna influence before"], 3) == 0.290
    assert round(turkey_78["lna influence before"], 3) == 0.289


def test_key_10_the_runs_end_on_6_july_2021_so_every_figure_at_the_end_is_a_forecast():
    run = ClassRun.replay(setup(DEFAULT_SEED), [], [], 10**6)
    assert run.model.datacollector.model_vars["date"][-1] == "2021-07-06"
