"""Reject ill-typed literals ("2021-02-30"^^xsd:date, "five"^^xsd:integer) before SHACL runs.

Engines disagree on comparing such values (and pyshacl can crash on them), so they are read
errors, reported at the statement's line like any other unreadable value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

from pyoxigraph import Literal, Quad, Triple

from ld_events.rdf.terms import term_value
from ld_events.rdf.vocab import XSD
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.provenance import SourceIndex

_INTEGER = re.compile(r"^[+-]?\d+\Z")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)\Z")
_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?\Z")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?\Z")


def _calendar_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text.lstrip("-")[:10])
    except ValueError:
        return False
    return True


def _date(text: str) -> bool:
    return bool(_DATE.match(text)) and _calendar_date(text)


def _datetime(text: str) -> bool:
    if not _DATETIME.match(text) or not _calendar_date(text):
        return False
    hour, minute, second = text.split("T")[1][:8].split(":")
    return int(hour) < 24 and int(minute) < 60 and int(second) < 60


CHECKS: dict[str, tuple[Code, str, Callable[[str], bool]]] = {
    XSD + "date": (Code.BAD_DATE, "a date (2021-06-27)", _date),
    XSD + "dateTime": (Code.BAD_DATE, "a date and time (2021-06-27T22:00:00Z)", _datetime),
    XSD + "integer": (Code.BAD_NUMBER, "a whole number", lambda t: bool(_INTEGER.match(t))),
    XSD + "nonNegativeInteger": (
        Code.BAD_NUMBER,
        "a whole number of at least 0",
        lambda t: bool(_INTEGER.match(t)) and not t.startswith("-"),
    ),
    XSD + "decimal": (Code.BAD_NUMBER, "a decimal number", lambda t: bool(_DECIMAL.match(t))),
    XSD + "boolean": (
        Code.ILL_TYPED_LITERAL,
        "true or false",
        lambda t: t in ("true", "false", "1", "0"),
    ),
}


def ill_typed_literals(triples: Iterable[Triple | Quad], index: SourceIndex) -> list[Diagnostic]:
    found = []
    for triple in triples:
        value = triple.object
        if not isinstance(value, Literal):
            continue
        check = CHECKS.get(value.datatype.value)
        if check is None or check[2](value.value):
            continue
        code, expected, _ = check
        subject, predicate = term_value(triple.subject), triple.predicate.value
        where = index.locate(subject, predicate) or Location("?")
        name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        message = f"{name} '{value.value}' is not {expected}"
        found.append(
            Diagnostic(code, Severity.ERROR, message, where, focus=subject, stage=Stage.READ)
        )
    return found
