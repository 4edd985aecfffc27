"""Convert Natural Earth's 1:110m countries (TopoJSON, from npm ``world-atlas``) into the
base map ld-events draws its maps on: ``site/map/countries-110m.json``.

Run once, when the outlines should change::

    npm install --prefix /tmp/world-atlas world-atlas@2
    python scripts/world_outlines.py /tmp/world-atlas/node_modules/world-atlas/countries-110m.json

The output lists each country (Natural Earth's name and ISO 3166-1 numeric code) with its
outer and inner rings as flat ``[long, lat, long, lat, ...]`` lists, two decimals (about 1 km;
the 1:110m layer is coarser than that). Natural Earth is in the public domain; world-atlas is
ISC-licensed (see ``site/map/README.md``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[1] / "site" / "map" / "countries-110m.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
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


def countries(topology: dict) -> list[dict]:
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
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
