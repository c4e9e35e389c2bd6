"""The app's time charts as ECharts options: plain dicts built from a run's recorded series.

Each `*_option` function takes a `ChartData` (the weekly table, the event log, the run's
span, its cast, the scenario's observed record, the display settings and a counterfactual
run, if any) and returns the option of one chart (drawn by `viz.views.EChart`): a time axis over
the run's whole span (the axes keep still while the model plays), a tooltip with the date and
each series' value in its unit, zoom and pan on the time axis (mouse wheel, drag, a slider)
and by box, a legend that hides and shows series, a button that saves the chart as PNG, the
events labelled above the plot in lanes that keep close ones apart, the weeks after the
scenario's last observation shaded as the model's forecast, and the week the timeline shows.

Pure functions of their inputs, no Solara: options are small, quick to build, and JSON (no
NaN: a gap is None). The matplotlib PNGs of reports and handouts are `experiments.plots`'.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.colors import to_hex, to_rgb

from config.cast import Cast
from config.datasets import observed_losses
from config.records import RECORD_2020, observed_record
from experiments import colours
from experiments.bands import Band, Comparison
from experiments.colours import COMPONENT_COLOURS, colour_of, region_colour
from experiments.plots import MARKED_EVENTS, RECORD_STYLES, record_end
from model.influence import COMPONENTS
from viz.display import Display

Option = dict[str, Any]
Formatter = Callable[[float], str]
Columns = Mapping[str, Sequence[Any]] | pd.DataFrame
"""A table by column: a DataFrame, or the lists a model records (`viz.run_data`)."""

BASE_FONT_PX = 14
"""Chart text on a desk screen; times `Display.font_scale` on a projector."""
TITLE_SCALE = 1.3
CHART_EVENTS = {
    **MARKED_EVENTS,
    "blockade_lifted": "blockade lifted",
    "conference": "conference",  # named by the log: "Berlin Conference"
    "ceasefire": "ceasefire",
}
"""Kinds of logged event labelled on the charts, with their labels."""
EVENT_LANES = 3
"""Rows of event labels above the plot: labels of events close in time go to different rows."""
ASSUMED_PLOT_PX = 600
"""The narrowest plot the page gives a chart (beside an exercise sheet), for spacing labels."""
CHARACTER_EM = 0.6
"""Width of an average character of a label, in font sizes."""
MEDIATOR_WIDTHS = (5.0, 3.5, 2.2, 1.2)  # in turn, thinner: equal shares stay visible
LINE_WIDTH = 2.5
TOOLBOX_TOOLS = 4  # box zoom, undo zoom, restore, save as PNG: the legend stops short of them
FORECAST_FILL = "rgba({}, {}, {}, 0.13)".format(
    *(round(255 * c) for c in to_rgb(colours.FORECAST_SHADE))
)
RECORD_SYMBOLS = {"s": "rect", "o": "circle", "D": "diamond"}  # matplotlib's markers, by name
HELP = (
    "Hover over a chart for the date and values; wheel or drag on it, or the slider below "
    "it, to zoom and pan in time; the box-zoom tool (top right) zooms into small values too, "
    "and the restore tool undoes it; click a legend entry to hide or show its series; the "
    "camera tool saves the chart as PNG. Grey shading: the weeks after the last observation, "
    "the model's forecast."
)


@dataclass(frozen=True)
class ChartData:
    """What the time charts of one run are drawn from.

    `weekly` holds the run's weekly series (`date` as ISO text), `events` the events of its log
    (`date`, `category`, `kind`, `explanation`), each a DataFrame or lists by column;
    `record` is the scenario's observed record (`config.records`); `compare` a counterfactual
    run, as its label and weekly table, drawn dashed.
    """

    weekly: Columns
    events: Columns
    span: tuple[dt.date, dt.date]
    cast: Cast
    record: str | None = None
    display: Display = field(default_factory=Display)
    compare: tuple[str, pd.DataFrame] | None = None

    @property
    def font(self) -> int:
        """The base font size in px."""
        return round(BASE_FONT_PX * self.display.font_scale)

    @cached_property
    def dates(self) -> list[str]:
        """The weeks' dates, ISO text, as the x values of every series."""
        return [str(date) for date in self.weekly["date"]]

    @cached_property
    def marks(self) -> list[EventMark]:
        """The events labelled on the charts (`event_marks`), found once for all charts."""
        return event_marks(self.events, self.span, self.font)

    def values(self, column: str, scale: float = 1.0) -> np.ndarray:
        """A weekly column, times `scale` (100 for shares in percent)."""
        return np.asarray(self.weekly[column], dtype=float) * scale


