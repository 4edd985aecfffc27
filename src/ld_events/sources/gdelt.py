"""GDELT 1.0 and 2.0 event exports, read at build time from the project's ``tables:``.

Each file is streamed row by row (:mod:`sources.tables`) and its triples go into the store in
chunks, so a table is never held whole. Each row is checked cell by cell (:mod:`gdelt_rows`);
a row with a problem is reported at its file, row and column and not converted. A good row
becomes a coded event (:mod:`gdelt_rdf`): GDELT's reading of an article, attributed to GDELT.
See docs/importers.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from pyoxigraph import NamedNode, RdfFormat, parse

from ld_events.assets import asset_dir
from ld_events.rdf.vocab import CAMEO, SKOS
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import FileRead, Reader, SourceFile, Sources
from ld_events.sources.gdelt_columns import LAYOUTS, Layout
from ld_events.sources.gdelt_rdf import Minter
from ld_events.sources.gdelt_rows import CellProblem, CodedRow, parse_row
from ld_events.sources.tables import TableRows

if TYPE_CHECKING:
    from ld_events.config import Config

#: Rows converted before their triples go into the store.
CHUNK_ROWS = 2_000


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


class GdeltReader(Reader):
    """GDELT event exports (``tables:`` entries of format ``gdelt-2.0`` or ``gdelt-1.0``)."""

    formats: ClassVar[tuple[str, ...]] = tuple(LAYOUTS)

    def __init__(self, config: Config, into: Sources) -> None:
        super().__init__(config, into)
        self.minter = Minter(config.base, cameo_labels())
        self.codes = frozenset(self.minter.cameo_labels)
        #: Where each event id was first read, to report one read twice.
        self.events: dict[str, Location] = {}
        self.add(FileRead(triples=self.minter.gdelt_triples()))

    def read(self, file: SourceFile) -> None:
        layout = LAYOUTS[file.format]
        rows = TableRows(file)
        chunk = FileRead()
        for number, cells in rows:
            self.convert(layout, cells, Location(file.relative, number, 1), chunk)
            if number % CHUNK_ROWS == 0:
                self.add(chunk)
                chunk = FileRead()
        chunk.diagnostics += rows.diagnostics
        self.add(chunk)

    def convert(self, layout: Layout, cells: list[str], where: Location, into: FileRead) -> None:
        """One row into ``into``: its triples and locations, or its problems."""
        parsed = parse_row(layout, cells, self.codes)
        if not isinstance(parsed, CodedRow):
            into.diagnostics += [cell_diagnostic(problem, where) for problem in parsed]
            return
        first = self.events.setdefault(parsed.event_id, where)
        if first is not where:
            into.diagnostics.append(duplicate_event(parsed.event_id, first, where))
            return
        into.diagnostics += [cell_diagnostic(repair, where) for repair in parsed.repairs]
        event, triples, named = self.minter.row_triples(parsed)
        into.triples += triples
        into.nodes[event.value] = where
        for node in named:
            into.nodes.setdefault(node.value, where)


def cell_diagnostic(problem: CellProblem, row: Location) -> Diagnostic:
    """A bad cell (an error: the row is not read), or a repaired one (a warning)."""
    where = Location(row.path, row.line, problem.column)
    if problem.code is Code.BAD_TEXT:
        return Diagnostic(problem.code, Severity.WARNING, problem.message, where, stage=Stage.READ)
    message = f"{problem.message}; the row is not read"
    return Diagnostic(problem.code, Severity.ERROR, message, where, stage=Stage.READ)


def duplicate_event(event_id: str, first: Location, where: Location) -> Diagnostic:
    message = f"GDELT event {event_id} is read twice: first at {first}; the row is not read again"
    at = Location(where.path, where.line, 1)
    return Diagnostic(Code.DUPLICATE_ID, Severity.ERROR, message, at, stage=Stage.READ)
