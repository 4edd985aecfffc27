"""Split the data into shards that validate independently: bounded memory, every core used.

A shard holds the statements of a batch of documents (a record and the nodes it owns), plus
what the shapes look at beyond them: the statements of every node they point to (so class and
located-parent checks see the target) and of every event they are part of, transitively (so
inherited dates and partOf cycles are seen). Results are kept only for the shard's own nodes,
so a neighbour is reported once, by the shard it belongs to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from pyoxigraph import NamedNode, Store, Triple

from ld_events.graph import DATA_GRAPH
from ld_events.vocab import LDE

#: Shards are as large as memory allows (each re-validates its neighbours, so fewer is faster):
#: one per worker, within these bounds (20,000 documents make an rdflib graph of ~350 MB).
MIN_DOCUMENTS, MAX_DOCUMENTS = 2_000, 20_000
_PART_OF = LDE + "partOf"


@dataclass(frozen=True)
class Shard:
    """The triples to validate, and the subjects whose results belong to this shard."""

    triples: list[Triple]
    own: frozenset[str]


def documents(store: Store) -> dict[str, list[str]]:
    """Subjects of the data graph grouped by document (the IRI without its fragment)."""
    grouped: dict[str, set[str]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, None, None, DATA_GRAPH):
        subject = quad.subject
        if isinstance(subject, NamedNode):
            grouped[subject.value.partition("#")[0]].add(subject.value)
    return {document: sorted(subjects) for document, subjects in grouped.items()}


def shard_size(documents: int, workers: int) -> int:
    wanted = -(-documents // workers)
    return max(MIN_DOCUMENTS, min(MAX_DOCUMENTS, wanted))


def plan(store: Store, workers: int) -> list[list[str]]:
    """The subjects of each shard: only names, so the parent never holds all shards at once."""
    grouped = documents(store)
    names = sorted(grouped)
    size = shard_size(len(names), workers)
    return [
        [s for name in names[start : start + size] for s in grouped[name]]
        for start in range(0, len(names), size)
    ]


def shard(store: Store, own: list[str]) -> Shard:
    included = set(own)
    triples = [t for subject in own for t in _outgoing(store, subject)]
    pending = {
        t.object.value
        for t in triples
        if isinstance(t.object, NamedNode) and t.object.value not in included
    }
    while pending:
        subject = pending.pop()
        included.add(subject)
        for triple in _outgoing(store, subject):
            triples.append(triple)
            target = triple.object
            if (
                triple.predicate.value == _PART_OF
                and isinstance(target, NamedNode)
                and target.value not in included
            ):
                pending.add(target.value)  # ancestors, transitively: inherited dates, cycles
    return Shard(triples, frozenset(own))


def _outgoing(store: Store, subject: str) -> Iterator[Triple]:
    for quad in store.quads_for_pattern(NamedNode(subject), None, None, DATA_GRAPH):
        yield quad.triple