@dataclass(frozen=True)
class EventMark:
    """An event labelled on the charts: its date, its label and its row above the plot."""

    date: str
    text: str
    lane: int


# --- formats of values in the tooltip -----------------------------------------------------


def percent(value: float) -> str:
    """A share already in percent: "12.3 %"."""
    return f"{value:.1f} %"


def kbpd(value: float) -> str:
    """Thousand barrels a day: "1,150 kbpd"."""
    return f"{value:,.0f} kbpd"


def bn_usd(value: float) -> str:
    """Billion US dollars: "4.21 bn USD"."""
    return f"{value:,.2f} bn USD"


def m_usd_a_week(value: float) -> str:
    """Million US dollars a week: "310 m USD a week"."""
    return f"{value:,.0f} m USD a week"


def index(value: float) -> str:
    """An index from 0 to 1: "0.61"."""
    return f"{value:.2f}"


# --- the parts every chart shares -----------------------------------------------------------


def _rounded(values: np.ndarray, digits: int = 2) -> list[float | None]:
    """Values as JSON numbers: rounded, a missing value (NaN) as None."""
    rounded = np.round(values, digits).tolist()
    if np.isnan(values).any():
        return [None if math.isnan(v) else v for v in rounded]
    return rounded


def _points(
    dates: Sequence[str], values: np.ndarray, formatter: Formatter, note: str = ""
) -> list[list[Any]]:
    """[date, value, tooltip text] rows of a series; the text says the value with its unit."""
    rows = []
    for date, value in zip(dates, _rounded(values), strict=True):
        text = "-" if value is None else formatter(value) + note
        rows.append([date, value, text])
    return rows


def _series(
    name: str, data: list[list[Any]], colour: str, kind: str = "line", **style: Any
) -> Option:
    """A series of [date, value, text] rows whose tooltip shows the text."""
    series: Option = {
        "type": kind,
        "name": name,
        "data": data,
        "color": colour,
        "dimensions": ["date", "value", {"name": "shown", "type": "ordinal"}],
        "encode": {"x": 0, "y": 1, "tooltip": 2},
        "emphasis": {"focus": "series"},
    }
    if kind == "line":
        series |= {"showSymbol": len(data) == 1, "lineStyle": {"width": LINE_WIDTH}}
    return series | style


def _line(
    chart: ChartData,
    name: str,
    column: str,
    colour: str,
    formatter: Formatter,
    scale: float = 1.0,
) -> list[Option]:
    """A weekly series of the run, and of the counterfactual, dashed, if there is one.

    Both carry the same name, so that the legend hides and shows them together.
    """
    lines = [_series(name, _points(chart.dates, chart.values(column, scale), formatter), colour)]
    if chart.compare is not None:
        label, other = chart.compare
        values = np.asarray(other[column], dtype=float) * scale
        data = _points(list(other["date"]), values, formatter, f" ({label})")
        dashed = {"width": LINE_WIDTH * 0.6, "type": "dashed"}
        lines.append(_series(name, data, colour, lineStyle=dashed))
    return lines


