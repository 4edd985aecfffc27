"""URI templates of CSVW mappings (``aboutUrl``, ``propertyUrl``, ``valueUrl``): RFC 6570.

CSVW fills a template with the cells of the row, by column name (``{event_id}``), and with the
row's own variables (``_row``, ``_sourceRow``, ``_name``, ``_column``, ``_sourceColumn``). Levels
1 and 2 of RFC 6570 are read: simple expansion ``{x}`` (every character but the unreserved
ones percent-encoded), reserved expansion ``{+x}`` and fragment expansion ``{#x}``. ld-events
adds one variable per column, ``{x.slug}``: the cell as a slug (lower-case ASCII kebab-case),
so that a name in a cell can name a page (``actor/{actor1.slug}/#it``); see docs/importers.md.

The expanded text is then a prefixed name of the project's prefixes (``lde:agent``), an
absolute IRI, or a path resolved against the project's ``base``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, urljoin

from ld_events.rdf.vocab import PREFIXES
from ld_events.sources.coded_rdf import slug_part

_EXPRESSION = re.compile(r"\{([^{}]*)\}")
_VARNAME = re.compile(
    r"^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*\Z"
)
_UNRESERVED = "-._~"
_RESERVED = _UNRESERVED + ":/?#[]@!$&'()*+,;=%"
_PREFIXED = re.compile(r"^([a-z][a-z0-9]*):([^/].*)?\Z")
#: The variables CSVW gives every row and column.
ROW_VARIABLES = ("_row", "_sourceRow", "_name", "_column", "_sourceColumn")
SLUG_SUFFIX = ".slug"
#: A relative path that resolves to the base followed by itself: no scheme or prefix in its
#: first segment, no dot segment, not starting with '/', '?' or '#'.
_PLAIN_PATH = re.compile(r"^[A-Za-z0-9_~-][^:/?#]*(?:[/?#](?!\.\.?(?:/|#|\?|$))[^/?#]*)*\Z")


class TemplateError(ValueError):
    """A template that cannot be read: the message says why."""


@dataclass(frozen=True)
class Part:
    """Literal text (``name`` empty), or a variable and its operator ("", "+" or "#")."""

    text: str = ""
    name: str = ""
    operator: str = ""


@dataclass(frozen=True)
class Template:
    """A parsed URI template; ``constant`` is its text when it has no variable."""

    source: str
    parts: tuple[Part, ...]

    @cached_property
    def variables(self) -> tuple[str, ...]:
        return tuple(part.name for part in self.parts if part.name)

    @cached_property
    def constant(self) -> str | None:
        return None if self.variables else self.source

    def expand(self, values: Mapping[str, str | None]) -> str | None:
        """The template filled with ``values``; None if a variable it names has no value
        (an empty cell: there is nothing to name)."""
        out: list[str] = []
        for part in self.parts:
            if not part.name:
                out.append(part.text)
                continue
            value = values.get(part.name)
            if value is None or value == "":
                return None
            if part.operator == "#":
                out.append("#")
            out.append(quote(value, safe=_RESERVED if part.operator else _UNRESERVED))
        return "".join(out)


def parse_template(source: str, known: set[str]) -> Template:
    """The template, its variables checked against ``known`` (the columns' names, the row
    variables and each column's ``.slug``); raise TemplateError."""
    parts: list[Part] = []
    position = 0
    for match in _EXPRESSION.finditer(source):
        parts.append(Part(text=source[position : match.start()]))
        parts.append(_expression(match.group(1), known))
        position = match.end()
    rest = source[position:]
    if "{" in rest or "}" in rest or any("{" in p.text or "}" in p.text for p in parts):
        raise TemplateError(f"'{source}' has an unmatched brace")
    parts.append(Part(text=rest))
    return Template(source, tuple(part for part in parts if part.name or part.text))


def _expression(body: str, known: set[str]) -> Part:
    operator = body[:1] if body[:1] in "+#" else ""
    name = body[len(operator) :]
    if body[:1] in "./;?&=,!@|":
        message = f"'{{{body}}}': the operator '{body[:1]}' is not read (RFC 6570 levels 1 and 2: "
        raise TemplateError(message + "{x}, {+x}, {#x})")
    if not _VARNAME.match(name):
        if ":" in name or "*" in name:
            raise TemplateError(f"'{{{body}}}': RFC 6570 modifiers (':' and '*') are not read")
        raise TemplateError(f"'{{{body}}}' is not a variable name")
    if name not in known:
        raise TemplateError(f"'{{{body}}}' names no column of the mapping")
    return Part(name=name, operator=operator)


def known_variables(names: list[str]) -> set[str]:
    """What a template may name: each column, its slug, and the row variables."""
    return {*names, *(name + SLUG_SUFFIX for name in names), *ROW_VARIABLES}


def slug(text: str) -> str:
    """A cell as a slug: lower-case ASCII kebab-case; a cell with no Latin letter or digit by
    the first 16 hex digits of the SHA-256 of its text (as ICEWS names are)."""
    return slug_part(text) or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def resolve(text: str, base: str, prefixes: Mapping[str, str] = PREFIXES) -> str:
    """An expanded template as an absolute IRI: a prefixed name of ``prefixes``, an absolute
    IRI as it is, anything else resolved against ``base``."""
    if _PLAIN_PATH.match(text):  # most IRIs a table makes: event/x/#it, under the base
        return base + text
    prefixed = _PREFIXED.match(text)
    if prefixed and prefixed.group(1) in prefixes:
        return prefixes[prefixed.group(1)] + (prefixed.group(2) or "")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text):
        return text
    return urljoin(base, text)
