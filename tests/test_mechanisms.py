"""Each mechanism on its own: oil production, revenue routing, hardship and influence."""

from __future__ import annotations

import pytest

from model import LibyaModel
from model.revenue import brent_usd, route_revenue, weekly_value_usd_m


@pytest.fixture
def model() -> LibyaModel:
    return LibyaModel(rng=1, timeline=[])


def test_a_field_closed_at_the_site_drops_at_once_to_the_domestic_floor(model: LibyaModel):
    sarir = model.asset("Sarir")
    sarir.blockaded_by = "lna"
    sarir.produce()
    assert sarir.production_kbpd == pytest.approx(200 * model.params.domestic_supply_share)


def test_a_field_whose_terminal_is_closed_declines_as_storage_fills(model: LibyaModel):
    waha = model.asset("Waha")
    before = waha.production_kbpd
    model.asset("Es Sider").blockaded_by = "lna"
    waha.produce()
    assert waha.production_kbpd == pytest.approx(before * (1 - model.params.storage_decay_per_week))


def test_offshore_fields_keep_producing_through_a_blockade_of_every_terminal(model: LibyaModel):
    for terminal in (asset for asset in model.assets if not asset.is_field):
        terminal.blockaded_by = "lna"
    model.run_for(8)
    offshore = model.asset("Bouri").production_kbpd + model.asset("Al-Jurf").production_kbpd
    assert offshore == pytest.approx(80 * model.params.utilisation)


def test_only_idleness_beyond_its_threshold_damages_a_shut_field_and_its_restart_ramps_up(
    model: LibyaModel,
):
    p = model.params
    waha = model.asset("Waha")
    waha.blockaded_by = "lna"
    for _ in range(p.idle_weeks_before_damage):
        waha.produce()
    assert waha.damage == 0.0  # shut in with intact infrastructure: no damage yet
    for _ in range(5):
        waha.produce()
    assert waha.weeks_idle == p.idle_weeks_before_damage + 5
    assert waha.damage == pytest.approx(5 * p.idle_damage_per_week)
    waha.blockaded_by = None
    waha.produce()
    first_week = waha.production_kbpd
    waha.produce()
    assert first_week < waha.production_kbpd < waha.capacity_kbpd * p.utilisation
    assert waha.weeks_idle == 0


def test_idleness_never_damages_a_field_beyond_its_ceiling(model: LibyaModel):
    waha = model.asset("Waha")
    waha.blockaded_by = "lna"
    for _ in range(200):
        waha.produce()
    assert waha.damage == model.params.max_idle_damage


@pytest.mark.parametrize("channel", ["central_bank", "frozen", "committee"])
@pytest.mark.parametrize("complies", [True, False])
def test_every_revenue_channel_routes_all_the_money_somewhere(
    model: LibyaModel, channel: str, complies: bool
):
    model.set_revenue_channel(channel, east_share=0.4, oil_company_share=0.05)
    model.actor("gna").complies_with_deal = complies
    flows = route_revenue(model, 250.0)
    assert sum(flows.values()) == pytest.approx(250.0)


def test_a_gna_refusing_the_committee_freezes_the_eastern_share(model: LibyaModel):
    model.set_revenue_channel("committee", east_share=0.4, oil_company_share=0.05)
    model.actor("gna").complies_with_deal = False
    flows = route_revenue(model, 100.0)
    assert flows == pytest.approx(
        {"oil_company": 5.0, "tripoli_government": 57.0, "revenue_claimant": 0.0, "frozen": 38.0}
    )


def test_a_week_of_oil_is_valued_at_the_months_brent_price():
    import datetime as dt

    assert brent_usd(dt.date(2020, 4, 14)) == 18.38
    assert weekly_value_usd_m(1000.0, 50.0) == pytest.approx(350.0)


def test_the_committee_hands_revenue_back_to_the_central_bank_when_its_mandate_ends(
    model: LibyaModel,
):
    model.set_revenue_channel("committee", east_share=0.4, weeks=3)
    model.run_for(4)
    assert model.revenue_channel == "central_bank"


def test_influence_shares_sum_to_one_and_components_add_up_to_each_share(model: LibyaModel):
    model.run_for(5)
    actors = [
        model.actor(a) for a in ("lna", "gna", "maiteeq", "noc", "un", "russia", "turkey", "us")
    ]
    assert sum(a.influence for a in actors) == pytest.approx(1.0)
    for actor in actors:
        assert sum(actor.components.values()) == pytest.approx(actor.influence)


def test_a_retreat_reduces_the_weight_of_military_strength_over_time():
    model = LibyaModel(rng=1, timeline=[{"type": "military_retreat", "date": "2019-10-10"}])
    model.run_for(20)
    assert model.conflict_salience < 0.6
    assert model.actor("lna").military == pytest.approx(model.params.lna_initial_military - 0.35)


def test_the_public_blames_a_blockade_on_its_blockader_and_wagner_on_the_lna(model: LibyaModel):
    from model.oil import held_responsible

    sharara, waha, bouri = model.asset("Sharara"), model.asset("Waha"), model.asset("Bouri")
    model.asset("Es Sider").blockaded_by = "lna"
    assert held_responsible(model, waha) == "lna"
    sharara.force_majeure, sharara.foreign_forces = True, "russia"
    assert held_responsible(model, sharara) == "lna"
    bouri.force_majeure = True
    assert held_responsible(model, bouri) == "noc"
    assert held_responsible(model, model.asset("Sarir")) is None