def _segments(name: str, segments: Iterable[tuple[Any, float, Any, float]], colour: str) -> Option:
    """Straight segments ((x0, y0) to (x1, y1)) as one line series broken by gaps.

    Out of the tooltip: the points they belong to say their values.
    """
    data: list[list[Any]] = []
    for x0, y0, x1, y1 in segments:
        data += [[x0, y0], [x1, y1], [x1, None]]
    return {
        "type": "line",
        "name": name,
        "data": data,
        "color": colour,
        "showSymbol": False,
        "lineStyle": {"width": 1.5},
        "tooltip": {"show": False},
        "silent": True,
    }


def event_marks(
    events: Columns, span: tuple[dt.date, dt.date], font: int = BASE_FONT_PX
) -> list[EventMark]:
    """The events labelled on the charts, each in the lowest row its label is free in.

    A label is centred on its event's date; its width in days is its width in px on the
    narrowest plot the page draws. Two labels that would overlap go to different rows; with
    more at once than rows, a label goes to the row that frees first.
    """
    columns = (events[name] for name in ("date", "category", "kind", "explanation"))
    labelled = [
        (str(date), _event_text(kind, explanation))
        for date, category, kind, explanation in zip(*columns, strict=True)
        if category == "event" and kind in CHART_EVENTS
    ]
    days_per_px = max((span[1] - span[0]).days, 1) / ASSUMED_PLOT_PX
    free_from = [-math.inf] * EVENT_LANES  # in days from the start, per row
    marks = []
    for date, text in dict.fromkeys(sorted(labelled)):
        day = (dt.date.fromisoformat(date) - span[0]).days
        half_width = (len(text) * CHARACTER_EM * font / 2 + 4) * days_per_px
        free = [lane for lane in range(EVENT_LANES) if free_from[lane] <= day - half_width]
        lane = free[0] if free else min(range(EVENT_LANES), key=lambda row: free_from[row])
        free_from[lane] = day + half_width
        marks.append(EventMark(date, text, lane))
    return marks


def _event_text(kind: str, explanation: str) -> str:
    """The label of a logged event; a conference by its name ("Berlin Conference: ...")."""
    if kind == "conference" and 0 < explanation.find(":") <= 24:
        return explanation.split(":")[0]
    return CHART_EVENTS[kind]


def _lane_height(chart: ChartData) -> int:
    return chart.font + 6


def _marks(chart: ChartData, marks: list[EventMark]) -> Option:
    """A series without data that carries the event lines, the week shown and the forecast."""
    font = chart.font
    lines: list[Option] = [
        {
            "xAxis": mark.date,
            "name": mark.text,
            "label": {"formatter": mark.text, "distance": 4 + mark.lane * _lane_height(chart)},
        }
        for mark in marks
    ]
    week = chart.display.week
    if week is not None and week < len(chart.dates):
        lines.append(
            {
                "xAxis": chart.dates[week],
                "name": "week shown",
                "lineStyle": {"type": "solid", "color": "#222222", "width": 2},
                "label": {"formatter": "week shown", "position": "insideEndTop"},
            }
        )
    series: Option = {
        "type": "line",
        "name": "",
        "data": [],
        "silent": True,
        "tooltip": {"show": False},
        "markLine": {
            "symbol": "none",
            "silent": True,
            "animation": False,
            "lineStyle": {"type": "dotted", "color": "#777777", "width": 1.5},
            "label": {"position": "end", "fontSize": font, "color": "#333333"},
            "data": lines,
        },
    }
    start = record_end(chart.record, chart.span)
    if start is not None:
        series["markArea"] = {
            "silent": True,
            "itemStyle": {"color": FORECAST_FILL},
            "label": {"position": "insideTopRight", "fontSize": font, "color": "#555555"},
            "data": [[{"xAxis": start, "name": "forecast"}, {"xAxis": f"{chart.span[1]}"}]],
        }
    return series


