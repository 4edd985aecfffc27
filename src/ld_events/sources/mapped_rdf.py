"""A mapped row's triples as a coder's claims: the attribution every imported statement has.

The coder is who the mapping names (``dc:creator``): the team or organisation that coded the
rows. A row whose resource is an event gets what a GDELT or ICEWS row gets (docs/importers.md,
"Machine-coded data is a claim"): its coding (``…#coding``, an ``lde:Coding`` associated with the
coder, which used the row's sources), ``lde:codedIn`` that coding, and one ``lde:Claim`` per
coded statement (action type, agent, target, place, time, counts …) claimed by the coder. An
event the mapping gives no label is labelled as coded events are: ``agent: action → target``.
Actors and places the rows describe are ``prov:wasAttributedTo`` the coder. A resource that
several rows describe (an actor, a place) takes what the first row says of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from ld_events.assets import asset_dir
from ld_events.rdf.terms import term_value
from ld_events.rdf.vocab import LDE, PROV, RDF_TYPE, RDFS_LABEL, SCHEMA, SKOS
from ld_events.sources.coded_rdf import term
from ld_events.sources.csvw_metadata import Coder

#: The statements of an event that are claims: those a claim may be about (shapes/claim.ttl).
CLAIMED = (
    "actionType", "agent", "target", "orderedBy", "recommendedBy", "approvedBy", "onBehalfOf",
    "place", "time", "partOf", "inResponseTo", "purpose", "means", "fatalities", "injuries",
    "damage", "memberCount",
)  # fmt: skip
CLAIM_FRAGMENT = {LDE + p: re.sub(r"(?<!^)([A-Z])", r"-\1", p).lower() for p in CLAIMED}
EVENT_CLASSES = frozenset({LDE + "Event", LDE + "EventSeries", LDE + "Statement"})
ATTRIBUTED_CLASSES = frozenset(
    LDE + name for name in ("Actor", "Person", "Organization", "Group", "Place")
)


def concept_labels(language: str) -> dict[str, str]:
    """The name of every action type and CAMEO code, in ``language`` or else English."""
    labels: dict[str, tuple[bool, str]] = {}
    pref_label = SKOS + "prefLabel"
    for name in ("action-types.ttl", "cameo.ttl"):
        for triple in parse(path=asset_dir("ontology") / name, format=RdfFormat.TURTLE):
            obj = triple.object
            if triple.predicate.value != pref_label or not isinstance(obj, Literal):
                continue
            exact = obj.language == language
            if exact or (
                obj.language == "en" and not labels.get(term_value(triple.subject), (0,))[0]
            ):
                labels[term_value(triple.subject)] = (exact, obj.value)
    return {iri: label for iri, (_, label) in labels.items()}


@dataclass
class MappedMinter:
    """Adds the coder's attribution to the rows of one mapped table."""

    coder: Coder
    language: str
    concepts: dict[str, str] = field(default_factory=dict)
    #: Resources described by an earlier row, and the label each was given.
    described: dict[str, str] = field(default_factory=dict)

    @property
    def coder_node(self) -> NamedNode:
        return term(self.coder.iri)

    @property
    def coder_name(self) -> str:
        return self.coder.name or self.coder.iri

    def coder_triples(self) -> list[Triple]:
        """The coder, if the mapping describes it (else a record of the project does)."""
        if not self.coder.name:
            return []
        out = [
            Triple(self.coder_node, term(RDF_TYPE), term(LDE + "Organization")),
            Triple(self.coder_node, term(RDFS_LABEL), Literal(self.coder.name, language="en")),
        ]
        if self.coder.url:
            out.append(Triple(self.coder_node, term(SCHEMA + "url"), NamedNode(self.coder.url)))
        return out

    def row_triples(
        self, subject: NamedNode, triples: list[Triple], row: str
    ) -> tuple[list[Triple], list[NamedNode]]:
        """The row's triples as kept (``row``: "row 3 of data/x.csv"), and what it describes."""
        kept: list[Triple] = []
        types: dict[str, set[str]] = {}
        for triple in triples:
            node = term_value(triple.subject)
            if node != subject.value and node in self.described:
                continue  # described by an earlier row
            kept.append(triple)
            if triple.predicate.value == RDF_TYPE:
                types.setdefault(node, set()).add(term_value(triple.object))
        named = list(dict.fromkeys(term_value(t.subject) for t in kept))
        doc = subject.value.split("#", 1)[0] + "#"
        for node in named:
            if not node.startswith(doc):  # the row's own nodes (…#time) are the row's alone
                self.described[node] = ""
        for triple in kept:
            node = term_value(triple.subject)
            if triple.predicate.value == RDFS_LABEL and self.described.get(node) == "":
                self.described[node] = term_value(triple.object)
        for node, classes in types.items():
            if classes & ATTRIBUTED_CLASSES:
                kept.append(Triple(term(node), term(PROV + "wasAttributedTo"), self.coder_node))
        if types.get(subject.value, set()) & EVENT_CLASSES:
            kept += self.coded_event(subject, kept, row)
        return kept, [term(node) for node in named]

    def coded_event(self, event: NamedNode, triples: list[Triple], row: str) -> list[Triple]:
        """The event's coding and claims, and its label if the mapping gives none."""
        doc = event.value.split("#", 1)[0]
        coding = term(doc + "#coding")
        own = [t for t in triples if t.subject == event]
        sources = [t.object for t in own if t.predicate.value == LDE + "reportedIn"]
        label = Literal(f"{self.coder_name}'s coding of {row}", language="en")
        out = [
            Triple(event, term(LDE + "codedIn"), coding),
            Triple(coding, term(RDF_TYPE), term(LDE + "Coding")),
            Triple(coding, term(RDFS_LABEL), label),
            Triple(coding, term(PROV + "wasAssociatedWith"), self.coder_node),
        ]
        out += [Triple(coding, term(PROV + "used"), source) for source in sources]
        if not any(t.predicate.value == RDFS_LABEL for t in own):
            out.append(Triple(event, term(RDFS_LABEL), self.event_label(event, own)))
        seen: dict[str, int] = {}
        for triple in own:
            fragment = CLAIM_FRAGMENT.get(triple.predicate.value)
            if fragment is None:
                continue
            seen[fragment] = seen.get(fragment, 0) + 1
            suffix = f"-{seen[fragment]}" if seen[fragment] > 1 else ""
            claim = term(f"{doc}#claim-{fragment}{suffix}")
            values = [
                (RDF_TYPE, term(LDE + "Claim")),
                (LDE + "claimant", self.coder_node),
                (LDE + "claimSubject", event),
                (LDE + "claimProperty", triple.predicate),
                (LDE + "claimValue", triple.object),
                (LDE + "codedIn", coding),
            ]
            values += [(LDE + "reportedIn", source) for source in sources]
            out += [Triple(claim, term(p), o) for p, o in values]
        return out

    def event_label(self, event: NamedNode, own: list[Triple]) -> Literal:
        """``agent: action → target``, of what the row says (the parts it lacks left out)."""

        def first(prop: str, names: dict[str, str]) -> str:
            found = [term_value(t.object) for t in own if t.predicate.value == LDE + prop]
            return names.get(found[0], "") if found else ""

        who, whom = first("agent", self.described), first("target", self.described)
        action = first("actionType", self.concepts)
        label = f"{who}: {action}" if who and action else who or action
        label = f"{label} → {whom}" if whom else label
        slug = event.value.split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        return Literal(label or slug, language=self.language)
