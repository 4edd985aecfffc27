"""SPARQL 1.1 over a project's dataset, on the embedded Oxigraph engine.

- :func:`evaluate` runs one query over a store. The default graph is the union of the data and
  the vocabularies (the ontology, the action types, ...); the prefixes of
  :data:`ld_events.vocab.PREFIXES` are predeclared; relative IRIs resolve against the project
  base, so ``<actor/iran/#it>`` names a thing of the project.
- :func:`serialize_result` writes SPARQL results (JSON, XML, CSV, TSV), an aligned text table,
  or triples (Turtle, N-Triples, JSON-LD, RDF/XML) for CONSTRUCT and DESCRIBE.
- :class:`SparqlEndpoint` is the read-only SPARQL 1.1 Protocol endpoint of ``ld-events serve``.
  Oxigraph cannot interrupt a query from another thread, so every query runs in a child process
  that is killed at the time limit. Children are forked by a small *fork server*: a process
  forked once, before the HTTP server starts any thread, that holds the store (shared
  copy-on-write, never copied) and does nothing but fork one child per query, wait for its
  answer or its deadline, and relay the answer. Forking only from that single-threaded process
  avoids forking the multi-threaded HTTP server (locks held by other threads would stay locked
  in the child). A child can only change its own copy-on-write pages, so the served data is
  read-only whatever the query does.

Why Oxigraph and not rdflib's engine: ``python -m benchmarks.sparql`` (docs/sparql.md) gets the
same answers from both; Oxigraph is 5 to 3,000 times faster at 100,000 events (50 to 250 times
on the seed example).
"""

from __future__ import annotations

import contextlib
import gzip
import html
import itertools
import multiprocessing
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from enum import StrEnum
from http import HTTPStatus
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import IO, cast
from urllib.parse import parse_qs

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
    parse,
    serialize,
)

