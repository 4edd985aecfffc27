"""The tool's own validation path gives the same results as pySHACL, the reference.

At run time every shape runs on Oxigraph: the Core shapes compiled to SPARQL
(ld_events.validation.compiler), the dataset-wide SHACL-SPARQL constraints as written
(ld_events.validation.shacl). tests/test_shapes.py checks the shapes themselves in pyshacl and
Jena; this checks that the tool's way of running them gives the same results, field by field:

- on every fixture (one mistake each), through the whole validate stage (diagnostic codes);
- on all fixtures merged, result by result (focus, path, value, shape, severity, message);
- on synthetic projects with random mistakes (triples dropped, objects and predicates swapped
  for other terms of the data), many mistakes per graph, so that constraints interact.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import rdflib
from benchmarks.synthetic import write_project
from pyoxigraph import NamedNode, RdfFormat, Store
from rdflib.namespace import RDF

from ld_events.config import load_config
from ld_events.graph import build_graph
from ld_events.project import load_project
from ld_events.rdf.terms import rdflib_graph
from ld_events.sources.reading import read_sources
from ld_events.validation.compiler import compile_shapes
from ld_events.validation.components import UnsupportedShape
from ld_events.validation.shacl import (
    ShapeResult,
    run_core_shapes,
    run_dataset_constraints,
    run_pyshacl,
)
from tests.test_shapes import FIXTURE_BASE, FIXTURE_IDS, FIXTURES, Fixture, merged_data_graph

CONFIG = f"title: Fixtures\nbase: {FIXTURE_BASE}\nlicense: https://example.org/licence\n"


Found = dict[str, set[tuple[str, str]]]


def validate_fixtures(project: Path) -> Found:
    """All fixtures in one project (each under its own base), through the validate stage."""
    (project / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    for number, fixture in enumerate(FIXTURES):
        (project / f"fixture-{number:03}.ttl").write_text(fixture.renamed_text(), encoding="utf-8")
    loaded = load_project(project)
    assert not loaded.report.has_read_errors(), loaded.report.to_text()
    found: dict[str, set[tuple[str, str]]] = {}
    for diagnostic in loaded.report.diagnostics:
        assert diagnostic.focus is not None, diagnostic
        owner = next(f for f in FIXTURES if diagnostic.focus.startswith(f.base))
        original = FIXTURE_BASE + diagnostic.focus.removeprefix(owner.base)
        found.setdefault(owner.name, set()).add((diagnostic.code, original))
    return found


@pytest.fixture(scope="module")
def results_by_fixture(tmp_path_factory: pytest.TempPathFactory) -> Found:
    return validate_fixtures(tmp_path_factory.mktemp("fixtures"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_tool_gives_the_expected_results(fixture: Fixture, results_by_fixture: Found) -> None:
    assert results_by_fixture.get(fixture.name, set()) == set(fixture.expected)


# -------------------------------------------------------------------------------------------
# Result by result, against pySHACL
# -------------------------------------------------------------------------------------------


def store_of(graph: rdflib.Graph) -> Store:
    store = Store()
    data = graph.serialize(format="nt", encoding="utf-8")
    store.load(data, format=RdfFormat.N_TRIPLES, to_graph=NamedNode("urn:test:data"))
    return store


def comparable(result: ShapeResult) -> ShapeResult:
    """rdflib writes an xsd:dateTime's "Z" as "+00:00": compare such values as instants."""
    value = result.value
    if value is not None and value.endswith("Z") and "T" in value:
        try:
            instant = dt.datetime.fromisoformat(value)
        except ValueError:
            return result
        return replace(result, value=instant.isoformat())
    return result


def differences(ours: Iterable[ShapeResult], reference: Iterable[ShapeResult]) -> str:
    mine = Counter(comparable(r) for r in ours)
    theirs = Counter(comparable(r) for r in reference)
    lines = [f"  only ours: {r}" for r in sorted(mine - theirs, key=str)]
    lines += [f"  only pyshacl: {r}" for r in sorted(theirs - mine, key=str)]
    return "\n".join(lines)


def compare_with_pyshacl(graph: rdflib.Graph) -> tuple[int, str]:
    store = store_of(graph)
    ours = run_core_shapes(store) + run_dataset_constraints(store)
    return len(ours), differences(ours, run_pyshacl(graph))


def test_every_result_field_matches_pyshacl_on_the_fixtures() -> None:
    count, differ = compare_with_pyshacl(merged_data_graph())
    assert count >= len(FIXTURES)  # every invalid fixture reports at least once
    assert not differ, f"the merged fixtures:\n{differ}"


@cache
def synthetic_graph(tmp_root: Path) -> rdflib.Graph:
    """A valid synthetic project's data merged with the vocabularies, as the tool reads it."""
    project = tmp_root / "synthetic"
    write_project(project, 120, "ttl")
    sources = read_sources(load_config(project))
    graph = build_graph(load_config(project), sources.store, sources.index)
    return rdflib_graph([*graph.data_triples(), *graph.vocabulary_triples()])


