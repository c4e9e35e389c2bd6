"""Role play: a player makes one actor's weekly decision while the model plays the others.

Three roles, as in the teaching unit (docs/exercises/), each one of the cast's roles, played
by whichever actor the scenario's cast gives it: the revenue claimant (the LNA in 2020)
deciding each week whether to keep its blockade, the oil company (the NOC) deciding whether to
lift force majeure at the sites it judges safe, and the UN mission choosing how widely and how
hard to engage. A player's choice is a standing order: it stands until changed and is applied
whenever the actor decides.

The LNA decides only while a blockade of its own is on, the NOC only while force majeure holds
at a site it may restart (Mesa's `step` fires the week's events first, then the actors decide),
so `Role.is_asked` looks one week ahead, and `play_until_asked` plays the weeks in between.

The LNA's and NOC's choices go through `LibyaModel.choose_for`: the model still draws its
number each week, so the player's run draws the same numbers as the model's own run would
have, and each of the player's decisions records what the model's draw would have decided.
The UN's choice is an `un_engagement` event, logged like any other.

At any week, `compare_paths` sets the player's run beside the model's own path: the same
scenario, parameters and seed, run to the same week with the model making every decision.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from agents.decisions import Decision
from config.cast import Cast
from model.model import LibyaModel


class Unrecorded:
    """A stand-in for a model's DataCollector that records nothing (for `week_ahead`)."""

    def collect(self, model: LibyaModel) -> None:
        """Record nothing."""

    def add_table_row(self, table_name: str, row: dict[str, Any]) -> None:
        """Record nothing."""


def week_ahead(model: LibyaModel) -> LibyaModel:
    """A copy of `model` that has played the coming week; `model` itself is untouched.

    The copy has the model's state, pending events and random numbers, so it plays the week
    exactly as the model will. It keeps no record of the weeks before: its `decisions` are
    the coming week's only, and it records nothing else (copying the records would take
    most of the time).
    """
    preview = unrecorded_copy(model)
    preview.step()
    return preview


def unrecorded_copy(model: LibyaModel) -> LibyaModel:
    """A copy of `model` with its state, pending events and random numbers, and no records.

    Its decision log starts empty, and its DataCollector records nothing.
    """
    fresh = {id(model.log.decisions): [], id(model.datacollector): Unrecorded()}
    return copy.deepcopy(model, memo=fresh)


@dataclass(frozen=True)
class Role(ABC):
    """A role of the cast a player can take, with the weekly question and the possible answers.

    Attributes:
        cast_role: the cast's role the player takes ('revenue_claimant', 'oil_company',
            'un_mission'); the scenario's cast says which actor plays it.
        kind: the kind of decision the player makes (as in the model's decision log).
        question: the weekly question, in words.
        idle: why there is nothing to decide, when there is not.
        options: the answers, in the order the app shows them.
        measures: the weekly columns that show how the actor fares, for the comparison:
            '{actor}' stands for the player's actor, '{mediator}' for each mediator in turn.
    """

    cast_role: str
    kind: str
    question: str
    idle: str
    options: tuple[str, ...]
    measures: tuple[str, ...]

    def actor(self, cast: Cast) -> str:
        """The id of the actor who plays the role in this cast."""
        return getattr(cast.roles, self.cast_role)

    def title(self, cast: Cast) -> str:
        """The actor's name, as the cast gives it."""
        return cast.labels[self.actor(cast)]

    def label(self, cast: Cast) -> str:
        """The actor's name and the decision, e.g. 'NOC: force majeure'."""
        return f"{self.title(cast)}: {self.kind.replace('_', ' ')}"

    def measure_columns(self, cast: Cast) -> dict[str, str]:
        """The role's measures in this cast: weekly column -> how the comparison names it."""
        actor = cast.actor(self.actor(cast))
        columns = {}
        for template in self.measures:
            for mediator in cast.roles.mediators if "{mediator}" in template else [""]:
                column = template.format(actor=actor.id, mediator=mediator)
                named = cast.actor(mediator).short_name if mediator else actor.short_name
                columns[column] = MEASURE_LABELS[template].format(name=named)
        return columns

    @abstractmethod
    def apply(self, model: LibyaModel, option: str) -> None:
        """Make `option` the actor's standing choice in `model`."""

    def hold(self, model: LibyaModel, option: str) -> None:
        """Keep `option` in force in a week after the one it was chosen in (classroom mode).

        For most roles the choice stays of itself and this applies it again; a lever the
        model moves between choices says otherwise.
        """
        self.apply(model, option)

    @abstractmethod
    def is_asked(self, model: LibyaModel) -> bool:
        """True if the actor makes this decision in the week about to be played."""

    @abstractmethod
    def is_asked_again(self, model: LibyaModel) -> bool:
        """True if the actor makes this decision in any week left to play, this one included."""


