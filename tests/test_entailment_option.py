"""``--entailment none|rdfs``: ``ld-events query`` and ``serve``'s ``/sparql`` see the same graph.

The same queries are run through ``ld-events query`` (in-process, CliRunner) and through a
running ``ld-events serve`` over HTTP, under each setting, and their answers compared as sets of
bindings; the counts are checked against the published dump and the asserted data graph.
"""

from __future__ import annotations

import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.rdf.vocab import LDE
from tests.conftest import EXAMPLE
from tests.test_entailment import count, dump_graph
from tests.test_live_preview import OLD_LABEL, Served, edit
from tests.test_query import Binding, solution_set
from tests.test_sparql_endpoint import fetch, serving

runner = CliRunner()
EVENTS = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a lde:Event }"
ASSERTED_EVENTS = (
    "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <urn:ld-events:data> { ?e a lde:Event } }"
)
QUERIES = {
    "events": EVENTS,
    "involved": "SELECT ?event ?actor WHERE { ?event lde:involved ?actor }",
    "graphs": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "kirby": "SELECT ?type WHERE { <actor/john-kirby/#it> a ?type }",
}
EDITED = 'SELECT ?e WHERE { ?e rdfs:label ?label FILTER(CONTAINS(STR(?label), ", edited")) }'
INFERRED = "urn:ld-events:inferred"


Answer = bool | set[Binding]


def cli_answer(project: Path, text: str, *options: str) -> Answer:
    result = runner.invoke(app, ["query", str(project), text, "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return solution_set(result.stdout)


def http_answer(root: str, text: str) -> Answer:
    url = root + "sparql?" + urllib.parse.urlencode({"query": text})
    status, content_type, body = fetch(url, Accept="application/sparql-results+json")
    assert status == 200, body
    assert content_type.startswith("application/sparql-results+json")
    return solution_set(body)


def rows(answer: Answer) -> list[dict[str, tuple[Any, ...]]]:
    assert isinstance(answer, set)
    return [dict(binding) for binding in answer]


def number(answer: Answer) -> int:
    (row,) = rows(answer)
    kind, value = row["n"]
    assert kind == "integer"
    return int(value)


def graph_names(answer: Answer) -> set[str]:
    return {row["g"][1] for row in rows(answer)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns("_site", ".*"))
    return copy


@pytest.mark.parametrize("entailment", ["rdfs", "none"])
def test_query_and_the_endpoint_answer_alike(
    entailment: str, project: Path, example_site: Path
) -> None:
    option = ("--entailment", entailment)
    expected = {name: cli_answer(project, text, *option) for name, text in QUERIES.items()}
    with serving(project, *option) as root:
        answers = {name: http_answer(root, text) for name, text in QUERIES.items()}
    for name in QUERIES:
        assert answers[name] == expected[name], name
    events = number(expected["events"])
    published = count(dump_graph(example_site), EVENTS)  # what a consumer of the dump counts
    if entailment == "rdfs":
        assert events == published
        assert INFERRED in graph_names(expected["graphs"])
        assert rows(expected["involved"])
    else:
        assert events == number(cli_answer(project, ASSERTED_EVENTS)) < published
        assert INFERRED not in graph_names(expected["graphs"])
        assert rows(expected["involved"]) == []  # no source states lde:involved itself
    kirby = {row["type"][1] for row in rows(expected["kirby"])}
    assert (LDE + "Actor" in kirby) == (entailment == "rdfs")


def test_rdfs_is_the_default() -> None:
    for text in QUERIES.values():
        assert cli_answer(EXAMPLE, text) == cli_answer(EXAMPLE, text, "--entailment", "rdfs")


def test_a_rebuild_keeps_the_endpoints_entailment(project: Path, tmp_path: Path) -> None:
    """serve's rebuilds hand the endpoint a graph under the same setting as its first."""
    served = Served(project, tmp_path / "serve.log", options=("--entailment", "none"))
    try:
        assert "entailment none" in served.output()
        edit(project, OLD_LABEL, OLD_LABEL + ", edited")
        served.wait_for(lambda: rows(http_answer(served.url, EDITED)))
        for text in QUERIES.values():
            assert http_answer(served.url, text) == cli_answer(
                project, text, "--entailment", "none"
            )
    finally:
        served.stop()


def test_a_built_site_has_no_unentailed_graph(example_site: Path) -> None:
    command = ["serve", str(example_site), "--port", "0", "--entailment", "none"]
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert "--entailment none needs the project folder" in result.output