def _frame(
    chart: ChartData,
    title: str,
    series: list[Option],
    unit: str,
    y_axes: list[Option] | None = None,
) -> Option:
    """The option of a time chart: its title, axes, tooltip, zoom, tools, legend and marks.

    `unit` is written after the values of the (first) y axis ("%" for shares in percent);
    `y_axes` replaces the single y axis.
    """
    font = chart.font
    marks = chart.marks
    title_px = round(font * TITLE_SCALE)
    legend_top = title_px + 14
    lanes = max((mark.lane for mark in marks), default=-1) + 1
    grid_top = legend_top + font + 14 + lanes * _lane_height(chart)
    slider_px = 2 * font
    tool_px = round(font * 1.2)
    text = {"fontSize": font}
    axis_label = {"fontSize": font, "hideOverlap": True}
    names = list(dict.fromkeys(s["name"] for s in series))
    return {
        "animation": False,
        "textStyle": text,
        "title": {"text": title, "left": 8, "top": 4, "textStyle": {"fontSize": title_px}},
        "legend": {
            "type": "scroll",
            "data": names,
            "top": legend_top,
            "left": 8,
            "right": TOOLBOX_TOOLS * (tool_px + 10) + 24,  # clear of the toolbox
            "textStyle": text,
            "pageTextStyle": text,
        },
        "grid": {
            "left": 12,
            "right": 28,
            "top": grid_top,
            "bottom": slider_px + 14,
            "containLabel": True,
        },
        "tooltip": {
            "trigger": "axis",
            "confine": True,
            "textStyle": text,
            "axisPointer": {"type": "line"},
        },
        "toolbox": {
            "right": 12,
            "top": legend_top - 4,
            "itemSize": tool_px,
            "feature": {
                "dataZoom": {"title": {"zoom": "box zoom", "back": "undo zoom"}},
                "restore": {"title": "restore"},
                "saveAsImage": {"title": "save as PNG", "name": _file_name(title), "pixelRatio": 2},
            },
        },
        "dataZoom": [
            {"type": "inside", "xAxisIndex": 0, "filterMode": "none"},
            {
                "type": "slider",
                "xAxisIndex": 0,
                "filterMode": "none",
                "height": slider_px,
                "bottom": 6,
                "textStyle": text,
                "labelFormatter": "{yyyy}-{MM}-{dd}",
            },
        ],
        "xAxis": {
            "type": "time",
            "min": f"{chart.span[0]}",
            "max": f"{chart.span[1]}",
            "axisLabel": axis_label,
            "splitLine": {"show": False},
        },
        "yAxis": y_axes or {"type": "value", "axisLabel": axis_label | _unit_label(unit)},
        "series": [*series, _marks(chart, marks)],
    }


def _unit_label(unit: str) -> Option:
    """Axis labels with the unit after the value ("40 %"); plain numbers without a unit."""
    return {"formatter": f"{{value}} {unit}"} if unit else {}


def _file_name(title: str) -> str:
    """A chart's PNG file name from its title: "influence", "crude-production"."""
    words = "".join(c if c.isalnum() else " " for c in title.split("(")[0].split(";")[0])
    return "libya-abm-" + "-".join(words.lower().split())


def _dashed_note(chart: ChartData) -> str:
    return f"; dashed: {chart.compare[0]}" if chart.compare else ""


# --- the charts ---------------------------------------------------------------------------


def influence_option(chart: ChartData) -> Option:
    """Each actor's influence, in percent of all actors'; a counterfactual run dashed."""
    cast = chart.cast
    series = [
        line
        for actor in cast.actor_ids
        for line in _line(
            chart, cast.labels[actor], f"influence_{actor}", colour_of(actor, cast), percent, 100
        )
    ]
    return _frame(chart, f"Influence (share of all actors){_dashed_note(chart)}", series, "%")


def components_option(chart: ChartData, actor: str) -> Option:
    """One actor's influence stacked by component: where its share comes from, in percent."""
    series = [
        _series(
            component,
            _points(chart.dates, chart.values(f"influence_{component}_{actor}", 100), percent),
            COMPONENT_COLOURS[component],
            stack="components",
            areaStyle={"opacity": 1.0},
            lineStyle={"width": 0.5},
        )
        for component in COMPONENTS
    ]
    title = f"Why: the components of {chart.cast.labels[actor]}'s influence"
    return _frame(chart, title, series, "%")