@dataclass(frozen=True)
class YesNoRole(Role):
    """A role whose weekly decision is one of the model's yes/no choices.

    The first option means 'yes' (e.g. keep the blockade), the second 'no'.
    """

    def option_for(self, choice: bool) -> str:
        """The option a yes/no choice stands for: the first for 'yes', the second for 'no'."""
        return self.options[0] if choice else self.options[1]

    def apply(self, model: LibyaModel, option: str) -> None:
        """Make the actor's yes/no decision the player's: 'yes' for the first option."""
        if option not in self.options:
            raise ValueError(f"{self.cast_role}: unknown option {option!r}; one of {self.options}")
        model.choose_for(self.actor(model.cast), self.kind, option == self.options[0])

    def is_asked(self, model: LibyaModel) -> bool:
        """Play the coming week on a copy of the model and see whether the actor decides.

        What the model will ask is known only within the week: the week's events come first
        (a blockade imposed on its date, a deal that reopens oil), and the NOC decides only
        where no foreign forces stay, which is itself a draw. The copy has the model's state
        and random numbers, so it decides exactly as the model will; the model is untouched.
        """
        if not model.running:
            return False
        actor = self.actor(model.cast)
        decided = week_ahead(model).log.decisions
        return any(d.actor == actor and d.kind == self.kind for d in decided)

    def is_asked_again(self, model: LibyaModel) -> bool:
        """Play the rest of the run on one copy of the model and see whether the actor decides.

        As `is_asked`, but to the end of the run: the copy stops at the actor's first decision.
        """
        actor = self.actor(model.cast)
        preview = unrecorded_copy(model)
        while preview.running:
            preview.step()
            if any(d.actor == actor and d.kind == self.kind for d in preview.log.decisions):
                return True
        return False


@dataclass(frozen=True)
class EngagementRole(Role):
    """The UN's role: a level of engagement, each a pair of (effort, breadth) levers."""

    levels: dict[str, tuple[float, float]] = field(default_factory=dict)

    def apply(self, model: LibyaModel, option: str) -> None:
        """Set the mission's levers to the level's, as an `un_engagement` event, if they differ."""
        if option not in self.levels:
            raise ValueError(f"{self.cast_role}: unknown option {option!r}; one of {self.options}")
        effort, breadth = self.levels[option]
        if (model.un_mission.effort, model.un_mission.breadth) == (effort, breadth):
            return
        model.inject_event(
            {
                "type": "un_engagement",
                "effort": effort,
                "breadth": breadth,
                "label": f"The player's UN: {option.lower()} (effort {effort}, breadth {breadth})",
            },
            where="role play",
        )

    def is_asked(self, model: LibyaModel) -> bool:
        """The UN chooses its engagement every week, until the run ends."""
        return model.running

    def is_asked_again(self, model: LibyaModel) -> bool:
        """Every week left is a week of choosing."""
        return model.running


@dataclass(frozen=True)
class PatronRole(YesNoRole):
    """A foreign power's weekly choice whether to support its client (Russia, Turkey in 2020).

    The cast names no role for a patron, so the role names its actor.
    """

    actor_id: str = ""

    def actor(self, cast: Cast) -> str:
        """The patron's id."""
        return self.actor_id


