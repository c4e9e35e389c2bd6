"""The one parameter schema of the model.

Every tunable number of the model is declared here once, with its unit, default, allowed
range, meaning and source or rationale. The command line (`--set`), the scenario files, the
app's controls and `docs/PARAMETERS.md` are all generated from or validated against this
class, so they cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def param(
    default: float | int | dt.date,
    low: float | int | dt.date,
    high: float | int | dt.date,
    *,
    unit: str,
    description: str,
    source: str,
    group: str,
) -> Any:
    """Declare one parameter: a pydantic field with its range and documentation."""
    return Field(
        default,
        ge=low,
        le=high,
        description=description,
        json_schema_extra={"unit": unit, "source": source, "group": group},
    )


ONE_ANALYSIS = "One analysis of 23 Sep 2020 (config/data/sochi_deal_2020.txt)"
"""How a source note cites the seed commentary: one analyst's reading, quoted as such, with the
reactions that config/data/deal_terms.md records set beside it, never as a fact."""

EPISODE_FIT = (
    "Calibrated on the four earlier episodes at once (libya-abm calibrate --episodes "
    "--samples 800 --accept 0.1): the default is the posterior median of the run that set it, "
    "which docs/VALIDATION.md compares with the latest run's interval. That run: "
)


class Parameters(BaseModel):
    """All model parameters, validated. Unknown names and out-of-range values are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    # --- time ---------------------------------------------------------------------------
    start_date: dt.date = param(
        dt.date(2019, 10, 1),
        dt.date(2012, 1, 1),
        dt.date(2025, 12, 31),
        unit="date",
        group="time",
        description="Calendar date at which the run starts; step k ends k weeks later.",
        source="Brief: start at least three months before the blockade of 17 Jan 2020. Other "
        "episodes start before their own blockades (2013-2022); the range is that of the Brent "
        "series (config/data/brent_monthly_usd_2012_2025.csv).",
    )
    weeks: int = param(
        92,
        10,
        150,
        unit="weeks",
        group="time",
        description="Number of weekly steps in a run.",
        source="92 weeks end in July 2021, at least six months after the deal (brief).",
    )

    @property
    def end_date(self) -> dt.date:
        """The date on which the last weekly step ends: events must come before it."""
        return self.start_date + dt.timedelta(weeks=self.weeks)

    # --- oil ----------------------------------------------------------------------------
    utilisation: float = param(
        0.9,
        0.6,
        1.0,
        unit="fraction",
        group="oil",
        description="Share of a field's undamaged capacity produced in normal operation.",
        source="Calibrated by rejection ABC on the 2020 record (docs/VALIDATION.md): posterior "
        "median 0.90, 90% interval 0.83-0.96; 1,140-1,220 kbpd before the blockade against "
        "1,288 kbpd listed.",
    )
    storage_decay_per_week: float = param(
        0.59,
        0.05,
        0.95,
        unit="1/week",
        group="oil",
        description="Weekly fall of a field's output while its export terminal is closed "
        "and local storage fills.",
        source="Calibrated (docs/VALIDATION.md): posterior median 0.59, 90% interval "
        "0.44-0.75, from NOC's daily figures of 23 Jan-19 Feb 2020.",
    )
    domestic_supply_share: float = param(
        0.025,
        0.0,
        0.1,
        unit="fraction",
        group="oil",
        description="Share of a shut onshore field's capacity still produced for domestic "
        "refineries and power stations.",
        source="Calibrated (docs/VALIDATION.md): posterior median 0.025, 90% interval "
        "0.003-0.048; about 90 kbpd in Apr-Jun 2020, almost all offshore.",
    )
    restart_ramp_per_week: float = param(
        0.36,
        0.2,
        1.0,
        unit="1/week",
        group="oil",
        description="Share of the gap between a field's output and its available output "
        "closed each week once the field and its export route are open (a field's own "
        "`ramp_per_week`, if set, replaces it). Damage does not slow it.",
        source=EPISODE_FIT
        + "posterior median 0.36 (0.22-0.74). The range reads four restarts with intact "
        "infrastructure: El Feel 12 kbpd "
        "on 8 Jun 2020 with 70 planned within two weeks needs 1-(1-r)^2 >= 0.9 of the gap, "
        "r >= 0.68 (0.7 reaches 58 of 63 available); Sharara at 43% of capacity three days "
        "after its 2019 restart gives 1-(1-r)^(3/7) = 0.48, r = 0.78; 2022's full recovery "
        "in about 16 days (2.3 weeks) gives 1-(1-r)^2.3 >= 0.95, r >= 0.73. The low end "
        "reads 2018's 80% in about 30 days (from about half) as one ramp: "
        "1-(1-r)^4.3 = 0.6, r = 0.19 (config/data/episodes/README.md).",
    )
    idle_weeks_before_damage: int = param(
        27,
        13,
        48,
        unit="weeks",
        group="oil",
        description="Consecutive weeks without export after which an idle field starts to "
        "lose capacity (corrosion, wells and pipelines left unattended).",
        source="Bracketed by the episodes (config/data/episodes/README.md): fields shut 13 "
        "weeks in 2022 came back in full with no damage reported; fields idle 48 weeks in "
        "2013-2014 needed work. "
        + EPISODE_FIT
        + "posterior median 27 (15-44): the records hardly narrow the bracket.",
    )
    idle_damage_per_week: float = param(
        0.027,
        0.0,
        0.05,
        unit="1/week",
        group="oil",
        description="Share of capacity lost per week of idleness beyond "
        "`idle_weeks_before_damage`.",
        source=EPISODE_FIT
        + "posterior median 0.027 (0.005-0.049). No source gives a figure: 2014's fields "
        "'needed work' after 11 months idle; the prior runs from no idleness damage to a "
        "quarter of capacity in five months.",
    )
    max_idle_damage: float = param(
        0.19,
        0.0,
        0.5,
        unit="fraction",
        group="oil",
        description="Upper bound on the share of capacity idleness alone can take; damage "
        "events may add more (up to all of it).",
        source=EPISODE_FIT
        + "posterior median 0.19 (0.03-0.44). The prior's bound: idle fields need work but "
        "are not lost; 2016's ports, closed 21 months and fought over, still doubled output "
        "in 6-13 weeks.",
    )
    repair_per_week: float = param(
        0.073,
        0.0,
        0.3,
        unit="1/week",
        group="oil",
        description="Share of accumulated damage repaired each week while a site is open (a "
        "field while it exports, a terminal while it is not closed).",
        source=EPISODE_FIT
        + "posterior median 0.073 (0.008-0.26): half the damage repaired in about 9 weeks. "
        "No episode dates a repair; the interval is wide.",
    )
    financing_repair_gain: float = param(
        1.0,
        0.0,
        5.0,
        unit="per 100 USD m/week",
        group="oil",
        description="Relative speed-up of repairs per 100 million USD a week of extra NOC "
        "financing.",
        source="Judgement: no source says how fast money repairs fields. Maiteeq's published "
        "text (18 Sep 2020, config/data/deal_terms.md) puts foreign-exchange fee proceeds to "
        "supporting the NOC in restoring normal production.",
    )
    brent_multiplier: float = param(
        1.0,
        0.2,
        3.0,
        unit="factor",
        group="oil",
        description="Multiplier on the observed Brent series, for other-price counterfactuals.",
        source="1 reproduces the EIA RBRTE monthly series "
        "(config/data/brent_monthly_usd_2012_2025.csv).",
    )

    # --- revenue and finances -----------------------------------------------------------
    lna_demanded_east_share: float = param(
        0.4,
        0.1,
        0.8,
        unit="fraction",
        group="revenue",
        description="Share of oil revenue the LNA side regards as a fair eastern share.",
        source="Judgement: the east holds about 30% of the population but claims more "
        "(LNA conditions of 11 Jul 2020: 'equitable distribution').",
    )
    frozen_account_satisfaction: float = param(
        0.5,
        0.0,
        1.0,
        unit="fraction",
        group="revenue",
        description="How far a frozen revenue account meets the LNA's demands (0 none, 1 all).",
        source="LNA's first condition (11 Jul 2020) was an account with a distribution "
        "mechanism; a freeze meets half of it (judgement).",
    )
    lna_initial_cash_usd_m: float = param(
        1500.0,
        100.0,
        10000.0,
        unit="USD m",
        group="revenue",
        description="LNA and eastern authorities' spendable funds at the start.",
        source="Judgement; eastern parallel-bank borrowing ran at billions of USD a year.",
    )
    lna_weekly_spending_usd_m: float = param(
        45.0,
        5.0,
        200.0,
        unit="USD m/week",
        group="revenue",
        description="LNA and eastern spending on fighters, salaries and patrons.",
        source="Judgement, of the order of the eastern parallel budget.",
    )
    lna_weekly_borrowing_usd_m: float = param(
        25.0,
        0.0,
        200.0,
        unit="USD m/week",
        group="revenue",
        description="Eastern income without oil revenue (parallel central bank, bonds).",
        source="Judgement; the parallel Al-Bayda central bank financed the east in 2020.",
    )
    gna_initial_cash_usd_m: float = param(
        15000.0,
        500.0,
        60000.0,
        unit="USD m",
        group="revenue",
        description="Funds the GNA can draw on for salaries and services at the start.",
        source="Judgement: the central bank's reserves (over 60 bn USD) paid salaries through "
        "the blockade; this is the part Tripoli could draw without a crisis.",
    )
    gna_weekly_spending_usd_m: float = param(
        350.0,
        50.0,
        1000.0,
        unit="USD m/week",
        group="revenue",
        description="GNA spending on salaries, subsidies and services.",
        source="2019 national budget of about 46 bn LYD, about 33 bn USD a year (judgement "
        "on the share spent by Tripoli).",
    )

    lna_initial_military: float = param(
        0.8,
        0.0,
        1.0,
        unit="index",
        group="revenue",
        description="LNA military strength at the start (during the Tripoli offensive).",
        source="Judgement: the LNA besieged Tripoli from Apr 2019 (AFP).",
    )
    gna_initial_military: float = param(
        0.5,
        0.0,
        1.0,
        unit="index",
        group="revenue",
        description="GNA military strength at the start.",
        source="Judgement: the GNA held Tripoli before Turkish support turned the war.",
    )

    # --- blockade decision (LNA) --------------------------------------------------------
    blockade_bias: float = param(
        6.3,
        -5.0,
        10.0,
        unit="utility",
        group="blockade",
        description="Baseline utility the LNA attaches to keeping a blockade once imposed "
        "(organisation, tribal mandate, face).",
        source="Calibrated so that the 2020 blockade lasts about 35 weeks (judgement).",
    )
    blockade_demand_weight: float = param(
        3.0,
        0.0,
        10.0,
        unit="utility",
        group="blockade",
        description="Weight of the unmet revenue demand (the blockade as leverage).",
        source="LNA conditions of 11 Jul 2020 tied reopening to revenue distribution.",
    )
    blockade_spoiler_weight: float = param(
        1.5,
        0.0,
        10.0,
        unit="utility",
        group="blockade",
        description="Weight of military weakness: oil as the spoiler's last card.",
        source=f"Judgement. {ONE_ANALYSIS} argued that in the months before the deal "
        "Haftar's role was \"limited to his control over oil and his ability to act as a "
        "spoiler\"; the LNA's own conditions of 11 Jul 2020 (config/data/deal_terms.md) tied "
        "reopening to revenue distribution instead (blockade_demand_weight). It helps keep the "
        "blockade after the June retreat (pattern 1).",
    )
    blockade_finance_weight: float = param(
        4.0,
        0.0,
        20.0,
        unit="utility",
        group="blockade",
        description="Weight of the LNA's financial stress against keeping the blockade.",
        source="Brief: the LNA needs money for fighters and patrons.",
    )
    blockade_pressure_weight: float = param(
        2.0,
        0.0,
        10.0,
        unit="utility",
        group="blockade",
        description="Weight of external pressure to reopen.",
        source="US Embassy, 12 Sep 2020: Haftar committed to reopen.",
    )
    blockade_public_weight: float = param(
        2.0,
        0.0,
        10.0,
        unit="utility",
        group="blockade",
        description="Weight of eastern hardship against keeping the blockade.",
        source="Benghazi protests of 10 Sep 2020 preceded the reopening.",
    )
    deal_commitment_weight: float = param(
        6.0,
        0.0,
        20.0,
        unit="utility",
        group="blockade",
        description="Cost to a signatory of breaking a deal with its broker.",
        source="Judgement: the LNA reopened within a day of the deal (18 Sep 2020).",
    )

    # --- NOC ----------------------------------------------------------------------------
    noc_restart_bias: float = param(
        2.5,
        -10.0,
        10.0,
        unit="utility",
        group="noc",
        description="NOC's baseline willingness to lift force majeure where oil can flow.",
        source="NOC lifted force majeure at safe sites the day after the deal (19 Sep 2020).",
    )
    noc_deal_objection: float = param(
        1.0,
        0.0,
        20.0,
        unit="utility",
        group="noc",
        description="NOC's objection to restarting under a deal it did not sign.",
        source="Judgement on size: the NOC denounced parallel talks (17 Sep 2020) and did not "
        "recognise the deal (config/data/deal_terms.md).",
    )
    noc_blame_weight: float = param(
        6.0,
        0.0,
        20.0,
        unit="utility",
        group="noc",
        description="Weight of public blame on the NOC in its restart decision.",
        source=f"Judgement. {ONE_ANALYSIS} argued that the NOC \"didn't want "
        'to be seen to be blocking progress"; the record (config/data/deal_terms.md) gives what '
        "the NOC did, not why: it denounced the talks, did not recognise the deal, and on 19 Sep "
        "lifted force majeure where it judged it safe. Lets blame push the NOC to restart "
        "(pattern 8, by design).",
    )
    foreign_force_exit_per_week: float = param(
        0.05,
        0.0,
        0.3,
        unit="1/week",
        group="noc",
        description="Weekly probability that foreign forces leave an oil site under force "
        "majeure that no blockade holds, where no `forces_leave` event dates their departure.",
        source="Unsourced: no record dates when Wagner left Sharara or Es Sider. A prior for "
        "the forecast ensemble to draw from: 0 (they never leave) to 0.3 (gone in about three "
        "weeks on average); 0.05 (20 weeks on average) is judgement. The NOC kept force "
        "majeure where Wagner was (19 Sep 2020).",
    )

    # --- GNA ----------------------------------------------------------------------------
    gna_compliance_bias: float = param(
        -3.0,
        -10.0,
        10.0,
        unit="utility",
        group="gna",
        description="GNA's baseline willingness to honour a deal it did not sign.",
        source="Sarraj, Juwaili and the High Council of State rejected the deal (19-20 Sep 2020).",
    )
    gna_blame_weight: float = param(
        4.0,
        0.0,
        20.0,
        unit="utility",
        group="gna",
        description="Weight of public blame on the GNA in its compliance decision.",
        source=f'Judgement. {ONE_ANALYSIS} argued that the deal "places the '
        'onus of what happens next on the NOC and GNA"; in the record (config/data/'
        "deal_terms.md) Sarraj's Presidential Council, Juwaili and the High Council of State "
        "rejected the deal (19-20 Sep 2020). With onus_weight, puts pattern 8 in by design.",
    )

    # --- public -------------------------------------------------------------------------
    generation_capacity_mw: float = param(
        6300.0,
        3000.0,
        10000.0,
        unit="MW",
        group="public",
        description="Generation available with full fuel and gas supply and a maintained grid.",
        source="5,150 MW generated in Feb 2020 with the blockade cutting fuel (LANA).",
    )
    fuel_floor: float = param(
        0.8,
        0.3,
        1.0,
        unit="fraction",
        group="public",
        description="Share of generation that runs without oil-linked fuel and gas.",
        source="Eastern power stations depend on gas and fuel that the blockade cut (data README).",
    )
    base_demand_mw: float = param(
        7700.0,
        4000.0,
        12000.0,
        unit="MW",
        group="public",
        description="Annual mean electricity demand.",
        source="Demand of 6,950 MW in Feb 2020 (5,150 MW plus 1,800 MW shortfall) and summer "
        "peaks above 7,000 MW.",
    )
    seasonal_amplitude: float = param(
        0.1,
        0.0,
        0.4,
        unit="fraction",
        group="public",
        description="Relative amplitude of the seasonal demand cycle, peaking in early August.",
        source="Winter demand 6,950 MW (Feb 2020) against summer peaks above 7,000 MW (data "
        "README); with the 7,700 MW mean, 0.1 puts the winter low at 6,930 MW and the August "
        "peak at 8,470 MW. The size of the swing is assumed.",
    )
    grid_decay_per_week: float = param(
        0.006,
        0.0,
        0.05,
        unit="1/week",
        group="public",
        description="Growth of the grid's maintenance backlog per week of government "
        "financial stress.",
        source="Long summer 2020 blackouts after months without oil revenue (Reuters, Jul 2020).",
    )
    cut_hours_per_shortfall: float = param(
        38.0,
        10.0,
        60.0,
        unit="h/day",
        group="public",
        description="Daily power-cut hours per unit of relative generation shortfall.",
        source="10 h/day at a 26% shortfall in Feb 2020 (LANA).",
    )
    hardship_adjustment_per_week: float = param(
        0.15,
        0.01,
        1.0,
        unit="1/week",
        group="public",
        description="Share of the gap between felt and current hardship closed each week.",
        source="Judgement: grievances accumulate over weeks of cuts.",
    )
    grid_repair_per_week: float = param(
        0.05,
        0.0,
        0.5,
        unit="1/week",
        group="public",
        description="Share of the grid's maintenance backlog cleared per week without stress.",
        source="Judgement: maintenance catches up within months once funds flow.",
    )
    hardship_power_weight: float = param(
        0.6,
        0.0,
        1.0,
        unit="weight",
        group="public",
        description="Weight of daily power-cut hours (as a share of 24) in hardship.",
        source="Electricity cuts were the protesters' first grievance (Reuters, 23 Aug 2020).",
    )
    hardship_fuel_weight: float = param(
        0.25,
        0.0,
        1.0,
        unit="weight",
        group="public",
        description="Weight of fuel shortage (1 - production / normal production) in hardship.",
        source="Benghazi protests over power cuts and fuel shortages (Reuters, 10 Sep 2020).",
    )
    hardship_pay_weight: float = param(
        0.15,
        0.0,
        1.0,
        unit="weight",
        group="public",
        description="Weight of salary arrears (planned spending the region's authority "
        "cannot pay) in hardship.",
        source="Judgement: salaries were paid through 2020 from reserves; arrears would hurt.",
    )
    protest_threshold_west: float = param(
        0.6,
        0.2,
        1.0,
        unit="index",
        group="public",
        description="Hardship at which a protest in the west becomes as likely as not.",
        source="Calibrated (docs/VALIDATION.md): posterior median 0.60, 90% interval "
        "0.58-0.63, from the first western protests (7 Aug 2020).",
    )
    protest_threshold_east: float = param(
        0.65,
        0.2,
        1.0,
        unit="index",
        group="public",
        description="Hardship at which a protest in the east becomes as likely as not.",
        source="Benghazi protests came later, on 10 Sep 2020 (Reuters).",
    )
    protest_threshold_south: float = param(
        0.69,
        0.2,
        1.0,
        unit="index",
        group="public",
        description="Hardship at which a protest in the south becomes as likely as not.",
        source="Judgement; Sabha joined the September protests.",
    )
    protest_steepness: float = param(
        120.0,
        1.0,
        300.0,
        unit="1/index",
        group="public",
        description="Steepness of the protest probability around the threshold.",
        source="Judgement.",
    )
    blame_memory_per_week: float = param(
        0.25,
        0.01,
        1.0,
        unit="1/week",
        group="public",
        description="Share of the public's blame that moves to the current culprits each week.",
        source="Judgement: public opinion follows events within weeks.",
    )
    incumbent_blame_weight: float = param(
        0.5,
        0.0,
        5.0,
        unit="factor",
        group="public",
        description="Blame a region puts on its own authority per unit of hardship.",
        source="Protesters in Tripoli and Benghazi targeted their own governments (Aug-Sep 2020).",
    )
    onus_weight: float = param(
        3.0,
        0.0,
        10.0,
        unit="factor",
        group="public",
        description="Visibility of a non-signatory's non-compliance after a deal.",
        source=f"Judgement: no source measures public blame. {ONE_ANALYSIS} "
        'argued that the deal\'s "media optics" made non-compliers look as if they were blocking '
        "the reopening. The reactions recorded beside it (config/data/deal_terms.md): the "
        "Presidential Council, Juwaili and the High Council of State rejected the deal; the NOC "
        "did not recognise it but restarted where safe; UNSMIL asked that the NOC alone control "
        "fields and ports. Puts pattern 8 (blame moves to the non-signatories) in by design; 0 "
        "hides their non-compliance from the public.",
    )

    # --- external powers and mediation --------------------------------------------------
    support_need_weight: float = param(
        3.0,
        0.0,
        10.0,
        unit="utility",
        group="external",
        description="Weight of a client's military weakness in a patron's support decision.",
        source="Turkey's and Russia's surges of 2020 followed their clients' setbacks.",
    )
    support_commitment_weight: float = param(
        3.0,
        0.0,
        10.0,
        unit="utility",
        group="external",
        description="Weight of a patron's commitment in its weekly support decision.",
        source="Judgement.",
    )
    support_cost: float = param(
        2.0,
        0.0,
        10.0,
        unit="utility",
        group="external",
        description="Cost a patron weighs against a week of support.",
        source="Judgement.",
    )
    support_usd_m_per_week: float = param(
        10.0,
        0.0,
        100.0,
        unit="USD m/week",
        group="external",
        description="Money a week of a patron's support delivers to its client.",
        source="Judgement: no source in config/data/ gives what any patron paid. Who met "
        "Wagner's costs (the UAE, by unnamed 2020 reports) is not in the project's sources, and "
        "the UAE is not in the 2020 cast (docs/exercises/glossary.md).",
    )
    us_pressure_base: float = param(
        0.2,
        0.0,
        1.0,
        unit="index",
        group="external",
        description="US pressure on the LNA to reopen, before any event raises it.",
        source="US statements against the blockade from Jan 2020 (judgement on level).",
    )
    pressure_relaxation_per_week: float = param(
        0.12,
        0.0,
        1.0,
        unit="1/week",
        group="external",
        description="Share of a power's pressure to reopen that fades each week once the "
        "faction it presses blockades nothing.",
        source="Judgement: pressure eases over weeks once oil flows.",
    )
    attention_decay_per_week: float = param(
        0.12,
        0.01,
        0.5,
        unit="1/week",
        group="mediation",
        description="Share of an actor's news attention that fades each week.",
        source="Judgement: a headline lasts a few weeks.",
    )
    deal_broker_boost: float = param(
        3.0,
        0.0,
        10.0,
        unit="attention",
        group="mediation",
        description="Attention a broker gains from announcing a deal.",
        source=f"Judgement: no source measures attention. {ONE_ANALYSIS} "
        'called the deal "a boon for Russia\'s objectives", its "stature as a diplomatic '
        'facilitator"; in the record (config/data/deal_terms.md) Russia sponsored the talks and '
        "UNSMIL was not informed. Puts pattern 7 in by design: the broker's prominence jumps, "
        "and the other mediators' shares fall because shares sum to one.",
    )
    deal_party_boost: float = param(
        2.0,
        0.0,
        10.0,
        unit="attention",
        group="mediation",
        description="Attention each party to a deal gains from it.",
        source=f"Judgement. {ONE_ANALYSIS} argued that by the deal Haftar "
        '"has once again risen to the headlines"; in the record (config/data/deal_terms.md) the '
        'LNA claimed "for the first time in the history of Libya, the condition of the fair '
        "distribution of oil revenues\" and the GNA's leaders rejected the deal. With the "
        "committee's share of the revenue channel, puts pattern 6 in by design (docs/ODD.md, "
        "1.3).",
    )
    un_effort: float = param(
        0.8,
        0.0,
        2.0,
        unit="index",
        group="mediation",
        description="The UN mission's mediation effort (a policy lever).",
        source="UNSMIL ran the Berlin process and the 5+5 talks in 2020 (judgement on level).",
    )
    un_breadth: float = param(
        0.5,
        0.0,
        2.0,
        unit="index",
        group="mediation",
        description="Breadth of the UN's engagement (economic track, more parties).",
        source=f"Judgement on level. {ONE_ANALYSIS} argued that the UN must "
        'widen "the scope of its engagement to not be outpaced by other potential mediators"; '
        "UNSMIL's own stance in the record (config/data/deal_terms.md): all fields and ports "
        "under the NOC's sole control, foreign fighters out.",
    )
    conflict_decay_per_week: float = param(
        0.03,
        0.0,
        0.5,
        unit="1/week",
        group="influence",
        description="Weekly fall of the salience of military strength once fighting ebbs.",
        source=f"Judgement. {ONE_ANALYSIS} called Haftar, in the months before the deal, "
        '"a military figure with no conflict to pursue"; the record dates the retreat (4-5 Jun '
        "2020) and the parallel ceasefire statements of Sarraj and Aguila Saleh (21 Aug 2020; "
        "config/data/events_2019_2020.csv). With the retreat event, puts pattern 4 in by "
        "design.",
    )

    # --- influence weights --------------------------------------------------------------
    weight_oil: float = param(
        0.25,
        0.0,
        1.0,
        unit="weight",
        group="influence",
        description="Weight of control over oil in influence.",
        source="Brief; judgement.",
    )
    weight_money: float = param(
        0.15,
        0.0,
        1.0,
        unit="weight",
        group="influence",
        description="Weight of money flows in influence.",
        source="Brief; judgement.",
    )
    weight_legitimacy: float = param(
        0.15,
        0.0,
        1.0,
        unit="weight",
        group="influence",
        description="Weight of recognition and public standing in influence.",
        source="Brief; judgement.",
    )
    weight_backing: float = param(
        0.15,
        0.0,
        1.0,
        unit="weight",
        group="influence",
        description="Weight of external backing given or received in influence.",
        source="Brief; judgement.",
    )
    weight_military: float = param(
        0.15,
        0.0,
        1.0,
        unit="weight",
        group="influence",
        description="Weight of military strength in influence, before its salience.",
        source="Brief; judgement.",
    )
    weight_prominence: float = param(
        0.15,
        0.0,
        1.0,
        unit="weight",
        group="influence",
        description="Weight of attention and mediator prominence in influence.",
        source="Brief; judgement.",
    )


