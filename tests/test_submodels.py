"""Each submodel of docs/ODD.md section 7 against its equation, with concrete numbers.

Where a test needs a precise starting point it sets the state on the agents directly; the
comment says why. Events are fired through a timeline dated in the model's first week.
"""

from __future__ import annotations

import math

import pytest

from agents.external_power import BACKING_SMOOTHING
from agents.factions import INCOME_SMOOTHING
from model import LibyaModel, oil
from model.events import CEASEFIRE_ATTENTION, CONFERENCE_PARTICIPANT_SHARE
from model.external import relax_pressure
from model.influence import COMPONENTS, component_weights
from model.public import GRID_BACKLOG_CAP, update_grid
from model.revenue import end_expired_committee

EVENT_DATE = "2019-10-04"  # inside the first week (1-8 October 2019): fires before step 1


@pytest.fixture
def model() -> LibyaModel:
    return LibyaModel(rng=0, timeline=[])


def first_week_with(*events: dict) -> LibyaModel:
    """A model whose timeline holds only `events` (dated EVENT_DATE unless they say), a week on."""
    model = LibyaModel(rng=0, timeline=[{"date": EVENT_DATE, **event} for event in events])
    model.step()
    assert {event["type"] for event in events} <= set(model.event_log()["kind"])
    return model


# --- 7.6 grid backlog -------------------------------------------------------------------------
def test_the_grid_backlog_grows_with_the_gnas_financial_stress(model: LibyaModel):
    gna = model.actor("gna")
    gna.cash = 0.5 * gna.initial_cash  # half its funds spent: financial stress 0.5
    model.grid_backlog = 0.1
    update_grid(model)
    # 0.1 + grid_decay 0.006 * 0.5 - grid_repair 0.05 * (1 - 0.5) * 0.1
    assert model.grid_backlog == pytest.approx(0.1 + 0.003 - 0.0025)


def test_a_solvent_gna_repairs_a_share_of_the_grid_backlog_each_week(model: LibyaModel):
    model.grid_backlog = 0.2  # the GNA's funds are untouched: no financial stress
    update_grid(model)
    assert model.grid_backlog == pytest.approx(0.2 * (1 - model.params.grid_repair_per_week))


def test_the_grid_backlog_never_exceeds_its_cap(model: LibyaModel):
    model.actor("gna").cash = 0.0  # funds exhausted: financial stress 1, no repair at all
    model.grid_backlog = GRID_BACKLOG_CAP - 0.001
    update_grid(model)
    assert model.grid_backlog == GRID_BACKLOG_CAP
    update_grid(model)
    assert model.grid_backlog == GRID_BACKLOG_CAP


def test_a_sound_grid_of_a_solvent_gna_stays_without_backlog(model: LibyaModel):
    for _ in range(10):
        update_grid(model)
    assert model.grid_backlog == 0.0


# --- 7.4 factions' finances -------------------------------------------------------------------
def test_short_of_money_a_faction_keeps_paying_in_full_from_its_funds(model: LibyaModel):
    gna = model.actor("gna")  # 15,000 USD m of funds, 350 USD m planned a week, no other income
    gna.settle_week(oil_income=100.0, support_income=0.0)
    assert gna.spent == 350.0
    assert gna.cash == pytest.approx(15_000 + 100 - 350)
    assert gna.arrears == 0.0
    assert gna.financial_stress == pytest.approx(1 - 14_750 / 15_000)


def test_a_faction_whose_funds_run_out_this_week_pays_what_it_has_and_owes_the_rest(
    model: LibyaModel,
):
    gna = model.actor("gna")
    gna.cash = 100.0  # the last 100 USD m of its funds
    gna.settle_week(oil_income=150.0, support_income=0.0)
    assert gna.spent == pytest.approx(250.0)  # min(350, 150 + 100)
    assert gna.cash == pytest.approx(0.0)
    assert gna.arrears == pytest.approx(1 - 250 / 350)
    assert gna.financial_stress == 1.0


def test_a_faction_without_funds_spends_only_its_income(model: LibyaModel):
    gna = model.actor("gna")
    gna.cash = 0.0  # funds exhausted in earlier weeks
    gna.settle_week(oil_income=150.0, support_income=0.0)
    assert gna.spent == pytest.approx(150.0)
    assert gna.cash == pytest.approx(0.0)
    assert gna.arrears == pytest.approx(1 - 150 / 350)
    assert gna.spending_average == pytest.approx(350 + INCOME_SMOOTHING * (150 - 350))


