"""Preview a built site over HTTP, with the content negotiation a production server would do.

The site is served at ``/``, by waitress (a maintained WSGI server). A resource folder
(``/{kind}/{slug}/``) answers with ``index.html``, ``data.ttl``, ``data.jsonld`` or ``data.nt``
chosen by the Accept header (full q-value parsing), with ``Vary: Accept`` and a ``Link`` header
naming the RDF files. Slash-less folder URLs are redirected (301); folders are never listed;
paths that leave the site folder are refused; unknown paths get ``404.html`` with status 404.
Requests are dispatched by :data:`ROUTES`, so further routes (a SPARQL endpoint) can be added
in front of the files.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import resource
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote

import waitress
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from ld_events.errors import UsageError
from ld_events.layout import (
    CONTENT_TYPES,
    CORS,
    HTML,
    LINK_HEADER,
    NOSNIFF,
    NOT_FOUND,
    cors_preflight,
    is_resource_folder,
)
from ld_events.serving.negotiation import choose_variant

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

    Other methods than ``methods`` get 501, as the server answers for unknown methods, except
    a browser's CORS preflight (OPTIONS), which is told ``methods``.
    """

    prefix: str
    handler: Handler
    methods: tuple[str, ...] = ("GET", "HEAD")


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
    try:
        mode = target.stat().st_mode
    except (OSError, ValueError):
        return not_found(site)
    if stat.S_ISDIR(mode):
        return _folder(site, target, request)
    if stat.S_ISREG(mode):
        return _file_response(HTTPStatus.OK, target) or not_found(site)
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
    if not _is_resource_folder(site, folder):
        return _file_response(HTTPStatus.OK, index) or not_found(site)
    chosen = folder / choose_variant(request.headers.get("Accept")).filename
    response = _file_response(HTTPStatus.OK, chosen) or _file_response(HTTPStatus.OK, index)
    if response is None:
        return not_found(site)
    response.headers.extend([("Vary", "Accept"), ("Link", LINK_HEADER)])
    return response


def _is_resource_folder(site: Path, folder: Path) -> bool:
    return is_resource_folder(folder.relative_to(site).parts)


def not_found(site: Path) -> Response:
    """404 with the site's ``404.html`` (or a short text when the site has none)."""
    return _file_response(HTTPStatus.NOT_FOUND, site / NOT_FOUND) or _plain(HTTPStatus.NOT_FOUND)


#: Files up to this size are read whole (one open, one read); larger ones are streamed.
SMALL_FILE = 256 * 1024


def _file_response(status: HTTPStatus, path: Path) -> Response | None:
    """The file at ``path`` as a response, or None if it is not a readable regular file.

    Few system calls on purpose: each one lets another thread take the GIL, and under load
    every extra one shows in the requests per second.
    """
    try:
        with path.open("rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                return None
            body: bytes | Path = file.read() if info.st_size <= SMALL_FILE else path
    except OSError:
        return None
    return Response(status, [("Content-Type", file_content_type(path))], body)


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
            if request.method == "OPTIONS":
                return Response(HTTPStatus.NO_CONTENT, list(cors_preflight(route.methods)))
            if request.method not in route.methods:
                return _plain(HTTPStatus.NOT_IMPLEMENTED)
            return route.handler(site, request)
    return not_found(site)


# --- HTTP server ---------------------------------------------------------------------------------

#: Threads answering requests. More than the SPARQL endpoint lets wait at once, so pages are
#: always answered while queries run (a waiting query holds a thread).
THREADS = 96
#: A connection that sends nothing for this long is closed (slow or stalled clients).
IDLE_TIMEOUT = 15
MAX_BODY = 1_000_000
_STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}


