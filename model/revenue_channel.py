"""The revenue channel: where oil revenue goes, as a small state machine.

    central_bank --(event: frozen)--> frozen --(event: committee or deal)--> committee
         ^                                                                      |
         +---------------- (the committee's mandate ends, or an event) ---------+

Any event may move it to any state; only a committee has terms (its parties, the eastern
share, the oil company's financing share) and may have an end, after which revenue returns to
the central bank, the channel the Berlin conclusions and UNSC resolution 2510 recognise.
"""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    """The states of the revenue channel (string values: outputs record plain text)."""

    CENTRAL_BANK = "central_bank"
    FROZEN = "frozen"
    COMMITTEE = "committee"


CHANNEL_LABELS = {
    Channel.CENTRAL_BANK: "the central bank in Tripoli",
    Channel.FROZEN: "a frozen NOC account at the Libyan Foreign Bank",
    Channel.COMMITTEE: "a joint committee that splits it east and west",
}


class RevenueChannel:
    """The channel oil revenue goes through this week, and a committee's terms.

    Attributes:
        state: the channel (`Channel`), the central bank at the start.
        parties: ids of the actors sharing control of a committee's revenue (an influence
            component); empty for the other channels.
        east_share: the revenue claimant's share of a committee's revenue (0 otherwise).
        oil_company_share: the oil company's financing share of a committee's revenue (0
            otherwise), taken before the east-west split.
        ends_at: model time (weeks) at which a committee's mandate ends; None: no end.
    """

    def __init__(self) -> None:
        self.state = Channel.CENTRAL_BANK
        self.parties: tuple[str, ...] = ()
        self.east_share = 0.0
        self.oil_company_share = 0.0
        self.ends_at: float | None = None

    @property
    def is_committee(self) -> bool:
        """True while a joint committee handles the revenue."""
        return self.state is Channel.COMMITTEE

    @property
    def description(self) -> str:
        """Where revenue goes, in words ('the central bank in Tripoli')."""
        return CHANNEL_LABELS[self.state]

    def move_to(
        self,
        state: str,
        *,
        parties: tuple[str, ...] = (),
        east_share: float = 0.0,
        oil_company_share: float = 0.0,
        ends_at: float | None = None,
    ) -> None:
        """Route revenue through `state` from now on; the terms hold only for a committee."""
        self.state = Channel(state)
        committee = self.is_committee
        self.parties = parties if committee else ()
        self.east_share = east_share if committee else 0.0
        self.oil_company_share = oil_company_share if committee else 0.0
        self.ends_at = ends_at

    def expire(self, time: float) -> bool:
        """End a mandate that has run out at model time `time`; True if it ended now."""
        if self.ends_at is None or time < self.ends_at:
            return False
        self.move_to(Channel.CENTRAL_BANK)
        return True
