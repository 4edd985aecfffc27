"""The SPARQL 1.1 Protocol endpoint of `ld-events serve`, queried by independent clients.

`ld-events serve` runs as a subprocess on a free port (it prints the port it got) and is stopped
by its PID. Clients: SPARQLWrapper (JSON, XML, CSV, CONSTRUCT as Turtle, GET and POST), plain
urllib (the protocol's corner cases), and Comunica 4.5, which queries both the built site's
Turtle dump over HTTP and the endpoint itself. Answers are compared, as sets of bindings, with
`ld-events query` on the example project.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import selectors
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from ld_events.sparql.query import prologue
from ld_events.sparql.saved import read_saved_queries
from tests import tools
from tests.conftest import EXAMPLE, require
from tests.test_query import BASE, ld_events_answer, solution_set
from tests.tools import NODE_MODULES

TIMEOUT = 1.0  # --query-timeout of the server under test
SAVED = {q.name: q for q in read_saved_queries(EXAMPLE)}
COMUNICA = NODE_MODULES / ".bin" / "comunica-sparql"
#: A query no engine finishes within the time limit: four independent scans of every triple.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _drain(stream: IO[str]) -> None:
    for _ in stream:
        pass


@contextmanager
def serving(target: Path, *options: str) -> Iterator[str]:
    """``ld-events serve TARGET --port 0``; yield its root URL; stop it by its PID."""
    command = [sys.executable, "-m", "ld_events", "serve", str(target), "--port", "0", *options]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        drain = threading.Thread(target=_drain, args=(process.stderr,), daemon=True)
        try:
            url = _announced_url(process, process.stderr, deadline=time.monotonic() + 120)
            drain.start()
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if drain.is_alive():
                drain.join(timeout=10)


def _announced_url(process: subprocess.Popen[str], stderr: IO[str], deadline: float) -> str:
    """Read stderr until ``serving ... at http://127.0.0.1:PORT/``."""
    selector = selectors.DefaultSelector()
    selector.register(stderr, selectors.EVENT_READ)
    seen: list[str] = []
    while time.monotonic() < deadline:
        if not selector.select(timeout=1):
            continue
        line = stderr.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith("serving ") and " at http://" in line:
            return line.split(" at ", 1)[1].split()[0]
    pytest.fail(f"ld-events serve did not start (exit {process.poll()}): {''.join(seen)}")


@pytest.fixture(scope="module")
def root(example_site: Path) -> Iterator[str]:
    """The built example site, served with a 1 s query time limit."""
    with serving(example_site, "--query-timeout", str(TIMEOUT)) as url:
        yield url


@pytest.fixture(scope="module")
def endpoint(root: str) -> str:
    return root + "sparql"


