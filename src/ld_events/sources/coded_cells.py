"""The cells of one table row by column name, read and checked; shared by every table format.

Each read that finds a problem records it as a :class:`CellProblem` naming its column (a row
with a problem is not converted); a name repaired on reading is recorded as a repair.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Protocol

from ld_events.report import Code
from ld_events.sources.coded_tables import CellProblem

#: C1 control characters: in coders' names, Windows-1252 punctuation written as controls.
_C1 = re.compile(r"[\x80-\x9f]")


class Columns(Protocol):
    """A table layout: each column's position (0-based) by name."""

    @property
    def index(self) -> dict[str, int]: ...


@dataclass
class Cells:
    """The cells of a row by column name, and the problems found reading them."""

    layout: Columns
    cells: list[str]
    problems: list[CellProblem] = field(default_factory=list)
    repairs: list[CellProblem] = field(default_factory=list)

    def __getitem__(self, name: str) -> str:
        index = self.layout.index[name]
        return self.cells[index].strip() if index < len(self.cells) else ""

    def problem(self, code: Code, name: str, message: str) -> None:
        column = self.layout.index[name] + 1
        self.problems.append(CellProblem(code, column, name, f"column {name}: {message}"))

    def text(self, name: str) -> str:
        """A name, its C1 controls read as the Windows-1252 characters they stand for."""
        text = self[name]
        if not _C1.search(text):
            return text
        repaired = _C1.sub(_windows_1252, text)
        column = self.layout.index[name] + 1
        message = f"column {name}: control characters read as Windows-1252 text: '{repaired}'"
        self.repairs.append(CellProblem(Code.BAD_TEXT, column, name, message))
        return repaired

    def integer(self, name: str, low: int = 0, high: int | None = None) -> int:
        text = self[name]
        if not (text.isascii() and text.lstrip("-").isdigit()):
            self.problem(Code.BAD_NUMBER, name, f"'{text}' is not a whole number")
            return 0
        value = int(text)
        if value < low or (high is not None and value > high):
            bounds = f"from {low} to {high}" if high is not None else f"{low} or more"
            self.problem(Code.BAD_NUMBER, name, f"{value} is not a whole number {bounds}")
        return value

    def decimal(self, name: str, low: int, high: int, code: Code = Code.BAD_NUMBER) -> str | None:
        """The cell as an xsd:decimal lexical form; None if empty."""
        text = self[name]
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = Decimal("NaN")
        if not value.is_finite():
            self.problem(Code.BAD_NUMBER, name, f"'{text}' is not a number")
            return None
        if not low <= value <= high:
            self.problem(code, name, f"{text} is not between {low} and {high}")
            return None
        lexical = format(value, "f")
        return lexical if "." in lexical else lexical + ".0"

    def iso_date(self, name: str) -> str:
        """A YYYY-MM-DD date as xsd:date text."""
        text = self[name]
        try:
            if len(text) != 10:
                raise ValueError
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            self.problem(Code.BAD_DATE, name, f"'{text}' is not a date (YYYY-MM-DD)")
            return ""

    def date(self, name: str, digits: int = 8) -> str:
        """A YYYYMMDD date (followed by HHMMSS when ``digits`` is 14) as xsd:date text."""
        text = self[name]
        try:
            if len(text) != digits or not text.isdigit():
                raise ValueError
            moment = datetime.datetime.strptime(text, "%Y%m%d" if digits == 8 else "%Y%m%d%H%M%S")
        except ValueError:
            shape = "YYYYMMDD" if digits == 8 else "YYYYMMDDHHMMSS"
            self.problem(Code.BAD_DATE, name, f"'{text}' is not a date ({shape})")
            return ""
        return moment.date().isoformat()


def _windows_1252(match: re.Match[str]) -> str:
    try:
        return bytes([ord(match.group())]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d: no character in Windows-1252
        return "\ufffd"
