"""Convert Natural Earth's 1:110m countries (TopoJSON, from npm ``world-atlas``) into the
base map ld-events draws its maps on: ``site/map/countries-110m.json``.

Run once, when the outlines should change::

    npm install --prefix /tmp/world-atlas world-atlas@2
    python scripts/world_outlines.py /tmp/world-atlas/node_modules/world-atlas/countries-110m.json

The output lists each country (Natural Earth's name and ISO 3166-1 numeric code) with its
outer and inner rings as flat ``[long, lat, long, lat, ...]`` lists, two decimals (about 1 km;
the 1:110m layer is coarser than that). A ring that crosses the antimeridian (Fiji, Russia's
Chukotka) is given twice, east of 180 degrees and west of -180, so that no line crosses the
map. Natural Earth is in the public domain; world-atlas is ISC-licensed
(see ``site/map/README.md``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).resolve().parents[1] / "site" / "map" / "countries-110m.json"


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Each arc as absolute (long, lat) points: TopoJSON stores quantised deltas."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[float]:
    """A closed ring from its arcs (a negative index ~i is arc i reversed), flattened."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)  # arcs share their end points
    flat: list[float] = []
    previous = None
    for x, y in points:
        rounded = (round(x, 2), round(y, 2))
        if rounded != previous:
            flat.extend(rounded)
            previous = rounded
    return flat


def unwrapped(flat: list[float]) -> list[list[float]]:
    """A ring that crosses the antimeridian (a jump of more than 180 degrees of longitude, not
    along a pole) drawn whole: once east of 180 and once, shifted, west of -180; the map cuts
    both to its extent. Other rings as they are."""
    xs, ys = flat[0::2], flat[1::2]
    crosses = any(
        abs(xs[i] - xs[i - 1]) > 180 and min(abs(ys[i]), abs(ys[i - 1])) < 89
        for i in range(len(xs))
    )
    if not crosses:
        return [flat]
    east = [round(x + 360, 2) if x < 0 else x for x in xs]
    west = [round(x - 360, 2) for x in east]
    return [[v for pair in zip(side, ys, strict=True) for v in pair] for side in (east, west)]


def countries(topology: dict[str, Any]) -> list[dict[str, Any]]:
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [part for polygon in polygons for r in polygon for part in unwrapped(ring(r, arcs))]
        found.append(
            {
                "name": geometry["properties"]["name"],
                "id": geometry.get("id", ""),
                "rings": [r for r in rings if len(r) >= 6],
            }
        )
    return sorted(found, key=lambda c: (c["name"], c["id"]))


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    document = {
        "source": "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), "
        "via the npm package world-atlas 2 (ISC licence)",
        "countries": countries(topology),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text.replace('{"name"', '\n{"name"') + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}: {len(document['countries'])} countries, {len(text)} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
