"""Any table, by a mapping file: ``tables:`` entries of ``format: table`` with ``mapping:``.

The mapping is W3C CSVW metadata (:mod:`csvw_metadata`); the rows stream like every table's
(:mod:`coded_tables`: read one at a time, stored in chunks), each turned into triples by its
columns (:mod:`csvw_rows`) and attributed to the coder the mapping names (:mod:`mapped_rdf`).
A mapping that cannot be read is reported at its line and its tables are not read; a header
that is not the mapping's, at its column, and the file is not read; a bad cell, at its row and
column, and the row is not converted. See docs/importers.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from ld_events.report import Location
from ld_events.sources.base import FileRead, SourceFile, Sources
from ld_events.sources.coded_tables import TableReader
from ld_events.sources.csvw_metadata import Mapping, read_mapping
from ld_events.sources.csvw_rows import RowConverter
from ld_events.sources.mapped_rdf import MappedMinter, concept_labels
from ld_events.sources.tables import TableRows

if TYPE_CHECKING:
    from ld_events.config import Config


@dataclass
class _FileState:
    """Where the reading of one file is: rows to skip, the header, the data rows."""

    converter: RowConverter
    minter: MappedMinter
    skip: int
    header: int
    rows: int = 0
    broken: bool = False


@dataclass
class _Mapped:
    mapping: Mapping | None
    minter: MappedMinter | None = None
    files: list[str] = field(default_factory=list)


class MappedReader(TableReader):
    """Tables read by a mapping file (``tables:`` entries of format ``table``)."""

    formats: ClassVar[tuple[str, ...]] = ("table",)
    coder_name = "The mapping's"

    def __init__(self, config: Config, into: Sources) -> None:
        super().__init__(config, into)
        self.mappings: dict[str, _Mapped] = {}
        self.concepts = concept_labels(config.language)
        #: Resources described by earlier rows, whatever the table: one label each.
        self.described: dict[str, str] = {}
        self.state: _FileState | None = None

    def read(self, file: SourceFile) -> None:
        mapped = self.mapped(file.mapping)
        if mapped.mapping is None or mapped.minter is None:
            return
        mapping = mapped.mapping
        self.state = _FileState(
            RowConverter(mapping, self.config.base),
            mapped.minter,
            mapping.dialect.skip_rows,
            mapping.dialect.header_rows,
        )
        self.coder_name = mapped.minter.coder_name
        super().read(file)
        self.state = None

    def table_rows(self, file: SourceFile) -> TableRows:
        dialect = self.mapped(file.mapping).mapping.dialect  # type: ignore[union-attr]
        return TableRows(
            file,
            delimiter=dialect.delimiter,
            quote_char=dialect.quote_char,
            double_quote=dialect.double_quote,
        )

    def mapped(self, path: str) -> _Mapped:
        """The mapping of that file, read once; its problems reported once."""
        if path not in self.mappings:
            read = read_mapping(self.config.root / path, path, self.config.base)
            self.into.report.extend(read.diagnostics)
            mapped = _Mapped(read.mapping)
            if read.mapping is not None:
                mapped.minter = MappedMinter(
                    read.mapping.coder, self.config.language, self.concepts, self.described
                )
                self.add(FileRead(triples=mapped.minter.coder_triples()))
            self.mappings[path] = mapped
        return self.mappings[path]

    def convert(self, file: SourceFile, cells: list[str], where: Location, into: FileRead) -> None:
        state = self.state
        if state is None or state.broken:
            return
        if state.skip:
            state.skip -= 1
            return
        if state.header:
            state.header -= 1
            problems = state.converter.header_problems(cells)
            state.broken = bool(problems)
            self.problems(problems, where, into)
            return
        state.rows += 1
        row = state.converter.convert(cells, state.rows, where.line)
        if row.problems or row.subject is None:
            self.problems(row.problems, where, into)
        elif self.first_read(row.subject.value, where, into):
            at = f"row {where.line} of {file.relative}"
            triples, named = state.minter.row_triples(row.subject, row.triples, at)
            self.add_event(row.subject, triples, named, where, into)
