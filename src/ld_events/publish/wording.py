"""How a person would write fuzzy dates and vague counts: "27–28 June 2021", "at least 5".

In the site's interface language: the patterns are messages of its catalogue (a translator
may reorder "%(day)s %(month)s %(year)s"), the month names the CLDR's (Babel).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

from babel.dates import get_month_names

from ld_events.translations import SOURCE_LANGUAGE, Words

ENGLISH = Words(SOURCE_LANGUAGE)


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


@cache
def month_names(language: str) -> tuple[str, ...]:
    """``("", "January", ..., "December")`` in ``language`` (the CLDR's standalone names)."""
    names = get_month_names("wide", context="stand-alone", locale=language.replace("-", "_"))
    return ("", *(names[month] for month in range(1, 13)))


def month_year(month: int, year: int | str, words: Words = ENGLISH) -> str:
    """'June 2021'."""
    name = month_names(words.language)[month]
    return words("%(month)s %(year)s", month=name, year=year)


def _long(day: dt.date, words: Words) -> str:
    month = _in_date(day.month, words)
    return words("%(day)s %(month)s %(year)s", day=day.day, month=month, year=day.year)


@cache
def _format_names(language: str) -> tuple[str, ...]:
    """Month names as a date writes them (some languages decline them: 'czerwca')."""
    names = get_month_names("wide", context="format", locale=language.replace("-", "_"))
    return ("", *(names[month] for month in range(1, 13)))


def _in_date(month: int, words: Words) -> str:
    return _format_names(words.language)[month]


def _time_of_day(text: str, words: Words) -> str:
    if len(text) <= 10:
        return ""
    if text.endswith("Z"):
        return " " + words("%(time)s UTC", time=text[11:16])
    return f" {text[11:16]}"


def describe_bounds(bounds: Bounds, words: Words = ENGLISH) -> str:
    """'27 June 2021', '27–28 June 2021', 'April 2021', '2021', 'by 26 June 2021'."""
    start, end = bounds.start, bounds.end
    if start and end:
        return _describe_range(start, end, words)
    if start:
        return words("from %(date)s", date=_long(_day(start), words) + _time_of_day(start, words))
    if end:
        return words("by %(date)s", date=_long(_day(end), words) + _time_of_day(end, words))
    return words("date unknown")


_XSD = "http://www.w3.org/2001/XMLSchema#"


def describe_date(text: str, datatype: str, words: Words = ENGLISH) -> str | None:
    """A date literal as a reader would write it, at its precision: "28 June 2021", "March
    2021", "2021"; None if the literal is not a date, a month or a year."""
    if datatype in (_XSD + "date", _XSD + "dateTime"):
        return describe_bounds(Bounds(text, text), words)
    try:
        if datatype == _XSD + "gYearMonth":
            first = dt.date.fromisoformat(text + "-01")
            return describe_bounds(Bounds(first.isoformat(), _month_end(first).isoformat()), words)
        if datatype == _XSD + "gYear":
            return describe_bounds(
                Bounds(f"{int(text):04d}-01-01", f"{int(text):04d}-12-31"), words
            )
    except ValueError:  # ill-typed: SHACL reports it, the page shows it as written
        return None
    return None


def _describe_range(start: str, end: str, words: Words) -> str:
    first, last = _day(start), _day(end)
    if len(start) > 10 or len(end) > 10:
        if first == last:
            day = _long(first, words)
            first_time, last_time = _time_of_day(start, words), _time_of_day(end, words)
            text = words("%(day)s,%(start)s to%(end)s", day=day, start=first_time, end=last_time)
            return text.replace("  ", " ")
        return words(
            "%(start)s to %(end)s",
            start=_long(first, words) + _time_of_day(start, words),
            end=_long(last, words) + _time_of_day(end, words),
        )
    if first == last:
        return _long(first, words)
    if first.day == 1 and last == _month_end(last) and first.year == last.year:
        if first.month == last.month:
            return month_year(first.month, first.year, words)
        if first.month == 1 and last.month == 12:
            return str(first.year)
        names = month_names(words.language)
        return words(
            "%(first)s–%(last)s %(year)s",
            first=names[first.month],
            last=names[last.month],
            year=first.year,
        )
    if first.year != last.year:
        return words("%(first)s – %(last)s", first=_long(first, words), last=_long(last, words))
    if first.month != last.month:
        return words(
            "%(first_day)s %(first_month)s – %(last_day)s %(last_month)s %(year)s",
            first_day=first.day,
            first_month=_in_date(first.month, words),
            last_day=last.day,
            last_month=_in_date(last.month, words),
            year=first.year,
        )
    return words(
        "%(first)s–%(last)s %(month)s %(year)s",
        first=first.day,
        last=last.day,
        month=_in_date(first.month, words),
        year=first.year,
    )


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


def describe_count(count: Count, words: Words = ENGLISH) -> str:
    """'5', 'at least 5', 'at most 10', '5 to 10', or the source's own words."""
    number = words.number
    if count.value is not None:
        return number(count.value)
    if count.minimum is not None and count.maximum is not None:
        if count.minimum == count.maximum:
            return number(count.minimum)
        return words(
            "%(minimum)s to %(maximum)s",
            minimum=number(count.minimum),
            maximum=number(count.maximum),
        )
    if count.minimum is not None:
        return words("at least %(count)s", count=number(count.minimum))
    if count.maximum is not None:
        return words("at most %(count)s", count=number(count.maximum))
    return words("“%(text)s”", text=count.verbatim) if count.verbatim else words("unknown")
