"""Where each resource and statement was written: a side channel, never stored as triples.

Extra triples would change what the shapes count, so locations live here, keyed by IRI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ld_events.report import Location


@dataclass
class SourceIndex:
    """IRI → where it is defined; (subject, predicate) → where the statement is written."""

    nodes: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)

    def update(
        self, nodes: dict[str, Location], statements: dict[tuple[str, str], Location]
    ) -> None:
        for iri, location in nodes.items():
            self.nodes.setdefault(iri, location)
        for key, location in statements.items():
            self.statements.setdefault(key, location)

    def locate(self, focus: str, predicate: str | None = None) -> Location | None:
        """The most precise location known: the statement's line, else the node's."""
        if predicate is not None and (focus, predicate) in self.statements:
            return self.statements[(focus, predicate)]
        if focus in self.nodes:
            return self.nodes[focus]
        document = focus.partition("#")[0]
        return self.nodes.get(document + "#it")
