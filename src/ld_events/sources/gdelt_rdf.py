"""A checked GDELT row as triples: the coded event, its coding and claims, its actors and place.

IRIs (docs/uris.md, "Coded events"): the event is ``{base}event/gdelt-{GLOBALEVENTID}/#it``;
an actor ``{base}actor/gdelt-{code}-{name}/#it`` and a place ``{base}place/gdelt-{feature id}/#it``
(slugs of GDELT's own codes and names), a source ``{base}source/gdelt-{hash of its URL}/#it``:
the same actor, place or article in many rows is one resource. GDELT itself is
``{base}actor/gdelt/#it``. What a resource is called and where it lies is taken from the first
row that names it, so that each has one label and one position however many rows repeat it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import ClassVar

from pyoxigraph import Literal, NamedNode, Triple

from ld_events.rdf.vocab import CAMEO, DCTERMS, LDE, PLT, PROV, RDF_TYPE, RDFS_LABEL, SCHEMA, WGS
from ld_events.sources.coded_rdf import (
    CodedMinter,
    Coder,
    Value,
    day_span,
    slug_part,
    term,
    typed,
)
from ld_events.sources.coded_rdf import text as _text
from ld_events.sources.countries import country_table
from ld_events.sources.gdelt_rows import CodedActor, CodedPlace, CodedRow

GDELT = Coder("gdelt", "The GDELT Project", "https://www.gdeltproject.org/")
#: GDELT's geolocation types and the place types they are (1 country, 2 US state, 3 US city,
#: 4 world city or landmark, 5 first-order division outside the US).
PLACE_TYPES = {1: "country", 2: "region", 3: "city", 4: "city", 5: "region"}


def place_slug(place: CodedPlace) -> str:
    """From GDELT's feature id (a GNS/GNIS number, negative ones written ``n…``, or a FIPS
    country or ADM1 code); without one, from the country code and the full name."""
    feature = place.feature_id
    if feature and feature != "0":
        return "gdelt-" + slug_part("n" + feature[1:] if feature.startswith("-") else feature)
    return "gdelt-" + "-".join(p for p in (slug_part(place.country), slug_part(place.name)) if p)


def actor_slug(actor: CodedActor) -> str:
    return "gdelt-" + "-".join(p for p in (slug_part(actor.code), slug_part(actor.name)) if p)


def source_slug(source: str) -> str:
    return "gdelt-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]


_typed = typed


@dataclass
class Minter(CodedMinter):
    """GDELT rows into triples."""

    coder: ClassVar[Coder] = GDELT
    cameo_labels: dict[str, str] = field(default_factory=dict)

    def row_triples(self, row: CodedRow) -> tuple[NamedNode, list[Triple], list[NamedNode]]:
        """The event, all its triples, and the actors, place and source it names."""
        doc = f"{self.base}event/gdelt-{row.event_id}/"
        out: list[Triple] = []
        named: list[NamedNode] = []
        coded: dict[str, NamedNode] = {"actionType": term(CAMEO + row.cameo)}
        for prop, actor in (("agent", row.actor1), ("target", row.actor2)):
            if actor is not None:
                coded[prop] = self.actor(actor, out)
                named.append(coded[prop])
        if row.place is not None:
            coded["place"] = self.place(row.place, out)
            named.append(coded["place"])
        coded["time"] = NamedNode(doc + "#time")
        source = self.source(row, out) if row.source else None
        out += self.event_triples(doc, self.event_label(row), coded, self.coding(row), source)
        out += day_span(coded["time"], row.date)
        if source is not None:
            named.append(source)
        return NamedNode(doc + "#it"), out, named

    def event_label(self, row: CodedRow) -> str:
        action = self.cameo_labels.get(row.cameo, row.cameo)
        who = row.actor1.name or row.actor1.code if row.actor1 else ""
        whom = row.actor2.name or row.actor2.code if row.actor2 else ""
        label = f"{who}: {action}" if who else action
        return f"{label} → {whom}" if whom else label

    def coding(self, row: CodedRow) -> list[tuple[str, Value]]:
        """What belongs to GDELT's coding of the row, not to the event."""
        of = f"of {row.source}" if row.source else f"of event {row.event_id}"
        values: list[tuple[str, Value]] = [
            (RDFS_LABEL, _text(f"GDELT's coding {of}")),
            (DCTERMS + "date", _typed(row.added_date, "date")),
            (LDE + "quadClass", _typed(str(row.quad_class), "integer")),
            (LDE + "numMentions", _typed(str(row.mentions), "integer")),
            (LDE + "numSources", _typed(str(row.sources), "integer")),
            (LDE + "numArticles", _typed(str(row.articles), "integer")),
            (LDE + "rootEvent", _typed("true" if row.root_event else "false", "boolean")),
        ]
        if row.added_time:
            values.append((PROV + "endedAtTime", _typed(row.added_time, "dateTime")))
        if row.goldstein is not None:
            values.append((LDE + "goldsteinScale", _typed(row.goldstein, "decimal")))
        if row.tone is not None:
            values.append((LDE + "avgTone", _typed(row.tone, "decimal")))
        return values

    def actor(self, actor: CodedActor, out: list[Triple]) -> NamedNode:
        iri = NamedNode(f"{self.base}actor/{actor_slug(actor)}/#it")
        if not self.first(iri.value):
            return iri
        label = f"{actor.name} ({actor.code})" if actor.name else actor.code
        values: list[tuple[str, NamedNode | Literal]] = [
            (RDF_TYPE, term(LDE + "Actor")),
            (RDFS_LABEL, _text(label)),
            (PROV + "wasAttributedTo", self.coder_node),
            (LDE + "cameoCode", Literal(actor.code)),
        ]
        codes = [("cameoCountry", actor.country), ("cameoKnownGroup", actor.known_group)]
        codes += [("cameoEthnicity", actor.ethnicity)]
        codes += [("cameoReligion", code) for code in actor.religions]
        codes += [("cameoActorType", code) for code in actor.types]
        values += [(LDE + prop, Literal(code)) for prop, code in codes if code]
        country = country_table().cameo(actor.country) if actor.country else None
        if country is not None:
            values.append((LDE + "country", country))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri

    def place(self, place: CodedPlace, out: list[Triple]) -> NamedNode:
        iri = NamedNode(f"{self.base}place/{place_slug(place)}/#it")
        if not self.first(iri.value):
            return iri
        values: list[tuple[str, NamedNode | Literal]] = [
            (RDF_TYPE, term(LDE + "Place")),
            (RDFS_LABEL, _text(place.name or place.feature_id or place.country)),
            (LDE + "placeType", term(PLT + PLACE_TYPES[place.geo_type])),
            (PROV + "wasAttributedTo", self.coder_node),
        ]
        if place.lat is not None and place.long is not None:
            values.append((WGS + "lat", _typed(place.lat, "decimal")))
            values.append((WGS + "long", _typed(place.long, "decimal")))
        codes = [("featureId", place.feature_id), ("adm1Code", place.adm1)]
        codes += [("adm2Code", place.adm2), ("countryCode", place.country)]
        values += [(LDE + prop, Literal(code)) for prop, code in codes if code]
        country = country_table().fips(place.country) if place.country else None
        if country is not None:
            values.append((LDE + "country", country))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri

    def source(self, row: CodedRow, out: list[Triple]) -> NamedNode:
        """The article GDELT coded the row from (1.0 rows may name a source that is not a URL,
        such as "BBC Monitoring": then it has a label and no address)."""
        iri = NamedNode(f"{self.base}source/{source_slug(row.source)}/#it")
        if not self.first(iri.value):
            return iri
        url = _url(row.source)
        label = row.source.split("://", 1)[1] if url else row.source
        values: list[tuple[str, NamedNode | Literal]] = [
            (RDF_TYPE, term(LDE + "Source")),
            (RDFS_LABEL, _text(label)),
            (DCTERMS + "date", _typed(row.added_date, "date")),
        ]
        if url is not None:
            values.append((SCHEMA + "url", url))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri


def _url(text: str) -> NamedNode | None:
    """The source as an IRI, if it is an http(s) address that is a valid IRI."""
    if not text.startswith(("http://", "https://")):
        return None
    try:
        return NamedNode(text)
    except ValueError:
        return None
