"""How a person would write fuzzy dates and vague counts: "27–28 June 2021", "at least 5"."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHS = list(calendar.month_name)


@dataclass(frozen=True)
class Bounds:
    """Outer bounds of a time span, as ISO text (date or dateTime); either may be open."""

    start: str | None
    end: str | None

    @property
    def sort_key(self) -> str:
        return (self.start or self.end or "9999")[:19]


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _long(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def _time_of_day(text: str) -> str:
    return (
        f" {text[11:16]} UTC"
        if len(text) > 10 and text.endswith("Z")
        else (f" {text[11:16]}" if len(text) > 10 else "")
    )


def describe_bounds(bounds: Bounds) -> str:
    """'27 June 2021', '27–28 June 2021', 'April 2021', '2021', 'by 26 June 2021'."""
    start, end = bounds.start, bounds.end
    if start and end:
        return _describe_range(start, end)
    if start:
        return f"from {_long(_day(start))}{_time_of_day(start)}"
    if end:
        return f"by {_long(_day(end))}{_time_of_day(end)}"
    return "date unknown"


_XSD = "http://www.w3.org/2001/XMLSchema#"


def describe_date(text: str, datatype: str) -> str | None:
    """A date literal as a reader would write it, at its precision: "28 June 2021", "March
    2021", "2021"; None if the literal is not a date, a month or a year."""
    if datatype in (_XSD + "date", _XSD + "dateTime"):
        return describe_bounds(Bounds(text, text))
    try:
        if datatype == _XSD + "gYearMonth":
            first = dt.date.fromisoformat(text + "-01")
            return describe_bounds(Bounds(first.isoformat(), _month_end(first).isoformat()))
        if datatype == _XSD + "gYear":
            return describe_bounds(Bounds(f"{int(text):04d}-01-01", f"{int(text):04d}-12-31"))
    except ValueError:  # ill-typed: SHACL reports it, the page shows it as written
        return None
    return None


def _describe_range(start: str, end: str) -> str:
    first, last = _day(start), _day(end)
    if len(start) > 10 or len(end) > 10:
        if first == last:
            return f"{_long(first)},{_time_of_day(start)} to{_time_of_day(end)}".replace("  ", " ")
        return f"{_long(first)}{_time_of_day(start)} to {_long(last)}{_time_of_day(end)}"
    if first == last:
        return _long(first)
    if first.day == 1 and last == _month_end(last) and first.year == last.year:
        if first.month == last.month:
            return f"{MONTHS[first.month]} {first.year}"
        if first.month == 1 and last.month == 12:
            return str(first.year)
        return f"{MONTHS[first.month]}–{MONTHS[last.month]} {first.year}"
    if first.year != last.year:
        return f"{_long(first)} – {_long(last)}"
    if first.month != last.month:
        return f"{first.day} {MONTHS[first.month]} – {last.day} {MONTHS[last.month]} {first.year}"
    return f"{first.day}–{last.day} {MONTHS[first.month]} {first.year}"


def at_their_precision(bounds: Bounds) -> Bounds:
    """The bounds as ISO 8601 dates of the precision a reader is shown (``describe_bounds``): a
    span of whole months as its first and last month (``2021-04``), of whole years as years
    (``2021``); any other span as it is. For schema.org's ``startDate`` and ``endDate``, which
    would otherwise claim a day that nobody knows."""
    start, end = bounds.start, bounds.end
    if not (start and end) or len(start) != 10 or len(end) != 10:
        return bounds
    try:
        first, last = _day(start), _day(end)
    except ValueError:  # not a date Python can hold (a year before 1): as it is
        return bounds
    if first.day != 1 or last != _month_end(last) or first > last:
        return bounds
    if first.month == 1 and last.month == 12:
        return Bounds(start[:4], end[:4])
    return Bounds(start[:7], end[:7])


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True)
class Count:
    value: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    verbatim: str | None = None


def describe_count(count: Count) -> str:
    """'5', 'at least 5', 'at most 10', '5 to 10', or the source's own words."""
    if count.value is not None:
        return f"{count.value:,}"
    if count.minimum is not None and count.maximum is not None:
        if count.minimum == count.maximum:
            return f"{count.minimum:,}"
        return f"{count.minimum:,} to {count.maximum:,}"
    if count.minimum is not None:
        return f"at least {count.minimum:,}"
    if count.maximum is not None:
        return f"at most {count.maximum:,}"
    return f"“{count.verbatim}”" if count.verbatim else "unknown"
