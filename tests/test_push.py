"""`ld-events push` into a real triple store: Virtuoso 7 (Debian's virtuoso-opensource).

A session fixture starts Virtuoso on 127.0.0.1 with its own ini and database in a temporary
folder, waits until its HTTP port answers and stops it by its PID. The seed example is pushed
over the Graph Store Protocol with Digest authentication; then every saved query must give the
same answer from Virtuoso as from `ld-events query`.
"""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.project import read_project
from ld_events.sparql.push import PushTarget, count_triples, derive_query_endpoint, push
from ld_events.sparql.query import prologue
from ld_events.sparql.saved import SavedQuery, read_saved_queries
from tests.conftest import EXAMPLE, IN_CI, require
from tests.test_query import BASE, ld_events_answer, solution_set
from tests.test_sparql_endpoint import serving

VIRTUOSO = Path("/usr/bin/virtuoso-t")
INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
SAVED = read_saved_queries(EXAMPLE)
runner = CliRunner()


@dataclass(frozen=True)
class Virtuoso:
    http: int

    @property
    def crud(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http}/sparql"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def virtuoso_ini(folder: Path, sql: int, http: int) -> str:
    """Debian's virtuoso.ini, changed to run from ``folder`` on 127.0.0.1.

    Database files go to ``folder``, which is also allowed for loading; both ports listen on
    127.0.0.1; Zero Config's ServerName is commented out; URIQA's host is the HTTP port.
    """
    files = ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file")
    lines, section = [], ""
    for line in INI.read_text(encoding="utf-8").splitlines():
        header = re.match(r"\s*\[(.+)\]", line)
        section = header[1] if header else section
        key = line.split("=", 1)[0].strip() if "=" in line and not line.startswith(";") else ""
        if section in ("Database", "TempDatabase") and key in files:
            line = f"{key} = {folder / Path(line.split('=', 1)[1].strip()).name}"
        elif (section, key) == ("Parameters", "ServerPort"):
            line = f"ServerPort = 127.0.0.1:{sql}"
        elif (section, key) == ("HTTPServer", "ServerPort"):
            line = f"ServerPort = 127.0.0.1:{http}"
        elif (section, key) == ("Parameters", "DirsAllowed"):
            line = f"{line}, {folder}"
        elif (section, key) == ("Zero Config", "ServerName"):
            line = ";" + line
        elif (section, key) == ("URIQA", "DefaultHost"):
            line = f"DefaultHost = 127.0.0.1:{http}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def wait_for_http(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {process.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.25)
    pytest.fail(f"Virtuoso did not answer at {url}: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    if not VIRTUOSO.exists() and not IN_CI:
        pytest.skip(f"{VIRTUOSO} is missing (apt-get install virtuoso-opensource)")
    require(VIRTUOSO.exists() and INI.exists(), "Virtuoso (virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(virtuoso_ini(folder, sql, http), encoding="utf-8")
    log = folder / "console.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(VIRTUOSO), "-f", "-c", str(folder / "virtuoso.ini")],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        server = Virtuoso(http)
        wait_for_http(server.sparql + "?query=ASK%7B%7D", process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def pushed(virtuoso: Virtuoso) -> str:
    """The seed example pushed with `ld-events push`: its graph IRI (the project base)."""
    result = runner.invoke(
        app,
        ["push", str(EXAMPLE), "--endpoint", virtuoso.crud, "--user", "dba", "--password", "dba"],
    )
    assert result.exit_code == 0, result.output
    return BASE


def expected_count() -> int:
    graph = read_project(EXAMPLE).graph
    return len({*graph.data_triples(), *graph.vocabulary_triples()})


def test_push_counts_every_triple(virtuoso: Virtuoso, pushed: str) -> None:
    target = PushTarget.create(virtuoso.crud, pushed, user="dba", password="dba")
    assert target.query_endpoint == virtuoso.sparql
    count = count_triples(urllib.request.build_opener(), target)
    assert count == expected_count()


def test_push_again_replaces_the_graph(virtuoso: Virtuoso, pushed: str) -> None:
    args = ["push", str(EXAMPLE), "--endpoint", virtuoso.crud, "--user", "dba", "--password", "dba"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"pushed {expected_count():,} triples to <{pushed}>" in result.stderr


def test_push_in_chunks(virtuoso: Virtuoso) -> None:
    """PUT of the first chunk, POST of the others: the count still matches."""
    graph = read_project(EXAMPLE).graph
    triples = [*graph.data_triples()]
    target = PushTarget.create(virtuoso.crud, "urn:ld-events:test:chunks", None, "dba", "dba")
    seen: list[str] = []
    assert push(triples, target, chunk=100, progress=seen.append) == len(triples)
    sent = [step for step in seen if step.startswith("sending triples ")]
    assert len(sent) == -(-len(triples) // 100)
    assert sent[0] == f"sending triples 1-100 of {len(triples):,}"
    assert sent[-1].endswith(f"-{len(triples):,} of {len(triples):,}")
    assert seen[-1].startswith("counting the triples of <urn:ld-events:test:chunks>")
    assert push(triples[:10], target, chunk=100) == 10  # a new PUT replaces everything


@pytest.mark.parametrize("saved", SAVED, ids=[q.name for q in SAVED])
def test_saved_query_answers_the_same_on_virtuoso(
    virtuoso: Virtuoso, pushed: str, saved: SavedQuery
) -> None:
    client = SPARQLWrapper(virtuoso.sparql)
    client.setQuery(prologue(BASE) + saved.text)
    client.addDefaultGraph(pushed)
    client.setReturnFormat(JSON)
    answer = client.query().response.read()
    assert solution_set(answer) == ld_events_answer(saved.text)


def test_wrong_password_names_http_401(virtuoso: Virtuoso) -> None:
    args = ["push", str(EXAMPLE), "--endpoint", virtuoso.crud, "--user", "dba"]
    result = runner.invoke(app, [*args, "--password", "wrong"])
    assert result.exit_code == 2, result.output
    assert "HTTP 401" in result.stderr


def test_unauthenticated_endpoint_names_http_403(virtuoso: Virtuoso) -> None:
    endpoint = virtuoso.crud.removesuffix("-auth")
    result = runner.invoke(app, ["push", str(EXAMPLE), "--endpoint", endpoint])
    assert result.exit_code == 2, result.output
    assert "HTTP 403" in result.stderr


def test_count_mismatch_exits_1(virtuoso: Virtuoso, example_site: Path) -> None:
    """Counted at an endpoint that does not hold the graph (ld-events serve's): exit 1."""
    with serving(example_site) as root:
        args = ["push", str(EXAMPLE), "--endpoint", virtuoso.crud, "--user", "dba"]
        result = runner.invoke(
            app, [*args, "--password", "dba", "--query-endpoint", root + "sparql"]
        )
    assert result.exit_code == 1, result.output
    assert f"counts 0 triples in <{BASE}>, but {expected_count():,} were sent" in result.stderr


def test_unreachable_store() -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/sparql-graph-crud-auth"
    result = runner.invoke(app, ["push", str(EXAMPLE), "--endpoint", endpoint])
    assert result.exit_code == 2, result.output
    assert "cannot connect" in result.stderr


@pytest.mark.parametrize(
    ("gsp", "query"),
    [
        ("http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql"),
        ("http://h:3030/ds/data", "http://h:3030/ds/sparql"),
        ("http://h:7878/store", "http://h:7878/query"),
        ("http://h/repositories/r/rdf-graphs/service", "http://h/repositories/r"),
        ("http://h/other?x=1", "http://h/other"),
    ],
)
def test_query_endpoint_is_derived(gsp: str, query: str) -> None:
    assert derive_query_endpoint(gsp) == query