def production_option(chart: ChartData) -> Option:
    """Crude production against the scenario's observed record, kbpd."""
    series = _line(chart, "model", "production_kbpd", colours.MODEL, kbpd)
    series += _record_series(chart.record, chart.span)
    return _frame(chart, f"Crude production{_dashed_note(chart)}", series, "kbpd")


def record_series(record: str | None, span: tuple[dt.date, dt.date]) -> list[Option]:
    """A record's production figures within the span, drawn by kind as the reports draw them.

    As `experiments.plots.plot_observed_record`: each kind its marker and colour, "observed
    (<kind>)"; a figure at the middle of the days it may mean, with a horizontal bar across
    them if they are more than one; a range its midpoint with a vertical bar from its low to
    its high; an open bound ("<300") a triangle at the bound pointing to its open side, with a
    short dotted bar that way. The tooltip gives each figure its dates.
    """
    if record is None:
        return []
    table = observed_record(record)
    first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
    table = table[(table["date_last"] >= first) & (table["date"] <= last)]
    middle = (table["date"] + (table["date_last"] - table["date"]) / 2).dt.strftime("%Y-%m-%d")
    series: list[Option] = []
    for kind, (marker, named_colour) in RECORD_STYLES.items():
        colour = to_hex(named_colour)
        rows = table[table["kind"] == kind]
        if rows.empty:
            continue
        name = f"observed ({kind.replace('_', ' ')})"
        figures = rows[rows["kbpd"].notna()]
        if len(figures):
            series.append(
                _series(
                    name,
                    [_record_point(middle[i], row.kbpd, row) for i, row in figures.iterrows()],
                    colour,
                    kind="scatter",
                    symbol=RECORD_SYMBOLS[marker],
                    symbolSize=9,
                    z=3,
                )
            )
        ranges = figures[figures["low"] < figures["high"]]
        periods = rows[rows["date_last"] > rows["date"]]
        levels = periods["kbpd"].fillna(periods["low"]).fillna(periods["high"])
        bars = [(middle[i], row.low, middle[i], row.high) for i, row in ranges.iterrows()] + [
            (f"{row.date:%Y-%m-%d}", level, f"{row.date_last:%Y-%m-%d}", level)
            for (_, row), level in zip(periods.iterrows(), levels, strict=True)
        ]
        if bars:
            series.append(_segments(name, bars, colour))
        for side, bound, other, rotation, reach in (
            ("at most", "high", "low", 180, 0.88),
            ("at least", "low", "high", 0, 1.12),
        ):
            open_ = rows[rows[other].isna() & rows[bound].notna()]
            if open_.empty:
                continue
            bounded = f"{name}, {side}"
            points = [
                _record_point(middle[i], row[bound], row, f"{side} ") for i, row in open_.iterrows()
            ]
            series.append(
                _series(
                    bounded,
                    points,
                    colour,
                    kind="scatter",
                    symbol="triangle",
                    symbolRotate=rotation,
                    symbolSize=11,
                    z=3,
                )
            )
            reaches = [
                (middle[i], row[bound], middle[i], row[bound] * reach)
                for i, row in open_.iterrows()
            ]
            series.append(_segments(bounded, reaches, colour) | {"lineStyle": {"type": "dotted"}})
    return series


@cache
def _cached_record_series(record: str, span: tuple[dt.date, dt.date]) -> tuple[Option, ...]:
    return tuple(record_series(record, span))


def _record_series(record: str | None, span: tuple[dt.date, dt.date]) -> list[Option]:
    """`record_series`, read and drawn once per record and span; a copy for each chart.

    The cache is shared by every session of the server: a chart that changed a series in
    place would otherwise change it for all of them.
    """
    return [] if record is None else copy.deepcopy(list(_cached_record_series(record, span)))


