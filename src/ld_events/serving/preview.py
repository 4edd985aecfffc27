"""``ld-events serve``: a project (built first) or a built site, served on this machine.

The site's files as its host would serve them (``serving.http``), and a read-only SPARQL
endpoint at ``/sparql`` over the project's graph or the site's dump (``serving.endpoint``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ld_events.build import build
from ld_events.config import CONFIG_NAME
from ld_events.errors import UsageError
from ld_events.serving.endpoint import SparqlEndpoint, open_endpoint
from ld_events.serving.http import SiteServer, make_server, serve_forever
from ld_events.serving.routes import ROUTES
from ld_events.serving.site_data import SITE_DUMP, site_base


@dataclass
class Preview:
    """A bound server, not yet answering: :meth:`run` answers until interrupted."""

    site: Path
    server: SiteServer
    endpoint: SparqlEndpoint | None

    @property
    def url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}/"

    def describe(self) -> str:
        sparql = f"SPARQL at {self.url}sparql" if self.endpoint else f"no SPARQL: no {SITE_DUMP}"
        return f"serving {self.site} at {self.url} ({sparql}; Ctrl-C to stop)"

    def run(self) -> None:
        serve_forever(self.server)

    def close(self) -> None:
        if self.endpoint is not None:
            self.endpoint.close()


def open_preview(target: Path, host: str, port: int, query_timeout: float) -> Preview:
    """Build ``target`` if it is a project, start the SPARQL endpoint, bind the server.

    Raises :class:`UsageError` if the address cannot be used; library errors of the build
    (invalid data, unreadable sources) pass through.
    """
    site, graph = target, None
    if (target / CONFIG_NAME).is_file():
        built = build(target, force=False)
        site, graph = built.out, built.loaded.graph
    base = graph.config.base if graph is not None else site_base(site)
    endpoint = open_endpoint(site, graph, query_timeout)  # forks: before any thread starts
    routes = ROUTES if endpoint is None else (endpoint.route, *ROUTES)
    try:
        server = make_server(site, host, port, routes, urlsplit(base or "/").path or "/")
    except OSError as exc:
        if endpoint is not None:
            endpoint.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    return Preview(site, server, endpoint)
