"""Preview a built site over HTTP, with the content negotiation a production server would do.

The site is served at ``/``, by waitress (a maintained WSGI server), answering each request
by the routes of ``serving/routes.py`` (the site's files; ``/sparql`` in front of them). Every
answer carries the headers every host of the site sends (nosniff, CORS); a 404 shows the
site's own page.
"""

from __future__ import annotations

import logging
import re
import resource
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from pathlib import Path
from typing import Any

import waitress
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from ld_events.errors import UsageError
from ld_events.layout import CONTENT_TYPES, CORS, NOSNIFF, NOT_FOUND
from ld_events.serving.routes import ROUTES, Request, Response, Route, dispatch, plain

LOG = logging.getLogger(__name__)


# --- HTTP server ---------------------------------------------------------------------------------

#: Threads answering requests. More than the SPARQL endpoint lets wait at once, so pages are
#: always answered while queries run (a waiting query holds a thread).
THREADS = 96
#: A connection that sends nothing for this long is closed (slow or stalled clients).
IDLE_TIMEOUT = 15
MAX_BODY = 1_000_000
_STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}
WsgiApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


class SiteApp:
    """The WSGI application: a request becomes a :class:`Request`, dispatched by route.

    ``error_page`` replaces the body of every 404: the site's ``404.html`` with its links
    moved from the base path it was built for to ``/``, where the preview serves the site.
    """

    def __init__(self, site: Path, routes: tuple[Route, ...], base_path: str = "/") -> None:
        self.site = site
        self.routes = routes
        self.base_path = base_path
        self.error_page = _error_page(site, base_path)

    def site_changed(self) -> None:
        """The site was rebuilt: read its 404 page again."""
        self.error_page = _error_page(self.site, self.base_path)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = _request(environ)
        if request is None:
            response = plain(HTTPStatus.BAD_REQUEST)
        else:
            response = dispatch(self.site, request, self.routes)
        if response.status == HTTPStatus.NOT_FOUND and self.error_page is not None:
            response = Response(response.status, [("Content-Type", HTML_TYPE)], self.error_page)
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
    app: SiteApp
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
    site: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    routes: tuple[Route, ...] = ROUTES,
    base_path: str = "/",
    wrap: Callable[[SiteApp], WsgiApp] | None = None,
) -> SiteServer:
    """A server (not yet running) for the built site folder ``site``; port 0 picks a free port.

    waitress reads requests without a thread per connection, so idle or slow clients cost
    nothing but a socket; it closes connections idle for IDLE_TIMEOUT seconds, refuses bodies
    over MAX_BODY and malformed requests (400), and answers with THREADS threads.
    ``routes`` may put more routes (``/sparql``) in front of :data:`ROUTES`. ``base_path`` is
    the path of the base IRI the site was built for: its 404 page links from there. ``wrap``
    puts WSGI middleware around the site's application (the preview's live reload).
    Raises :class:`~ld_events.errors.UsageError` if ``site`` is not a folder.
    """
    if not site.is_dir():
        raise UsageError(f"not a built site folder: {site}")
    sockets: dict[int, Any] = {}
    app = SiteApp(site.resolve(), routes, base_path)
    server = waitress.create_server(
        app if wrap is None else wrap(app),
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
    return SiteServer(server, sockets, app)


HTML_TYPE = CONTENT_TYPES[".html"]


def _error_page(site: Path, base_path: str) -> bytes | None:
    """The 404 page, whose links the build wrote from the base path (it is served at any
    depth), moved to ``/`` where the preview serves the site (and the search box's root, from
    which its script loads the index); None if nothing changes."""
    try:
        page = (site / NOT_FOUND).read_bytes()
    except OSError:
        return None
    if base_path == "/":
        return None
    pattern = rb'((?:href|src|data-root)=")' + re.escape(base_path.encode())
    return re.sub(pattern, rb"\1/", page)


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