def wrapper(endpoint: str, text: str, return_format: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    client.setReturnFormat(return_format)
    return client


def json_answer(endpoint: str, text: str) -> dict[str, Any]:
    answer = wrapper(endpoint, text).query().convert()
    assert isinstance(answer, dict)
    return answer


def saved_text(name: str) -> str:
    """A saved query with its declarations, as any other engine needs it."""
    return prologue(BASE) + SAVED[name].text


def fetch(url: str, data: bytes | None = None, **headers: str) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


# --- SPARQLWrapper ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_queries_as_json(endpoint: str, name: str) -> None:
    answer = wrapper(endpoint, SAVED[name].text).query().response.read()
    assert solution_set(answer) == ld_events_answer(SAVED[name].text)


def test_xml_results(endpoint: str) -> None:
    document: Any = wrapper(endpoint, SAVED["events-per-month"].text, XML).query().convert()
    names = [v.getAttribute("name") for v in document.getElementsByTagName("variable")]
    assert names == ["month", "events"]
    assert len(document.getElementsByTagName("result")) == 3


def test_csv_results(endpoint: str) -> None:
    data = wrapper(endpoint, SAVED["events-per-month"].text, CSV).query().convert()
    assert isinstance(data, bytes)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert rows == [
        {"month": "2021-01", "events": "1"},
        {"month": "2021-04", "events": "1"},
        {"month": "2021-06", "events": "9"},
    ]


def test_construct_as_turtle(endpoint: str) -> None:
    text = "CONSTRUCT { ?event lde:orderedBy ?actor } WHERE { ?event lde:orderedBy ?actor }"
    data = wrapper(endpoint, text, TURTLE).query().convert()
    assert isinstance(data, bytes)
    graph = rdflib.Graph().parse(data=data, format="turtle")
    strike = rdflib.URIRef(BASE + "event/2021-06-27-us-air-strikes-iraq-syria-border/#it")
    assert set(graph) == {
        (strike, rdflib.URIRef(SAVED_NS + "orderedBy"), rdflib.URIRef(BASE + "actor/joe-biden/#it"))
    }


SAVED_NS = "https://w3id.org/ld-events/ns#"


@pytest.mark.parametrize("request_method", ["urlencoded", POSTDIRECTLY])
def test_post(endpoint: str, request_method: str) -> None:
    client = wrapper(endpoint, SAVED["where-by-country"].text)
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    answer = client.query().response.read()
    assert solution_set(answer) == ld_events_answer(SAVED["where-by-country"].text)


def test_update_is_refused(endpoint: str) -> None:
    client = wrapper(endpoint, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    client.setMethod(POST)  # SPARQLWrapper sends it as update=...
    with pytest.raises(QueryBadFormed, match="read-only"):
        client.query()
    as_query = urlencode({"query": "DELETE WHERE { ?s ?p ?o }"})
    status, _, body = fetch(f"{endpoint}?{as_query}")
    assert status == 400
    assert b"error[forbidden-update]" in body
    status, _, body = fetch(
        endpoint,
        b"CLEAR ALL",
        **{"Content-Type": "application/sparql-update"},
    )
    assert (status, b"read-only" in body) == (400, True)
    count = json_answer(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count["results"]["bindings"][0]["n"]["value"]) > 1000  # nothing was deleted


def test_malformed_query_gets_400_with_the_position(endpoint: str) -> None:
    client = wrapper(endpoint, "SELECT ?s WHERE {\n  ?s ?p\n}")
    with pytest.raises(QueryBadFormed, match=r"query:3:\d+: error\[invalid-query\]"):
        client.query()


def test_slow_query_is_stopped_and_the_server_goes_on(endpoint: str) -> None:
    started = time.monotonic()
    status, content_type, body = fetch(f"{endpoint}?{urlencode({'query': EXPENSIVE})}")
    elapsed = time.monotonic() - started
    assert status == 503
    assert content_type.startswith("text/plain")
    assert b"ran longer than the server's limit of 1 s" in body
    assert elapsed < TIMEOUT + 5
    assert json_answer(endpoint, "ASK { ?s lde:orderedBy ?o }")["boolean"] is True


#: From a page on another origin: a GET (a "simple" request) and a POST of the query itself
#: (``application/sparql-query`` is not simple: Chromium asks first, with OPTIONS).
CROSS_ORIGIN_QUERIES = """
async function ask(options, suffix) {
  const answer = await fetch(ENDPOINT + suffix, options);
  return {status: answer.status, body: await answer.json()};
}
async function run() {
  const json = {Accept: "application/sparql-results+json"};
  const query = QUERY;
  const get = await ask({headers: json}, "?query=" + encodeURIComponent(query));
  const post = await ask(
    {method: "POST", headers: {...json, "Content-Type": "application/sparql-query"}, body: query},
    "");
  return {get, post};
}
"""


def test_other_origins_query_in_a_browser(endpoint: str, tmp_path: Path) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    script = CROSS_ORIGIN_QUERIES.replace("ENDPOINT", json.dumps(endpoint))
    answers = tools.run_in_other_origin(script.replace("QUERY", json.dumps(query)), tmp_path)
    expected = json_answer(endpoint, query)["results"]["bindings"]
    for method in ("get", "post"):
        assert answers[method]["status"] == 200, answers
        assert answers[method]["body"]["results"]["bindings"] == expected, method
    assert int(expected[0]["n"]["value"]) > 100


def test_form_page_without_query(endpoint: str) -> None:
    status, content_type, body = fetch(endpoint)
    assert (status, content_type) == (200, "text/html; charset=utf-8")
    page = body.decode("utf-8")
    assert '<form method="get" action="sparql">' in page
    assert 'name="query"' in page
    form = urlencode({"query": SAVED["events-per-month"].text, "format": "csv"})
    status, content_type, body = fetch(f"{endpoint}?{form}")  # what the form submits
    assert (status, content_type) == (200, "text/csv; charset=utf-8")
    assert body.decode("utf-8").splitlines()[0] == "month,events"


def test_other_posts_are_not_queries(endpoint: str, root: str) -> None:
    status, _, _ = fetch(endpoint, b"<a> <b> <c> .", **{"Content-Type": "text/turtle"})
    assert status == 415
    status, _, _ = fetch(root + "index.html", b"x=1")
    assert status == 501  # the static files take no POST


def test_serving_a_project_queries_its_graph(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
    with serving(project) as url:
        text = SAVED["everything-about-an-actor"].text
        answer = wrapper(url + "sparql", text).query().response.read()
    assert solution_set(answer) == ld_events_answer(text)


# --- Comunica --------------------------------------------------------------------------------


def comunica(*args: str) -> bool | set[Any]:
    require(COMUNICA.exists(), f"{COMUNICA} is missing (npm install --prefix .ci/node ...)")
    command = [str(COMUNICA), *args, "-t", "application/sparql-results+json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    answer.pop("metadata", None)
    return solution_set(json.dumps(answer))


def test_comunica_on_the_turtle_dump(root: str) -> None:
    """The dump holds the data only (the vocabularies are ontology/*.ttl): a data-only query."""
    name = "casualties-and-who-reported-them"
    answer = comunica(root + "dump/dataset.ttl", saved_text(name))
    assert answer == ld_events_answer(SAVED[name].text)


def test_comunica_on_the_endpoint(endpoint: str) -> None:
    # Comunica 4.5 reads language-tagged literals of SPARQL JSON results as "..."^^undefined
    # (its data factory does not take sparqljson-parse's {language, direction}), so the query
    # compared here answers with IRIs only.
    name = "who-ordered-and-carried-out-the-strikes"
    answer = comunica(f"sparql@{endpoint}", saved_text(name))
    assert answer == ld_events_answer(SAVED[name].text)


def test_a_browser_gets_the_answer_as_a_table(endpoint: str) -> None:
    """The form submits with GET; Chromium's Accept puts HTML first: a table, not raw XML."""
    query = "SELECT ?event ?label WHERE { ?event a lde:Statement ; rdfs:label ?label }"
    url = endpoint + "?" + urlencode({"query": query})
    dom = tools.dump_dom(url)
    table = re.search(r"<table>.*?</table>", dom, re.S)
    assert table, dom[-2000:]
    body = table.group(0).split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    expected = json_answer(endpoint, query)["results"]["bindings"]
    assert len(rows) == len(expected) > 3
    assert f"<caption>{len(expected)} rows</caption>" in table.group(0)
    assert 'href="event/' in table.group(0)  # the site's things link to their pages
    assert "<textarea" in dom  # the form, with the query again
    assert html.escape(query) in dom
    status, content_type, _ = fetch(url, Accept="*/*")
    assert (status, content_type) == (200, "application/sparql-results+json")
