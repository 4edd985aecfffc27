"""Upload a project's dataset to a triple store: SPARQL 1.1 Graph Store Protocol, then a count.

The dataset is the data and the vocabularies (ontology, action types, place types), so that the
saved queries answer the same on the store as locally. It replaces one named graph: PUT of the
first chunk, POST of each further chunk, in N-Triples of :data:`CHUNK` triples. Then a SPARQL
``SELECT (COUNT(*) AS ?n) WHERE { GRAPH <g> { ?s ?p ?o } }`` on the store's query endpoint must
count exactly the triples sent.

Authentication: HTTP Digest (Virtuoso's ``/sparql-graph-crud-auth``) or Basic, whichever the
server asks for (urllib answers the challenge). Each request waits at most ``timeout`` seconds
for the store; each step is reported before it starts, so a slow store is never silent.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from http import HTTPStatus
from http.client import HTTPResponse
from typing import IO
from urllib.parse import urlencode, urlsplit, urlunsplit

from pyoxigraph import Triple

from ld_events.errors import ExitCode, LdEventsError
from ld_events.graph import ProjectGraph
from ld_events.report import Code, Stage

CHUNK = 50_000
#: Seconds each request may wait for the store (``push --timeout``): a chunk of 50,000 triples
#: loads in a few seconds into the stores we know.
TIMEOUT = 60.0
#: Told each step before it starts: a line a person can read.
Progress = Callable[[str], None]

#: GSP paths of well-known stores and the query path beside each (docs/sparql.md).
QUERY_PATHS = (
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso, unauthenticated
    ("/rdf-graphs/service", ""),  # RDF4J, GraphDB: /repositories/<id>
    ("/data", "/sparql"),  # Apache Jena Fuseki: /<dataset>/data
    ("/store", "/query"),  # Oxigraph server
)


class PushError(LdEventsError):
    """The store could not be reached, refused the data or the credentials (exit 2)."""

    code = Code.FAILED_PUSH
    stage = Stage.PUSH


class CountMismatch(LdEventsError):
    """The store holds another number of triples than was sent (exit 1)."""

    exit_code = ExitCode.INVALID_DATA
    code = Code.MISMATCHED_COUNT
    stage = Stage.PUSH


@dataclass(frozen=True)
class PushTarget:
    """Where to push: the Graph Store Protocol URL, the graph, the query URL, credentials."""

    endpoint: str
    graph: str
    query_endpoint: str
    user: str | None = None
    password: str | None = None

    @classmethod
    def create(
        cls,
        endpoint: str,
        graph: str,
        query_endpoint: str | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> PushTarget:
        for url in (endpoint, query_endpoint or endpoint):
            if urlsplit(url).scheme not in ("http", "https"):
                raise PushError(f"not an http(s) URL: {url}")
        return cls(
            endpoint, graph, query_endpoint or derive_query_endpoint(endpoint), user, password
        )

    def graph_url(self) -> str:
        separator = "&" if urlsplit(self.endpoint).query else "?"
        return self.endpoint + separator + urlencode({"graph": self.graph})


def derive_query_endpoint(gsp_url: str) -> str:
    """The SPARQL query URL beside a Graph Store Protocol URL (the same URL if unknown)."""
    parts = urlsplit(gsp_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in QUERY_PATHS:
        if path.endswith(suffix):
            path = path.removesuffix(suffix) + replacement
            return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def dataset_triples(graph: ProjectGraph) -> list[Triple]:
    """The data and the vocabularies, each triple once (the union the queries see)."""
    return list(dict.fromkeys([*graph.data_triples(), *graph.vocabulary_triples()]))


def push(
    triples: list[Triple],
    target: PushTarget,
    *,
    chunk: int = CHUNK,
    timeout: float = TIMEOUT,
    progress: Progress = lambda step: None,
) -> int:
    """Replace ``target.graph`` with ``triples``; return the count the store reports."""
    opener = _opener(target)
    if target.user is not None:
        # Answer the store's challenge with no body at stake; the chunks then carry their
        # credentials from the start (see _DigestAuth). The graph is replaced below anyway.
        _send(opener, "PUT", target.graph_url(), b"", timeout)
    total = len(triples)
    for number, part in enumerate(_chunks(triples, chunk)):
        first = number * chunk
        progress(f"sending triples {min(first + 1, total):,}-{first + len(part):,} of {total:,}")
        body = b"".join(f"{t} .\n".encode() for t in part)
        _send(opener, "PUT" if number == 0 else "POST", target.graph_url(), body, timeout)
    progress(f"counting the triples of <{target.graph}> at {target.query_endpoint}")
    found = count_triples(opener, target, timeout)
    if found != len(triples):
        raise CountMismatch(
            f"{target.query_endpoint} counts {found:,} triples in <{target.graph}>, "
            f"but {len(triples):,} were sent"
        )
    return found


def _chunks(triples: list[Triple], size: int) -> Iterator[list[Triple]]:
    yield triples[:size]  # even when empty: the PUT empties the graph
    for start in range(size, len(triples), size):
        yield triples[start : start + size]


def _opener(target: PushTarget) -> urllib.request.OpenerDirector:
    if target.user is None:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    for url in (target.endpoint, target.query_endpoint):
        passwords.add_password(None, url, target.user, target.password or "")
    return urllib.request.build_opener(_DigestAuth(passwords), _BasicAuth(passwords))


class _ClosesChallenge:
    """Closes the 401 answer once its challenge is answered: urllib leaves it open (a socket
    the garbage collector later reports as a ResourceWarning)."""

    def http_error_401(
        self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str, headers: Message
    ) -> object:
        try:
            answer = super().http_error_401(req, fp, code, msg, headers)  # type: ignore[misc]
        except BaseException:
            fp.close()
            raise
        if answer is not None:  # None: no retry, urllib raises HTTPError holding fp
            fp.close()
        return answer


class _DigestAuth(_ClosesChallenge, urllib.request.HTTPDigestAuthHandler):
    """Digest authentication that, once challenged, answers the challenge before being asked.

    urllib sends every request without credentials first and again after the 401; a store may
    close the connection on that 401 before reading a large body (Virtuoso does above 512 KiB),
    and the client then sees a broken pipe instead of an answer.
    """

    challenge: dict[str, str] | None = None

    def retry_http_digest_auth(self, req: urllib.request.Request, auth: str) -> object:
        _, challenge = auth.split(" ", 1)
        fields = urllib.request.parse_http_list(challenge)
        self.challenge = urllib.request.parse_keqv_list([f for f in fields if f])
        return super().retry_http_digest_auth(req, auth)

    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        if self.challenge is not None and not req.has_header("Authorization"):
            answer = self.get_authorization(req, self.challenge)
            if answer:
                req.add_unredirected_header("Authorization", f"Digest {answer}")
        return req

    https_request = http_request


class _BasicAuth(_ClosesChallenge, urllib.request.HTTPBasicAuthHandler):
    pass


def _send(
    opener: urllib.request.OpenerDirector, method: str, url: str, body: bytes, timeout: float
) -> None:
    headers = {"Content-Type": "application/n-triples; charset=utf-8"}
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    _fetch(opener, request, timeout)


def count_triples(
    opener: urllib.request.OpenerDirector, target: PushTarget, timeout: float = TIMEOUT
) -> int:
    """``COUNT(*)`` of the graph, asked of the query endpoint."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target.graph}> {{ ?s ?p ?o }} }}"
    url = target.query_endpoint + "?" + urlencode({"query": query})
    request = urllib.request.Request(
        url, headers={"Accept": "application/sparql-results+json"}, method="GET"
    )
    data = _fetch(opener, request, timeout)
    try:
        return int(json.loads(data)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise PushError(
            f"{target.query_endpoint} did not answer the count query with SPARQL JSON "
            "(is it the query URL? see --query-endpoint)"
        ) from exc


def _fetch(
    opener: urllib.request.OpenerDirector, request: urllib.request.Request, timeout: float
) -> bytes:
    """The body of the answer; the store's refusal or silence as a :class:`PushError`."""
    described = f"{request.get_method()} {_without_query(request.full_url)}"
    silent = f"{described}: no answer within {timeout:g} s (push --timeout sets the limit)"
    try:
        response: HTTPResponse = opener.open(request, timeout=timeout)
        with response:
            return response.read()
    except urllib.error.HTTPError as exc:
        with exc:
            raise PushError(f"{described}: {_http_problem(exc)}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise PushError(silent) from None
        raise PushError(f"{described}: cannot connect: {exc.reason}") from None
    except TimeoutError:
        raise PushError(silent) from None
    except (OSError, ValueError) as exc:
        raise PushError(f"{described}: {exc}") from None


def _http_problem(exc: urllib.error.HTTPError) -> str:
    """``HTTP 401 Unauthorized (digest auth failed): ...``, with the server's own message."""
    phrase = next((s.phrase for s in HTTPStatus if s.value == exc.code), "")
    reason = str(exc.reason or "")
    text = f"HTTP {exc.code} {phrase}".rstrip()
    if reason and reason != phrase:
        text += f" ({reason})"
    message = _server_message(exc.read() if exc.fp is not None else b"")
    if message:
        text += f": {message}"
    if exc.code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
        text += " (check --user and --password, and that the URL is the authenticated one)"
    return text


def _server_message(body: bytes) -> str:
    """The server's explanation, as short plain text (tags and spacing removed)."""
    text = body.decode("utf-8", errors="replace")
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>|<[^>]+>", " ", text)
    return " ".join(text.split())[:500]


def _without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
