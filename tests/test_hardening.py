"""Hostile and careless input: no traceback, no escape from the site, no network, no hang.

One section per finding of the hardening review (issue #10), each a regression test of its
cause, through the command line or a real server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
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
    problems = [line for line in result.stderr.splitlines() if not line.startswith("[")]
    assert problems[0].startswith("queries/remote.rq: error[forbidden-service]"), result.stderr
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


# --- 3. IRIs that would put a page in another's place ------------------------------------------

VALID = Path(__file__).parent / "fixtures" / "projects" / "valid"
PREFIXES = (
    "@prefix lde: <https://w3id.org/ld-events/ns#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
)


def event_at(iri: str) -> str:
    """A Turtle event that would be valid anywhere else."""
    return (
        f'<{iri}> a lde:Event ; rdfs:label "Hostile"@en ;\n'
        "  lde:time <https://example.org/t/event/2021-06-27-strike/#time> .\n"
    )


def project_with(tmp_path: Path, name: str, text: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    (project / name).write_text(text, encoding="utf-8")
    return project


def site_before(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A site built from the valid fixture, and its files, to check a failed build keeps it."""
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(VALID), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, files_of(out)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


MISPLACED = {
    "dot segments": ("https://example.org/t/event/../#it", "unsafe-iri"),
    "escaped dots": ("https://example.org/t/event/%2e%2e/#it", "unsafe-iri"),
    "capital host": ("https://EXAMPLE.org/t/event/x/#it", "unsafe-iri"),
    "a dot slug": ("https://example.org/t/event/./#it", "unsafe-iri"),
    "unicode slug": ("https://example.org/t/event/caf\u00e9/#it", "bad-slug"),
    "long slug": (f"https://example.org/t/event/{'a' * 300}/#it", "bad-slug"),
    "case twin": ("https://example.org/t/event/2021-06-27-STRIKE/#it", "duplicate-id"),
}


@pytest.mark.parametrize("case", sorted(MISPLACED))
def test_an_iri_that_leaves_its_place_is_refused(tmp_path: Path, case: str) -> None:
    iri, code = MISPLACED[case]
    project = project_with(tmp_path, "hostile.ttl", PREFIXES + event_at(iri))
    out, before = site_before(tmp_path)
    checked = runner.invoke(app, ["validate", str(project)])
    assert checked.exit_code == 2, checked.output
    assert f"hostile.ttl:3:1: error[{code}]" in checked.output, checked.output
    built = runner.invoke(app, ["build", str(project), "--out", str(out)])
    assert built.exit_code == 2, built.output
    assert files_of(out) == before, "the previous site is intact"


@pytest.mark.parametrize(
    ("record_id", "code"),
    [('"strike\\n"', "bad-slug"), ("x" * 300, "bad-slug"), ('"a b"', "bad-slug")],
    ids=["newline", "300 characters", "space"],
)
def test_a_yaml_id_that_cannot_be_a_folder_is_refused(
    tmp_path: Path, record_id: str, code: str
) -> None:
    text = f"- id: {record_id}\n  type: Event\n  label: Odd\n  time: 2021-06-27\n"
    project = project_with(tmp_path, "odd.yaml", text)
    for command in ("validate", "build"):
        result = runner.invoke(
            app,
            [command, str(project), "--out", str(tmp_path / "o")][: 2 + 2 * (command == "build")],
        )
        assert result.exit_code == 2, result.output
        assert f"odd.yaml:1:3: error[{code}]" in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_the_writer_never_writes_outside_the_site(tmp_path: Path) -> None:
    from ld_events.errors import BuildError
    from ld_events.output.writer import SiteWriter

    writer = SiteWriter(tmp_path / "site")
    for escape in ("../outside.html", "event/../../x", "/etc/x", "a//b", "a\\..\\b"):
        with pytest.raises(BuildError, match="not a path inside the site"):
            writer.write(escape, b"x")
    writer.abort()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- 4. An output that would replace the project, or be read as its sources ----------------------


