"""A schematic map of Libya's oil: fields and terminals by controller, status and output.

The borders come from Natural Earth (public domain) shipped in `viz/data/outline.geojson`;
nothing is fetched at run time. See `viz/data/README.md` for the sources of the positions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from agents.oil_asset import AssetStatus, OilAsset
from config.cast import Cast
from experiments import colours

DATA = Path(__file__).parent / "data"
STATUS_EDGES = {  # rings read against the holders' fills (`experiments.colours`)
    AssetStatus.PRODUCING: colours.SITE_EDGES["producing"],
    AssetStatus.OPEN: colours.SITE_EDGES["producing"],
    AssetStatus.EXPORT_CUT: colours.SITE_EDGES["export cut"],
    AssetStatus.BLOCKADED: colours.SITE_EDGES["blockaded"],
    AssetStatus.FORCE_MAJEURE: colours.FORCE_MAJEURE_EDGE,
}
MIN_SIZE, SIZE_PER_KBPD = 25.0, 1.2
LABEL_POINTS = 10  # 11 px at the app's 80 dpi: readable on a projector
SIMPLE_SIZE_FACTOR = 2.0  # the simple map's markers: twice the area, seen from the back row
SIMPLE_LABEL_POINTS = 13
SIMPLE_FIELDS_LABELLED = 4  # the simple map names the terminals and the largest fields only
# Where a label may go around its marker, in points (x, y offset, alignment), in the order
# tried: the first that overlaps no marker and no label already placed is used.
LABEL_OFFSETS = (
    (6, 4, "left", "bottom"),
    (6, -4, "left", "top"),
    (-6, 4, "right", "bottom"),
    (-6, -4, "right", "top"),
    (0, 8, "center", "bottom"),
    (0, -8, "center", "top"),
    (12, 0, "left", "center"),
    (-12, 0, "right", "center"),
)


@cache
def outline() -> dict:
    """Borders of Libya and its neighbours (GeoJSON)."""
    return json.loads((DATA / "outline.geojson").read_text(encoding="utf-8"))


@cache
def positions() -> dict[str, tuple[float, float]]:
    """(lon, lat) of every field and terminal."""
    table = pd.read_csv(DATA / "asset_positions.csv")
    return {row.name: (row.lon, row.lat) for row in table.itertuples()}


@cache
def cities() -> dict[str, tuple[float, float]]:
    """(lon, lat) of the main cities named for orientation."""
    table = pd.read_csv(DATA / "cities.csv")
    return {row.name: (row.lon, row.lat) for row in table.itertuples()}


def marker_box(ax: Axes, x: float, y: float, size: float) -> Bbox:
    """The box a scatter marker of area `size` (points^2) covers, in display units."""
    centre_x, centre_y = ax.transData.transform((x, y))
    half = (size**0.5 / 2 + 1.0) * ax.figure.dpi / 72  # half its width, with its edge line
    return Bbox.from_extents(centre_x - half, centre_y - half, centre_x + half, centre_y + half)


@dataclass
class SiteAtWeek:
    """A site as the DataCollector recorded it in a past week, drawn as a live `OilAsset` is."""

    name: str
    is_field: bool
    capacity_kbpd: float
    controller: str
    status: AssetStatus
    production_kbpd: float
    foreign_forces: str | None
    terminal: SiteAtWeek | None = None


MappedSite = OilAsset | SiteAtWeek
"""What the map draws: the live sites, or the sites of a past week."""


def place_labels(
    ax: Axes,
    points: list[tuple[str, float, float]],
    avoid: list[Bbox],
    fontsize: float = LABEL_POINTS,
) -> None:
    """Label each (text, x, y) at the first offset where it overlaps no marker and no label.

    `avoid` are the markers' boxes in display units; the labels placed are added to it. Where
    every offset overlaps, the first is used.
    """
    renderer = ax.figure.canvas.get_renderer()
    for text, x, y in points:
        chosen = None
        for dx, dy, ha, va in LABEL_OFFSETS:
            label = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=fontsize,
                ha=ha,
                va=va,
                zorder=4,
            )
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in avoid):
                chosen = box
                break
            label.remove()
        if chosen is None:  # nowhere free: the first place, overlapping
            dx, dy, ha, va = LABEL_OFFSETS[0]
            label = ax.annotate(
                text, (x, y), xytext=(dx, dy), textcoords="offset points",
                fontsize=fontsize, ha=ha, va=va, zorder=4,
            )  # fmt: skip
            chosen = label.get_window_extent(renderer)
        avoid.append(chosen)


def throughput(asset: MappedSite, assets: Sequence[MappedSite]) -> float:
    """What a site handles this week: a field's output, or the output its terminal ships."""
    if asset.is_field:
        return asset.production_kbpd
    return sum(a.production_kbpd for a in assets if a.terminal is asset)


