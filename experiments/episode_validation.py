"""Calibration on several episodes at once, leave-one-episode-out validation, the 2020 forecast.

One Latin hypercube over the shared behavioural parameters (`PRIORS`, and `UNINFORMED`, which
no record informs and which are drawn only so that forecasts carry their uncertainty) is run on
every episode through the sweep engine: the same design points, in `OUT/runs/<episode>/`,
each resumable like any sweep. A point's distance on an episode is the mean absolute
percentage error of its run, put on the record's pre-blockade level, against the episode's
record (`experiments.episodes`).

- Calibration (`calibrate --episodes`): the points closest on the mean over the chosen
  episodes are the posterior.
- Leave one episode out (`validate --episodes`): for each episode, the points closest on the
  other episodes are accepted; their runs on the left-out episode are its forecast (median and
  90% band), compared with its record after the reopening and with two naive forecasts.
- The 2020 forecast: the points closest on the four earlier episodes and on the 2020 record up
  to 18 September 2020 (the record after that date is not in the project); their runs of
  sochi_2020 after the deal are the forecast, with parameter uncertainty in its band.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from config.records import observed_record
from config.scenarios import ScenarioError, shipped_scenario
from experiments import episodes as ep
from experiments.episode_report import write_episode_report
from experiments.sweep import completed_run_ids, load_runs, open_manifest, run_remaining
from experiments.sweep_spec import spec_from_mapping
from experiments.validation import forecast_table

EPISODES = ("jadhran_2014", "oil_crescent_2016", "ports_handover_2018", "bengdara_2022")
FORECAST_EPISODE = "sochi_2020"
QUANTILES = (0.05, 0.5, 0.95)

# Shared behaviour the episodes' records inform, and the prior range searched (uniform).
# Not `utilisation`: each episode's capacities were set so that capacity x 0.90 admits its
# record (config/casts/), so the share of capacity produced is part of those facts.
PRIORS: dict[str, tuple[float, float]] = {
    "storage_decay_per_week": (0.2, 0.8),
    "domestic_supply_share": (0.0, 0.05),
    "restart_ramp_per_week": (0.2, 1.0),
    "idle_weeks_before_damage": (13.0, 48.0),
    "idle_damage_per_week": (0.0, 0.05),
    "max_idle_damage": (0.0, 0.5),
    "repair_per_week": (0.0, 0.3),
}
# Drawn from these documented priors in every ensemble; no episode's record informs them.
UNINFORMED: dict[str, tuple[float, float]] = {
    "foreign_force_exit_per_week": (0.0, 0.3),
}


@dataclass(frozen=True)
class EpisodeStudy:
    """What `calibrate --episodes` and `validate --episodes` run, and where they keep it.

    Attributes:
        out: the folder of the report, with the runs in OUT/runs/<episode>/ (resumable).
        episodes: the earlier episodes to fit on.
        samples: design points, each run once on every episode.
        accept: share of the points closest to the records that is accepted.
        seed: root seed of the design and the runs.
        workers: local worker processes.

    """

    out: Path
    episodes: tuple[str, ...]
    samples: int
    accept: float
    seed: int
    workers: int


@dataclass(frozen=True)
class EpisodeRuns:
    """The runs of one episode: each design point's parameters and weekly production."""

    frame: ep.EpisodeFrame
    runs: pd.DataFrame  # one row per design point: point, seed, parameters
    paths: pd.DataFrame  # date x point: weekly production, kbpd

    def errors(self) -> pd.Series:
        """Each point's mean absolute percentage error on the whole record, by point.

        The run's path is first put on the record's pre-blockade level (`episodes.rescaled`).
        """
        figures = self.frame.record
        return pd.Series(
            {
                point: ep.mape(ep.path_at_figures(self.rescaled(point), figures), figures)
                for point in self.paths
            }
        )

    def rescaled(self, point: int) -> pd.Series:
        """One point's path on the record's pre-blockade level."""
        return ep.rescaled(self.paths[point], self.frame)

    def rescaled_paths(self, points: pd.Index) -> pd.DataFrame:
        """The paths of `points` (date x point) on the record's pre-blockade level."""
        return pd.DataFrame({point: self.rescaled(point) for point in points})


def sweep_spec(episode: str, samples: int, seed: int) -> dict:
    """The sweep spec of one episode: the common Latin hypercube, production kept weekly."""
    return {
        "name": f"episodes-{episode}",
        "scenario": episode,
        "design": "latin_hypercube",
        "samples": samples,
        "seed": seed,
        "parameters": {
            name: {"low": low, "high": high}
            for name, (low, high) in {**PRIORS, **UNINFORMED}.items()
        },
        "outcomes": ["blockade_weeks"],
        "series": ["production_kbpd"],
    }


