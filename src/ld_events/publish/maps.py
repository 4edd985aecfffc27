"""What each map shows: the markers of a place's page, an event's page and the overview map,
and where a place is.

A place is where its own coordinates (``wgs84:lat``/``long``) say, or those of a linked
dataset's resource it is the same as (``schema:sameAs``), or else where the nearest place
containing it is (``geo:sfWithin``), or of a place it is near (``lde:near``), approximately
(the nearest first, a container before a neighbour at the same step). Every look-up goes through the
:class:`Gatherer`, so a page records the places it placed: a moved coordinate re-renders the
pages whose maps show it (``publish.reads``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from ld_events.publish.basemap import (
    LISTED,
    MARKER_RADIUS,
    MAX_MARKERS,
    Extent,
    MapGroup,
    MapView,
    Marker,
    extent_of,
    map_svg,
)
from ld_events.publish.gather import Gatherer
from ld_events.rdf.vocab import GEO, LDE, SCHEMA, WGS
from ld_events.translations import Words


class Position(NamedTuple):
    lat: float
    long: float
    #: The place whose coordinates these are (the place itself, or one containing it).
    by: str
    #: Reached through a place it is near (lde:near), not only through containers.
    near: bool = False

    def caption(self, words: Words, place: str, at: str) -> str:
        """A marker's name, placed where another place is: the one containing it or near it."""
        if self.near:
            return words(
                "%(place)s (this place, placed at %(at)s, which it is near)", place=place, at=at
            )
        return words(
            "%(place)s (this place, placed at %(at)s, which contains it)", place=place, at=at
        )

    def note(self, words: Words, place: str, at: str) -> str:
        if self.near:
            return words(
                "%(place)s has no coordinates: it is shown where %(at)s is, which it is near.",
                place=place,
                at=at,
            )
        return words(
            "%(place)s has no coordinates: it is shown where %(at)s is, which contains it.",
            place=place,
            at=at,
        )

    def placed_at(self, words: Words, at: str) -> str:
        if self.near:
            return words("(placed at %(at)s, which it is near)", at=at)
        return words("(placed at %(at)s, which contains it)", at=at)


def coordinates(gather: Gatherer, iri: str) -> tuple[float, float] | None:
    """The resource's own coordinates, if it has a valid pair."""
    lat, long = gather.objects(iri, WGS + "lat"), gather.objects(iri, WGS + "long")
    if not (lat and long):
        return None
    try:
        return float(lat[0].value), float(long[0].value)
    except ValueError:  # SHACL reports it; the map leaves it out
        return None


def locate(gather: Gatherer, place: str) -> Position | None:
    """Where ``place`` is: its coordinates, a same-as resource's, or the nearest container's."""
    seen, queue = {place}, [(place, False)]
    while queue:
        current, by_near = queue.pop(0)
        for candidate in [current] + [v.value for v in gather.objects(current, SCHEMA + "sameAs")]:
            found = coordinates(gather, candidate)
            if found is not None:
                return Position(found[0], found[1], current, by_near)
        for predicate in (GEO + "sfWithin", LDE + "near"):
            for outer in gather.objects(current, predicate):
                if outer.value not in seen:
                    seen.add(outer.value)
                    queue.append((outer.value, by_near or predicate == LDE + "near"))
    return None


def _href(gather: Gatherer, iri: str, here: str) -> str:
    return gather.link(iri, here).href or "#"


def place_map(gather: Gatherer, iri: str, here: str, within: Sequence[str]) -> MapView:
    """The place (where it is) and the places within it that have coordinates of their own."""
    words = gather.catalog.words
    label = gather.catalog.label(iri)
    markers = []
    own = locate(gather, iri)
    if own is not None:
        approximate = own.by != iri
        if approximate:
            text = own.caption(words, label, gather.catalog.label(own.by))
        else:
            text = words("%(place)s (this place)", place=label)
        markers.append(Marker(own.lat, own.long, text, "#map-heading", 1, approximate))
    for inner in within:
        found = locate(gather, inner) if inner != iri else None
        if found is not None and found.by == inner:
            markers.append(
                Marker(
                    found.lat, found.long, gather.catalog.label(inner), _href(gather, inner, here)
                )
            )
    if own is None and not markers:
        return MapView(
            "",
            words(
                "%(place)s has no coordinates, nor has any place it is in or that is in it: "
                "it is not on a map.",
                place=label,
            ),
        )
    if own is None:
        note = words(
            "%(place)s has no coordinates: the map shows the places within it that have.",
            place=label,
        )
    elif own.by != iri:
        note = own.note(words, label, gather.catalog.label(own.by))
    else:
        note = words(
            "%(place)s is at %(lat)s, %(long)s (latitude, longitude).",
            place=label,
            lat=own.lat,
            long=own.long,
        )
    return MapView(map_svg(spread(markers), words("Map of %(place)s", place=label)), note)


