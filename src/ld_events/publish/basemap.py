"""The base map: country outlines (Natural Earth 1:110m, ``site/map/``) and markers, drawn at
build time as inline SVG, so that a map needs no tile server, no network and no JavaScript.

The projection is equirectangular, cropped to the markers' extent with a margin: a position's
``x`` and ``y`` are linear in its longitude and latitude, ``x = (long - west) / (east - west) *
width`` and ``y = (north - lat) / (north - south) * height``, with ``width / height`` the
extent's aspect at its middle latitude. The SVG says its extent (``data-extent``), so a reader
(or a test) can place a coordinate on it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from markupsafe import escape

from ld_events.assets import asset_dir

#: The width of every map's drawing, in SVG units (it scales to the page).
WIDTH = 720
#: A map shows at least this many degrees of latitude (one city alone is shown in its region).
MIN_SPAN = 10.0
#: Outline points closer than this (SVG units) to the previous one are left out.
SIMPLIFY = 1.2
#: A marker's radius, and a cluster's (which shows a number).
MARKER_RADIUS, CLUSTER_RADIUS = 6, 11
#: A country's name is written if it is this wide (SVG units) on the map.
LABEL_WIDTH = 80
#: Outlines are cut this far (SVG units) outside the drawing.
PAD = 10
#: A cluster's places listed below the overview map, the most eventful first.
LISTED = 5
#: The most markers the overview map shows (clusters included): it gathers markers from
#: farther apart until they are no more (``maps.bounded_clusters``).
MAX_MARKERS = 80
CREDIT = "Outlines: Natural Earth (public domain)"


@dataclass(frozen=True)
class Marker:
    """A point on a map: what it stands for, where it links, how many events it gathers."""

    lat: float
    long: float
    label: str
    href: str
    #: Events (or places) this marker stands for; more than one makes it a cluster.
    count: int = 1
    #: Placed by a place containing it, not by coordinates of its own.
    approximate: bool = False
    #: Drawn this far (SVG units) from its position, with a line to it: markers that would
    #: hide each other on a page's map are spread around their spot.
    offset: tuple[float, float] = (0.0, 0.0)


@dataclass(frozen=True)
class MapView:
    """A map on a page: its SVG (empty: nothing to show) and a sentence saying what it shows."""

    svg: str
    note: str
    credit: str = CREDIT


@dataclass(frozen=True)
class MapGroup:
    """The places of one marker of the overview map, listed under it (its link target)."""

    anchor: str
    title: str
    places: list[tuple[str, str, int]] = field(default_factory=list)  # label, href, events
    #: The places past :data:`LISTED` (the list stays short at any size): "and 40 other
    #: places (112 events)", or "".
    more: str = ""


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float

    @property
    def height(self) -> int:
        middle = math.radians((self.south + self.north) / 2)
        aspect = (self.east - self.west) * math.cos(middle) / (self.north - self.south)
        return max(1, round(WIDTH / aspect))

    def project(self, lat: float, long: float) -> tuple[float, float]:
        x = (long - self.west) / (self.east - self.west) * WIDTH
        y = (self.north - lat) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)

    def overlaps(self, box: tuple[float, float, float, float]) -> bool:
        west, south, east, north = box
        return (
            west <= self.east and east >= self.west and south <= self.north and north >= self.south
        )


def extent_of(points: Iterable[tuple[float, float]]) -> Extent:
    """The (lat, long) points' bounding box with a margin, at least :data:`MIN_SPAN` tall and
    between 1.5 and 2 times as wide as tall (as drawn), within the world."""
    lats, longs = zip(*points, strict=True)
    south, north, west, east = min(lats), max(lats), min(longs), max(longs)
    margin = max(1.5, (north - south) * 0.2, (east - west) * 0.1)
    south, north, west, east = south - margin, north + margin, west - margin, east + margin
    if north - south < MIN_SPAN:
        middle = (north + south) / 2
        south, north = middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
    south, north = max(-85.0, south), min(85.0, north)
    scale = math.cos(math.radians((south + north) / 2))
    wide, tall = (east - west) * scale, north - south
    if wide < 1.5 * tall:  # widen
        grow = (1.5 * tall / scale - (east - west)) / 2
        west, east = west - grow, east + grow
    elif wide > 2 * tall:  # heighten
        grow = (wide / 2 - tall) / 2
        south, north = max(-85.0, south - grow), min(85.0, north + grow)
    west, east = max(-180.0, west), min(180.0, east)
    return Extent(round(west, 3), round(south, 3), round(east, 3), round(north, 3))


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[float, ...], ...]
    box: tuple[float, float, float, float]  # west, south, east, north
    #: Where its name is written: the centroid of its largest ring (lat, long).
    label_at: tuple[float, float]


@cache
def countries() -> tuple[Country, ...]:
    """The outlines shipped in ``site/map/countries-110m.json``."""
    path = asset_dir("site") / "map" / "countries-110m.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for country in document["countries"]:
        rings = tuple(tuple(ring) for ring in country["rings"])
        longs = [v for ring in rings for v in ring[0::2]]
        lats = [v for ring in rings for v in ring[1::2]]
        box = (min(longs), min(lats), max(longs), max(lats))
        found.append(Country(country["name"], rings, box, _centroid(max(rings, key=_area))))
    return tuple(found)


def _area(ring: tuple[float, ...]) -> float:
    xs, ys = ring[0::2], ring[1::2]
    return abs(sum(xs[i - 1] * ys[i] - xs[i] * ys[i - 1] for i in range(len(xs)))) / 2


def _centroid(ring: tuple[float, ...]) -> tuple[float, float]:
    """The ring's centroid as (lat, long) (the mean of its points if it has no area)."""
    xs, ys = ring[0::2], ring[1::2]
    twice, cx, cy = 0.0, 0.0, 0.0
    for i in range(len(xs)):
        cross = xs[i - 1] * ys[i] - xs[i] * ys[i - 1]
        twice += cross
        cx += (xs[i - 1] + xs[i]) * cross
        cy += (ys[i - 1] + ys[i]) * cross
    if abs(twice) < 1e-9:
        return sum(ys) / len(ys), sum(xs) / len(xs)
    return cy / (3 * twice), cx / (3 * twice)


