"""Stage 2, graph: the project's triples and the vocabularies, merged in one store.

Data and vocabularies live in two named graphs of an in-memory Oxigraph store, so exports can
take the data alone while queries and shapes see both (``use_default_graph_as_union``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple

from ld_events.assets import ontology_files
from ld_events.config import Config
from ld_events.rdf.entailment import Entailment, Hierarchy, add_entailments, remove_entailments
from ld_events.rdf.labels import pick_text
from ld_events.rdf.terms import (
    DATA_GRAPH,
    INFERRED_GRAPH,
    LINKED_GRAPH,
    PUBLISHED_GRAPHS,
    VOCABULARY_GRAPH,
)
from ld_events.rdf.vocab import LDE, RDF_TYPE, RDFS_LABEL, SKOS
from ld_events.sources.linked import LinkedData
from ld_events.sources.provenance import SourceIndex

_LABEL = NamedNode(RDFS_LABEL)
_PREF_LABEL = NamedNode(SKOS + "prefLabel")
_TYPE = NamedNode(RDF_TYPE)


@dataclass
class ProjectGraph:
    """The merged graph of a project, with the side-channel index of source locations."""

    config: Config
    store: Store
    index: SourceIndex
    #: The resources of the linked datasets (``links:``), whose classes, labels, sameAs and
    #: coordinates are in the store's linked graph, and a digest of what was read of them.
    linked: frozenset[str] = frozenset()
    linked_digest: str = ""

    def data_triples(self) -> Iterator[Triple]:
        """The published data: what the sources assert, then what follows from it by the
        ontology's hierarchy and is not asserted (``rdf/entailment.py``)."""
        if self._inferred_in_store():  # materialised: the two graphs hold it all
            for graph in PUBLISHED_GRAPHS:
                for quad in self.store.quads_for_pattern(None, None, None, graph):
                    yield quad.triple
            return
        yield from self.asserted_triples()
        seen: set[Triple] = set()
        for triple in self.hierarchy.entailed(self.asserted_triples()):
            quad = Quad(triple.subject, triple.predicate, triple.object, DATA_GRAPH)
            if triple not in seen and quad not in self.store:
                seen.add(triple)
                yield triple

    def asserted_triples(self) -> Iterator[Triple]:
        """What the sources say: the data graph alone."""
        for quad in self.store.quads_for_pattern(None, None, None, DATA_GRAPH):
            yield quad.triple

    def with_entailments(self, triples: list[Triple]) -> list[Triple]:
        """``triples`` (all of some subjects) and the new ones they entail."""
        have = set(triples)
        new = [t for t in dict.fromkeys(self.hierarchy.entailed(triples)) if t not in have]
        return [*triples, *new]

    @cached_property
    def hierarchy(self) -> Hierarchy:
        return Hierarchy.of(self.store)

    def materialise_entailments(self) -> None:
        """Put the entailments in the store's inferred graph, for SPARQL to see (``query``,
        saved queries). Pages are rendered from the store without them: a page shows what the
        sources say (a Person is shown as a Person, not also as an Actor)."""
        add_entailments(self.store)

    def drop_entailments(self) -> None:
        remove_entailments(self.store)

    def entail(self, entailment: Entailment) -> None:
        """Let SPARQL see the graph under ``entailment``: with the inferred graph, or without."""
        if entailment is Entailment.RDFS:
            self.materialise_entailments()
        else:
            self.drop_entailments()

    def _inferred_in_store(self) -> bool:
        return INFERRED_GRAPH in self.store.named_graphs()

    def vocabulary_triples(self) -> Iterator[Triple]:
        for quad in self.store.quads_for_pattern(None, None, None, VOCABULARY_GRAPH):
            yield quad.triple

    def linked_triples(self) -> Iterator[Triple]:
        """What is known of the linked datasets' resources (``sources.linked.KEPT``)."""
        for quad in self.store.quads_for_pattern(None, None, None, LINKED_GRAPH):
            yield quad.triple

    def is_linked_only(self, iri: str) -> bool:
        """A resource of a linked dataset that this project's data says nothing about: its
        shapes are the other dataset's to check."""
        if iri not in self.linked:
            return False
        node = NamedNode(iri)
        return next(self.store.quads_for_pattern(node, None, None, DATA_GRAPH), None) is None

    @cached_property
    def data_size(self) -> int:
        return sum(1 for _ in self.data_triples())

    @cached_property
    def typed_subjects(self) -> list[str]:
        """Every subject with an rdf:type, data and vocabularies (for "did you mean" hints)."""
        quads = self.store.quads_for_pattern(None, _TYPE, None)
        return sorted({q.subject.value for q in quads if isinstance(q.subject, NamedNode)})

    def label(self, iri: str) -> str | None:
        """The best label of a resource: the project language, then English, then any."""
        node = _node(iri)
        if node is None:
            return None
        labels: list[Literal] = []
        for predicate in (_LABEL, _PREF_LABEL):
            labels.extend(
                q.object
                for q in self.store.quads_for_pattern(node, predicate, None)
                if isinstance(q.object, Literal)
            )
        if not labels:
            return None
        return pick_text(labels, self.config.language)

    def types(self, iri: str) -> list[str]:
        """The classes of ``iri`` (an IRI or, as shape results name one, a blank node's id)."""
        node = _node(iri)
        if node is None:
            return []
        return sorted(
            q.object.value
            for q in self.store.quads_for_pattern(node, _TYPE, None)
            if isinstance(q.object, NamedNode)
        )

    def kind_name(self, iri: str) -> str:
        """A class name for messages: 'Event', 'Person', ... ('Resource' if untyped)."""
        names = [t.removeprefix(LDE) for t in self.types(iri) if t.startswith(LDE)]
        return names[0] if names else "Resource"


def _node(name: str) -> NamedNode | BlankNode | None:
    """The subject a shape result names: an IRI, else a blank node's id (a JSON-LD node or a
    Turtle ``[ ]`` without an IRI), else nothing the store can hold."""
    try:
        return NamedNode(name)
    except ValueError:
        pass
    try:
        return BlankNode(name)
    except ValueError:
        return None


def build_graph(
    config: Config, store: Store, index: SourceIndex, linked: LinkedData | None = None
) -> ProjectGraph:
    """The project's graph: the store the sources were read into, plus the vocabularies and
    what is known of the linked datasets' resources."""
    for path in ontology_files():
        store.bulk_load(path=str(path), format=RdfFormat.TURTLE, to_graph=VOCABULARY_GRAPH)
    if linked is None:
        return ProjectGraph(config, store, index)
    store.extend(Quad(t.subject, t.predicate, t.object, LINKED_GRAPH) for t in linked.triples)
    return ProjectGraph(config, store, index, linked.subjects, linked.digest)