def test_with_a_surplus_a_faction_first_refills_its_funds_then_spends_the_rest(
    model: LibyaModel,
):
    gna = model.actor("gna")
    gna.cash = 14_900.0  # 100 USD m below its starting funds
    gna.settle_week(oil_income=500.0, support_income=0.0)
    # surplus 150: 100 refill the funds, 50 are spent on top of the planned 350
    assert gna.spent == pytest.approx(400.0)
    assert gna.cash == pytest.approx(15_000.0)
    assert gna.arrears == 0.0
    assert gna.financial_stress == 0.0
    assert gna.spending_average == pytest.approx(350 + INCOME_SMOOTHING * (400 - 350))


def test_a_surplus_smaller_than_the_gap_in_the_funds_all_goes_to_refilling_them(
    model: LibyaModel,
):
    gna = model.actor("gna")
    gna.cash = 14_000.0  # 1,000 USD m below its starting funds
    gna.settle_week(oil_income=500.0, support_income=0.0)
    assert gna.spent == pytest.approx(350.0)
    assert gna.cash == pytest.approx(14_150.0)


def test_the_lnas_borrowing_and_its_patrons_support_count_as_income(model: LibyaModel):
    lna = model.actor("lna")  # 1,500 USD m of funds, 45 planned a week, 25 a week of borrowing
    lna.settle_week(oil_income=0.0, support_income=10.0)
    assert lna.income == pytest.approx(35.0)
    assert lna.spent == pytest.approx(45.0)
    assert lna.cash == pytest.approx(1_500 + 35 - 45)


# --- 7.5 external support and pressure --------------------------------------------------------
def test_us_pressure_on_a_faction_that_blockades_nothing_relaxes_toward_the_us_base(
    model: LibyaModel,
):
    model.actor("us").pressure = 0.8  # raised by an earlier pressure event
    relax_pressure(model)
    # 0.8 + pressure_relaxation 0.12 * (us_pressure_base 0.2 - 0.8)
    assert model.actor("us").pressure == pytest.approx(0.728)


def test_other_powers_pressure_on_a_faction_that_blockades_nothing_relaxes_toward_zero(
    model: LibyaModel,
):
    turkey = model.actor("turkey")
    turkey.pressure, turkey.pressure_target = 0.5, "gna"
    model.asset("Es Sider").blockaded_by = "lna"  # a blockade, but not by Turkey's target
    relax_pressure(model)
    assert turkey.pressure == pytest.approx(0.5 * (1 - model.params.pressure_relaxation_per_week))


def test_pressure_on_a_blockading_faction_does_not_relax(model: LibyaModel):
    model.asset("Es Sider").blockaded_by = "lna"
    model.actor("us").pressure = 0.8  # pressing the LNA, which blockades Es Sider
    relax_pressure(model)
    assert model.actor("us").pressure == 0.8


def test_a_patron_supports_with_the_logistic_of_commitment_cost_and_its_clients_weakness(
    model: LibyaModel,
):
    model.actor("lna").military = 0.25  # a client weakened by a lost battle
    russia = model.actor("russia")  # commitment 1.0 to the LNA
    russia.decide_support()
    (decision,) = model.why("russia", "support")
    # U = 3.0 * 1.0 - 2.0 + 3.0 * (1 - 0.25) = 3.25
    assert decision.terms == pytest.approx(
        {"commitment": 3.0, "cost": -2.0, "client's military weakness": 2.25}
    )
    assert decision.probability == pytest.approx(1 / (1 + math.exp(-3.25)))
    assert russia.supporting == decision.choice


def test_a_week_of_support_moves_backing_a_tenth_of_the_way_to_the_commitment(
    model: LibyaModel,
):
    russia = model.actor("russia")
    russia.commitment = 1.5  # raised after set-up; backing is still the old 1.0
    model.choose_for("russia", "support", True)  # take the draw out of the test
    russia.decide_support()
    assert russia.backing == pytest.approx(1.0 + BACKING_SMOOTHING * (1.5 - 1.0))
    assert russia.support_delivered == model.params.support_usd_m_per_week


def test_a_week_without_support_moves_backing_a_tenth_of_the_way_to_zero(model: LibyaModel):
    russia = model.actor("russia")  # backing starts at its commitment, 1.0
    model.choose_for("russia", "support", False)
    russia.decide_support()
    assert russia.backing == pytest.approx(1.0 - BACKING_SMOOTHING * 1.0)
    assert russia.support_delivered == 0.0


def test_a_power_without_a_client_never_supports_and_draws_nothing(model: LibyaModel):
    us = model.actor("us")
    model.choose_for("us", "support", True)  # not even a player can make it support
    us.decide_support()
    assert us.client is None
    assert not us.supporting
    assert us.support_delivered == 0.0
    assert us.backing == 0.0
    assert model.why("us") == []


