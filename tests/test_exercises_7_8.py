"""Every factual claim of the keys to exercises 7 and 8 (docs/exercises/keys/).

Exercise 7's sweep runs here at a test size, N = 64 instead of the sheet's 256 (896 runs
instead of 3,584); each claim of its key held at both sizes, and with other root seeds (six at
N = 64, two at N = 256), when the key was written.
"""

from __future__ import annotations

import os
from functools import partial

import pandas as pd
import pytest

from config.sweeps import load_spec
from model import LibyaModel
from model.analysis import indices
from model.sweep import (
    count_runs,
    finish_manifest,
    iter_runs,
    load_runs,
    open_manifest,
    plan,
    run_local,
    write_part,
)

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


def test_key_7_patron_money_moves_the_money_share_from_the_lna_to_russia_and_turkey():
    def finals(support: float) -> pd.DataFrame:
        rows = []
        for seed in range(10):
            model = LibyaModel(rng=seed, scenario_name="no_deal", support_usd_m_per_week=support)
            model.run_model()
            rows.append(model.datacollector.get_model_vars_dataframe().iloc[-1])
        return pd.DataFrame(rows)

    without, with_support = finals(0.0), finals(20.0)
    for column, direction in [
        ("influence_money_lna", -1),
        ("influence_russia", 1),
        ("influence_turkey", 1),
    ]:
        change = with_support[column].mean() - without[column].mean()
        assert direction * change > 0.01, column
