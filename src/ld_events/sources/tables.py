"""Rows of a tab-separated table, streamed: the csv module over the open file, one row at a time.

A table is never held whole: each row is handed on as it is read, with its line number (a row
is a line: the exports quote nothing). Bytes that are not UTF-8 are reported at their row and
column (and the row skipped), like every other problem of a source, never raised.
"""

from __future__ import annotations

import csv
from collections.abc import Generator
from dataclasses import dataclass, field

from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import SourceFile


@dataclass
class TableRows:
    """The rows of one file. A row that is not UTF-8 is not handed on: its diagnostic goes to
    ``skipped`` before the next row is (a bad row, counted like the others); problems of the
    file itself (it cannot be opened, or read further) go to ``diagnostics``."""

    file: SourceFile
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Diagnostic] = field(default_factory=list)
    #: How cells are written: tab-separated and never quoted (GDELT, ICEWS), or a dialect of
    #: CSV (mapped tables: quoted cells may span lines; a row is numbered by its first line).
    delimiter: str = "\t"
    quote_char: str | None = None
    double_quote: bool = True

    def __iter__(self) -> Generator[tuple[int, list[str]]]:
        try:
            # A spreadsheet's "CSV UTF-8" starts with a byte order mark: not part of a cell.
            encoding = "utf-8-sig" if self.quote_char else "utf-8"
            handle = self.file.path.open(encoding=encoding, errors="surrogateescape", newline="")
        except OSError as exc:
            self.problem(Code.UNREADABLE_FILE, exc.strerror or str(exc), 0, 0)
            return
        with handle:
            rows = csv.reader(
                handle,
                delimiter=self.delimiter,
                quoting=csv.QUOTE_MINIMAL if self.quote_char else csv.QUOTE_NONE,
                quotechar=self.quote_char,
                doublequote=self.double_quote,
                strict=True,
            )
            ended = 0
            try:
                for cells in rows:
                    start, ended = ended + 1, rows.line_num
                    if cells and self.decoded(cells, start):
                        yield start, cells
            except csv.Error as exc:
                kind = "a CSV" if self.quote_char else "a tab-separated"
                message = f"not {kind} row ({exc}); the rest of the file is not read"
                self.problem(Code.MALFORMED_ROW, message, rows.line_num + 1, 1)

    def decoded(self, cells: list[str], row: int) -> bool:
        """Whether every cell is UTF-8 text; if not, a diagnostic at the first bad cell."""
        for column, cell in enumerate(cells, 1):
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError as exc:
                byte = ord(cell[exc.start]) - 0xDC00
                message = (
                    f"not UTF-8 text: byte 0x{byte:02x} in column {column}; the row is skipped"
                )
                where = Location(self.file.relative, row, column)
                self.skipped.append(
                    Diagnostic(
                        Code.UNREADABLE_FILE, Severity.ERROR, message, where, stage=Stage.READ
                    )
                )
                return False
        return True

    def problem(self, code: Code, message: str, row: int, column: int) -> None:
        where = Location(self.file.relative, row, column)
        self.diagnostics.append(Diagnostic(code, Severity.ERROR, message, where, stage=Stage.READ))