from ld_events.config import load_config
from ld_events.dumps import sorted_triples, to_ntriples, to_turtle
from ld_events.errors import InputError, QueryError, UsageError
from ld_events.graph import DATA_GRAPH, VOCABULARY_GRAPH, ProjectGraph, build_graph
from ld_events.serve import Request, Response, Route, not_found, parse_accept, quality
from ld_events.sources import read_sources
from ld_events.vocab import DCTERMS, PREFIXES, RDF_TYPE, VOID

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

    ``str()`` is ``source:line:column: error[code]: message``; :meth:`excerpt` shows the line
    with a caret under the column. Codes: ``query-syntax``, ``query-update`` (an update sent to
    a read-only service), ``query-evaluation`` (the engine failed while running it),
    ``query-format`` (the output format does not fit the query form), ``query-metadata``
    (a saved query without its ``# title:`` line).
    """

    def __init__(
        self, source: str, line: int, column: int, code: str, message: str, text: str = ""
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.code = code
        self.message = message
        self.text = text
        super().__init__(f"{source}:{line}:{column}: error[{code}]: {message}")

    def excerpt(self) -> str:
        """The offending line of the query and a caret under the column ('' if unknown)."""
        lines = self.text.splitlines()
        if not 1 <= self.line <= len(lines):
            return ""
        shown = lines[self.line - 1].replace("\t", " ")
        return f"  {shown}\n  {' ' * (self.column - 1)}^"

    def detailed(self) -> str:
        excerpt = self.excerpt()
        return f"{self}\n{excerpt}" if excerpt else str(self)


class QueryFailures(QueryError):
    """Several saved queries failed; ``str()`` lists one diagnostic per line."""

    def __init__(self, failures: list[QueryDiagnostic]) -> None:
        self.failures = failures
        super().__init__("\n".join(f.detailed() for f in failures))


_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
UPDATE_REFUSED = (
    "SPARQL Update is not allowed: this is a read-only query service "
    "(change the project's sources instead)"
)


def syntax_error(exc: SyntaxError, text: str, source: str) -> QueryDiagnostic:
    """Turn Oxigraph's ``error at L:C: message`` into a located diagnostic (with hints)."""
    if is_update(text):
        return QueryDiagnostic(source, 1, 1, "query-update", UPDATE_REFUSED, text)
    found = _POSITION.match(str(exc))
    line, column, message = (int(found[1]), int(found[2]), found[3]) if found else (1, 1, str(exc))
    message = _short(message) if "Prefix not found" not in message else message
    undeclared = undeclared_prefixes(text)
    if undeclared:
        names = ", ".join(f"'{p}:'" for p in undeclared)
        hint = f"undeclared prefix {names}: add PREFIX {undeclared[0]}: <...>"
        message = hint if "Prefix not found" in message else f"{_short(message)} ({hint})"
    return QueryDiagnostic(source, line, column, "query-syntax", message, text)


def _short(message: str, limit: int = 160) -> str:
    """Oxigraph lists every character class it expected: keep the start of long lists."""
    flat = " ".join(message.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update request (parsed with rdflib's grammar)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except (ParseException, ValueError, TypeError):
        return False
    return True


_NOISE = re.compile(r"#[^\n]*|<[^<>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")
_PREFIX_USE = re.compile(r"(?<![\w?$:.-])([A-Za-z][\w.-]*)?:(?=[\w%\\])")
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


def undeclared_prefixes(text: str) -> list[str]:
    """Prefix names used in ``text`` that neither the query nor PREFIXES declares."""
    bare = _NOISE.sub(" ", text)
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
) -> QueryResult:
    """Start ``text`` on ``store``; raise :class:`QueryDiagnostic` if it cannot be parsed.

    Without ``default_graphs`` the default graph is the union of every graph of the store.
    Results are lazy: evaluation errors surface when they are read (:func:`serialize_result`).
    """
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
        raise QueryDiagnostic(source, 1, 1, "query-evaluation", str(exc), text) from None


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
        raise QueryDiagnostic(source, 1, 1, "query-evaluation", str(exc)) from None


def _format_error(source: str, message: str) -> QueryDiagnostic:
    return QueryDiagnostic(source, 1, 1, "query-format", message)


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

_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$|^$")
#: Namespaces longest first, so the most specific prefix wins.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def compact_iri(iri: str, base: str | None = None) -> str:
    """``lde:Event``, ``<actor/iran/#it>`` (relative to the base) or ``<iri>``."""
    for name, namespace in _NAMESPACES:
        if iri.startswith(namespace) and _LOCAL_NAME.match(iri[len(namespace) :]):
            return f"{name}:{iri[len(namespace) :]}"
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


# --- the SPARQL 1.1 Protocol endpoint ------------------------------------------------------------

SOLUTION_TYPES: list[tuple[str, QueryFormat]] = [
    ("application/sparql-results+json", QueryFormat.JSON),
    ("application/sparql-results+xml", QueryFormat.XML),
    ("text/csv", QueryFormat.CSV),
    ("text/tab-separated-values", QueryFormat.TSV),
    ("application/json", QueryFormat.JSON),
    ("application/xml", QueryFormat.XML),
    ("text/xml", QueryFormat.XML),
]
GRAPH_TYPES: list[tuple[str, QueryFormat]] = [
    ("text/turtle", QueryFormat.TURTLE),
    ("application/n-triples", QueryFormat.NTRIPLES),
    ("application/ld+json", QueryFormat.JSONLD),
    ("application/rdf+xml", QueryFormat.XML),
    ("application/x-turtle", QueryFormat.TURTLE),
    ("text/plain", QueryFormat.NTRIPLES),
]
#: ``format=`` values (as on Virtuoso and Fuseki), for links and forms without an Accept header.
FORMAT_NAMES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_TEXT_TYPES = ("text/", "application/sparql-results+xml", "application/rdf+xml")


@dataclass(frozen=True)
class Job:
    """One protocol request: the query, what the client accepts, the dataset it names."""

    query: str
    accept: str = ""
    format: str = ""
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back for a job."""

    status: int
    content_type: str
    body: bytes


def negotiate(form: str, accept: str, format_name: str = "") -> tuple[str, QueryFormat]:
    """The media type and format of the answer: ``format=`` first, then Accept, else default.

    Highest q wins, then the more specific range, then the order of :data:`SOLUTION_TYPES` or
    :data:`GRAPH_TYPES` (SPARQL JSON and Turtle first). Nothing acceptable: the default.
    """
    offers = GRAPH_TYPES if form == "graph" else SOLUTION_TYPES
    wanted = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
    for media_type, fmt in offers:
        if media_type == wanted:
            return media_type, fmt
    ranges = parse_accept(accept or "*/*")
    scored = [(quality(media, ranges), -i, media, fmt) for i, (media, fmt) in enumerate(offers)]
    (q, _), _, media, fmt = max(scored, key=lambda item: (item[0], item[1]))
    return (media, fmt) if q > 0 else offers[0]


_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)


def answer_job(store: Store, base: str | None, job: Job) -> Answer:
    """Run one protocol request to completion (in the current process).

    Federated queries (SERVICE) are refused: the server would fetch URLs chosen by a client.
    """
    if _SERVICE.search(_NOISE.sub(" ", job.query)):
        return text_answer(HTTPStatus.BAD_REQUEST, "SERVICE (federated query) is not allowed here")
    try:
        result = evaluate(
            store,
            job.query,
            base=base,
            source="query",
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
        )
        media_type, fmt = negotiate(query_form(result), job.accept, job.format)
        body = serialize_result(result, fmt, base=base, source="query")
    except QueryDiagnostic as exc:
        exc.text = exc.text or job.query
        status = HTTPStatus.INTERNAL_SERVER_ERROR
        if exc.code in ("query-syntax", "query-update", "query-format"):
            status = HTTPStatus.BAD_REQUEST
        return text_answer(status, exc.detailed())
    charset = "; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else ""
    return Answer(HTTPStatus.OK, media_type + charset, body)


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode())


@dataclass
class _Running:
    job_id: int
    pid: int
    deadline: float


class QueryRunner:
    """Runs each job in a child process that is killed after ``timeout`` seconds.

    :meth:`start` forks the fork server: call it before the process starts threads. :meth:`run`
    is thread-safe; at most ``workers`` queries run at once, later ones wait their turn.
    """

    def __init__(
        self, store: Store, base: str | None, timeout: float, workers: int | None = None
    ) -> None:
        self.store = store
        self.base = base
        self.timeout = timeout
        self.workers = workers or max(2, os.cpu_count() or 1)
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._lock = threading.Lock()
        self._pending: dict[int, Future[Answer]] = {}
        self._ids = itertools.count()

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, server_end = context.Pipe()
        self._process = context.Process(
            target=_fork_server,
            args=(server_end, self._conn, self.store, self.base, self.timeout, self.workers),
            name="ld-events-sparql",
            daemon=True,
        )
        self._process.start()
        server_end.close()
        threading.Thread(target=self._receive, args=(self._conn,), daemon=True).start()

    def run(self, job: Job) -> Answer:
        future: Future[Answer] = Future()
        with self._lock:
            if self._conn is None:
                return _stopped()
            job_id = next(self._ids)
            self._pending[job_id] = future
            try:
                self._conn.send((job_id, job))
            except OSError:
                del self._pending[job_id]
                return _stopped()
        return future.result()

    def _receive(self, conn: Connection) -> None:
        """Hand each answer to the thread waiting for it; when the server ends, fail the rest."""
        with contextlib.suppress(EOFError, OSError):
            while True:
                job_id, answer = conn.recv()
                with self._lock:
                    future = self._pending.pop(job_id)
                future.set_result(answer)
        with self._lock:
            pending, self._pending = self._pending, {}
            self._conn = None
        for future in pending.values():
            future.set_result(_stopped())
        conn.close()

    def close(self) -> None:
        """Stop the fork server (it kills running children) and wait for it."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(OSError):
                    self._conn.send(None)
        if self._process is not None:
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()


def _stopped() -> Answer:
    return text_answer(HTTPStatus.SERVICE_UNAVAILABLE, "the query service has stopped")


def _fork_server(
    conn: Connection,
    parent_end: Connection,
    store: Store,
    base: str | None,
    timeout: float,
    workers: int,
) -> None:
    """The fork server's loop: start waiting jobs, relay answers, kill children past deadline.

    It ends when the parent sends None or goes away (its end of ``conn`` closes).
    """
    parent_end.close()  # our copy of the parent's end: else we would never see it close
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which closes conn
    import rdflib.plugins.sparql.parser  # noqa: F401  (for is_update: once here, not per child)

    running: dict[Connection, _Running] = {}
    waiting: deque[tuple[int, Job]] = deque()
    try:
        while True:
            while waiting and len(running) < workers:
                job_id, job = waiting.popleft()
                reader, pid = _fork_child(conn, store, base, job)
                running[reader] = _Running(job_id, pid, time.monotonic() + timeout)
            deadlines = [r.deadline for r in running.values()]
            pause = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for ready in wait([conn, *running], pause):
                if ready is conn:
                    message = conn.recv()
                    if message is None:
                        return
                    waiting.append(message)
                else:
                    assert isinstance(ready, Connection)
                    done = running.pop(ready)
                    conn.send((done.job_id, _collect(ready, done.pid)))
            now = time.monotonic()
            for reader, late in [(r, item) for r, item in running.items() if item.deadline <= now]:
                del running[reader]
                _kill(late.pid)
                reader.close()
                conn.send((late.job_id, timeout_answer(timeout)))
    except (EOFError, OSError):
        pass  # the parent is gone
    finally:
        for item in running.values():
            _kill(item.pid)


def timeout_answer(timeout: float) -> Answer:
    return text_answer(
        HTTPStatus.SERVICE_UNAVAILABLE,
        f"query stopped: it ran longer than the server's limit of {timeout:g} s "
        "(ld-events serve --query-timeout)",
    )


def _fork_child(
    conn: Connection, store: Store, base: str | None, job: Job
) -> tuple[Connection, int]:
    reader, writer = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: answer, send, and leave without running any exit handler
        try:
            reader.close()
            conn.close()
            writer.send(answer_job(store, base, job))
        finally:
            os._exit(0)
    writer.close()
    return reader, pid


def _collect(reader: Connection, pid: int) -> Answer:
    try:
        answer: Answer = reader.recv()
    except (EOFError, OSError):
        answer = text_answer(HTTPStatus.INTERNAL_SERVER_ERROR, "the query process ended early")
    reader.close()
    os.waitpid(pid, 0)
    return answer


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


class ProtocolError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def protocol_job(request: Request) -> Job | None:
    """The job a SPARQL 1.1 Protocol request asks for; None: GET without a query (the form).

    Raises :class:`ProtocolError` for updates, repeated or missing queries, other POST types.
    """
    params = parse_qs(request.query, keep_blank_values=True)
    queries = params.get("query", [])
    if request.method == "POST":
        content_type = request.headers.get_content_type()
        if content_type == "application/sparql-update":
            raise ProtocolError(HTTPStatus.BAD_REQUEST, UPDATE_REFUSED)
        body = _body_text(request.body)
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            params = {**form, **{k: v + form.get(k, []) for k, v in params.items()}}
            queries = params.get("query", [])
        elif content_type == "application/sparql-query":
            queries = [*queries, body]
        else:
            raise ProtocolError(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST a query as application/x-www-form-urlencoded (query=...) "
                "or as application/sparql-query",
            )
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(HTTPStatus.BAD_REQUEST, UPDATE_REFUSED)
    if len(queries) > 1:
        raise ProtocolError(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
    if not queries or not queries[0].strip():
        if request.method == "POST":
            raise ProtocolError(HTTPStatus.BAD_REQUEST, "no query: send query=...")
        return None
    return Job(
        query=queries[0],
        accept=request.headers.get("Accept", ""),
        format=params.get("format", [""])[0],
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
    )


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from exc


EXAMPLE_QUERY = """SELECT ?event ?label ?type WHERE {
  ?event a lde:Event ; rdfs:label ?label ; lde:actionType ?type .
}
ORDER BY ?label
LIMIT 20
"""


@dataclass
class SparqlEndpoint:
    """The ``/sparql`` route: protocol requests go to the runner, bare GETs get the form."""

    runner: QueryRunner
    title: str = "SPARQL"
    path: str = "/sparql"

    @property
    def route(self) -> Route:
        return Route(self.path, self.handle, methods=("GET", "HEAD", "POST"))

    def handle(self, site: Path, request: Request) -> Response:
        if request.path not in (self.path, self.path + "/"):
            return not_found(site)
        try:
            job = protocol_job(request)
        except ProtocolError as exc:
            return _response(text_answer(exc.status, exc.message))
        if job is None:
            body = form_page(self.title, self.runner.base)
            return Response(HTTPStatus.OK, [("Content-Type", "text/html; charset=utf-8")], body)
        return _response(self.runner.run(job))

    def close(self) -> None:
        self.runner.close()


def _response(answer: Answer) -> Response:
    headers = [
        ("Content-Type", answer.content_type),
        ("Vary", "Accept"),
        ("Access-Control-Allow-Origin", "*"),
        ("Cache-Control", "no-store"),
    ]
    return Response(HTTPStatus(answer.status), headers, answer.body)


def form_page(title: str, base: str | None) -> bytes:
    """The query form: plain HTML that submits with GET, no script needed."""
    options = "".join(
        f'<option value="{name}">{label}</option>'
        for name, label in [
            ("", "by Accept header (SPARQL JSON / Turtle)"),
            ("json", "SPARQL JSON"),
            ("xml", "SPARQL XML"),
            ("csv", "CSV"),
            ("tsv", "TSV"),
            ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
            ("ntriples", "N-Triples (CONSTRUCT, DESCRIBE)"),
        ]
    )
    declared = html.escape(prologue(base))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL · {html.escape(title)}</title>
<link rel="stylesheet" href="static/style.css">
</head>
<body>
<main id="main" class="wrap">
<h1>SPARQL query</h1>
<p>Read-only SPARQL 1.1 endpoint over <a href="./">{html.escape(title)}</a>: data and
vocabularies, queried as one default graph.</p>
<form method="get" action="sparql">
<p><label for="query">Query</label><br>
<textarea id="query" name="query" rows="14" cols="90" spellcheck="false">
{html.escape(EXAMPLE_QUERY)}</textarea></p>
<p><label for="format">Results</label>
<select id="format" name="format">{options}</select>
<button type="submit">Run query</button></p>
</form>
<details><summary>Declared for every query</summary><pre>{declared}</pre></details>
</main>
</body>
</html>
"""
    return page.encode("utf-8")


# --- the data served ---------------------------------------------------------------------------


def load_site_store(site: Path) -> tuple[Store, str | None, str]:
    """The data of a built site (``dump/dataset.nt.gz`` and ``ontology/*.ttl``), its base, title.

    Data and vocabularies go to the same two named graphs as a project's graph. The base and the
    title come from the site's ``void.ttl`` (its dataset is ``{base}void.ttl#dataset``).
    """
    dump = site / "dump" / "dataset.nt.gz"
    if not dump.is_file():
        raise UsageError(f"{site} has no dump/dataset.nt.gz: is it a site built by ld-events?")
    store = Store()
    with gzip.open(dump) as data:
        stream = cast(IO[bytes], data)
        store.bulk_load(input=stream, format=RdfFormat.N_TRIPLES, to_graph=DATA_GRAPH)
    for path in sorted((site / "ontology").glob("*.ttl")):
        store.bulk_load(path=str(path), format=RdfFormat.TURTLE, to_graph=VOCABULARY_GRAPH)
    base, title = _void_description(site / "void.ttl")
    return store, base, title or site.name


def _void_description(path: Path) -> tuple[str | None, str | None]:
    if not path.is_file():
        return None, None
    base = title = None
    for triple in parse(path=str(path), format=RdfFormat.TURTLE):
        subject = triple.subject.value if isinstance(triple.subject, NamedNode) else ""
        if not subject.endswith("void.ttl#dataset"):
            continue
        if triple.predicate.value == RDF_TYPE and triple.object.value == VOID + "Dataset":
            base = subject.removesuffix("void.ttl#dataset")
        if triple.predicate.value == DCTERMS + "title" and isinstance(triple.object, Literal):
            title = triple.object.value
    return base, title


def open_endpoint(site: Path, graph: ProjectGraph | None, timeout: float) -> SparqlEndpoint | None:
    """The endpoint over ``graph``, or over the built ``site``'s dumps (None if it has none).

    Starts the query runner: call it before the process starts threads.
    """
    if graph is not None:
        runner = QueryRunner(graph.store, graph.config.base, timeout)
        title = graph.config.title
    elif (site / "dump" / "dataset.nt.gz").is_file():
        store, base, title = load_site_store(site)
        runner = QueryRunner(store, base, timeout)
    else:
        return None
    runner.start()
    return SparqlEndpoint(runner, title)


def load_query_graph(project: Path) -> ProjectGraph:
    """A project's graph for querying: read and merged, not validated (that is ``validate``)."""
    config = load_config(project)
    sources = read_sources(config)
    if sources.report.has_read_errors():
        raise InputError(sources.report)
    return build_graph(config, sources.triples, sources.index)


def run_text(graph: ProjectGraph, text: str, source: str, fmt: QueryFormat) -> bytes:
    """What ``ld-events query`` prints: the answer to ``text`` over ``graph`` in ``fmt``."""
    base = graph.config.base
    result = evaluate(graph.store, text, base=base, source=source)
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
