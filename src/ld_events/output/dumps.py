"""The whole-dataset dumps, written from parts that the rendering workers serialise.

A worker adds each document it renders to its :class:`DumpPart` (the same bytes as its own data
files) and writes the part to the writer's scratch folder; :func:`write_dumps` joins the parts in
order. The result is byte for byte what ``rdf.serialize.serialize_triples`` gives for the whole
dataset, without the parent holding the dataset or serialising it a second time.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import orjson
from pyoxigraph import NamedNode, Triple

from ld_events.layout import DUMPS, JSONLD_DUMP, NTRIPLES_DUMP, NTRIPLES_GZ_DUMP, TURTLE_DUMP
from ld_events.output.deflate import LEVEL, GzipJoiner, compress_piece
from ld_events.output.writer import FileBatch, SiteWriter
from ld_events.publish.dataset import DataStats
from ld_events.publish.pages import Publisher
from ld_events.rdf.compact import Node
from ld_events.rdf.context import embedded_context
from ld_events.rdf.serialize import (
    Serialised,
    sorted_triples,
    to_jsonld,
    to_ntriples,
    to_turtle,
)

#: Where the workers put the parts, in the writer's scratch folder.
PARTS = "dump-parts"
PART_SUFFIXES = (".ttl", ".nt", ".nt.piece", ".jsonld", ".stats.json")


@dataclass
class DumpPart:
    """A run of the dumps, in dump order, serialised by the worker that renders its resources."""

    turtle: list[bytes] = field(default_factory=list)
    ntriples: list[bytes] = field(default_factory=list)
    jsonld: list[bytes] = field(default_factory=list)
    stats: DataStats = field(default_factory=DataStats)

    def add(self, triples: list[Triple], serialised: Serialised | None = None) -> None:
        """Sorted triples of whole subjects, with their serialisations if already made."""
        if not triples:
            return
        done = serialised or Serialised.of(triples)
        self.stats.add(triples)
        self.turtle.append(_without_prefixes(done.turtle))
        self.ntriples.append(done.ntriples)
        self.jsonld.extend(_indented_node(node) for node in done.nodes)

    def write(self, batch: FileBatch, key: str) -> None:
        """The N-Triples are compressed here, in the worker: the parent only joins the pieces.
        Written to the scratch folder, as :func:`part_files` names them."""
        ntriples = b"".join(self.ntriples)
        texts = (
            b"".join(self.turtle),
            ntriples,
            compress_piece(ntriples),
            b",\n".join(self.jsonld),
            self.stats.to_json(),
        )
        for name, text in zip(part_files(Path(PARTS), key), texts, strict=True):
            batch.write_scratch(name.as_posix(), text)


def part_files(folder: Path, key: str) -> list[Path]:
    """The files of a dump part in ``folder``: Turtle, N-Triples, gzip piece, JSON-LD, and
    what VoID counts of them."""
    return [folder / f"{key}{suffix}" for suffix in PART_SUFFIXES]


def write_dumps(
    publisher: Publisher, writer: SiteWriter, parts: list[list[Path]]
) -> tuple[dict[str, int], DataStats]:
    """The whole dataset in three syntaxes, from the files of ``parts`` (:func:`part_files`, in
    dump order); each dump's size by path, and what VoID counts of the data."""
    subjects = publisher.catalog.dump_subjects
    if len(subjects) < 2:
        stats = _write_small_dumps(publisher.data_triples(subjects), writer)
    else:
        stats = _join_parts(writer, parts)
    return {dump.path: writer.size(dump.path) for dump in DUMPS}, stats


def _join_parts(writer: SiteWriter, parts: list[list[Path]]) -> DataStats:
    """Stream the parts into the dumps (the parts stay: the next build may take them)."""
    with (
        writer.stream(TURTLE_DUMP.path) as turtle,
        writer.stream(NTRIPLES_DUMP.path) as ntriples,
        writer.stream(NTRIPLES_GZ_DUMP.path) as gzipped,
        writer.stream(JSONLD_DUMP.path) as jsonld,
    ):
        pieces = GzipJoiner(gzipped)
        # The dump holds its context, so it reads wherever it is, with no fetch.
        context = orjson.dumps(embedded_context(), option=orjson.OPT_INDENT_2)
        header = context.decode().replace("\n", "\n  ")
        jsonld.write(f'{{\n  "@context": {header},\n  "@graph": [\n'.encode())
        first_node = True
        stats = DataStats()
        for part in parts:
            body, lines, piece, nodes, counts = (path.read_bytes() for path in part)
            stats.take(DataStats.from_json(counts))
            if body and turtle.tell() == 0:
                turtle.write(_prefix_lines())
            turtle.write(body)
            ntriples.write(lines)
            pieces.add(piece)
            if nodes:
                jsonld.write(nodes if first_node else b",\n" + nodes)
                first_node = False
        jsonld.write(b"\n  ]\n}\n")
        pieces.close()
    return stats


def _write_small_dumps(triples: list[Triple], writer: SiteWriter) -> DataStats:
    """Dumps of a dataset of at most one subject (a single JSON-LD node has no @graph)."""
    ordered = sorted_triples(triples)
    ntriples = to_ntriples(ordered)
    data = {
        TURTLE_DUMP: to_turtle(ordered),
        NTRIPLES_DUMP: ntriples,
        NTRIPLES_GZ_DUMP: gzip.compress(ntriples, LEVEL, mtime=0),
        JSONLD_DUMP: to_jsonld(ordered, embedded_context()),
    }
    for dump, content in data.items():
        writer.write(dump.path, content)
    stats = DataStats()
    stats.add(ordered)
    return stats


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
