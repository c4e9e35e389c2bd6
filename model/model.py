"""LibyaModel: Libya's oil political economy, one step a week, on Mesa."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

import mesa
import pandas as pd

from agents import (
    NOC,
    Actor,
    AssetKind,
    ExternalPower,
    Faction,
    Government,
    OilAsset,
    Politician,
    Population,
    UNMission,
)
from agents.decisions import Decision
from config.cast import ActorSpec, Cast, default_cast
from config.parameters import Parameters
from config.scenarios import (
    DEFAULT_SCENARIO,
    Scenario,
    ScenarioError,
    cast_problems,
    check_events_in_horizon,
    shipped_scenario,
    validate_event,
    validate_parameters,
)
from config.timeline import Deal, Event
from model import calendar, events, external, influence, mediation, oil, public, revenue
from model.event_log import EventLog
from model.reporters import make_datacollector
from model.revenue_channel import Channel, RevenueChannel

CONFLICT_SALIENCE_FLOOR = 0.1  # military strength never stops mattering entirely


class LibyaModel(mesa.Model):
    """Libya's political economy around the 2020 oil blockade and the Haftar-Maiteeq deal.

    `LibyaModel()` runs the default scenario (`sochi_2020`): the historical timeline with the
    Russia-brokered deal on 18 September 2020; `LibyaModel(scenario_name="no_deal")` another
    shipped scenario. Keyword arguments override parameters of `config.parameters.Parameters`;
    `timeline` replaces the scenario's events; `rng` seeds every stochastic choice.

    Who plays comes from the scenario's cast (`config/casts/`): the mechanisms ask for roles
    (`tripoli_government`, `revenue_claimant`, `oil_company`, `un_mission`, `pressing_power`,
    `mediators`, `blamed`), never for an actor by name.

    Args:
        rng: seed or generator for all stochastic choices.
        timeline: dated events (specs or mappings); None for the named scenario's events.
        scenario_name: a shipped scenario (config/scenarios/) whose cast, parameters and events
            are used when `timeline` is None; otherwise only the name recorded in outputs.
        cast: who plays (the named scenario's cast, or the default cast, if None).
        **parameters: parameter overrides, validated against the schema.

    Raises:
        ScenarioError: an unknown scenario, parameter or event, or a value out of range.
    """

    # The agent class of each kind of actor in a cast. A subclass may give an actor a class of
    # its own through `agent_class` (docs/exercises/08_extending_the_model.md).
    AGENT_CLASSES: ClassVar[dict[str, type[Actor]]] = {
        "faction": Faction,
        "government": Government,
        "politician": Politician,
        "oil_company": NOC,
        "un_mission": UNMission,
        "power": ExternalPower,
    }
    # Extra columns of model.csv: column name -> Mesa model reporter (the name of a model
    # attribute, or a function of the model). None here; a subclass may add its own.
    extra_reporters: ClassVar[dict[str, str | Callable[[Any], Any]]] = {}

    def __init__(
        self,
        *,
        rng: Any = None,
        timeline: list[Event | dict] | tuple[Event | dict, ...] | None = None,
        scenario_name: str | None = None,
        cast: Cast | None = None,
        scenario: Any = None,
        **parameters: Any,
    ) -> None:
        # `scenario` is Mesa's own experiment object, which SolaraViz's reset passes along;
        # this model's scenarios are config files (scenario_name, timeline), so it is unused.
        del scenario
        super().__init__(rng=rng)
        if timeline is None:
            scenario_name = scenario_name or DEFAULT_SCENARIO
            chosen = shipped_scenario(scenario_name)
            timeline = chosen.events
            cast = cast or chosen.cast
            parameters = {**chosen.parameters.model_dump(exclude_unset=True), **parameters}
        self.params: Parameters = validate_parameters(parameters, "LibyaModel")
        self.cast: Cast = cast or default_cast()
        self.scenario_name = scenario_name or "custom"
        self.start_date: dt.date = self.params.start_date
        self._advance_calendar()
        self.log = EventLog(self)
        self.player_choices: dict[tuple[str, str], bool] = {}  # role play: see `choose_for`
        self.pending_events: list[events.ScheduledEvent] = []
        self.firing: Event | None = None
        self._create_agents()
        self._init_state()
        self.datacollector = make_datacollector(self)
        scheduled = tuple(
            validate_event({"date": self.date, **spec}, "timeline", self.cast)
            if isinstance(spec, dict)
            else spec
            for spec in timeline
        )
        check_events_in_horizon(scheduled, self.params, "timeline")
        for spec in scheduled:
            self.inject_event(spec, where="timeline")
        mediation.update_prominence(self)
        influence.update(self)
        self.datacollector.collect(self)

    @classmethod
    def from_scenario(cls, scenario: Scenario, rng: Any = None) -> LibyaModel:
        """A model of a validated scenario (see `config.scenarios.load_scenario`)."""
        return cls(
            rng=rng,
            timeline=list(scenario.events),
            scenario_name=scenario.name,
            cast=scenario.cast,
            **scenario.parameters.model_dump(),
        )

    # --- set-up ---------------------------------------------------------------------------
    def agent_class(self, spec: ActorSpec) -> type[Actor]:
        """The class of the agent that plays an actor of the cast: by its kind of agent.

        The place to give one actor behaviour of its own: a subclass returns a subclass of the
        kind's class for that actor (exercise 8's Egypt).
        """
        return self.AGENT_CLASSES[spec.agent]

    def _create_agents(self) -> None:
        cast = self.cast
        for spec in cast.actors:
            self.agent_class(spec)(self, spec)
        self._actors: dict[str, Actor] = {
            a.actor_id: a for a in self.agents if isinstance(a, Actor)
        }
        self.actor_ids: tuple[str, ...] = cast.actor_ids
        self.political_actors: tuple[Actor, ...] = tuple(self._actors[a] for a in self.actor_ids)
        # The agents are fixed for a run: plain tuples scan faster than (weak) AgentSets in
        # the weekly mechanisms; Mesa's `agents_by_type` holds the same agents as AgentSets.
        self.factions: tuple[Faction, ...] = tuple(self.agents.select(agent_type=Faction))
        self.powers: tuple[ExternalPower, ...] = tuple(self.agents.select(agent_type=ExternalPower))
        roles = cast.roles
        self.tripoli_government: Government = self._actors[roles.tripoli_government]  # type: ignore[assignment]
        self.revenue_claimant: Faction = self._actors[roles.revenue_claimant]  # type: ignore[assignment]
        self.oil_company: NOC = self._actors[roles.oil_company]  # type: ignore[assignment]
        self.un_mission: UNMission = self._actors[roles.un_mission]  # type: ignore[assignment]
        self.pressing_power: ExternalPower = self._actors[roles.pressing_power]  # type: ignore[assignment]
        self.mediators: tuple[str, ...] = tuple(roles.mediators)
        self.blamed: tuple[str, ...] = tuple(roles.blamed)
        self.regions: dict[str, Population] = {
            spec.id: Population(self, spec, self.blamed) for spec in cast.regions
        }
        self._create_assets()

    def _create_assets(self) -> None:
        self._assets: dict[str, OilAsset] = {}
        for site in self.cast.sites():
            asset = OilAsset(
                self,
                site.name,
                AssetKind(site.kind),
                site.capacity_kbpd,
                site.holder,
                site.exports_via,
            )
            asset.damage = site.damage
            asset.storage_mbbl = site.storage_mbbl
            asset.storage_capacity_mbbl = site.storage_capacity_mbbl
            asset.ramp_per_week = site.ramp_per_week
            asset.start_idle(site.weeks_idle)
            self._assets[asset.name] = asset
        for asset in self._assets.values():
            if asset.exports_via is not None:
                asset.link_terminal(self._assets[asset.exports_via])
        self.assets: tuple[OilAsset, ...] = tuple(self.agents_by_type[OilAsset])
        self.fields: tuple[OilAsset, ...] = tuple(a for a in self.assets if a.is_field)
        self.total_capacity_kbpd = sum(f.capacity_kbpd for f in self.fields)
        for field in self.fields:
            field.capacity_share = field.capacity_kbpd / self.total_capacity_kbpd
            idle = field.weeks_idle > 0  # a run that starts during a shutdown
            field.production_kbpd = (
                field.domestic_floor_kbpd(self.params)
                if idle
                else field.available_kbpd(self.params)
            )
        oil.update_production_total(self)

    def _init_state(self) -> None:
        self.channel = RevenueChannel()
        self.active_deal: Deal | None = None
        self.conflict_ebbing = False
        self.conflict_salience = 1.0
        self.loss_baseline_kbpd: float | None = None
        self.cumulative_loss_usd_bn = 0.0
        self.frozen_usd_bn = 0.0
        self.revenue_usd_m = 0.0
        self.brent_usd = revenue.brent_usd(self.start_date, self.params.brent_multiplier)
        # refilled in place each week: the DataCollector reads these dicts
        self.flows_usd_m = dict.fromkeys(revenue.RECIPIENTS, 0.0)
        self.national_blame: dict[str, float] = {}
        self.prominence: dict[str, float] = {}
        self.grid_backlog = 0.0
        mediation.update_pressing_attention_base(self)
        self.pressing_power.attention = self.pressing_power.attention_base
        public.update_national_blame(self)
        self.demand_mw = public.demand_mw(self)
        self.generation_mw = public.generation_mw(self)

    # --- the weekly schedule --------------------------------------------------------------
    def step(self) -> None:
        """One week: oil flows, money moves, people react, actors decide, influence settles."""
        self._advance_calendar()
        oil.produce(self)
        external.act(self)
        revenue.settle(self)
        public.update(self)
        for faction in self.factions:
            faction.decide_blockade()
        self.oil_company.decide_force_majeure()
        self.tripoli_government.decide_compliance()
        self._update_conflict_salience()
        mediation.fade_attention(self)
        mediation.update_prominence(self)
        influence.update(self)
        self.datacollector.collect(self)
        if self.steps >= self.params.weeks:
            self.running = False

    def run_model(self) -> None:
        """Run the rest of the horizon (`weeks` steps in all); nothing once it is reached."""
        remaining = self.params.weeks - self.steps
        if remaining > 0:
            self.run_for(remaining)

    def _update_conflict_salience(self) -> None:
        if self.conflict_ebbing:
            decay = self.params.conflict_decay_per_week
            salience = self.conflict_salience * (1.0 - decay)
            self.conflict_salience = max(CONFLICT_SALIENCE_FLOOR, salience)

    # --- time -----------------------------------------------------------------------------
    def _advance_calendar(self) -> None:
        """Set `date`, the calendar date at the end of the current week (step)."""
        self.date: dt.date = calendar.date_of(self.start_date, self.steps)

    def time_of(self, date: dt.date) -> float:
        """Model time (weeks since the start) of a calendar date."""
        return calendar.time_of(self.start_date, date)

    # --- lookups ----------------------------------------------------------------------------
    def actor(self, actor_id: str) -> Any:
        """The actor with this id (in the default cast: lna, gna, maiteeq, noc, un, russia, ...)."""
        return self._actors[actor_id]

    def asset(self, name: str) -> OilAsset:
        """The oil field or terminal with this name."""
        return self._assets[name]

    def region(self, name: str) -> Population:
        """The population of a region (in the default cast: west, east or south)."""
        return self.regions[name]

    @property
    def revenue_channel(self) -> Channel:
        """Where revenue goes this week: central_bank, frozen or committee."""
        return self.channel.state

    def blockaded_assets(self, actor: str | None = None) -> list[OilAsset]:
        """Assets closed by this actor's blockade (by anyone's, if `actor` is None)."""
        if actor is None:
            return [a for a in self.assets if a.blockaded_by is not None]
        return [a for a in self.assets if a.blockaded_by == actor]

    def blockaders(self) -> set[str]:
        """The actors whose blockade closes at least one site this week."""
        return {asset.blockaded_by for asset in self.assets if asset.blockaded_by is not None}

    def blame(self, actor: str) -> float:
        """National share of blame on an actor (0 for actors nobody blames)."""
        return self.national_blame.get(actor, 0.0)

    def pressure_on(self, actor: str) -> float:
        """External pressure on an actor to reopen: the sum over powers, at most 1."""
        total = sum([p.pressure for p in self.powers if p.pressure_target == actor])
        return min(1.0, total)

    def unmet_demand(self, actor: str) -> float:
        """How far the revenue channel falls short of an actor's demand (the claimant's only)."""
        return revenue.unmet_demand(self) if actor == self.revenue_claimant.actor_id else 0.0

    def committed_to_reopen(self, actor: str) -> bool:
        """True if the actor signed the active deal and that deal reopens oil."""
        deal = self.active_deal
        return deal is not None and deal.reopen and actor in deal.parties

    # --- state changes used by events -------------------------------------------------------
    def set_revenue_channel(
        self,
        channel: str,
        *,
        east_share: float = 0.0,
        oil_company_share: float = 0.0,
        weeks: float | None = None,
        parties: tuple[str, ...] | None = None,
    ) -> None:
        """Route revenue through `channel`; a committee may last `weeks` before reverting.

        A committee's `parties` share control of the revenue (an influence component); by
        default the Tripoli government and the revenue claimant.
        """
        if parties is None:
            parties = (self.tripoli_government.actor_id, self.revenue_claimant.actor_id)
        self.channel.move_to(
            channel,
            parties=parties,
            east_share=east_share,
            oil_company_share=oil_company_share,
            ends_at=self.time + weeks if weeks is not None else None,
        )

    # --- events, the log and role play -------------------------------------------------------
    def inject_event(self, event: Event | dict, where: str = "injected event") -> None:
        """Schedule an event: from the timeline at set-up, or injected while the model runs.

        A mapping is validated like a scenario file's event; without a date it happens now.
        An event dated in the past happens at once, before the next step. Its actors must be
        in the model's cast.

        Raises:
            ScenarioError: the event is invalid or dated after the end of the run.

        """
        if isinstance(event, dict):
            event = validate_event({"date": self.date, **event}, where, self.cast)
        else:
            problems = cast_problems(event, self.cast)
            if problems:
                raise ScenarioError("\n".join(f"{where}: {problem}" for problem in problems))
        end = self.params.end_date
        if event.date >= end:
            raise ScenarioError(
                f"{where}: date {event.date} is not before the run's last week ends, on {end}"
            )
        events.schedule(self, event)

    def choose_for(self, actor: str, kind: str, choice: bool | None) -> None:
        """Make `actor`'s `kind` decisions from now on (role play); None hands them back.

        Example: `model.choose_for("lna", "blockade", False)` lifts the LNA's blockade the
        next time the LNA decides on it, whatever the odds. The model still draws and logs
        what it would have chosen (`Decision.model_choice`).
        """
        if choice is None:
            self.player_choices.pop((actor, kind), None)
        else:
            self.player_choices[(actor, kind)] = choice

    def event_log(self) -> pd.DataFrame:
        """Everything that happened and every decision with its reasons, in order."""
        return self.log.table()

    def why(
        self, actor: str, kind: str | None = None, date: dt.date | None = None
    ) -> list[Decision]:
        """The decisions an actor made (of a kind, in the week ending on or after a date).

        Example: `model.why("lna", "blockade", dt.date(2020, 7, 1))` returns the LNA's blockade
        decision of that week with the terms that decided it.
        """
        return self.log.why(actor, kind, date)