@dataclass(frozen=True)
class ParameterInfo:
    """Documentation of one parameter, read from the schema."""

    name: str
    group: str
    unit: str
    default: Any
    low: Any
    high: Any
    description: str
    source: str
    type: type


def parameter_info() -> list[ParameterInfo]:
    """Every parameter of the schema with its documentation, in declaration order."""
    infos = []
    for name, field in Parameters.model_fields.items():
        extra = field.json_schema_extra or {}
        bounds = {type(m).__name__: m for m in field.metadata}
        infos.append(
            ParameterInfo(
                name=name,
                group=str(extra["group"]),
                unit=str(extra["unit"]),
                default=field.default,
                low=bounds["Ge"].ge,
                high=bounds["Le"].le,
                description=field.description or "",
                source=str(extra["source"]),
                type=field.annotation,  # type: ignore[arg-type]
            )
        )
    return infos


def parameters_markdown() -> str:
    """The parameter table of docs/PARAMETERS.md, generated from the schema."""
    lines = [
        "# Parameters",
        "",
        "Generated from `config/parameters.py` by `libya-abm params --markdown`; "
        "a test keeps this file in step with the schema.",
        "",
        'Sources. Only the values whose note says "Calibrated" are fitted to a record '
        "(docs/VALIDATION.md); the others are judgement, informed by the facts their notes cite "
        "where there are any. Where a judgement follows the reading of "
        f"{ONE_ANALYSIS[0].lower()}{ONE_ANALYSIS[1:]}, one analyst's commentary and not a "
        "record, the note quotes it as such and sets beside it the reactions that "
        "config/data/deal_terms.md records. Such a parameter puts its pattern into the model "
        "by design: the note names the pattern, and docs/ODD.md (1.3) says for every pattern "
        "what is put in and what emerges from the mechanisms.",
        "",
    ]
    group = None
    for info in parameter_info():
        if info.group != group:
            group = info.group
            lines += [
                "",
                f"## {group}",
                "",
                "| name | unit | default | range | meaning | source or rationale |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
        lines.append(
            f"| `{info.name}` | {info.unit} | {info.default} | {info.low} to {info.high} "
            f"| {info.description} | {info.source} |"
        )
    return "\n".join(lines) + "\n"


def parameters_text(width: int = 80) -> str:
    """Every parameter as plain text for a terminal `width` columns wide, grouped as in the schema.

    One block per parameter: `name = default (unit, low to high)`, then its meaning, wrapped
    and indented below.
    """
    lines = textwrap.wrap(
        "Parameters (config/parameters.py): name = default (unit, allowed range), then its "
        "meaning. Change one with `libya-abm run --set NAME=VALUE`; `libya-abm params "
        "--markdown` adds each one's source.",
        width,
    )
    group = None
    for info in parameter_info():
        if info.group != group:
            group = info.group
            lines += ["", group]
        head = f"{info.name} = {info.default} ({info.unit}, {info.low} to {info.high})"
        lines += textwrap.wrap(head, width, initial_indent="  ", subsequent_indent="      ")
        lines += textwrap.wrap(
            info.description, width, initial_indent="      ", subsequent_indent="      "
        )
    return "\n".join(lines) + "\n"
