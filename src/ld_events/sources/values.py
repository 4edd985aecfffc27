"""The values authors write in YAML records, checked and turned into typed JSON-LD values:
days, months, years and instants (a period's first and last instant), whole and decimal numbers.

A value that cannot be read as written raises :class:`RecordError`, which the expander turns
into one diagnostic at the value's line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from ld_events.rdf.vocab import XSD
from ld_events.report import Code, Diagnostic, Location, Severity, Stage

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})\Z")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)\Z")


class RecordError(Exception):
    """A value that cannot be read as written; becomes one diagnostic."""

    def __init__(self, code: Code, message: str, location: Location) -> None:
        super().__init__(message)
        self.diagnostic = Diagnostic(code, Severity.ERROR, message, location, stage=Stage.READ)


def period(value: Any, where: Location) -> tuple[dict[str, str], dict[str, str]]:
    """First and last instant of a day, month, year or dateTime, as typed literals."""
    if isinstance(value, dt.datetime):
        text = value.isoformat().replace("+00:00", "Z")
        if value.tzinfo is None:
            text += "Z"
        literal = _typed_literal(text, "dateTime")
        return literal, literal
    if isinstance(value, dt.date):
        literal = _typed_literal(value.isoformat(), "date")
        return literal, literal
    text = str(value).strip()
    if _DATETIME.match(text):
        literal = _typed_literal(text, "dateTime")
        return literal, literal
    match = _DATE.match(text)
    if not match:
        raise RecordError(
            Code.BAD_DATE,
            f"'{text}' is not a date: write 2021-06-27, 2021-06, 2021 or 2021-06-27T22:00:00Z",
            where,
        )
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            first = last = dt.date(year, int(month), int(day))
        elif month:
            first = dt.date(year, int(month), 1)
            last = dt.date(year, int(month), calendar.monthrange(year, int(month))[1])
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError as exc:
        raise RecordError(Code.BAD_DATE, f"'{text}' is not a date: {exc}", where) from exc
    return _typed_literal(first.isoformat(), "date"), _typed_literal(last.isoformat(), "date")


def publication_date(value: Any, where: Location) -> dict[str, str]:
    """A source's publication date: a day, or the month or year when that is all that is known
    (an undated web page, a report dated "March 2021"): xsd:date, xsd:gYearMonth or xsd:gYear."""
    first, last = period(value, where)
    if first["@type"] != XSD + "date":
        message = f"'{value}' is not a day, a month or a year (write 2021-06-28, 2021-06 or 2021)"
        raise RecordError(Code.BAD_DATE, message, where)
    if first == last:
        return first
    text = str(value).strip()
    return _typed_literal(text, "gYearMonth" if "-" in text else "gYear")


def integer(value: Any, where: Location) -> dict[str, str]:
    if isinstance(value, bool) or not isinstance(value, int):
        text = str(value).replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise RecordError(
                Code.BAD_NUMBER,
                f"'{value}' is not a whole number: put vague wording in 'verbatim'",
                where,
            )
        value = int(text)
    return {"@value": str(value), "@type": XSD + "integer"}


def boolean(value: Any, where: Location) -> dict[str, str]:
    """``true`` or ``false``, as YAML writes them (not the strings "yes" or "1")."""
    if not isinstance(value, bool):
        raise RecordError(Code.BAD_VALUE, f"expected true or false, not {value!r}", where)
    return _typed_literal("true" if value else "false", "boolean")


def decimal(value: Any, where: Location) -> dict[str, str]:
    text = str(value)
    if isinstance(value, bool) or not _DECIMAL.match(text):
        raise RecordError(Code.BAD_NUMBER, f"'{value}' is not a decimal number", where)
    return {"@value": text, "@type": XSD + "decimal"}


def _typed_literal(text: str, datatype: str) -> dict[str, str]:
    return {"@value": text, "@type": XSD + datatype}
