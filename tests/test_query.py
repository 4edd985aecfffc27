"""`ld-events query` and the saved queries: every output format read back with an independent
parser, the saved queries answered the same by rdflib's engine, their pages in the built site,
and a broken saved query stopping the build before anything is written.

The helpers :func:`solution_set` and :func:`rdflib_answer` are shared with the endpoint and push
tests: they compare answers as sets of bindings, whichever engine gave them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.config import load_config
from ld_events.project import read_project
from ld_events.sparql.query import QueryFormat, prologue, run_text
from ld_events.sparql.saved import SavedQuery, parse_saved_query, read_saved_queries
from tests.conftest import EXAMPLE

runner = CliRunner()
BASE = load_config(EXAMPLE).base
XSD = "http://www.w3.org/2001/XMLSchema#"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"
SAVED = read_saved_queries(EXAMPLE)
SAVED_IDS = [q.name for q in SAVED]

#: The strikes and who carried them out: IRIs, a literal, an unbound value.
STRIKES = """SELECT ?event ?agent ?label WHERE {
  ?event lde:actionType act:airStrike ; rdfs:label ?label .
  OPTIONAL { ?event lde:agent ?agent }
}
ORDER BY ?event"""
STRIKE = BASE + "event/2021-06-27-us-air-strikes-iraq-syria-border/#it"
US_MILITARY = BASE + "actor/us-military/#it"


# --- comparing answers ----------------------------------------------------------------------

_INTEGER_TYPES = "integer int long short byte nonNegativeInteger positiveInteger unsignedInt"
_INTEGERS = {XSD + name for name in _INTEGER_TYPES.split(" ")}
Binding = tuple[tuple[str, tuple[Any, ...]], ...]


def _term(value: dict[str, str]) -> tuple[Any, ...]:
    """One SPARQL JSON term, normalised: Virtuoso's "typed-literal", numbers by value."""
    kind = value["type"]
    if kind == "uri":
        return ("uri", value["value"])
    if kind == "bnode":
        return ("bnode",)  # labels are local to one answer
    if "xml:lang" in value:
        return ("literal", value["value"], "@" + value["xml:lang"].lower())
    datatype = value.get("datatype", XSD + "string")
    if datatype in _INTEGERS:
        return ("integer", int(value["value"]))
    if datatype == XSD + "decimal":
        return ("decimal", Decimal(value["value"]).normalize())
    return ("literal", value["value"], datatype)


def solution_set(data: bytes | str) -> bool | set[Binding]:
    """A SPARQL JSON answer as a set of bindings (or the boolean of an ASK)."""
    answer = json.loads(data)
    if "boolean" in answer:
        return bool(answer["boolean"])
    return {
        tuple(sorted((name, _term(term)) for name, term in row.items()))
        for row in answer["results"]["bindings"]
    }


@cache
def rdflib_graph() -> rdflib.Graph:
    """The example's data and vocabularies in one rdflib graph (what the default graph holds)."""
    graph = read_project(EXAMPLE).graph
    nt = "".join(f"{quad.triple} .\n" for quad in graph.store)
    return rdflib.Graph().parse(data=nt, format="nt")


def rdflib_answer(text: str) -> bool | set[Binding]:
    """rdflib's engine on the same data, with the same declarations, as SPARQL JSON bindings."""
    result = rdflib_graph().query(prologue(BASE) + text)
    data = result.serialize(format="json")
    assert data is not None
    return solution_set(data)


def ld_events_answer(text: str) -> bool | set[Binding]:
    return solution_set(run_text(read_project(EXAMPLE).graph, text, "<test>", QueryFormat.JSON))


def query(*args: str) -> Any:
    return runner.invoke(app, ["query", str(EXAMPLE), *args])


# --- output formats --------------------------------------------------------------------------


