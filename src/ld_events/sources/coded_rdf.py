"""What every coded event shares as triples, whoever coded it (GDELT, ICEWS).

A coded event keeps its coder's reading as plain statements (action type, agent, target, place,
time), says which coding produced it (``lde:codedIn``), and repeats each coded statement as an
``lde:Claim`` whose claimant is the coder. The coding, an ``lde:Coding``, is associated with the
coder and used the source, if the row names one. See docs/importers.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import ClassVar

from pyoxigraph import Literal, NamedNode, Triple

from ld_events.rdf.vocab import LDE, PROV, RDF_TYPE, RDFS_LABEL, SCHEMA, XSD

#: The coded statements each row repeats as a claim, and the fragment of each claim's IRI.
CLAIM_FRAGMENTS = {
    "actionType": "action-type",
    "agent": "agent",
    "target": "target",
    "place": "place",
    "time": "time",
}
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

Value = NamedNode | Literal


def slug_part(text: str) -> str:
    """Lowercase ASCII kebab-case: accents dropped, other characters joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


@cache
def term(iri: str) -> NamedNode:
    """A vocabulary term, made once: rows repeat the same predicates and classes."""
    return NamedNode(iri)


def text(value: str) -> Literal:
    return Literal(value, language="en")


def typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=term(XSD + datatype))


@dataclass(frozen=True)
class Coder:
    """A machine coder: the slug of its IRI (``{base}actor/{slug}/#it``), its name, its site."""

    slug: str
    name: str
    url: str


@dataclass
class CodedMinter:
    """Turns rows into triples; remembers which actors, places and sources are described."""

    coder: ClassVar[Coder]
    base: str
    #: Resources already described (their label and position come from their first row).
    described: set[str] = field(default_factory=set)

    @cached_property
    def coder_node(self) -> NamedNode:
        return NamedNode(f"{self.base}actor/{self.coder.slug}/#it")

    def coder_triples(self) -> list[Triple]:
        """The coder of every row: described once per project."""
        return [
            Triple(self.coder_node, term(RDF_TYPE), term(LDE + "Organization")),
            Triple(self.coder_node, term(RDFS_LABEL), text(self.coder.name)),
            Triple(self.coder_node, term(SCHEMA + "url"), NamedNode(self.coder.url)),
        ]

    def first(self, iri: str) -> bool:
        """Whether ``iri`` is met for the first time."""
        if iri in self.described:
            return False
        self.described.add(iri)
        return True

    def event_triples(
        self,
        doc: str,
        label: str,
        coded: dict[str, NamedNode],
        coding: list[tuple[str, Value]],
        source: NamedNode | None,
    ) -> list[Triple]:
        """The event of document ``doc``: its coded statements, its coding (with the coder's
        own ``coding`` values), a claim per statement, its time span if ``coded`` names one."""
        event, coding_node = NamedNode(doc + "#it"), NamedNode(doc + "#coding")
        values: list[tuple[str, Value]] = [
            (RDF_TYPE, term(LDE + "Event")),
            (RDFS_LABEL, text(label)),
            *((LDE + prop, value) for prop, value in coded.items()),
            (LDE + "codedIn", coding_node),
        ]
        if source is not None:
            values.append((LDE + "reportedIn", source))
        out = [Triple(event, term(p), o) for p, o in values]
        out += self.coding_triples(coding_node, coding, source)
        for prop, value in coded.items():
            out += self.claim_triples(doc, event, prop, value, coding_node, source)
        return out

    def coding_triples(
        self, coding: NamedNode, values: list[tuple[str, Value]], source: NamedNode | None
    ) -> list[Triple]:
        head: list[tuple[str, Value]] = [
            (RDF_TYPE, term(LDE + "Coding")),
            (PROV + "wasAssociatedWith", self.coder_node),
        ]
        if source is not None:
            head.append((PROV + "used", source))
        return [Triple(coding, term(p), o) for p, o in head + values]

    def claim_triples(
        self,
        doc: str,
        event: NamedNode,
        prop: str,
        value: NamedNode,
        coding: NamedNode,
        source: NamedNode | None,
    ) -> list[Triple]:
        """The coder's coding says so: one claim per coded statement."""
        claim = NamedNode(f"{doc}#claim-{CLAIM_FRAGMENTS[prop]}")
        values: list[tuple[str, NamedNode]] = [
            (RDF_TYPE, term(LDE + "Claim")),
            (LDE + "claimant", self.coder_node),
            (LDE + "claimSubject", event),
            (LDE + "claimProperty", term(LDE + prop)),
            (LDE + "claimValue", value),
            (LDE + "codedIn", coding),
        ]
        if source is not None:
            values.append((LDE + "reportedIn", source))
        return [Triple(claim, term(p), o) for p, o in values]


def day_span(time: NamedNode, date: str) -> list[Triple]:
    """A time span of one day (an xsd:date), as coders date their events."""
    day = typed(date, "date")
    return [
        Triple(time, term(RDF_TYPE), term(LDE + "TimeSpan")),
        Triple(time, term(LDE + "earliestStart"), day),
        Triple(time, term(LDE + "latestEnd"), day),
    ]
