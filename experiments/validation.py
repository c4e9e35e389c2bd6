"""Validation against the 2020 record: patterns, fit statistics, forecast.

The brief's patterns, fit statistics against naive baselines, and the model's forecast of the
recovery after the deal. Pattern-oriented: eight patterns at different levels (production,
money, people, influence, mediators, blame), each checked on an ensemble of seeds, rather than
one fitted curve. The same checks serve `libya-abm validate` and the test suite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from config.datasets import observed_losses, observed_production
from config.scenarios import shipped_scenario
from experiments.runner import RunResult, run_ensemble

BLOCKADE_DATE = dt.date(2020, 1, 17)
RETREAT_DATE = dt.date(2020, 6, 4)
DEAL_DATE = dt.date(2020, 9, 18)
PRE_DEAL = dt.date(2020, 9, 15)  # NOC's last pre-deal loss statement
WEEK = dt.timedelta(weeks=1)
SCENARIOS = ("sochi_2020", "no_deal", "un_brokered", "noc_refuses")
FORECAST_THRESHOLDS_KBPD = (300, 500, 800, 1000, 1200)
FORECAST_MONTHS = ("2020-11", "2020-12")


@dataclass(frozen=True)
class Ensemble:
    """Runs of one scenario over many seeds, with helpers to read them by date."""

    name: str
    runs: list[RunResult]

    def series(self, column: str) -> pd.DataFrame:
        """A column as a date x seed table."""
        return pd.DataFrame(
            {r.seed: r.model.set_index(pd.to_datetime(r.model["date"]))[column] for r in self.runs}
        )

    def at(self, column: str, date: dt.date) -> pd.Series:
        """A column's value per seed in the first week ending on or after `date`."""
        table = self.series(column)
        return table[table.index >= pd.Timestamp(date)].iloc[0]

    def mean_between(self, column: str, start: dt.date, end: dt.date) -> pd.Series:
        """A column's mean per seed over the weeks ending in [start, end]."""
        table = self.series(column)
        window = (table.index >= pd.Timestamp(start)) & (table.index <= pd.Timestamp(end))
        return table[window].mean()

    def events(self, kind: str) -> list[pd.DataFrame]:
        """Per seed, the logged events of one kind."""
        return [
            r.events[(r.events["category"] == "event") & (r.events["kind"] == kind)]
            for r in self.runs
        ]


def run_ensembles(
    seeds: Iterable[int],
    scenarios: Iterable[str] = SCENARIOS,
    on_run: Callable[[], None] | None = None,
) -> dict[str, Ensemble]:
    """Run each scenario once per seed."""
    seeds = list(seeds)
    ensembles = {}
    for name in scenarios:
        results = []
        for result in run_ensemble(shipped_scenario(name), seeds):
            results.append(result)
            if on_run is not None:
                on_run()
        ensembles[name] = Ensemble(name, results)
    return ensembles


@dataclass(frozen=True)
class PatternCheck:
    """One pattern of the brief: passed or not, and the figures behind the verdict."""

    number: int
    title: str
    passed: bool
    figures: str


def _share(condition: pd.Series | list[bool]) -> float:
    return float(np.mean(condition))


def first_protest(ensemble: Ensemble, region: str) -> pd.Series:
    """Per seed, the date of the region's first protest (NaT if none)."""
    dates = []
    for events in ensemble.events("protest"):
        regional = events[events["actors"] == region]["date"]
        dates.append(pd.Timestamp(regional.min()) if len(regional) else pd.NaT)
    return pd.Series(dates)


def influence_change_after_the_deal(ensemble: Ensemble) -> pd.Series:
    """Per seed: the LNA's mean influence over weeks 1-5 after the deal minus just before it."""
    before = ensemble.at("influence_lna", PRE_DEAL)
    after = ensemble.mean_between("influence_lna", DEAL_DATE + WEEK, DEAL_DATE + 5 * WEEK)
    return after - before


def pattern_1(e: dict[str, Ensemble]) -> PatternCheck:
    """Production under 150 kbpd within five weeks, then 70-150 kbpd until September."""
    s = e["sochi_2020"]
    five_weeks = s.at("production_kbpd", BLOCKADE_DATE + 5 * WEEK)
    table = s.series("production_kbpd")
    start, end = pd.Timestamp(BLOCKADE_DATE + 5 * WEEK), pd.Timestamp(PRE_DEAL)
    window = table[(table.index >= start) & (table.index <= end)]
    within = _share(((window >= 70) & (window <= 150)).all())
    return PatternCheck(
        1,
        "Production collapses under 150 kbpd within five weeks and stays 70-150 kbpd",
        bool((five_weeks < 150).all()) and within >= 0.9,
        f"five weeks after the blockade: median {five_weeks.median():.0f} kbpd, highest "
        f"{five_weeks.max():.0f}; runs within 70-150 kbpd until 15 Sep 2020: {within:.0%} "
        "(needed: every run under 150; 90% within 70-150)",
    )