def _record_point(middle: str, value: float, row: Any, side: str = "") -> list[Any]:
    """A figure of the record: [middle date, value, "<side>300 kbpd (<its dates>)"]."""
    days = f"{row.date:%d %b %Y}"
    if row.date_last > row.date:
        days += f" to {row.date_last:%d %b %Y}"
    if row.approximate:
        days = "about " + days
    return [middle, float(value), f"{side}{kbpd(value)} ({days})"]


def money_option(chart: ChartData) -> Option:
    """The blockade's cumulative loss (and the NOC's statements of it), frozen funds, revenue.

    Loss and frozen funds in bn USD on the left axis; the weekly revenue in m USD on the right.
    """
    series = _line(
        chart, "cumulative loss", "cumulative_loss_usd_bn", colours.MONEY["loss"], bn_usd
    )
    series += _line(chart, "frozen revenue", "frozen_usd_bn", colours.MONEY["frozen"], bn_usd)
    revenue = _line(
        chart, "weekly revenue", "revenue_usd_m", colours.MONEY["revenue"], m_usd_a_week
    )
    series += [line | {"yAxisIndex": 1} for line in revenue]
    if chart.record == RECORD_2020:
        losses = observed_losses()
        losses = losses[losses["date"] >= pd.Timestamp(chart.span[0])]
        points = [
            [f"{date:%Y-%m-%d}", loss, f"{bn_usd(loss)} ({date:%d %b %Y})"]
            for date, loss in zip(losses["date"], losses["cumulative_loss_usd_bn"], strict=True)
        ]
        series.append(
            _series(
                "NOC statements",
                points,
                colours.RECORD["monthly_avg"],
                kind="scatter",
                symbolSize=8,
                z=3,
            )
        )
    label = {"fontSize": chart.font, "hideOverlap": True}
    y_axes = [
        {"type": "value", "axisLabel": label | {"formatter": "{value} bn"}},
        {
            "type": "value",
            "axisLabel": label | {"formatter": "{value} m/week"},
            "splitLine": {"show": False},
        },
    ]
    title = f"Revenue, blockade loss and frozen funds{_dashed_note(chart)}"
    return _frame(chart, title, series, "", y_axes)


def _shares(
    chart: ChartData, actors: Sequence[str], prefix: str, widths: Sequence[float] = ()
) -> list[Option]:
    """The actors' shares (columns `<prefix>_<actor>`) in percent, in their colours.

    The n-th line takes the n-th of `widths` (the last one after), if given.
    """
    cast = chart.cast
    lines = []
    for turn, actor in enumerate(actors):
        values = chart.values(f"{prefix}_{actor}", 100)
        line = _series(
            cast.labels[actor], _points(chart.dates, values, percent), colour_of(actor, cast)
        )
        if widths:
            line["lineStyle"] = {"width": widths[min(turn, len(widths) - 1)]}
        lines.append(line)
    return lines


def prominence_option(chart: ChartData) -> Option:
    """Each mediator's share of the attention paid to mediators, in percent.

    Equal shares would hide a line under another: each line is thinner than the one before.
    """
    series = _shares(chart, chart.cast.roles.mediators, "prominence", MEDIATOR_WIDTHS)
    title = "Mediator prominence (equal shares: thinner lines on thicker ones)"
    return _frame(chart, title, series, "%")


