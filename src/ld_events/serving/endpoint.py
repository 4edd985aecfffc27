"""The read-only SPARQL 1.1 Protocol endpoint of ``ld-events serve``, at ``/sparql``.

Protocol requests become jobs; each job runs in a child process of the fork server
(``sparql.forkserver``), killed at the time limit, so a query can neither hang the server nor
change the data served. After ``serve`` rebuilt the site, :meth:`SparqlEndpoint.reload` has the
fork server load the new graph (N-Quads written by the build): queries then answer over it.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

import rdflib.plugins.sparql.parser  # noqa: F401  (queries are checked with it: import it once)
from pyoxigraph import RdfFormat, Store

from ld_events.errors import UsageError
from ld_events.graph import ProjectGraph
from ld_events.rdf.entailment import Entailment
from ld_events.report import Code
from ld_events.serving.negotiation import parse_accept, quality
from ld_events.serving.query_page import form_page, results_page
from ld_events.serving.routes import Request, Response, Route, not_found
from ld_events.serving.site_data import SITE_DUMP, load_site_store
from ld_events.sparql.forkserver import Failure, QueryRunner
from ld_events.sparql.query import (
    UPDATE_REFUSED,
    QueryDiagnostic,
    QueryFormat,
    evaluate,
    query_form,
    serialize_result,
)


@dataclass(frozen=True)
class Answer:
    """What the endpoint sends back for a job."""

    status: int
    content_type: str
    body: bytes


def text_answer(status: int, message: str) -> Answer:
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode())


def failure_answer(failure: Failure, timeout: float) -> Answer:
    if failure is Failure.TIMED_OUT:
        return text_answer(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"query stopped: it ran longer than the server's limit of {timeout:g} s "
            "(ld-events serve --query-timeout)",
        )
    status = HTTPStatus.INTERNAL_SERVER_ERROR
    if failure in (Failure.STOPPED, Failure.BUSY):
        status = HTTPStatus.SERVICE_UNAVAILABLE
    return text_answer(status, f"no answer: {failure.value}")


#: Queries running at once, each in its own process: more than the cores, so that a few slow
#: queries leave room for quick ones. Past QUERIES_WAITING more, a query gets 503 at once; both
#: together stay below the server's threads (a waiting query holds one), so pages are answered.
QUERIES_AT_ONCE = 8
QUERIES_WAITING = 64

# --- the SPARQL 1.1 Protocol endpoint ------------------------------------------------------------

SOLUTION_TYPES: list[tuple[str, QueryFormat]] = [
    ("application/sparql-results+json", QueryFormat.JSON),
    ("application/sparql-results+xml", QueryFormat.XML),
    ("text/csv", QueryFormat.CSV),
    ("text/tab-separated-values", QueryFormat.TSV),
    ("application/json", QueryFormat.JSON),
    ("application/xml", QueryFormat.XML),
    ("text/xml", QueryFormat.XML),
    ("text/html", QueryFormat.TABLE),  # a browser: the form with a table (query_page.py)
]
GRAPH_TYPES: list[tuple[str, QueryFormat]] = [
    ("text/turtle", QueryFormat.TURTLE),
    ("application/n-triples", QueryFormat.NTRIPLES),
    ("application/ld+json", QueryFormat.JSONLD),
    ("application/rdf+xml", QueryFormat.XML),
    ("application/x-turtle", QueryFormat.TURTLE),
    ("text/plain", QueryFormat.NTRIPLES),
    ("text/html", QueryFormat.TABLE),
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
    "html": "text/html",
}
_TEXT_TYPES = ("text/", "application/sparql-results+xml", "application/rdf+xml")


@dataclass(frozen=True)
class Job:
    """One protocol request: the query, what the client accepts, the dataset it names."""

    query: str
    accept: str = ""
    format: str = ""
    title: str = "SPARQL"  # of the page a browser gets
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


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


_CLIENT_MISTAKES = (
    Code.INVALID_QUERY,
    Code.FORBIDDEN_UPDATE,
    Code.FORBIDDEN_SERVICE,
    Code.UNSUITABLE_FORMAT,
)


def answer_job(store: Store, base: str | None, job: Job) -> Answer:
    """Run one protocol request to completion (in the current process).

    Federated queries (SERVICE) are refused by ``evaluate``: the server would fetch URLs chosen
    by a client.
    """
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
        if fmt is QueryFormat.TABLE:
            body = results_page(job.title, base, job.query, result)
        else:
            body = serialize_result(result, fmt, base=base, source="query")
    except QueryDiagnostic as exc:
        exc.text = exc.text or job.query
        status = HTTPStatus.INTERNAL_SERVER_ERROR
        if exc.code in _CLIENT_MISTAKES:
            status = HTTPStatus.BAD_REQUEST
        return text_answer(status, exc.detailed())
    charset = "; charset=utf-8" if media_type.startswith(_TEXT_TYPES) else ""
    return Answer(HTTPStatus.OK, media_type + charset, body)


class ProtocolError(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def protocol_job(request: Request, title: str = "SPARQL") -> Job | None:
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
        title=title,
        default_graphs=tuple(params.get("default-graph-uri", [])),
        named_graphs=tuple(params.get("named-graph-uri", [])),
    )


def _body_text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from exc


@dataclass
class SparqlEndpoint:
    """The ``/sparql`` route: protocol requests go to the runner, bare GETs get the form."""

    runner: QueryRunner
    base: str | None
    title: str = "SPARQL"
    path: str = "/sparql"
    entailment: Entailment = Entailment.RDFS

    @property
    def route(self) -> Route:
        return Route(self.path, self.handle, methods=("GET", "HEAD", "POST"))

    def handle(self, site: Path, request: Request) -> Response:
        if request.path not in (self.path, self.path + "/"):
            return not_found(site)
        try:
            job = protocol_job(request, self.title)
        except ProtocolError as exc:
            return _response(text_answer(exc.status, exc.message))
        if job is None:
            body = form_page(self.title, self.base)
            return Response(HTTPStatus.OK, [("Content-Type", "text/html; charset=utf-8")], body)
        outcome = self.runner.run(job)
        if isinstance(outcome, Failure):
            return _response(failure_answer(outcome, self.runner.timeout))
        assert isinstance(outcome, Answer)
        return _response(outcome)

    def reload(self, quads: Path, base: str, title: str) -> Future[object]:
        """Answer later queries over the graph in the N-Quads file ``quads`` (removed once
        read), of the dataset ``base`` and ``title``; the future's result is None once they
        do, or why the previous data is still served."""
        self.base, self.title = base, title
        return self.runner.reload((str(quads), base))

    def close(self) -> None:
        self.runner.close()


def _response(answer: Answer) -> Response:
    headers = [
        ("Content-Type", answer.content_type),
        ("Vary", "Accept"),
        ("Cache-Control", "no-store"),
    ]
    return Response(HTTPStatus(answer.status), headers, answer.body)


def open_endpoint(
    site: Path,
    graph: ProjectGraph | None,
    timeout: float,
    entailment: Entailment = Entailment.RDFS,
) -> SparqlEndpoint | None:
    """The endpoint over ``graph`` under ``entailment`` (as ``ld-events query`` sees it), or over
    the built ``site``'s dumps (None if it has none).

    Starts the query runner: call it before the process starts threads. Raises
    :class:`UsageError` for a site without entailments: its dump holds them, mixed in.
    """
    base: str | None
    if graph is not None:
        graph.entail(entailment)  # the pages are written: the store may hold them now
        store, base, title = graph.store, graph.config.base, graph.config.title
    elif (site / SITE_DUMP).is_file():
        if entailment is not Entailment.RDFS:
            raise UsageError(
                f"--entailment {entailment} needs the project folder: the dump of a built site "
                f"({SITE_DUMP}) holds the asserted and the inferred triples together"
            )
        store, base, title = load_site_store(site)
    else:
        return None
    runner = QueryRunner(
        partial(_answer, store, base), timeout, QUERIES_AT_ONCE, QUERIES_WAITING, _load_quads
    )
    runner.start()
    return SparqlEndpoint(runner, base, title, entailment=entailment)


def _load_quads(payload: object) -> partial[Answer]:
    """The fork server's work over a rebuilt graph (run in the fork server)."""
    assert isinstance(payload, tuple)
    path, base = payload
    store = Store()
    try:
        store.bulk_load(path=path, format=RdfFormat.N_QUADS)
    finally:
        Path(path).unlink(missing_ok=True)
    return partial(_answer, store, base)


def _answer(store: Store, base: str | None, job: object) -> Answer:
    assert isinstance(job, Job)
    return answer_job(store, base, job)
