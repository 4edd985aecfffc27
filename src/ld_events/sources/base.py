"""What every reader of a source format shares: the files, what a build reads them into, and
the interface a format implements.

A format is one :class:`Reader` subclass naming its file suffixes; ``sources.reading`` looks it
up by suffix and calls it. Adding a format (a table importer, say) is adding a reader.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from pyoxigraph import Quad, Store, Triple

from ld_events.rdf.terms import DATA_GRAPH
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.provenance import SourceIndex

if TYPE_CHECKING:
    from ld_events.config import Config


@dataclass(frozen=True)
class SourceFile:
    """A file of the project: where it is, and how diagnostics name it (relative path)."""

    path: Path
    relative: str
    #: The format of a table named in ``tables:`` (``gdelt-2.0``); "" for files found by suffix.
    format: str = ""
    #: The ``tables:`` entry's glob that found the file: its bad rows share one allowance.
    table: str = ""
    #: Bad rows the entry's files may have, skipped, before one stops the build.
    max_bad_rows: int = 0
    #: The mapping file of a ``format: table`` entry, relative to the project.
    mapping: str = ""


@dataclass
class Sources:
    """Everything read from a project's files: the triples go straight into ``store``'s data
    graph, file by file, so that no list of every triple as Python objects is ever held."""

    store: Store = field(default_factory=Store)
    index: SourceIndex = field(default_factory=SourceIndex)
    report: Report = field(default_factory=Report)
    files: list[str] = field(default_factory=list)
    #: Bad table rows skipped (``max_bad_rows``), by file: each is also a warning of the report.
    skipped_rows: dict[str, int] = field(default_factory=dict)


@dataclass
class FileRead:
    """What a reader made of one file, for :meth:`Reader.add`."""

    triples: list[Triple] = field(default_factory=list)
    nodes: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class Reader(ABC):
    """One source format. A build makes one reader per format it meets, then calls
    :meth:`prepare` on each of its files in reading order, then :meth:`read` on each, then
    :meth:`finish`. Problems are reported into ``into.report``, never raised."""

    #: File suffixes of the format (``.yaml``), lowercase.
    suffixes: ClassVar[tuple[str, ...]] = ()
    #: Table formats the reader reads (``gdelt-2.0``), named by ``tables:`` entries of the config.
    formats: ClassVar[tuple[str, ...]] = ()

    def __init__(self, config: Config, into: Sources) -> None:
        self.config = config
        self.into = into

    def prepare(self, file: SourceFile) -> None:  # noqa: B027  (optional: most formats need no first pass)
        """A first pass over every file before any is read (YAML registers the slugs)."""

    @abstractmethod
    def read(self, file: SourceFile) -> None:
        """Read the file's triples into the store, with their locations."""

    def finish(self) -> None:  # noqa: B027  (optional)
        """Checks across the format's files, once all are read (YAML's duplicate ids)."""

    # -- for subclasses ------------------------------------------------------------------------

    def text(self, file: SourceFile) -> str | None:
        """The file as UTF-8 text; None (and an ``unreadable-file`` diagnostic) if it is not."""
        try:
            data = file.path.read_bytes()
        except OSError as exc:
            self.into.report.add(unreadable(Location(file.relative), exc.strerror or str(exc)))
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            where = byte_location(data, exc.start, file.relative)
            reason = f"not UTF-8 text: byte 0x{data[exc.start]:02x} ({exc.reason})"
            self.into.report.add(unreadable(where, reason))
            return None

    def add(self, read: FileRead) -> None:
        """Put what was read of one file into the store, the index and the report."""
        self.into.store.bulk_extend(
            Quad(t.subject, t.predicate, t.object, DATA_GRAPH) for t in read.triples
        )
        self.into.index.update(read.nodes, read.statements)
        self.into.report.extend(read.diagnostics)


def empty_file(path: str) -> Diagnostic:
    return Diagnostic(
        Code.EMPTY_FILE,
        Severity.WARNING,
        "the file holds no records (is it empty, or all comments?)",
        Location(path),
        stage=Stage.READ,
    )


def unreadable(where: Location, reason: str) -> Diagnostic:
    return Diagnostic(Code.UNREADABLE_FILE, Severity.ERROR, reason, where, stage=Stage.READ)


def byte_location(data: bytes, offset: int, path: str) -> Location:
    """The line and column (counted in characters) of the byte at ``offset``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(path, data.count(b"\n", 0, offset) + 1, column)
