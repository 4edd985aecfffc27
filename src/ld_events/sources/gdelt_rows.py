"""One GDELT row, checked cell by cell: what it says, or what is wrong with it and where.

:func:`parse_row` turns the cells of a row into a :class:`CodedRow`, or reports each bad cell
as a :class:`CellProblem` naming its column: a date that is not one (``20141399``), an event code
CAMEO does not have, a latitude of 200, a count that is not a number, a row of the wrong width.
A row with a problem is not converted at all; every problem of it is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ld_events.report import Code
from ld_events.sources.coded_cells import Cells
from ld_events.sources.coded_tables import CellProblem
from ld_events.sources.gdelt_columns import Layout


@dataclass(frozen=True)
class CodedActor:
    code: str
    name: str
    country: str
    known_group: str
    ethnicity: str
    religions: tuple[str, ...]
    types: tuple[str, ...]


@dataclass(frozen=True)
class CodedPlace:
    geo_type: int
    name: str
    country: str
    adm1: str
    adm2: str
    lat: str | None
    long: str | None
    feature_id: str


@dataclass(frozen=True)
class CodedRow:
    """What one row says, with numbers and dates in their RDF lexical forms."""

    event_id: str
    date: str
    cameo: str
    actor1: CodedActor | None
    actor2: CodedActor | None
    place: CodedPlace | None
    root_event: bool
    quad_class: int
    goldstein: str | None
    mentions: int
    sources: int
    articles: int
    tone: str | None
    added_date: str
    added_time: str | None
    source: str
    #: Cells read with a repair (a warning each): the row is converted all the same.
    repairs: tuple[CellProblem, ...] = ()


def parse_row(
    layout: Layout, cells: list[str], cameo: frozenset[str]
) -> CodedRow | list[CellProblem]:
    """The row, or every problem of it."""
    if len(cells) not in layout.widths:
        column = min(len(cells), len(layout.columns)) or 1
        name = layout.columns[column - 1]
        message = f"column {name}: the row ends here, after {len(cells)} columns, "
        message += f"not {layout.describe_widths()} as in a {layout.name} export"
        return [CellProblem(Code.MALFORMED_ROW, column, name, message)]
    row = Cells(layout, cells)
    event_id = row["GLOBALEVENTID"]
    if not (event_id.isascii() and event_id.isdigit()):
        row.problem(Code.BAD_NUMBER, "GLOBALEVENTID", f"'{event_id}' is not a GDELT event id")
    date = row.date("SQLDATE")
    code = row["EventCode"]
    if code not in cameo:
        row.problem(Code.UNKNOWN_CAMEO_CODE, "EventCode", f"'{code}' is not a CAMEO event code")
    added = row["DATEADDED"]
    parsed = CodedRow(
        event_id=event_id,
        date=date,
        cameo=code,
        actor1=_actor(row, "Actor1"),
        actor2=_actor(row, "Actor2"),
        place=_place(row, "ActionGeo_"),
        root_event=row.integer("IsRootEvent", 0, 1) == 1,
        quad_class=row.integer("QuadClass", 1, 4),
        goldstein=row.decimal("GoldsteinScale", -10, 10, Code.BAD_NUMBER),
        mentions=row.integer("NumMentions"),
        sources=row.integer("NumSources"),
        articles=row.integer("NumArticles"),
        tone=row.decimal("AvgTone", -100, 100, Code.BAD_NUMBER),
        added_date=row.date("DATEADDED", layout.added_digits),
        added_time=_timestamp(added) if layout.added_digits == 14 else None,
        source=row["SOURCEURL"],
        repairs=tuple(row.repairs),
    )
    return row.problems or parsed


def _timestamp(text: str) -> str:
    return f"{text[0:4]}-{text[4:6]}-{text[6:8]}T{text[8:10]}:{text[10:12]}:{text[12:14]}Z"


def _actor(row: Cells, prefix: str) -> CodedActor | None:
    code = row[prefix + "Code"]
    if not code:
        return None
    return CodedActor(
        code=code,
        name=row.text(prefix + "Name"),
        country=row[prefix + "CountryCode"],
        known_group=row[prefix + "KnownGroupCode"],
        ethnicity=row[prefix + "EthnicCode"],
        religions=_present(row, prefix, ("Religion1Code", "Religion2Code")),
        types=_present(row, prefix, ("Type1Code", "Type2Code", "Type3Code")),
    )


def _present(row: Cells, prefix: str, names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(value for value in (row[prefix + name] for name in names) if value)


def _place(row: Cells, prefix: str) -> CodedPlace | None:
    """The geolocation, if the row has one (type 0 or empty: none; lat 0, long 0 with it)."""
    if row[prefix + "Type"] in ("", "0"):
        return None
    geo_type = row.integer(prefix + "Type", 1, 5)
    lat = row.decimal(prefix + "Lat", -90, 90, Code.BAD_COORDINATE)
    long = row.decimal(prefix + "Long", -180, 180, Code.BAD_COORDINATE)
    adm2 = row[prefix + "ADM2Code"] if prefix + "ADM2Code" in row.layout.index else ""
    return CodedPlace(
        geo_type=geo_type,
        name=row.text(prefix + "FullName"),
        country=row[prefix + "CountryCode"],
        adm1=row[prefix + "ADM1Code"],
        adm2=adm2,
        lat=lat,
        long=long,
        feature_id=row[prefix + "FeatureID"],
    )
