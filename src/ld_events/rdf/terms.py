"""Conversions between Oxigraph and rdflib terms, for the places that need rdflib (pyshacl)."""

from __future__ import annotations

from collections.abc import Iterable

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ld_events.rdf.vocab import XSD_STRING

RdflibTerm = rdflib.URIRef | rdflib.Literal | rdflib.BNode

#: A project's store holds its data and the vocabularies in named graphs, so exports can take
#: the data alone while queries and shapes see all (the union of the graphs). The data is what
#: the sources assert, and what follows from it by ld-events' own class and property hierarchy
#: (``rdf/entailment.py``), kept apart so that each can be told from the other.
DATA_GRAPH = NamedNode("urn:ld-events:data")
INFERRED_GRAPH = NamedNode("urn:ld-events:inferred")
VOCABULARY_GRAPH = NamedNode("urn:ld-events:vocabularies")
#: The types and labels of the resources of the datasets a project links to (``links:``):
#: seen by the shapes and the pages, never published as the project's data.
LINKED_GRAPH = NamedNode("urn:ld-events:linked")
#: The graphs whose triples are published as the project's data.
PUBLISHED_GRAPHS = (DATA_GRAPH, INFERRED_GRAPH)


def to_rdflib(term: NamedNode | BlankNode | Literal | Triple) -> RdflibTerm:
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"RDF-star triple terms are not supported: {term}")


def term_value(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """The IRI, blank node id or lexical form of a term (RDF-star triples have none)."""
    if isinstance(term, Triple):
        raise TypeError(f"RDF-star triple terms are not supported: {term}")
    return term.value


def rdflib_graph(triples: Iterable[Triple]) -> rdflib.Graph:
    """An rdflib copy of the triples; each distinct term is converted once."""
    graph = rdflib.Graph()
    cache: dict[object, RdflibTerm] = {}

    def convert(term: NamedNode | BlankNode | Literal | Triple) -> RdflibTerm:
        converted = cache.get(term)
        if converted is None:
            converted = cache[term] = to_rdflib(term)
        return converted

    context = graph
    graph.addN(
        (convert(t.subject), convert(t.predicate), convert(t.object), context) for t in triples
    )
    return graph