class SiteApp:
    """The WSGI application: a request becomes a :class:`Request`, dispatched by route."""

    def __init__(self, site: Path, routes: tuple[Route, ...]) -> None:
        self.site = site
        self.routes = routes

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = _request(environ)
        if request is None:
            response = _plain(HTTPStatus.BAD_REQUEST)
        else:
            response = dispatch(self.site, request, self.routes)
        if response.status >= 400:
            LOG.warning(
                "%s %s: %s", environ.get("REQUEST_METHOD"), _shown(environ), response.status
            )
        length = ("Content-Length", str(response.length()))
        headers = [*response.headers, NOSNIFF, *CORS, length]
        start_response(_STATUS_LINES[response.status], headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return []
        if isinstance(response.body, Path):
            wrapper = environ["wsgi.file_wrapper"]
            return wrapper(response.body.open("rb"), 65536)  # type: ignore[no-any-return]
        return [response.body]


def _request(environ: dict[str, Any]) -> Request | None:
    """The request, or None if its path is not UTF-8 or not absolute."""
    try:  # WSGI hands the decoded path over as Latin-1: its bytes are the URL's UTF-8
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
    if not path.startswith("/"):
        return None
    headers = Message()
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").title()] = value
    if environ.get("CONTENT_TYPE"):
        headers["Content-Type"] = environ["CONTENT_TYPE"]
    body = b""
    if environ.get("REQUEST_METHOD") == "POST":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    return Request(environ["REQUEST_METHOD"], path, environ.get("QUERY_STRING", ""), headers, body)


def _shown(environ: dict[str, Any]) -> str:
    return repr(environ.get("PATH_INFO", ""))[1:-1][:200]


@dataclass
class SiteServer:
    """A bound server (not yet answering): :meth:`run` answers until :meth:`close`."""

    server: Any  # waitress's server: it has no type information
    sockets: dict[int, Any]  # every socket its loop watches: listener, wake-up pipe, clients
    _started: threading.Event = field(default_factory=threading.Event)
    _ended: threading.Event = field(default_factory=threading.Event)

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    @property
    def host(self) -> str:
        return str(self.server.effective_host)

    def run(self) -> None:
        self._started.set()
        try:
            self.server.run()
        finally:
            self._ended.set()

    def close(self) -> None:
        """Stop answering and close every connection; safe from any thread.

        Sockets are closed by the loop's own thread (woken through waitress's trigger): closed
        under a running loop from outside, they would fail its next poll.
        """
        if self._started.is_set() and not self._ended.is_set():
            self.server.trigger.pull_trigger(self._close_sockets)
            self._ended.wait(timeout=10)
        self._close_sockets()
        self.server.task_dispatcher.shutdown()

    def _close_sockets(self) -> None:
        wasyncore.close_all(self.sockets, ignore_all=True)  # the loop ends when none are left


def make_server(
    site: Path, host: str = "127.0.0.1", port: int = 8000, routes: tuple[Route, ...] = ROUTES
) -> SiteServer:
    """A server (not yet running) for the built site folder ``site``; port 0 picks a free port.

    waitress reads requests without a thread per connection, so idle or slow clients cost
    nothing but a socket; it closes connections idle for IDLE_TIMEOUT seconds, refuses bodies
    over MAX_BODY and malformed requests (400), and answers with THREADS threads.
    ``routes`` may put more routes (``/sparql``) in front of :data:`ROUTES`.
    Raises :class:`~ld_events.errors.UsageError` if ``site`` is not a folder.
    """
    if not site.is_dir():
        raise UsageError(f"not a built site folder: {site}")
    sockets: dict[int, Any] = {}
    server = waitress.create_server(
        SiteApp(site.resolve(), routes),
        map=sockets,
        host=host,
        port=port,
        threads=THREADS,
        channel_timeout=IDLE_TIMEOUT,
        connection_limit=_connection_limit(),
        max_request_body_size=MAX_BODY,
        ident="ld-events",
        clear_untrusted_proxy_headers=True,
        log_socket_errors=False,  # a client that resets its connection is not our error
    )
    for listener in sockets.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = _LoggingChannel
    return SiteServer(server, sockets)


class _LoggedRefusal(ErrorTask):  # type: ignore[misc]
    """waitress's answer to a request it cannot parse (400, 413, 431, 501), logged like ours."""

    def execute(self) -> None:
        super().execute()
        request, error = self.request, self.request.error
        # A request line that did not parse leaves no method or path.
        method = getattr(request, "command", None) or "-"
        shown = repr(getattr(request, "path", None) or "-")[1:-1][:200]
        LOG.warning("%s %s: %s (%s)", method, shown, error.code, error.body)


class _LoggingChannel(HTTPChannel):  # type: ignore[misc]
    error_task_class = _LoggedRefusal


def _connection_limit() -> int:
    """As many open connections as file descriptors allow, keeping some for files and queries."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(100, min(2000, soft - 128))


def serve_forever(server: SiteServer) -> None:
    """Run ``server`` until interrupted (Ctrl-C: waitress's loop returns), then close it."""
    try:
        server.run()
    finally:
        server.close()