def hardship_option(chart: ChartData) -> Option:
    """Hardship by region (0 to 1), with a tick above the line at each week of protests."""
    cast = chart.cast
    series = []
    for region in cast.regions:
        name, colour = region.label or region.id, region_colour(region.id, cast)
        protesting = chart.values(f"protesting_{region.id}") > 0
        data = _points(chart.dates, chart.values(f"hardship_{region.id}"), index)
        for row, protest in zip(data, protesting, strict=True):
            if protest:
                row[2] += ", protests"
        series.append(_series(name, data, colour))
        ticks = [
            [date, 1.04, ""]
            for date, protest in zip(chart.dates, protesting, strict=True)
            if protest
        ]
        series.append(
            _series(
                name,
                ticks,
                colour,
                kind="scatter",
                symbol="rect",
                symbolSize=[3, 14],
                tooltip={"show": False},
                emphasis={"disabled": True},
            )
        )
    option = _frame(chart, "Hardship by region (ticks: weeks with protests)", series, "")
    option["yAxis"] |= {"min": 0, "max": 1.1, "interval": 0.2}  # room for the ticks above 1
    option["yAxis"]["axisLabel"]["showMaxLabel"] = False
    return option


def blame_option(chart: ChartData) -> Option:
    """Who the public blames: each blamed actor's share, in percent."""
    series = _shares(chart, chart.cast.roles.blamed, "blame")
    return _frame(chart, "Who the public blames", series, "%")


# --- bands over seeds (the Compare tab) -----------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """A weekly column as the Compare tab shows it: its name, unit and scale."""

    column: str
    title: str
    formatter: Formatter
    unit: str
    scale: float = 1.0


def band_series(
    name: str, band: Band, column: str, colour: str, measure: Measure, stack: str
) -> list[Option]:
    """A band's interval as a shaded area and its median as a line, under one legend name.

    The area is drawn as two stacked series: the lower bound, unseen, and the interval's width
    on it ("all": stacked whatever the signs, for differences below zero). The median's
    tooltip says the interval.
    """
    dates = band.dates
    low = band.low[column].to_numpy(dtype=float) * measure.scale
    high = band.high[column].to_numpy(dtype=float) * measure.scale
    median = band.median[column].to_numpy(dtype=float) * measure.scale
    share = f"{band.level:.0%}"
    texts = [
        f"{measure.formatter(m)} ({share}: {measure.formatter(lo)} to {measure.formatter(hi)})"
        for m, lo, hi in zip(median, low, high, strict=True)
    ]
    hidden = {
        "type": "line",
        "name": name,
        "color": colour,
        "stack": stack,
        "stackStrategy": "all",
        "showSymbol": False,
        "silent": True,
        "tooltip": {"show": False},
        "lineStyle": {"opacity": 0},
    }
    return [
        hidden | {"data": [list(row) for row in zip(dates, _rounded(low), strict=True)]},
        hidden
        | {
            "data": [list(row) for row in zip(dates, _rounded(high - low), strict=True)],
            "areaStyle": {"color": colour, "opacity": 0.22},
        },
        _series(
            name, [list(row) for row in zip(dates, _rounded(median), texts, strict=True)], colour
        ),
    ]


def band_option(chart: ChartData, comparison: Comparison, measure: Measure) -> Option:
    """This run's scenario and the counterfactual, each as its median and interval."""
    current, other = comparison.current, comparison.counterfactual
    series = []
    for index, (band, colour) in enumerate(zip((current, other), colours.BANDS, strict=True)):
        name = f"{band.label} (median, {band.level:.0%} of {len(band.seeds)} runs)"
        series += band_series(name, band, measure.column, colour, measure, f"band{index}")
    title = f"{measure.title}: {current.label} against {other.label}"
    return _frame(chart, title, series, measure.unit)


def difference_option(chart: ChartData, comparison: Comparison, measure: Measure) -> Option:
    """This scenario's run minus the counterfactual's run of the same seed, over the seeds."""
    difference = comparison.difference
    name = f"difference (median, {difference.level:.0%} of {len(difference.seeds)} pairs)"
    series = band_series(name, difference, measure.column, colours.DIFFERENCE, measure, "diff")
    series[-1]["markLine"] = {
        "symbol": "none",
        "silent": True,
        "lineStyle": {"color": "#000000", "width": 1},
        "label": {"show": False},
        "data": [{"yAxis": 0}],
    }
    title = f"{measure.title}: {difference.label}, run by run"
    return _frame(chart, title, series, measure.unit)
