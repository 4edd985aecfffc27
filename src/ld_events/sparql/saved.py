"""Saved queries: a project's ``queries/*.rq``, read and run at build time.

The convention (docs/sparql.md, "Saved queries"): ``queries/<name>.rq``, where ``<name>`` is
lowercase kebab-case and becomes the page folder ``queries/<name>/``. The file's leading comment
block describes the query::

    # title: Who ordered the strikes, and who carried them out
    # description: Every attack with whoever ordered it and whoever carried it out.
    #
    # Plain comment lines continue the description; a bare "#" line starts a paragraph.
    SELECT ...

The first line must be ``# title: ...``. The comment lines after it, up to the first line that
is not a comment, are the description (``description:`` on the first is optional). The query
runs like ``ld-events query``: prefixes predeclared, relative IRIs against the project base,
data and vocabularies as the default graph. End it with ORDER BY: pages must not change between
builds of the same data.

Every saved query runs right after validation, before anything is written; failures are
collected and raised together (:class:`~ld_events.sparql.query.QueryFailures`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pyoxigraph import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    Store,
    parse_query_results,
)

from ld_events.graph import ProjectGraph
from ld_events.report import Code, Diagnostic
from ld_events.sparql.forkserver import Failure, QueryRunner
from ld_events.sparql.query import (
    QueryDiagnostic,
    QueryFailures,
    QueryFormat,
    Term,
    evaluate,
    graph_bytes,
    serialize_result,
)

#: The project's folder of saved queries (each also becomes a page of the site).
FOLDER = "queries"
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\Z")
_TITLE = re.compile(r"^#\s*title:\s*(\S.*)$", re.IGNORECASE)
_DESCRIPTION = re.compile(r"^description:\s*", re.IGNORECASE)


@dataclass(frozen=True)
class SavedQuery:
    """One ``queries/<name>.rq`` file: its name, title, description paragraphs and text."""

    name: str
    path: str  # relative to the project: "queries/<name>.rq"
    title: str
    description: list[str]
    text: str


@dataclass(frozen=True)
class SavedResult:
    """A saved query's answer: SPARQL JSON and CSV (SELECT, ASK) or Turtle (CONSTRUCT)."""

    query: SavedQuery
    form: str  # select, ask, graph
    variables: list[str]
    rows: list[list[Term | None]]
    boolean: bool | None = None
    json: bytes = b""
    csv: bytes = b""
    turtle: bytes = b""


def read_saved_queries(project_root: Path) -> list[SavedQuery]:
    """Every ``queries/*.rq`` of the project, by file name; raise if one is not usable."""
    queries, failures = _read_all(project_root)
    if failures:
        raise QueryFailures(failures)
    return queries


def _read_all(project_root: Path) -> tuple[list[SavedQuery], list[QueryDiagnostic]]:
    folder = project_root / FOLDER
    queries: list[SavedQuery] = []
    failures: list[QueryDiagnostic] = []
    for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        try:
            queries.append(parse_saved_query(path.stem, path.read_text(encoding="utf-8")))
        except QueryDiagnostic as exc:
            failures.append(exc)
        except (OSError, UnicodeDecodeError) as exc:
            failures.append(_problem(path.stem, 1, Code.UNREADABLE_FILE, str(exc)))
    return queries, failures


def parse_saved_query(name: str, text: str) -> SavedQuery:
    """Read the title and description from the leading comments of ``text``."""
    if not _NAME.match(name):
        raise _problem(
            name,
            1,
            Code.BAD_QUERY_NAME,
            "name the file in lowercase kebab-case, "
            "like who-ordered-the-strikes.rq (it becomes the page's address)",
        )
    lines = text.splitlines()
    title = _TITLE.match(lines[0].strip()) if lines else None
    if title is None:
        raise _problem(name, 1, Code.MISSING_QUERY_TITLE, 'the first line must be "# title: ..."')
    comments: list[str] = []
    for line in lines[1:]:
        if not line.lstrip().startswith("#"):
            break
        comments.append(line.lstrip()[1:].strip())
    if comments:
        comments[0] = _DESCRIPTION.sub("", comments[0])
    paragraphs = " ".join(c if c else "\n" for c in comments).split("\n")
    description = [" ".join(p.split()) for p in paragraphs if p.strip()]
    return SavedQuery(name, f"{FOLDER}/{name}.rq", title[1].strip(), description, text)


