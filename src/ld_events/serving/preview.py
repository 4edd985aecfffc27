"""``ld-events serve``: a project (built first, then watched) or a built site, on this machine.

The site's files as its host would serve them (``serving.http``), and a read-only SPARQL
endpoint at ``/sparql`` over the project's graph or the site's dump (``serving.endpoint``).
A project is a live preview: a change to its files rebuilds the site (``serving.watch``, the
build in ``serving.rebuild``'s process), and open pages reload or show the build's errors
(``serving.livereload``); none of that is ever written into the site.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from ld_events.build import build
from ld_events.config import CONFIG_NAME
from ld_events.errors import UsageError
from ld_events.rdf.entailment import Entailment
from ld_events.serving.endpoint import SparqlEndpoint, open_endpoint
from ld_events.serving.http import SiteApp, SiteServer, make_server, serve_forever
from ld_events.serving.livereload import LiveReload, LiveState
from ld_events.serving.rebuild import Builder
from ld_events.serving.routes import ROUTES
from ld_events.serving.site_data import SITE_DUMP, site_base
from ld_events.serving.watch import Watcher


@dataclass
class Preview:
    """A bound server, not yet answering: :meth:`run` answers until interrupted."""

    site: Path
    server: SiteServer
    endpoint: SparqlEndpoint | None
    watcher: Watcher | None = None

    @property
    def url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}/"

    def describe(self) -> str:
        sparql = f"no SPARQL: no {SITE_DUMP}"
        if self.endpoint is not None:
            sparql = f"SPARQL at {self.url}sparql, entailment {self.endpoint.entailment}"
        return f"serving {self.site} at {self.url} ({sparql}; Ctrl-C to stop)"

    def run(self) -> None:
        if self.watcher is None:
            serve_forever(self.server)
            return
        self.watcher.start()
        with _streams_end_on_interrupt(self.watcher.state):
            try:
                self.server.run()
            finally:
                self._stop_watching()
                self.server.close()

    def close(self) -> None:
        self._stop_watching()
        if self.endpoint is not None:
            self.endpoint.close()

    def _stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.state.close()  # ends the pages' event streams, which hold threads
            self.watcher.stop()


@contextmanager
def _streams_end_on_interrupt(state: LiveState) -> Iterator[None]:
    """On Ctrl-C, end the pages' event streams before waitress waits for its threads to end
    (it does, inside its loop, before returning): else each would hold it up a heartbeat."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum: int, frame: FrameType | None) -> None:
        state.close()
        signal.default_int_handler(signum, frame)

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def open_preview(
    target: Path,
    host: str,
    port: int,
    query_timeout: float,
    say: Callable[[str], None],
    entailment: Entailment = Entailment.RDFS,
) -> Preview:
    """Build ``target`` if it is a project, start the SPARQL endpoint (its graph under
    ``entailment``), bind the server.

    A project is watched once :meth:`Preview.run` starts; each rebuild is told to ``say``, line
    by line. Raises :class:`UsageError` if the address cannot be used; library errors of the
    first build (invalid data, unreadable sources) pass through.
    """
    site, graph, builder = target, None, None
    if (target / CONFIG_NAME).is_file():
        built = build(target, force=False)
        site, graph = built.out, built.loaded.graph
        builder = Builder(target, entailment)
        builder.start()  # forks: before any thread starts
    base = graph.config.base if graph is not None else site_base(site)
    endpoint = open_endpoint(site, graph, query_timeout, entailment)  # forks, as above
    routes = ROUTES if endpoint is None else (endpoint.route, *ROUTES)
    state = LiveState()

    def live_reload(app: SiteApp) -> LiveReload:
        return LiveReload(app, state)

    try:
        server = make_server(
            site,
            host,
            port,
            routes,
            urlsplit(base or "/").path or "/",
            wrap=None if builder is None else live_reload,
        )
    except OSError as exc:
        if endpoint is not None:
            endpoint.close()
        if builder is not None:
            builder.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    if builder is None:
        return Preview(site, server, endpoint)
    watcher = Watcher(target, site, builder, state, endpoint, say, rebuilt=server.app.site_changed)
    return Preview(site, server, endpoint, watcher)
