"""LibyaModel: Libya's oil political economy, one step a week, on Mesa."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any, ClassVar

import mesa
import pandas as pd

from agents import (
    GNA,
    LNA,
    NOC,
    Actor,
    AssetKind,
    ExternalPower,
    Maiteeq,
    OilAsset,
    Population,
    UNMission,
)
from agents.decisions import Decision
from agents.population import BLAMED_ACTORS
from config.actors import ACTOR_LABELS, ACTOR_SETUP, CONTROLLER_2020, PATRONS, REGIONS
from config.datasets import oil_asset_rows
from config.parameters import Parameters
from config.scenarios import (
    DEFAULT_SCENARIO,
    Scenario,
    ScenarioError,
    check_events_in_horizon,
    shipped_scenario,
    validate_event,
    validate_parameters,
)
from config.timeline import ACTOR_IDS, Deal, Event
from model import calendar, events, external, influence, mediation, oil, public, revenue
from model.reporters import make_datacollector

CONFLICT_SALIENCE_FLOOR = 0.1  # military strength never stops mattering entirely


class LogSequence:
    """Positions in the log, 1, 2, 3, ..., by `next()`, like `itertools.count(1)`.

    Unlike `itertools.count`, it can be deep-copied in every Python version (from 3.14 an
    itertools object cannot): role play looks a week ahead on a copy of the model.
    """

    def __init__(self) -> None:
        self.last = 0

    def __next__(self) -> int:
        self.last += 1
        return self.last


class LibyaModel(mesa.Model):
    """Libya's political economy around the 2020 oil blockade and the Haftar-Maiteeq deal.

    `LibyaModel()` runs the default scenario (`sochi_2020`): the historical timeline with the
    Russia-brokered deal on 18 September 2020; `LibyaModel(scenario_name="no_deal")` another
    shipped scenario. Keyword arguments override parameters of `config.parameters.Parameters`;
    `timeline` replaces the scenario's events; `rng` seeds every stochastic choice.

    Args:
        rng: seed or generator for all stochastic choices.
        timeline: dated events (specs or mappings); None for the named scenario's events.
        scenario_name: a shipped scenario (config/scenarios/) whose parameters and events
            are used when `timeline` is None; otherwise only the name recorded in outputs.
        **parameters: parameter overrides, validated against the schema.

    Raises:
        ScenarioError: an unknown scenario, parameter or event, or a value out of range.
    """

    # Extra columns of model.csv: column name -> Mesa model reporter (the name of a model
    # attribute, or a function of the model). None here; a subclass that adds an actor adds
    # its columns (docs/exercises/08_extending_the_model.md).
    extra_reporters: ClassVar[dict[str, str | Callable[[Any], Any]]] = {}

    def __init__(
        self,
        *,
        rng: Any = None,
        timeline: list[Event | dict] | tuple[Event | dict, ...] | None = None,
        scenario_name: str | None = None,
        scenario: Any = None,
        **parameters: Any,
    ) -> None:
        # `scenario` is Mesa's own experiment object, which SolaraViz's reset passes along;
        # this model's scenarios are config files (scenario_name, timeline), so it is unused.
        del scenario
        super().__init__(rng=rng)
        if timeline is None:
            scenario_name = scenario_name or DEFAULT_SCENARIO
            scenario = shipped_scenario(scenario_name)
            timeline = scenario.events
            parameters = {**scenario.parameters.model_dump(exclude_unset=True), **parameters}
        self.params: Parameters = validate_parameters(parameters, "LibyaModel")
        self.scenario_name = scenario_name or "custom"
        self.start_date: dt.date = self.params.start_date
        self._advance_calendar()
        self.decisions: list[Decision] = []  # every stochastic choice, with its reasons
        self.player_choices: dict[tuple[str, str], bool] = {}
        # positions in the log, so that events and decisions keep their order
        self.log_sequence = LogSequence()
        self.pending_events: list[events.ScheduledEvent] = []
        self.firing: Event | None = None
        self._create_agents()
        self._init_state()
        self.datacollector = make_datacollector(self)
        scheduled = tuple(
            validate_event({"date": self.date, **spec}, "timeline")
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
            **scenario.parameters.model_dump(),
        )

    # --- set-up ---------------------------------------------------------------------------
    def _create_agents(self) -> None:
        p = self.params
        self.lna = LNA(
            self,
            "lna",
            ACTOR_LABELS["lna"],
            **ACTOR_SETUP["lna"],
            cash=p.lna_initial_cash_usd_m,
            weekly_spending=p.lna_weekly_spending_usd_m,
            other_income=p.lna_weekly_borrowing_usd_m,
            military=p.lna_initial_military,
        )
        self.gna = GNA(
            self,
            "gna",
            ACTOR_LABELS["gna"],
            **ACTOR_SETUP["gna"],
            cash=p.gna_initial_cash_usd_m,
            weekly_spending=p.gna_weekly_spending_usd_m,
            other_income=0.0,
            military=p.gna_initial_military,
        )
        self.maiteeq = Maiteeq(self, "maiteeq", ACTOR_LABELS["maiteeq"], **ACTOR_SETUP["maiteeq"])
        self.noc = NOC(self, **ACTOR_SETUP["noc"])
        self.un = UNMission(self, p.un_effort, p.un_breadth, **ACTOR_SETUP["un"])
        self.create_powers()
        self._actors: dict[str, Actor] = {
            a.actor_id: a for a in self.agents if isinstance(a, Actor)
        }
        self.us: ExternalPower = self._actors["us"]  # type: ignore[assignment]
        self.regions: dict[str, Population] = {}
        for region, setup in REGIONS.items():
            self.regions[region] = Population(
                self,
                region,
                **setup,
                protest_threshold=getattr(p, f"protest_threshold_{region}"),
            )
        self._assets: dict[str, OilAsset] = {}
        for row in oil_asset_rows():
            route = row["exports_via"]
            asset = OilAsset(
                self,
                row["name"],
                AssetKind(row["type"]),
                float(row["capacity_kbpd"]),
                CONTROLLER_2020[row["name"]],
                route if isinstance(route, str) and route != "offshore" else None,
            )
            self._assets[asset.name] = asset
        for asset in self._assets.values():
            if asset.exports_via is not None:
                asset.link_terminal(self._assets[asset.exports_via])
        # The agents are fixed for a run: plain tuples scan faster than (weak) AgentSets in
        # the weekly mechanisms; Mesa's `agents_by_type` holds the same agents as AgentSets.
        self.assets: tuple[OilAsset, ...] = tuple(self.agents_by_type[OilAsset])
        self.fields: tuple[OilAsset, ...] = tuple(a for a in self.assets if a.is_field)
        self.powers: tuple[ExternalPower, ...] = tuple(self.agents.select(agent_type=ExternalPower))
        # the actors of config.timeline first, in its order, then any that a subclass adds
        added = tuple(actor_id for actor_id in self._actors if actor_id not in ACTOR_IDS)
        self.actor_ids: tuple[str, ...] = ACTOR_IDS + added
        self.political_actors: tuple[Actor, ...] = tuple(self._actors[a] for a in self.actor_ids)
        self.total_capacity_kbpd = sum(f.capacity_kbpd for f in self.fields)
        for field in self.fields:
            field.capacity_share = field.capacity_kbpd / self.total_capacity_kbpd
            field.production_kbpd = field.available_kbpd(p)
        self.update_production_total()

    def create_powers(self) -> None:
        """Create the external powers of `config.actors.PATRONS` (Russia, Turkey, the US).

        The place to add a power: a subclass calls this and creates its own `ExternalPower`
        (or a subclass of it). Support, pressure, revenue and influence take in every power
        of the model; the mediators' prominence stays among the four of config.timeline.
        """
        p = self.params
        for power_id, patron in PATRONS.items():
            ExternalPower(
                self,
                power_id,
                ACTOR_LABELS[power_id],
                **ACTOR_SETUP[power_id],
                client=patron["client"],
                commitment=patron["commitment"],
                pressure=p.us_pressure_base if power_id == "us" else 0.0,
                support_usd_m=p.support_usd_m_per_week,
            )

    def _init_state(self) -> None:
        self.revenue_channel = "central_bank"
        self.committee_parties: tuple[str, ...] = ()
        self.east_share = 0.0
        self.noc_financing_share = 0.0
        self.committee_ends_at: float | None = None
        self.active_deal: Deal | None = None
        self.conflict_ebbing = False
        self.conflict_salience = 1.0
        self.loss_baseline_kbpd: float | None = None
        self.cumulative_loss_usd_bn = 0.0
        self.frozen_usd_bn = 0.0
        self.revenue_usd_m = 0.0
        self.brent_usd = revenue.brent_usd(self.start_date, self.params.brent_multiplier)
        # refilled in place each week: the DataCollector reads these dicts
        self.flows_usd_m = {"gna": 0.0, "lna": 0.0, "noc": 0.0, "frozen": 0.0}
        self.national_blame: dict[str, float] = {}
        self.prominence: dict[str, float] = {}
        self.grid_backlog = 0.0
        mediation.update_us_attention_base(self)
        self.us.attention = self.us.attention_base
        self.update_national_blame()
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
        self.lna.decide_blockade()
        self.noc.decide_force_majeure()
        self.gna.decide_compliance()
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
        """The actor with this id (lna, gna, maiteeq, noc, un, russia, turkey, us)."""
        return self._actors[actor_id]

    def asset(self, name: str) -> OilAsset:
        """The oil field or terminal with this name."""
        return self._assets[name]

    def region(self, name: str) -> Population:
        """The population of a region: west, east or south."""
        return self.regions[name]

    def update_production_total(self) -> None:
        """Sum this week's output of every field into `production_kbpd` (kbpd).

        Also sets `oil_flow`, the oil flow index: production over normal production, at most
        1. Power stations, the public's fuel supply and the NOC's operation all follow it.
        """
        self.production_kbpd = sum([f.production_kbpd for f in self.fields])
        self.oil_flow = min(1.0, self.production_kbpd / oil.normal_production_kbpd(self))

    def blockaded_assets(self, actor: str) -> list[OilAsset]:
        """Assets closed by this actor's blockade."""
        return [a for a in self.assets if a.blockaded_by == actor]

    def blame(self, actor: str) -> float:
        """National share of blame on an actor (0 for actors nobody blames)."""
        return self.national_blame.get(actor, 0.0)

    def update_national_blame(self) -> None:
        """Population-weighted blame over the regions, once a week after the public reacts."""
        regions = self.regions.values()
        for actor in BLAMED_ACTORS:
            self.national_blame[actor] = sum([r.population_share * r.blame[actor] for r in regions])

    def pressure_on(self, actor: str) -> float:
        """External pressure on an actor to reopen: the sum over powers, at most 1."""
        total = sum([p.pressure for p in self.powers if p.pressure_target == actor])
        return min(1.0, total)

    def unmet_demand(self, actor: str) -> float:
        """How far the revenue channel falls short of an actor's demand (the LNA's only)."""
        return revenue.unmet_demand(self) if actor == "lna" else 0.0

    def committed_to_reopen(self, actor: str) -> bool:
        """True if the actor signed the active deal and that deal reopens oil."""
        deal = self.active_deal
        return deal is not None and deal.reopen and actor in deal.parties

    # --- state changes used by events and decisions -----------------------------------------
    def impose_blockade(self, actor: str, names: list[str], label: str) -> None:
        """Close assets under `actor`'s blockade; the NOC declares force majeure on them."""
        if self.loss_baseline_kbpd is None:
            self.loss_baseline_kbpd = self.production_kbpd
        for name in names:
            asset = self.asset(name)
            asset.blockaded_by = actor
            asset.force_majeure = True
        self.log_event("blockade", [actor], f"{label}: closes {', '.join(names)}")
        self.log_event(
            "force_majeure_declared", ["noc"], f"NOC declares force majeure at {', '.join(names)}"
        )

    def lift_blockade(self, actor: str) -> None:
        """Lift `actor`'s blockade everywhere; force majeure stays until the NOC lifts it."""
        names = [a.name for a in self.blockaded_assets(actor)]
        for name in names:
            self.asset(name).blockaded_by = None
        self.log_event("blockade_lifted", [actor], f"{actor.upper()} reopens {', '.join(names)}")

    def set_revenue_channel(
        self,
        channel: str,
        *,
        east_share: float = 0.0,
        noc_financing_share: float = 0.0,
        weeks: float | None = None,
        parties: tuple[str, ...] = ("gna", "lna"),
    ) -> None:
        """Route revenue through `channel`; a committee may last `weeks` before reverting.

        A committee's `parties` share control of the revenue (an influence component).
        """
        self.revenue_channel = channel
        self.committee_parties = parties if channel == "committee" else ()
        self.east_share = east_share if channel == "committee" else 0.0
        self.noc_financing_share = noc_financing_share if channel == "committee" else 0.0
        self.committee_ends_at = self.time + weeks if weeks is not None else None

    def end_expired_committee(self) -> None:
        """When the joint committee's mandate runs out, revenue returns to the central bank.

        That is the channel the Berlin conclusions and UNSC resolution 2510 recognise.
        """
        if self.committee_ends_at is not None and self.time >= self.committee_ends_at:
            self.set_revenue_channel("central_bank")
            self.log_event(
                "committee_ends",
                ["noc"],
                "The joint committee's mandate ends; revenue returns to "
                f"{revenue.CHANNEL_LABELS[self.revenue_channel]}",
            )

    # --- events and the log -----------------------------------------------------------------
    def inject_event(self, event: Event | dict, where: str = "injected event") -> None:
        """Schedule an event: from the timeline at set-up, or injected while the model runs.

        A mapping is validated like a scenario file's event; without a date it happens now.
        An event dated in the past happens at once, before the next step.

        Raises:
            ScenarioError: the event is invalid or dated after the end of the run.

        """
        if isinstance(event, dict):
            event = validate_event({"date": self.date, **event}, where)
        end = self.params.end_date
        if event.date >= end:
            raise ScenarioError(
                f"{where}: date {event.date} is not before the run's last week ends, on {end}"
            )
        events.schedule(self, event)

    def log_event(self, kind: str, actors: list[str], text: str) -> None:
        """Record something that happened in the event log.

        A timeline or injected event is logged with its own date and the step in which it
        takes effect (the next one); anything else with the current week.
        """
        date, step = self.date, self.steps
        if self.firing is not None:
            date, step = max(self.firing.date, self.date), self.steps + 1
        self.datacollector.add_table_row(
            "events",
            {
                "date": date,
                "step": step,
                "category": "event",
                "kind": kind,
                "actors": ";".join(actors),
                "choice": None,
                "probability": None,
                "utility": None,
                "explanation": text,
                "sequence": next(self.log_sequence),
            },
        )

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
        happened = self.datacollector.get_table_dataframe("events")
        decided = pd.DataFrame([d.as_row() for d in self.decisions], columns=happened.columns)
        log = pd.concat([happened, decided], ignore_index=True) if len(decided) else happened
        log = log.sort_values("sequence", ignore_index=True).drop(columns="sequence")
        log["date"] = log["date"].astype(str)
        return log

    def why(
        self, actor: str, kind: str | None = None, date: dt.date | None = None
    ) -> list[Decision]:
        """The decisions an actor made (of a kind, in the week ending on or after a date).

        Example: `model.why("lna", "blockade", dt.date(2020, 7, 1))` returns the LNA's blockade
        decision of that week with the terms that decided it.
        """
        found = [d for d in self.decisions if d.actor == actor and kind in (None, d.kind)]
        if date is not None:
            step = max(0, math.ceil(self.time_of(date)))
            found = [d for d in found if d.step == step]
        return found
