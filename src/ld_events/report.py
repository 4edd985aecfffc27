"""Diagnostics: what was found where, sorted and printed like a compiler's messages."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``path`` is relative to the project folder."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable kebab-case ``code``, a severity and a human message."""

    code: str
    severity: Severity
    message: str
    location: Location
    focus: str | None = None
    value: str | None = None
    stage: str = "validate"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def to_text(self) -> str:
        return f"{self.location}: {self.severity.value}[{self.code}]: {self.message}"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["location"] = {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
        }
        return data


@dataclass
class Report:
    """Every diagnostic of a run, kept sorted by file and line."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(set(self.diagnostics), key=Diagnostic.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in set(self.diagnostics) if d.severity is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def has_read_errors(self) -> bool:
        return any(d.stage == "read" and d.severity is Severity.ERROR for d in self.diagnostics)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        errors, warnings = self.errors, self.warnings
        parts = [_plural(errors, "error"), _plural(warnings, "warning")]
        return ", ".join(parts)

    def codes(self) -> Counter[str]:
        return Counter(d.code for d in set(self.diagnostics))

    def to_text(self, max_items: int | None = None) -> str:
        items = self.sorted()
        shown = items if max_items is None else items[:max_items]
        lines = [d.to_text() for d in shown]
        if len(shown) < len(items):
            lines.append(f"... {len(items) - len(shown)} more not shown (--max-errors)")
        lines.extend(self.notes)
        return "\n".join(lines)

    def to_json(self) -> str:
        payload = {
            "valid": self.errors == 0,
            "errors": self.errors,
            "warnings": self.warnings,
            "diagnostics": [d.to_dict() for d in self.sorted()],
            "notes": self.notes,
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