def _problem(name: str, line: int, code: Code, message: str) -> QueryDiagnostic:
    return QueryDiagnostic(f"{FOLDER}/{name}.rq", line, 1, code, message)


def run_saved_queries(graph: ProjectGraph, timeout: float) -> list[SavedResult]:
    """Read and run every saved query, each in a child process stopped after ``timeout``
    seconds; raise :class:`QueryFailures` listing all that fail."""
    queries, failures = _read_all(graph.config.root)
    results: list[SavedResult] = []
    if queries:
        runner = QueryRunner(partial(_run_in_child, graph), timeout, workers=1)
        # The queries see the data as published (and as /sparql serves it), with its
        # entailments: the fork server keeps them; the pages are rendered without.
        graph.materialise_entailments()
        try:
            runner.start()
        finally:
            graph.drop_entailments()
        try:
            for query in queries:
                outcome = runner.run(query)
                if isinstance(outcome, SavedResult):
                    results.append(outcome)
                else:
                    failures.append(_failure(query, outcome, timeout))
        finally:
            runner.close()
    if failures:
        raise QueryFailures(sorted(failures, key=lambda f: (f.source, f.line, f.column)))
    return results


@dataclass(frozen=True)
class _Refused:
    """A QueryDiagnostic, as a child sends it back (exceptions do not always unpickle)."""

    line: int
    column: int
    code: Code
    message: str


def _run_in_child(graph: ProjectGraph, query: object) -> SavedResult | _Refused:
    assert isinstance(query, SavedQuery)
    try:
        return run_saved_query(graph, query)
    except QueryDiagnostic as exc:
        return _Refused(exc.line, exc.column, exc.code, exc.message)


def _failure(query: SavedQuery, outcome: object, timeout: float) -> QueryDiagnostic:
    if isinstance(outcome, _Refused):
        return QueryDiagnostic(
            query.path, outcome.line, outcome.column, outcome.code, outcome.message, query.text
        )
    reason = outcome.value if isinstance(outcome, Failure) else "no answer"
    if outcome is Failure.TIMED_OUT:
        reason = f"stopped after {timeout:g} s (query_timeout in ld-events.yaml)"
    return QueryDiagnostic(query.path, 0, 0, Code.FAILED_QUERY, reason, query.text)


def check_saved_queries(project_root: Path, base: str) -> list[Diagnostic]:
    """Every saved query read and parsed (on an empty store), not run: what validate and
    export check, so that a broken query is found before a build."""
    queries, failures = _read_all(project_root)
    empty = Store()
    for query in queries:
        try:
            evaluate(empty, query.text, base=base, source=query.path)
        except QueryDiagnostic as exc:
            exc.text = exc.text or query.text
            failures.append(exc)
    return [failure.diagnostic() for failure in failures]


def run_saved_query(graph: ProjectGraph, query: SavedQuery) -> SavedResult:
    base = graph.config.base
    result = evaluate(graph.store, query.text, base=base, source=query.path)
    if isinstance(result, QueryTriples):
        triples = list(result)
        rows: list[list[Term | None]] = [[t.subject, t.predicate, t.object] for t in triples]
        turtle = graph_bytes(triples, QueryFormat.TURTLE)
        return SavedResult(query, "graph", ["subject", "predicate", "object"], rows, turtle=turtle)
    data = serialize_result(result, QueryFormat.JSON, base=base, source=query.path)
    csv = _reparsed(data).serialize(format=QueryResultsFormat.CSV) or b""
    parsed = _reparsed(data)
    if isinstance(parsed, QueryBoolean):
        return SavedResult(query, "ask", [], [], bool(parsed), data, csv)
    names = [v.value for v in parsed.variables]
    rows = [[solution[name] for name in names] for solution in parsed]
    return SavedResult(query, "select", names, rows, None, data, csv)


def _reparsed(data: bytes) -> QuerySolutions | QueryBoolean:
    return parse_query_results(data, format=QueryResultsFormat.JSON)
