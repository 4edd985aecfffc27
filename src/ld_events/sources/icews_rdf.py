"""A checked ICEWS row as triples: the coded event, its coding and claims, its actors, and
(full layout) its story and place.

IRIs (docs/uris.md, "Coded events"): the event is ``{base}event/icews-{id}/#it`` (the id of
:func:`icews_rows.parse_row`); an actor ``{base}actor/icews-{slug of the actor string}/#it``,
so that ``Citizen (India)`` is one resource however many rows name it, and the country of
``Citizen (India)`` is the actor ``India`` (``icews-india``), whose own country is the country
table's India when the name matches (:mod:`sources.countries`). A story is
``{base}source/icews-story-{Story ID}/#it``, its publisher the actor of that name, and a place
``{base}place/icews-{slug of its names, broadest first}/#it``. ICEWS itself is
``{base}actor/icews/#it``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import ClassVar

from pyoxigraph import NamedNode, Triple

from ld_events.rdf.vocab import CAMEO, DCTERMS, LDE, PLT, PROV, RDF_TYPE, RDFS_LABEL, WGS
from ld_events.sources.coded_rdf import (
    CodedMinter,
    Coder,
    Value,
    day_span,
    slug_part,
    term,
    text,
    typed,
)
from ld_events.sources.countries import country_table
from ld_events.sources.icews_rows import IcewsActor, IcewsPlace, IcewsRow

ICEWS = Coder(
    "icews",
    "ICEWS, the Integrated Crisis Early Warning System",
    "https://doi.org/10.7910/DVN/28075",
)


def actor_slug(name: str) -> str:
    """``icews-`` and the slug of the actor string; a name with no Latin letter or digit (which
    slugs to nothing) by the first 16 hex digits of the SHA-256 of the name."""
    slug = slug_part(name)
    return "icews-" + (slug or hashlib.sha256(name.encode("utf-8")).hexdigest()[:16])


def place_slug(place: IcewsPlace) -> str:
    """``icews-`` and the slugs of the place's names, broadest first (``icews-india-kerala-
    kochi``); names with no Latin letter or digit by the first 16 hex digits of the SHA-256
    of the names joined by tabs."""
    slug = "-".join(part for part in (slug_part(n) for n in place.names) if part)
    digest = hashlib.sha256("\t".join(place.names).encode("utf-8")).hexdigest()[:16]
    return "icews-" + (slug or digest)


@dataclass
class IcewsMinter(CodedMinter):
    """ICEWS rows into triples."""

    coder: ClassVar[Coder] = ICEWS
    cameo_labels: dict[str, str] = field(default_factory=dict)

    def row_triples(self, row: IcewsRow) -> tuple[NamedNode, list[Triple], list[NamedNode]]:
        """The event, all its triples, and the actors, place and story it names."""
        doc = f"{self.base}event/icews-{row.event_id}/"
        out: list[Triple] = []
        agent, target = self.actor(row.agent, out), self.actor(row.target, out)
        coded: dict[str, NamedNode] = {
            "actionType": term(CAMEO + row.cameo),
            "agent": agent,
            "target": target,
        }
        named = [agent, target]
        if row.place is not None:
            coded["place"] = self.place(row.place, out)
            named.append(coded["place"])
        coded["time"] = NamedNode(doc + "#time")
        source = self.story(row, out) if row.story else None
        named += [source] if source is not None else []
        label = f"{row.agent.name}: {row.action} → {row.target.name}"
        out += self.event_triples(doc, label, coded, self.coding(row), source)
        out += day_span(coded["time"], row.date)
        return NamedNode(doc + "#it"), out, named

    def coding(self, row: IcewsRow) -> list[tuple[str, Value]]:
        """What belongs to ICEWS's coding of the row: its story, its intensity."""
        of = f"story {row.story}" if row.story else f"a story of {row.date}"
        values: list[tuple[str, Value]] = [(RDFS_LABEL, text(f"ICEWS's coding of {of}"))]
        if row.intensity is not None:
            values.append((LDE + "goldsteinScale", typed(row.intensity, "decimal")))
        if row.sentence is not None:
            values.append((LDE + "sentenceNumber", typed(str(row.sentence), "integer")))
        return values

    def actor(self, actor: IcewsActor, out: list[Triple]) -> NamedNode:
        iri = NamedNode(f"{self.base}actor/{actor_slug(actor.name)}/#it")
        if not self.first(iri.value):
            return iri
        values: list[tuple[str, Value]] = [
            (RDF_TYPE, term(LDE + "Actor")),
            (RDFS_LABEL, text(actor.name)),
            (PROV + "wasAttributedTo", self.coder_node),
        ]
        values += [(LDE + "sector", typed(sector, "string")) for sector in actor.sectors]
        if actor.country and actor.country != actor.name:
            values.append((LDE + "country", self.actor(IcewsActor(actor.country), out)))
        elif (country := country_table().named(actor.name)) is not None:
            values.append((LDE + "country", country))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri

    def story(self, row: IcewsRow, out: list[Triple]) -> NamedNode:
        """The story ICEWS coded the row from: a source with no address, dated by the row
        (ICEWS dates an event by its story), published by the actor the row names."""
        iri = NamedNode(f"{self.base}source/icews-story-{row.story}/#it")
        if not self.first(iri.value):
            return iri
        label = f"{row.publisher}, story {row.story}" if row.publisher else f"story {row.story}"
        values: list[tuple[str, Value]] = [
            (RDF_TYPE, term(LDE + "Source")),
            (RDFS_LABEL, text(label)),
            (DCTERMS + "date", typed(row.date, "date")),
            (DCTERMS + "identifier", typed(row.story, "string")),
        ]
        if row.publisher:
            values.append((DCTERMS + "publisher", self.actor(IcewsActor(row.publisher), out)))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri

    def place(self, place: IcewsPlace, out: list[Triple]) -> NamedNode:
        iri = NamedNode(f"{self.base}place/{place_slug(place)}/#it")
        if not self.first(iri.value):
            return iri
        kind = "city" if place.city else "region" if place.province or place.district else "country"
        values: list[tuple[str, Value]] = [
            (RDF_TYPE, term(LDE + "Place")),
            (RDFS_LABEL, text(", ".join(reversed(place.names)))),
            (LDE + "placeType", term(PLT + kind)),
            (PROV + "wasAttributedTo", self.coder_node),
        ]
        if place.lat is not None and place.long is not None:
            values.append((WGS + "lat", typed(place.lat, "decimal")))
            values.append((WGS + "long", typed(place.long, "decimal")))
        country = country_table().named(place.country) if place.country else None
        if country is not None:
            values.append((LDE + "country", country))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri
