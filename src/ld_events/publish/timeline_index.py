"""The timeline's filter index: JSON files the timeline's script filters in the browser.

``events/index/facets.json`` lists the months (with their event counts) and the values of the
action types and countries: key, label and the months it occurs in, so that a filter fetches
only the months that can match; ``actors.json`` the same of the actors, read only when the
actor field is used (at 100,000 events they are 10,000, about 1 MB).

``events/index/2021-06.json`` holds a month's events in timeline order, each as ``[page, label,
when, kind, coded, types, countries, actors]``, the facets as positions in the lists of
``facets.json`` and ``actors.json``. A month's file is about 120 bytes an event: at 100,000
events over ten years, some 120 kB a month.

The files are made at every build from the whole catalog (like the timeline's pages), and
compact, sorted JSON, so the same data gives the same bytes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from ld_events.layout import TIMELINE_ACTORS, TIMELINE_FACETS, timeline_month_file
from ld_events.publish.catalog import Catalog, EventSummary
from ld_events.publish.facets import EventFacets
from ld_events.publish.timeline_nav import month_key, month_label
from ld_events.rdf.vocab import ACT

#: The facets, in the order of each event's row and of the filter form.
FACETS = ("types", "countries", "actors")


def timeline_index(
    catalog: Catalog, events: list[EventSummary], facets: dict[str, EventFacets]
) -> Iterator[tuple[str, bytes]]:
    """``facets.json`` and one file per month of ``events`` (in time order)."""
    months: dict[str, list[EventSummary]] = {}
    for event in events:
        months.setdefault(month_key(event), []).append(event)
    month_number = {key: n for n, key in enumerate(months)}
    values = {name: _values(facets, name) for name in FACETS}
    values["actors"] = [iri for iri in values["actors"] if _is_actor(catalog, iri)]
    position = {name: {iri: n for n, iri in enumerate(values[name])} for name in FACETS}
    found: dict[str, dict[str, set[int]]] = {name: defaultdict(set) for name in FACETS}
    for key, members in months.items():
        rows = []
        for event in members:
            resource = catalog.page_of(event.iri)
            assert resource is not None  # every event has a page
            of = facets[event.iri]
            row: list[object] = [resource.path, event.label, event.when, event.kind, event.coded]
            for name in FACETS:
                iris = getattr(of, name)
                kept = [iri for iri in iris if iri in position[name]]
                row.append([position[name][iri] for iri in kept])
                for iri in kept:
                    found[name][iri].add(month_number[key])
            rows.append(row)
        yield timeline_month_file(key), _json({"month": key, "events": rows})
    index: dict[str, object] = {
        "months": [
            [key, month_label(key, catalog.words), len(members)] for key, members in months.items()
        ]
    }
    for name in FACETS:
        keys = _keys(values[name], catalog.base)
        index[name] = [
            [keys[iri], catalog.label(iri), sorted(found[name][iri])] for iri in values[name]
        ]
    yield TIMELINE_ACTORS, _json({"actors": index.pop("actors")})
    yield TIMELINE_FACETS, _json(index)


def _values(facets: dict[str, EventFacets], name: str) -> list[str]:
    """The IRIs of a facet, in the order of their IRIs (the form sorts them by label)."""
    return sorted({iri for of in facets.values() for iri in getattr(of, name)})


def _is_actor(catalog: Catalog, iri: str) -> bool:
    """An actor, or a thing without a page here (a linked dataset's): not a targeted place."""
    resource = catalog.page_of(iri)
    return resource is None or resource.kind == "actor"


def _keys(iris: list[str], base: str) -> dict[str, str]:
    """A short key for each IRI, for the filter's address (``?type=airStrike``): its last
    segment (``iraq``, ``IRQ``, ``airStrike``), made unique with the whole path if need be."""
    short = {iri: _short(iri, base) for iri in iris}
    counts: dict[str, int] = defaultdict(int)
    for key in short.values():
        counts[key] += 1
    return {iri: key if counts[key] == 1 else _path(iri, base) for iri, key in short.items()}


def _path(iri: str, base: str) -> str:
    return iri.removeprefix(base).removeprefix(ACT).removesuffix("#it").strip("/")


def _short(iri: str, base: str) -> str:
    path = _path(iri, base)
    return path.replace("#", "/").rsplit("/", 1)[-1] or path


def _json(value: object) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.encode("utf-8") + b"\n"
