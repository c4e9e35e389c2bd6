"""Role play (model.roleplay): a player makes one actor's decision, the model the rest."""

from __future__ import annotations

import pandas as pd
import pytest

from model import LibyaModel
from model.roleplay import (
    ROLES,
    agreement,
    compare_paths,
    model_path,
    play_week,
    players_decisions,
)

SEEDS = range(10)


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
        play_week(played, ROLES["lna"], "Keep the blockade" if keep else "Lift the blockade")
    pd.testing.assert_frame_equal(
        played.datacollector.get_model_vars_dataframe(),
        reference.datacollector.get_model_vars_dataframe(),
    )
    matched, decided = agreement(played, ROLES["lna"])
    assert matched == decided == len(model_choices) > 30


def test_each_players_decision_records_what_the_models_draw_would_have_decided():
    model = LibyaModel(rng=5)
    while not players_decisions(model, ROLES["lna"]):
        play_week(model, ROLES["lna"], "Lift the blockade")
    (decision,) = players_decisions(model, ROLES["lna"])
    assert decision.choice is False and decision.model_choice is True
    assert "the player's choice; the model's draw: LNA keeps the blockade" in (decision.explanation)
    assert not model.blockaded_assets("lna")


def test_an_lna_that_lifts_the_blockade_at_once_saves_the_country_billions_but_loses_influence():
    diff = differences("lna", "Lift the blockade")
    assert (diff.loc["loss from the blockade (USD bn)"] < -5.0).all()
    assert (diff.loc["weeks with a blockade"] <= -30).all()
    assert (diff.loc["LNA influence (share)"] < 0).all()


def test_a_noc_that_never_lifts_force_majeure_takes_the_blame_and_oil_stays_shut():
    diff = differences("noc", "Keep force majeure")
    assert (diff.loc["blame on the NOC (share)"] > 0.5).all()
    assert (diff.loc["oil production (kbpd)"] < -500).all()
    assert (diff.loc["NOC influence (share)"] < 0).all()


def test_a_un_that_engages_wide_and_hard_gains_prominence_from_russia_and_the_us():
    played, reference = played_to_the_end("un", "Wide and hard", seed=0)
    diff = compare_paths(played, reference, ROLES["un"])["difference"]
    assert diff["UN prominence (share)"] > 0.2
    assert diff["Russia's prominence (share)"] < 0 and diff["US prominence (share)"] < 0
    engagement = played.event_log().query("kind == 'un_engagement'")
    assert len(engagement) == 1  # injected once; the standing choice is not repeated


def test_the_standing_choice_is_what_the_app_shows_next():
    model = LibyaModel(rng=1)
    assert ROLES["lna"].current_option(model) == "Keep the blockade"
    assert ROLES["un"].current_option(model) == "Steady, as in 2020"
    play_week(model, ROLES["lna"], "Lift the blockade")
    assert ROLES["lna"].current_option(model) == "Lift the blockade"
    model.choose_for("lna", "blockade", None)
    assert model.player_choices == {}


@pytest.mark.parametrize("role_id", list(ROLES))
def test_an_unknown_option_is_refused_with_the_allowed_ones(role_id):
    with pytest.raises(ValueError, match="unknown option 'surrender'; one of"):
        ROLES[role_id].apply(LibyaModel(rng=1), "surrender")
