"""Validated specifications of dated events: what a scenario's timeline may contain.

These are data only. What an event does to the model lives in `model/events.py`; here each
event type declares its fields, their allowed values and what they mean, and which of its
fields name actors of the cast (`ACTOR_FIELDS`, checked against the scenario's cast by
`config.scenarios`), so that a scenario file with a misspelt actor or an unknown event type is
rejected before any run starts. Actor fields default to the actors of the default cast
(config/casts/libya_2020.toml).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
    model_validator,
)

from config.cast import ARMED, ActorId

ANY_ACTOR: tuple[str, ...] = ()


class EventSpec(BaseModel):
    """Fields common to every event: when it happens and how it is described."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ACTOR_FIELDS: ClassVar[dict[str, tuple[str, ...]]] = {}
    """Fields that name actors -> the agent kinds they may name (empty: any actor)."""

    date: dt.date = Field(description="Calendar date; takes effect in the week ending after it.")
    label: str = Field("", description="Plain-language description for logs and charts.")


def known_assets(assets: list[str]) -> list[str]:
    """The asset names, if there is at least one.

    Whether each is a site of the scenario's cast is checked with the cast's other
    requirements (`config.scenarios.cast_problems`): a cast may add sites.
    """
    if not assets:
        raise ValueError("name at least one oil asset")
    return assets


def known_sites_or_all(assets: list[str] | str) -> list[str] | str:
    """'all', or the asset names if there is at least one (`known_assets`)."""
    return assets if assets == "all" else known_assets(list(assets))


Sites = Annotated[list[str], AfterValidator(known_assets)]
"""Names of sites of the cast, at least one."""
SitesOrAll = Annotated[list[str] | Literal["all"], AfterValidator(known_sites_or_all)]
"""Names of sites of the cast, at least one, or 'all' (whose meaning each event gives)."""


class Blockade(EventSpec):
    """An armed faction shuts fields and terminals; the NOC declares force majeure on them.

    'all' means every asset the faction holds; a named list may include sites it can cut off
    without holding them (the LNA closed El Feel's pipeline in January 2020). Only an armed
    faction (agent kind 'faction') blockades: it decides each week whether to keep or lift its
    blockade. The Tripoli government sells its oil through the NOC and does not blockade.
    """

    ACTOR_FIELDS = {"actor": ("faction",)}
    type: Literal["blockade"] = "blockade"
    actor: ActorId = "lna"
    assets: SitesOrAll = Field("all", description="Sites of the cast, or 'all' the actor holds.")
    until_reopened: bool = Field(
        False,
        description="The record dates its end with a reopen event: until then the faction "
        "does not decide weekly whether to keep it (episodes; docs/ODD.md, 7.8).",
    )


class Conference(EventSpec):
    """A mediation conference: momentum for its convener, attention for participants."""

    ACTOR_FIELDS = {"convener": ANY_ACTOR, "participants": ANY_ACTOR}
    type: Literal["conference"] = "conference"
    convener: ActorId = "un"
    participants: list[ActorId] = Field(default_factory=list)
    momentum: float = Field(1.0, ge=0.0, le=5.0, description="Attention added to the convener.")


