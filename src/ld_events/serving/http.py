"""Preview a built site over HTTP, with the content negotiation a production server would do.

Stdlib only. The site is served at ``/``. A resource folder (``/{kind}/{slug}/``) answers with
``index.html``, ``data.ttl``, ``data.jsonld`` or ``data.nt`` chosen by the Accept header (full
q-value parsing), with ``Vary: Accept`` and a ``Link`` header naming the RDF files. Slash-less
folder URLs are redirected (301); folders are never listed; paths that leave the site folder are
refused; unknown paths get ``404.html`` with status 404. Requests are dispatched by
:data:`ROUTES`, so further routes (a SPARQL endpoint) can be added in front of the files.
"""

from __future__ import annotations

import logging
import mimetypes
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BufferedIOBase
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ld_events.errors import UsageError
from ld_events.layout import (
    CONTENT_TYPES,
    HTML,
    LINK_HEADER,
    NOT_FOUND,
    VARIANTS,
    Variant,
    is_resource_folder,
)

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What a route sees of a request: the method, the decoded URL path, query and headers."""

    method: str
    path: str
    query: str
    headers: Message
    body: bytes = b""  # POST only (the /sparql route)


@dataclass(frozen=True)
class Response:
    """A whole response; ``body`` is bytes or a file streamed from disk."""

    status: HTTPStatus
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | Path = b""

    def length(self) -> int:
        return self.body.stat().st_size if isinstance(self.body, Path) else len(self.body)


Handler = Callable[[Path, Request], Response]


@dataclass(frozen=True)
class Route:
    """Requests whose path starts with ``prefix`` go to ``handler(site, request)``.

    Other methods than ``methods`` get 501, as the server answers for unknown methods.
    """

    prefix: str
    handler: Handler
    methods: tuple[str, ...] = ("GET", "HEAD")


# --- Accept parsing -------------------------------------------------------------------------


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header: ``type/subtype`` (either may be ``*``) and its weight."""

    type: str
    subtype: str
    q: float


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header; malformed elements are skipped (RFC 9110, section 12.5.1)."""
    ranges = (_parse_range(part) for part in _split_outside_quotes(header, ","))
    return [r for r in ranges if r is not None]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def _parse_range(element: str) -> MediaRange | None:
    media, *params = (p.strip() for p in _split_outside_quotes(element, ";"))
    kind, slash, subtype = media.lower().partition("/")
    if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
        return None
    q = _q_value(params)
    return None if q is None else MediaRange(kind, subtype, q)


def _q_value(params: list[str]) -> float | None:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0.0 <= q <= 1.0 else None
    return 1.0


def quality(media_type: str, ranges: list[MediaRange]) -> tuple[float, int]:
    """The weight the client gives ``media_type`` and how specific the deciding range is.

    The most specific matching range decides (``type/subtype`` 2, ``type/*`` 1, ``*/*`` 0);
    no matching range gives ``(0.0, -1)``.
    """
    kind, _, subtype = media_type.partition("/")
    best: tuple[float, int] = (0.0, -1)
    for r in ranges:
        specificity = _specificity(r, kind, subtype)
        if specificity > best[1]:
            best = (r.q, specificity)
    return best


def _specificity(r: MediaRange, kind: str, subtype: str) -> int:
    if r.type == kind and r.subtype == subtype:
        return 2
    if r.type == kind and r.subtype == "*":
        return 1
    return 0 if r.type == "*" else -1


def choose_variant(accept: str | None) -> Variant:
    """The representation a resource folder answers with.

    Highest q wins; on equal q the more specific range wins (``text/turtle, */*`` gets Turtle),
    then the server's order (HTML, Turtle, JSON-LD, N-Triples). No Accept header, or nothing
    acceptable, gives HTML (RFC 9110 allows ignoring Accept instead of answering 406).
    """
    ranges = parse_accept(accept or "*/*")
    scored = [(quality(v.media_type, ranges), -i, v) for i, v in enumerate(VARIANTS)]
    (q, _), _, best = max(scored, key=lambda item: (item[0], item[1]))
    return best if q > 0 else HTML


# --- static files ------------------------------------------------------------------------------


class _Refused(Exception):
    """A request path that must not reach the file system."""

    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def serve_file(site: Path, request: Request) -> Response:
    """The static-file route: resource folders, folders with index.html, files, else 404."""
    try:
        target = _locate(site, request.path)
    except _Refused as refused:
        return _plain(refused.status)
    if target.is_dir():
        return _folder(site, target, request)
    if target.is_file():
        return _file_response(HTTPStatus.OK, target)
    return not_found(site)


def _locate(site: Path, url_path: str) -> Path:
    segments = url_path.split("/")[1:]
    if segments and segments[-1] == "":
        segments.pop()
    for segment in segments:
        if segment in ("", ".", "..") or "\x00" in segment or "\\" in segment:
            raise _Refused(HTTPStatus.BAD_REQUEST)
        if segment.startswith("."):
            raise _Refused(HTTPStatus.NOT_FOUND)
    target = site.joinpath(*segments)
    if not target.resolve().is_relative_to(site):
        raise _Refused(HTTPStatus.FORBIDDEN)
    return target


def _folder(site: Path, folder: Path, request: Request) -> Response:
    if not request.path.endswith("/"):
        location = quote(request.path + "/") + (f"?{request.query}" if request.query else "")
        return Response(HTTPStatus.MOVED_PERMANENTLY, [("Location", location)])
    index = folder / HTML.filename
    if not index.is_file():
        return not_found(site)
    if not _is_resource_folder(site, folder):
        return _file_response(HTTPStatus.OK, index)
    chosen = folder / choose_variant(request.headers.get("Accept")).filename
    response = _file_response(HTTPStatus.OK, chosen if chosen.is_file() else index)
    response.headers.extend([("Vary", "Accept"), ("Link", LINK_HEADER)])
    return response


def _is_resource_folder(site: Path, folder: Path) -> bool:
    return is_resource_folder(folder.relative_to(site).parts)


def not_found(site: Path) -> Response:
    """404 with the site's ``404.html`` (or a short text when the site has none)."""
    page = site / NOT_FOUND
    if page.is_file():
        return _file_response(HTTPStatus.NOT_FOUND, page)
    return _plain(HTTPStatus.NOT_FOUND)


def _file_response(status: HTTPStatus, path: Path) -> Response:
    return Response(status, [("Content-Type", file_content_type(path))], path)


def _plain(status: HTTPStatus) -> Response:
    body = f"{status.value} {status.phrase}\n".encode()
    return Response(status, [("Content-Type", "text/plain; charset=utf-8")], body)


def file_content_type(path: Path) -> str:
    """Content-Type by suffix; text types carry ``charset=utf-8``."""
    if path.suffix in CONTENT_TYPES:
        return CONTENT_TYPES[path.suffix]
    guessed = mimetypes.guess_type(path.name, strict=False)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


#: Routes tried in order; the first whose prefix matches the path answers.
ROUTES: tuple[Route, ...] = (Route("/", serve_file),)


def dispatch(site: Path, request: Request, routes: tuple[Route, ...] = ROUTES) -> Response:
    """Answer ``request`` with the first route whose prefix matches its path."""
    for route in routes:
        if request.path.startswith(route.prefix):
            if request.method not in route.methods:
                return _plain(HTTPStatus.NOT_IMPLEMENTED)
            return route.handler(site, request)
    return not_found(site)


# --- HTTP server ---------------------------------------------------------------------------------


class SiteServer(ThreadingHTTPServer):
    """A threading HTTP server that knows the site folder and its routes."""

    daemon_threads = True

    def __init__(self, site: Path, address: tuple[str, int], routes: tuple[Route, ...]) -> None:
        self.site = site
        self.routes = routes
        super().__init__(address, SiteRequestHandler)


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Turns GET and HEAD into a :class:`Request`, dispatches it and writes the response."""

    server: SiteServer
    server_version = "ld-events"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    # --- SPARQL endpoint: POST, for the routes that accept it --------------------------------
    MAX_BODY = 1_000_000

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > self.MAX_BODY:
            self.close_connection = True
            self._write(_plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE), send_body=True)
            return
        self._answer(send_body=True, body=self.rfile.read(length))

    # ------------------------------------------------------------------------------------------

    def _answer(self, send_body: bool, body: bytes = b"") -> None:
        request = self._request(body)
        if request is None:
            response = _plain(HTTPStatus.BAD_REQUEST)
        else:
            response = dispatch(self.server.site, request, self.server.routes)
        self._write(response, send_body)

    def _request(self, body: bytes = b"") -> Request | None:
        parts = urlsplit(self.path)
        try:
            path = unquote(parts.path, errors="strict")
        except UnicodeDecodeError:
            return None
        if not path.startswith("/"):
            return None
        return Request(self.command, path, parts.query, self.headers, body)

    def _write(self, response: Response, send_body: bool) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(response.length()))
        self.end_headers()
        if send_body:
            _copy_body(response.body, self.wfile)

    def log_message(self, format: str, *args: object) -> None:
        LOG.info("%s - %s", self.address_string(), format % args)


def _copy_body(body: bytes | Path, out: BufferedIOBase) -> None:
    if isinstance(body, bytes):
        out.write(body)
        return
    with body.open("rb") as source:
        shutil.copyfileobj(source, out)


def make_server(
    site: Path, host: str = "127.0.0.1", port: int = 8000, routes: tuple[Route, ...] = ROUTES
) -> ThreadingHTTPServer:
    """A server (not yet running) for the built site folder ``site``; port 0 picks a free port.

    ``routes`` may put more routes (``/sparql``) in front of :data:`ROUTES`.
    Raises :class:`~ld_events.errors.UsageError` if ``site`` is not a folder.
    """
    if not site.is_dir():
        raise UsageError(f"not a built site folder: {site}")
    return SiteServer(site.resolve(), (host, port), routes)


def serve_forever(server: ThreadingHTTPServer) -> None:
    """Run ``server`` until interrupted (Ctrl-C), then close its socket."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        LOG.info("stopped")
    finally:
        server.server_close()


def serve(site: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the built site folder at ``http://host:port/`` until interrupted (blocks).

    Behaves like the generated Apache and nginx configurations: content negotiation on resource
    folders, ``Vary``/``Link`` headers, 301 to the slash form, the 404 page, no listings.
    """
    serve_forever(make_server(site, host, port))
