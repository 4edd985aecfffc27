"""Saved queries: a project's ``queries/*.rq``, run at build time and published as pages.

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
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    parse_query_results,
)

from ld_events.graph import ProjectGraph
from ld_events.publish.gather import Link, relative
from ld_events.publish.pages import Publisher, SiteFile
from ld_events.publish.render import render
from ld_events.rdf.vocab import PREFIXES
from ld_events.sparql.query import (
    QueryDiagnostic,
    QueryFailures,
    QueryFormat,
    Term,
    compact_iri,
    evaluate,
    graph_bytes,
    prologue,
    serialize_result,
    show_term,
)

FOLDER = "queries"
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
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
            failures.append(_problem(path.stem, 1, "query-unreadable", str(exc)))
    return queries, failures


def parse_saved_query(name: str, text: str) -> SavedQuery:
    """Read the title and description from the leading comments of ``text``."""
    if not _NAME.match(name):
        raise _problem(
            name,
            1,
            "query-name",
            "name the file in lowercase kebab-case, "
            "like who-ordered-the-strikes.rq (it becomes the page's address)",
        )
    lines = text.splitlines()
    title = _TITLE.match(lines[0].strip()) if lines else None
    if title is None:
        raise _problem(name, 1, "query-metadata", 'the first line must be "# title: ..."')
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


def _problem(name: str, line: int, code: str, message: str) -> QueryDiagnostic:
    return QueryDiagnostic(f"{FOLDER}/{name}.rq", line, 1, code, message)


def run_saved_queries(graph: ProjectGraph) -> list[SavedResult]:
    """Read and run every saved query; raise :class:`QueryFailures` listing all that fail."""
    queries, failures = _read_all(graph.config.root)
    results: list[SavedResult] = []
    for query in queries:
        try:
            results.append(run_saved_query(graph, query))
        except QueryDiagnostic as exc:
            exc.text = exc.text or query.text
            failures.append(exc)
    if failures:
        raise QueryFailures(sorted(failures, key=lambda f: (f.source, f.line, f.column)))
    return results


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


# --- pages -------------------------------------------------------------------------------------


def query_files(publisher: Publisher, results: list[SavedResult]) -> Iterator[SiteFile]:
    """Per saved query: its page, its results (JSON and CSV, or Turtle) and its text; the list."""
    base = publisher.base
    for result in results:
        folder = f"{FOLDER}/{result.query.name}/"
        yield folder + "index.html", _query_page(publisher, result, folder)
        yield folder + "query.rq", (prologue(base) + result.query.text).encode("utf-8")
        if result.form == "graph":
            yield folder + "results.ttl", result.turtle
        else:
            yield folder + "results.json", result.json
            yield folder + "results.csv", result.csv
    if results:
        yield _index_page(publisher, results)


def _query_page(publisher: Publisher, result: SavedResult, folder: str) -> bytes:
    query = result.query
    page = publisher.page_info(query.title, folder, section=FOLDER)
    page = replace(page, description=" ".join(query.description)[:300])
    rows = [[_cell(publisher, term, folder) for term in row] for row in result.rows]
    if result.form == "graph":
        downloads = [("results.ttl", "Turtle")]
    else:
        downloads = [("results.json", "SPARQL JSON"), ("results.csv", "CSV")]
    return render(
        "query.html",
        site=publisher.site,
        page=page,
        query=query,
        result=result,
        rows=rows,
        downloads=[*downloads, ("query.rq", "the query, with its prefixes")],
        prefixes=sorted(PREFIXES.items()),
    )


def _cell(publisher: Publisher, term: Term | None, here: str) -> Link | None:
    """Resources with a page link to it, by label; other IRIs compact; literals as text."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        resource = publisher.catalog.page_of(term.value)
        if resource is not None:
            return Link(publisher.catalog.label(term.value), relative(here, resource.path))
        return Link(compact_iri(term.value, publisher.base))
    if isinstance(term, Literal):
        return Link(term.value, language=term.language)
    return Link(show_term(term))


def _index_page(publisher: Publisher, results: list[SavedResult]) -> SiteFile:
    folder = f"{FOLDER}/"
    page = publisher.page_info("Queries", folder, section=FOLDER)
    entries = [
        (f"{r.query.name}/", r.query.title, r.query.description[:1], _summary(r)) for r in results
    ]
    return folder + "index.html", render(
        "queries.html", site=publisher.site, page=page, entries=entries
    )


def _summary(result: SavedResult) -> str:
    if result.form == "ask":
        return "yes" if result.boolean else "no"
    count = len(result.rows)
    noun = "triple" if result.form == "graph" else "row"
    return f"{count} {noun}{'' if count == 1 else 's'}"