@dataclass(frozen=True)
class PressureRole(Role):
    """The pressing power's lever (the US in 2020): how hard it presses its target to reopen.

    A level is a `pressure` event, as the scenario's own pressure events are; between them
    the model lets pressure relax toward the power's base.
    """

    levels: dict[str, float] = field(default_factory=dict)

    def apply(self, model: LibyaModel, option: str) -> None:
        """Set the power's pressure to the level's, as a `pressure` event, if it differs."""
        if option not in self.levels:
            raise ValueError(f"{self.cast_role}: unknown option {option!r}; one of {self.options}")
        power = model.pressing_power
        level = self.levels[option]
        if power.pressure == level:
            return
        target = power.pressure_target or model.cast.roles.revenue_claimant
        model.inject_event(
            {
                "type": "pressure",
                "power": power.actor_id,
                "target": target,
                "level": level,
                "label": f"The player's {power.label}: {option.lower()} (pressure {level})",
            },
            where="role play",
        )

    def hold(self, model: LibyaModel, option: str) -> None:
        """Keep the power's pressure at the level this week, without a new event.

        Between events the model lets pressure relax toward the power's base; a standing
        choice holds it at its level instead. A pressure event of the scenario still sets it
        in the week it happens; the level chosen is back the week after.
        """
        if option not in self.levels:
            raise ValueError(f"{self.cast_role}: unknown option {option!r}; one of {self.options}")
        model.pressing_power.pressure = self.levels[option]

    def is_asked(self, model: LibyaModel) -> bool:
        """The power chooses its pressure every week, until the run ends."""
        return model.running

    def is_asked_again(self, model: LibyaModel) -> bool:
        """Every week left is a week of choosing."""
        return model.running


UN_LEVELS = {
    "Low profile": (0.3, 0.2),
    "Steady, as in 2020": (0.8, 0.5),
    "Wide and hard": (1.6, 1.5),
}

MEASURE_LABELS = {
    "influence_{actor}": "{name}: influence (share)",
    "{actor}_cash_usd_m": "{name}: cash (USD m)",
    "blame_{actor}": "{name}: blame (share)",
    "prominence_{mediator}": "{name}: prominence (share)",
    "production_kbpd": "oil production (kbpd)",
    "cumulative_loss_usd_bn": "loss from the blockade (USD bn)",
    "frozen_usd_bn": "revenue frozen (USD bn)",
}
"""How the comparison names each measure; '{name}' is the actor's short name."""

ROLES: dict[str, Role] = {
    "revenue_claimant": YesNoRole(
        cast_role="revenue_claimant",
        kind="blockade",
        question="Keep the oil blockade this week?",
        idle="no blockade of yours is on",
        options=("Keep the blockade", "Lift the blockade"),
        measures=(
            "influence_{actor}",
            "{actor}_cash_usd_m",
            "blame_{actor}",
            "cumulative_loss_usd_bn",
        ),
    ),
    "oil_company": YesNoRole(
        cast_role="oil_company",
        kind="force_majeure",
        question="Lift force majeure at the sites you judge safe?",
        idle="force majeure holds at no site that is open and safe to restart",
        options=("Lift force majeure", "Keep force majeure"),
        measures=(
            "influence_{actor}",
            "blame_{actor}",
            "production_kbpd",
            "cumulative_loss_usd_bn",
        ),
    ),
    "un_mission": EngagementRole(
        cast_role="un_mission",
        kind="engagement",
        question="How should the UN mission engage this week?",
        idle="",
        options=tuple(UN_LEVELS),
        measures=("influence_{actor}", "prominence_{mediator}"),
        levels=UN_LEVELS,
    ),
}


PRESSURE_LEVELS = {
    "Ease off": 0.1,
    "Press steadily": 0.5,
    "Press hard": 1.0,
}
"""The pressing power's levels of pressure (0 to 1, as the `pressure` event's level)."""

