"""What the timeline filters by: each event's action types, countries and actors.

Read from the store in one scan per predicate (not one look-up per event), so the facets of
100,000 events take a few seconds at most. A sub-event that has no value of its own takes its
parent's (``lde:partOf``), as it does its time.

- Action types: the event's ``lde:actionType`` and every broader type (``skos:broader``), so
  filtering by "attack" also lists the air strikes.
- Countries: the countries the event's places lie in: a place whose ``lde:placeType`` is a
  country, or the ``lde:country`` a place names, found up the ``geo:sfWithin`` chain; a place in
  no country found that way (a border region) is in the countries it overlaps.
- Actors: whoever carried it out, was targeted, ordered it or was acted for (each role its own
  or its parent's; a target that is a place is filtered out where the catalog knows it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import NamedNode, Store

from ld_events.rdf.vocab import GEO, LDE, PLT, SKOS

_DEPTH = 10
_ACTOR_ROLES = ("agent", "target", "orderedBy", "onBehalfOf")

Links = dict[str, list[str]]


@dataclass(frozen=True)
class EventFacets:
    """The IRIs an event is filed under, each sorted."""

    types: tuple[str, ...]
    countries: tuple[str, ...]
    actors: tuple[str, ...]


def event_facets(store: Store, events: Iterable[str]) -> dict[str, EventFacets]:
    """The facets of each of ``events``."""
    reader = _FacetReader(store)
    return {iri: reader.facets(iri) for iri in events}


class _FacetReader:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.part_of = self._links(LDE + "partOf")
        self.action_type = self._links(LDE + "actionType")
        self.place = self._links(LDE + "place")
        self.roles = [self._links(LDE + role) for role in _ACTOR_ROLES]
        self.broader = self._links(SKOS + "broader")
        self.within = self._links(GEO + "sfWithin")
        self.overlaps = self._links(GEO + "sfOverlaps")
        self.country = self._links(LDE + "country")
        place_types = self._links(LDE + "placeType")
        self.is_country = {p for p, types in place_types.items() if PLT + "country" in types}
        self._countries: dict[str, frozenset[str]] = {}

    def _links(self, predicate: str) -> Links:
        found: Links = defaultdict(list)
        for quad in self.store.quads_for_pattern(None, NamedNode(predicate), None):
            if isinstance(quad.subject, NamedNode) and isinstance(quad.object, NamedNode):
                found[quad.subject.value].append(quad.object.value)
        return found

    def facets(self, event: str) -> EventFacets:
        types = _closure(self._inherited(self.action_type, event), self.broader)
        places = self._inherited(self.place, event)
        countries = set().union(*(self.countries(place) for place in places))
        actors = [actor for role in self.roles for actor in self._inherited(role, event)]
        return EventFacets(_sorted(types), _sorted(countries), _sorted(actors))

    def _inherited(self, links: Links, event: str) -> list[str]:
        """``event``'s values, else its nearest parent's."""
        for _ in range(_DEPTH):
            if links.get(event):
                return links[event]
            parents = self.part_of.get(event)
            if not parents:
                break
            event = min(parents)
        return []

    def countries(self, place: str) -> frozenset[str]:
        found = self._countries.get(place)
        if found is None:
            found = self._within(place, 0)
            if not found:
                found = _union(self._within(other, 0) for other in self.overlaps.get(place, []))
            if not found:
                found = _union(self._up(parent) for parent in self.within.get(place, []))
            self._countries[place] = found
        return found

    def _up(self, place: str) -> frozenset[str]:
        """The countries a place overlaps, found from a place it lies in (at most 10 up)."""
        for _ in range(_DEPTH):
            overlapped = self.overlaps.get(place)
            if overlapped:
                return _union(self._within(other, 0) for other in overlapped)
            parents = self.within.get(place)
            if not parents:
                break
            place = min(parents)
        return frozenset()

    def _within(self, place: str, depth: int) -> frozenset[str]:
        """The countries found up the ``geo:sfWithin`` chain."""
        if place in self.is_country:
            return frozenset((place,))
        if self.country.get(place):
            return frozenset(self.country[place])
        if depth >= _DEPTH:
            return frozenset()
        return _union(self._within(parent, depth + 1) for parent in self.within.get(place, []))


def _closure(start: list[str], broader: Links) -> set[str]:
    found, todo = set(start), list(start)
    while todo:
        for parent in broader.get(todo.pop(), []):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*sets)


def _sorted(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(values)))
