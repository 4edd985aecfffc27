"""``ld-events serve PROJECT`` as a live preview: an edit is rebuilt, served, and shown.

Each test runs ``serve`` on a copy of the example as a subprocess on 127.0.0.1 and edits the
copy's files as a desk would; what it checks comes from the server over HTTP, from its terminal
output (a log file), and, in one test, from a page open in headless Chromium.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from typer.testing import CliRunner
from watchfiles import Change

from ld_events.cli import app
from ld_events.serving.livereload import EVENTS_PATH, SCRIPT_PATH, STREAMS, script_tag, with_script
from ld_events.serving.watch import ProjectFilter, lasting
from tests.conftest import EXAMPLE

EVENT = "2021-04-erbil-airport-drone-attack"
RECORD = f"events/{EVENT}.yaml"
PAGE = f"event/{EVENT}/"
OLD_LABEL = "Drone attack on the coalition headquarters at Erbil airport"
T = TypeVar("T")
#: An edit is rebuilt and served within this many seconds (the example builds in about two).
SECONDS = 30


class Served:
    """``ld-events serve PROJECT --port 0 [OPTIONS]``, its terminal output in a file (a built
    site, not watched, if not ``watched``)."""

    def __init__(
        self, project: Path, log: Path, watched: bool = True, options: tuple[str, ...] = ()
    ) -> None:
        self.project = project
        self.log = log
        self.tmp = log.parent / "serve-tmp"  # its temporary files
        self.tmp.mkdir()
        command = [sys.executable, "-m", "ld_events", "serve", str(project), "--port", "0"]
        command += options
        environment = {**os.environ, "TMPDIR": str(self.tmp)}
        with log.open("wb") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=output, env=environment)
        found = self.wait_for(lambda: re.search(r" at (http://[\d.]+:\d+/)", self.output()))
        assert found is not None
        self.url = found[1]
        if watched:
            self.wait_for(lambda: "watching " in self.output())

    def output(self) -> str:
        return self.log.read_text("utf-8")

    def wait_for(self, condition: Callable[[], T], seconds: float = SECONDS) -> T:
        """``condition()``'s first true value, asked every 0.1 s; fail after ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            if value := condition():
                return value
            time.sleep(0.1)
        pytest.fail(f"not within {seconds} s; serve printed:\n{self.output()}")

    def get(self, path: str, accept: str = "*/*") -> str:
        request = urllib.request.Request(self.url + path, headers={"Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return str(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return str(error.read().decode("utf-8"))

    def state(self) -> dict[str, object]:
        """The first event of a fresh live-reload stream: the generation and the problems."""
        with urllib.request.urlopen(self.url + EVENTS_PATH.lstrip("/"), timeout=30) as stream:
            for line in stream:
                if line.startswith(b"data: "):
                    return dict(json.loads(line[6:]))
        raise AssertionError("the stream ended without an event")

    def rebuilds(self) -> int:
        """Rebuilds finished so far (each ends with its summary or 'still serving')."""
        text = self.output()
        return len(re.findall(r"^(built|updated) .* in [\d.]+ s$", text, re.M)) + text.count(
            "still serving the last good site"
        )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("_site", ".*"))
    return copy


@pytest.fixture
def served(project: Path, tmp_path: Path) -> Iterator[Served]:
    server = Served(project, tmp_path / "serve.log")
    try:
        yield server
    finally:
        server.stop()


def edit(project: Path, old: str, new: str, path: str = RECORD) -> None:
    record = project / path
    text = record.read_text("utf-8")
    assert old in text
    record.write_text(text.replace(old, new, 1), "utf-8")


def sparql_labels(served: Served, word: str) -> str:
    query = (
        "SELECT ?label WHERE { ?event <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        f'FILTER(CONTAINS(STR(?label), "{word}")) }}'
    )
    return served.get("sparql?" + urllib.parse.urlencode({"query": query}), "text/csv")


PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def test_an_edit_is_served_within_seconds_pages_data_and_sparql(served: Served) -> None:
    assert OLD_LABEL in served.get(PAGE)
    graphs = served.get("sparql?" + urllib.parse.urlencode({"query": PER_GRAPH}), "text/csv")
    assert "urn:ld-events:inferred" in graphs
    assert served.state() == {"generation": 0, "problems": []}
    edit(served.project, OLD_LABEL, "Drone strike on the Erbil headquarters, edited")

    served.wait_for(lambda: "Drone strike on the Erbil headquarters, edited" in served.get(PAGE))
    assert "edited" in served.get(PAGE + "data.ttl")
    assert "edited" in served.get(PAGE, "text/turtle")  # negotiated, as the host would
    served.wait_for(lambda: "edited" in sparql_labels(served, "edited"))
    # The same graphs as before, the entailments apart: the project's graph, not the dump's.
    assert served.get("sparql?" + urllib.parse.urlencode({"query": PER_GRAPH}), "text/csv") == (
        graphs
    )
    # The graph went to the endpoint through a temporary file, removed once read.
    served.wait_for(lambda: not list(served.tmp.iterdir()))
    served.wait_for(lambda: served.state() == {"generation": 1, "problems": []})
    output = served.output()
    assert f"changed: {RECORD}\n" in output
    # the rebuild is incremental: the site is updated, not built again
    summary = r"^updated .*_site \(\d+ files changed\): 16 events, .* triples in \d+\.\d\d s$"
    assert re.search(summary, output, re.M)


def test_invalid_data_keeps_the_last_good_site_and_shows_the_errors(served: Served) -> None:
    edit(served.project, "actionType: droneAttack\n", "actionType: droneAttackk\n")
    edit(served.project, OLD_LABEL, "A label the invalid build never publishes")
    served.wait_for(lambda: served.rebuilds() >= 1)

    page = served.get(PAGE)
    assert OLD_LABEL in page  # the last good site, still served
    assert "never publishes" not in served.get(PAGE + "data.ttl")
    state = served.state()
    problems = state["problems"]
    assert isinstance(problems, list)
    assert state["generation"] == 0
    assert len(problems) == 1
    assert problems[0].startswith(f"{RECORD}:12:1: error[unknown-action-type]: ")
    # The terminal shows the diagnostics exactly as `ld-events validate` prints them.
    validated = CliRunner().invoke(app, ["validate", str(served.project)])
    assert validated.exit_code == 1, validated.output
    diagnostics = validated.stderr.strip().splitlines()[:-1]
    assert diagnostics
    shown = served.output()
    assert "\n".join(diagnostics) + "\ninvalid: 1 error, 1 warning (nothing written)\n" in shown
    assert "still serving the last good site (build failed in " in shown

    edit(served.project, "actionType: droneAttackk\n", "actionType: droneAttack\n")
    served.wait_for(lambda: "never publishes" in served.get(PAGE))
    served.wait_for(lambda: served.state() == {"generation": 1, "problems": []})


def test_the_built_files_never_hold_the_live_reload_script(served: Served) -> None:
    edit(served.project, OLD_LABEL, "Rebuilt once")
    served.wait_for(lambda: "Rebuilt once" in served.get(PAGE))
    served.wait_for(lambda: served.state()["generation"] == 1)
    site = served.project / "_site"
    holding = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and b"_ld-events" in path.read_bytes()
    ]
    assert holding == []
    # What serve sends is the file with one script tag added, nothing else.
    written = (site / PAGE / "index.html").read_bytes()
    assert served.get(PAGE).encode() == with_script(written, script_tag(1))
    assert "window.location.reload()" in served.get(SCRIPT_PATH.lstrip("/"))


