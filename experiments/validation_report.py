"""The validation report: Markdown, an HTML page that opens in a browser, charts and tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import markdown
import pandas as pd
from matplotlib.figure import Figure

from config.datasets import observed_electricity
from config.records import RECORD_2020
from config.scenarios import shipped_scenario
from experiments import colours
from experiments.plots import mark_record_end, write_overview
from experiments.runner import combine, versions
from experiments.validation import Ensemble, PatternCheck, fit_statistics, forecast, production_fit

KBPD_COLUMNS = ("observed", "median", "low_5", "high_95", "persistence", "interpolation")
REGION_OF_PLACE = {"Tripoli": "west", "national": "west", "Benghazi": "east"}


def people_figure(sochi: Ensemble) -> Figure:
    """Power cuts and protests against the reports.

    The model's median and 5-95% band of daily power-cut hours in the west against the
    reported hours; the share of runs protesting in each region, with the reported protests.
    """
    reports = observed_electricity()
    figure = Figure(figsize=(10, 6.5), layout="constrained")
    cuts, protests = figure.subplots(2, 1, sharex=True)
    hours = sochi.series("power_cut_hours_west").iloc[1:]  # from the first simulated week
    west = colours.REGION_COLOURS["west"]
    cuts.plot(hours.index, hours.median(axis=1), color=west, label="model, west (median)")
    cuts.fill_between(
        hours.index,
        hours.quantile(0.05, axis=1),
        hours.quantile(0.95, axis=1),
        color=west,
        alpha=0.2,
        linewidth=0,
    )
    reported = reports.dropna(subset=["power_cut_hours_per_day"])
    cuts.scatter(
        reported["date"],
        reported["power_cut_hours_per_day"],
        color="black",
        zorder=3,
        label="reported (Tripoli, national)",
    )
    cuts.set(ylabel="hours a day without power", title="Power cuts")
    for region in ("west", "east"):
        colour = colours.REGION_COLOURS[region]
        share = sochi.series(f"protesting_{region}").mean(axis=1)
        protests.plot(
            share.index, share, color=colour, label=f"model: share of runs protesting, {region}"
        )
        dated = reports[reports["note"].str.contains("protest", case=False)]
        dated = dated[dated["region"].map(REGION_OF_PLACE) == region]
        for date in dated["date"]:
            protests.axvline(date, color=colour, linestyle="--", linewidth=1)
    protests.plot([], [], color="black", linestyle="--", label="reported protests (dashed)")
    protests.set(ylabel="share of runs", title="Protests")
    start, end = hours.index[0], pd.Timestamp("2021-01-01")
    for ax in (cuts, protests):
        ax.set_xlim(start, end)
        mark_record_end(ax, RECORD_2020, (start, end))
        ax.legend(fontsize=8, loc="upper left")
        ax.grid(alpha=0.3)
    return figure


def markdown_table(table: pd.DataFrame, formats: dict[str, str] | None = None) -> str:
    """A DataFrame as a Markdown table, with optional format strings per column."""
    formats = formats or {}

    def cell(column: str, value: object) -> str:
        if isinstance(value, float) and pd.isna(value):
            return ""
        return format(value, formats[column]) if column in formats else str(value)

    lines = [
        "| " + " | ".join(table.columns) + " |",
        "| " + " | ".join("---" for _ in table.columns) + " |",
    ]
    for row in table.itertuples(index=False):
        lines.append(
            "| " + " | ".join(cell(c, v) for c, v in zip(table.columns, row, strict=True)) + " |"
        )
    return "\n".join(lines)


def write_report(out: Path, ensembles: dict[str, Ensemble], checks: list[PatternCheck]) -> Path:
    """Write the report and the tables behind it; return the HTML page's path.

    validation.md and .html, overview.png, production_fit.csv, forecast.csv and the default
    scenario's ensemble (model.csv) that the figures come from.
    """
    out.mkdir(parents=True, exist_ok=True)
    sochi = ensembles["sochi_2020"]
    combine(sochi.runs)["model"].to_csv(out / "model.csv", index=False)
    cast = shipped_scenario("sochi_2020").cast
    write_overview(sochi.runs, cast, "sochi_2020", out / "overview.png")
    people_figure(sochi).savefig(out / "people.png", dpi=100)
    fit = production_fit(sochi)
    fit.to_csv(out / "production_fit.csv", index=False)
    statistics = fit_statistics(fit)
    ahead = forecast(sochi)
    ahead.to_csv(out / "forecast.csv", index=False)
    passed = sum(check.passed for check in checks)
    patterns = pd.DataFrame(
        [(c.number, c.title, "pass" if c.passed else "FAIL", c.figures) for c in checks],
        columns=["pattern", "what", "verdict", "figures"],
    )
    text = f"""# Validation of the default scenario against the 2020 record

{len(sochi.runs)} runs of each of {", ".join(ensembles)}; written
{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC with libya-abm {versions()["libya-abm"]}.
Observed data: `config/data/` (NOC statements, OPEC secondary sources, Reuters and others).

## Patterns: {passed} of {len(checks)} pass

{markdown_table(patterns)}

## Production against every observation, to 18 September 2020

![Overview: production, losses, influence, prominence, hardship, blame](overview.png)

Mean absolute error (kbpd) on the observations that every method can predict, and the share
of all in-sample observations inside the model's 5-95% band. The baselines know the
observations; the model only knows the events.

{markdown_table(statistics, {"mae_kbpd": ".0f", "inside_90_band": ".0%"})}

Each observation (`production_fit.csv`):

{markdown_table(fit, dict.fromkeys(KBPD_COLUMNS, ".0f"))}

## Power cuts and protests against the reports

![Power cuts and protests: model against reports](people.png)

## Forecast of the recovery after the deal

No data after 19 September 2020 is used: this is the model's forecast, to be held against
the record. Median and 90% interval over the runs (`forecast.csv`).

{markdown_table(ahead, {"runs_reaching": ".0%"})}
"""
    return write_page(out, "validation", "libya-abm validation", text)


def write_page(out: Path, stem: str, title: str, text: str) -> Path:
    """Write Markdown `text` as OUT/STEM.md and as an HTML page that opens offline; its path."""
    (out / f"{stem}.md").write_text(text, encoding="utf-8")
    body = markdown.markdown(text, extensions=["tables"])
    page = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;"
        "font-size:0.9em}img{max-width:100%}</style></head><body>" + body + "</body></html>"
    )
    html = out / f"{stem}.html"
    html.write_text(page, encoding="utf-8")
    return html