# --- 7.2 oil: repairs financed by the NOC ----------------------------------------------------
def test_noc_financing_speeds_up_the_repair_of_damaged_fields(model: LibyaModel):
    waha = model.asset("Waha")
    waha.damage = 0.2  # left by an earlier shutdown; Waha is open again
    model.actor("noc").financing = 50.0  # last week's committee financing, USD m
    oil.produce(model)
    speedup = 1 + model.params.financing_repair_gain * 50.0 / 100  # 1.5
    assert waha.damage == pytest.approx(0.2 * (1 - model.params.repair_per_week * speedup))


def test_financing_repairs_at_most_all_of_a_fields_damage_in_a_week(model: LibyaModel):
    waha = model.asset("Waha")
    waha.damage = 0.2
    model.actor("noc").financing = 5_000.0  # speed-up 51: repair_per_week * 51 is more than 1
    oil.produce(model)
    assert waha.damage == 0.0


# --- 7.13 influence weights -------------------------------------------------------------------
ALL_PRESENT = dict.fromkeys(COMPONENTS, 1.0)


def test_influence_weights_are_the_weight_parameters_while_war_is_salient(model: LibyaModel):
    weights = component_weights(model, ALL_PRESENT)
    assert weights == pytest.approx(
        {
            "oil": 0.25,
            "money": 0.15,
            "legitimacy": 0.15,
            "backing": 0.15,
            "military": 0.15,
            "prominence": 0.15,
        }
    )


def test_a_component_nobody_has_drops_out_and_the_others_share_its_weight(model: LibyaModel):
    weights = component_weights(model, {**ALL_PRESENT, "backing": 0.0})
    assert "backing" not in weights
    assert sum(weights.values()) == pytest.approx(1.0)
    assert weights["oil"] == pytest.approx(0.25 / 0.85)
    assert weights["military"] == pytest.approx(0.15 / 0.85)


def test_the_military_weight_scales_with_the_salience_of_fighting(model: LibyaModel):
    model.conflict_salience = 0.5  # fighting has half ebbed
    weights = component_weights(model, ALL_PRESENT)
    assert weights["military"] == pytest.approx(0.075 / 0.925)
    assert weights["oil"] == pytest.approx(0.25 / 0.925)
    assert sum(weights.values()) == pytest.approx(1.0)


# --- 7.3 the LNA's unmet revenue demand -------------------------------------------------------
def test_revenue_through_the_central_bank_meets_none_of_the_lnas_demand(model: LibyaModel):
    assert model.unmet_demand("lna") == 1.0
    assert model.unmet_demand("gna") == 0.0  # only the revenue claimant (the LNA) demands a share


def test_a_frozen_account_meets_the_lnas_demand_by_its_satisfaction():
    model = LibyaModel(rng=0, timeline=[], frozen_account_satisfaction=0.3)
    model.set_revenue_channel("frozen")
    assert model.unmet_demand("lna") == pytest.approx(0.7)


@pytest.mark.parametrize(
    ("east_share", "unmet"),
    [(0.3, 1 - 0.3 / 0.4), (0.4, 0.0), (0.6, 0.0)],
    ids=["short-of-the-demanded-share", "the-demanded-share", "more-than-demanded"],
)
def test_a_complying_committee_meets_the_lnas_demand_by_its_east_share(
    model: LibyaModel, east_share: float, unmet: float
):
    model.set_revenue_channel("committee", east_share=east_share)
    assert model.unmet_demand("lna") == pytest.approx(unmet)


def test_a_committee_the_gna_refuses_counts_as_a_frozen_account_for_the_lna(model: LibyaModel):
    model.set_revenue_channel("committee", east_share=0.4)
    model.actor("gna").complies_with_deal = False
    assert model.unmet_demand("lna") == pytest.approx(1 - model.params.frozen_account_satisfaction)


# --- 7.3 the committee's mandate --------------------------------------------------------------
def test_when_the_committees_mandate_ends_all_revenue_goes_back_to_the_central_bank(
    model: LibyaModel,
):
    model.set_revenue_channel("committee", east_share=0.4, oil_company_share=0.05, weeks=2)
    model.step()
    assert model.revenue_channel == "committee"
    assert model.flows_usd_m["revenue_claimant"] > 0.0
    model.step()  # the mandate ends at the start of week 2's settlement
    assert (model.revenue_channel, model.channel.parties) == ("central_bank", ())
    assert (model.channel.east_share, model.channel.oil_company_share) == (0.0, 0.0)
    assert model.channel.ends_at is None
    assert model.flows_usd_m == pytest.approx(
        {
            "tripoli_government": model.revenue_usd_m,
            "revenue_claimant": 0.0,
            "oil_company": 0.0,
            "frozen": 0.0,
        }
    )
    ends = model.event_log().query("kind == 'committee_ends'")
    assert list(ends["step"]) == [2]


