"""What a page read of the graph, recorded as keys, so that a later build knows which pages an
edit touches (an incremental build re-renders exactly the pages whose keys changed).

Three kinds of key, each a one-letter prefix and an IRI:

- ``s<iri>``: the statements about ``iri`` (its outgoing triples);
- ``o<iri>``: which subjects point at ``iri`` (its incoming triples, by any property);
- ``c<iri>``: what the catalog says of ``iri``: its page, its label, its event summary.

A build compares each subject's statements and each catalog entry with the previous build's;
the keys of those that differ are the changed keys (``publish.changes``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store, Triple

SUBJECT, INCOMING, ENTRY = "s", "o", "c"


class Reads:
    """The keys of the page being rendered; records nothing outside :meth:`recording`."""

    __slots__ = ("keys",)

    def __init__(self) -> None:
        self.keys: set[str] | None = None

    def subject(self, iri: str) -> None:
        if self.keys is not None:
            self.keys.add(SUBJECT + iri)

    def incoming(self, iri: str) -> None:
        if self.keys is not None:
            self.keys.add(INCOMING + iri)

    def entry(self, iri: str) -> None:
        if self.keys is not None:
            self.keys.add(ENTRY + iri)

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """Record into a new set for the duration (the caller keeps the set)."""
        outer, self.keys = self.keys, set()
        try:
            yield self.keys
        finally:
            self.keys = outer


class PatternSource(Protocol):
    """What page rendering reads a store with: look-ups by pattern (a Store, or the recorder)."""

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | None,
        predicate: NamedNode | None,
        obj: NamedNode | BlankNode | Literal | Triple | None,
        graph_name: NamedNode | None = None,
    ) -> Iterator[Quad]: ...


class RecordingStore:
    """A store's look-ups by pattern, each recorded: subjects read, objects looked up."""

    def __init__(self, store: Store, reads: Reads) -> None:
        self.store = store
        self.reads = reads

    def quads_for_pattern(
        self,
        subject: NamedNode | BlankNode | None,
        predicate: NamedNode | None,
        obj: NamedNode | BlankNode | Literal | Triple | None,
        graph_name: NamedNode | None = None,
    ) -> Iterator[Quad]:
        if isinstance(subject, NamedNode):
            self.reads.subject(subject.value)
        elif subject is None and isinstance(obj, NamedNode):
            self.reads.incoming(obj.value)
        elif subject is None:
            self.reads.subject("*")  # a scan: the page depends on everything (never in pages)
        return self.store.quads_for_pattern(subject, predicate, obj, graph_name)
