"""The columns of ICEWS coded event tables.

Two layouts, told apart by the width of each row (both are ``format: icews``):

- **The four-column rows** of the temporal knowledge-graph releases of ICEWS (ICEWS14,
  ICEWS05-15): ``source actor <TAB> action name <TAB> target actor <TAB> YYYY-MM-DD``. They are
  named here after the codebook columns they are taken from.
- **The full layout** of the *ICEWS Coded Event Data* (Harvard Dataverse, doi:10.7910/DVN/28075):
  20 tab-separated columns, with a header row of these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

SHORT_COLUMNS = ("Source Name", "Event Text", "Target Name", "Event Date")
FULL_COLUMNS = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)


@dataclass(frozen=True)
class IcewsLayout:
    name: str
    columns: tuple[str, ...]

    @cached_property
    def index(self) -> dict[str, int]:
        return {name: position for position, name in enumerate(self.columns)}


SHORT = IcewsLayout("ICEWS four-column", SHORT_COLUMNS)
FULL = IcewsLayout("ICEWS coded event", FULL_COLUMNS)
LAYOUT_BY_WIDTH = {len(SHORT_COLUMNS): SHORT, len(FULL_COLUMNS): FULL}
