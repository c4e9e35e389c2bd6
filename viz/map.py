"""A schematic map of Libya's oil: fields and terminals by controller, status and output.

The borders come from Natural Earth (public domain) shipped in `viz/data/outline.geojson`;
nothing is fetched at run time. See `viz/data/README.md` for the sources of the positions.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from agents.oil_asset import AssetStatus, OilAsset

DATA = Path(__file__).parent / "data"
CONTROLLER_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#8c564b")  # holders, in cast order
STATUS_EDGES = {
    AssetStatus.PRODUCING: "black",
    AssetStatus.OPEN: "black",
    AssetStatus.EXPORT_CUT: "#999999",
    AssetStatus.BLOCKADED: "#d62728",
    AssetStatus.FORCE_MAJEURE: "#9467bd",
}
MIN_SIZE, SIZE_PER_KBPD = 25.0, 1.2
LABEL_PLACES = {  # (x, y offset in points, alignment) where neighbours would overlap
    "Mellitah": (-6, -11, "right"),
    "Abu Attifel": (4, -11, "left"),
    "Es Sider": (-6, 6, "right"),
    "Ras Lanuf": (-6, -11, "right"),
    "Brega": (6, -11, "left"),
    "Sarir": (-6, -4, "right"),
}


@cache
def outline() -> dict:
    """Borders of Libya and its neighbours (GeoJSON)."""
    return json.loads((DATA / "outline.geojson").read_text(encoding="utf-8"))


@cache
def positions() -> dict[str, tuple[float, float]]:
    """(lon, lat) of every field and terminal."""
    table = pd.read_csv(DATA / "asset_positions.csv")
    return {row.name: (row.lon, row.lat) for row in table.itertuples()}


def _throughput(asset: OilAsset, assets: list[OilAsset]) -> float:
    if asset.is_field:
        return asset.production_kbpd
    return sum(a.production_kbpd for a in assets if a.terminal is asset)


def map_figure(assets: list[OilAsset], labels: dict[str, str], date: str) -> Figure:
    """Draw the oil assets on the borders of Libya, as they are this week.

    Fields are circles and terminals squares, coloured by controller, edged by status, sized
    by output, with dashed export routes. `labels` names the actors (the cast's labels). A
    site a cast adds has no position (`viz/data/asset_positions.csv`): it is not drawn, and
    the map says so.
    """
    holders = [actor for actor in labels if any(a.controller == actor for a in assets)]
    colours = dict(zip(holders, CONTROLLER_COLOURS, strict=False))
    figure = Figure(figsize=(7.5, 6.2))
    ax = figure.subplots()
    figure.subplots_adjust(left=0.1, right=0.98, top=0.94, bottom=0.09)  # fixed: quick to draw
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
    for asset in placed:
        x, y = where[asset.name]
        status = asset.status
        ax.scatter(
            x,
            y,
            s=MIN_SIZE + SIZE_PER_KBPD * _throughput(asset, assets),
            marker="o" if asset.is_field else "s",
            color=colours.get(asset.controller, "#777777"),
            edgecolors=STATUS_EDGES[status],
            linewidths=2.0,
            alpha=0.85,
            zorder=3,
        )
        label = asset.name + (" (foreign forces)" if asset.foreign_forces else "")
        dx, dy, align = LABEL_PLACES.get(asset.name, (4, 4, "left"))
        ax.annotate(
            label, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=7, ha=align
        )
    handles = [
        Line2D([], [], marker="o", linestyle="", color=colour, label=f"held by {labels[c]}")
        for c, colour in colours.items()
    ] + [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markerfacecolor="white",
            markeredgewidth=2,
            markeredgecolor=edge,
            label=status.value,
        )
        for status, edge in STATUS_EDGES.items()
        if status is not AssetStatus.OPEN
    ]
    ax.legend(handles=handles, fontsize=7, loc="lower left")
    ax.set(
        xlim=(9, 26),
        ylim=(19, 35),
        aspect="equal",
        xlabel="longitude (°E)",
        ylabel="latitude (°N)",
    )
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
