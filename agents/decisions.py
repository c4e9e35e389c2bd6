"""Stochastic choices with their reasons.

Every choice an actor makes by chance goes through `decide` (or `chance`, for a plain weekly
hazard with no terms): the terms of its utility are named, summed and turned into a
probability with the logistic function, one number is drawn from the model's seeded
generator, and the whole record is kept so that a user can ask why an actor did what it did
in a given week. In role play (`experiments.roleplay`) a player may make an
actor's choice instead; the number is still drawn and logged, with what it would have decided.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import datetime as dt

    from model.model import LibyaModel


def logistic(utility: float) -> float:
    """Probability of 'yes' for a utility: 1 / (1 + exp(-utility))."""
    if utility >= 0:
        return 1.0 / (1.0 + math.exp(-utility))
    z = math.exp(utility)
    return z / (1.0 + z)


class Decision(NamedTuple):
    """One stochastic choice and the terms that decided it.

    Attributes:
        step: the weekly step in which the choice was made.
        date: the date at the end of that week.
        actor: id of the deciding actor or region.
        kind: what was decided ('blockade', 'force_majeure', 'protest', ...).
        choice: True for 'yes'.
        probability: probability of 'yes'.
        draw: the uniform number drawn; 'yes' if draw < probability.
        terms: named contributions to the utility of 'yes' (empty for a plain hazard).
        yes: what a 'yes' means, in words.
        no: what a 'no' means, in words.
        sequence: position in the model's log of events and decisions.
        by_player: True if a player (role play) made the choice instead of the draw.
    """

    step: int
    date: dt.date
    actor: str
    kind: str
    choice: bool
    probability: float
    draw: float
    terms: dict[str, float]
    yes: str = "yes"
    no: str = "no"
    sequence: int = 0
    by_player: bool = False

    @property
    def model_choice(self) -> bool:
        """What the model's own draw decided: 'yes' if draw < probability."""
        return self.draw < self.probability

    @property
    def utility(self) -> float:
        """Sum of the terms: the log-odds of 'yes'."""
        return sum(self.terms.values())

    @property
    def explanation(self) -> str:
        """The choice in words with its probability, draw and terms.

        The probability is always that of 'yes'; after a 'no' the text says so, e.g. "LNA lifts
        the blockade (p = 0.429 for 'LNA keeps the blockade', draw 0.992)".
        """
        chance = f"{self.probability:.3f}"
        if not self.choice:
            chance += f" for '{self.yes}'"
        odds = f"p = {chance}, draw {self.draw:.3f}"
        if self.by_player:
            model_would = self.yes if self.model_choice else self.no
            odds = f"the player's choice; the model's draw: {model_would}, {odds}"
        text = f"{self.yes if self.choice else self.no} ({odds})"
        return f"{text}: {explain(self.terms)}" if self.terms else text

    def as_row(self) -> dict[str, object]:
        """This decision as a row of events.csv."""
        return {
            "date": self.date,
            "step": self.step,
            "category": "decision",
            "kind": self.kind,
            "actors": self.actor,
            "choice": self.choice,
            "probability": self.probability,
            "utility": self.utility if self.terms else None,
            "explanation": self.explanation,
            "sequence": self.sequence,
        }


def explain(terms: dict[str, float]) -> str:
    """'bias +3.50, unmet demand +3.00, ... = utility +5.30' for a set of terms."""
    parts = ", ".join(f"{name} {value:+.2f}" for name, value in terms.items())
    return f"{parts} = utility {sum(terms.values()):+.2f}"


def decide(
    model: LibyaModel,
    actor: str,
    kind: str,
    terms: dict[str, float],
    *,
    yes: str,
    no: str,
) -> bool:
    """Draw a yes/no choice from the logistic of the summed terms, and log it with reasons.

    Args:
        model: the model whose seeded generator draws and whose log records the decision.
        actor: id of the deciding actor (or region).
        kind: what is decided, e.g. 'blockade', 'force_majeure', 'protest'.
        terms: named contributions to the utility of 'yes'.
        yes: plain-language sentence for a 'yes' ("LNA keeps the blockade").
        no: plain-language sentence for a 'no'.

    Returns:
        True for 'yes'.

    """
    return _draw(model, actor, kind, logistic(sum(terms.values())), terms, yes, no)


def chance(
    model: LibyaModel, actor: str, kind: str, probability: float, *, yes: str, no: str
) -> bool:
    """A yes/no draw with a given probability (a weekly hazard), logged like `decide`."""
    return _draw(model, actor, kind, probability, {}, yes, no)


def _draw(
    model: LibyaModel,
    actor: str,
    kind: str,
    probability: float,
    terms: dict[str, float],
    yes: str,
    no: str,
) -> bool:
    # The draw is made even when a player decides, so that the rest of the run draws the
    # same numbers as the model's own path would have.
    draw = model.rng.random()
    player_choice = model.player_choices.get((actor, kind)) if model.player_choices else None
    choice = draw < probability if player_choice is None else player_choice
    step, date, sequence = model.steps, model.date, next(model.log.sequence)
    by_player = player_choice is not None
    # Each argument is named as its field, in field order: built by keyword, this 12-field
    # tuple would take twice as long (some 550 decisions in a default run).
    decision = Decision(
        step, date, actor, kind, choice, probability, draw, terms, yes, no, sequence, by_player
    )
    model.log.decisions.append(decision)  # for `model.why` and the event log
    return choice
