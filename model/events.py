"""What each kind of timeline event does to the model, and how events are scheduled.

Events are scheduled with Mesa's own event list (`model.schedule_event`) at their calendar
date, so they fire between weekly steps in date order. Each handler changes the state that
the mechanisms read; none of them sets an outcome directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from config import timeline as tl
from model.revenue_channel import CHANNEL_LABELS, Channel

if TYPE_CHECKING:
    from model.model import LibyaModel

WEEKS_PER_MONTH = 365.25 / 12 / 7
RETREAT_ATTENTION = 0.5  # attention a battle's winner and loser each gain
CONFERENCE_PARTICIPANT_SHARE = 0.3  # participants' share of the convener's momentum
CEASEFIRE_ATTENTION = 1.0  # attention the backers of ceasefire statements gain


class ScheduledEvent:
    """An event waiting in Mesa's event list.

    Mesa keeps callbacks by weak reference, so the model keeps these objects and schedules
    their bound `fire` method.
    """

    def __init__(self, model: LibyaModel, spec: tl.Event) -> None:
        self.model = model
        self.spec = spec
        self.week = model.steps  # the week it was scheduled at: 0 for the scenario's timeline
        self.fired = False  # whether it has happened yet

    def fire(self) -> None:
        """Apply the event to the model; its log entries carry the event's own date."""
        self.fired = True
        self.model.firing = self.spec
        try:
            HANDLERS[self.spec.type](self.model, self.spec)  # type: ignore[operator]
        finally:
            self.model.firing = None


def schedule(model: LibyaModel, spec: tl.Event) -> ScheduledEvent:
    """Schedule an event at its date, or at once if that date has already passed.

    A restart or a forces' departure that names its sites dates what would otherwise be
    chosen week by week: until it fires, the NOC does not decide on those sites, and the
    weekly exit chance does not apply to their forces.
    """
    if isinstance(spec, tl.Restart) and spec.assets != "all":
        for name in spec.assets:
            model.asset(name).restart_dated = True
    if isinstance(spec, tl.ForcesLeave):
        for name in spec.assets:
            model.asset(name).departure_dated = True
    event = ScheduledEvent(model, spec)
    model.pending_events.append(event)
    at = max(model.time, model.time_of(spec.date))
    model.schedule_event(event.fire, at=at)
    return event


def _label(spec: tl.Event, default: str) -> str:
    return spec.label or default


def apply_blockade(model: LibyaModel, spec: tl.Blockade) -> None:
    """The faction closes the named assets (or all it holds); force majeure follows on them.

    The first blockade sets the baseline against which the revenue loss is counted.
    """
    if spec.assets == "all":
        names = [a.name for a in model.assets if a.controller == spec.actor]
    else:
        names = list(spec.assets)
    if model.loss_baseline_kbpd is None:  # the loss is counted from the first blockade on
        model.loss_baseline_kbpd = model.production_kbpd
    for name in names:
        asset = model.asset(name)
        asset.blockaded_by = spec.actor
        asset.blockade_dated = spec.until_reopened
        asset.force_majeure = True
    sites = ", ".join(names)
    company = model.oil_company
    blockader = model.actor(spec.actor).name
    model.log.record(
        "blockade", [spec.actor], f"{_label(spec, f'{blockader} blockade')}: closes {sites}"
    )
    model.log.record(
        "force_majeure_declared",
        [company.actor_id],
        f"{company.name} declares force majeure at {sites}",
    )


def apply_conference(model: LibyaModel, spec: tl.Conference) -> None:
    """The convener gains momentum (attention); participants gain a share of it."""
    model.actor(spec.convener).gain_attention(spec.momentum)
    for participant in spec.participants:
        model.actor(participant).gain_attention(CONFERENCE_PARTICIPANT_SHARE * spec.momentum)
    model.log.record(
        "conference", [spec.convener, *spec.participants], _label(spec, "Mediation conference")
    )