def outline_path(country: Country, extent: Extent) -> str:
    """The country's rings as SVG path data in the extent's projection, cut to the drawing
    (with a margin) and simplified."""
    box = (-PAD, -PAD, WIDTH + PAD, extent.height + PAD)
    parts = []
    for ring in country.rings:
        projected = [
            extent.project(lat, long) for long, lat in zip(ring[0::2], ring[1::2], strict=True)
        ]
        points: list[tuple[float, float]] = []
        for x, y in clip(projected, box):
            if points and abs(x - points[-1][0]) + abs(y - points[-1][1]) < SIMPLIFY:
                continue
            points.append((x, y))
        if len(points) >= 3:
            parts.append("M" + "L".join(f"{_num(x)},{_num(y)}" for x, y in points) + "Z")
    return "".join(parts)


Point = tuple[float, float]


def clip(ring: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """The ring cut to the box (Sutherland-Hodgman: one side of the box at a time)."""
    left, top, right, bottom = box
    for axis, bound, sign in ((0, left, 1), (0, right, -1), (1, top, 1), (1, bottom, -1)):
        if not ring:
            break
        cut: list[Point] = []
        previous = ring[-1]
        for point in ring:
            inside, was_inside = (
                _inside(point, axis, bound, sign),
                _inside(previous, axis, bound, sign),
            )
            if inside != was_inside:
                cut.append(_crossing(previous, point, axis, bound))
            if inside:
                cut.append(point)
            previous = point
        ring = cut
    return ring


def _inside(point: Point, axis: int, bound: float, sign: int) -> bool:
    return (point[axis] - bound) * sign >= 0


def _crossing(a: Point, b: Point, axis: int, bound: float) -> Point:
    """Where the segment from ``a`` to ``b`` crosses the line ``point[axis] == bound``."""
    share = (bound - a[axis]) / (b[axis] - a[axis])
    other = round(a[1 - axis] + (b[1 - axis] - a[1 - axis]) * share, 1)
    return (bound, other) if axis == 0 else (other, bound)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def map_svg(markers: Sequence[Marker], title: str) -> str:
    """An inline SVG map of ``markers`` (at least one) on the country outlines."""
    extent = extent_of((m.lat, m.long) for m in markers)
    height = extent.height
    bounds = f"{extent.west} {extent.south} {extent.east} {extent.north}"
    lines = [
        f'<svg class="map" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="group" aria-label="{escape(title)}" data-extent="{bounds}">',
        f'<rect class="sea" width="{WIDTH}" height="{height}"/>',
        '<g class="countries" aria-hidden="true">',
    ]
    for country in countries():
        if extent.overlaps(country.box):
            path = outline_path(country, extent)
            if path:
                lines.append(f'<path data-name="{escape(country.name)}" d="{path}"/>')
    lines.append("</g>")
    lines.append('<g class="names" aria-hidden="true">')
    for country in countries():
        x, y = extent.project(*country.label_at)
        west, _, east, _ = country.box
        wide = (min(east, extent.east) - max(west, extent.west)) / (extent.east - extent.west)
        if 40 <= x <= WIDTH - 40 and 12 <= y <= height - 12 and wide * WIDTH >= LABEL_WIDTH:
            lines.append(
                f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="middle">'
                f"{escape(country.name)}</text>"
            )
    lines.append("</g>")
    lines.append('<g class="markers">')
    for marker in sorted(markers, key=lambda m: (-m.count, m.lat, m.long, m.label)):
        lines.append(_marker_svg(marker, extent))
    lines.append("</g>")
    lines.append("</svg>")
    return "\n".join(lines)


def _marker_svg(marker: Marker, extent: Extent) -> str:
    x, y = extent.project(marker.lat, marker.long)
    label = escape(marker.label)
    cluster = marker.count > 1
    kind = "marker cluster" if cluster else "marker"
    if marker.approximate:
        kind += " approximate"
    radius = CLUSTER_RADIUS if cluster else MARKER_RADIUS
    shape = ""
    if marker.offset != (0.0, 0.0):
        shape = f'<line x1="{_num(x)}" y1="{_num(y)}" '
        x, y = round(x + marker.offset[0], 1), round(y + marker.offset[1], 1)
        shape += f'x2="{_num(x)}" y2="{_num(y)}"/>'
    shape += f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{radius}"/>'
    if cluster:
        shape += (
            f'<text x="{_num(x)}" y="{_num(y)}" dy="0.35em" text-anchor="middle" '
            f'aria-hidden="true">{marker.count}</text>'
        )
    return (
        f'<a class="{kind}" href="{escape(marker.href)}" aria-label="{label}" '
        f'data-lat="{marker.lat}" data-long="{marker.long}" data-count="{marker.count}">'
        f"<title>{label}</title>{shape}</a>"
    )
