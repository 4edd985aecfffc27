"""Deterministic serialisations of a set of triples: Turtle, N-Triples and compact JSON-LD."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

import orjson
from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from ld_events.output.deflate import LEVEL, GzipJoiner, compress_piece
from ld_events.rdf.compact import Node, compact_nodes, jsonld_document
from ld_events.rdf.vocab import PREFIXES, RDF_TYPE


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
    return serialize(triples, format=RdfFormat.N_TRIPLES) or b""


def to_jsonld(triples: list[Triple], context_url: str) -> bytes:
    return jsonld_bytes(compact_nodes(triples), context_url)


def serialize_triples(triples: Iterable[Triple], fmt: DumpFormat, context_url: str) -> bytes:
    ordered = sorted_triples(triples)
    if fmt is DumpFormat.TURTLE:
        return to_turtle(ordered)
    if fmt is DumpFormat.NTRIPLES:
        return to_ntriples(ordered)
    return to_jsonld(ordered, context_url)


#: The whole-dataset dumps, in the folder ``dump/`` of the site.
DUMP_FILES = ("dataset.ttl", "dataset.nt.gz", "dataset.jsonld")
_PART_SUFFIXES = (".ttl", ".nt.piece", ".jsonld")


@dataclass
class DumpPart:
    """A run of the dumps, in dump order, serialised by the worker that renders its resources.

    Parts are joined in order by ``join_dump_parts``: the result is byte for byte what
    ``serialize_triples`` gives for the whole dataset, without the parent holding the dataset
    or serialising it a second time.
    """

    turtle: list[bytes] = field(default_factory=list)
    ntriples: list[bytes] = field(default_factory=list)
    jsonld: list[bytes] = field(default_factory=list)

    def add(self, triples: list[Triple], serialised: Serialised | None = None) -> None:
        """Sorted triples of whole subjects, with their serialisations if already made."""
        if not triples:
            return
        done = serialised or Serialised.of(triples)
        self.turtle.append(_without_prefixes(done.turtle))
        self.ntriples.append(done.ntriples)
        self.jsonld.extend(_indented_node(node) for node in done.nodes)

    def write(self, folder: Path, number: int) -> None:
        """The N-Triples are compressed here, in the worker: the parent only joins the pieces."""
        ntriples = compress_piece(b"".join(self.ntriples))
        texts = (b"".join(self.turtle), ntriples, b",\n".join(self.jsonld))
        for path, text in zip(part_files(folder, number), texts, strict=True):
            path.write_bytes(text)


@dataclass(frozen=True)
class DumpParts:
    """Where the parts 0..count-1 of the dumps are written, to be joined in number order."""

    folder: Path
    count: int

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass(frozen=True)
class Serialised:
    """One set of sorted triples in the three syntaxes (the JSON-LD as node objects)."""

    turtle: bytes
    ntriples: bytes
    nodes: list[Node]

    @classmethod
    def of(cls, triples: list[Triple]) -> Serialised:
        return cls(to_turtle(triples), to_ntriples(triples), compact_nodes(triples))

    def jsonld(self, context_url: str) -> bytes:
        return jsonld_bytes(self.nodes, context_url)


def jsonld_bytes(nodes: list[Node], context_url: str) -> bytes:
    document = jsonld_document(nodes, context_url)
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def part_files(folder: Path, number: int) -> list[Path]:
    return [folder / f"{number:06}{suffix}" for suffix in _PART_SUFFIXES]


def join_dump_parts(parts: DumpParts, folder: Path, context_url: str) -> dict[str, int]:
    """Write the dumps from the parts, streaming, deleting each part once copied."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in DUMP_FILES]
    with (
        paths[0].open("wb") as turtle,
        paths[1].open("wb") as ntriples,
        paths[2].open("wb") as jsonld,
    ):
        pieces = GzipJoiner(ntriples)
        header = orjson.dumps(context_url).decode()
        jsonld.write(f'{{\n  "@context": {header},\n  "@graph": [\n'.encode())
        first_node = True
        for number in range(parts.count):
            part = part_files(parts.folder, number)
            body, piece, nodes = (path.read_bytes() for path in part)
            if body and turtle.tell() == 0:
                turtle.write(_prefix_lines())
            turtle.write(body)
            pieces.add(piece)
            if nodes:
                jsonld.write(nodes if first_node else b",\n" + nodes)
                first_node = False
            for path in part:
                path.unlink()
        jsonld.write(b"\n  ]\n}\n")
        pieces.close()
    return {f"dump/{path.name}": path.stat().st_size for path in paths}


def write_small_dumps(triples: list[Triple], folder: Path, context_url: str) -> dict[str, int]:
    """Dumps of a dataset of at most one subject (a single JSON-LD node has no @graph)."""
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted_triples(triples)
    files = {
        "dataset.ttl": to_turtle(ordered),
        "dataset.nt.gz": gzip.compress(to_ntriples(ordered), LEVEL, mtime=0),
        "dataset.jsonld": to_jsonld(ordered, context_url),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {f"dump/{name}": len(data) for name, data in files.items()}


def _without_prefixes(turtle: bytes) -> bytes:
    return b"".join(
        line for line in turtle.splitlines(keepends=True) if not line.startswith(b"@prefix")
    )


@cache
def _prefix_lines() -> bytes:
    """The @prefix lines Oxigraph writes at the top of every Turtle document we serialise."""
    probe = Triple(NamedNode("urn:x"), NamedNode("urn:x"), NamedNode("urn:x"))
    return b"".join(
        line for line in to_turtle([probe]).splitlines(keepends=True) if line.startswith(b"@prefix")
    )


def _indented_node(node: Node) -> bytes:
    text = orjson.dumps(node, option=orjson.OPT_INDENT_2)
    return b"\n".join(b"    " + line for line in text.split(b"\n"))
