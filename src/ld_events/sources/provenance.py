"""Where each resource and statement was written: a side channel, never stored as triples.

Extra triples would change what the shapes count, so locations live here, keyed by IRI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, NamedNode, Store

from ld_events.rdf.terms import DATA_GRAPH
from ld_events.report import Location

#: Finds the subjects of one file when first asked: only a project with problems pays for it.
Locator = Callable[[], dict[str, Location]]


@dataclass
class SourceIndex:
    """IRI → where it is defined; (subject, predicate) → where the statement is written.

    Files contribute in reading order, the first location of an IRI winning. A file can
    contribute a locator instead of locations: it runs, in its turn, when a location is first
    looked up.
    """

    _nodes: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)
    _contributions: list[dict[str, Location] | Locator] = field(default_factory=list)

    def update(
        self, nodes: dict[str, Location], statements: dict[tuple[str, str], Location]
    ) -> None:
        self._contributions.append(nodes)
        for key, location in statements.items():
            self.statements.setdefault(key, location)

    def defer(self, locator: Locator) -> None:
        self._contributions.append(locator)

    @property
    def nodes(self) -> dict[str, Location]:
        for contribution in self._contributions:
            found = contribution if isinstance(contribution, dict) else contribution()
            for iri, location in found.items():
                self._nodes.setdefault(iri, location)
        self._contributions.clear()
        return self._nodes

    def locate(self, focus: str, predicate: str | None = None) -> Location | None:
        """The most precise location known: the statement's line, else the node's."""
        if predicate is not None and (focus, predicate) in self.statements:
            return self.statements[(focus, predicate)]
        nodes = self.nodes
        if focus in nodes:
            return nodes[focus]
        document = focus.partition("#")[0]
        return nodes.get(document + "#it")


def locate_in(
    store: Store, index: SourceIndex, focus: NamedNode | BlankNode, predicate: str | None = None
) -> Location | None:
    """Like :meth:`SourceIndex.locate`; for a node no source locates (a blank node, an IRI only
    referred to), where the statement that names it is written, and so on up."""
    for _ in range(64):  # blank nodes nest a few levels; a cycle of them must end
        found = index.locate(focus.value, predicate)
        if found is not None:
            return found
        parent = next(store.quads_for_pattern(None, None, focus, DATA_GRAPH), None)
        if parent is None or not isinstance(parent.subject, NamedNode | BlankNode):
            return None
        focus, predicate = parent.subject, parent.predicate.value
    return None
