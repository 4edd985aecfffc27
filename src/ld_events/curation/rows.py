"""Which rows of a table file to import: by event id, by day, the first N; bad rows located.

The file is streamed like a table the build reads (:mod:`sources.tables`), each row checked by
its format's parser (:mod:`sources.gdelt_rows`, :mod:`sources.icews_rows`), so a bad row is
reported at its file, row and column exactly as a build reports it. Reading stops once the
selection is complete.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field

from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import SourceFile
from ld_events.sources.coded_tables import CellProblem, cameo_labels, cell_diagnostic
from ld_events.sources.gdelt_columns import LAYOUTS
from ld_events.sources.gdelt_rows import CodedRow
from ld_events.sources.gdelt_rows import parse_row as parse_gdelt
from ld_events.sources.icews_actions import action_codes
from ld_events.sources.icews_columns import FULL_COLUMNS
from ld_events.sources.icews_rows import IcewsRow
from ld_events.sources.icews_rows import parse_row as parse_icews
from ld_events.sources.tables import TableRows

#: The formats rows can be imported from, and who coded them (as messages name the coder).
IMPORT_FORMATS = {"gdelt-2.0": "GDELT", "gdelt-1.0": "GDELT", "icews": "ICEWS"}

Row = CodedRow | IcewsRow
Parser = Callable[[list[str]], Row | list[CellProblem]]


@dataclass(frozen=True)
class Selection:
    """Which rows: those of the given event ids, of one day, at most ``limit`` of them."""

    ids: tuple[str, ...] = ()
    date: str | None = None
    limit: int | None = None


@dataclass(frozen=True)
class PickedRow:
    line: int
    row: Row


@dataclass
class Picked:
    """The rows picked, in file order, and the problems met picking them."""

    rows: list[PickedRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def row_parser(table_format: str) -> Parser:
    """The checks a build makes of a row of ``table_format``."""
    labels = cameo_labels()
    codes = frozenset(labels)
    if table_format == "icews":
        actions = action_codes(labels)
        return lambda cells: parse_icews(cells, actions, codes)
    layout = LAYOUTS[table_format]
    return lambda cells: parse_gdelt(layout, cells, codes)


def pick_rows(file: SourceFile, selection: Selection, parse: Parser) -> Picked:
    """The selected rows of ``file``. A bad row is reported if it could be one of them: any
    row read before the selection is complete, or with ``--id``, a row whose first cell is one
    of the ids (a bad row cannot be told by its date)."""
    picked, found = Picked(), set[str]()
    rows = TableRows(file)
    with closing(iter(rows)) as each:
        for line, cells in each:
            picked.diagnostics += rows.skipped
            rows.skipped.clear()
            if line == 1 and tuple(c.strip() for c in cells) == FULL_COLUMNS:
                continue  # the header of ICEWS's full layout
            parsed = parse(cells)
            if isinstance(parsed, list):
                if not selection.ids or cells[0].strip() in selection.ids:
                    where = Location(file.relative, line, 1)
                    picked.diagnostics += [cell_diagnostic(p, where) for p in parsed]
            elif _selected(parsed, selection) and parsed.event_id not in found:
                found.add(parsed.event_id)
                picked.rows.append(PickedRow(line, parsed))
            if _complete(picked, selection):
                break
    picked.diagnostics += rows.skipped + rows.diagnostics
    picked.diagnostics += _missing(file, selection, picked)
    return picked


def event_ids(row: Row) -> set[str]:
    """The ids an ``--id`` may name a row by: its event id; for ICEWS's full layout, also its
    Event ID alone (the event id adds the date, an Event ID alone being ambiguous)."""
    ids = {row.event_id}
    if isinstance(row, IcewsRow) and row.story:
        ids.add(row.event_id.split("-", 1)[0])
    return ids


def _selected(row: Row, selection: Selection) -> bool:
    if selection.ids and not event_ids(row) & set(selection.ids):
        return False
    return selection.date is None or row.date == selection.date


def _complete(picked: Picked, selection: Selection) -> bool:
    if selection.limit is not None and len(picked.rows) >= selection.limit:
        return True
    if not selection.ids or selection.date is not None:
        return False
    named = set().union(*(event_ids(p.row) for p in picked.rows))
    return set(selection.ids) <= named


def _missing(file: SourceFile, selection: Selection, picked: Picked) -> list[Diagnostic]:
    """An ``--id`` that names no row (of that day, with ``--date``)."""
    if selection.limit is not None and len(picked.rows) >= selection.limit:
        return []
    named = set().union(*(event_ids(p.row) for p in picked.rows))
    coder = IMPORT_FORMATS[file.format]
    on = f" of {selection.date}" if selection.date else ""
    return [
        Diagnostic(
            Code.BAD_USAGE,
            Severity.ERROR,
            f"no good row of {coder} event {ident}{on} in the file",
            Location(file.relative),
            stage=Stage.USAGE,
        )
        for ident in selection.ids
        if ident not in named
    ]
