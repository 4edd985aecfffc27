"""The founding example validates and exports a faithful, parseable graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from ld_events.cli import app
from tests.conftest import EXAMPLE
from tests.tools import rapper_count, riot_validate

LDE = rdflib.Namespace("https://w3id.org/ld-events/ns#")
WD = rdflib.Namespace("http://www.wikidata.org/entity/")
GEO_WITHIN = rdflib.URIRef("http://www.opengis.net/ont/geosparql#sfWithin")
runner = CliRunner()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "dataset.ttl"
    result = runner.invoke(app, ["export", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def graph(exported: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(exported, format="turtle")


def test_example_validates() -> None:
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "valid: 0 errors" in result.output


def test_json_report_matches_text_report() -> None:
    text = runner.invoke(app, ["validate", str(EXAMPLE)])
    data = runner.invoke(app, ["validate", str(EXAMPLE), "--format", "json"])
    report = json.loads(data.stdout)
    assert report["valid"] is True
    assert report["errors"] == 0
    for item in report["diagnostics"]:
        assert item["code"] in text.output
        assert f"{item['location']['path']}:{item['location']['line']}" in text.output


def test_rapper_parses_export(exported: Path, graph: rdflib.Graph) -> None:
    assert rapper_count(exported) == len(graph)


def test_jena_riot_accepts_every_export_format(tmp_path: Path) -> None:
    paths = []
    for fmt in ("ttl", "nt"):
        out = tmp_path / f"dataset.{fmt}"
        result = runner.invoke(app, ["export", str(EXAMPLE), "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
        paths.append(out)
    riot_validate(*paths)


def test_at_least_eight_events(graph: rdflib.Graph) -> None:
    event_types = {LDE.Event, LDE.EventSeries, LDE.Statement}
    events = {s for t in event_types for s in graph.subjects(rdflib.RDF.type, t)}
    assert len(events) >= 8


def _strike(graph: rdflib.Graph) -> rdflib.URIRef:
    air_strike = rdflib.URIRef("https://w3id.org/ld-events/action#airStrike")
    strikes = [
        str(e)
        for e in graph.subjects(LDE.actionType, air_strike)
        if (e, LDE.partOf, None) not in graph
    ]
    assert len(strikes) == 1, strikes
    return rdflib.URIRef(strikes[0])


def test_strike_is_dated_2021_06_27(graph: rdflib.Graph) -> None:
    time = graph.value(_strike(graph), LDE.time)
    assert str(graph.value(time, LDE.earliestStart)) == "2021-06-27"


def test_strike_sites_lie_in_syria_and_iraq(graph: rdflib.Graph) -> None:
    strike = _strike(graph)
    countries: set[rdflib.term.Node] = set()
    for site_event in graph.subjects(LDE.partOf, strike):
        for place in graph.objects(site_event, LDE.place):
            for country in graph.objects(place, GEO_WITHIN):
                countries.update(graph.objects(country, rdflib.URIRef("http://schema.org/sameAs")))
    assert {WD.Q858, WD.Q796} <= countries


def test_casualty_figure_is_attributed_to_sohr(graph: rdflib.Graph) -> None:
    strike = _strike(graph)
    claimants = set()
    for claim in graph.subjects(LDE.claimSubject, strike):
        if graph.value(claim, LDE.claimProperty) == LDE.fatalities:
            claimant = graph.value(claim, LDE.claimant)
            claimants.add(str(graph.value(claimant, rdflib.RDFS.label)))
    assert "Syrian Observatory for Human Rights" in claimants