def pattern_2(e: dict[str, Ensemble]) -> PatternCheck:
    """Cumulative loss within 15% of NOC's 9.8 bn USD by mid-September."""
    losses = observed_losses()
    target = losses[losses["date"] == pd.Timestamp(PRE_DEAL)]["cumulative_loss_usd_bn"].item()
    modelled = e["sochi_2020"].at("cumulative_loss_usd_bn", PRE_DEAL).median()
    error = abs(modelled - target) / target
    return PatternCheck(
        2,
        "The blockade costs about 9.8 bn USD by mid-September 2020",
        error <= 0.15,
        f"median {modelled:.2f} bn USD against NOC's {target} ({error:+.0%}; allowed 15%)",
    )


def pattern_3(e: dict[str, Ensemble]) -> PatternCheck:
    """Hardship climbs through summer; protests in August (west) and later (east)."""
    s = e["sochi_2020"]
    climbs = {
        region: _share(
            s.at(f"hardship_{region}", dt.date(2020, 8, 31))
            > s.at(f"hardship_{region}", dt.date(2020, 3, 31)) + 0.1
        )
        for region in ("west", "east")
    }
    west, east = first_protest(s, "west").median(), first_protest(s, "east").median()
    early = _share([bool((ev["date"] < "2020-07-01").any()) for ev in s.events("protest")])
    passed = (
        min(climbs.values()) >= 0.9
        and pd.Timestamp("2020-08-01") <= west <= pd.Timestamp("2020-09-18")
        and pd.Timestamp("2020-08-15") <= east <= pd.Timestamp("2020-10-15")
        and east >= west
        and early <= 0.2
    )
    return PatternCheck(
        3,
        "Hardship climbs through the summer to protests, west first, then east",
        passed,
        f"hardship up by 0.1 from March to August in {climbs['west']:.0%} (west) and "
        f"{climbs['east']:.0%} (east) of runs; median first protest: west {west:%d %b}, east "
        f"{east:%d %b}; runs with protests before July: {early:.0%}",
    )


def pattern_4(e: dict[str, Ensemble]) -> PatternCheck:
    """The LNA's influence declines from the June retreat until the deal."""
    s = e["sochi_2020"]
    after_retreat = s.at("influence_lna", RETREAT_DATE + WEEK)
    before_deal = s.at("influence_lna", PRE_DEAL)
    share = _share(before_deal < after_retreat)
    median = s.series("influence_lna").median(axis=1)
    window = median[
        (median.index > pd.Timestamp(RETREAT_DATE)) & (median.index <= pd.Timestamp(PRE_DEAL))
    ]
    slope = np.polyfit(np.arange(len(window)), window.to_numpy(), 1)[0]
    return PatternCheck(
        4,
        "The LNA's influence declines from the June 2020 retreat until the deal",
        share >= 0.9 and slope < 0,
        f"median {after_retreat.median():.3f} after the retreat, {before_deal.median():.3f} "
        f"before the deal; lower in {share:.0%} of runs; trend {slope:+.4f} a week",
    )


def pattern_5(e: dict[str, Ensemble]) -> PatternCheck:
    """The NOC keeps force majeure where foreign forces are; restarts safe sites."""
    s = e["sochi_2020"]
    never = all(
        r.assets[r.assets["foreign_forces"].notna()]["status"]
        .isin(["blockaded", "force majeure"])
        .all()
        for r in s.runs
    )
    restarted = []
    for result in s.runs:
        weeks = result.assets[result.assets["date"] >= (DEAL_DATE + 2 * WEEK).isoformat()]
        week = weeks[weeks["date"] == weeks["date"].min()].set_index("name")
        restarted.append(week.loc["Ras Lanuf", "status"] == "open")
    share = _share(restarted)
    return PatternCheck(
        5,
        "The NOC keeps force majeure where foreign forces are present",
        never and share >= 0.9,
        f"runs with a site producing under foreign forces: {'none' if never else 'some'}; "
        f"safe Ras Lanuf reopened two weeks after the deal in {share:.0%} of runs",
    )


