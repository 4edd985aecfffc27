"""The ontology and its SKOS schemes: labels, alignments, crosswalks and notations."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ONTOLOGY_DIR = Path(__file__).parents[1] / "ontology"

LDE = Namespace("https://w3id.org/ld-events/ns#")
ACT = Namespace("https://w3id.org/ld-events/action#")
CAMEO = Namespace("https://w3id.org/ld-events/cameo#")
ACLED = Namespace("https://w3id.org/ld-events/acled#")
PLT = Namespace("https://w3id.org/ld-events/place-type#")
MNS = Namespace("https://w3id.org/ld-events/means#")
CAS = Namespace("https://w3id.org/ld-events/casualty-type#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
LODE = Namespace("http://linkedevents.org/ontology/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
TIME = Namespace("http://www.w3.org/2006/time#")
ONTOLOGY_IRI = URIRef("https://w3id.org/ld-events/ns")

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)
SCHEMES = (ACT.scheme, ACT.purposes, CAMEO.scheme, ACLED.scheme, PLT.scheme, MNS.scheme, CAS.scheme)

#: Action types that CAMEO has no code for (see each concept's skos:scopeNote).
NO_CAMEO_CODE = frozenset({ACT.order})

#: The class table of the spec: every lde: class and what it is a subclass of.
CLASS_ALIGNMENTS: dict[URIRef, tuple[URIRef, ...]] = {
    LDE.Event: (SEM.Event, LODE.Event, CRM.E5_Event, SCHEMA.Event, PROV.Activity),
    LDE.EventSeries: (LDE.Event, SCHEMA.EventSeries),
    LDE.Statement: (LDE.Event,),
    LDE.Claim: (PROV.Entity,),
    LDE.Actor: (SEM.Actor, CRM.E39_Actor, PROV.Agent),
    LDE.Person: (LDE.Actor, SCHEMA.Person, CRM.E21_Person, PROV.Person),
    LDE.Organization: (LDE.Actor, SCHEMA.Organization, CRM.E74_Group, PROV.Organization),
    LDE.Group: (LDE.Actor, CRM.E74_Group),
    LDE.Place: (SEM.Place, CRM["E53_Place"], SCHEMA.Place, GEO.Feature, PROV.Location),
    LDE.TimeSpan: (SEM.Time, CRM["E52_Time-Span"], TIME.TemporalEntity),
    LDE.Quantity: (SCHEMA.QuantitativeValue, CRM.E54_Dimension),
    LDE.Source: (PROV.Entity, SCHEMA.CreativeWork, CRM.E31_Document),
}

#: The properties that lde:claimProperty may take (spec), all of which must be defined.
CLAIMABLE = (
    "agent",
    "target",
    "orderedBy",
    "onBehalfOf",
    "place",
    "time",
    "partOf",
    "inResponseTo",
    "purpose",
    "fatalities",
    "injuries",
    "memberCount",
    "actionType",
)


@cache
def load(name: str) -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_DIR / name, format="turtle")
    return graph


@cache
def everything() -> Graph:
    graph = Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def ontology() -> Graph:
    return load("ld-events.ttl")


def lde_terms() -> list[URIRef]:
    graph = ontology()
    terms = {
        subject
        for term_type in TERM_TYPES
        for subject in graph.subjects(RDF.type, term_type)
        if isinstance(subject, URIRef) and subject.startswith(str(LDE))
    }
    return sorted(terms)


def english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    return [
        str(value)
        for value in graph.objects(subject, predicate)
        if isinstance(value, Literal) and value.language == "en"
    ]


def concepts_in(graph: Graph, scheme: URIRef) -> list[URIRef]:
    return sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))


def local_name(iri: URIRef, namespace: Namespace) -> str:
    assert iri.startswith(str(namespace)), iri
    return iri[len(str(namespace)) :]


@pytest.mark.parametrize(
    "name",
    [
        "ld-events.ttl",
        "action-types.ttl",
        "place-types.ttl",
        "cameo.ttl",
        "means.ttl",
        "casualty-types.ttl",
    ],
)
def test_every_file_parses_and_is_not_empty(name: str) -> None:
    assert len(load(name)) > 30


def test_ontology_header() -> None:
    graph = ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    license_iri = URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert (ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license"), license_iri) in graph
    vann = Namespace("http://purl.org/vocab/vann/")
    assert graph.value(ONTOLOGY_IRI, vann.preferredNamespacePrefix) == Literal("lde")
    assert graph.value(ONTOLOGY_IRI, vann.preferredNamespaceUri) == Literal(str(LDE))


def test_all_spec_classes_and_claimable_properties_are_defined() -> None:
    defined = set(lde_terms())
    assert set(CLASS_ALIGNMENTS) <= defined
    assert {LDE[name] for name in CLAIMABLE} <= defined
    assert LDE.claimValue in defined


def test_every_term_has_one_english_label_a_comment_and_is_defined_by_the_ontology() -> None:
    graph = ontology()
    terms = lde_terms()
    assert len(terms) > 40
    for term in terms:
        assert len(english(graph, term, RDFS.label)) == 1, term
        assert english(graph, term, RDFS.comment), term
        assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in graph, term


def test_every_term_has_exactly_one_kind() -> None:
    graph = ontology()
    for term in lde_terms():
        kinds = [t for t in TERM_TYPES if (term, RDF.type, t) in graph]
        assert len(kinds) == 1, (term, kinds)
    assert (LDE.claimValue, RDF.type, RDF.Property) in graph
    assert (LDE.verbatim, RDF.type, OWL.DatatypeProperty) in graph
    assert (LDE.agent, RDF.type, OWL.ObjectProperty) in graph


def test_every_lde_iri_used_in_the_files_is_defined() -> None:
    graph = everything()
    defined = set(lde_terms())
    used = {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(str(LDE))
    }
    assert used <= defined, used - defined


@pytest.mark.parametrize("cls", list(CLASS_ALIGNMENTS))
def test_class_alignments_follow_the_spec(cls: URIRef) -> None:
    graph = ontology()
    assert set(graph.objects(cls, RDFS.subClassOf)) == set(CLASS_ALIGNMENTS[cls])


def test_key_alignments() -> None:
    graph = ontology()
    assert (LDE.Event, RDFS.subClassOf, SEM.Event) in graph
    assert (LDE.Event, RDFS.subClassOf, SCHEMA.Event) in graph
    assert (LDE.Actor, RDFS.subClassOf, SEM.Actor) in graph
    assert (LDE.Place, RDFS.subClassOf, SCHEMA.Place) in graph
    assert (LDE.agent, RDFS.subPropertyOf, LDE.involved) in graph
    assert (LDE.agent, RDFS.subPropertyOf, CRM.P14_carried_out_by) in graph


def test_alignments_are_one_way_and_make_no_domain_or_range_entailments() -> None:
    graph = everything()
    for predicate in (OWL.equivalentClass, OWL.equivalentProperty, RDFS.domain, RDFS.range):
        assert not list(graph.triples((None, predicate, None))), predicate


def test_counts_point_to_wikidata_without_axioms() -> None:
    graph = ontology()
    wd = Namespace("http://www.wikidata.org/entity/")
    assert (LDE.fatalities, RDFS.seeAlso, wd.P1120) in graph
    assert (LDE.injuries, RDFS.seeAlso, wd.P1339) in graph
    assert not list(graph.objects(LDE.fatalities, RDFS.subPropertyOf))


def test_every_action_concept_is_in_a_scheme_with_label_and_notation() -> None:
    graph = load("action-types.ttl")
    act_concepts = [
        c
        for c in graph.subjects(RDF.type, SKOS.Concept)
        if isinstance(c, URIRef) and c.startswith(str(ACT))
    ]
    assert len(act_concepts) >= 20
    for concept in act_concepts:
        assert set(graph.objects(concept, SKOS.inScheme)) & {ACT.scheme, ACT.purposes}, concept
        assert len(english(graph, concept, SKOS.prefLabel)) == 1, concept
        assert english(graph, concept, SKOS.definition), concept
        assert graph.value(concept, SKOS.notation) is not None, concept


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_concept_is_a_top_concept_or_has_a_broader_one_in_its_scheme(
    scheme: URIRef,
) -> None:
    graph = everything()
    concepts = concepts_in(graph, scheme)
    assert concepts
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in graph, concept
        broader = list(graph.objects(concept, SKOS.broader))
        top = (concept, SKOS.topConceptOf, scheme) in graph
        assert top != bool(broader), concept
        for parent in broader:
            assert (parent, SKOS.inScheme, scheme) in graph, (concept, parent)


def test_action_types_have_a_cameo_mapping() -> None:
    graph = load("action-types.ttl")
    for concept in concepts_in(graph, ACT.scheme):
        targets = {o for m in MAPPINGS for o in graph.objects(concept, m)}
        cameo = {t for t in targets if str(t).startswith(str(CAMEO))}
        if concept in NO_CAMEO_CODE:
            assert not cameo, concept
            assert english(graph, concept, SKOS.scopeNote), concept
        else:
            assert cameo, concept


def test_crosswalk_spot_checks() -> None:
    graph = load("action-types.ttl")
    assert (ACT.droneAttack, SKOS.exactMatch, CAMEO["1952"]) in graph
    assert (ACT.roadsideBombing, SKOS.exactMatch, CAMEO["1833"]) in graph
    assert (ACT.claimResponsibility, SKOS.exactMatch, CAMEO["015"]) in graph
    assert (ACT.accuse, SKOS.exactMatch, CAMEO["112"]) in graph
    # ACLED lumps air and drone strikes together: broader than either of ours.
    assert (ACT.airStrike, SKOS.broadMatch, ACLED.AirDroneStrike) in graph
    assert (ACT.droneAttack, SKOS.broadMatch, ACLED.AirDroneStrike) in graph


def test_mapping_targets_are_defined_in_the_cameo_and_acled_schemes() -> None:
    """Every crosswalk target exists: a CAMEO code of cameo.ttl, or an ACLED stand-in concept."""
    mappings = load("action-types.ttl")
    graph = everything()
    targets = {o for m in MAPPINGS for o in mappings.objects(None, m) if isinstance(o, URIRef)}
    assert targets
    for target in targets:
        if target.startswith(str(CAMEO)):
            assert (target, SKOS.inScheme, CAMEO.scheme) in graph, target
            assert graph.value(target, SKOS.notation) == Literal(local_name(target, CAMEO))
        else:
            assert target.startswith(str(ACLED)), target
            assert (target, SKOS.inScheme, ACLED.scheme) in graph, target
        assert (target, RDF.type, SKOS.Concept) in graph, target
        assert english(graph, target, SKOS.prefLabel), target


def test_cameo_concepts_live_only_in_cameo_ttl() -> None:
    """The stand-in scheme is gone: action-types.ttl maps to CAMEO codes, never defines them."""
    graph = load("action-types.ttl")
    assert not list(graph.subjects(SKOS.inScheme, CAMEO.scheme))
    assert (CAMEO.scheme, None, None) not in graph


def test_cameo_codes_nest_like_their_notations() -> None:
    graph = load("cameo.ttl")
    for concept in concepts_in(graph, CAMEO.scheme):
        code = local_name(concept, CAMEO)
        assert code.isdigit(), code
        assert graph.value(concept, SKOS.notation) == Literal(code)
        if len(code) == 2:
            assert (concept, SKOS.topConceptOf, CAMEO.scheme) in graph, code
        else:
            assert set(graph.objects(concept, SKOS.broader)) == {CAMEO[code[:-1]]}, code


def test_mappings_do_not_contradict_each_other() -> None:
    graph = load("action-types.ttl")
    for concept in concepts_in(graph, ACT.scheme):
        by_target = Counter(o for m in MAPPINGS for o in graph.objects(concept, m))
        assert all(n == 1 for n in by_target.values()), (concept, by_target)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_notations_are_unique_within_each_scheme(scheme: URIRef) -> None:
    graph = everything()
    notations = Counter(
        str(n) for c in concepts_in(graph, scheme) for n in graph.objects(c, SKOS.notation)
    )
    assert notations
    assert [n for n, count in notations.items() if count > 1] == []


def test_place_types() -> None:
    graph = load("place-types.ttl")
    expected = {
        "country",
        "region",
        "city",
        "borderRegion",
        "facility",
        "airport",
        "militaryBase",
        "site",
    }
    names = {local_name(c, PLT) for c in concepts_in(graph, PLT.scheme)}
    assert expected <= names
    for concept in concepts_in(graph, PLT.scheme):
        assert len(english(graph, concept, SKOS.prefLabel)) == 1, concept
        assert english(graph, concept, SKOS.definition), concept
        assert graph.value(concept, SKOS.notation) is not None, concept


@pytest.mark.parametrize(
    ("name", "scheme", "expected"),
    [
        ("means.ttl", MNS.scheme, {"aircraft", "drone", "rocket", "missile", "explosive", "ied"}),
        ("casualty-types.ttl", CAS.scheme, {"civilian", "combatant"}),
    ],
)
def test_means_and_casualty_types(name: str, scheme: URIRef, expected: set[str]) -> None:
    """The two schemes a count and an action are described with: labelled, defined, notated."""
    graph = load(name)
    namespace = Namespace(str(scheme).removesuffix("scheme"))
    concepts = concepts_in(graph, scheme)
    assert expected <= {local_name(c, namespace) for c in concepts}
    for concept in concepts:
        assert len(english(graph, concept, SKOS.prefLabel)) == 1, concept
        assert english(graph, concept, SKOS.definition), concept
        assert graph.value(concept, SKOS.notation) is not None, concept
