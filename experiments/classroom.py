"""A class plays one run together: each student (or team) an actor, the model the rest.

A teacher opens a class on a scenario and a seed and says which roles students may take
(`experiments.roleplay.class_roles`: in 2020 the LNA, the GNA, the NOC, the UN, Russia,
Turkey and the US). Two kinds (`is_standing`): the LNA, the NOC and the GNA decide only in
some weeks (a blockade of their own on, force majeure at a safe site, a deal they did not sign
running), and `ClassRun.asked` says which of them decide in the week about to be played; the
UN's and the US's levers and a patron's support are standing choices, changed in any week.
Students `choose`, the teacher may `inject` an event, and `advance` plays the week. A role
students hold that is asked and left undecided falls back to the model's draw, and the week's
record says so (`Move.source` 'model'); a role no student holds is the model's, as in any run.

Everything a class does is a list of inputs: the students' choices and the teacher's events,
each at the week it was made. `ClassRun.replay` plays them again on the same seed and gives
the same run, so a class is kept as its inputs (`experiments.class_store`) and rebuilt after
a restart, and `model_path` is the same run with no student choices, for the debrief.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from agents.decisions import Decision
from experiments.roleplay import PatronRole, Role, YesNoRole, class_roles, unrecorded_copy
from model.influence import COMPONENTS
from model.model import LibyaModel


def is_standing(role: Role) -> bool:
    """True for a role whose choice stands until changed; False for one the class waits for.

    Standing: the UN's and the US's levers and a patron's weekly support, chosen in any week
    and kept (without a choice, the model plays them). Waited for: the decisions the model
    asks for in some weeks only, the LNA's blockade, the NOC's force majeure and the GNA's
    compliance; a class waits for them, and falls back to the model's draw after the deadline.
    """
    return not isinstance(role, YesNoRole) or isinstance(role, PatronRole)


class ClassError(ValueError):
    """A move the class refuses: an unknown role or option, or a role not asked this week."""


@dataclass(frozen=True)
class Move:
    """One role's decision in one week of a class.

    Attributes:
        step: the week it applies to: the model's step count when it was made (the week
            played next is step + 1).
        actor: the id of the role's actor.
        option: the option chosen, as the role words it (for a fall-back, what the model's
            draw decided).
        student: who chose it (a name), or '' for the model.
        source: 'student' for a student's choice, 'model' for the model's draw after no
            student of the role chose in time.
    """

    step: int
    actor: str
    option: str
    student: str = ""
    source: Literal["student", "model"] = "student"


@dataclass(frozen=True)
class Injected:
    """An event the teacher injected, before the week after `step` was played."""

    step: int
    event: dict[str, Any]


@dataclass(frozen=True)
class ClassSetup:
    """What a class plays: the scenario, the seed, parameter changes and the open roles."""

    scenario: str
    seed: int
    roles: tuple[str, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)

    def new_model(self) -> LibyaModel:
        """A fresh run of the setup, at its first week."""
        return LibyaModel(scenario_name=self.scenario, rng=self.seed, **dict(self.parameters))


class ClassRun:
    """The run a class plays: the model, this week's choices, and every input so far.

    Not thread-safe: the caller (the app's class hub) serialises calls.
    """

    def __init__(self, setup: ClassSetup) -> None:
        self.setup = setup
        self.model = setup.new_model()
        roles = class_roles(self.model.cast)
        unknown = [actor for actor in setup.roles if actor not in roles]
        if unknown:
            raise ClassError(
                f"no class role for {', '.join(unknown)}; the roles are {', '.join(roles)}"
            )
        self.roles: dict[str, Role] = {actor: roles[actor] for actor in setup.roles}
        self.pending: dict[str, tuple[str, str]] = {}  # actor -> (option, student), this week
        self.standing: dict[str, tuple[str, str]] = {}  # standing roles' choices in force
        self.moves: list[Move] = []
        self.injected: list[Injected] = []
        self._preview: tuple[Any, LibyaModel] | None = None  # (what it was made from, copy)

    # --- the week about to be played -----------------------------------------------------
    def preview(self) -> LibyaModel:
        """The coming week played on a copy, with the students' choices made so far.

        A choice may bring another decision into the week: an LNA that lifts its blockade
        lets the NOC decide on restarting the sites in the same week. Kept until the week is
        played, an event is injected or a choice is made: one copy serves every screen.
        """
        key = (self.model.steps, len(self.injected), tuple(sorted(self.pending.items())))
        if self._preview is None or self._preview[0] != key:
            ahead = unrecorded_copy(self.model)
            self._prepare(ahead, self.pending)
            ahead.step()
            self._preview = (key, ahead)
        return self._preview[1]

    def asked(self) -> tuple[str, ...]:
        """The roles the class waits for: those whose actor decides in the coming week.

        Standing roles are never among them: they may change their choice in any week.
        """
        if not self.model.running:
            return ()
        decided = {(d.actor, d.kind) for d in self.preview().log.decisions}
        return tuple(
            actor
            for actor, role in self.roles.items()
            if not is_standing(role) and (actor, role.kind) in decided
        )

    def may_choose(self, actor: str) -> bool:
        """True if the role's students may choose now: a standing role, or one asked."""
        return self.model.running and (is_standing(self.roles[actor]) or actor in self.asked())

    def outlook(self, actor: str) -> Decision | None:
        """The model's own decision for `actor` in the coming week, with its terms (or None).

        For a yes/no role this is what the student decides instead: its probability and the
        terms behind it. Lever roles (the UN, the US) have none.
        """
        role = self.roles[actor]
        for decision in self.preview().log.decisions:
            if decision.actor == actor and decision.kind == role.kind:
                return decision
        return None

    # --- inputs ----------------------------------------------------------------------------
    def choose(self, actor: str, option: str, student: str) -> None:
        """A student's choice for their role, applied when the week is played.

        The latest choice of a team counts. A standing role's choice holds from that week on.

        Raises:
            ClassError: the role is not open, the option not the role's, or the role's actor
                does not decide this week.
        """
        role = self.roles.get(actor)
        if role is None:
            raise ClassError(f"{actor!r} is not a role of this class")
        if option not in role.options:
            raise ClassError(f"{option!r} is not an option of {actor}: one of {role.options}")
        if not self.may_choose(actor):
            raise ClassError(f"{actor} has nothing to decide this week")
        self.pending[actor] = (option, student)

    def inject(self, event: Mapping[str, Any]) -> None:
        """Inject the teacher's event now, for everyone (validated as any injected event)."""
        self.model.inject_event(dict(event), where="the teacher's event")
        self.injected.append(Injected(self.model.steps, dict(event)))

    def advance(self, held: Collection[str]) -> list[Move]:
        """Play the week: the students' choices, and the model's draw for the rest.

        Args:
            held: the roles students hold now; those asked and left undecided fall back to
                the model's draw, recorded as such.

        Returns:
            The week's moves, students' and fall-backs.
        """
        if not self.model.running:
            return []
        step = self.model.steps
        asked = self.asked()
        chosen = {
            actor: choice
            for actor, choice in self.pending.items()
            if actor in asked or is_standing(self.roles[actor])
        }
        week = [Move(step, actor, option, student) for actor, (option, student) in chosen.items()]
        made = self._play_week(chosen)
        for actor in asked:
            if actor in self.pending or actor not in held:
                continue
            week.append(Move(step, actor, self._models_option(actor, made), source="model"))
        self.pending.clear()
        self.moves.extend(week)
        return week

    def _prepare(self, model: LibyaModel, chosen: Mapping[str, tuple[str, str]]) -> None:
        """Set the week's choices in `model` (the run or a copy): hold standing, apply new."""
        for actor, (option, _) in self.standing.items():
            if actor not in chosen:
                self.roles[actor].hold(model, option)
        for actor, (option, _) in chosen.items():
            self.roles[actor].apply(model, option)

    def _play_week(self, chosen: Mapping[str, tuple[str, str]]) -> list[Decision]:
        """Play one week with these choices; the decisions the week made.

        The standing choices stay; the waited-for decisions are the model's again afterwards,
        until next chosen.
        """
        self._prepare(self.model, chosen)
        for actor, choice in chosen.items():
            if is_standing(self.roles[actor]):
                self.standing[actor] = choice
        first = len(self.model.log.decisions)
        self.model.step()
        for role in self.roles.values():
            if not is_standing(role):
                self.model.choose_for(role.actor(self.model.cast), role.kind, None)
        return self.model.log.decisions[first:]

    def _models_option(self, actor: str, made: Iterable[Decision]) -> str:
        """What the model's draw decided for an actor this week, as the role words it."""
        role = self.roles[actor]
        for decision in made:
            if decision.actor == actor and decision.kind == role.kind:
                return role.option_for(decision.choice)
        return "(not asked after all)"  # the preview asked; the students' choices changed it

    # --- the record ------------------------------------------------------------------------
    @classmethod
    def replay(
        cls,
        setup: ClassSetup,
        moves: Iterable[Move],
        injected: Iterable[Injected],
        steps: int,
    ) -> ClassRun:
        """The class's run rebuilt from its inputs, played to `steps` weeks.

        The students' moves are applied again in their weeks and the teacher's events
        injected again; the model's fall-backs need nothing (the model draws them again), but
        are kept in `moves` for the record.
        """
        run = cls(setup)
        by_week: dict[int, list[Move]] = {}
        for move in moves:
            by_week.setdefault(move.step, []).append(move)
        events: dict[int, list[Injected]] = {}
        for event in injected:
            events.setdefault(event.step, []).append(event)
        while run.model.steps < steps and run.model.running:
            step = run.model.steps
            for event in events.get(step, []):
                run.inject(event.event)
            week = by_week.get(step, [])
            run._play_week({m.actor: (m.option, m.student) for m in week if m.source == "student"})
            run.moves.extend(week)
        return run

    def model_path(self) -> LibyaModel:
        """The model's own path to this week: the same seed and events, no student choices."""
        return ClassRun.replay(self.setup, [], self.injected, self.model.steps).model

    def moves_table(self) -> pd.DataFrame:
        """Every move with what the model's draw would have decided in its place.

        Columns: week (the date the week ends), step, actor, role (the actor's name),
        student, source, option, models_option (the model's draw, for a yes/no role; '' for
        a lever role), same (the student chose as the model's draw would have).
        """
        cast = self.model.cast
        ends = self.model.datacollector.model_vars["date"]  # row n: the week of step n
        drawn = {
            (d.step - 1, d.actor, d.kind): d
            for d in self.model.log.decisions
            if d.actor in self.roles
        }
        rows = []
        for move in self.moves:
            role = self.roles[move.actor]
            decision = drawn.get((move.step, move.actor, role.kind))
            models = ""
            if isinstance(role, YesNoRole) and decision is not None:
                models = role.option_for(decision.model_choice)
            rows.append(
                {
                    "week": ends[move.step + 1],
                    "step": move.step,
                    "actor": move.actor,
                    "role": cast.labels[move.actor],
                    "student": move.student,
                    "source": move.source,
                    "option": move.option,
                    "models_option": models,
                    "same": bool(models) and models == move.option,
                }
            )
        columns = ["week", "step", "actor", "role", "student", "source", "option"]
        return pd.DataFrame(rows, columns=[*columns, "models_option", "same"])


def decision_weeks(setup: ClassSetup) -> dict[str, int]:
    """In how many weeks each waited-for role decides on the model's own path of the setup.

    For the teacher choosing roles: in some episodes the record dates the blockade's end, and
    the blockader never decides. The students' choices change the path, so this is a guide.
    """
    run = ClassRun(setup)
    model = run.model
    model.run_model()
    return {
        actor: len(model.why(actor, role.kind))
        for actor, role in run.roles.items()
        if not is_standing(role)
    }


def situation(model: LibyaModel, actor: str) -> dict[str, str]:
    """An actor's situation this week, as a student playing it sees it: name -> value in words.

    Influence and its components (shares of all actors'), money where the actor keeps
    accounts, the oil fields it holds and blockades, the pressure on it to reopen, its share
    of public blame, and a patron's support for its client.
    """
    recorded = model.datacollector.model_vars
    agent = model.actor(actor)
    shown = {"Influence (share of all actors')": f"{recorded[f'influence_{actor}'][-1]:.1%}"}
    for component in COMPONENTS:
        value = recorded[f"influence_{component}_{actor}"][-1]
        shown[f"  from {component}"] = f"{value:.1%}"
    if f"{actor}_cash_usd_m" in recorded:
        shown["Money in hand"] = f"USD {recorded[f'{actor}_cash_usd_m'][-1]:,.0f} m"
    held = [field for field in model.fields if field.controller == actor]
    if held:
        capacity = sum(field.capacity_kbpd for field in held)
        shown["Oil fields held"] = f"{len(held)} ({capacity:,.0f} kbpd of capacity)"
    blockaded = model.blockaded_assets(actor)
    if blockaded:
        shown["Your blockade closes"] = ", ".join(asset.name for asset in blockaded)
    pressure = model.pressure_on(actor)
    if pressure > 0:
        shown["Foreign pressure on you to reopen"] = f"{pressure:.2f} (0 to 1)"
    if f"blame_{actor}" in recorded:
        shown["Public blame (share)"] = f"{recorded[f'blame_{actor}'][-1]:.1%}"
    target = getattr(agent, "pressure_target", None)
    if target is not None and agent.pressure > 0:
        named = model.cast.actor(target).short_name
        shown[f"Your pressure on the {named} to reopen"] = f"{agent.pressure:.2f} (0 to 1)"
    client = getattr(agent, "client", None)
    if client is not None:
        supporting = "yes" if agent.supporting else "no"
        shown[f"Supporting the {model.cast.actor(client).short_name} this week"] = supporting
    return shown