def pattern_6(e: dict[str, Ensemble]) -> PatternCheck:
    """The LNA's influence rises after the deal, and not without it."""
    with_deal = influence_change_after_the_deal(e["sochi_2020"])
    without = influence_change_after_the_deal(e["no_deal"])
    passed = (
        _share(with_deal > 0) >= 0.9
        and with_deal.median() > 0.01
        and without.median() <= 0.005
        and without.median() < with_deal.median() - 0.01
    )
    return PatternCheck(
        6,
        "The LNA's influence rises after the deal; without the deal it does not",
        passed,
        f"change over five weeks: median {with_deal.median():+.3f} with the deal (up in "
        f"{_share(with_deal > 0):.0%} of runs), {without.median():+.3f} without",
    )


def pattern_7(e: dict[str, Ensemble]) -> PatternCheck:
    """The broker's prominence jumps; the UN's and the US's shares fall."""
    s, u = e["sochi_2020"], e["un_brokered"]
    after = DEAL_DATE + WEEK

    def change(ensemble: Ensemble, mediator: str) -> tuple[pd.Series, pd.Series]:
        column = f"prominence_{mediator}"
        return ensemble.at(column, PRE_DEAL), ensemble.at(column, after)

    russia_before, russia_after = change(s, "russia")
    un_before, un_after = change(s, "un")
    us_before, us_after = change(s, "us")
    un_broker_before, un_broker_after = change(u, "un")
    passed = bool(
        (russia_after > 2 * russia_before).all()
        and (un_after < un_before).all()
        and (us_after < us_before).all()
        and (un_broker_after > 1.5 * un_broker_before).all()
    )
    return PatternCheck(
        7,
        "The broker's prominence jumps; the UN's and the US's shares fall",
        passed,
        f"Russia {russia_before.median():.2f} -> {russia_after.median():.2f}, UN "
        f"{un_before.median():.2f} -> {un_after.median():.2f}, US {us_before.median():.2f} -> "
        f"{us_after.median():.2f}; brokered by the UN instead: "
        f"UN -> {un_broker_after.median():.2f}",
    )


def pattern_8(e: dict[str, Ensemble]) -> PatternCheck:
    """Blame moves to the NOC and the GNA if they do not comply."""
    s, r = e["sochi_2020"], e["noc_refuses"]
    later = DEAL_DATE + 6 * WEEK
    lna_before, lna_after = s.at("blame_lna", PRE_DEAL), s.at("blame_lna", later)
    onus_before = s.at("blame_gna", PRE_DEAL) + s.at("blame_noc", PRE_DEAL)
    onus_after = s.at("blame_gna", later) + s.at("blame_noc", later)
    refusing = r.at("blame_noc", DEAL_DATE + 4 * WEEK).median()
    complying = s.at("blame_noc", DEAL_DATE + 4 * WEEK).median()
    oil_refusing = r.at("production_kbpd", DEAL_DATE + 4 * WEEK).median()
    oil_complying = s.at("production_kbpd", DEAL_DATE + 4 * WEEK).median()
    passed = (
        _share(lna_after < lna_before - 0.2) >= 0.9
        and _share(onus_after > onus_before + 0.2) >= 0.9
        and refusing > complying + 0.1
        and oil_refusing < oil_complying
    )
    return PatternCheck(
        8,
        "Blame shifts onto the NOC and the GNA, who did not sign",
        passed,
        f"blame on the LNA {lna_before.median():.2f} -> {lna_after.median():.2f}; on the GNA and "
        f"NOC {onus_before.median():.2f} -> {onus_after.median():.2f}; on an NOC that refuses to "
        f"restart {refusing:.2f} against {complying:.2f}, with {oil_refusing:.0f} kbpd of oil "
        f"against {oil_complying:.0f}",
    )


PATTERNS = (pattern_1, pattern_2, pattern_3, pattern_4, pattern_5, pattern_6, pattern_7, pattern_8)


def check_patterns(ensembles: dict[str, Ensemble]) -> list[PatternCheck]:
    """Every pattern of the brief, checked."""
    return [pattern(ensembles) for pattern in PATTERNS]


