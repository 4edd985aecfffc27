"""Hostile and careless input: no traceback, no escape from the site, no network, no hang.

One section per finding of the hardening review (issue #10), each a regression test of its
cause, through the command line or a real server on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from ld_events.cli import app
from tests.conftest import EXAMPLE
from tests.test_sparql_endpoint import serving

runner = CliRunner()


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections made to it (a fake internal host)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.close()


def copy_example(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
    return project


# --- 1. SERVICE: refused on the parsed query, everywhere ---------------------------------------

#: Ways to write a SERVICE call that a search of the query's text missed or might miss.
SERVICE_QUERIES = [
    "SELECT * {{ BIND('''x'y''' AS ?a) SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * {{ {{ SELECT * {{ service silent <{url}> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "SELECT * {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
    'SELECT * {{ BIND("#" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}',
]


@pytest.mark.parametrize("template", SERVICE_QUERIES)
def test_the_endpoint_never_calls_a_service(
    example_site: Path, listener: Listener, template: str
) -> None:
    text = template.format(url=f"http://127.0.0.1:{listener.port}/internal")
    with serving(example_site) as root:
        url = f"{root}sparql?query={quote(text)}"
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=30)
        body = refused.value.read().decode()
        refused.value.close()
    assert refused.value.code == 400, body
    assert "error[forbidden-service]" in body
    assert listener.connections == 0


def test_a_saved_query_with_a_service_stops_the_build(tmp_path: Path, listener: Listener) -> None:
    project = copy_example(tmp_path)
    text = SERVICE_QUERIES[0].format(url=f"http://127.0.0.1:{listener.port}/")
    (project / "queries" / "remote.rq").write_text(f"# title: Remote\n{text}\n", encoding="utf-8")
    result = runner.invoke(app, ["build", str(project), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("queries/remote.rq: error[forbidden-service]"), result.stderr
    assert listener.connections == 0
    assert not (tmp_path / "site").exists()


def test_query_calls_a_service_only_when_allowed(listener: Listener) -> None:
    text = SERVICE_QUERIES[0].format(url=f"http://127.0.0.1:{listener.port}/")
    refused = runner.invoke(app, ["query", str(EXAMPLE), text])
    assert refused.exit_code == 2, refused.output
    assert "error[forbidden-service]" in refused.stderr
    assert listener.connections == 0
    allowed = runner.invoke(app, ["query", str(EXAMPLE), text, "--allow-service"])
    assert "forbidden-service" not in allowed.output
    assert listener.connections >= 1  # the listener hangs up: the query fails, but it called
