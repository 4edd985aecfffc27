"""SPARQL 1.1 over a project's dataset, on the embedded Oxigraph engine.

- :func:`evaluate` runs one query over a store. The default graph is the union of the data and
  the vocabularies (the ontology, the action types, ...); the prefixes of
  :data:`ld_events.rdf.vocab.PREFIXES` are predeclared; relative IRIs resolve against the project
  base, so ``<actor/iran/#it>`` names a thing of the project.
- :func:`serialize_result` writes SPARQL results (JSON, XML, CSV, TSV), an aligned text table,
  or triples (Turtle, N-Triples, JSON-LD, RDF/XML) for CONSTRUCT and DESCRIBE.
- The read-only SPARQL 1.1 Protocol endpoint of ``ld-events serve`` is in ``endpoint.py``.

Why Oxigraph and not rdflib's engine: ``python -m benchmarks.sparql`` (docs/sparql.md) gets the
same answers from both; Oxigraph is 5 to 3,000 times faster at 100,000 events (50 to 250 times
on the seed example).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    serialize,
)

from ld_events.errors import QueryError, UsageError
from ld_events.graph import ProjectGraph
from ld_events.rdf.iris import curie
from ld_events.rdf.serialize import sorted_triples, to_ntriples, to_turtle
from ld_events.rdf.vocab import PREFIXES
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sparql.safety import SERVICE_REFUSED, calls_service, is_update

QueryResult = QuerySolutions | QueryBoolean | QueryTriples
Term = NamedNode | BlankNode | Literal | Triple


class QueryFormat(StrEnum):
    """Output formats of ``ld-events query``."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    TURTLE = "turtle"
    NTRIPLES = "ntriples"
    JSONLD = "jsonld"


_RESULTS_FORMATS = {
    QueryFormat.JSON: QueryResultsFormat.JSON,
    QueryFormat.XML: QueryResultsFormat.XML,
    QueryFormat.CSV: QueryResultsFormat.CSV,
    QueryFormat.TSV: QueryResultsFormat.TSV,
}
#: What a solutions format means for CONSTRUCT/DESCRIBE (json → JSON-LD, xml → RDF/XML).
_GRAPH_ALIASES = {
    QueryFormat.TABLE: QueryFormat.TURTLE,
    QueryFormat.JSON: QueryFormat.JSONLD,
}


# --- errors --------------------------------------------------------------------------------------


