"""A checked ICEWS row as triples: the coded event, its coding and claims, its actors.

IRIs (docs/uris.md, "Coded events"): the event is ``{base}event/icews-{id}/#it`` (the id of
:func:`icews_rows.parse_row`); an actor ``{base}actor/icews-{slug of the actor string}/#it``,
so that ``Citizen (India)`` is one resource however many rows name it, and the country of
``Citizen (India)`` is the actor ``India`` (``icews-india``). ICEWS itself is
``{base}actor/icews/#it``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import ClassVar

from pyoxigraph import NamedNode, Triple

from ld_events.rdf.vocab import CAMEO, LDE, PROV, RDF_TYPE, RDFS_LABEL
from ld_events.sources.coded_rdf import (
    CodedMinter,
    Coder,
    Value,
    day_span,
    slug_part,
    term,
    text,
    typed,
)
from ld_events.sources.icews_rows import IcewsActor, IcewsRow

ICEWS = Coder(
    "icews",
    "ICEWS, the Integrated Crisis Early Warning System",
    "https://doi.org/10.7910/DVN/28075",
)


def actor_slug(name: str) -> str:
    """``icews-`` and the slug of the actor string; a name with no Latin letter or digit (which
    slugs to nothing) by the first 16 hex digits of the SHA-256 of the name."""
    slug = slug_part(name)
    return "icews-" + (slug or hashlib.sha256(name.encode("utf-8")).hexdigest()[:16])


@dataclass
class IcewsMinter(CodedMinter):
    """ICEWS rows into triples."""

    coder: ClassVar[Coder] = ICEWS
    cameo_labels: dict[str, str] = field(default_factory=dict)

    def row_triples(self, row: IcewsRow) -> tuple[NamedNode, list[Triple], list[NamedNode]]:
        """The event, all its triples, and the actors it names."""
        doc = f"{self.base}event/icews-{row.event_id}/"
        out: list[Triple] = []
        agent, target = self.actor(row.agent, out), self.actor(row.target, out)
        coded: dict[str, NamedNode] = {
            "actionType": term(CAMEO + row.cameo),
            "agent": agent,
            "target": target,
            "time": NamedNode(doc + "#time"),
        }
        label = f"{row.agent.name}: {row.action} → {row.target.name}"
        out += self.event_triples(doc, label, coded, self.coding(row), None)
        out += day_span(coded["time"], row.date)
        return NamedNode(doc + "#it"), out, [agent, target]

    def coding(self, row: IcewsRow) -> list[tuple[str, Value]]:
        """What belongs to ICEWS's coding of the row: its story, its intensity."""
        of = f"story {row.story}" if row.story else f"a story of {row.date}"
        values: list[tuple[str, Value]] = [(RDFS_LABEL, text(f"ICEWS's coding of {of}"))]
        if row.intensity is not None:
            values.append((LDE + "goldsteinScale", typed(row.intensity, "decimal")))
        return values

    def actor(self, actor: IcewsActor, out: list[Triple]) -> NamedNode:
        iri = NamedNode(f"{self.base}actor/{actor_slug(actor.name)}/#it")
        if not self.first(iri.value):
            return iri
        values: list[tuple[str, Value]] = [
            (RDF_TYPE, term(LDE + "Actor")),
            (RDFS_LABEL, text(actor.name)),
            (PROV + "wasAttributedTo", self.coder_node),
        ]
        values += [(LDE + "sector", typed(sector, "string")) for sector in actor.sectors]
        if actor.country:
            values.append((LDE + "country", self.actor(IcewsActor(actor.country), out)))
        out += [Triple(iri, term(p), o) for p, o in values]
        return iri
