"""GDELT 1.0 and 2.0 event exports, read at build time from the project's ``tables:``.

Each file is streamed row by row (:mod:`sources.tables`) and its triples go into the store in
chunks, so a table is never held whole. Each row is checked cell by cell (:mod:`gdelt_rows`);
a row with a problem is reported at its file, row and column and not converted. A good row
becomes a coded event (:mod:`gdelt_rdf`): GDELT's reading of an article, attributed to GDELT.
See docs/importers.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ld_events.report import Location
from ld_events.sources.base import FileRead, SourceFile, Sources
from ld_events.sources.coded_tables import TableReader, cameo_labels
from ld_events.sources.gdelt_columns import LAYOUTS
from ld_events.sources.gdelt_rdf import Minter
from ld_events.sources.gdelt_rows import CodedRow, parse_row

if TYPE_CHECKING:
    from ld_events.config import Config


class GdeltReader(TableReader):
    """GDELT event exports (``tables:`` entries of format ``gdelt-2.0`` or ``gdelt-1.0``)."""

    formats: ClassVar[tuple[str, ...]] = tuple(LAYOUTS)
    coder_name = "GDELT"

    def __init__(self, config: Config, into: Sources) -> None:
        super().__init__(config, into)
        self.minter = Minter(config.base, cameo_labels=cameo_labels())
        self.codes = frozenset(self.minter.cameo_labels)
        self.add(FileRead(triples=self.minter.coder_triples()))

    def convert(self, file: SourceFile, cells: list[str], where: Location, into: FileRead) -> None:
        parsed = parse_row(LAYOUTS[file.format], cells, self.codes)
        if not isinstance(parsed, CodedRow):
            self.problems(parsed, where, into)
        elif self.first_read(parsed.event_id, where, into):
            self.problems(list(parsed.repairs), where, into)
            self.add_event(*self.minter.row_triples(parsed), where, into)
