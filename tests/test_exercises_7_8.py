"""Every factual claim of the keys to exercises 7 and 8 (docs/exercises/keys/).

Exercise 7's sweep runs here at a test size, N = 64 instead of the sheet's 256 (896 runs
instead of 3,584); each claim of its key held at both sizes, and with other root seeds (six at
N = 64, two at N = 256), when the key was written. Exercise 8's claims compare the worked example
(docs/exercises/examples/egypt.py) with the base model on the same 30 seeds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import partial

import pandas as pd
import pytest

from config.exercises import EXERCISES_DIR
from docs.exercises.examples.egypt import LibyaModelWithEgypt, main, run_with_egypt
from experiments.analysis import indices
from experiments.runner import DEFAULT_SEED
from experiments.sweep import (
    count_runs,
    finish_manifest,
    iter_runs,
    load_runs,
    open_manifest,
    plan,
    run_local,
    write_part,
)
from experiments.sweep_spec import load_spec
from experiments.validation import (
    DEAL_DATE,
    PRE_DEAL,
    RETREAT_DATE,
    WEEK,
    Ensemble,
    influence_change_after_the_deal,
)
from model import LibyaModel
from model.influence import COMPONENTS
from tests.conftest import ENSEMBLE_SEEDS
from tests.key_figures import app_seed, assert_about, assert_spans, only

# --- exercise 7: which parameters matter ------------------------------------------------------

TEST_SAMPLES = 64
DECISION_PARAMETERS = (
    "blockade_bias",
    "blockade_finance_weight",
    "blockade_pressure_weight",
    "blockade_public_weight",
    "support_usd_m_per_week",
)


@pytest.fixture(scope="module")
def exercise_7(tmp_path_factory) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sheet's sweep at the test size: its indices (by outcome and parameter) and runs."""
    spec = load_spec("exercise_7").model_copy(update={"samples": TEST_SAMPLES})
    out = tmp_path_factory.mktemp("exercise_7")
    open_manifest(out, spec, count_runs(spec))
    run_local(spec, iter_runs(spec), os.cpu_count() or 1, partial(write_part, out))
    finish_manifest(out)
    return indices(out).set_index(["outcome", "parameter"]), load_runs(out)


def test_key_7_the_sheets_sweep_is_a_sobol_design_of_3584_runs_without_the_deal():
    spec = load_spec("exercise_7")
    assert (spec.scenario, spec.design, spec.samples) == ("no_deal", "sobol", 256)
    assert len(plan(spec)) == 3584
    assert set(DECISION_PARAMETERS) | {"restart_ramp_per_week"} == set(spec.parameters)


def test_key_7_every_decision_weight_and_the_patrons_money_matter_for_the_blockade(exercise_7):
    table, runs = exercise_7
    for outcome in ("blockade_weeks", "cumulative_loss_usd_bn"):
        for parameter in DECISION_PARAMETERS:
            row = table.loc[(outcome, parameter)]
            assert row["ST"] > 0.1, (outcome, parameter)
            assert not row["negligible"], (outcome, parameter)
    weeks, loss = runs["blockade_weeks"], runs["cumulative_loss_usd_bn"]
    assert weeks.corr(loss, method="spearman") > 0.5


def test_key_7_no_parameter_dominates_the_blockade_and_the_first_is_not_settled(exercise_7):
    table, _ = exercise_7
    ranked = table.loc["blockade_weeks"].loc[list(DECISION_PARAMETERS)].sort_values("ST")
    first, second = ranked.iloc[-1], ranked.iloc[-2]
    assert first["ST"] < 2 * second["ST"]
    assert first["ST"] - first["ST_conf"] < second["ST"] + second["ST_conf"]


def test_key_7_the_restart_speed_cannot_change_the_blockade_and_barely_the_loss(exercise_7):
    table, _ = exercise_7
    blockade = table.loc[("blockade_weeks", "restart_ramp_per_week")]
    assert blockade["ST"] < 1e-9
    assert blockade["negligible"]
    assert table.loc[("cumulative_loss_usd_bn", "restart_ramp_per_week"), "ST"] < 0.05


def test_key_7_the_total_order_indices_of_the_blockade_add_up_to_well_over_one(exercise_7):
    table, _ = exercise_7
    assert table.loc["blockade_weeks", "ST"].sum() > 1.1


def test_key_7_the_patrons_money_decides_haftars_final_influence(exercise_7):
    table, _ = exercise_7
    final = table.loc["final_influence_lna"]
    support = final.loc["support_usd_m_per_week"]
    others = final.drop(index="support_usd_m_per_week")
    assert support["ST"] > 2 * others["ST"].max()
    assert support["S1"] > 0.5


