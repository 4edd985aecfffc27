"""A table's mapping file: W3C CSVW metadata ("Metadata Vocabulary for Tabular Data") in JSON.

One table description: its ``dialect`` (how the CSV is written), its ``tableSchema`` (the
columns, :mod:`csvw_columns`), and who coded its rows, ``dc:creator`` (ld-events reads the rows
as that coder's claims). The files themselves are those of the ``tables:`` entry's ``path``: a
``url`` in the mapping is not read. Every problem is an ``invalid-mapping`` diagnostic at its
line of the file; a mapping with one is not used. See docs/importers.md.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.csvw_columns import INHERITED, Column, ColumnReader, MappingProblem
from ld_events.sources.csvw_templates import Template, resolve, slug
from ld_events.sources.yamlfile import YamlSyntaxError, item_location, key_location, load_documents

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
TABLE_KEYS = frozenset({"@context", "@id", "@type", "url", "dialect", "tableSchema", "notes"})
SCHEMA_KEYS = frozenset({"columns", "@id", "@type", "primaryKey", "rowTitles"})
#: The dialect keys read, and their defaults (CSVW's).
DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
DIALECT |= {"headerRowCount": 1, "skipRows": 0, "trim": True, "encoding": "utf-8"}
DIALECT |= {"skipBlankRows": True, "@type": "Dialect"}
CREATORS = ("dc:creator", "dcterms:creator")
_PREFIXED_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:[^/]")


@dataclass(frozen=True)
class Dialect:
    delimiter: str = ","
    quote_char: str = '"'
    double_quote: bool = True
    header_rows: int = 1
    skip_rows: int = 0
    trim: bool = True


@dataclass(frozen=True)
class Coder:
    """Who coded the rows: an actor of the project, its name and address if the mapping
    describes it (without a name it is described by the project's own records)."""

    iri: str
    name: str = ""
    url: str = ""


@dataclass(frozen=True)
class Mapping:
    path: str
    dialect: Dialect
    columns: tuple[Column, ...]
    about: Template
    coder: Coder


@dataclass
class MappingRead:
    """A mapping, or the diagnostics saying why there is none."""

    mapping: Mapping | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_mapping(file: Path, relative: str, base: str) -> MappingRead:
    """The mapping in ``file`` (``relative``: how diagnostics name it); IRIs against ``base``."""
    try:
        text = file.read_bytes().decode("utf-8")
        data = json.loads(text)
    except OSError as exc:
        return _failed(relative, exc.strerror or str(exc), 0, 0, Code.UNREADABLE_FILE)
    except UnicodeDecodeError as exc:
        return _failed(relative, f"not UTF-8 text ({exc.reason})", 0, 0, Code.UNREADABLE_FILE)
    except json.JSONDecodeError as exc:
        return _failed(relative, f"not JSON: {exc.msg}", exc.lineno, exc.colno)
    if not isinstance(data, dict):
        return _failed(relative, "a mapping is one JSON object, a CSVW table description", 1, 1)
    parser = _MappingParser(base)
    mapping = parser.parse(data, relative)
    if parser.problems:
        located = _located(text, relative)
        found = [_diagnostic(p, located, relative) for p in parser.problems]
        return MappingRead(None, list(dict.fromkeys(found)))
    return MappingRead(mapping)


@dataclass
class _MappingParser:
    base: str
    problems: list[MappingProblem] = field(default_factory=list)

    def problem(self, message: str, *keys: str | int) -> None:
        self.problems.append(MappingProblem(message, keys))

    def parse(self, data: dict[str, Any], relative: str) -> Mapping | None:
        self.context(data.get("@context"))
        for key in data:
            if key not in TABLE_KEYS and key not in INHERITED and not _PREFIXED_KEY.match(key):
                hint = " (a mapping describes one table: no 'tables')" if key == "tables" else ""
                self.problem(f"unknown property '{key}'{hint}", key)
        schema = data.get("tableSchema")
        if not isinstance(schema, dict) or not isinstance(schema.get("columns"), list):
            self.problem('a mapping needs a "tableSchema" with a list of "columns"')
            return None
        for key in schema:
            if key not in SCHEMA_KEYS and key not in INHERITED and not _PREFIXED_KEY.match(key):
                self.problem(f"unknown table schema property '{key}'", "tableSchema", key)
        inherited = {k: data[k] for k in INHERITED if k in data}
        inherited |= {k: schema[k] for k in INHERITED if k in schema}
        reader = ColumnReader(self.base, inherited)
        columns = reader.columns(schema["columns"])
        about = reader.shared.get("aboutUrl")
        self.problems += reader.problems
        if "aboutUrl" not in inherited:
            message = "the table schema needs an aboutUrl: the IRI of each row's resource"
            self.problem(message + ' (an event: "event/my-{id}/#it")', "tableSchema")
        dialect = self.dialect(data.get("dialect", {}))
        coder = self.coder(data)
        if about is None or coder is None or self.problems:
            return None
        return Mapping(relative, dialect, tuple(columns), about, coder)

    def context(self, context: Any) -> None:
        first = context[0] if isinstance(context, list) and context else context
        if first != CSVW_CONTEXT:
            self.problem(f'"@context" must be "{CSVW_CONTEXT}" (or a list starting with it)')

    def dialect(self, value: Any) -> Dialect:
        if not isinstance(value, dict):
            self.problem("dialect must be an object", "dialect")
            return Dialect()
        for key in value:
            if key not in DIALECT:
                self.problem(f"unknown or unsupported dialect property '{key}'", "dialect", key)
            elif not isinstance(value[key], type(DIALECT[key])):
                self.problem(f"dialect {key} must be like {DIALECT[key]!r}", "dialect", key)
        merged = {**DIALECT, **value}
        if str(merged["encoding"]).lower().replace("_", "-") not in ("utf-8", "utf8"):
            self.problem("tables are read as UTF-8: convert the file", "dialect", "encoding")
        for key in ("delimiter", "quoteChar"):
            if len(str(merged[key])) != 1:
                self.problem(f"dialect {key} must be one character", "dialect", key)
        return Dialect(
            delimiter=str(merged["delimiter"])[:1] or ",",
            quote_char=str(merged["quoteChar"])[:1] or '"',
            double_quote=bool(merged["doubleQuote"]),
            header_rows=int(merged["headerRowCount"]) if merged["header"] else 0,
            skip_rows=int(merged["skipRows"]),
            trim=merged["trim"] is not False,
        )

    def coder(self, data: dict[str, Any]) -> Coder | None:
        key = next((k for k in CREATORS if k in data), None)
        if key is None:
            message = 'a mapping says who coded its rows: "dc:creator": {"schema:name": "…"} '
            self.problem(message + "(an organisation, a team), whose claims the rows become")
            return None
        value = data[key]
        if isinstance(value, str):
            value = {"schema:name": value}
        if not isinstance(value, dict) or not (value.get("schema:name") or value.get("@id")):
            self.problem(f'{key} must be a name or {{"@id": …, "schema:name": …}}', key)
            return None
        name, url = value.get("schema:name", ""), value.get("schema:url", "")
        url = url.get("@id", "") if isinstance(url, dict) else url
        if not isinstance(name, str) or not isinstance(url, str):
            self.problem(f"{key}: schema:name is a text, schema:url an address", key)
            return None
        iri = value.get("@id") or f"actor/{slug(name)}/#it"
        return Coder(resolve(str(iri), self.base), name, url)


def _failed(
    path: str, message: str, line: int, column: int, code: Code = Code.INVALID_MAPPING
) -> MappingRead:
    where = Location(path, line, column)
    return MappingRead(None, [Diagnostic(code, Severity.ERROR, message, where, stage=Stage.READ)])


def _located(text: str, path: str) -> Any:
    """The mapping read again with the line of every key (JSON is YAML), or None."""
    try:
        documents = load_documents(text, path)
    except YamlSyntaxError:
        return None
    return documents[0] if len(documents) == 1 else None


def _diagnostic(problem: MappingProblem, located: Any, path: str) -> Diagnostic:
    where = Location(path, 1, 1)
    node = located
    for key in problem.keys:
        if isinstance(key, int) and isinstance(node, list) and key < len(node):
            where, node = item_location(node, key, path), node[key]
        elif isinstance(key, str) and isinstance(node, dict) and key in node:
            where, node = key_location(node, key, path), node[key]
        else:
            break
    if where.line == 0:
        where = Location(path, 1, 1)
    message = f"{problem.message}; the table is not read"
    return Diagnostic(Code.INVALID_MAPPING, Severity.ERROR, message, where, stage=Stage.READ)