def mutated(graph: rdflib.Graph, seed: int, mistakes: int) -> rdflib.Graph:
    """The graph with random mistakes, each a dropped triple or a swapped object or predicate."""
    rng = random.Random(seed)
    triples = sorted(graph, key=str)
    data = [t for t in triples if str(t[0]).startswith("https://example.org/bench/")]
    objects = sorted({t[2] for t in triples}, key=str)
    predicates = sorted({t[1] for t in data}, key=str)
    result = rdflib.Graph()
    for triple in triples:
        result.add(triple)
    for subject, predicate, obj in rng.sample(data, mistakes):
        result.remove((subject, predicate, obj))
        kind = rng.choice(("drop", "object", "predicate", "duplicate"))
        if kind == "object":
            result.add((subject, predicate, rng.choice(objects)))
        elif kind == "predicate" and predicate != RDF.type:
            result.add((subject, rng.choice(predicates), obj))
        elif kind == "duplicate":
            result.add((subject, predicate, obj))
            result.add((subject, predicate, rng.choice(objects)))
    return result


@pytest.mark.parametrize("seed", range(6))
def test_every_result_field_matches_pyshacl_on_broken_data(
    seed: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.getbasetemp()
    graph = mutated(synthetic_graph(root), seed, mistakes=60)
    count, differ = compare_with_pyshacl(graph)
    assert count > 0, "sixty mistakes and no result: the mutations did nothing"
    assert not differ, f"seed {seed}:\n{differ}"


def test_the_valid_synthetic_project_has_no_results(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    count, differ = compare_with_pyshacl(synthetic_graph(tmp_path_factory.getbasetemp()))
    assert (count, differ) == (0, "")


# -------------------------------------------------------------------------------------------
# SHACL features the project's shapes do not use yet, against pySHACL
# -------------------------------------------------------------------------------------------

OTHER_FEATURES_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .

ex:Thing a rdfs:Class, sh:NodeShape ;   # an implicit class target
  sh:property [ sh:path ex:name ; sh:minCount 2 ; sh:maxCount 2 ; sh:minLength 3 ;
                sh:maxLength 8 ; sh:languageIn ( "en" "fr" ) ] ,
              [ sh:path [ sh:inversePath ex:owns ] ; sh:maxCount 1 ] ,
              [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:hasValue ex:end ] ,
              [ sh:path ( ex:next [ sh:zeroOrOnePath ex:next ] ) ; sh:nodeKind sh:IRI ;
                sh:qualifiedValueShape [ sh:class ex:Thing ] ; sh:qualifiedMaxCount 1 ] .
ex:Score a sh:PropertyShape ;
  sh:targetSubjectsOf ex:score ;
  sh:path ex:score ;
  sh:and ( [ sh:datatype xsd:integer ] [ sh:minExclusive 0 ] ) ;
  sh:xone ( [ sh:maxExclusive 10 ] [ sh:in ( 100 1000 ) ] ) .
ex:Owned a sh:NodeShape ;
  sh:targetObjectsOf ex:owns ;
  sh:nodeKind sh:BlankNodeOrIRI ;
  sh:or ( [ sh:class ex:Thing ] [ sh:hasValue ex:end ] ) .
"""
OTHER_FEATURES_DATA = """
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a a ex:Thing ; ex:name "alpha"@en, "alpha"@fr ; ex:next ex:b ; ex:score 5 .
ex:b a ex:Thing ; ex:name "b"@en, "beta"@de, "bêta"@fr ; ex:next ex:end ; ex:score 11 .
ex:c a ex:Thing ; ex:name "gamma-ray-burst"@en ; ex:next ex:a, ex:b ; ex:score "7" .
ex:d a ex:Thing ; ex:name "delta"@en, "delta"@fr ; ex:next "end" ; ex:score 100, -3 .
ex:x ex:owns ex:a, ex:end, "a literal", ex:nobody .
ex:y ex:owns ex:a .
"""


def test_other_shacl_features_match_pyshacl() -> None:
    shapes = rdflib.Graph().parse(data=OTHER_FEATURES_SHAPES, format="turtle")
    data = rdflib.Graph().parse(data=OTHER_FEATURES_DATA, format="turtle")
    ours = run_core_shapes(store_of(data), compile_shapes(shapes))
    reference = run_pyshacl(data, shapes)

    # These shapes have no sh:message (each engine words its own), and the results of those
    # nested in ex:Thing come from blank nodes: compare without message and blank shapes.
    def key(result: ShapeResult) -> ShapeResult:
        shape = result.shape if result.shape.startswith("https:") else ""
        return replace(result, shape=shape, message="")

    assert len(reference) >= 10
    assert not differences([key(r) for r in ours], [key(r) for r in reference])


# -------------------------------------------------------------------------------------------
# The compiler refuses what it cannot translate
# -------------------------------------------------------------------------------------------

UNSUPPORTED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true .
"""


def test_an_unsupported_component_is_an_error_naming_the_shape() -> None:
    shapes = rdflib.Graph().parse(data=UNSUPPORTED, format="turtle")
    expected = (
        r"^https://example.org/Shape: sh:closed \(for reference, see "
        r"https://www.w3.org/TR/shacl/#ClosedConstraintComponent\)$"
    )
    with pytest.raises(UnsupportedShape, match=expected):
        compile_shapes(shapes)