COMPLIANCE_ROLE = YesNoRole(
    cast_role="tripoli_government",
    kind="compliance",
    question="Honour the joint committee's transfers to the east this week?",
    idle="no deal you did not sign runs a joint committee",
    options=("Honour the transfers", "Refuse the transfers"),
    measures=("influence_{actor}", "{actor}_cash_usd_m", "blame_{actor}", "frozen_usd_bn"),
)
"""The government's choice under a deal it did not sign (the GNA in 2020); a class role."""


def class_roles(cast: Cast) -> dict[str, Role]:
    """Every role a class can play in this cast, by the id of the actor who plays it.

    The three role-play roles, the government's compliance with a deal it did not sign, the
    pressing power's pressure, and each patron's support for its client: in 2020 the LNA,
    the GNA, the NOC, the UN, the US, Russia and Turkey.
    """
    roles: dict[str, Role] = {role.actor(cast): role for role in ROLES.values()}
    roles[COMPLIANCE_ROLE.actor(cast)] = COMPLIANCE_ROLE
    pressing = cast.roles.pressing_power
    roles[pressing] = PressureRole(
        cast_role="pressing_power",
        kind="pressure",
        question=f"How hard should {cast.actor(pressing).short_name} press to reopen the oil?",
        idle="",
        options=tuple(PRESSURE_LEVELS),
        measures=("influence_{actor}", "prominence_{mediator}", "cumulative_loss_usd_bn"),
        levels=PRESSURE_LEVELS,
    )
    for actor in cast.actors:
        if actor.agent != "power" or actor.client is None or actor.id in roles:
            continue
        client = cast.actor(actor.client).short_name
        roles[actor.id] = PatronRole(
            cast_role="patron",
            kind="support",
            question=f"Support the {client} this week (money and arms)?",
            idle="you back no client",
            options=(f"Support the {client}", "Hold back support"),
            measures=("influence_{actor}", "prominence_{mediator}"),
            actor_id=actor.id,
        )
    return {actor: roles[actor] for actor in cast.actor_ids if actor in roles}


def play_week(model: LibyaModel, role: Role, option: str) -> None:
    """Apply the player's choice for this week and step the model one week."""
    role.apply(model, option)
    model.step()


def play_until_asked(model: LibyaModel, role: Role) -> int:
    """Play the weeks in which the role's actor has nothing to decide; the model plays the rest.

    Stops before the first week in which the actor decides, or at the end of the run.

    Returns:
        The number of weeks played.
    """
    start = model.steps
    while model.running and not role.is_asked(model):
        model.step()
    return model.steps - start


def players_decisions(model: LibyaModel, role: Role) -> list[Decision]:
    """The decisions the player made in `model` (the UN's choices are events, not here)."""
    return [d for d in model.why(role.actor(model.cast), role.kind) if d.by_player]


def model_path(steps: int, **model_arguments: Any) -> LibyaModel:
    """The model's own path: a run with these arguments, stepped `steps` weeks."""
    reference = LibyaModel(**model_arguments)
    reference.run_for(steps)
    return reference


def compare_paths(played: LibyaModel, reference: LibyaModel, role: Role) -> pd.DataFrame:
    """The player's run beside the model's own, this week, on the role's measures.

    Returns a table indexed by measure with columns 'your path', "the model's path" and
    'difference' (yours minus the model's), plus the number of weeks under blockade. How
    often the player chose as the model's draw would have is `agreement`.
    """
    mine = played.datacollector.get_model_vars_dataframe()
    theirs = reference.datacollector.get_model_vars_dataframe()
    rows = {
        named: (float(mine[column].iloc[-1]), float(theirs[column].iloc[-1]))
        for column, named in role.measure_columns(played.cast).items()
    }
    rows["weeks with a blockade"] = (
        float((mine["blockaded_assets"] > 0).sum()),
        float((theirs["blockaded_assets"] > 0).sum()),
    )
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["your path", "the model's path"])
    table["difference"] = table["your path"] - table["the model's path"]
    table.index.name = "measure"
    return table


def agreement(model: LibyaModel, role: Role) -> tuple[int, int]:
    """(weeks the player chose as the model's draw would have, weeks the player decided)."""
    decisions = players_decisions(model, role)
    return sum(d.choice == d.model_choice for d in decisions), len(decisions)
