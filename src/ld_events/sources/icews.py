"""ICEWS coded event tables, read at build time from the project's ``tables:`` (``icews``).

The rows stream like every table's (:mod:`coded_tables`); each is checked cell by cell
(:mod:`icews_rows`) and becomes a coded event (:mod:`icews_rdf`): ICEWS's reading of a news
story, attributed to ICEWS. Both the four-column rows and the codebook's 20 columns are read,
told apart by each row's width. See docs/importers.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ld_events.report import Location
from ld_events.sources.base import FileRead, SourceFile, Sources
from ld_events.sources.coded_tables import TableReader, cameo_labels
from ld_events.sources.icews_actions import action_codes
from ld_events.sources.icews_columns import FULL_COLUMNS
from ld_events.sources.icews_rdf import IcewsMinter
from ld_events.sources.icews_rows import IcewsRow, parse_row

if TYPE_CHECKING:
    from ld_events.config import Config


class IcewsReader(TableReader):
    """ICEWS event tables (``tables:`` entries of format ``icews``)."""

    formats: ClassVar[tuple[str, ...]] = ("icews",)
    coder_name = "ICEWS"

    def __init__(self, config: Config, into: Sources) -> None:
        super().__init__(config, into)
        self.minter = IcewsMinter(config.base, cameo_labels=cameo_labels())
        self.actions = action_codes(self.minter.cameo_labels)
        self.codes = frozenset(self.minter.cameo_labels)
        self.add(FileRead(triples=self.minter.coder_triples()))

    def convert(self, file: SourceFile, cells: list[str], where: Location, into: FileRead) -> None:
        if where.line == 1 and tuple(c.strip() for c in cells) == FULL_COLUMNS:
            return  # the header row of the full layout
        parsed = parse_row(cells, self.actions, self.codes)
        if not isinstance(parsed, IcewsRow):
            self.problems(parsed, where, into)
        elif self.first_read(parsed.event_id, where, into):
            self.problems(list(parsed.repairs), where, into)
            self.add_event(*self.minter.row_triples(parsed), where, into)
