"""One ICEWS row, checked cell by cell: what it says, or what is wrong with it and where.

A full-layout row also names its story (``Story ID``, ``Publisher``, ``Sentence Number``) and
where the event happened (``City``, ``District``, ``Province``, ``Country``, ``Latitude``,
``Longitude``): a latitude of 200, a story id that is not a number, coordinates without a place
name are problems at their column. An actor string is a name (``John Kerry``, ``Japan``) or a
sector of a country written ``Sector (Country)``: ``Citizen (India)``, ``Company - Owner or
Operator (India)``, the country itself possibly holding parentheses (``Clergy (Holy See
(Vatican City State))``). An action name is matched to its CAMEO code by :mod:`icews_actions`;
a name that matches none is an error.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ld_events.report import Code
from ld_events.sources.coded_cells import Cells
from ld_events.sources.coded_tables import CellProblem
from ld_events.sources.icews_actions import normalised
from ld_events.sources.icews_columns import FULL, LAYOUT_BY_WIDTH, SHORT


@dataclass(frozen=True)
class IcewsActor:
    """An actor as ICEWS writes it: the whole string, and its sectors and country if any."""

    name: str
    sectors: tuple[str, ...] = ()
    country: str = ""


@dataclass(frozen=True)
class IcewsPlace:
    """Where a full-layout row places its event: its names, broadest first, and position."""

    country: str
    province: str
    district: str
    city: str
    lat: str | None
    long: str | None

    @property
    def names(self) -> tuple[str, ...]:
        """The names given, broadest first, a name repeating the one before it left out."""
        found: list[str] = []
        for name in (self.country, self.province, self.district, self.city):
            if name and (not found or found[-1] != name):
                found.append(name)
        return tuple(found)


@dataclass(frozen=True)
class IcewsRow:
    event_id: str
    date: str
    agent: IcewsActor
    action: str
    cameo: str
    target: IcewsActor
    intensity: str | None = None
    story: str = ""
    publisher: str = ""
    sentence: int | None = None
    place: IcewsPlace | None = None
    repairs: tuple[CellProblem, ...] = ()


def split_actor(name: str) -> tuple[str, str]:
    """``Sector (Country)`` → (sector, country); a plain name → (name, "")."""
    if not name.endswith(")"):
        return name, ""
    depth = 0
    for position in range(len(name) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(name[position], 0)
        if depth == 0:
            sector, country = name[:position], name[position + 1 : -1].strip()
            if sector.endswith(" ") and sector.strip() and country:
                return sector.strip(), country
            return name, ""
    return name, ""


def parse_actor(name: str, sectors: str = "", country: str = "") -> IcewsActor:
    """The actor a cell names; the full layout's sectors and country cells are added to it."""
    sector, in_name = split_actor(name)
    found = [sector] if in_name else []
    found += [s.strip() for s in sectors.split(",") if s.strip() and s.strip() not in found]
    return IcewsActor(name, tuple(found), in_name or country)


def parse_row(
    cells: list[str], actions: dict[str, str], codes: frozenset[str]
) -> IcewsRow | list[CellProblem]:
    """The row, or every problem of it (``actions``: normalised action names → CAMEO codes,
    ``codes``: every CAMEO code)."""
    layout = LAYOUT_BY_WIDTH.get(len(cells))
    if layout is None:
        column = min(len(cells), len(FULL.columns)) or 1
        message = f"column {column}: the row ends here, after {len(cells)} columns, not 4 "
        message += "(actor, action, actor, date) or 20 (the ICEWS codebook's columns)"
        return [CellProblem(Code.MALFORMED_ROW, column, "", message)]
    row = Cells(layout, cells)
    date = row.iso_date("Event Date")
    action = row.text("Event Text")
    cameo = actions.get(normalised(action), "")
    if layout is FULL and row["CAMEO Code"]:
        cameo = row["CAMEO Code"]
        if cameo not in codes:
            row.problem(Code.UNKNOWN_CAMEO_CODE, "CAMEO Code", f"'{cameo}' is not a CAMEO code")
    elif not cameo:
        row.problem(Code.UNKNOWN_ACTION, "Event Text", f"'{action}' is not a CAMEO action name")
    if layout is FULL and not (row["Event ID"].isascii() and row["Event ID"].isdigit()):
        row.problem(Code.BAD_NUMBER, "Event ID", f"'{row['Event ID']}' is not an ICEWS event id")
    agent, target = _actor(row, "Source"), _actor(row, "Target")
    for name, actor in (("Source Name", agent), ("Target Name", target)):
        if not actor.name:
            row.problem(Code.MALFORMED_ROW, name, "no actor")
    story, publisher, sentence, place = _story(row) if layout is FULL else ("", "", None, None)
    parsed = IcewsRow(
        event_id=_event_id(row, cells, date),
        date=date,
        agent=agent,
        action=action,
        cameo=cameo,
        target=target,
        intensity=row.decimal("Intensity", -10, 10) if layout is FULL else None,
        story=story,
        publisher=publisher,
        sentence=sentence,
        place=place,
        repairs=tuple(row.repairs),
    )
    return row.problems or parsed


def _story(row: Cells) -> tuple[str, str, int | None, IcewsPlace | None]:
    """What a full-layout row says of its story (id, publisher, sentence) and place."""
    story = row["Story ID"]
    if story and not (story.isascii() and story.isdigit()):
        row.problem(Code.BAD_NUMBER, "Story ID", f"'{story}' is not an ICEWS story id")
    sentence = row.integer("Sentence Number", 1) if row["Sentence Number"] else None
    return story, row.text("Publisher"), sentence, _place(row)


def _place(row: Cells) -> IcewsPlace | None:
    """The place of the event, if the row names one; coordinates come in pairs, with a name."""
    lat = row.decimal("Latitude", -90, 90, Code.BAD_COORDINATE)
    long = row.decimal("Longitude", -180, 180, Code.BAD_COORDINATE)
    country, province = row.text("Country"), row.text("Province")
    place = IcewsPlace(country, province, row.text("District"), row.text("City"), lat, long)
    for name, value, other in (("Latitude", lat, long), ("Longitude", long, lat)):
        if value is None and other is not None and not row[name]:
            row.problem(Code.BAD_COORDINATE, name, "missing: a position needs both coordinates")
    if not place.names:
        if row["Latitude"] or row["Longitude"]:
            message = "a position, but no City, District, Province or Country to name the place"
            row.problem(Code.BAD_COORDINATE, "Latitude", message)
        return None
    return place


def _actor(row: Cells, prefix: str) -> IcewsActor:
    if row.layout is SHORT:
        return parse_actor(row.text(prefix + " Name"))
    return parse_actor(
        row.text(prefix + " Name"), row.text(prefix + " Sectors"), row.text(prefix + " Country")
    )


def _event_id(row: Cells, cells: list[str], date: str) -> str:
    """ICEWS's Event ID and the date (an Event ID alone is not unique in ICEWS); for a
    four-column row, which has no id, the date and a hash of its four cells."""
    day = date.replace("-", "")
    if row.layout is FULL:
        return f"{row['Event ID']}-{day}"
    digest = hashlib.sha256("\t".join(c.strip() for c in cells).encode("utf-8")).hexdigest()
    return f"{day}-{digest[:12]}"
