"""What a page tells the search index (Pagefind) about its resource: its kind, the years it
happened in and the countries it is in, as filters a reader narrows the results by.

Only the pages of events, actors, places and sources are indexed (their templates mark the
article as the index's body); every other page is left out of the results. Facts are read
through the gatherer, so an incremental build re-renders a page when one of them changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ld_events.layout import KIND_BY_NAME
from ld_events.publish.catalog import Resource
from ld_events.publish.contexts import about
from ld_events.publish.gather import Gatherer
from ld_events.rdf.vocab import GEO, LDE, PLT, RDFS, SKOS

#: The kinds of pages the search index holds, in the order results are grouped.
INDEXED_KINDS = ("event", "actor", "place", "source")
#: Its names, in every language the data gives them in: each is found by search.
_NAMES = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel")
#: Years of an event spanning longer than this are not each a filter value.
_MAX_YEARS = 20


@dataclass(frozen=True)
class SearchFacets:
    """What the search index is told of a resource's page, as filters (``publish.search``)."""

    kind: str = field(metadata=about("the kind, as readers name it: Event, Actor, Place, Source"))
    rank: int = field(metadata=about("where results of this kind are listed: events first"))
    years: list[str] = field(metadata=about("the years an event happened in"))
    countries: list[str] = field(metadata=about("the countries it took place in or is in"))
    names: list[tuple[str, str]] = field(
        metadata=about("its other names (text, language), indexed though not shown")
    )


def search_facets(gather: Gatherer, resource: Resource) -> SearchFacets | None:
    """The filters of ``resource``'s page, or None for a page the index leaves out."""
    if resource.kind not in INDEXED_KINDS:
        return None
    iri = resource.iri
    places = {"event": _iris(gather, iri, LDE + "place"), "place": [iri]}.get(resource.kind, [])
    countries = {c for place in places for c in _countries_of(gather, place)}
    countries.update(_iris(gather, iri, LDE + "country"))
    labels = sorted({gather.catalog.label(country) for country in countries})
    return SearchFacets(
        kind=KIND_BY_NAME[resource.kind].title,
        rank=INDEXED_KINDS.index(resource.kind),
        years=_years(gather, resource),
        countries=labels,
        names=_names(gather, iri),
    )


def _iris(gather: Gatherer, subject: str, predicate: str) -> list[str]:
    return [v.value for v in gather.objects(subject, predicate) if isinstance(v, NamedNode)]


def _countries_of(gather: Gatherer, place: str) -> set[str]:
    """The countries ``place`` is (``lde:placeType`` country), is within (``geo:sfWithin``,
    transitively) or names (``lde:country``)."""
    found: set[str] = set()
    seen, queue = {place}, [place]
    while queue:
        here = queue.pop()
        if PLT + "country" in _iris(gather, here, LDE + "placeType"):
            found.add(here)
        found.update(_iris(gather, here, LDE + "country"))
        for outer in _iris(gather, here, GEO + "sfWithin"):
            if outer not in seen:
                seen.add(outer)
                queue.append(outer)
    return found


def _years(gather: Gatherer, resource: Resource) -> list[str]:
    """The years an event's time span covers (from what the catalog says of it)."""
    summary = gather.catalog.summary(resource.iri) if resource.kind == "event" else None
    if summary is None:
        return []
    start, end = summary.bounds.start, summary.bounds.end
    years = [int(text[:4]) for text in (start, end) if text and text[:4].isdigit()]
    if not years:
        return []
    first, last = min(years), max(years)
    if last - first > _MAX_YEARS:
        return [str(first), str(last)]
    return [str(year) for year in range(first, last + 1)]


def _names(gather: Gatherer, iri: str) -> list[tuple[str, str]]:
    """Its labels in every language but the page's own (which the page shows), as (text,
    language) pairs: a reader searching in another language finds it too."""
    shown = gather.catalog.label(iri)
    found = {
        (value.value, value.language or "")
        for predicate in _NAMES
        for value in gather.objects(iri, predicate)
        if isinstance(value, Literal) and value.value != shown
    }
    return sorted(found)
