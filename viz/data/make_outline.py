"""Extract Libya and its neighbours from Natural Earth (via the npm package world-atlas).

Run once to regenerate `outline.geojson`; the app reads only that file, offline.

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python viz/data/make_outline.py /tmp/package/countries-50m.json

Natural Earth is in the public domain; world-atlas is (c) Michael Bostock, ISC licence.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

COUNTRIES = ("Libya", "Tunisia", "Algeria", "Niger", "Chad", "Sudan", "Egypt")
OUTPUT = Path(__file__).with_name("outline.geojson")


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc of a quantized TopoJSON topology."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index ~i means arc i reversed."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def main(source: str) -> None:
    """Write outline.geojson from world-atlas's countries TopoJSON at `source`."""
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        if name not in COUNTRIES:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        coordinates = [[ring(arcs, r) for r in polygon] for polygon in polygons]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name},
                "geometry": {"type": "MultiPolygon", "coordinates": coordinates},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:50m admin-0 countries, v4.1.0, via world-atlas 2.0.2 "
        "(public domain; world-atlas (c) Michael Bostock, ISC)",
        "features": features,
    }
    OUTPUT.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUTPUT} with {len(features)} countries")


if __name__ == "__main__":
    main(sys.argv[1])