def event_map(gather: Gatherer, iri: str, here: str) -> MapView | None:
    """Where the event happened, and where its parts did (None: it names no place)."""
    words = gather.catalog.words
    places = [v.value for v in gather.objects(iri, LDE + "place")]
    markers = []
    for place in places:
        found = locate(gather, place)
        if found is not None:
            text = words("Where it happened: %(place)s", place=gather.catalog.label(place))
            if found.by != place:
                text += " " + found.placed_at(words, gather.catalog.label(found.by))
            markers.append(
                Marker(
                    found.lat, found.long, text, _href(gather, place, here), 1, found.by != place
                )
            )
    parts = gather.subjects(LDE + "partOf", iri)
    for part in parts:
        for site in [v.value for v in gather.objects(part, LDE + "place")]:
            found = locate(gather, site)
            if found is not None:
                text = f"{gather.catalog.label(part)} ({gather.catalog.label(site)})"
                href = _href(gather, part, here)
                markers.append(Marker(found.lat, found.long, text, href, 1, found.by != site))
    if not markers:
        if not places:
            return None
        note = words("The places of this event have no coordinates: it is not on a map.")
        return MapView("", note)
    title = words("Map of where %(event)s happened", event=gather.catalog.label(iri))
    named = words(", ").join(gather.catalog.label(p) for p in places)
    named = named or words("no place of its own")
    if parts:
        note = words("Where it happened (%(places)s) and where its parts did.", places=named)
    else:
        note = words("Where it happened (%(places)s).", places=named)
    return MapView(map_svg(spread(markers), title), note)


