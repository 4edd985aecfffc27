"""What the data entails by ld-events' own class and property hierarchy, for consumers.

A consumer asking ``?e a lde:Event`` expects every event, not only those typed ``lde:Event``
itself; one asking ``?e lde:involved ?actor`` expects the agents and targets too. So the
published data carries two RDFS consequences (RDF 1.1 Semantics, rules rdfs9 and rdfs7) of the
vocabulary graph's ``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` statements, followed to the
top: every resource has the types above its types, and every value is also given under the
properties above its property.

Only superclasses and super-properties in ld-events' own namespace are followed: the
alignments to other vocabularies (``sem:``, ``crm:``, ``prov:``, ``schema:``, ``lode:``) are in
the ontology for a consumer's reasoner, and materialising them would more than double the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from pyoxigraph import NamedNode, Quad, Store, Triple

from ld_events.rdf.terms import DATA_GRAPH, INFERRED_GRAPH, VOCABULARY_GRAPH
from ld_events.rdf.vocab import LDE, RDF_TYPE, RDFS


class Entailment(StrEnum):
    """What a SPARQL query sees besides what the sources assert (``ld-events query`` and
    ``serve``'s ``/sparql``: ``--entailment``)."""

    #: The asserted triples alone, as the sources say them.
    NONE = "none"
    #: Also what ld-events' own hierarchy entails (below): the published data's reading.
    RDFS = "rdfs"


_TYPE = NamedNode(RDF_TYPE)
_SUBCLASS = NamedNode(RDFS + "subClassOf")
_SUBPROPERTY = NamedNode(RDFS + "subPropertyOf")


@dataclass(frozen=True)
class Hierarchy:
    """Each class's superclasses and each property's super-properties, all the way up."""

    superclasses: dict[NamedNode, tuple[NamedNode, ...]]
    superproperties: dict[NamedNode, tuple[NamedNode, ...]]

    @classmethod
    def of(cls, store: Store, namespace: str = LDE) -> Hierarchy:
        """The hierarchy the vocabulary graph states, keeping the ancestors in ``namespace``."""
        return cls(
            _ancestors(store, _SUBCLASS, namespace), _ancestors(store, _SUBPROPERTY, namespace)
        )

    def entailed(self, triples: Iterable[Triple]) -> Iterator[Triple]:
        """The triples that follow from ``triples`` (possibly some of ``triples`` again)."""
        for triple in triples:
            subject, predicate, value = triple.subject, triple.predicate, triple.object
            if predicate == _TYPE and isinstance(value, NamedNode):
                for superclass in self.superclasses.get(value, ()):
                    yield Triple(subject, _TYPE, superclass)
            for superproperty in self.superproperties.get(predicate, ()):
                yield Triple(subject, superproperty, value)


def _ancestors(
    store: Store, relation: NamedNode, namespace: str
) -> dict[NamedNode, tuple[NamedNode, ...]]:
    parents: dict[NamedNode, set[NamedNode]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, relation, None, VOCABULARY_GRAPH):
        if isinstance(quad.subject, NamedNode) and isinstance(quad.object, NamedNode):
            parents[quad.subject].add(quad.object)
    ancestors = {}
    for term in parents:
        found = _climb(term, parents)
        kept = sorted((a for a in found if a.value.startswith(namespace)), key=str)
        if kept:
            ancestors[term] = tuple(kept)
    return ancestors


def _climb(term: NamedNode, parents: dict[NamedNode, set[NamedNode]]) -> set[NamedNode]:
    found: set[NamedNode] = set()
    stack = list(parents.get(term, ()))
    while stack:
        parent = stack.pop()
        if parent not in found and parent != term:
            found.add(parent)
            stack.extend(parents.get(parent, ()))
    return found


def add_entailments(store: Store) -> int:
    """Put what the data graph entails, and does not state, into the inferred graph.

    Returns how many triples that is. The inferred graph is made anew each time.
    """
    remove_entailments(store)
    hierarchy = Hierarchy.of(store)
    asserted = (quad.triple for quad in store.quads_for_pattern(None, None, None, DATA_GRAPH))
    inferred = {
        triple
        for triple in hierarchy.entailed(asserted)
        if Quad(triple.subject, triple.predicate, triple.object, DATA_GRAPH) not in store
    }
    store.extend(Quad(t.subject, t.predicate, t.object, INFERRED_GRAPH) for t in inferred)
    return len(inferred)


def remove_entailments(store: Store) -> None:
    if INFERRED_GRAPH in store.named_graphs():
        store.remove_graph(INFERRED_GRAPH)
