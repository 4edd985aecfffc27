"""What the preview answers, request by request: the static files of a built site.

A resource folder (``/{kind}/{slug}/``) answers with ``index.html``, ``data.ttl``,
``data.jsonld`` or ``data.nt`` chosen by the Accept header (full q-value parsing), with
``Vary: Accept`` and a ``Link`` header naming the RDF files. Slash-less folder URLs are
redirected (301); folders are never listed; paths that leave the site folder are refused;
unknown paths get ``404.html`` with status 404. Requests are dispatched by :data:`ROUTES`, so
further routes (a SPARQL endpoint) can be added in front of the files. ``serving/http.py``
puts this on the network.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

from ld_events.layout import (
    CONTENT_TYPES,
    HTML,
    LINK_HEADER,
    NOT_FOUND,
    cors_preflight,
    is_resource_folder,
)
from ld_events.serving.negotiation import choose_variant


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
        return plain(refused.status)
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
    return _file_response(HTTPStatus.NOT_FOUND, site / NOT_FOUND) or plain(HTTPStatus.NOT_FOUND)


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


def plain(status: HTTPStatus) -> Response:
    """A short text answer: the status, for a request that gets no page."""
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
                return plain(HTTPStatus.NOT_IMPLEMENTED)
            return route.handler(site, request)
    return not_found(site)