def cluster(
    markers: Sequence[Marker], extent: Extent | None = None, size: float = 2 * MARKER_RADIUS
) -> list[list[Marker]]:
    """The markers in groups whose members are closer than ``size`` (a marker's width) on the
    map drawn of them all (or on ``extent``), each group in a stable order, the groups in the
    order of their first members. The overview map's time filter (``static/map-filter.js``)
    groups them the same way."""
    extent = extent or extent_of((m.lat, m.long) for m in markers)
    groups: list[list[Marker]] = []
    anchors: list[tuple[float, float]] = []
    cells: dict[tuple[int, int], list[int]] = defaultdict(list)
    for marker in sorted(markers, key=lambda m: (-m.lat, m.long, m.label, m.href)):
        x, y = extent.project(marker.lat, marker.long)
        cell = (int(x // size), int(y // size))
        near = [
            index
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for index in cells.get((cell[0] + dx, cell[1] + dy), [])
            if (anchors[index][0] - x) ** 2 + (anchors[index][1] - y) ** 2 < size**2
        ]
        if near:
            groups[min(near)].append(marker)
            continue
        cells[cell].append(len(groups))
        groups.append([marker])
        anchors.append((x, y))
    return groups


def bounded_clusters(markers: Sequence[Marker]) -> list[list[Marker]]:
    """:func:`cluster`, gathering markers from farther apart (half as far again each time)
    until there are at most :data:`MAX_MARKERS` groups: the overview map and the list of its
    clusters stay small at any number of events."""
    size: float = 2 * MARKER_RADIUS
    groups = cluster(markers, size=size)
    while len(groups) > MAX_MARKERS:
        size *= 1.5
        groups = cluster(markers, size=size)
    return groups


def spread(markers: Sequence[Marker]) -> list[Marker]:
    """The markers, those that would overlap drawn around their spot, each still reachable."""
    shown = []
    for group in cluster(markers):
        if len(group) == 1:
            shown.append(group[0])
            continue
        radius = max(3 * MARKER_RADIUS, len(group) * MARKER_RADIUS)
        for index, marker in enumerate(group):
            angle = 2 * math.pi * index / len(group) - math.pi / 2
            offset = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
            shown.append(replace(marker, offset=offset))
    return shown


def merged(group: Sequence[Marker], href: str | None = None, label: str | None = None) -> Marker:
    """One marker for a group: at its first member, counting them all."""
    first = group[0]
    if len(group) == 1 and href is None:
        return first
    count = sum(m.count for m in group)
    return Marker(
        first.lat,
        first.long,
        label or "; ".join(m.label for m in group),
        href or first.href,
        count,
        all(m.approximate for m in group),
    )


class Placed(NamedTuple):
    """A located event of the overview map: its marker, at the place that placed it."""

    event: str
    place: str
    marker: Marker


@dataclass(frozen=True)
class Overview:
    """The overview map of every event, the places of each of its clusters, and its markers."""

    map: MapView
    groups: list[MapGroup]
    located: int
    total: int
    placed: list[Placed]


def overview(gather: Gatherer, events: Iterable[str], here: str) -> Overview:
    """A marker per located event (at the first of its places that has a position), those
    that would overlap gathered in a cluster, which links to the list of its places."""
    markers: list[Marker] = []
    place_of: dict[Marker, str] = {}
    placed: list[Placed] = []
    total = 0
    for event in events:
        total += 1
        for place in sorted(v.value for v in gather.objects(event, LDE + "place")):
            found = locate(gather, place)
            if found is not None:
                text = f"{gather.catalog.label(event)} ({gather.catalog.label(place)})"
                href = _href(gather, event, here)
                marker = Marker(found.lat, found.long, text, href, 1, found.by != place)
                markers.append(marker)
                place_of[marker] = place
                placed.append(Placed(event, place, marker))
                break
    words = gather.catalog.words
    if not markers:
        note = words("No event has a place with coordinates: there is nothing to map.")
        return Overview(MapView("", note), [], 0, total, [])
    shown: list[Marker] = []
    groups: list[MapGroup] = []
    for group in bounded_clusters(markers):
        if len(group) == 1:
            shown.append(group[0])
            continue
        counts: dict[str, int] = defaultdict(int)
        for marker in group:
            counts[place_of[marker]] += 1
        places = sorted(counts, key=lambda p: (-counts[p], gather.catalog.label(p).casefold(), p))
        names = gather.catalog.label(places[0])
        if len(places) > 1:
            others = len(places) - 1
            names = words.ngettext(
                "%(place)s and %(count)s other place",
                "%(place)s and %(count)s other places",
                others,
                place=names,
            )
        anchor = f"cluster-{len(groups) + 1}"
        title = words.ngettext(
            "%(count)s event: %(places)s", "%(count)s events: %(places)s", len(group), places=names
        )
        listed = [
            (gather.catalog.label(p), _href(gather, p, here), counts[p]) for p in places[:LISTED]
        ]
        more = _more(words, [counts[p] for p in places[LISTED:]])
        groups.append(MapGroup(anchor, title, listed, more))
        shown.append(merged(group, f"#{anchor}", title))
    note = words.ngettext(
        "%(located)s of %(count)s event is on the map, at its place's coordinates; "
        "a numbered marker gathers events that would overlap and links to their places below.",
        "%(located)s of %(count)s events are on the map, at their places' coordinates; "
        "a numbered marker gathers events that would overlap and links to their places below.",
        total,
        located=words.number(len(markers)),
    )
    view = MapView(map_svg(shown, words("Map of all events")), note)
    return Overview(view, groups, len(markers), total, placed)


def _more(words: Words, counts: list[int]) -> str:
    """What a cluster's list leaves out: "and 2 other places (5 events)", or ""."""
    if not counts:
        return ""
    places = words.ngettext("%(count)s other place", "%(count)s other places", len(counts))
    events = words.ngettext("%(count)s event", "%(count)s events", sum(counts))
    return words("and %(places)s (%(events)s)", places=places, events=events)