def test_a_new_output_setting_is_built_once_and_named(served: Served) -> None:
    """Its files are no source: writing them does not start another rebuild."""
    edit(served.project, "title:", "output: _other\ntitle:", "ld-events.yaml")
    served.wait_for(lambda: served.rebuilds() >= 1)
    assert (served.project / "_other" / PAGE / "index.html").is_file()
    time.sleep(3)
    assert served.output().count("changed: ") == 1, served.output()
    assert "restart ld-events serve to serve it" in served.output()
    assert OLD_LABEL in served.get(PAGE)  # still the folder it started with


def test_event_streams_are_bounded_and_pages_still_answer(served: Served) -> None:
    host, port = urllib.parse.urlsplit(served.url).netloc.split(":")
    request = f"GET {EVENTS_PATH} HTTP/1.1\r\nHost: h\r\n\r\n".encode()
    streams = []
    try:
        for _ in range(STREAMS):
            stream = socket.create_connection((host, int(port)), timeout=10)
            stream.sendall(request)
            assert b"retry: 1000" in _read_until(stream, b'"problems": []}\n\n')
            streams.append(stream)
        # One more is told the state and to come back later, and closed at once.
        with socket.create_connection((host, int(port)), timeout=10) as late:
            late.sendall(request)
            answer = _read_until(late, b"0\r\n\r\n")
        assert b"retry: 5000" in answer
        assert b'"generation": 0' in answer
        started = time.monotonic()
        assert OLD_LABEL in served.get(PAGE)
        assert time.monotonic() - started < 2
    finally:
        for stream in streams:
            stream.close()


