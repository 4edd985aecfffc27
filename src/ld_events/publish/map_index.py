"""The overview map's time filter: the JSON its script (``static/map-filter.js``) reads to draw
the map of the events of a period, as the build draws that of all of them (``maps.overview``).

``map/index/places.json``::

    {"months": [[key, label, events, located], ...],
     "places": [[lat, long, label, href, approximate], ...]}

lists the months that have dated events (in time order, each with its number of events and of
those on the map), and every place that places a marker, in the order of their labels (then
IRIs): the script lists a cluster's places by their number of events, then in that order, as
the build does. ``map/index/2021-06.json`` holds the month's events on the map in the map's
order, each as ``[place, label, href]`` (``place`` a position in ``places``). A located event
is about 60 bytes there: at 100,000 events over ten years, some 50 kB a month; the script
reads only the months of the period chosen.

Links are relative to the map's page, which alone reads the files. They are made at every
build from every event, like the map, as compact sorted JSON: the same data, the same bytes.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from ld_events.layout import MAP_PLACES, map_month_file
from ld_events.publish.catalog import EventSummary
from ld_events.publish.gather import Gatherer
from ld_events.publish.maps import Placed
from ld_events.publish.timeline_nav import UNDATED, month_key, month_label


def map_index(
    gather: Gatherer, events: list[EventSummary], placed: list[Placed], here: str
) -> Iterator[tuple[str, bytes]]:
    """``places.json`` and a file per month that has events on the map."""
    month_of = {event.iri: month_key(event) for event in events}
    counts = Counter(month_of.values())
    label = gather.catalog.label
    places = sorted({p.place for p in placed}, key=lambda iri: (label(iri).casefold(), iri))
    position = {iri: n for n, iri in enumerate(places)}
    by_month: dict[str, list[list[object]]] = {}
    approximate: dict[str, bool] = {}
    coordinates: dict[str, tuple[float, float]] = {}
    for event, place, marker in placed:
        approximate[place] = marker.approximate
        coordinates[place] = (marker.lat, marker.long)
        month = month_of.get(event, UNDATED)
        if month != UNDATED:
            by_month.setdefault(month, []).append([position[place], label(event), marker.href])
    months = [
        [key, month_label(key), counts[key], len(by_month.get(key, []))]
        for key in dict.fromkeys(month_of.values())
        if key != UNDATED
    ]
    rows = [
        [*coordinates[iri], label(iri), gather.link(iri, here).href or "#", approximate[iri]]
        for iri in places
    ]
    yield MAP_PLACES, _json({"months": months, "places": rows})
    for key, located in by_month.items():
        yield map_month_file(key), _json({"month": key, "events": located})


def filter_months(events: list[EventSummary]) -> list[tuple[str, str]]:
    """The months the time filter offers: each month that has a dated event, in time order."""
    keys = dict.fromkeys(month_key(event) for event in events)
    return [(key, month_label(key)) for key in keys if key != UNDATED]


def _json(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode("utf-8") + b"\n"
