"""The report of `validate --episodes`: tables, one chart per episode, the 2020 forecast."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from experiments import colours
from experiments import episodes as ep
from experiments.plots import mark_record_end, plot_observed_record
from experiments.runner import versions
from experiments.validation_report import markdown_table, write_page

if TYPE_CHECKING:
    from experiments.episode_validation import EpisodeRuns


FORECAST_ALT = (
    "The 2020 forecast: crude output, the record to September 2020, then the model's median "
    "and 90% band, shaded as forecast"
)


def band_axes(
    band: pd.DataFrame, frame: ep.EpisodeFrame, prefix: str = ""
) -> tuple[Figure, Axes, tuple[pd.Timestamp, pd.Timestamp]]:
    """A chart of a weekly band (`q5`, `q50`, `q95`); its figure, axes and span.

    The forecast's weeks shaded, the 90% band and the median in the model's colour, labelled
    after `prefix`.
    """
    figure = Figure(figsize=(9, 4), layout="constrained")
    ax = figure.subplots()
    span = (band.index[0], band.index[-1])
    mark_record_end(ax, frame.record_id, span)
    ax.fill_between(
        band.index,
        band["q5"],
        band["q95"],
        color=colours.MODEL,
        alpha=0.25,
        linewidth=0,
        label=f"{prefix}90% band",
    )
    ax.plot(band.index, band["q50"], lw=2, color=colours.MODEL, label=f"{prefix}median")
    return figure, ax, span


def episode_figure(name: str, weekly: pd.DataFrame, frame: ep.EpisodeFrame) -> Figure:
    """An episode's record against the out-of-episode forecast and the naive forecasts."""
    figure, ax, span = band_axes(weekly, frame, "model ")
    after = weekly.index >= pd.Timestamp(frame.reopening)
    naive = (
        ("persistence", ":", colours.VERMILION, "naive: persistence"),
        ("others_average", "--", colours.INDIGO, "naive: other episodes' average"),
    )
    for column, style, colour, label in naive:
        ax.plot(weekly.index[after], weekly[column][after], ls=style, color=colour, label=label)
    plot_observed_record(ax, frame.record_id, span)
    for date, what, height in ((frame.blockade, "blockade", 3), (frame.reopening, "reopening", 15)):
        ax.axvline(pd.Timestamp(date), color="grey", lw=0.8)
        ax.annotate(what, (pd.Timestamp(date), 0), xytext=(3, height), textcoords="offset points")
    ax.set_xlim(weekly.index[0], weekly.index[-1])
    ax.axhline(frame.pre_blockade_kbpd, color="grey", lw=0.6, ls="--")
    ax.set_ylabel("crude output, kbpd")
    ax.set_ylim(bottom=0)
    ax.set_title(f"{name}: fitted on the other episodes only")
    ax.legend(fontsize=7, loc="lower right")
    ax.grid(alpha=0.3)
    return figure


def forecast_figure(band: pd.DataFrame, deal: dt.date, frame: ep.EpisodeFrame) -> Figure:
    """The 2020 forecast: weekly median and 90% band, with the record up to the deal."""
    figure, ax, span = band_axes(band, frame)
    plot_observed_record(ax, frame.record_id, span)
    ax.axvline(pd.Timestamp(deal), color="grey", lw=0.8)
    ax.set_ylabel("crude output, kbpd")
    ax.set_ylim(bottom=0)
    ax.set_title("Forecast of 2020-2021 from the episodes (no record after 18 Sep 2020)")
    ax.legend(fontsize=7, loc="upper right")
    ax.grid(alpha=0.3)
    return figure


def write_episode_report(
    out: Path,
    results: dict[str, EpisodeRuns],
    summary: pd.DataFrame,
    recovery: pd.DataFrame,
    monthly: pd.DataFrame,
    bands: dict[str, pd.DataFrame],
    forecast: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, ep.EpisodeFrame] | None,
    deal: dt.date | None,
) -> Path:
    """Write the tables, charts and the page of the leave-one-episode-out validation.

    `forecast` is the 2020 forecast table, its weekly band, the posterior it came from and
    the 2020 record's frame.
    """
    out.mkdir(parents=True, exist_ok=True)
    summary.to_csv(out / "episodes.csv", index=False)
    recovery.to_csv(out / "recovery.csv", index=False)
    monthly.to_csv(out / "monthly.csv", index=False)
    charts = []
    for name, weekly in bands.items():
        weekly.to_csv(out / f"{name}_band.csv", index_label="date")
        episode_figure(name, weekly, results[name].frame).savefig(out / f"{name}.png", dpi=100)
        charts.append(
            f"![{name}: crude output, the record's figures against the model's median and 90% "
            f"band fitted on the other episodes, and two naive forecasts]({name}.png)"
        )
    beaten = int(summary["beats_both"].sum())
    errors = ("model_mape", "model_level_mape", "persistence_mape", "others_average_mape")
    percent = dict.fromkeys(errors, ".0%")
    days = dict.fromkeys(("model_median_days", "model_5_days", "model_95_days"), ".0f")
    kbpd = dict.fromkeys(("model_median_kbpd", "model_5_kbpd", "model_95_kbpd"), ".0f")
    text = f"""# Leave one episode out

Each episode forecast from parameters fitted on the other episodes only; written
{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with libya-abm {versions()["libya-abm"]}.
Errors are mean absolute percentage errors on the record's figures after the reopening (a
range or an open bound counts as exact where the path lies inside it). Each run's path is put
on the record's pre-blockade level (its output times the record's level over its own, as the
naive forecasts start from the record's levels): `model_mape` measures the recovery, and
`model_level_mape`, on the run's own levels, adds the gap between the cast's capacities and
the episode's output.

**The model beats both naive forecasts on {beaten} of {len(summary)} episodes.**

{markdown_table(summary, {**percent, "band_coverage": ".0%", "pre_blockade_kbpd": ".0f"})}

## Days to 50%, 80% and 100% of pre-blockade output after the reopening

The record's days are upper bounds: the first figure that reaches the share dates it.

{markdown_table(recovery, days)}

## Monthly averages after the reopening

{markdown_table(monthly, kbpd)}

## Each episode

{chr(10).join(charts)}
"""
    if forecast is not None and deal is not None:
        table, band, posterior, frame = forecast
        spread = dict.fromkeys(("posterior_median", "posterior_5", "posterior_95"), ".3g")
        table.to_csv(out / "forecast_2020.csv", index=False)
        band.to_csv(out / "forecast_2020_band.csv", index_label="date")
        posterior.to_csv(out / "posterior.csv", index=False)
        forecast_figure(band, deal, frame).savefig(out / "forecast_2020.png", dpi=100)
        text += f"""
## The 2020 forecast

Parameters accepted on the four earlier episodes and the 2020 record to 18 September 2020;
parameters no record informs are drawn from their priors, so the band carries parameter
uncertainty as well as chance.

{markdown_table(table, {"runs_reaching": ".0%"})}

![{FORECAST_ALT}](forecast_2020.png)

Posterior of the accepted points:

{markdown_table(posterior, spread)}
"""
    return write_page(out, "episodes", "libya-abm: leave one episode out", text)
