"""The columns of GDELT's event exports, as GDELT's codebooks name them.

GDELT 1.0 (daily files, 1979 onwards) and GDELT 2.0 (15-minute files, 2015 onwards) share the
first 35 columns: the event's id and date, two actors of ten columns each, the event's CAMEO code
and the coder's counts. Then come three geolocations (Actor1, Actor2, Action): 7 columns each in
1.0, 8 in 2.0 (2.0 adds ADM2Code), then DATEADDED and SOURCEURL. GDELT 1.0 rows before April
2013 have no SOURCEURL: 57 columns instead of 58. Tab-separated, no header.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

ACTOR_FIELDS = (
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
)
EVENT_FIELDS = (
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
)
GEO_FIELDS_1 = ("Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID")
GEO_FIELDS_2 = (
    "Type",
    "FullName",
    "CountryCode",
    "ADM1Code",
    "ADM2Code",
    "Lat",
    "Long",
    "FeatureID",
)


def _columns(geo_fields: tuple[str, ...]) -> tuple[str, ...]:
    actors = [f"{actor}{field}" for actor in ("Actor1", "Actor2") for field in ACTOR_FIELDS]
    geo = [f"{who}Geo_{field}" for who in ("Actor1", "Actor2", "Action") for field in geo_fields]
    head = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    return (*head, *actors, *EVENT_FIELDS, *geo, "DATEADDED", "SOURCEURL")


@dataclass(frozen=True)
class Layout:
    """One export format: its columns in order, and the row widths it allows."""

    name: str
    columns: tuple[str, ...]
    widths: frozenset[int]
    #: Digits of DATEADDED: YYYYMMDD (1.0) or YYYYMMDDHHMMSS (2.0).
    added_digits: int

    @cached_property
    def index(self) -> dict[str, int]:
        """Each column's position (0-based), by name."""
        return {name: position for position, name in enumerate(self.columns)}

    def describe_widths(self) -> str:
        return " or ".join(str(w) for w in sorted(self.widths))


LAYOUTS: dict[str, Layout] = {
    "gdelt-2.0": Layout("GDELT 2.0", _columns(GEO_FIELDS_2), frozenset({61}), 14),
    "gdelt-1.0": Layout("GDELT 1.0", _columns(GEO_FIELDS_1), frozenset({57, 58}), 8),
}