def test_key_7_more_patron_money_lengthens_the_blockade_but_lowers_haftars_final_share(
    exercise_7,
):
    _, runs = exercise_7
    support = runs["support_usd_m_per_week"]
    assert support.corr(runs["final_influence_lna"], method="spearman") < -0.5
    assert support.corr(runs["blockade_weeks"], method="spearman") > 0.1


def _no_deal_runs(**parameters: float) -> dict[int, pd.DataFrame]:
    """`no_deal` at the given parameters, by seed: the 30 ensemble seeds and the app's seed."""
    runs = {}
    for seed in (*ENSEMBLE_SEEDS, DEFAULT_SEED):
        model = LibyaModel(rng=seed, scenario_name="no_deal", **parameters)
        model.run_model()
        runs[seed] = model.datacollector.get_model_vars_dataframe()
    return runs


def _final(runs: dict[int, pd.DataFrame], column: str) -> tuple[pd.Series, float]:
    """A column's last value over the 30 seeds, and for the app's seed."""
    finals = pd.Series({seed: weekly[column].iloc[-1] for seed, weekly in runs.items()})
    return finals.drop(DEFAULT_SEED), float(finals[DEFAULT_SEED])


def _blockade_weeks(runs: dict[int, pd.DataFrame]) -> tuple[pd.Series, float]:
    weeks = pd.Series({seed: int((w["blockaded_assets"] > 0).sum()) for seed, w in runs.items()})
    return weeks.drop(DEFAULT_SEED), float(weeks[DEFAULT_SEED])


@pytest.fixture(scope="module")
def patron_money() -> dict[float, dict[int, pd.DataFrame]]:
    return {support: _no_deal_runs(support_usd_m_per_week=support) for support in (0.0, 20.0)}


def test_key_7_patron_money_moves_the_money_share_from_the_lna_to_russia_and_turkey(
    patron_money,
):
    without, with_support = patron_money[0.0], patron_money[20.0]
    for column, direction in [
        ("influence_money_lna", -1),
        ("influence_russia", 1),
        ("influence_turkey", 1),
    ]:
        change = _final(with_support, column)[0].mean() - _final(without, column)[0].mean()
        assert direction * change > 0.01, column
    share, app_share = (_final(runs, "influence_lna") for runs in (without, with_support))
    assert_about(share[1], 0.379, 0.001) and assert_about(app_share[1], 0.321, 0.001)
    assert_spans(app_share[0] - share[0], -0.1, -0.051, 0.002)
    money, app_money = (_final(runs, "influence_money_lna") for runs in (without, with_support))
    assert_about(app_money[1] - money[1], -0.099, 0.001)
    assert_spans(app_money[0] - money[0], -0.1, -0.086, 0.002)
    weeks, weeks_with_support = _blockade_weeks(without), _blockade_weeks(with_support)
    assert (weeks[1], weeks_with_support[1]) == (61, 77)
    assert_spans(weeks[0], 8, 58, 0) and assert_spans(weeks_with_support[0], 8, 77, 0)


def test_key_7_the_dice_alone_spread_the_blockade_from_8_to_77_weeks(no_deal):
    blockaded = no_deal.series("blockaded_assets")
    weeks = (blockaded > 0).sum()
    assert_spans(weeks, 8, 77, 0)
    assert weeks.median() == 58
    assert (blockaded.iloc[-1] > 0).sum() == 6  # "still on in July 2021 in 6 runs"
    assert (no_deal.at("blockaded_assets", PRE_DEAL) == 0).sum() == 3  # "by mid-September 2020"
    app = app_seed("no_deal").series("blockaded_assets")[DEFAULT_SEED]
    assert int((app > 0).sum()) == 73
    lifted = app[(app.index > pd.Timestamp("2020-02-01")) & (app == 0)].index.min()
    assert lifted == pd.Timestamp("2021-06-15")


def test_key_7_the_restart_speed_changes_the_loss_not_the_blockade_run_by_run():
    slow, fast = _no_deal_runs(restart_ramp_per_week=0.2), _no_deal_runs(restart_ramp_per_week=1.0)
    (weeks_slow, app_slow), (weeks_fast, app_fast) = _blockade_weeks(slow), _blockade_weeks(fast)
    assert (weeks_slow == weeks_fast).all() and app_slow == app_fast == 73
    (loss_slow, app_loss_slow), (loss_fast, app_loss_fast) = (
        _final(runs, "cumulative_loss_usd_bn") for runs in (slow, fast)
    )
    assert_about(app_loss_slow - app_loss_fast, 0.55, 0.01)
    assert_spans(loss_slow - loss_fast, 0.0, 1.16, 0.01)
    assert_about((loss_slow - loss_fast).median(), 0.84, 0.01)
    assert_spans(loss_fast, 4, 28, 0.5) and assert_spans(loss_slow, 4, 28, 0.5)  # in whole bn


