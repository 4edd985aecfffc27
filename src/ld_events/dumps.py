"""Deterministic serialisations of a set of triples: Turtle, N-Triples and compact JSON-LD."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path

import orjson
from pyoxigraph import RdfFormat, Triple, serialize

from ld_events.compact import compact_document, compact_nodes
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


def write_dumps(
    subjects: list[str], triples_of: Callable[[str], list[Triple]], folder: Path, context_url: str
) -> dict[str, int]:
    """Write dataset.ttl, dataset.nt.gz and dataset.jsonld subject by subject.

    The output is byte-for-byte what ``serialize_triples`` gives for the whole set, but only one
    subject's triples are held at a time, so memory does not grow with the dataset.
    """
    ordered = sorted(subjects, key=lambda iri: f"<{iri}>")
    if len(ordered) < 2:
        everything = [t for s in ordered for t in triples_of(s)]
        return _write_whole(everything, folder, context_url)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / name for name in ("dataset.ttl", "dataset.nt.gz", "dataset.jsonld")}
    with (
        paths["dataset.ttl"].open("wb") as turtle,
        paths["dataset.nt.gz"].open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as ntriples,
        paths["dataset.jsonld"].open("wb") as jsonld,
    ):
        context = orjson.dumps(context_url).decode()
        jsonld.write(f'{{\n  "@context": {context},\n  "@graph": [\n'.encode())
        for number, subject in enumerate(ordered):
            triples = sorted_triples(triples_of(subject))
            turtle.write(_turtle_chunk(triples, first=number == 0))
            ntriples.write(to_ntriples(triples))
            node = orjson.dumps(compact_nodes(triples)[0], option=orjson.OPT_INDENT_2)
            separator = b",\n" if number else b""
            jsonld.write(separator + b"\n".join(b"    " + line for line in node.split(b"\n")))
        jsonld.write(b"\n  ]\n}\n")
    return {f"dump/{name}": path.stat().st_size for name, path in paths.items()}


def _turtle_chunk(triples: list[Triple], first: bool) -> bytes:
    text = to_turtle(triples)
    if first:
        return text
    return b"".join(
        line for line in text.splitlines(keepends=True) if not line.startswith(b"@prefix")
    )


def _write_whole(triples: list[Triple], folder: Path, context_url: str) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted_triples(triples)
    files = {
        "dataset.ttl": to_turtle(ordered),
        "dataset.nt.gz": gzip.compress(to_ntriples(ordered), mtime=0),
        "dataset.jsonld": to_jsonld(ordered, context_url),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {f"dump/{name}": len(data) for name, data in files.items()}