def apply_military_retreat(model: LibyaModel, spec: tl.MilitaryRetreat) -> None:
    """The loser's military strength falls, the winner's rises, and fighting starts to ebb.

    The loser is no longer the key interlocutor: its base attention falls in proportion.
    """
    loser, winner = model.actor(spec.actor), model.actor(spec.winner)
    loser.military = max(0.0, loser.military - spec.strength_loss)
    loser.attention_base *= 1.0 - spec.strength_loss
    winner.military = min(1.0, winner.military + spec.winner_gain)
    for side in (loser, winner):
        side.gain_attention(RETREAT_ATTENTION)
    model.conflict_ebbing = True
    model.log.record(
        "military_retreat", [spec.actor, spec.winner], _label(spec, f"{loser.label} retreats")
    )


def apply_foreign_forces(model: LibyaModel, spec: tl.ForeignForces) -> None:
    """Foreign forces occupy oil sites: the oil company declares force majeure there.

    It will not lift it while they stay.
    """
    oil_company = model.oil_company
    for name in spec.assets:
        asset = model.asset(name)
        asset.foreign_forces = spec.power
        if not asset.force_majeure:
            asset.force_majeure = True
            model.log.record(
                "force_majeure_declared",
                [oil_company.actor_id],
                f"{oil_company.name} declares force majeure at {name}: foreign forces present",
            )
    model.actor(spec.power).forces_deployed = True
    where = ", ".join(spec.assets) or "Libya"
    model.log.record(
        "foreign_forces", [spec.power], _label(spec, f"{spec.power} forces deploy at {where}")
    )


def apply_forces_leave(model: LibyaModel, spec: tl.ForcesLeave) -> None:
    """The power's forces leave the named sites; the oil company may now judge them safe."""
    for name in spec.assets:
        asset = model.asset(name)
        asset.departure_dated = False
        if asset.foreign_forces == spec.power:
            asset.foreign_forces = None
    where = ", ".join(spec.assets)
    model.log.record(
        "foreign_forces_leave",
        [spec.power],
        _label(spec, f"{model.actor(spec.power).label} forces leave {where}"),
    )


def apply_reopen(model: LibyaModel, spec: tl.Reopen) -> None:
    """The faction lifts its blockade at the named sites (or everywhere), as the record says."""
    sites = None if spec.assets == "all" else list(spec.assets)
    model.actor(spec.actor).lift_blockade(sites, why=spec.label)


def apply_restart(model: LibyaModel, spec: tl.Restart) -> None:
    """The oil company lifts force majeure where it can: no blockade, no foreign forces."""
    company = model.oil_company
    if spec.assets == "all":
        sites = [asset for asset in model.assets if asset.force_majeure]
    else:
        sites = [model.asset(name) for name in spec.assets]
    for asset in sites:
        asset.restart_dated = False
    sites = [asset for asset in sites if asset.force_majeure]  # those still closed
    restarted = [a for a in sites if a.blockaded_by is None and a.foreign_forces is None]
    for asset in restarted:
        asset.force_majeure = False
    held = [a.name for a in sites if a not in restarted]
    text = f"{company.name} restarts {', '.join(a.name for a in restarted) or 'nothing'}"
    if held:
        text += f"; {', '.join(held)} stay closed (blockaded or foreign forces present)"
    model.log.record(
        "force_majeure_lifted", [company.actor_id], _label(spec, "Restart") + f": {text}"
    )


def apply_damage(model: LibyaModel, spec: tl.Damage) -> None:
    """Each named site loses a further share of its capacity, at most all of it."""
    for name in spec.assets:
        model.asset(name).add_damage(spec.share)
    where = ", ".join(spec.assets)
    model.log.record(
        "damage", [], _label(spec, f"{where} damaged: {spec.share:.0%} of capacity lost")
    )


def apply_external_commitment(model: LibyaModel, spec: tl.ExternalCommitment) -> None:
    """A patron changes how strongly it backs its client."""
    power = model.actor(spec.power)
    power.client = spec.client
    power.commitment = spec.commitment
    power.forces_deployed = power.forces_deployed or spec.deploy
    model.log.record(
        "external_commitment",
        [spec.power, spec.client],
        _label(
            spec, f"{power.label} sets its commitment to the {spec.client} at {spec.commitment}"
        ),
    )