# --- exercise 8: extending the model: Egypt ---------------------------------------------------

END_OF_RUN = dt.date(2021, 7, 6)
OTHERS = ("russia", "turkey", "gna", "us", "un")


def _egypt_ensemble(name: str) -> Ensemble:
    return Ensemble(name, [run_with_egypt(name, seed) for seed in ENSEMBLE_SEEDS])


@pytest.fixture(scope="module")
def sochi_egypt() -> Ensemble:
    return _egypt_ensemble("sochi_2020")


@pytest.fixture(scope="module")
def no_deal_egypt() -> Ensemble:
    return _egypt_ensemble("no_deal")


def test_the_worked_example_runs_and_records_egypt_with_shares_summing_to_one(capsys):
    main(range(2))
    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == 4 and printed[2].split()[0] == "0"
    model = LibyaModelWithEgypt(rng=1)  # a bare model of the subclass has Egypt too
    model.run_model()
    weekly = model.datacollector.get_model_vars_dataframe()
    assert {"influence_egypt", "egypt_support_usd_m", "egypt_commitment"} <= set(weekly)
    shares = weekly[[f"influence_{a}" for a in model.actor_ids]].sum(axis=1)
    assert shares.sub(1.0).abs().max() < 1e-9
    # the core records the added actor's components too; the example's own columns come last
    parts = [f"influence_{c}_egypt" for c in COMPONENTS]
    assert set(parts) <= set(weekly.columns)
    assert list(weekly.columns[-2:]) == ["egypt_support_usd_m", "egypt_commitment"]
    assert (weekly[parts].sum(axis=1) - weekly["influence_egypt"]).abs().max() < 1e-9
    assert [p.actor_id for p in model.powers] == ["russia", "turkey", "us", "egypt"]


def _code_blocks(text: str, language: str) -> list[list[str]]:
    blocks = re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)
    return [block.splitlines() for block in blocks]


def test_the_sheets_excerpts_are_the_examples_code_and_its_session_runs():
    # ```python blocks are excerpts of egypt.py: their lines appear there in the same order
    # (`...` stands for lines left out). The ```py block is a session for students; it runs.
    sheet = (EXERCISES_DIR / "08_extending_the_model.md").read_text(encoding="utf-8")
    module = (EXERCISES_DIR / "examples" / "egypt.py").read_text(encoding="utf-8").splitlines()
    excerpts = _code_blocks(sheet, "python")
    assert len(excerpts) == 3
    # the ```toml block is the example's cast, its comments left out
    cast = (EXERCISES_DIR / "examples" / "egypt_cast.toml").read_text(encoding="utf-8")
    cast_lines = {line.split("#")[0].rstrip() for line in cast.splitlines()}
    for line in _code_blocks(sheet, "toml")[0]:
        assert line in cast_lines, line
    for excerpt in excerpts:
        remaining = iter(module)
        for line in excerpt:
            if line.strip() not in ("", "..."):
                assert any(line == candidate for candidate in remaining), line
    (session,) = _code_blocks(sheet, "py")
    exec(compile("\n".join(session), "08_extending_the_model.md", "exec"), {})


def test_the_core_model_is_unchanged_when_the_example_is_not_used():
    model = LibyaModel(rng=1)
    assert [p.actor_id for p in model.powers] == ["russia", "turkey", "us"]
    assert LibyaModel.extra_reporters == {}
    assert "influence_egypt" not in model.datacollector.model_reporters


def test_key_8_egypt_draws_its_red_line_the_week_after_the_lnas_retreat(sochi_egypt):
    for events in sochi_egypt.events("red_line"):
        assert len(events) == 1
        drawn = dt.date.fromisoformat(events["date"].item())
        assert RETREAT_DATE < drawn <= RETREAT_DATE + WEEK
        assert drawn == dt.date(2020, 6, 9)


def test_key_8_egypts_money_leaves_the_lna_a_third_richer_by_mid_september(sochi, sochi_egypt):
    base = sochi.at("lna_cash_usd_m", PRE_DEAL)
    egypt = sochi_egypt.at("lna_cash_usd_m", PRE_DEAL)
    assert (egypt > base).all()
    assert 1.25 <= egypt.median() / base.median() <= 1.45
    assert (egypt - base).min() > 200
    assert (egypt - base).max() < 500