def test_output_is_never_the_project_or_above_it(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    before = files_of(project)
    for setting in (".", "..", "../elsewhere", "/tmp/x", "events/../..", ""):
        config = (project / "ld-events.yaml").read_text(encoding="utf-8")
        (project / "ld-events.yaml").write_text(f"{config}\noutput: '{setting}'\n", "utf-8")
        result = runner.invoke(app, ["build", str(project), "--force"])
        assert result.exit_code == 2, (setting, result.output)
        assert "error[bad-setting]" in result.output, result.output
        (project / "ld-events.yaml").write_text(config, encoding="utf-8")
    assert files_of(project) == before, "nothing of the project was touched"


@pytest.mark.parametrize("where", ["project", "parent", "events/site"])
def test_out_is_never_the_project_or_where_sources_are_read(tmp_path: Path, where: str) -> None:
    project = copy_example(tmp_path)
    before = files_of(tmp_path)
    out = {"project": project, "parent": tmp_path, "events/site": project / "events" / "site"}
    result = runner.invoke(app, ["build", str(project), "--out", str(out[where]), "--force"])
    assert result.exit_code == 2, result.output
    assert "error[bad-usage]" in result.output
    assert files_of(tmp_path) == before


def test_a_site_inside_the_project_is_not_read_as_sources(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    config = (project / "ld-events.yaml").read_text(encoding="utf-8")
    (project / "ld-events.yaml").write_text(f"{config}\noutput: build/site\n", "utf-8")
    for _ in range(2):  # the second build must not read the first one's data.ttl files
        result = runner.invoke(app, ["build", str(project)])
        assert result.exit_code == 0, result.output
    assert "16 events" in result.output
    assert (project / "build" / "site" / "index.html").exists()


# --- 8. Symbolic links are never followed out of the project ------------------------------------


def test_symlinks_are_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("- id: x\n  type: Event\n  label: Leak\n", "utf-8")
    project = copy_example(tmp_path)
    (project / "events" / "passwd.ttl").symlink_to("/etc/passwd")
    (project / "events" / "leak.yaml").symlink_to(outside / "secret.yaml")
    (project / "linked-folder").symlink_to(outside, target_is_directory=True)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 0, result.output
    for name in ("events/passwd.ttl", "events/leak.yaml", "linked-folder"):
        assert f"{name}: warning[ignored-symlink]" in result.output, result.output
    assert "Leak" not in result.output
    assert "root:" not in result.output


# --- 2, 6, 9. YAML and JSON-LD that would exhaust memory or the stack, or publish "None" -------

BOMB = "\n".join(
    [
        "- id: bomb",
        "  type: Event",
        "  label: Bomb",
        "  time: 2021-06-27",
        "  skos:note:",
        '    - &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"    - &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)),
        "",
    ]
)
RECORD = "- id: odd\n  type: Event\n  label: Odd\n  time: 2021-06-27\n"
NOTE = RECORD + "  skos:note: "
DEEP_FLOW = NOTE + "[" * 50_000 + "]" * 50_000
DEEP_BLOCK = NOTE + "\n" + "".join(" " * (i + 3) + "-\n" for i in range(2000))
DEEP_JSON = '{"@id": "x", "skos:note": ' + "[" * 100_000 + "]" * 100_000 + "}"
HOSTILE_SOURCES = {
    # name: (file, text, the diagnostic that must be printed)
    "alias bomb": ("odd.yaml", BOMB, "odd.yaml:1:1: error[oversized-record]"),
    "deep flow YAML": ("odd.yaml", DEEP_FLOW, "odd.yaml:1:1: error[invalid-yaml]"),
    "deep block YAML": ("odd.yaml", DEEP_BLOCK, "odd.yaml:1:1: error[invalid-yaml]"),
    "deep JSON-LD": ("odd.jsonld", DEEP_JSON, "odd.jsonld:1:1: error[invalid-jsonld]"),
    "null": ("odd.yaml", NOTE + "null\n", "odd.yaml:5:3: error[missing-value]"),
    "recursive alias": ("odd.yaml", NOTE + "&x [*x]\n", "odd.yaml:5:14: error[missing-value]"),
    "python tag": (
        "odd.yaml",
        NOTE + "!!python/object/apply:os.system [echo]\n",
        "odd.yaml:5:3: error[forbidden-tag]",
    ),
    "binary": ("odd.yaml", NOTE + "!!binary aGk=\n", "odd.yaml:5:3: error[forbidden-tag]"),
    "empty": ("odd.yaml", "", "odd.yaml: warning[empty-file]"),
    "byte-order mark": ("odd.yaml", "\ufeff", "odd.yaml: warning[empty-file]"),
    "comments only": (
        "odd.ttl",
        "# nothing\n@prefix e: <http://e/> .\n",
        "odd.ttl: warning[empty-file]",
    ),
    "empty JSON-LD": ("odd.jsonld", "{}", "odd.jsonld: warning[empty-file]"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_SOURCES))
def test_hostile_sources_get_one_located_diagnostic(tmp_path: Path, case: str) -> None:
    name, text, expected = HOSTILE_SOURCES[case]
    project = project_with(tmp_path, name, text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == (0 if "warning" in expected else 2), result.output
    assert expected in result.output, result.output
    assert '"None"' not in result.output


def test_the_config_is_checked_like_a_source(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    config = (project / "ld-events.yaml").read_text(encoding="utf-8")
    bomb = BOMB.replace("- id: bomb", "x: 1").replace("  skos:note:", "description:")
    (project / "ld-events.yaml").write_text(
        config + "\n".join(bomb.splitlines()[4:]) + "\n", "utf-8"
    )
    result = runner.invoke(app, ["validate", "--format", "json", str(project)])
    assert result.exit_code == 2, result.output
    assert '"code": "oversized-record"' in result.output


# --- 10, 11. Control characters never reach a page; messages say where and what ----------------

OTHER_SOURCES = {
    # name: (file, bytes, the diagnostic that must be printed)
    "bell in YAML": ("odd.yaml", (NOTE + '"ring\\a"\n').encode(), "odd.yaml:5:3: error[bad-text]"),
    "NUL in Turtle": (
        "odd.ttl",
        PREFIXES.encode() + b'<https://example.org/t/actor/x/#it> rdfs:label "a\\u0000b"@en .\n',
        "odd.ttl:3:1: error[bad-text]",
    ),
    "latin-1": ("odd.yaml", b"- id: odd\n  type: Event\n  label: caf\xe9\n", "odd.yaml:3:13:"),
    "language in YAML": (
        "odd.yaml",
        b"- id: odd\n  type: Event\n  label: {e n: Odd}\n",
        "odd.yaml:3:11: error[bad-language-tag]: 'e n' is not a language tag",
    ),
    "language in JSON-LD": (
        "odd.jsonld",
        b'{"id": "actor/x", "rdfs:label": {"@value": "X", "@language": "a b"}}',
        "odd.jsonld:1:1: error[invalid-jsonld]: 'a b' is not a language tag",
    ),
}


@pytest.mark.parametrize("case", sorted(OTHER_SOURCES))
def test_odd_text_gets_a_located_diagnostic(tmp_path: Path, case: str) -> None:
    name, data, expected = OTHER_SOURCES[case]
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    (project / name).write_bytes(data)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output


def test_a_control_character_in_the_config_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    config = (project / "ld-events.yaml").read_text(encoding="utf-8")
    (project / "ld-events.yaml").write_text(config + 'description: "a\\x1b[31m"\n', "utf-8")
    result = runner.invoke(app, ["build", str(project), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2, result.output
    assert "error[bad-setting]: description holds a control character" in result.output


# --- 5. Saved queries: checked by validate and export, stopped at their time limit -------------


@pytest.mark.parametrize("command", ["validate", "export"])
def test_validate_and_export_check_the_saved_queries(tmp_path: Path, command: str) -> None:
    project = copy_example(tmp_path)
    (project / "queries" / "insert.rq").write_text(
        "# title: Insert\nINSERT DATA { <urn:a> <urn:b> <urn:c> }\n", encoding="utf-8"
    )
    result = runner.invoke(app, [command, str(project)])
    assert result.exit_code == 2, result.output
    assert "queries/insert.rq: error[forbidden-update]" in result.output, result.output
    assert "^" not in result.output, "no caret under a line that is not the problem"


def test_a_saved_query_that_never_ends_is_stopped(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    config = (project / "ld-events.yaml").read_text(encoding="utf-8")
    (project / "ld-events.yaml").write_text(config + "\nquery_timeout: 1\n", encoding="utf-8")
    endless = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }"
    (project / "queries" / "endless.rq").write_text(f"# title: Endless\n{endless}\n", "utf-8")
    result = runner.invoke(app, ["build", str(project), "--out", str(tmp_path / "site")])
    assert result.exit_code == 2, result.output
    assert "queries/endless.rq: error[failed-query]: stopped after 1 s" in result.output
    assert not (tmp_path / "site").exists()


# --- 12. push: a store that never answers is given up after --timeout, with progress shown ------


class SilentStore(Listener):
    """Accepts connections and never answers (a store that hangs)."""

    def __init__(self) -> None:
        self.held: list[socket.socket] = []
        super().__init__()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            self.held.append(connection)

    def close(self) -> None:
        super().close()
        for connection in self.held:
            connection.close()


def test_push_to_a_store_that_never_answers_stops_at_the_timeout() -> None:
    store = SilentStore()
    endpoint = f"http://127.0.0.1:{store.port}/sparql-graph-crud"
    try:
        started = time.monotonic()
        result = runner.invoke(
            app, ["push", str(EXAMPLE), "--endpoint", endpoint, "--timeout", "1"]
        )
        took = time.monotonic() - started
    finally:
        store.close()
    assert result.exit_code == 2, result.output
    assert store.connections == 1
    assert took < 30  # validating the example takes a few seconds; the store wait is 1 s
    # The example's one warning (its source names no publisher) and its code's docs come first.
    lines = [
        line
        for line in result.stderr.splitlines()
        if "warning[" not in line and not line.startswith("codes explained in docs/")
    ]
    assert lines[0] == f"pushing <https://example.org/iraq-syria-2021/> to {endpoint}"
    assert lines[1].startswith("sending triples 1-")
    assert f"PUT {endpoint}: no answer within 1 s (push --timeout sets the limit)" in lines[-1]
    assert "Traceback" not in result.output


# --- 7. serve: hostile clients never stop it answering, and each bad request is one log line ---

#: Bad requests and the status each must get at once (never a hang).
MALFORMED = [
    (b"POST /sparql HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\nASK {}", 400),
    (b"POST /sparql HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\nASK {}", 400),
    (b"POST /sparql HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 2\r\n\r\nASK {}", 400),
    (b"GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    (b"GET / HTTP/1.1\r\nHost: h\r\nno colon here\r\n\r\n", 400),
    (b"NOT A REQUEST LINE\r\n\r\n", 400),
    (b"POST /sparql HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999\r\n\r\nASK", 413),
]
PAGE = "event/2021-06-27-us-air-strikes-iraq-syria-border/"
NEVER_ENDING = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class ServeProcess:
    """``ld-events serve`` with its log in a file, to read every line it wrote."""

    def __init__(self, site: Path, log: Path, query_timeout: float = 2) -> None:
        self.log = log
        command = [sys.executable, "-m", "ld_events", "serve", str(site), "--port", "0"]
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                [*command, "--query-timeout", str(query_timeout)], stdout=output, stderr=output
            )
        self.host, self.port = self._announced()

    def _announced(self) -> tuple[str, int]:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = re.search(r" at http://([\d.]+):(\d+)/", self.log.read_text("utf-8"))
            if found:
                return found[1], int(found[2])
            assert self.process.poll() is None, self.log.read_text("utf-8")
            time.sleep(0.05)
        pytest.fail(f"serve did not start: {self.log.read_text('utf-8')}")

    def connect(self) -> socket.socket:
        return socket.create_connection((self.host, self.port), timeout=30)

    def stop(self) -> str:
        self.process.terminate()
        self.process.wait(timeout=30)
        return self.log.read_text("utf-8")


def answer_of(server: ServeProcess, request: bytes) -> bytes:
    """Everything the server sends back to ``request`` until it closes the connection."""
    with server.connect() as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received


def seconds_for_a_page(server: ServeProcess) -> float:
    started = time.monotonic()
    request = f"GET /{PAGE} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n".encode()
    answer = answer_of(server, request)
    took = time.monotonic() - started
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n"), answer[:200]
    return took


def query_status(server: ServeProcess, text: str) -> int:
    body = text.encode()
    head = f"POST /sparql HTTP/1.1\r\nHost: h\r\nConnection: close\r\nContent-Length: {len(body)}"
    request = f"{head}\r\nContent-Type: application/sparql-query\r\n\r\n".encode() + body
    return int(answer_of(server, request).split()[1])


def slow_query(server: ServeProcess, statuses: list[int]) -> None:
    statuses.append(query_status(server, NEVER_ENDING))


def test_four_slow_queries_do_not_hold_up_a_quick_one(example_site: Path, tmp_path: Path) -> None:
    server = ServeProcess(example_site, tmp_path / "serve.log", query_timeout=20)
    statuses: list[int] = []

    def slow_until_stopped() -> None:
        with contextlib.suppress(OSError, IndexError):  # stopped while they run: no answer
            slow_query(server, statuses)

    queries = [threading.Thread(target=slow_until_stopped) for _ in range(4)]
    try:
        for thread in queries:
            thread.start()
        time.sleep(1)
        started = time.monotonic()
        assert query_status(server, "ASK { ?s ?p ?o }") == 200
        took = time.monotonic() - started
        assert statuses == []  # the slow ones were still running
    finally:
        server.stop()
        for thread in queries:
            thread.join(timeout=60)
    assert took < 10, took  # far below the slow queries' 20 s


def reset_at_once(server: ServeProcess, request: bytes) -> None:
    """Send ``request`` and drop the connection with a TCP reset, reading nothing."""
    connection = server.connect()
    connection.sendall(request)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def test_serve_answers_pages_at_once_while_clients_attack_it(
    example_site: Path, tmp_path: Path
) -> None:
    server = ServeProcess(example_site, tmp_path / "serve.log")
    idle: list[socket.socket] = []
    try:
        quiet = min(seconds_for_a_page(server) for _ in range(5))
        # Slowloris: half-sent requests, never finished.
        for number in range(300):
            connection = server.connect()
            connection.sendall(f"GET /{PAGE}?{number} HTTP/1.1\r\nHost: h\r\n".encode())
            idle.append(connection)
        # More slow queries than run at once: the rest wait, or are refused.
        statuses: list[int] = []
        queries = [threading.Thread(target=slow_query, args=(server, statuses)) for _ in range(12)]
        for thread in queries:
            thread.start()
        time.sleep(0.5)
        # Early disconnects: mid-page, mid-dump, mid-body.
        for request in (
            f"GET /{PAGE} HTTP/1.1\r\nHost: h\r\n\r\n".encode(),
            b"GET /dump/dataset.ttl HTTP/1.1\r\nHost: h\r\n\r\n",
            b"POST /sparql HTTP/1.1\r\nHost: h\r\nContent-Length: 500\r\n\r\nASK",
        ) * 20:
            reset_at_once(server, request)
        for request, status in MALFORMED:
            assert answer_of(server, request).split()[1] == str(status).encode(), request
        under_attack = sorted(seconds_for_a_page(server) for _ in range(20))
        for thread in queries:
            thread.join(timeout=60)
    finally:
        for connection in idle:
            connection.close()
        log = server.stop()
    assert under_attack[len(under_attack) // 2] < 0.1, (quiet, under_attack)
    assert statuses == [503] * 12  # each stopped at its limit or refused, none left hanging
    lines = log.splitlines()
    assert "Traceback" not in log, log
    assert lines[0].startswith("serving ")
    refused = [line for line in lines[1:] if not line.startswith("POST /sparql: 503")]
    assert len(refused) == len(MALFORMED), refused  # one line each, nothing for the others
    for line in refused:
        assert re.fullmatch(r"(POST /sparql|GET /|- -): (400|413|501) \(.+\)", line), line


@pytest.mark.parametrize(
    ("damaged", "damage", "said"),
    [
        ("dump/dataset.nt.gz", b"not gzip", "dump/dataset.nt.gz: error[bad-usage]: cannot be read"),
        ("dump/dataset.nt.gz", b"\x1f\x8b\x08\x00", "dump/dataset.nt.gz: error[bad-usage]"),
        ("void.ttl", b"@prefix", "void.ttl:1:1: error[bad-usage]: not as ld-events wrote it"),
        ("ontology/ld-events.ttl", b"<a> <b>", "ld-events.ttl:1:1: error[bad-usage]"),
    ],
)
def test_serve_names_a_damaged_site_file(
    example_site: Path, tmp_path: Path, damaged: str, damage: bytes, said: str
) -> None:
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    (site / damaged).write_bytes(damage)
    result = runner.invoke(app, ["serve", str(site), "--port", "0"])
    assert result.exit_code == 2, result.output
    assert said in result.stderr
    assert "Traceback" not in result.output


# --- Found by the fuzzer (tests/test_fuzz.py) ---------------------------------------------------


def test_a_reused_anchor_name_is_read_without_a_warning(tmp_path: Path) -> None:
    """YAML 1.2 allows it (the alias means the latest anchor); ruamel's ReusedAnchorWarning
    went to stderr outside any diagnostic, and under ``-W error`` was a traceback."""
    project = project_with(tmp_path, "odd.yaml", NOTE + "[&n first, &n second, *n]\n")
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output


SURROGATES = {
    # name: (file, text, the diagnostic that must be printed)
    "YAML value": ("odd.yaml", NOTE + '"a\\ud800b"\n', "odd.yaml:5:3: error[bad-text]"),
    "YAML key": ("odd.yaml", RECORD + '  "n\\uDFFF": x\n', "odd.yaml:5:3: error[bad-text]"),
    "config": ("ld-events.yaml", "", "ld-events.yaml:5:1: error[bad-text]"),
    "JSON-LD": (
        "odd.jsonld",
        '{"id": "actor/x",\n "rdfs:label": "a\\ud800"}',
        "odd.jsonld:2:18: error[bad-text]: \\ud800 is half of a UTF-16 surrogate pair",
    ),
}


@pytest.mark.parametrize("case", sorted(SURROGATES))
def test_half_a_surrogate_pair_is_refused_where_it_is_written(tmp_path: Path, case: str) -> None:
    """An escape can write half of a UTF-16 surrogate pair, which no UTF-8 text can hold: it was
    a traceback (in the store, in the JSON-LD parser, in validate --format json's output)."""
    name, text, expected = SURROGATES[case]
    if name == "ld-events.yaml":
        text = (VALID / name).read_text(encoding="utf-8") + 'publisher: "\\ud800"\n'
    project = project_with(tmp_path, name, text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output
    as_json = runner.invoke(app, ["validate", "--format", "json", str(project)])
    assert as_json.exit_code == 2, as_json.output
    assert '"code": "bad-text"' in as_json.stdout


LONG = "9" * 5000
LONG_NUMBERS = {
    "YAML": ("odd.yaml", NOTE + LONG + "\n", "odd.yaml:5:14: error[invalid-yaml]"),
    "JSON-LD": ("odd.jsonld", '{"id": "actor/x",\n "skos:note": ' + LONG + "}", "odd.jsonld:2:15:"),
}


@pytest.mark.parametrize("case", sorted(LONG_NUMBERS))
def test_a_number_too_long_to_read_is_located(tmp_path: Path, case: str) -> None:
    """Python reads at most 4,300 digits: the ValueError of a longer number was a traceback."""
    name, text, expected = LONG_NUMBERS[case]
    project = project_with(tmp_path, name, text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output
    assert "a number of 5,000 digits: more than the 4,300 a number may have" in result.output


BAD_SETTINGS = {
    "']' in license": ("license", "https://creativecommons.org/licenses/by]4.0/"),
    "'%zz' in base": ("base", "https://ex%zz.org/"),
    "'#' in base": ("base", "https://example.org/t/#/"),
    "dot segments in base": ("base", "https://example.org/t/../"),
    "']' in sparql_endpoint": ("sparql_endpoint", "https://example.org/sparql]"),
    "an infinite query_timeout": ("query_timeout", ".inf"),
    "a query_timeout no float holds": ("query_timeout", "1" + "0" * 400),
}


@pytest.mark.parametrize("case", sorted(BAD_SETTINGS))
def test_a_setting_the_build_cannot_use_is_refused_at_its_line(tmp_path: Path, case: str) -> None:
    """Each passed the config's checks and failed later: a ValueError (pyoxigraph's IRI parser)
    or OverflowError traceback, every saved query failing with 'the query service has stopped'
    (the fork server cannot wait an infinity), or an unsafe-iri at every record but none in
    ld-events.yaml (a base not in normal form)."""
    key, value = BAD_SETTINGS[case]
    project = copy_example(tmp_path)
    config = project / "ld-events.yaml"
    lines = [x for x in config.read_text("utf-8").splitlines() if not x.startswith(f"{key}:")]
    config.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", "utf-8")
    result = runner.invoke(app, ["build", str(project), "--out", str(tmp_path / "site")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert f"ld-events.yaml:{len(lines) + 1}:1: error[bad-setting]: {key} " in result.output
    assert not (tmp_path / "site").exists()


def test_a_list_among_the_types_is_an_unknown_type(tmp_path: Path) -> None:
    """The slug registry looked each type up as a dictionary key: a list was a TypeError."""
    text = "- id: odd\n  type: [[Event]]\n  label: Odd\n  time: 2021-06-27\n"
    project = project_with(tmp_path, "odd.yaml", text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "odd.yaml:2:3: error[unknown-type]: unknown type '['Event']'" in result.output


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int x", "'x' cannot be read as !!int"),
        ("!!bool x", "'x' cannot be read as !!bool"),
        ("!!omap x", "'x' cannot be read as !!omap"),
        ("!!int [1]", "expected a scalar node, but found sequence"),
    ],
)
def test_a_tag_that_forces_a_type_is_located(tmp_path: Path, value: str, message: str) -> None:
    """ruamel's constructors failed with a bare ValueError, KeyError or AttributeError."""
    project = project_with(tmp_path, "odd.yaml", NOTE + value + "\n")
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert f"odd.yaml:5:14: error[invalid-yaml]: {message}" in result.output, result.output


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('target: "https://example.org/a{b}"', "error[bad-reference]: 'https://example.org/a{b}'"),
        ('target: "actor/a{b}"', "error[bad-reference]: 'actor/a{b}' is not a slug or an IRI"),
        (
            "claims: [{id: c, claimProperty: {a: x}}]",
            "error[bad-reference]: '{'a': 'x'}' is not a prop",
        ),
        ('"x:{y}": 1', "error[unknown-key]: unknown key 'x:{y}'"),
    ],
    ids=["IRI", "kind/slug", "claimProperty", "key"],
)
def test_a_text_no_iri_can_hold_is_a_located_error(
    tmp_path: Path, line: str, expected: str
) -> None:
    """Texts taken for IRIs were not parsed as IRIs until the triples were made, where
    pyoxigraph's ValueError ('Invalid IRI code point') was a traceback."""
    project = project_with(tmp_path, "odd.yaml", f"{RECORD}  {line}\n")
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "odd.yaml:5:" in result.output, result.output
    assert expected in result.output, result.output


def test_a_number_no_float_holds_is_located_in_json_ld(tmp_path: Path) -> None:
    """pyld tests every number with float(): 400 digits were an OverflowError traceback."""
    text = '{"id": "actor/x",\n "skos:note": -' + "9" * 400 + "}"
    project = project_with(tmp_path, "odd.jsonld", text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "odd.jsonld:2:15: error[invalid-jsonld]: a number of 400 digits" in result.output


def test_a_bad_slug_only_referred_to_is_located_at_the_reference(tmp_path: Path) -> None:
    """An IRI no record defines was reported at '?': the policy looked up only definitions."""
    iri = "https://example.org/t/actor/a\u200bb/#it"
    text = (
        PREFIXES + f"{event_at('https://example.org/t/event/x/#it')[:-3]};\n  lde:agent <{iri}> .\n"
    )
    project = project_with(tmp_path, "odd.ttl", text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 2, result.output
    assert "odd.ttl:3:1: error[bad-slug]: 'a\u200bb' in" in result.output, result.output


PERSON = ' a lde:Person ;\n  rdfs:label "X"@en .\n'
ODD_SUBJECTS = {
    # name: (Turtle after the prefixes, where the subject is)
    "U+2028 in the IRI": ("<https://example.org/t/actor/\u2028x/#it>" + PERSON, "odd.ttl:3:1:"),
    "an escape in the IRI": ("<https://example.org/t/actor/\\u00A0x/#it>" + PERSON, "odd.ttl:3:1:"),
    "U+2028 in a text above": (
        '<https://example.org/t/actor/y/#it> a lde:Person ;\n  rdfs:label "a\u2028b"@en .\n'
        "<https://example.org/t/actor/\u00a0x/#it>" + PERSON,
        "odd.ttl:5:1:",
    ),
}


@pytest.mark.parametrize("case", sorted(ODD_SUBJECTS))
def test_a_turtle_subject_is_found_however_its_iri_is_written(tmp_path: Path, case: str) -> None:
    """The subjects of a Turtle file are found by scanning its lines: an IRI holding U+2028
    (a line break to str.splitlines) or written with an escape was not found ('?: error'), and
    lines were miscounted after a text holding U+2028."""
    text, expected = ODD_SUBJECTS[case]
    project = project_with(tmp_path, "odd.ttl", PREFIXES + text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 2, result.output
    assert f"{expected} error[bad-slug]" in result.output, result.output


BLANK_NODES = {
    # name: (file, text, the diagnostic that must be printed)
    "JSON-LD without ids": (
        "odd.jsonld",
        '{"@context": null,\n "https://w3id.org/ld-events/ns#latestEnd":'
        ' {"@value": "false", "@type": "http://www.w3.org/2001/XMLSchema#date"}}',
        "odd.jsonld:1:1: error[bad-date]: latestEnd 'false' is not a date",
    ),
    "Turtle, nested": (
        "odd.ttl",
        PREFIXES + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://example.org/t/event/x/#it> a lde:Event ;\n"
        '  lde:time [ lde:latestEnd "false"^^xsd:date ] .\n',
        "odd.ttl:4:1: error[bad-date]: latestEnd 'false' is not a date",
    ),
}


@pytest.mark.parametrize("case", sorted(BLANK_NODES))
def test_a_value_of_a_blank_node_is_located(tmp_path: Path, case: str) -> None:
    """Problems of a node without an IRI were printed at '?': the index knows only IRIs."""
    name, text, expected = BLANK_NODES[case]
    project = project_with(tmp_path, name, text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 2, result.output
    assert expected in result.output, result.output


def test_a_case_twin_says_where_the_other_is(tmp_path: Path) -> None:
    """Two IRIs differing only in case were reported at one, without saying where the other
    is: when one is a reference, the file that defines the other went unnamed."""
    project = project_with(
        tmp_path, "a.ttl", PREFIXES + event_at("https://example.org/t/event/x/#it")
    )
    referrer = (
        event_at("https://example.org/t/event/y/#it")[:-3]
        + ";\n  lde:partOf <https://example.org/t/event/X/#it> .\n"
    )
    (project / "b.ttl").write_text(PREFIXES + referrer, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 2, result.output
    assert "error[duplicate-id]" in result.output, result.output
    assert " is at a.ttl:3:1)" in result.output or " is at b.ttl:3:1)" in result.output


def test_a_claim_id_that_cannot_end_an_iri_is_a_bad_slug(tmp_path: Path) -> None:
    """A claim's id ends its IRI (#claim-{id}) and was not checked: 'a b' was a ValueError
    traceback when the triples were made."""
    text = f"{RECORD}  claims:\n    - id: a b\n      claimant: x\n"
    project = project_with(tmp_path, "odd.yaml", text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert "odd.yaml:6:7: error[bad-slug]: 'a b' is not a slug" in result.output, result.output


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://exa\u202ample.org/x", "holds U+202A, a bidirectional formatting character"),
        ("https://exa\u200bmple.org/x", "has a host, 'exa\\u200bmple.org', that is no intern"),
    ],
    ids=["bidi", "zero width in the host"],
)
def test_an_iri_that_would_show_as_another_is_refused(
    tmp_path: Path, iri: str, expected: str
) -> None:
    """Both were published: Jena's IRI check refuses them (BAD_IDN), and a reader would see
    https://example.org/x."""
    event = event_at("https://example.org/t/event/x/#it")[:-3] + f";\n  lde:agent <{iri}> .\n"
    project = project_with(tmp_path, "odd.ttl", PREFIXES + event)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exit_code == 2, result.output
    assert "odd.ttl:3:1: error[unsafe-iri]: <" in result.output, result.output
    assert expected in result.output, result.output


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "nameless.jsonld",
            '{"@context": "https://w3id.org/ld-events/context.jsonld",\n'
            ' "type": "Event", "label": {"en": "Nameless"}}',
        ),
        ("nameless.ttl", PREFIXES + '[] a lde:Event ; rdfs:label "Nameless"@en .\n'),
    ],
)
def test_a_shape_result_on_a_node_without_an_iri_is_worded(
    tmp_path: Path, name: str, text: str
) -> None:
    """Found by the long fuzzing run: a shape failing on a JSON-LD node without an id was a
    ValueError traceback, when the message asked the store for the node's kind and label."""
    project = project_with(tmp_path, name, text)
    result = runner.invoke(app, ["validate", str(project)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (1, 2), result.output
    assert re.search(
        rf'{re.escape(name)}:\d+:\d+: error\[\w[\w-]*\]: Event "Nameless"', result.output
    )
