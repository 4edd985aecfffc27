"""The datatypes of CSVW mapping columns: a cell's text read as a string, number, date or
boolean, with the bounds the mapping gives (``minimum``, ``maximum``, …).

A cell that its datatype cannot read is a problem of that cell; :meth:`Datatype.read` returns
the value's canonical lexical form (an ``xsd:decimal`` with a point, an ``xsd:date`` as
YYYY-MM-DD), which is what the triple holds and what a template filled with it reads.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from ld_events.rdf.vocab import XSD

#: The datatypes a column may name, and the XSD datatype of their literals.
DATATYPES: dict[str, str] = {
    "string": XSD + "string",
    "integer": XSD + "integer",
    "decimal": XSD + "decimal",
    "date": XSD + "date",
    "boolean": XSD + "boolean",
    "anyURI": XSD + "anyURI",
}
NUMERIC = frozenset({"integer", "decimal"})
#: The date formats CSVW requires of every processor, and (ld-events) the English month names
#: ACLED's older exports write ("12 January 2024").
DATE_FORMATS = (
    "yyyy-MM-dd", "yyyyMMdd", "dd-MM-yyyy", "d-M-yyyy", "MM-dd-yyyy", "M-d-yyyy",
    "dd/MM/yyyy", "d/M/yyyy", "MM/dd/yyyy", "M/d/yyyy", "dd.MM.yyyy", "d.M.yyyy",
    "MM.dd.yyyy", "M.d.yyyy", "d MMMM yyyy", "dd MMMM yyyy",
)  # fmt: skip
#: Bounds a datatype description may hold.
BOUNDS = ("minimum", "maximum", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive")
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_FIELDS = {"yyyy": r"(?P<y>\d{4})", "MMMM": r"(?P<mn>[A-Za-z]+)", "MM": r"(?P<m>\d{2})"}
_FIELDS |= {"M": r"(?P<m>\d{1,2})", "dd": r"(?P<d>\d{2})", "d": r"(?P<d>\d{1,2})"}
_FIELD = re.compile("|".join(sorted(_FIELDS, key=len, reverse=True)))
_INTEGER = re.compile(r"^[+-]?\d+\Z")
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)\Z")


class CellError(ValueError):
    """A cell its datatype cannot read, or out of its bounds: the message says why."""


@cache
def date_pattern(date_format: str) -> re.Pattern[str]:
    """A CSVW date format pattern as a regular expression."""
    position, out = 0, []
    for match in _FIELD.finditer(date_format):
        out.append(re.escape(date_format[position : match.start()]))
        out.append(_FIELDS[match.group()])
        position = match.end()
    return re.compile("^" + "".join(out) + re.escape(date_format[position:]) + r"\Z")


@dataclass(frozen=True)
class Datatype:
    """A column's datatype: its base, its format (dates, booleans), and its bounds."""

    base: str = "string"
    format: str = ""
    bounds: tuple[tuple[str, Decimal | str], ...] = ()

    @property
    def iri(self) -> str:
        return DATATYPES[self.base]

    def read(self, text: str) -> str:
        """The canonical lexical form of ``text``; raise CellError."""
        if self.base == "integer":
            value = self._number(text, _INTEGER, "a whole number")
            lexical = str(int(value))
        elif self.base == "decimal":
            value = self._number(text, _DECIMAL, "a number")
            lexical = format(value.normalize(), "f")  # 47.9120 and 47.912 are one value
            lexical = lexical if "." in lexical else lexical + ".0"
        elif self.base == "date":
            lexical = self._date(text)
            self._check(lexical, text)
        elif self.base == "boolean":
            lexical = self._boolean(text)
        else:
            lexical = text
        return lexical

    def _number(self, text: str, pattern: re.Pattern[str], what: str) -> Decimal:
        if not pattern.match(text):
            raise CellError(f"'{text}' is not {what}")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:  # pragma: no cover (the pattern lets only numbers in)
            raise CellError(f"'{text}' is not {what}") from exc
        self._check(value, text)
        return value

    def _check(self, value: Decimal | str, text: str) -> None:
        for name, bound in self.bounds:
            low = name in ("minimum", "minInclusive", "minExclusive")
            exclusive = name.endswith("Exclusive")
            if isinstance(value, str) != isinstance(bound, str):
                continue
            outside = (
                (value < bound if low else value > bound)  # type: ignore[operator]
                if not exclusive
                else (value <= bound if low else value >= bound)  # type: ignore[operator]
            )
            if outside:
                relation = {"minimum": "below", "minInclusive": "below", "maximum": "above"}
                relation |= {"maxInclusive": "above", "minExclusive": "not above"}
                relation |= {"maxExclusive": "not below"}
                raise CellError(f"{text} is {relation[name]} the column's {name}, {bound}")

    def _date(self, text: str) -> str:
        date_format = self.format or "yyyy-MM-dd"
        found = date_pattern(date_format).match(text)
        try:
            if not found:
                raise ValueError
            parts = found.groupdict()
            month = parts.get("m") or str(_MONTHS.index((parts.get("mn") or "").lower()) + 1)
            return datetime.date(int(parts["y"]), int(month), int(parts["d"])).isoformat()
        except ValueError:
            raise CellError(f"'{text}' is not a date ({date_format})") from None

    def _boolean(self, text: str) -> str:
        trues: tuple[str, ...] = ("true", "1")
        falses: tuple[str, ...] = ("false", "0")
        if self.format:
            true, false = self.format.split("|", 1)
            trues, falses = (true,), (false,)
        if text in trues or text in falses:
            return "true" if text in trues else "false"
        shown = self.format or "true, false, 1 or 0"
        raise CellError(f"'{text}' is not a boolean ({shown})")