def test_json_is_sparql_results_json() -> None:
    result = query(STRIKES, "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["head"]["vars"] == ["event", "agent", "label"]
    rows = answer["results"]["bindings"]
    assert len(rows) == 4
    parent = next(row for row in rows if row["event"]["value"] == STRIKE)
    assert parent["agent"] == {"type": "uri", "value": US_MILITARY}
    assert parent["label"]["xml:lang"] == "en"
    assert sum("agent" not in row for row in rows) == 3  # the sites: unbound, not empty


def test_csv_reads_back_with_the_csv_module() -> None:
    result = query(STRIKES, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["event"] for r in rows] == sorted(r["event"] for r in rows)
    assert {r["agent"] for r in rows} == {US_MILITARY, ""}
    assert any("Iraq–Syria border" in r["label"] for r in rows)


def test_tsv_reads_back_with_the_csv_module() -> None:
    result = query(STRIKES, "--format", "tsv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout), delimiter="\t"))
    assert rows[0] == ["?event", "?agent", "?label"]
    assert f"<{STRIKE}>" in [row[0] for row in rows[1:]]
    assert len(rows) == 5


def test_xml_reads_back_with_elementtree() -> None:
    result = query(STRIKES, "--format", "xml")
    assert result.exit_code == 0, result.output
    root = ET.fromstring(result.stdout)
    names = [v.get("name") for v in root.iter(f"{SPARQL_RESULTS}variable")]
    assert names == ["event", "agent", "label"]
    uris = {u.text for u in root.iter(f"{SPARQL_RESULTS}uri")}
    assert {STRIKE, US_MILITARY} <= uris
    assert len(list(root.iter(f"{SPARQL_RESULTS}result"))) == 4


def test_table_is_aligned_and_compact() -> None:
    result = query(STRIKES)  # table is the default
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header, rule, *rows, count = lines
    assert header.split() == ["event", "agent", "label"]
    assert set(rule) <= {"-", " "}
    assert count == "(4 rows)"
    starts = [header.index("agent"), header.index("label")]
    assert all(rule[i - 2 : i] == "  " for i in starts)  # columns start where the header says
    parent = next(row for row in rows if "us-air-strikes-iraq-syria-border" in row)
    assert parent.startswith("<event/2021-06-27-us-air-strikes-iraq-syria-border/#it>")
    assert parent[starts[0] :].startswith("<actor/us-military/#it>")
    assert "https://" not in result.stdout  # IRIs under the base are shown relative to it


def test_table_uses_prefixes() -> None:
    result = query("SELECT ?type WHERE { <event/2021-06-27-pentagon-statement/#it> a ?type }")
    assert result.exit_code == 0, result.output
    rule = "-" * len("lde:Statement")
    # lde:Event is entailed: a Statement is an Event (rdf/entailment.py).
    assert result.stdout.split() == ["type", rule, "lde:Event", "lde:Statement", "(2", "rows)"]


def test_vocabularies_are_in_the_default_graph() -> None:
    text = "SELECT ?broader WHERE { act:airStrike skos:broader+ ?broader } ORDER BY ?broader"
    result = query(text, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "https://w3id.org/ld-events/action#attack" in result.stdout.splitlines()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ASK { ?s lde:orderedBy ?o }", True), ("ASK { ?s lde:orderedBy ?s }", False)],
)
def test_ask(text: str, expected: bool) -> None:
    as_json = query(text, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout) == {"head": {}, "boolean": expected}
    as_table = query(text)
    assert as_table.stdout.strip() == str(expected).lower()


def test_construct_gives_turtle() -> None:
    text = "CONSTRUCT { ?event lde:agent ?agent } WHERE { ?event lde:agent ?agent }"
    result = query(text)
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="turtle")
    assert (rdflib.URIRef(STRIKE), rdflib.URIRef(LDE_AGENT), rdflib.URIRef(US_MILITARY)) in graph
    assert len(graph) == len(rdflib_graph().query(f"SELECT * {{ ?s <{LDE_AGENT}> ?o }}"))


LDE_AGENT = "https://w3id.org/ld-events/ns#agent"


def test_describe_as_ntriples() -> None:
    result = query("DESCRIBE <actor/us-military/#it>", "--format", "ntriples")
    assert result.exit_code == 0, result.output
    graph = rdflib.Graph().parse(data=result.stdout, format="nt")
    assert (rdflib.URIRef(US_MILITARY), None, None) in graph


def test_describe_as_json_ld() -> None:
    result = query("DESCRIBE <actor/us-military/#it>", "--format", "jsonld")
    assert result.exit_code == 0, result.output
    nquads = jsonld.to_rdf(json.loads(result.stdout), {"format": "application/n-quads"})
    graph = rdflib.Graph().parse(data=nquads, format="nt")
    nt = query("DESCRIBE <actor/us-military/#it>", "--format", "ntriples").stdout
    assert len(graph) == len(rdflib.Graph().parse(data=nt, format="nt")) > 0
    assert (rdflib.URIRef(US_MILITARY), None, None) in graph


def test_solutions_format_for_a_graph_is_refused() -> None:
    result = query("CONSTRUCT WHERE { ?s lde:agent ?o }", "--format", "csv")
    assert result.exit_code == 2
    assert "error[unsuitable-format]" in result.stderr


def test_malformed_query_gives_line_and_column() -> None:
    text = "SELECT ?event WHERE {\n  ?event lde:agent ?agent .\n  BIND(?agent ?x)\n}"
    result = query(text)
    assert result.exit_code == 2
    first, shown, caret, docs = result.stderr.splitlines()
    assert docs == "codes explained in docs/diagnostics.md#invalid-query"
    assert first.startswith("<query>:3:")
    assert "error[invalid-query]" in first
    column = int(first.split(":")[2])
    assert shown == "    BIND(?agent ?x)"
    assert caret.index("^") == column + 1  # under column `column` of the two-space-indented line
    assert "Traceback" not in result.output


def test_column_counts_characters() -> None:
    """The column (and the caret) count characters, as editors do, not UTF-8 bytes."""
    text = 'SELECT * WHERE { ?s rdfs:label "Iraq–Syria, Arbil/أربيل" . BIND(?s ?x) }'
    ascii_text = 'SELECT * WHERE { ?s rdfs:label "Iraq-Syria, Arbil/ABCDE" . BIND(?s ?x) }'
    first, _, caret, _ = query(text).stderr.splitlines()
    ascii_first, _, ascii_caret, _ = query(ascii_text).stderr.splitlines()
    assert first == ascii_first
    assert caret == ascii_caret


def test_undeclared_prefix_is_named() -> None:
    result = query("SELECT * WHERE { ?s foaf:name ?o }")
    assert result.exit_code == 2
    assert "undeclared prefix 'foaf:'" in result.stderr


def test_update_is_refused() -> None:
    result = query("INSERT DATA { <a> <b> <c> }")
    assert result.exit_code == 2
    assert "error[forbidden-update]" in result.stderr


def test_query_from_file_in_the_current_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLE)
    result = runner.invoke(
        app, ["query", "--file", "queries/events-per-month.rq", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert next(csv.reader(io.StringIO(result.stdout))) == ["month", "events"]
    just_text = runner.invoke(app, ["query", "ASK { ?s ?p ?o }"])  # PROJECT left out
    assert just_text.exit_code == 0, just_text.output
    assert just_text.stdout == "true\n"
    long_text = "ASK {\n" + "  ?s ?p ?o .\n" * 40 + "}"  # longer than a file name may be
    assert runner.invoke(app, ["query", long_text]).stdout == "true\n"


# --- saved queries ---------------------------------------------------------------------------


def test_the_example_asks_what_the_issue_asks() -> None:
    assert set(SAVED_IDS) == {
        "who-ordered-and-carried-out-the-strikes",
        "where-by-country",
        "casualties-and-who-reported-them",
        "pentagon-spokesman-statements",
        "attacks-near-erbil",
        "attacks-on-us-interests-in-iraq-2021",
        "events-per-month",
        "everything-about-an-actor",
    }
    for saved in SAVED:
        assert saved.title, saved.path
        assert saved.description, saved.path
        assert "ORDER BY" in saved.text, f"{saved.path}: results must be deterministic"


@pytest.mark.parametrize("saved", SAVED, ids=SAVED_IDS)
def test_saved_query_answers_as_rdflib_does(saved: SavedQuery) -> None:
    ours = ld_events_answer(saved.text)
    assert ours, f"{saved.path} has an empty answer"
    assert ours == rdflib_answer(saved.text)


def test_saved_query_metadata() -> None:
    text = (
        "# title:  Events per month \n# description: How many events\n# fall in each month.\n"
        "#\n# Series are not counted.\nSELECT * {}\n"
    )
    parsed = parse_saved_query("per-month", text)
    assert parsed.title == "Events per month"
    assert parsed.description == ["How many events fall in each month.", "Series are not counted."]
    assert parsed.path == "queries/per-month.rq"


def test_saved_query_pages(example_site: Path) -> None:
    listing = (example_site / "queries" / "index.html").read_text(encoding="utf-8")
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'href="(\./)?queries/"', home)  # the menu links to the queries
    for saved in SAVED:
        folder = example_site / "queries" / saved.name
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'href="{saved.name}/"' in listing
        assert saved.title.replace('"', "&#34;") in page
        answer = (folder / "results.json").read_bytes()
        assert solution_set(answer) == ld_events_answer(saved.text)
        rows = list(csv.reader(io.StringIO((folder / "results.csv").read_text(encoding="utf-8"))))
        assert len(rows) == len(json.loads(answer)["results"]["bindings"]) + 1
        assert (folder / "query.rq").read_text(encoding="utf-8").endswith(saved.text)


def test_saved_query_page_links_resources_by_label(example_site: Path) -> None:
    page = example_site / "queries" / "who-ordered-and-carried-out-the-strikes" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<a href="../../actor/joe-biden/">Joe Biden</a>' in html
    assert "lde:orderedBy" in html  # a vocabulary term: no page, shown compact


def copy_example(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
    return project


def test_broken_saved_query_stops_the_build(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    (project / "queries" / "broken.rq").write_text(
        "# title: Broken\nSELECT ?event WHERE {\n  ?event lde:agent ?agent .\n"
        "  BIND(?agent ?x)\n}\n",
        encoding="utf-8",
    )
    (project / "queries" / "untitled.rq").write_text("SELECT * {}\n", encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(project), "--out", str(out)])
    assert result.exit_code == 2, result.output
    # the build's stages ("[  0.1 s] reading the sources…"), then the problems
    lines = [line for line in result.stderr.splitlines() if not line.startswith("[")]
    assert lines[0].startswith("queries/broken.rq:4:18: error[invalid-query]"), result.stderr
    assert any(
        line.startswith("queries/untitled.rq:1:1: error[missing-query-title]") for line in lines
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [project]  # no staging folder either