def test_a_committee_within_its_mandate_is_not_ended(model: LibyaModel):
    model.set_revenue_channel("committee", east_share=0.4, weeks=2)
    end_expired_committee(model)
    assert model.revenue_channel == "committee"
    assert "committee_ends" not in set(model.event_log()["kind"])


# --- 7.14 events ------------------------------------------------------------------------------
def test_a_conference_gives_its_convener_the_momentum_and_each_participant_a_share():
    model = first_week_with(
        {"type": "conference", "convener": "un", "participants": ["russia"], "momentum": 2.0}
    )
    # attention starts at its base; the week's fading then takes attention_decay of the gain
    kept = 1 - model.params.attention_decay_per_week
    un, russia, turkey = model.actor("un"), model.actor("russia"), model.actor("turkey")
    assert un.attention == pytest.approx(un.attention_base + 2.0 * kept)
    assert russia.attention == pytest.approx(
        russia.attention_base + CONFERENCE_PARTICIPANT_SHARE * 2.0 * kept
    )
    assert turkey.attention == pytest.approx(turkey.attention_base)


def test_a_ceasefire_lets_fighting_ebb_and_draws_attention_to_its_backers_and_parties():
    model = first_week_with({"type": "ceasefire", "parties": ["gna"], "backers": ["un", "us"]})
    kept = 1 - model.params.attention_decay_per_week
    assert model.conflict_ebbing
    assert model.conflict_salience == pytest.approx(1 - model.params.conflict_decay_per_week)
    for backer in (model.actor("un"), model.actor("us")):
        assert backer.attention == pytest.approx(backer.attention_base + CEASEFIRE_ATTENTION * kept)
    assert model.actor("gna").attention == pytest.approx(
        model.actor("gna").attention_base + CEASEFIRE_ATTENTION / 2 * kept
    )
    assert model.actor("lna").attention == pytest.approx(model.actor("lna").attention_base)


def test_a_pressure_event_sets_the_level_and_the_target_and_holds_while_it_blockades():
    model = first_week_with(
        {"type": "blockade", "assets": ["Es Sider"]},
        {"type": "pressure", "power": "turkey", "target": "lna", "level": 0.7},
    )
    assert model.blockaded_assets("lna")  # the LNA kept its blockade this week
    turkey = model.actor("turkey")
    assert (turkey.pressure, turkey.pressure_target) == (0.7, "lna")
    # Turkey's pressure adds to the US's standing pressure on the LNA, and neither relaxes
    assert model.pressure_on("lna") == pytest.approx(0.7 + model.params.us_pressure_base)
    assert model.pressure_on("gna") == 0.0


def test_an_external_commitment_gives_a_power_a_client_that_it_then_decides_to_support():
    model = first_week_with(
        {
            "type": "external_commitment",
            "power": "us",
            "client": "gna",
            "commitment": 1.5,
            "deploy": True,
        }
    )
    us = model.actor("us")
    assert (us.client, us.commitment, us.forces_deployed) == ("gna", 1.5, True)
    (decision,) = model.why("us", "support")
    assert decision.terms["commitment"] == pytest.approx(
        model.params.support_commitment_weight * 1.5
    )
    assert us.backing == pytest.approx(BACKING_SMOOTHING * (1.5 if us.supporting else 0.0))


def test_an_external_commitment_without_deployment_leaves_forces_on_the_ground():
    model = first_week_with(
        {"type": "foreign_forces", "power": "russia", "assets": ["Sharara"], "date": "2019-10-03"},
        {"type": "external_commitment", "power": "russia", "client": "lna", "commitment": 0.5},
    )
    russia = model.actor("russia")
    assert russia.commitment == 0.5
    assert russia.forces_deployed


def test_un_engagement_sets_the_uns_levers_and_its_attention_moves_toward_the_new_base():
    model = first_week_with({"type": "un_engagement", "effort": 1.6, "breadth": 1.5})
    un = model.actor("un")
    assert (un.effort, un.breadth) == (1.6, 1.5)
    assert un.attention_base == pytest.approx(1.6 * (1 + 1.5) / 2)  # 2.0
    # it starts at the default levers' base, 0.8 * (1 + 0.5) / 2 = 0.6
    decay = model.params.attention_decay_per_week
    assert un.attention == pytest.approx(0.6 + decay * (2.0 - 0.6))
