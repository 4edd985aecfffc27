"""What every event-table reader shares: the row loop, bad-cell diagnostics, the CAMEO codes.

A :class:`TableReader` streams each file (:mod:`sources.tables`), hands each row to its format's
:meth:`TableReader.convert`, and puts the triples into the store every :data:`CHUNK_ROWS` rows,
so a table is never held whole. A row with a problem is reported at its file, row and column
(:func:`cell_diagnostic`) and not converted; an event read twice is reported, not read again.
A bad row is an error, unless its ``tables:`` entry allows some (``max_bad_rows``): then the
first ones are skipped, each still reported (as a warning saying so) and counted per file.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import Counter
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode, RdfFormat, Triple, parse

from ld_events.assets import asset_dir
from ld_events.rdf.vocab import CAMEO, SKOS
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import FileRead, Reader, SourceFile, Sources
from ld_events.sources.tables import TableRows

if TYPE_CHECKING:
    from ld_events.config import Config

#: Rows converted before their triples go into the store.
CHUNK_ROWS = 2_000


@dataclass(frozen=True)
class CellProblem:
    code: Code
    column: int
    column_name: str
    message: str


def cameo_labels() -> dict[str, str]:
    """Every CAMEO event code of ``ontology/cameo.ttl`` and its English name."""
    labels: dict[str, str] = {}
    pref_label = SKOS + "prefLabel"
    for triple in parse(path=asset_dir("ontology") / "cameo.ttl", format=RdfFormat.TURTLE):
        subject, obj = triple.subject, triple.object
        if (
            triple.predicate.value == pref_label
            and isinstance(subject, NamedNode)
            and subject.value.startswith(CAMEO)
            and getattr(obj, "language", None) == "en"
        ):
            labels[subject.value.removeprefix(CAMEO)] = obj.value
    return labels


class TableReader(Reader):
    """An event table read row by row; a subclass turns one row into triples."""

    #: Who coded the rows, as messages name it ("GDELT", "ICEWS").
    coder_name = ""

    def __init__(self, config: Config, into: Sources) -> None:
        super().__init__(config, into)
        #: Where each event was first read, to report one read twice.
        self.events: dict[str, Location] = {}
        #: Bad rows met so far, by ``tables:`` entry (its glob): they share one allowance.
        self.bad_rows: Counter[str] = Counter()

    def read(self, file: SourceFile) -> None:
        rows = self.table_rows(file)
        chunk = FileRead()
        for number, cells in rows:
            self.undecoded(rows, file, chunk)
            before = len(chunk.diagnostics)
            self.convert(file, cells, Location(file.relative, number, 1), chunk)
            if len(chunk.diagnostics) > before:
                chunk.diagnostics[before:] = self.bad_row(file, chunk.diagnostics[before:])
            if number % CHUNK_ROWS == 0:
                self.add(chunk)
                chunk = FileRead()
        self.undecoded(rows, file, chunk)
        chunk.diagnostics += rows.diagnostics
        self.add(chunk)

    def undecoded(self, rows: TableRows, file: SourceFile, into: FileRead) -> None:
        """The rows that were not UTF-8 since the last row read: bad rows, in their order."""
        for diagnostic in rows.skipped:
            into.diagnostics += self.bad_row(file, [diagnostic])
        rows.skipped.clear()

    def bad_row(self, file: SourceFile, found: list[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics of one row. If one is an error, the row is bad: within its table's
        ``max_bad_rows`` it is skipped and its errors become warnings saying so; beyond, they
        stay errors and say why. With no allowance (0), they are left as they are."""
        if not file.max_bad_rows or all(d.severity is not Severity.ERROR for d in found):
            return found
        self.bad_rows[file.table] += 1
        count, allowed = self.bad_rows[file.table], file.max_bad_rows
        if count > allowed:
            note = f" (bad row {count} of {file.table}: more than the {allowed} "
            note += "max_bad_rows allows)"
            return [_noted(d, note, Severity.ERROR) for d in found]
        skipped = self.into.skipped_rows
        skipped[file.relative] = skipped.get(file.relative, 0) + 1
        note = f" (skipped: bad row {count} of at most {allowed}, max_bad_rows of {file.table})"
        return [_noted(d, note, Severity.WARNING) for d in found]

    def table_rows(self, file: SourceFile) -> TableRows:
        """How the file's rows are read: tab-separated and unquoted, unless a format says."""
        return TableRows(file)

    @abstractmethod
    def convert(self, file: SourceFile, cells: list[str], where: Location, into: FileRead) -> None:
        """One row into ``into``: its triples and locations, or its problems."""

    def problems(self, problems: list[CellProblem], where: Location, into: FileRead) -> None:
        into.diagnostics += [cell_diagnostic(problem, where) for problem in problems]

    def first_read(self, event_id: str, where: Location, into: FileRead) -> bool:
        """Whether the event is read for the first time; if not, a ``duplicate-id`` error."""
        first = self.events.setdefault(event_id, where)
        if first is not where:
            into.diagnostics.append(self.duplicate(event_id, first, where))
        return first is where

    def duplicate(self, event_id: str, first: Location, where: Location) -> Diagnostic:
        message = f"{self.coder_name} event {event_id} is read twice: first at {first}; "
        message += "the row is not read again"
        at = Location(where.path, where.line, 1)
        return Diagnostic(Code.DUPLICATE_ID, Severity.ERROR, message, at, stage=Stage.READ)

    def add_event(
        self,
        event: NamedNode,
        triples: list[Triple],
        named: list[NamedNode],
        where: Location,
        into: FileRead,
    ) -> None:
        """A converted row: its triples, and the row as the location of what it describes."""
        into.triples += triples
        into.nodes[event.value] = where
        for node in named:
            into.nodes.setdefault(node.value, where)


def _noted(diagnostic: Diagnostic, note: str, severity: Severity) -> Diagnostic:
    """An error of a bad row, with ``note`` added and the given severity; others unchanged."""
    if diagnostic.severity is not Severity.ERROR:
        return diagnostic
    return replace(diagnostic, severity=severity, message=diagnostic.message + note)


def cell_diagnostic(problem: CellProblem, row: Location) -> Diagnostic:
    """A bad cell (an error: the row is not read), or a repaired one (a warning)."""
    where = Location(row.path, row.line, problem.column)
    if problem.code is Code.BAD_TEXT:
        return Diagnostic(problem.code, Severity.WARNING, problem.message, where, stage=Stage.READ)
    message = f"{problem.message}; the row is not read"
    return Diagnostic(problem.code, Severity.ERROR, message, where, stage=Stage.READ)
