"""Deterministic serialisations of a set of triples: Turtle, N-Triples and compact JSON-LD."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import orjson
from pyoxigraph import RdfFormat, Triple, serialize

from ld_events.compact import compact_document
from ld_events.vocab import PREFIXES, RDF_TYPE


class DumpFormat(StrEnum):
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
    return b"".join(f"{t} .\n".encode() for t in triples)


def to_jsonld(triples: list[Triple], context_url: str) -> bytes:
    document = compact_document(triples, context_url)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def serialize_triples(triples: Iterable[Triple], fmt: DumpFormat, context_url: str) -> bytes:
    ordered = sorted_triples(triples)
    if fmt is DumpFormat.TURTLE:
        return to_turtle(ordered)
    if fmt is DumpFormat.NTRIPLES:
        return to_ntriples(ordered)
    return to_jsonld(ordered, context_url)
