"""What the published data entails (issue #14): every event is an lde:Event, every agent is
involved, and VoID counts what a consumer counts in the dump.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, VOID
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.rdf.entailment import Hierarchy
from ld_events.rdf.terms import VOCABULARY_GRAPH
from ld_events.rdf.vocab import LDE, WD
from tests.conftest import EXAMPLE

LDE_NS = rdflib.Namespace(LDE)
DATASET = rdflib.URIRef("https://example.org/iraq-syria-2021/void.ttl#dataset")
runner = CliRunner()


def dump_graph(site: Path) -> rdflib.Graph:
    data = gzip.decompress((site / "dump" / "dataset.nt.gz").read_bytes())
    return rdflib.Graph().parse(data=data, format="nt")


def count(graph: rdflib.Graph, query: str) -> int:
    (row,) = graph.query(query, initNs={"lde": LDE_NS})
    assert isinstance(row, tuple)
    value = row[0]
    assert isinstance(value, rdflib.Literal)
    return int(value)


def test_every_event_of_the_dump_is_an_event(example_site: Path) -> None:
    dump = dump_graph(example_site)
    events = count(dump, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a lde:Event }")
    assert events == 16  # 7 typed lde:Event, 8 lde:Statement, 1 lde:EventSeries
    typed_event = set(dump.subjects(RDF.type, LDE_NS.Event))
    statements = set(dump.subjects(RDF.type, LDE_NS.Statement))
    assert statements
    assert statements <= typed_event


def test_agents_targets_and_orders_are_involved(example_site: Path) -> None:
    dump = dump_graph(example_site)
    for sub_property in ("agent", "target", "orderedBy", "onBehalfOf"):
        pairs = set(dump.subject_objects(LDE_NS[sub_property]))
        assert pairs, sub_property
        assert pairs <= set(dump.subject_objects(LDE_NS.involved)), sub_property


def test_pages_show_what_the_sources_say(example_site: Path) -> None:
    """A Person's page calls them a Person, not an Actor; its data says both."""
    folder = example_site / "actor" / "joe-biden"
    assert '<p class="kind">Person</p>' in (folder / "index.html").read_text("utf-8")
    data = rdflib.Graph().parse(folder / "data.ttl")
    thing = rdflib.URIRef("https://example.org/iraq-syria-2021/actor/joe-biden/#it")
    assert {LDE_NS.Person, LDE_NS.Actor} <= set(data.objects(thing, RDF.type))


def integer(graph: rdflib.Graph, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> int:
    value = graph.value(subject, predicate)
    assert isinstance(value, rdflib.Literal), (subject, predicate)
    return int(value)


def test_void_counts_are_the_dumps(example_site: Path) -> None:
    dump = dump_graph(example_site)
    void = rdflib.Graph().parse(example_site / "void.ttl")
    dataset = DATASET
    assert integer(void, dataset, VOID.triples) == len(dump)
    subjects = {s for s in dump.subjects() if isinstance(s, rdflib.URIRef)}
    assert integer(void, dataset, VOID.entities) == len(subjects)
    partitions = list(void.objects(dataset, VOID.classPartition))
    assert len(partitions) > 5
    for partition in partitions:
        cls = void.value(partition, VOID["class"])
        members = set(dump.subjects(RDF.type, cls))
        assert integer(void, partition, VOID.entities) == len(members), cls


def test_query_sees_the_published_data() -> None:
    """`ld-events query` answers over the project as the dumps and /sparql do."""
    result = runner.invoke(
        app,
        ["query", str(EXAMPLE), "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a lde:Event }"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[2] == "16"


def hierarchy_of(turtle: str) -> Hierarchy:
    store = ox.Store()
    store.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=VOCABULARY_GRAPH)
    return Hierarchy.of(store, namespace="urn:own:")


PREFIXES = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix o: <urn:own:> ."


def test_the_hierarchy_is_followed_to_the_top_within_its_namespace() -> None:
    hierarchy = hierarchy_of(
        PREFIXES + "o:A rdfs:subClassOf o:B . o:B rdfs:subClassOf o:C, <urn:other:X> ."
        "o:C rdfs:subClassOf o:A . o:p rdfs:subPropertyOf o:q . o:q rdfs:subPropertyOf o:r ."
    )
    a, b, c = (ox.NamedNode(f"urn:own:{n}") for n in "ABC")
    assert hierarchy.superclasses[a] == (b, c)  # the cycle back to A is no superclass of A
    assert hierarchy.superclasses[b] == (a, c)
    p, q, r = (ox.NamedNode(f"urn:own:{n}") for n in "pqr")
    assert hierarchy.superproperties[p] == (q, r)
    thing, value = ox.NamedNode("urn:x"), ox.Literal("v")
    entailed = set(hierarchy.entailed([ox.Triple(thing, p, value)]))
    assert entailed == {ox.Triple(thing, q, value), ox.Triple(thing, r, value)}
    typed = set(hierarchy.entailed([ox.Triple(thing, ox.NamedNode(str(RDF.type)), a)]))
    assert {t.object for t in typed} == {b, c}


def test_void_names_every_vocabulary_and_link_the_dump_uses(example_site: Path) -> None:
    dump = dump_graph(example_site)
    void = rdflib.Graph().parse(example_site / "void.ttl")
    dataset = DATASET
    listed = {str(v) for v in void.objects(dataset, VOID.vocabulary)}
    terms = {str(p) for p in dump.predicates()} | {str(c) for c in dump.objects(None, RDF.type)}
    for namespace in listed:
        assert any(term.startswith(namespace) for term in terms), f"{namespace} is not used"
    for namespace in (str(RDF), str(rdflib.RDFS), LDE, "http://www.w3.org/2003/01/geo/wgs84_pos#"):
        assert namespace in listed
    (linkset,) = void.objects(dataset, VOID.subset)
    predicate = void.value(linkset, VOID.linkPredicate)
    assert isinstance(predicate, rdflib.URIRef)
    links = [o for o in dump.objects(None, predicate) if str(o).startswith(WD)]
    assert integer(void, linkset, VOID.triples) == len(links) > 5