class MilitaryRetreat(EventSpec):
    """A side's offensive fails: its military strength falls and the winner's rises."""

    ACTOR_FIELDS = {"actor": ARMED, "winner": ARMED}
    type: Literal["military_retreat"] = "military_retreat"
    actor: ActorId = "lna"
    winner: ActorId = "gna"
    strength_loss: float = Field(0.35, ge=0.0, le=1.0)
    winner_gain: float = Field(0.15, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _two_sides(self) -> MilitaryRetreat:
        if self.actor == self.winner:
            raise ValueError(f"the winner must be the other side, not {self.actor!r} itself")
        return self


class ForeignForces(EventSpec):
    """Foreign forces of a power deploy at oil sites; the NOC treats those sites as unsafe."""

    ACTOR_FIELDS = {"power": ("power",)}
    type: Literal["foreign_forces"] = "foreign_forces"
    power: ActorId = "russia"
    assets: Sites = Field(
        default_factory=lambda: ["Sharara"],
        description="Sites of the cast (Wagner entered Sharara in June 2020).",
    )


class ForcesLeave(EventSpec):
    """A power's forces leave oil sites (an evidenced departure); the NOC may then restart them.

    Where no source dates a departure, the weekly chance `foreign_force_exit_per_week` stands
    in for it (docs/ODD.md, 7.9).
    """

    ACTOR_FIELDS = {"power": ("power",)}
    type: Literal["forces_leave"] = "forces_leave"
    power: ActorId = "russia"
    assets: Sites = Field(
        default_factory=lambda: ["Sharara"],
        description="Sites of the cast that the power's forces leave.",
    )


class Reopen(EventSpec):
    """A blockading faction lifts its blockade (all of it, or at the named sites), as recorded.

    For a reopening the record dates: a handover, a seizure by another force, an agreement
    with local protesters. Force majeure stays until the oil company lifts it (7.9). A faction
    may also lift its blockade by its own weekly decision (7.8) or under a deal (7.14).
    """

    ACTOR_FIELDS = {"actor": ("faction",)}
    type: Literal["reopen"] = "reopen"
    actor: ActorId = "lna"
    assets: SitesOrAll = Field(
        "all", description="Sites of the cast, or 'all' the sites its blockade closes."
    )


class Restart(EventSpec):
    """The oil company lifts force majeure at sites on a date the record gives.

    Only where it can: a site still blockaded, or with foreign forces present, stays closed
    (and the log says so). Elsewhere the oil company decides each week whether to restart
    (docs/ODD.md, 7.9); episodes date the restarts their records show, so that their
    validation measures what follows the restart.
    """

    type: Literal["restart"] = "restart"
    assets: SitesOrAll = Field(
        "all", description="Sites of the cast, or 'all' the sites under force majeure."
    )


class Damage(EventSpec):
    """Fighting, fire or looting destroys a share of the capacity of fields or terminals."""

    type: Literal["damage"] = "damage"
    assets: Sites = Field(
        default_factory=lambda: ["Sharara"],
        description="Sites of the cast that are damaged.",
    )
    share: float = Field(
        0.06,
        ge=0.0,
        le=1.0,
        description="Share of each asset's capacity lost (Sharara lost 20 of 315 kbpd to "
        "looting in 2018-2019: 0.06).",
    )


class ExternalCommitment(EventSpec):
    """A power raises (or lowers) its commitment to back a client."""

    ACTOR_FIELDS = {"power": ("power",), "client": ARMED}
    type: Literal["external_commitment"] = "external_commitment"
    power: ActorId
    client: ActorId
    commitment: float = Field(ge=0.0, le=2.0, description="New commitment level (0 to 2).")
    deploy: bool = Field(False, description="The power also deploys its own forces.")


class Ceasefire(EventSpec):
    """Ceasefire statements: fighting ebbs; backers of the statements gain attention."""

    ACTOR_FIELDS = {"parties": ANY_ACTOR, "backers": ANY_ACTOR}
    type: Literal["ceasefire"] = "ceasefire"
    parties: list[ActorId] = Field(default_factory=lambda: ["gna"])
    backers: list[ActorId] = Field(default_factory=lambda: ["un", "us"])


class RevenueChannel(EventSpec):
    """Oil revenue is redirected: central bank, frozen account, or a joint committee."""

    type: Literal["revenue_channel"] = "revenue_channel"
    channel: Literal["central_bank", "frozen", "committee"]
    east_share: float = Field(0.4, ge=0.0, le=1.0, description="Eastern share (committee).")


class Pressure(EventSpec):
    """A power raises its diplomatic pressure on a faction to reopen the oil sector."""

    ACTOR_FIELDS = {"power": ("power",), "target": ARMED}
    type: Literal["pressure"] = "pressure"
    power: ActorId = "us"
    target: ActorId = "lna"
    level: float = Field(0.6, ge=0.0, le=1.0)


class UNEngagement(EventSpec):
    """The UN changes its policy levers: mediation effort and breadth of engagement."""

    type: Literal["un_engagement"] = "un_engagement"
    effort: float = Field(ge=0.0, le=2.0)
    breadth: float = Field(ge=0.0, le=2.0)


class Deal(EventSpec):
    """An oil deal: reopening, a joint committee sharing revenue, financing for the NOC."""

    ACTOR_FIELDS = {"parties": ANY_ACTOR, "broker": ANY_ACTOR, "non_signatories": ANY_ACTOR}
    type: Literal["deal"] = "deal"
    parties: list[ActorId] = Field(default_factory=lambda: ["lna", "maiteeq"])
    broker: ActorId = "russia"
    non_signatories: list[ActorId] = Field(default_factory=lambda: ["gna", "noc"])
    reopen: bool = Field(True, description="The deal commits the parties to reopen all sites.")
    committee_months: int = Field(3, ge=0, le=24, description="Life of the joint committee.")
    east_share: float = Field(0.4, ge=0.0, le=1.0, description="Eastern share of revenue.")
    noc_financing_share: float = Field(
        0.05, ge=0.0, le=0.5, description="Share of committee revenue financing NOC repairs."
    )

    @field_validator("parties")
    @classmethod
    def _at_least_one_party(cls, parties: list[str]) -> list[str]:
        if not parties:
            raise ValueError("a deal needs at least one party")
        return parties

    @model_validator(mode="after")
    def _signatories_or_not(self) -> Deal:
        both = sorted(set(self.parties) & set(self.non_signatories))
        if both:
            raise ValueError(f"{', '.join(both)}: listed both as a party and as a non-signatory")
        return self


EVENT_CLASSES: dict[str, type[EventSpec]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        Blockade, Reopen, Restart, Conference, MilitaryRetreat, ForeignForces, ForcesLeave, Damage,
        ExternalCommitment, Ceasefire, RevenueChannel, Pressure, UNEngagement, Deal,
    )
}  # fmt: skip
EVENT_TYPES: tuple[str, ...] = tuple(EVENT_CLASSES)
Event = Annotated[
    Blockade
    | Reopen
    | Restart
    | Conference
    | MilitaryRetreat
    | ForeignForces
    | ForcesLeave
    | Damage
    | ExternalCommitment
    | Ceasefire
    | RevenueChannel
    | Pressure
    | UNEngagement
    | Deal,
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)


def parse_event(data: dict) -> Event:
    """Validate one event given as a mapping (from TOML, code or the app)."""
    return EVENT_ADAPTER.validate_python(data)
