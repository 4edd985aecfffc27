"""Reject ill-typed literals ("2021-02-30"^^xsd:date, "five"^^xsd:integer) before SHACL runs.

Engines disagree on comparing such values (and pyshacl can crash on them), so they are read
errors, reported at the statement's line like any other unreadable value. Texts no page can
show are refused too (control characters, half of a UTF-16 surrogate pair), and numbers too
long to read.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, Store

from ld_events.rdf.terms import DATA_GRAPH, term_value
from ld_events.rdf.vocab import XSD
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.provenance import SourceIndex, locate_in

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


def ill_typed_literals(store: Store, index: SourceIndex) -> list[Diagnostic]:
    found = []
    for triple in store.quads_for_pattern(None, None, None, DATA_GRAPH):
        value = triple.object
        if not isinstance(value, Literal):
            continue
        check = CHECKS.get(value.datatype.value)
        if check is None or check[2](value.value):
            continue
        code, expected, _ = check
        subject, predicate = term_value(triple.subject), triple.predicate.value
        where = _locate(store, index, triple.subject, predicate)
        name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        message = f"{name} '{value.value}' is not {expected}"
        found.append(
            Diagnostic(code, Severity.ERROR, message, where, focus=subject, stage=Stage.READ)
        )
    return found


#: C0 controls but tab, line feed and carriage return; DEL; C1 controls. HTML and XML cannot
#: carry them: a page would show them raw, or not parse.
_CONTROLS = "[\\\\x00-\\\\x08\\\\x0B\\\\x0C\\\\x0E-\\\\x1F\\\\x7F-\\\\x9F]"


def control_characters(store: Store, index: SourceIndex) -> list[Diagnostic]:
    """Texts holding a control character (BEL, ESC, NUL...), found by one query in the store."""
    query = (
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{DATA_GRAPH.value}> {{ ?s ?p ?o }} "
        f'FILTER (isLiteral(?o) && REGEX(STR(?o), "{_CONTROLS}")) }}'
    )
    solutions = store.query(query)
    assert isinstance(solutions, QuerySolutions)
    found = []
    for subject, predicate, value in solutions:
        character = next(c for c in value.value if _is_control(c))
        name = predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        message = (
            f"{name} holds the control character U+{ord(character):04X}, which a web page "
            "cannot show: remove it"
        )
        where = _locate(store, index, subject, predicate.value)
        found.append(Diagnostic(Code.BAD_TEXT, Severity.ERROR, message, where, stage=Stage.READ))
    return found


def _locate(store: Store, index: SourceIndex, subject: object, predicate: str) -> Location:
    assert isinstance(subject, NamedNode | BlankNode), "the data holds no RDF-star triple"
    return locate_in(store, index, subject, predicate) or Location("?")


def _is_control(character: str) -> bool:
    code = ord(character)
    return (code < 0x20 and character not in "\t\n\r") or 0x7F <= code <= 0x9F


#: Half of a UTF-16 surrogate pair. An escape in YAML or JSON ("\\ud800") can write one alone,
#: but it is no character: UTF-8, RDF stores and the tool's own output cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogate(text: str) -> str | None:
    """The escape (``\\ud800``) of the first half of a surrogate pair in ``text``, if any."""
    found = _SURROGATE.search(text)
    return None if found is None else f"\\u{ord(found[0]):04x}"


def surrogate_message(escape: str) -> str:
    return f"{escape} is half of a UTF-16 surrogate pair, not a character: remove it"


def unreadable_number(written: str) -> str | None:
    """Why a whole number written so cannot be read, if it cannot: Python reads at most
    ``sys.get_int_max_str_digits()`` digits (reading more takes quadratic time)."""
    limit = sys.get_int_max_str_digits()
    digits = sum(character.isdigit() for character in written)
    if limit and digits > limit:
        return f"a number of {digits:,} digits: more than the {limit:,} a number may have"
    return None
