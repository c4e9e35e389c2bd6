"""Role play (experiments.roleplay): a player makes one actor's decision, the model the rest."""

from __future__ import annotations

import pandas as pd
import pytest

from experiments.roleplay import (
    ROLES,
    agreement,
    compare_paths,
    model_path,
    play_until_asked,
    play_week,
    players_decisions,
    week_ahead,
)
from model import LibyaModel

SEEDS = range(10)


def weekly_table(model: LibyaModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def played_to_the_end(role_id: str, option: str, seed: int) -> tuple[LibyaModel, LibyaModel]:
    """A whole run with the player always choosing `option`, and the model's own path."""
    played = LibyaModel(rng=seed)
    while played.running:
        play_week(played, ROLES[role_id], option)
    return played, model_path(played.steps, rng=seed)


def differences(role_id: str, option: str) -> pd.DataFrame:
    """Your path minus the model's, per measure (rows) and seed (columns)."""
    return pd.DataFrame(
        {
            seed: compare_paths(*played_to_the_end(role_id, option, seed), ROLES[role_id])[
                "difference"
            ]
            for seed in SEEDS
        }
    )


def test_a_player_who_chooses_as_the_model_did_reproduces_the_models_own_run():
    reference = LibyaModel(rng=3, scenario_name="no_deal")
    reference.run_model()
    model_choices = {d.step: d.choice for d in reference.why("lna", "blockade")}
    played = LibyaModel(rng=3, scenario_name="no_deal")
    while played.running:
        keep = model_choices.get(played.steps + 1, True)
        play_week(
            played, ROLES["revenue_claimant"], "Keep the blockade" if keep else "Lift the blockade"
        )
    pd.testing.assert_frame_equal(
        played.datacollector.get_model_vars_dataframe(),
        reference.datacollector.get_model_vars_dataframe(),
    )
    matched, decided = agreement(played, ROLES["revenue_claimant"])
    assert matched == decided == len(model_choices) > 30


def test_each_players_decision_records_what_the_models_draw_would_have_decided():
    model = LibyaModel(rng=5)
    while not players_decisions(model, ROLES["revenue_claimant"]):
        play_week(model, ROLES["revenue_claimant"], "Lift the blockade")
    (decision,) = players_decisions(model, ROLES["revenue_claimant"])
    assert decision.choice is False and decision.model_choice is True
    assert "the player's choice; the model's draw: LNA keeps the blockade" in (decision.explanation)
    assert not model.blockaded_assets("lna")


def test_an_lna_that_lifts_the_blockade_at_once_saves_the_country_billions_but_gains_nothing():
    diff = differences("revenue_claimant", "Lift the blockade")
    assert (diff.loc["loss from the blockade (USD bn)"] < -5.0).all()
    assert (diff.loc["weeks with a blockade"] <= -30).all()
    # by the end its influence is about where the blockade leaves it: a little lower in most
    # runs (median -0.001), never more than 0.005 higher
    influence = diff.loc["LNA: influence (share)"]
    assert influence.median() < 0
    assert (influence < 0.005).all()


def test_a_noc_that_never_lifts_force_majeure_takes_the_blame_and_oil_stays_shut():
    diff = differences("oil_company", "Keep force majeure")
    assert (diff.loc["NOC: blame (share)"] > 0.5).all()
    assert (diff.loc["oil production (kbpd)"] < -500).all()
    assert (diff.loc["NOC: influence (share)"] < 0).all()


def test_a_un_that_engages_wide_and_hard_gains_prominence_from_russia_and_the_us():
    played, reference = played_to_the_end("un_mission", "Wide and hard", seed=0)
    diff = compare_paths(played, reference, ROLES["un_mission"])["difference"]
    assert diff["UN: prominence (share)"] > 0.2
    assert diff["Russia: prominence (share)"] < 0 and diff["US: prominence (share)"] < 0
    engagement = played.event_log().query("kind == 'un_engagement'")
    assert len(engagement) == 1  # injected once; the standing choice is not repeated


def test_a_players_choice_stands_until_handed_back_to_the_model():
    model = LibyaModel(rng=1)
    play_week(model, ROLES["revenue_claimant"], "Lift the blockade")
    assert model.player_choices == {("lna", "blockade"): False}
    model.choose_for("lna", "blockade", None)
    assert model.player_choices == {}


@pytest.mark.parametrize("role_id", ["revenue_claimant", "oil_company"])
@pytest.mark.parametrize("seed", [1, 78])
def test_a_role_is_asked_exactly_in_the_weeks_in_which_the_model_makes_its_decision(role_id, seed):
    role = ROLES[role_id]
    model = LibyaModel(rng=seed)
    while model.running:
        asked = role.is_asked(model)
        model.step()
        decided = any(d.step == model.steps for d in model.why(role.actor(model.cast), role.kind))
        assert asked == decided, f"week ending {model.date}"
    assert not role.is_asked(model)


def test_looking_a_week_ahead_leaves_the_model_untouched():
    model = LibyaModel(rng=78)
    model.run_for(15)
    weekly, decisions = weekly_table(model).copy(), list(model.log.decisions)
    ahead = week_ahead(model)
    assert ahead.blockaded_assets("lna") and not model.blockaded_assets("lna")
    assert {d.step for d in ahead.log.decisions} == {16}
    assert model.steps == 15 and model.log.decisions == decisions
    pd.testing.assert_frame_equal(weekly_table(model), weekly)


def test_the_lna_is_first_asked_in_the_week_the_blockade_begins_in_january_2020():
    model = LibyaModel(rng=78)
    assert play_until_asked(model, ROLES["revenue_claimant"]) == 15
    assert f"{model.date}" == "2020-01-14" and not model.why("lna", "blockade")
    play_week(model, ROLES["revenue_claimant"], "Keep the blockade")
    assert model.blockaded_assets("lna")  # imposed on 17 January, then kept by the player
    assert [d.by_player for d in model.why("lna", "blockade")] == [True]


def test_the_noc_is_first_asked_in_the_week_the_deal_of_18_september_2020_reopens_oil():
    model = LibyaModel(rng=78)
    assert not model.actor("noc").waiting_sites()
    play_until_asked(model, ROLES["oil_company"])
    assert f"{model.date}" == "2020-09-15"
    assert not model.actor("noc").waiting_sites()  # the blockade is lifted within the coming week
    assert ROLES["oil_company"].is_asked(model)


def test_after_the_lna_lifts_its_blockade_the_rest_of_the_run_is_played_to_the_end():
    model = LibyaModel(rng=78)
    play_until_asked(model, ROLES["revenue_claimant"])
    play_week(model, ROLES["revenue_claimant"], "Lift the blockade")
    assert play_until_asked(model, ROLES["revenue_claimant"]) == model.params.weeks - 16
    assert not model.running and len(players_decisions(model, ROLES["revenue_claimant"])) == 1


def test_the_un_is_asked_every_week_until_the_run_ends():
    model = LibyaModel(rng=1)
    assert play_until_asked(model, ROLES["un_mission"]) == 0
    model.run_model()
    assert not ROLES["un_mission"].is_asked(model)


@pytest.mark.parametrize("role_id", list(ROLES))
def test_an_unknown_option_is_refused_with_the_allowed_ones(role_id):
    with pytest.raises(ValueError, match="unknown option 'surrender'; one of"):
        ROLES[role_id].apply(LibyaModel(rng=1), "surrender")