def test_key_8_the_lna_gains_influence_through_its_backing(sochi, sochi_egypt):
    change = sochi_egypt.at("influence_lna", PRE_DEAL) - sochi.at("influence_lna", PRE_DEAL)
    assert (change > 0).mean() >= 0.9
    assert change.median() > 0.01
    backing = sochi_egypt.at("influence_backing_lna", PRE_DEAL) - sochi.at(
        "influence_backing_lna", PRE_DEAL
    )
    assert (backing > 0).all()


def test_key_8_egypts_share_comes_out_of_everyone_elses(sochi, sochi_egypt):
    assert 0.04 <= sochi_egypt.at("influence_egypt", PRE_DEAL).median() <= 0.07
    for actor in OTHERS:
        column = f"influence_{actor}"
        assert (sochi_egypt.at(column, PRE_DEAL) < sochi.at(column, PRE_DEAL)).all(), actor


def test_key_8_with_the_deal_egypt_changes_neither_the_reopening_nor_haftars_gain(
    sochi, sochi_egypt
):
    october = DEAL_DATE + 4 * WEEK
    assert (sochi.at("blockaded_assets", october) == 0).all()
    assert (sochi_egypt.at("blockaded_assets", october) == 0).all()
    gain = influence_change_after_the_deal(sochi).median()
    gain_with_egypt = influence_change_after_the_deal(sochi_egypt).median()
    assert abs(gain_with_egypt - gain) < 0.01


def test_key_8_without_the_deal_egypts_money_keeps_the_blockade_going(no_deal, no_deal_egypt):
    still_on = (no_deal.at("blockaded_assets", END_OF_RUN) > 0).mean()
    still_on_with_egypt = (no_deal_egypt.at("blockaded_assets", END_OF_RUN) > 0).mean()
    assert still_on_with_egypt > 0.5
    assert still_on < 0.4
    assert still_on_with_egypt - still_on > 0.3


def _app_egypt(name: str) -> Ensemble:
    return Ensemble(name, [run_with_egypt(name, DEFAULT_SEED)])


def test_key_8_the_apps_seed_and_the_30_seeds_give_the_keys_figures(sochi, sochi_egypt):
    base, egypt = app_seed("sochi_2020"), _app_egypt("sochi_2020")
    assert_about(only(egypt.at("lna_cash_usd_m", PRE_DEAL)), 1_200, 5)
    assert_about(only(base.at("lna_cash_usd_m", PRE_DEAL)), 920, 5)
    assert_spans(
        sochi_egypt.at("lna_cash_usd_m", PRE_DEAL) - sochi.at("lna_cash_usd_m", PRE_DEAL),
        230,
        420,
        5,
    )
    assert_about(only(egypt.at("influence_lna", PRE_DEAL)), 0.277, 0.001)
    assert_about(only(base.at("influence_lna", PRE_DEAL)), 0.263, 0.001)
    assert_about(only(egypt.at("influence_egypt", PRE_DEAL)), 0.053, 0.001)
    change = sochi_egypt.at("influence_lna", PRE_DEAL) - sochi.at("influence_lna", PRE_DEAL)
    assert (change > 0).sum() == 29
    assert_spans(change, -0.025, 0.054, 0.001)
    assert_spans(sochi_egypt.at("influence_egypt", PRE_DEAL), 0.052, 0.056, 0.001)
    assert_about(only(influence_change_after_the_deal(egypt)), 0.027, 0.001)
    assert_about(only(influence_change_after_the_deal(base)), 0.028, 0.001)
    assert_spans(influence_change_after_the_deal(sochi_egypt), 0.021, 0.049, 0.001)
    assert_spans(influence_change_after_the_deal(sochi), 0.021, 0.051, 0.001)


def test_key_8_varying_the_seed_egypt_keeps_the_blockade_on_in_22_runs_against_6(
    no_deal, no_deal_egypt
):
    def weeks_and_still_on(ensemble: Ensemble) -> tuple[pd.Series, pd.Series]:
        blockaded = ensemble.series("blockaded_assets")
        return (blockaded > 0).sum(), blockaded.iloc[-1] > 0

    (weeks_egypt, on_egypt), (weeks, on) = (weeks_and_still_on(e) for e in (no_deal_egypt, no_deal))
    assert (on_egypt.sum(), on.sum()) == (22, 6)
    assert_spans(weeks_egypt, 19, 77, 0) and assert_spans(weeks, 8, 77, 0)
    (app_weeks_egypt, app_on_egypt), (app_weeks, app_on) = (
        weeks_and_still_on(e) for e in (_app_egypt("no_deal"), app_seed("no_deal"))
    )
    assert (only(app_weeks_egypt), bool(only(app_on_egypt))) == (77, True)
    assert (only(app_weeks), bool(only(app_on))) == (73, False)
    red_line = _app_egypt("sochi_2020").events("red_line")[0]
    assert red_line["date"].tolist() == ["2020-06-09"]