def production_fit(ensemble: Ensemble) -> pd.DataFrame:
    """Every in-sample production observation against the model and two naive predictions.

    The model's ensemble median and 90% band; the last observed value (persistence); and a
    straight line between the neighbouring observations (interpolation).
    """
    observed = observed_production()
    table = ensemble.series("production_kbpd")
    start = table.index[0]
    observed = observed[(observed["date"] >= start) & (observed["date"] <= pd.Timestamp(DEAL_DATE))]
    observed = observed.sort_values("date", ignore_index=True)
    rows = []
    for i, obs in observed.iterrows():
        if obs["kind"] == "monthly_avg":  # the model's mean over the weeks of that month
            week = table[table.index.to_period("M") == obs["date"].to_period("M")].mean()
        else:  # a spot figure: the model's week ending nearest to it
            nearest = np.abs((table.index - obs["date"]).days).argmin()
            week = table.iloc[nearest]
        previous = observed["kbpd"].iloc[i - 1] if i > 0 else np.nan
        if 0 < i < len(observed) - 1:
            before, after = observed.iloc[i - 1], observed.iloc[i + 1]
            span = (after["date"] - before["date"]).days or 1
            share = (obs["date"] - before["date"]).days / span
            line = before["kbpd"] + share * (after["kbpd"] - before["kbpd"])
        else:
            line = np.nan
        rows.append(
            {
                "date": obs["date"].date().isoformat(),
                "kind": obs["kind"],
                "observed": obs["kbpd"],
                "median": week.median(),
                "low_5": week.quantile(0.05),
                "high_95": week.quantile(0.95),
                "persistence": previous,
                "interpolation": line,
            }
        )
    return pd.DataFrame(rows)


def fit_statistics(fit: pd.DataFrame) -> pd.DataFrame:
    """Mean absolute error of the model's median and of the baselines, and band coverage.

    Errors are taken on the observations every method can predict; the coverage is the share of
    all in-sample observations inside the model's 90% band.
    """
    common = fit.dropna(subset=["persistence", "interpolation"])
    inside = (fit["observed"] >= fit["low_5"]) & (fit["observed"] <= fit["high_95"])
    return pd.DataFrame(
        [
            {
                "method": "model (ensemble median)",
                "mae_kbpd": (common["median"] - common["observed"]).abs().mean(),
                "inside_90_band": inside.mean(),
            },
            {
                "method": "persistence (last observation)",
                "mae_kbpd": (common["persistence"] - common["observed"]).abs().mean(),
                "inside_90_band": np.nan,
            },
            {
                "method": "straight line between observations",
                "mae_kbpd": (common["interpolation"] - common["observed"]).abs().mean(),
                "inside_90_band": np.nan,
            },
        ]
    )


def forecast(ensemble: Ensemble) -> pd.DataFrame:
    """The recovery after the deal, as medians with 90% intervals.

    When production passes each threshold, and the November and December 2020 monthly averages.
    """
    return forecast_table(ensemble.series("production_kbpd"))


def forecast_table(table: pd.DataFrame) -> pd.DataFrame:
    """`forecast` of weekly production given as a date x run table (one column per run)."""
    after = table[table.index > pd.Timestamp(DEAL_DATE)]
    rows = []
    for threshold in FORECAST_THRESHOLDS_KBPD:
        dates = [after.index[after[c] >= threshold].min() for c in after.columns]
        reached = pd.Series([d for d in dates if pd.notna(d)])
        share = len(reached) / len(dates)
        if len(reached):
            low, mid, high = (reached.quantile(q) for q in (0.05, 0.5, 0.95))
            rows.append(
                {
                    "forecast": f"production passes {threshold:,} kbpd",
                    "median": f"{mid:%d %b %Y}",
                    "low_5": f"{low:%d %b %Y}",
                    "high_95": f"{high:%d %b %Y}",
                    "runs_reaching": share,
                }
            )
        else:
            rows.append(
                {
                    "forecast": f"production passes {threshold:,} kbpd",
                    "median": "never",
                    "low_5": "",
                    "high_95": "",
                    "runs_reaching": 0.0,
                }
            )
    for month in FORECAST_MONTHS:
        weeks = table[table.index.to_period("M") == pd.Period(month)]
        averages = weeks.mean()
        rows.append(
            {
                "forecast": f"{pd.Period(month):%B %Y} average, kbpd",
                "median": f"{averages.median():,.0f}",
                "low_5": f"{averages.quantile(0.05):,.0f}",
                "high_95": f"{averages.quantile(0.95):,.0f}",
                "runs_reaching": 1.0,
            }
        )
    return pd.DataFrame(rows)