def _read_until(connection: socket.socket, end: bytes) -> bytes:
    received = b""
    while end not in received:
        chunk = connection.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def test_a_built_site_is_served_as_it_is(example_site: Path, tmp_path: Path) -> None:
    """Only a project is watched: a built site's pages are sent as written."""
    server = Served(example_site, tmp_path / "serve.log", watched=False)
    try:
        assert server.get(PAGE).encode() == (example_site / PAGE / "index.html").read_bytes()
        assert "watching" not in server.output()
        assert "404" in server.get(EVENTS_PATH.lstrip("/"))
    finally:
        server.stop()


def test_only_the_projects_own_files_are_watched(project: Path) -> None:
    watched = ProjectFilter(project, project / "_site")
    kept = [RECORD, "ld-events.yaml", "queries/events.rq", "data/table.csv"]
    dropped = [
        "_site/index.html",
        "_site",
        "._site.staging/event/x/index.html",
        "._site.state/manifest",
        ".git/HEAD",
        "events/.2021.yaml.swp",
        f"{RECORD}~",
        "events/#record.yaml#",
        "events/.#record.yaml",
        "events/4913",
        "events/__pycache__/x.pyc",
    ]
    for name in kept:
        assert watched(Change.modified, str(project / name)), name
    for name in dropped:
        assert not watched(Change.modified, str(project / name)), name
    gone = str(project / "events" / "sedAbC123")
    real = str(project / RECORD)
    batch = {(Change.added, gone), (Change.deleted, gone), (Change.modified, real)}
    assert lasting(batch) == {real}


def test_the_page_reloads_by_itself_and_shows_a_failed_build(served: Served, browser: Any) -> None:
    """In headless Chromium: an edit reloads the open page; invalid data shows a banner over
    the last good page, which goes when the data is fixed."""
    page = browser.new_page()
    page.goto(served.url + PAGE)
    page.wait_for_function("() => document.querySelector('script[data-generation]')")
    page.evaluate("() => { window.notReloaded = true; }")

    edit(served.project, OLD_LABEL, "Seen without a reload by hand")
    page.wait_for_function(
        "() => document.body.innerText.includes('Seen without a reload by hand')",
        timeout=SECONDS * 1000,
    )
    assert page.evaluate("() => window.notReloaded") is None  # the page reloaded

    edit(served.project, "actionType: droneAttack\n", "actionType: droneAttackk\n")
    banner = page.locator("#ld-events-problems")
    banner.wait_for(state="visible", timeout=SECONDS * 1000)
    assert "the last build failed" in banner.inner_text()
    assert f"{RECORD}:12:1: error[unknown-action-type]" in banner.inner_text()
    assert "Seen without a reload by hand" in page.inner_text("body")

    edit(served.project, "actionType: droneAttackk\n", "actionType: droneAttack\n")
    banner.wait_for(state="detached", timeout=SECONDS * 1000)
    page.wait_for_function("() => document.querySelector('script[data-generation=\"2\"]')")
