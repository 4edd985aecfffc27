"""The vocabulary page: the ontology's terms, the SKOS schemes and the shapes, for readers."""

from __future__ import annotations

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from ld_events.assets import shapes_files
from ld_events.graph import ProjectGraph
from ld_events.layout import KIND_BY_NAME, SHAPES, relative
from ld_events.publish.contexts import Download, Link, PageInfo, SiteInfo, VocabularyPage
from ld_events.publish.gather import Gatherer
from ld_events.publish.vocabulary_values import Concept, Rule, Scheme, ShapeRules, Term
from ld_events.rdf.context import load_context
from ld_events.rdf.iris import curie
from ld_events.rdf.labels import pick_text
from ld_events.rdf.terms import rdflib_graph
from ld_events.rdf.vocab import (
    ACLED,
    ACT,
    CAMEO,
    CAS,
    CTRY,
    LDE,
    MNS,
    ONTOLOGY_IRI,
    PLT,
    SCHEMA,
    SHP,
)
from ld_events.translations import N_
from ld_events.validation.shacl import shapes_graph

SCHEMES = [
    (ACT + "scheme", N_("Action types")),
    (ACT + "purposes", N_("Purposes")),
    (PLT + "scheme", N_("Place types")),
    (MNS + "scheme", N_("Means")),
    (CAS + "scheme", N_("Casualty types")),
    (CAMEO + "scheme", N_("CAMEO event codes")),
    (ACLED + "scheme", N_("ACLED event types (stand-in scheme)")),
    (CTRY + "scheme", N_("Countries")),
]
#: Schemes too long for the page: the table shows their top concepts, and links to the listing
#: of every concept (the kind of page their concepts have).
LONG_SCHEMES = {CAMEO + "scheme": "cameo"}
#: What the page says of a scheme, before its table.
SCHEME_NOTES = [
    (SKOS.definition, ""),
    (DCTERMS.bibliographicCitation, N_("Cite as: ")),
    (DCTERMS.rights, N_("Credits: ")),
]
MAPPINGS = [SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch]


def vocabulary_page(
    graph: ProjectGraph, gather: Gatherer, site: SiteInfo, page: PageInfo, here: str
) -> VocabularyPage:
    """The vocabulary page's context; ``here`` is its folder (links to concepts are relative)."""
    vocab = rdflib_graph(graph.vocabulary_triples())
    return VocabularyPage(
        site=site,
        page=page,
        ontology_iri=ONTOLOGY_IRI,
        classes=_terms(vocab, OWL.Class, RDFS.subClassOf),
        properties=_terms(vocab, None, RDFS.subPropertyOf),
        schemes=[
            _scheme(vocab, gather, iri, gather.catalog.words(label), here) for iri, label in SCHEMES
        ],
        shapes=_shapes(),
        shape_files=[
            Download(relative(here, "") + f"{SHAPES}/{path.name}", path.stem)
            for path in shapes_files()
        ],
    )


def _curie(iri: object) -> str:
    return curie(str(iri), load_context().prefixes) or str(iri)


def _text(graph: rdflib.Graph, subject: object, predicate: rdflib.URIRef) -> str:
    values = [v for v in graph.objects(subject, predicate) if isinstance(v, rdflib.Literal)]  # type: ignore[arg-type]
    return pick_text(values, "en") or ""


def _terms(graph: rdflib.Graph, kind: rdflib.URIRef | None, parent: rdflib.URIRef) -> list[Term]:
    if kind is not None:
        subjects = set(graph.subjects(RDF.type, kind))
    else:
        subjects = set(graph.subjects(RDF.type, OWL.ObjectProperty))
        subjects |= set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        subjects |= set(graph.subjects(RDF.type, RDF.Property))
    terms = []
    for subject in sorted((s for s in subjects if str(s).startswith(LDE)), key=str):
        terms.append(
            Term(
                anchor=str(subject).removeprefix(LDE),
                label=_text(graph, subject, RDFS.label),
                curie=_curie(subject),
                comment=_text(graph, subject, RDFS.comment),
                parents=sorted(_curie(p) for p in graph.objects(subject, parent)),
                domain=sorted(
                    _curie(d)
                    for d in graph.objects(subject, rdflib.URIRef(SCHEMA + "domainIncludes"))
                ),
                range=sorted(
                    _curie(r)
                    for r in graph.objects(subject, rdflib.URIRef(SCHEMA + "rangeIncludes"))
                ),
            )
        )
    return terms


def _scheme(graph: rdflib.Graph, gather: Gatherer, scheme: str, label: str, here: str) -> Scheme:
    node = rdflib.URIRef(scheme)
    concepts = sorted(graph.subjects(SKOS.inScheme, node), key=str)
    everything = None
    if scheme in LONG_SCHEMES:
        kind = KIND_BY_NAME[LONG_SCHEMES[scheme]]
        words = gather.catalog.words
        text = words("All %(count)s %(label)s", count=words.number(len(concepts)), label=label)
        everything = Link(text, relative(here, f"{kind.listing}/"))
        concepts = sorted(graph.subjects(SKOS.topConceptOf, node), key=str)
    return Scheme(
        label=label,
        anchor=_curie(scheme).replace(":", "-"),
        notes=[
            f"{gather.catalog.words(prefix) if prefix else ''}{_text(graph, node, p)}"
            for p, prefix in SCHEME_NOTES
            if _text(graph, node, p)
        ],
        licenses=[
            Link(str(i), str(i)) for i in sorted(graph.objects(node, DCTERMS.license), key=str)
        ],
        everything=everything,
        concepts=[
            Concept(
                link=gather.link(str(c), here),
                notation=_text(graph, c, SKOS.notation),
                definition=_text(graph, c, SKOS.definition),
                mappings=[
                    _mapping(m, kind)
                    for kind in MAPPINGS
                    for m in sorted(graph.objects(c, kind), key=str)
                ],
            )
            for c in concepts
        ],
    )


def _mapping(target: object, kind: rdflib.URIRef) -> str:
    """'cameo 195 (exactMatch)': scheme prefix, code, and how close the match is."""
    prefix, _, local = _curie(target).partition(":")
    return f"{prefix} {local or target} ({_curie(kind).split(':')[1]})"


def _shapes() -> list[ShapeRules]:
    shapes = shapes_graph()
    code = rdflib.URIRef(SHP + "code")
    by_target: dict[str, list[Rule]] = {}
    for shape in sorted(shapes.subjects(code, None), key=str):
        target = _target(shapes, shape)
        severity = shapes.value(shape, SH.severity)
        rule = Rule(
            severity="warning" if severity == SH.Warning else "error",
            code=str(shapes.value(shape, code)),
            message=_text(shapes, shape, SH.message),
        )
        by_target.setdefault(target, []).append(rule)
    return [
        ShapeRules(target, sorted(set(rules), key=lambda r: (r.severity, r.code, r.message)))
        for target, rules in sorted(by_target.items())
    ]


def _target(shapes: rdflib.Graph, shape: rdflib.term.Node) -> str:
    """The class a shape checks, following sh:property back to its node shape."""
    for node in [shape, *shapes.subjects(SH.property, shape)]:
        for predicate in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf):
            target = shapes.value(node, predicate)
            if target is not None:
                prefix = "" if predicate == SH.targetClass else "Anything with "
                return f"{prefix}{_curie(target).removeprefix('lde:')}"
    return "Other rules"