def labelled_sites(placed: Sequence[MappedSite], simple: bool) -> list[MappedSite]:
    """The sites the map names: all, or on the simple map the terminals and largest fields."""
    if not simple:
        return list(placed)
    fields = sorted(
        (site for site in placed if site.is_field), key=lambda site: -site.capacity_kbpd
    )
    largest = {site.name for site in fields[:SIMPLE_FIELDS_LABELLED]}
    return [site for site in placed if not site.is_field or site.name in largest]


def map_figure(assets: Sequence[MappedSite], cast: Cast, date: str, simple: bool = False) -> Figure:
    """Draw the oil assets on the borders of Libya, as they are in the week ending `date`.

    Fields are circles and terminals squares, in their holder's colour (as on the charts),
    ringed by status, sized by output, with dashed export routes; the cast names the actors. A
    site a cast adds has no position (`viz/data/asset_positions.csv`): it is not drawn, and
    the map says so. The `simple` map, for a projector, has larger markers and labels, names
    only the terminals and the largest fields, and no cities.
    """
    labels = cast.labels
    holders = [actor for actor in cast.actor_ids if any(a.controller == actor for a in assets)]
    fills = {actor: colours.colour_of(actor, cast) for actor in holders}
    figure = Figure(figsize=(9.5, 6.2))
    FigureCanvasAgg(figure)  # a renderer, to measure labels
    ax = figure.subplots()
    figure.subplots_adjust(left=0.08, right=0.74, top=0.94, bottom=0.09)  # fixed: quick to draw
    for feature in outline()["features"]:
        is_libya = feature["properties"]["name"] == "Libya"
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                xs, ys = zip(*ring, strict=True)
                if is_libya:
                    ax.fill(xs, ys, color="#f3efe6", zorder=0)
                ax.plot(xs, ys, color="black" if is_libya else "#bbbbbb", linewidth=0.8, zorder=1)
    where = positions()
    unplaced = [asset.name for asset in assets if asset.name not in where]
    placed = [asset for asset in assets if asset.name in where]
    for asset in placed:
        if asset.terminal is not None and asset.terminal.name in where:
            (x0, y0), (x1, y1) = where[asset.name], where[asset.terminal.name]
            ax.plot([x0, x1], [y0, y1], color="#888888", linewidth=0.8, linestyle="--", zorder=2)
    ax.set(xlim=(9, 26), ylim=(19, 35), aspect="equal")
    avoid = []  # the markers' boxes, in display units: labels keep off them
    for asset in placed:
        x, y = where[asset.name]
        size = MIN_SIZE + SIZE_PER_KBPD * throughput(asset, assets)
        size *= SIMPLE_SIZE_FACTOR if simple else 1.0
        ax.scatter(
            x,
            y,
            s=size,
            marker="o" if asset.is_field else "s",
            color=fills.get(asset.controller, colours.SITE_LEGEND_FILL),
            edgecolors=STATUS_EDGES[asset.status],
            linewidths=2.0,
            alpha=0.85,
            zorder=3,
        )
        avoid.append(marker_box(ax, x, y, size))
    town = {} if simple else cities()
    if town:
        ax.scatter(*zip(*town.values(), strict=True), s=12, marker="D", color="black", zorder=3)
    avoid += [marker_box(ax, x, y, 12) for x, y in town.values()]
    labels_to_place = [
        (asset.name + (" (foreign forces)" if asset.foreign_forces else ""), *where[asset.name])
        for asset in labelled_sites(placed, simple)
    ] + [(name.upper(), x, y) for name, (x, y) in town.items()]
    place_labels(ax, labels_to_place, avoid, SIMPLE_LABEL_POINTS if simple else LABEL_POINTS)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=f"held by {labels[c]}")
        for c, colour in fills.items()
    ] + [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor=colours.SITE_LEGEND_FILL,
            markeredgewidth=2,
            markeredgecolor=edge,
            label=status.value,
        )
        for status, edge in STATUS_EDGES.items()
        if status is not AssetStatus.OPEN
    ]
    ax.legend(handles=handles, fontsize=LABEL_POINTS, loc="upper left", bbox_to_anchor=(1.02, 1))
    ax.set(xlabel="longitude (°E)", ylabel="latitude (°N)")
    ax.set_title(f"Oil fields (circles) and terminals (squares), week ending {date}")
    ax.text(
        0.99,
        0.01,
        "Borders: Natural Earth. Size: output. Positions schematic."
        + (f" Not drawn (no position): {', '.join(unplaced)}." if unplaced else ""),
        transform=ax.transAxes,
        ha="right",
        fontsize=6,
        color="#666666",
    )
    return figure