def run_sweeps(
    out: Path,
    episodes: tuple[str, ...],
    samples: int,
    seed: int,
    workers: int,
    on_start: Callable[[int, int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> dict[str, EpisodeRuns]:
    """Run (or resume) the common design on every episode; read the runs back.

    `on_start` is told the total number of runs and how many are already done; `on_rows` how
    many each finished batch adds.

    Raises:
        ScenarioError: an episode without a record, or OUT holding another sweep.
    """
    specs = {e: spec_from_mapping(sweep_spec(e, samples, seed), e) for e in episodes}
    done = {}
    for episode, spec in specs.items():
        open_manifest(out / episode, spec, samples)
        done[episode] = completed_run_ids(out / episode)
    if on_start is not None:
        on_start(samples * len(episodes), sum(len(ids) for ids in done.values()))
    for episode, spec in specs.items():
        run_remaining(out / episode, spec, done[episode], workers, on_rows)
    return {episode: read_episode(out / episode, episode) for episode in episodes}


def read_episode(folder: Path, episode: str) -> EpisodeRuns:
    """The runs of one episode's sweep, with its frame and weekly paths."""
    scenario = shipped_scenario(episode)
    if scenario.record is None:
        raise ScenarioError(f"scenario {episode!r} has no observed record (record = ...)")
    frame = ep.episode_frame(scenario, observed_record(scenario.record))
    runs = load_runs(folder)
    series = np.stack(runs["series_production_kbpd"].to_numpy())
    dates = pd.date_range(
        pd.Timestamp(scenario.parameters.start_date), periods=series.shape[1], freq="7D"
    )
    paths = pd.DataFrame(series.T, index=dates, columns=runs["point"].to_numpy())
    return EpisodeRuns(frame, runs.drop(columns=["series_production_kbpd"]), paths)


def accepted_points(errors: pd.DataFrame, episodes: list[str], accept: float) -> pd.Index:
    """The points with the smallest mean error over `episodes` (at least 2)."""
    score = errors[episodes].mean(axis=1)
    return score.nsmallest(max(2, round(accept * len(score)))).index


def posterior(runs: pd.DataFrame, points: pd.Index) -> pd.DataFrame:
    """Prior range, posterior median and 90% interval of each parameter over `points`."""
    chosen = runs.set_index("point").loc[points]
    rows = []
    for name, (low, high) in {**PRIORS, **UNINFORMED}.items():
        values = chosen[name]
        rows.append(
            {
                "parameter": name,
                "informed": name in PRIORS,
                "prior_low": low,
                "prior_high": high,
                "posterior_median": values.median(),
                "posterior_5": values.quantile(0.05),
                "posterior_95": values.quantile(0.95),
                "accepted_points": len(points),
            }
        )
    return pd.DataFrame(rows)


def band(paths: pd.DataFrame) -> pd.DataFrame:
    """The 5%, 50% and 95% quantiles of paths (date x run), by date."""
    return pd.DataFrame({f"q{round(q * 100)}": paths.quantile(q, axis=1) for q in QUANTILES})


def error_table(results: dict[str, EpisodeRuns]) -> pd.DataFrame:
    """Each point's error (rows) on each episode's record (columns)."""
    return pd.DataFrame({name: runs.errors() for name, runs in results.items()})


def leave_one_out(
    results: dict[str, EpisodeRuns], errors: pd.DataFrame, accept: float
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame]]:
    """Forecast each episode from the points closest on the others (`errors`: `error_table`).

    Returns the summary table (one row per episode: errors of the forecast and of the two
    naive forecasts on the record after the reopening, the band's coverage), the recovery table
    (days to 50/80/100% in the record and in the forecast) and each episode's weekly band with
    both naive forecasts (for charts).
    """
    frames = {name: r.frame for name, r in results.items()}
    summary, recovery, bands = [], [], {}
    for name, episode in results.items():
        others = [other for other in results if other != name]
        points = accepted_points(errors, others, accept)
        paths = episode.paths[points]
        weekly = band(episode.rescaled_paths(points))
        frame = episode.frame
        after = frame.after_reopening
        naive_persistence = ep.persistence_forecast(frame, weekly.index)
        naive_others = ep.others_average_forecast(frame, [frames[o] for o in others], weekly.index)
        weekly["persistence"] = naive_persistence
        weekly["others_average"] = naive_others
        bands[name] = weekly
        low = ep.path_at_figures(weekly["q5"], after)
        high = ep.path_at_figures(weekly["q95"], after)
        within = ~np.isnan(low)  # the figures the runs cover
        inside = ep.covered(low, high, after)[within]
        model_error = ep.mape(ep.path_at_figures(weekly["q50"], after), after)
        level_error = ep.mape(ep.path_at_figures(band(paths)["q50"], after), after)
        persistence_error = ep.mape(ep.path_at_figures(naive_persistence, after), after)
        others_error = ep.mape(ep.path_at_figures(naive_others, after), after)
        summary.append(
            {
                "episode": name,
                "reopening": frame.reopening,
                "pre_blockade_kbpd": frame.pre_blockade_kbpd,
                "figures_after_reopening": int(within.sum()),
                "model_mape": model_error,
                "model_level_mape": level_error,
                "persistence_mape": persistence_error,
                "others_average_mape": others_error,
                "beats_both": model_error < min(persistence_error, others_error),
                "band_coverage": float(inside.mean()) if len(inside) else np.nan,
                "accepted_points": len(points),
            }
        )
        observed = ep.record_recovery(frame)
        simulated = pd.DataFrame([ep.path_recovery(paths[p], frame) for p in paths])
        for share in ep.RECOVERY_SHARES:
            days = simulated[share]
            recovery.append(
                {
                    "episode": name,
                    "share": share,
                    "record_days": observed[share],
                    "model_median_days": days.median(),
                    "model_5_days": days.quantile(0.05),
                    "model_95_days": days.quantile(0.95),
                    "runs_reaching": float(days.notna().mean()),
                }
            )
    return pd.DataFrame(summary), pd.DataFrame(recovery), bands


def monthly_table(bands: dict[str, pd.DataFrame], results: dict[str, EpisodeRuns]) -> pd.DataFrame:
    """Monthly averages after each reopening: the record's monthly figures against the band."""
    rows = []
    for name, weekly in bands.items():
        frame = results[name].frame
        months = weekly[weekly.index >= pd.Timestamp(frame.reopening)].resample("MS").mean()
        record = frame.after_reopening
        record = record[record["kind"] == "monthly_avg"]
        for month, row in months.iterrows():
            observed = record[record["date"].dt.to_period("M") == month.to_period("M")]
            rows.append(
                {
                    "episode": name,
                    "month": f"{month:%Y-%m}",
                    "record_kbpd": ep.figure_values(observed)[0] if len(observed) else np.nan,
                    "model_median_kbpd": row["q50"],
                    "model_5_kbpd": row["q5"],
                    "model_95_kbpd": row["q95"],
                }
            )
    return pd.DataFrame(rows)


def forecast_2020(
    forecast_runs: EpisodeRuns, errors: pd.DataFrame, accept: float
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The 2020 forecast from the points closest on the earlier episodes and the 2020 record.

    `errors` has a column for each earlier episode and for 2020 (`error_table`). The 2020
    record ends on 18 September 2020, before the deal: it informs the blockade, not the
    recovery. Returns the forecast table, the weekly band and the accepted posterior.
    """
    points = accepted_points(errors, list(errors.columns), accept)
    paths = forecast_runs.rescaled_paths(points)
    return forecast_table(paths), band(paths), posterior(forecast_runs.runs, points)


def calibrate_on_episodes(
    study: EpisodeStudy,
    on_start: Callable[[int, int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Fit the shared parameters on all the study's episodes at once; write OUT/calibration.csv.

    The accepted points are those with the smallest mean error over the episodes; the table
    gives each parameter's prior, posterior median and 90% interval.
    """
    results = study_runs(study, study.episodes, on_start, on_rows)
    errors = error_table(results)
    errors.to_csv(study.out / "errors.csv", index_label="point")
    points = accepted_points(errors, list(study.episodes), study.accept)
    table = posterior(next(iter(results.values())).runs, points)
    table.to_csv(study.out / "calibration.csv", index=False)
    return table


def validate_on_episodes(
    study: EpisodeStudy,
    on_start: Callable[[int, int], None] | None = None,
    on_rows: Callable[[int], None] | None = None,
) -> tuple[pd.DataFrame, Path]:
    """Leave each episode out in turn, then forecast 2020; write the report in OUT.

    Returns the summary table (one row per episode) and the report's HTML page.
    """
    names = (*study.episodes, FORECAST_EPISODE)
    results = study_runs(study, names, on_start, on_rows)
    errors = error_table(results)  # once: leaving out and the forecast both read it
    forecast_runs = results.pop(FORECAST_EPISODE)
    summary, recovery, bands = leave_one_out(
        results, errors.drop(columns=FORECAST_EPISODE), study.accept
    )
    monthly = monthly_table(bands, results)
    forecast = (*forecast_2020(forecast_runs, errors, study.accept), forecast_runs.frame)
    deal = ep.reopening_date(shipped_scenario(FORECAST_EPISODE))
    page = write_episode_report(
        study.out, results, summary, recovery, monthly, bands, forecast, deal
    )
    return summary, page


def study_runs(
    study: EpisodeStudy,
    episodes: tuple[str, ...],
    on_start: Callable[[int, int], None] | None,
    on_rows: Callable[[int], None] | None,
) -> dict[str, EpisodeRuns]:
    """The study's runs of `episodes` (run or resumed in OUT/runs)."""
    return run_sweeps(
        study.out / "runs", episodes, study.samples, study.seed, study.workers, on_start, on_rows
    )