class QueryDiagnostic(QueryError):
    """A query that cannot be run, located like a compiler error.

    Its report is one diagnostic (``source:line:column: error[code]: message``) whose excerpt
    shows the offending line of the query with a caret under the column. Line 0 means the
    problem has no position in the text (a failed evaluation, an update, a format). The query's
    text may be attached after the error is raised (``text``), by whoever knows it.
    """

    def __init__(
        self, source: str, line: int, column: int, code: Code, message: str, text: str = ""
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.text = text
        super().__init__(message, Location(source, line, column))

    def __str__(self) -> str:
        return self.diagnostic().to_text().partition("\n")[0]

    @property
    def report(self) -> Report:
        return Report([self.diagnostic()])

    def diagnostic(self) -> Diagnostic:
        where = Location(self.source, self.line, self.column)
        return Diagnostic(
            self.code,
            Severity.ERROR,
            self.message,
            where,
            stage=Stage.QUERY,
            excerpt=self.excerpt(),
        )

    def excerpt(self) -> str:
        """The offending line of the query and a caret under the column ('' if unknown)."""
        lines = self.text.splitlines()
        if not 1 <= self.line <= len(lines):
            return ""
        shown = lines[self.line - 1].replace("\t", " ")
        return f"  {shown}\n  {' ' * (self.column - 1)}^"

    def detailed(self) -> str:
        return self.diagnostic().to_text()


class QueryFailures(QueryError):
    """Several saved queries failed: one diagnostic each."""

    def __init__(self, failures: list[QueryDiagnostic]) -> None:
        self.failures = failures
        super().__init__(Report([f.diagnostic() for f in failures]))


_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
UPDATE_REFUSED = (
    "SPARQL Update is not allowed: this is a read-only query service "
    "(change the project's sources instead)"
)


def syntax_error(exc: SyntaxError, text: str, source: str) -> QueryDiagnostic:
    """Turn Oxigraph's ``error at L:C: message`` into a located diagnostic (with hints)."""
    if is_update(text):
        return QueryDiagnostic(source, 0, 0, Code.FORBIDDEN_UPDATE, UPDATE_REFUSED, text)
    found = _POSITION.match(str(exc))
    line, column, message = (int(found[1]), int(found[2]), found[3]) if found else (1, 1, str(exc))
    message = _short(message) if "Prefix not found" not in message else message
    undeclared = undeclared_prefixes(text)
    if undeclared:
        names = ", ".join(f"'{p}:'" for p in undeclared)
        hint = f"undeclared prefix {names}: add PREFIX {undeclared[0]}: <...>"
        message = hint if "Prefix not found" in message else f"{_short(message)} ({hint})"
    return QueryDiagnostic(source, line, column, Code.INVALID_QUERY, message, text)


def _short(message: str, limit: int = 160) -> str:
    """Oxigraph lists every character class it expected: keep the start of long lists."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


NOISE = re.compile(r"#[^\n]*|<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_PREFIX_USE = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\])")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(text: str) -> list[str]:
    """Prefix names used in ``text`` that neither the query nor PREFIXES declares."""
    bare = NOISE.sub(" ", text)
    declared = set(PREFIXES) | {m[1] or "" for m in _PREFIX_DECL.finditer(bare)}
    used = {m[1] or "" for m in _PREFIX_USE.finditer(bare)}
    return sorted(used - declared)


# --- evaluation ----------------------------------------------------------------------------------


def prologue(base: str | None) -> str:
    """The declarations :func:`evaluate` assumes, as SPARQL text (for other engines)."""
    lines = [f"BASE <{base}>"] if base else []
    lines += [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items()]
    return "\n".join(lines) + "\n"


def evaluate(
    store: Store,
    text: str,
    *,
    base: str | None = None,
    source: str = "<query>",
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    allow_service: bool = False,
) -> QueryResult:
    """Start ``text`` on ``store``; raise :class:`QueryDiagnostic` if it cannot be parsed, or
    if it would call a SERVICE and ``allow_service`` is not given.

    Without ``default_graphs`` the default graph is the union of every graph of the store.
    Results are lazy: evaluation errors surface when they are read (:func:`serialize_result`).
    """
    if not allow_service and calls_service(text):
        raise QueryDiagnostic(source, 0, 0, Code.FORBIDDEN_SERVICE, SERVICE_REFUSED, text)
    try:
        return store.query(
            text,
            base_iri=base,
            prefixes=PREFIXES,
            use_default_graph_as_union=not default_graphs,
            default_graph=[NamedNode(g) for g in default_graphs] or None,
            named_graphs=[NamedNode(g) for g in named_graphs] or None,
        )
    except SyntaxError as exc:
        raise syntax_error(exc, text, source) from None
    except (OSError, ValueError) as exc:
        raise QueryDiagnostic(source, 0, 0, Code.FAILED_QUERY, str(exc), text) from None


def query_form(result: QueryResult) -> str:
    """``select``, ``ask`` or ``graph`` (CONSTRUCT and DESCRIBE)."""
    if isinstance(result, QuerySolutions):
        return "select"
    return "ask" if isinstance(result, QueryBoolean) else "graph"


def serialize_result(
    result: QueryResult, fmt: QueryFormat, *, base: str | None = None, source: str = "<query>"
) -> bytes:
    """The whole answer in ``fmt``; raise :class:`QueryDiagnostic` if the query fails now."""
    form = query_form(result)
    if form == "graph":
        fmt = _GRAPH_ALIASES.get(fmt, fmt)
        if fmt in (QueryFormat.CSV, QueryFormat.TSV):
            raise _format_error(
                source,
                f"{fmt} holds solutions; CONSTRUCT and DESCRIBE give "
                "triples: use turtle, ntriples, jsonld or xml (RDF/XML)",
            )
    elif fmt in (QueryFormat.TURTLE, QueryFormat.NTRIPLES, QueryFormat.JSONLD):
        raise _format_error(
            source,
            f"{fmt} is for CONSTRUCT and DESCRIBE; a {form.upper()} "
            "query gives table, csv, tsv, json or xml",
        )
    try:
        if isinstance(result, QueryTriples):
            return graph_bytes(list(result), fmt)
        if fmt is QueryFormat.TABLE:
            return to_table(result, base).encode()
        return result.serialize(format=_RESULTS_FORMATS[fmt]) or b""
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryDiagnostic(source, 0, 0, Code.FAILED_QUERY, str(exc)) from None


def _format_error(source: str, message: str) -> QueryDiagnostic:
    return QueryDiagnostic(source, 0, 0, Code.UNSUITABLE_FORMAT, message)


def graph_bytes(triples: list[Triple], fmt: QueryFormat) -> bytes:
    """Triples in a stable order, in Turtle, N-Triples, JSON-LD (expanded) or RDF/XML."""
    ordered = sorted_triples(triples)
    if fmt is QueryFormat.TURTLE:
        return to_turtle(ordered)
    if fmt is QueryFormat.NTRIPLES:
        return to_ntriples(ordered)
    rdf_format = RdfFormat.JSON_LD if fmt is QueryFormat.JSONLD else RdfFormat.RDF_XML
    return serialize(ordered, format=rdf_format, prefixes=PREFIXES) or b""


# --- the text table ------------------------------------------------------------------------------


def compact_iri(iri: str, base: str | None = None) -> str:
    """``lde:Event``, ``<actor/iran/#it>`` (relative to the base) or ``<iri>``."""
    short = curie(iri)
    if short:
        return short
    if base and iri.startswith(base) and len(iri) > len(base):
        return f"<{iri[len(base) :]}>"
    return f"<{iri}>"


def show_term(term: Term | None, base: str | None = None) -> str:
    """A term as a table cell: IRIs compact, literals by their text, nothing for unbound."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact_iri(term.value, base)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return " ".join(term.value.split())
    return str(term)


def to_table(result: QuerySolutions | QueryBoolean, base: str | None = None) -> str:
    """An aligned text table, one row per solution, and the row count."""
    if isinstance(result, QueryBoolean):
        return f"{'true' if bool(result) else 'false'}\n"
    names = [v.value for v in result.variables]
    rows = [[show_term(solution[name], base) for name in names] for solution in result]
    widths = [max([len(name), *(len(row[i]) for row in rows)]) for i, name in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    lines = [line(names), line(["-" * w for w in widths]), *(line(row) for row in rows)]
    count = f"({len(rows)} row{'' if len(rows) == 1 else 's'})"
    return "\n".join(text.rstrip() for text in [*lines, count]) + "\n"


def run_text(
    graph: ProjectGraph, text: str, source: str, fmt: QueryFormat, *, allow_service: bool = False
) -> bytes:
    """What ``ld-events query`` prints: the answer to ``text`` over ``graph`` in ``fmt``."""
    base = graph.config.base
    result = evaluate(graph.store, text, base=base, source=source, allow_service=allow_service)
    try:
        data = serialize_result(result, fmt, base=base, source=source)
    except QueryDiagnostic as exc:
        exc.text = exc.text or text
        raise
    return data if data.endswith(b"\n") or not data else data + b"\n"


def read_query_input(project: str, text: str | None, file: Path | None) -> tuple[Path, str, str]:
    """``ld-events query [PROJECT] (QUERY | --file Q.rq)``: the folder, the query, its name.

    With one argument and no ``--file``, the argument is the query if it is not a folder.
    """
    if text is None and file is None and not _is_folder(project):
        return read_query_input(".", project, None)
    if (text is None) == (file is None):
        raise UsageError("give a query, or --file Q.rq (one of them)")
    if file is None:
        assert text is not None
        return Path(project), text, "<query>"
    try:
        return Path(project), file.read_text(encoding="utf-8"), str(file)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {file}: {exc}") from exc


def _is_folder(name: str) -> bool:
    try:
        return Path(name).is_dir()
    except (OSError, ValueError):  # too long for a path, or a NUL in it: a query
        return False
