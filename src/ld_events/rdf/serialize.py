"""Deterministic serialisations of a set of triples: Turtle, N-Triples and compact JSON-LD.

Triples are sorted first (:func:`sorted_triples`), so the same data always gives the same bytes:
two builds of one project are byte-identical, and a document's part of a dump is byte for byte
what it is on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import orjson
from pyoxigraph import RdfFormat, Triple, serialize

from ld_events.rdf.compact import ContextValue, Node, compact_nodes, jsonld_document
from ld_events.rdf.context import embedded_context
from ld_events.rdf.vocab import PREFIXES, RDF_TYPE


class DumpFormat(StrEnum):
    """The RDF syntaxes the tool writes, named as ``export --format`` takes them."""

    TURTLE = "ttl"
    NTRIPLES = "nt"
    JSONLD = "jsonld"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    DumpFormat.TURTLE: "text/turtle",
    DumpFormat.NTRIPLES: "application/n-triples",
    DumpFormat.JSONLD: "application/ld+json",
}


def sorted_triples(triples: Iterable[Triple]) -> list[Triple]:
    """Subjects in IRI order, rdf:type first, then predicates and objects in order."""
    return sorted(triples, key=_triple_key)


def _triple_key(triple: Triple) -> tuple[str, bool, str, str]:
    predicate = triple.predicate.value
    return (str(triple.subject), predicate != RDF_TYPE, predicate, str(triple.object))


def to_turtle(triples: list[Triple]) -> bytes:
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def to_ntriples(triples: list[Triple]) -> bytes:
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


def to_jsonld(triples: list[Triple], context: ContextValue) -> bytes:
    return jsonld_bytes(compact_nodes(triples), context)


def serialize_triples(triples: Iterable[Triple], fmt: DumpFormat) -> bytes:
    """One standalone file: a JSON-LD one holds its context, so it reads anywhere."""
    ordered = sorted_triples(triples)
    if fmt is DumpFormat.TURTLE:
        return to_turtle(ordered)
    if fmt is DumpFormat.NTRIPLES:
        return to_ntriples(ordered)
    return to_jsonld(ordered, embedded_context())


@dataclass(frozen=True)
class Serialised:
    """One set of sorted triples in the three syntaxes (the JSON-LD as node objects)."""

    turtle: bytes
    ntriples: bytes
    nodes: list[Node]

    @classmethod
    def of(cls, triples: list[Triple]) -> Serialised:
        return cls(to_turtle(triples), to_ntriples(triples), compact_nodes(triples))

    def jsonld(self, context: ContextValue) -> bytes:
        return jsonld_bytes(self.nodes, context)


def jsonld_bytes(nodes: list[Node], context: ContextValue) -> bytes:
    document = jsonld_document(nodes, context)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
