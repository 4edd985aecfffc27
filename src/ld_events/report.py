"""Diagnostics: what was found where, sorted and printed like a compiler's messages.

Every stage reports in this one shape (config, reading, validation, saved queries, queries,
usage): a :class:`Diagnostic` with a stable code, a location (file, line, column), a severity
and a message, collected in a :class:`Report` that prints as text or JSON. Library errors carry
a report (``errors.LdEventsError.report``), so a failure prints like a finding.

Codes name what is wrong, then what it is about: a word from :data:`PROBLEMS`, then a noun
(``missing-date``, ``invalid-yaml``, ``unknown-key``). :class:`Code` lists those the tool
itself emits; the shapes carry theirs as ``shp:code``. docs/diagnostics.md documents each.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Stage(StrEnum):
    """Where a problem was found. Errors before validation mean the input could not be used
    (exit 2); errors of validation mean it does not conform (exit 1)."""

    CONFIG = "config"
    READ = "read"
    VALIDATE = "validate"
    QUERY = "query"
    PUBLISH = "publish"
    PUSH = "push"
    MERGE = "merge"
    USAGE = "usage"


#: The first word of every code: what is wrong (followed by what it is about).
PROBLEMS = (
    "bad",
    "circular",
    "conflicting",
    "dangling",
    "duplicate",
    "empty",
    "failed",
    "forbidden",
    "ignored",
    "ill-typed",
    "incomplete",
    "inconsistent",
    "invalid",
    "malformed",
    "mismatched",
    "missing",
    "mixed",
    "negative",
    "out-of-range",
    "oversized",
    "reversed",
    "unattributed",
    "unbounded",
    "undated",
    "unknown",
    "unlocated",
    "unreadable",
    "unsafe",
    "unsuitable",
    "untagged",
)


class Code(StrEnum):
    """Every code the tool emits outside the shapes, by stage."""

    # config: ld-events.yaml and the project folder
    MISSING_PROJECT = "missing-project"
    MISSING_CONFIG = "missing-config"
    INVALID_CONFIG = "invalid-config"
    UNKNOWN_SETTING = "unknown-setting"
    MISSING_SETTING = "missing-setting"
    BAD_SETTING = "bad-setting"
    UNKNOWN_TABLE_FORMAT = "unknown-table-format"
    EMPTY_TABLE_PATH = "empty-table-path"
    UNREADABLE_LINK = "unreadable-link"
    MISSING_TRANSLATION = "missing-translation"
    # reading the sources
    UNREADABLE_FILE = "unreadable-file"
    INVALID_YAML = "invalid-yaml"
    INVALID_TURTLE = "invalid-turtle"
    INVALID_JSONLD = "invalid-jsonld"
    INVALID_RECORD = "invalid-record"
    MISSING_ID = "missing-id"
    MISSING_TYPE = "missing-type"
    UNKNOWN_TYPE = "unknown-type"
    UNKNOWN_KEY = "unknown-key"
    BAD_DATE = "bad-date"
    BAD_NUMBER = "bad-number"
    BAD_VALUE = "bad-value"
    BAD_REFERENCE = "bad-reference"
    BAD_LANGUAGE_TAG = "bad-language-tag"
    BAD_TEXT = "bad-text"
    DUPLICATE_ID = "duplicate-id"
    OVERSIZED_RECORD = "oversized-record"
    FORBIDDEN_TAG = "forbidden-tag"
    MISSING_VALUE = "missing-value"
    EMPTY_FILE = "empty-file"
    IGNORED_SYMLINK = "ignored-symlink"
    UNSAFE_IRI = "unsafe-iri"
    BAD_SLUG = "bad-slug"
    ILL_TYPED_LITERAL = "ill-typed-literal"
    # reading tables (GDELT exports): one diagnostic per bad cell or row, at its row and column
    MALFORMED_ROW = "malformed-row"
    INVALID_MAPPING = "invalid-mapping"
    MISMATCHED_HEADER = "mismatched-header"
    UNKNOWN_CAMEO_CODE = "unknown-cameo-code"
    UNKNOWN_ACTION = "unknown-action"
    BAD_COORDINATE = "bad-coordinate"
    # validation: a result of a shape that carries no code of its own
    FAILED_CONSTRAINT = "failed-constraint"
    # validation outside the shapes: a reference under the project's base that names no record
    # (the shapes report it too, as dangling-reference, for the properties they know)
    DANGLING_REFERENCE = "dangling-reference"
    # SPARQL queries and saved queries
    INVALID_QUERY = "invalid-query"
    FORBIDDEN_UPDATE = "forbidden-update"
    FORBIDDEN_SERVICE = "forbidden-service"
    FAILED_QUERY = "failed-query"
    UNSUITABLE_FORMAT = "unsuitable-format"
    BAD_QUERY_NAME = "bad-query-name"
    MISSING_QUERY_TITLE = "missing-query-title"
    # using the tool, publishing, pushing
    BAD_USAGE = "bad-usage"
    FAILED_BUILD = "failed-build"
    FAILED_PUSH = "failed-push"
    MISMATCHED_COUNT = "mismatched-count"
    # merging projects (ld-events merge)
    CONFLICTING_FACT = "conflicting-fact"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``path`` is relative to the project folder ("" for none)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


NOWHERE = Location("")


@dataclass(frozen=True)
class Diagnostic:
    """One finding: a stable kebab-case ``code``, a severity and a human message.

    ``excerpt`` is the offending line with a caret under the column, where the source is text
    the reader cannot open at that line (a query given on the command line). ``related`` are
    the other places the same problem shows (every other reference to one missing record).
    """

    code: str
    severity: Severity
    message: str
    location: Location = NOWHERE
    focus: str | None = None
    value: str | None = None
    stage: Stage = Stage.VALIDATE
    excerpt: str = ""
    related: tuple[Location, ...] = ()

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.column, self.code, self.message)

    def to_text(self) -> str:
        where = f"{self.location}: " if self.location.path else ""
        text = f"{where}{self.severity.value}[{self.code}]: {self.message}"
        return f"{text}\n{self.excerpt}" if self.excerpt else text

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        data["stage"] = self.stage.value
        data["code"] = str(self.code)
        data["location"] = _location_dict(self.location)
        data["related"] = [_location_dict(where) for where in self.related]
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
        """Errors that mean the input could not be used at all (not only invalid data)."""
        return any(
            d.stage is not Stage.VALIDATE and d.severity is Severity.ERROR for d in self.diagnostics
        )

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


def _location_dict(location: Location) -> dict[str, object]:
    return {"path": location.path, "line": location.line, "column": location.column}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