def apply_ceasefire(model: LibyaModel, spec: tl.Ceasefire) -> None:
    """Fighting ebbs; the backers of the statements gain attention."""
    model.conflict_ebbing = True
    for backer in spec.backers:
        model.actor(backer).gain_attention(CEASEFIRE_ATTENTION)
    for party in spec.parties:
        model.actor(party).gain_attention(CEASEFIRE_ATTENTION / 2)
    model.log.record("ceasefire", [*spec.parties, *spec.backers], _label(spec, "Ceasefire"))


def apply_revenue_channel(model: LibyaModel, spec: tl.RevenueChannel) -> None:
    """Oil revenue goes to a new channel until another event changes it."""
    model.set_revenue_channel(spec.channel, east_share=spec.east_share)
    model.log.record(
        "revenue_channel",
        [model.oil_company.actor_id],
        _label(spec, f"Oil revenue now goes to {CHANNEL_LABELS[spec.channel]}"),
    )


def apply_pressure(model: LibyaModel, spec: tl.Pressure) -> None:
    """A power sets its pressure on a faction to reopen oil."""
    power = model.actor(spec.power)
    power.pressure = spec.level
    power.pressure_target = spec.target
    model.log.record(
        "pressure", [spec.power, spec.target], _label(spec, f"{power.label} presses to reopen")
    )


def apply_un_engagement(model: LibyaModel, spec: tl.UNEngagement) -> None:
    """The UN mission changes its effort and breadth of engagement."""
    model.un_mission.set_levers(spec.effort, spec.breadth)
    model.log.record(
        "un_engagement",
        [model.un_mission.actor_id],
        _label(spec, f"UN engagement: effort {spec.effort}, breadth {spec.breadth}"),
    )


def apply_deal(model: LibyaModel, spec: tl.Deal) -> None:
    """An oil deal: parties commit to reopen and a joint committee takes over the revenue.

    The committee runs for its months; the broker and the parties gain attention; the
    non-signatories carry the onus of compliance.
    """
    p = model.params
    model.active_deal = spec
    model.actor(spec.broker).gain_attention(p.deal_broker_boost)
    for party in spec.parties:
        model.actor(party).gain_attention(p.deal_party_boost)
    if spec.committee_months > 0:
        # a committee the government did not sign for starts out without its consent
        government = model.tripoli_government
        government.complies_with_deal = government.actor_id not in spec.non_signatories
        model.set_revenue_channel(
            Channel.COMMITTEE,
            east_share=spec.east_share,
            oil_company_share=spec.noc_financing_share,
            weeks=spec.committee_months * WEEKS_PER_MONTH,
            parties=tuple(spec.parties),
        )
    parties = " and ".join(model.actor(a).label for a in spec.parties)
    outside = ", ".join(model.actor(a).label for a in spec.non_signatories) or "nobody"
    model.log.record(
        "deal",
        [*spec.parties, spec.broker],
        _label(
            spec,
            f"Deal between {parties}, brokered by {model.actor(spec.broker).label}: "
            f"{'reopening, ' if spec.reopen else ''}joint committee for "
            f"{spec.committee_months} months with {spec.east_share:.0%} to the east; "
            f"not signed by {outside}",
        ),
    )


HANDLERS = {
    "blockade": apply_blockade,
    "reopen": apply_reopen,
    "restart": apply_restart,
    "conference": apply_conference,
    "military_retreat": apply_military_retreat,
    "foreign_forces": apply_foreign_forces,
    "forces_leave": apply_forces_leave,
    "damage": apply_damage,
    "external_commitment": apply_external_commitment,
    "ceasefire": apply_ceasefire,
    "revenue_channel": apply_revenue_channel,
    "pressure": apply_pressure,
    "un_engagement": apply_un_engagement,
    "deal": apply_deal,
}
assert set(HANDLERS) == set(tl.EVENT_TYPES), "every event type needs a handler"
