"""Open pages of ``serve``'s preview reload after a rebuild, and show a failed build's errors.

Only the preview of a project does this, never the built site: :class:`LiveReload` wraps the
server's WSGI application. Every HTML answer gets one ``<script>`` (:data:`SCRIPT_PATH`) naming
the generation of the site it comes from; the script listens to :data:`EVENTS_PATH`, a stream of
server-sent events (EventSource), each the current generation and the errors of the last build.
A new generation reloads the page; errors show in a banner over it (the last good site is still
served), and go when a build succeeds.

A stream holds one of the server's threads while it lasts, so at most :data:`STREAMS` are open
at once (a page past that gets the state and is asked to come back later), each sends a comment
every :data:`HEARTBEAT` seconds (a closed page is noticed) and ends after :data:`STREAM_SECONDS`
(EventSource reconnects by itself).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ld_events.serving.http import WsgiApp

EVENTS_PATH = "/_ld-events/livereload"
SCRIPT_PATH = "/_ld-events/livereload.js"
#: Streams open at once; with the SPARQL endpoint's waiting queries, below the server's threads.
STREAMS = 12
HEARTBEAT = 5.0
STREAM_SECONDS = 60.0
#: Milliseconds before EventSource reconnects; longer for a page turned away (too many streams).
RETRY_MS = 1000
BUSY_RETRY_MS = 5000


@dataclass(frozen=True)
class State:
    """What the pages are told: the site's generation (one more per successful rebuild) and the
    errors of the last build, if it failed."""

    generation: int = 0
    problems: tuple[str, ...] = ()

    def event(self) -> bytes:
        data = json.dumps({"generation": self.generation, "problems": list(self.problems)})
        return f"event: state\ndata: {data}\n\n".encode()


class LiveState:
    """The current :class:`State`, shared by the rebuilds and the streams (thread-safe)."""

    def __init__(self) -> None:
        self._state = State()
        self._changed = threading.Condition()
        self.closed = False

    @property
    def current(self) -> State:
        with self._changed:
            return self._state

    def succeeded(self) -> None:
        """A rebuild succeeded: pages reload, and the banner goes."""
        with self._changed:
            self._state = State(self._state.generation + 1)
            self._changed.notify_all()

    def failed(self, problems: tuple[str, ...]) -> None:
        """A rebuild failed: pages show ``problems`` over the last good site."""
        with self._changed:
            self._state = State(self._state.generation, problems)
            self._changed.notify_all()

    def wait(self, seen: State, timeout: float) -> State:
        """The state once it differs from ``seen``, or after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._state != seen or self.closed, timeout)
            return self._state

    def close(self) -> None:
        """End every stream (the server stops)."""
        with self._changed:
            self.closed = True
            self._changed.notify_all()


class LiveReload:
    """WSGI middleware: the script and the event stream, and the script in every HTML page."""

    def __init__(self, app: WsgiApp, state: LiveState) -> None:
        self.app = app
        self.state = state
        self._streams = threading.BoundedSemaphore(STREAMS)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == EVENTS_PATH and environ.get("REQUEST_METHOD") == "GET":
            start_response("200 OK", [*_NO_STORE, ("Content-Type", "text/event-stream")])
            return self._stream()
        if path == SCRIPT_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            headers = [*_NO_STORE, ("Content-Type", "text/javascript; charset=utf-8")]
            start_response("200 OK", [*headers, ("Content-Length", str(len(SCRIPT)))])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [SCRIPT]
        return self._with_script(environ, start_response)

    def _stream(self) -> Iterator[bytes]:
        """State events until STREAM_SECONDS have passed; a heartbeat when nothing changes."""
        if not self._streams.acquire(blocking=False):
            yield f"retry: {BUSY_RETRY_MS}\n\n".encode() + self.state.current.event()
            return
        try:
            seen = self.state.current
            yield f"retry: {RETRY_MS}\n\n".encode() + seen.event()
            ends = time.monotonic() + STREAM_SECONDS
            while not self.state.closed and (left := ends - time.monotonic()) > 0:
                now = self.state.wait(seen, min(HEARTBEAT, left))
                yield b": heartbeat\n\n" if now == seen else now.event()
                seen = now
        finally:
            self._streams.release()

    def _with_script(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        answer: list[Any] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer[:] = [status, headers]
            return lambda data: None  # the site's app never calls write()

        body = self.app(environ, keep)
        status, headers = answer
        if not _is_html(headers):
            start_response(status, headers)
            return body
        try:
            page = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        tag = script_tag(self.state.current.generation)
        length = _length(headers) + len(tag)
        page = with_script(page, tag)
        others = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, [*others, ("Content-Length", str(length))])
        return [page]


_NO_STORE = [("Cache-Control", "no-store")]
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def _is_html(headers: list[tuple[str, str]]) -> bool:
    return any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers)


def _length(headers: list[tuple[str, str]]) -> int:
    return next(int(v) for k, v in headers if k.lower() == "content-length")


def script_tag(generation: int) -> bytes:
    return f'<script src="{SCRIPT_PATH}" data-generation="{generation}"></script>'.encode()


def with_script(page: bytes, tag: bytes) -> bytes:
    """``page`` with ``tag`` before its last ``</body>`` (at its end if it has none); a HEAD
    answer's empty body stays empty."""
    if not page:
        return page
    found = list(_BODY_END.finditer(page))
    if not found:
        return page + tag
    at = found[-1].start()
    return page[:at] + tag + page[at:]


#: The page's side: reload on a new generation, else show the last build's errors, if any.
SCRIPT = b"""(function () {
  "use strict";
  var script = document.currentScript;
  var generation = script ? script.getAttribute("data-generation") : null;
  var banner = null;
  function show(problems) {
    if (banner) { banner.remove(); banner = null; }
    if (!problems.length) { return; }
    banner = document.createElement("div");
    banner.id = "ld-events-problems";
    banner.setAttribute("role", "alert");
    var s = banner.style;
    s.position = "sticky"; s.top = "0"; s.zIndex = "2147483647";
    s.maxHeight = "50vh"; s.overflow = "auto"; s.margin = "0"; s.padding = "0.75em 1em";
    s.background = "#fdecea"; s.color = "#611a15"; s.borderBottom = "3px solid #b71c1c";
    s.font = "14px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
    var title = document.createElement("strong");
    title.textContent = "ld-events: the last build failed; this is the last good site.";
    banner.appendChild(title);
    var list = document.createElement("ul");
    list.style.margin = "0.5em 0 0"; list.style.paddingLeft = "1.5em";
    problems.forEach(function (problem) {
      var item = document.createElement("li");
      item.textContent = problem;
      item.style.whiteSpace = "pre-wrap";
      list.appendChild(item);
    });
    banner.appendChild(list);
    document.body.prepend(banner);  // above the page, not over its header
  }
  var source = new EventSource("/_ld-events/livereload");
  source.addEventListener("state", function (event) {
    var state = JSON.parse(event.data);
    if (generation !== null && String(state.generation) !== generation) {
      source.close();
      window.location.reload();
      return;
    }
    show(state.problems);
  });
})();
"""
