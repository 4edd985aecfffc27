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
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property

from pyoxigraph import Literal, NamedNode, Triple

from ld_events.rdf.vocab import (
    CAMEO,
    DCTERMS,
    LDE,
    PLT,
    PROV,
    RDF_TYPE,
    RDFS_LABEL,
    SCHEMA,
    WGS,
    XSD,
)
from ld_events.sources.gdelt_rows import CodedActor, CodedPlace, CodedRow

GDELT_URL = "https://www.gdeltproject.org/"
#: GDELT's geolocation types and the place types they are (1 country, 2 US state, 3 US city,
#: 4 world city or landmark, 5 first-order division outside the US).
PLACE_TYPES = {1: "country", 2: "region", 3: "city", 4: "city", 5: "region"}
#: The coded statements each row repeats as a claim, and the fragment of each claim's IRI.
CLAIM_FRAGMENTS = {
    "actionType": "action-type",
    "agent": "agent",
    "target": "target",
    "place": "place",
    "time": "time",
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_part(text: str) -> str:
    """Lowercase ASCII kebab-case: accents dropped, other characters joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


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


@cache
def term(iri: str) -> NamedNode:
    """A vocabulary term, made once: rows repeat the same predicates and classes."""
    return NamedNode(iri)


def _text(value: str) -> Literal:
    return Literal(value, language="en")


def _typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=term(XSD + datatype))


@dataclass
class Minter:
    """Turns rows into triples; remembers which actors, places and sources are described."""

    base: str
    cameo_labels: dict[str, str]
    #: Resources already described (their label and position come from their first row).
    described: set[str] = field(default_factory=set)

    @cached_property
    def gdelt(self) -> NamedNode:
        return NamedNode(self.base + "actor/gdelt/#it")

    def gdelt_triples(self) -> list[Triple]:
        """GDELT, the coder of every row: described once per project."""
        return [
            Triple(self.gdelt, term(RDF_TYPE), term(LDE + "Organization")),
            Triple(self.gdelt, term(RDFS_LABEL), _text("The GDELT Project")),
            Triple(self.gdelt, term(SCHEMA + "url"), NamedNode(GDELT_URL)),
        ]

    def first(self, iri: str) -> bool:
        """Whether ``iri`` is met for the first time."""
        if iri in self.described:
            return False
        self.described.add(iri)
        return True

    def row_triples(self, row: CodedRow) -> tuple[NamedNode, list[Triple], list[NamedNode]]:
        """The event, all its triples, and the actors, place and source it names."""
        doc = f"{self.base}event/gdelt-{row.event_id}/"
        event, coding = NamedNode(doc + "#it"), NamedNode(doc + "#coding")
        out: list[Triple] = []
        add = out.append
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
        add(Triple(event, term(RDF_TYPE), term(LDE + "Event")))
        add(Triple(event, term(RDFS_LABEL), _text(self.event_label(row))))
        for prop, value in coded.items():
            add(Triple(event, term(LDE + prop), value))
        add(Triple(event, term(LDE + "codedIn"), coding))
        out += self.time_triples(coded["time"], row.date)
        out += self.coding_triples(coding, row, source)
        for prop, value in coded.items():
            out += self.claim_triples(doc, event, prop, value, coding, source)
        if source is not None:
            add(Triple(event, term(LDE + "reportedIn"), source))
            named.append(source)
        return event, out, named

    def event_label(self, row: CodedRow) -> str:
        action = self.cameo_labels.get(row.cameo, row.cameo)
        who = row.actor1.name or row.actor1.code if row.actor1 else ""
        whom = row.actor2.name or row.actor2.code if row.actor2 else ""
        label = f"{who}: {action}" if who else action
        return f"{label} → {whom}" if whom else label

    def time_triples(self, time: NamedNode, date: str) -> list[Triple]:
        day = _typed(date, "date")
        return [
            Triple(time, term(RDF_TYPE), term(LDE + "TimeSpan")),
            Triple(time, term(LDE + "earliestStart"), day),
            Triple(time, term(LDE + "latestEnd"), day),
        ]

    def coding_triples(
        self, coding: NamedNode, row: CodedRow, source: NamedNode | None
    ) -> list[Triple]:
        of = f"of {row.source}" if row.source else f"of event {row.event_id}"
        values: list[tuple[str, NamedNode | Literal]] = [
            (RDF_TYPE, term(LDE + "Coding")),
            (RDFS_LABEL, _text(f"GDELT's coding {of}")),
            (PROV + "wasAssociatedWith", self.gdelt),
            (DCTERMS + "date", _typed(row.added_date, "date")),
            (LDE + "quadClass", _typed(str(row.quad_class), "integer")),
            (LDE + "numMentions", _typed(str(row.mentions), "integer")),
            (LDE + "numSources", _typed(str(row.sources), "integer")),
            (LDE + "numArticles", _typed(str(row.articles), "integer")),
            (LDE + "rootEvent", _typed("true" if row.root_event else "false", "boolean")),
        ]
        if source is not None:
            values.append((PROV + "used", source))
        if row.added_time:
            values.append((PROV + "endedAtTime", _typed(row.added_time, "dateTime")))
        if row.goldstein is not None:
            values.append((LDE + "goldsteinScale", _typed(row.goldstein, "decimal")))
        if row.tone is not None:
            values.append((LDE + "avgTone", _typed(row.tone, "decimal")))
        return [Triple(coding, term(p), o) for p, o in values]

    def claim_triples(
        self,
        doc: str,
        event: NamedNode,
        prop: str,
        value: NamedNode,
        coding: NamedNode,
        source: NamedNode | None,
    ) -> list[Triple]:
        """GDELT's coding says so: one claim per coded statement."""
        claim = NamedNode(f"{doc}#claim-{CLAIM_FRAGMENTS[prop]}")
        values: list[tuple[str, NamedNode]] = [
            (RDF_TYPE, term(LDE + "Claim")),
            (LDE + "claimant", self.gdelt),
            (LDE + "claimSubject", event),
            (LDE + "claimProperty", term(LDE + prop)),
            (LDE + "claimValue", value),
            (LDE + "codedIn", coding),
        ]
        if source is not None:
            values.append((LDE + "reportedIn", source))
        return [Triple(claim, term(p), o) for p, o in values]

    def actor(self, actor: CodedActor, out: list[Triple]) -> NamedNode:
        iri = NamedNode(f"{self.base}actor/{actor_slug(actor)}/#it")
        if not self.first(iri.value):
            return iri
        label = f"{actor.name} ({actor.code})" if actor.name else actor.code
        values: list[tuple[str, NamedNode | Literal]] = [
            (RDF_TYPE, term(LDE + "Actor")),
            (RDFS_LABEL, _text(label)),
            (PROV + "wasAttributedTo", self.gdelt),
            (LDE + "cameoCode", Literal(actor.code)),
        ]
        codes = [("cameoCountry", actor.country), ("cameoKnownGroup", actor.known_group)]
        codes += [("cameoEthnicity", actor.ethnicity)]
        codes += [("cameoReligion", code) for code in actor.religions]
        codes += [("cameoActorType", code) for code in actor.types]
        values += [(LDE + prop, Literal(code)) for prop, code in codes if code]
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
            (PROV + "wasAttributedTo", self.gdelt),
        ]
        if place.lat is not None and place.long is not None:
            values.append((WGS + "lat", _typed(place.lat, "decimal")))
            values.append((WGS + "long", _typed(place.long, "decimal")))
        codes = [("featureId", place.feature_id), ("adm1Code", place.adm1)]
        codes += [("adm2Code", place.adm2), ("countryCode", place.country)]
        values += [(LDE + prop, Literal(code)) for prop, code in codes if code]
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
