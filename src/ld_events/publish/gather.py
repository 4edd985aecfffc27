"""Gather what one resource page shows, from the store: labelled facts, claims, back-links.

Each function works on one resource with a handful of indexed store look-ups, so pages can be
rendered independently (and in parallel) without re-reading the whole graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ld_events.layout import list_page_folder, relative
from ld_events.publish.catalog import Catalog, EventSummary, event_bounds
from ld_events.publish.contexts import (
    ClaimGroup,
    ClaimView,
    CodingLink,
    EventList,
    EventRow,
    Fact,
    Link,
    Pager,
)
from ld_events.publish.fact_tables import SHOWN_ELSEWHERE
from ld_events.publish.paging import pager
from ld_events.publish.reads import PatternSource
from ld_events.publish.wording import Bounds, Count, describe_bounds, describe_count, describe_date
from ld_events.rdf.labels import in_language
from ld_events.rdf.vocab import (
    CTRY,
    LDE,
    PROV,
    RDF_TYPE,
    RDFS,
    SKOS,
    XSD,
)
from ld_events.translations import N_

PAGE_SIZE = 50


@dataclass
class Gatherer:
    """Reads one resource at a time from the store; links are relative to ``here``."""

    #: The store, through ``publish.reads.RecordingStore`` when a build records reads.
    store: PatternSource
    catalog: Catalog
    vocabulary_labels: dict[str, str]
    _outgoing: dict[str, dict[str, list[NamedNode | Literal]]] = field(default_factory=dict)
    _links: dict[tuple[str, int], Link] = field(default_factory=dict)

    # -- values ----------------------------------------------------------------------------------

    def outgoing(self, subject: str) -> dict[str, list[NamedNode | Literal]]:
        """Every statement about ``subject``, by predicate: one store look-up, then cached."""
        self.catalog.reads.subject(subject)  # recorded on a cache hit too
        cached = self._outgoing.get(subject)
        if cached is not None:
            return cached
        by_predicate: dict[str, set[NamedNode | Literal]] = defaultdict(set)
        for quad in self.store.quads_for_pattern(NamedNode(subject), None, None):
            value = quad.object  # each attribute read makes a new Python object: read once
            if isinstance(value, (NamedNode, Literal)):
                by_predicate[quad.predicate.value].add(value)
        result = {p: sorted(values, key=str) for p, values in by_predicate.items()}
        if len(self._outgoing) > 20_000:
            self._outgoing.clear()  # bounded: pages only revisit their neighbours
        self._outgoing[subject] = result
        return result

    def objects(self, subject: str, predicate: str) -> list[NamedNode | Literal]:
        return self.outgoing(subject).get(predicate, [])

    def subjects(self, predicate: str, obj: str) -> list[str]:
        quads = self.store.quads_for_pattern(None, NamedNode(predicate), NamedNode(obj))
        found = sorted({q.subject.value for q in quads if isinstance(q.subject, NamedNode)})
        # A new link to ``obj`` changes its subject and ``obj``'s incoming key; a link taken
        # away changes its subject, one of these.
        reads = self.catalog.reads
        reads.incoming(obj)
        for subject in found:
            reads.subject(subject)
        return found

    def text(self, subject: str, predicate: str) -> list[Link]:
        literals = [v for v in self.objects(subject, predicate) if isinstance(v, Literal)]
        preferred = in_language(literals, self.catalog.languages)
        return [Link(v.value, language=v.language) for v in preferred]

    def link(self, iri: str, here: str) -> Link:
        """A link to ``iri`` from a page in folder ``here``: made once per folder depth, as
        the same actors, places and events are linked from page after page."""
        self.catalog.reads.entry(iri)  # recorded on a cache hit too
        key = (iri, here.count("/"))
        found = self._links.get(key)
        if found is None:
            if len(self._links) > 50_000:
                self._links.clear()  # bounded, like the statements
            found = self._links[key] = self._new_link(iri, here)
        return found

    def _new_link(self, iri: str, here: str) -> Link:
        catalog = self.catalog
        resource = catalog.page_of(iri)
        language = catalog.label_language(iri)
        if resource is not None:
            return Link(catalog.label(iri), relative(here, resource.path), language=language)
        label = catalog.label_of(iri)
        if not label and iri in self.vocabulary_labels:
            label, language = self.vocabulary_labels[iri], "en"  # the vocabularies': English
        if label and iri.startswith(CTRY):  # a country of the table: no page, its Wikidata item
            matches = self.objects(iri, SKOS + "exactMatch")
            return Link(label, matches[0].value if matches else None, language=language)
        if label:
            href = catalog.linked_document(iri) or iri
            return Link(label, href if href.startswith("http") else None, language=language)
        return Link(catalog.readable(iri), iri if iri.startswith("http") else None)

    def value_links(self, subject: str, predicate: str, here: str) -> list[Link]:
        return self.links(self.objects(subject, predicate), here)

    def links(self, values: list[NamedNode | Literal], here: str) -> list[Link]:
        links = []
        for value in values:
            if isinstance(value, Literal):
                links.append(self.literal(value))
            elif self.catalog.has_page(value.value):  # a page: no need to read its types
                links.append(self.link(value.value, here))
            elif self._is_a(value.value, "Quantity"):
                links.append(self.quantity(value.value))
            elif self._is_a(value.value, "TimeSpan"):
                links.append(self.timespan(value.value, here))
            else:
                links.append(self.link(value.value, here))
        return links

    def literal(self, value: Literal) -> Link:
        if when := describe_date(value.value, value.datatype.value, self.catalog.words):
            return Link(when)
        if value.datatype.value == XSD + "anyURI":
            return Link(value.value, value.value)
        return Link(value.value, language=value.language)

    def quantity(self, iri: str) -> Link:
        def number(name: str) -> int | None:
            values = self.objects(iri, LDE + name)
            return int(values[0].value) if values else None

        words = self.catalog.words
        verbatim = [v.text for v in self.text(iri, LDE + "verbatim")]
        count = Count(number("value"), number("minValue"), number("maxValue"))
        who = self._counted(iri)
        if count == Count():
            text = describe_count(Count(verbatim=verbatim[0] if verbatim else None), words)
            return Link(text, note="; ".join(who))
        things = [v.text for v in self.text(iri, LDE + "countOf")][:1]  # "9 buildings"
        quoted = [words("“%(text)s”", text=v) for v in verbatim[:1]]
        text = " ".join([describe_count(count, words), *things])
        return Link(text, note="; ".join([*who, *quoted]))

    def _counted(self, iri: str) -> list[str]:
        """Who a casualty count counts, and if it may rise: "combatant, of Militia groups"."""
        words = self.catalog.words
        said = [self.name(v.value) for v in self.objects(iri, LDE + "casualtyType")]
        for predicate, phrase in (
            (LDE + "affiliation", N_("of %(name)s")),
            (LDE + "nationality", N_("from %(name)s")),
        ):
            said += [words(phrase, name=self.name(v.value)) for v in self.objects(iri, predicate)]
        rising = any(v.value == "true" for v in self.objects(iri, LDE + "likelyToRise"))
        return ([", ".join(said)] if said else []) + ([words("likely to rise")] if rising else [])

    def timespan(self, iri: str, here: str) -> Link:
        start = self.objects(iri, LDE + "earliestStart")
        end = self.objects(iri, LDE + "latestEnd")
        bounds = Bounds(start[0].value if start else None, end[0].value if end else None)
        words = self.catalog.words
        notes = [words("“%(text)s”", text=v.text) for v in self.text(iri, LDE + "verbatim")]
        for anchor in self.objects(iri, LDE + "relativeTo"):
            event = self.link(anchor.value, here).text
            notes.append(words("relative to %(event)s", event=event))
        return Link(describe_bounds(bounds, words), note=words(", ").join(notes))

    def name(self, iri: str) -> str:
        """A concept's label from the vocabularies, else a resource's from the catalog."""
        return self.vocabulary_labels.get(iri) or self.catalog.label(iri)

    def _is_a(self, iri: str, class_name: str) -> bool:
        return NamedNode(LDE + class_name) in self.outgoing(iri).get(RDF_TYPE, ())

    # -- facts -----------------------------------------------------------------------------------

    def facts(self, iri: str, table: list[tuple[str, str]], here: str) -> list[Fact]:
        statements = self.outgoing(iri)
        claims = self._claims_by_property(iri)
        rows = []
        for predicate, label in table:
            values = statements.get(predicate)
            if values:
                links = self.links(values, here)
                fact = Fact(self.catalog.words(label), links)
                rows.append(self._attributed(fact, claims.get(predicate, []), here))
        return rows

    def _claims_by_property(self, iri: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for claim in self.subjects(LDE + "claimSubject", iri):
            for prop in self.objects(claim, LDE + "claimProperty"):
                found[prop.value].append(claim)
        return found

    def _attributed(self, fact: Fact, claims: list[str], here: str) -> Fact:
        """The fact with who claims its values, and whether a claim says something the fact does
        not: "Killed: at least 5, according to SOHR; the sources differ" (SOHR is also
        paraphrased as saying 5). Claims of several values the fact holds (three purposes) are
        no disagreement."""
        if not claims:
            return fact
        claimants = {
            link.text: link
            for claim in claims
            for link in self.value_links(claim, LDE + "claimant", here)
        }
        claimed = {
            link.text
            for claim in claims
            for link in self.value_links(claim, LDE + "claimValue", here)
        }
        stated = {link.text for link in fact.values}
        differ = not claimed <= stated
        return fact._replace(according_to=tuple(claimants.values()), sources_differ=differ)

    def other_facts(self, iri: str, shown: Iterable[str], here: str) -> list[Fact]:
        """Statements no table above covers: nothing in the data is left off the page."""
        skip = set(shown) | SHOWN_ELSEWHERE
        statements = self.outgoing(iri)
        return [
            Fact(
                self.vocabulary_labels.get(p) or p,
                self.links(statements[p], here),
                label_language="en",
            )
            for p in sorted(statements)
            if p not in skip
        ]

    # -- claims ----------------------------------------------------------------------------------

    def claim(self, iri: str, here: str) -> ClaimView:
        def first(predicate: str) -> Link | None:
            links = self.value_links(iri, predicate, here)
            return links[0] if links else None

        labels = self.text(iri, RDFS + "label")
        prop = self.objects(iri, LDE + "claimProperty")
        prop_label = self.vocabulary_labels.get(prop[0].value, prop[0].value) if prop else ""
        return ClaimView(
            label=labels[0].text if labels else "",
            claimant=first(LDE + "claimant"),
            value=self.value_links(iri, LDE + "claimValue", here),
            made_in=first(LDE + "madeIn"),
            reported_in=self.value_links(iri, LDE + "reportedIn", here),
            subject=first(LDE + "claimSubject"),
            property_label=prop_label,
            coding=self.coding(iri, here),
            evidence=self._evidence(iri),
        )

    def _evidence(self, claim: str) -> Link | None:
        words = [
            w
            for p in self.objects(claim, LDE + "evidence")
            for w in self.text(p.value, LDE + "quote")
        ]
        return Link(f"“{words[0].text}”", language=words[0].language) if words else None

    def coding(self, iri: str, here: str) -> CodingLink | None:
        """The machine coding an event or claim comes from (``lde:codedIn``): "GDELT's coding
        of" and a link to the article it used, or the coding's whole label."""
        codings = self.objects(iri, LDE + "codedIn")
        if not codings:
            return None
        coding = codings[0].value
        label = self.catalog.label(coding)
        used = self.objects(coding, PROV + "used")
        if used and " of " in label:
            return CodingLink(label.split(" of ", 1)[0] + " of", self.link(used[0].value, here))
        return CodingLink(label)

    def claim_groups(self, iri: str, here: str) -> list[ClaimGroup]:
        by_property: dict[str, list[ClaimView]] = defaultdict(list)
        for claim in self.subjects(LDE + "claimSubject", iri):
            prop = self.objects(claim, LDE + "claimProperty")
            key = prop[0].value if prop else ""
            by_property[key].append(self.claim(claim, here))
        groups = []
        for name in sorted(by_property, key=lambda p: self.vocabulary_labels.get(p, p)):
            editorial = self.value_links(iri, name, here) if name else []
            label = self.vocabulary_labels.get(name, name) or self.catalog.words("other")
            language = "en" if name else None  # the vocabularies' labels are English
            groups.append(ClaimGroup(label, editorial, by_property[name], language))
        return groups

    # -- event lists -----------------------------------------------------------------------------

    def event_list(
        self, key: str, title: str, roles: dict[str, set[str]], here: str
    ) -> list[EventList]:
        """Events in time order, with the roles they involve; split into pages."""
        found = (self.catalog.summary(e) for e in roles)
        summaries = [summary for summary in found if summary is not None]
        summaries.sort(key=_chronological)
        pages = max(1, (len(summaries) + PAGE_SIZE - 1) // PAGE_SIZE)
        lists = []
        for page in range(1, pages + 1):
            folder = here + list_page_folder(key, page)
            chunk = summaries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
            comma = self.catalog.words(", ")
            rows = [self.event_row(s, folder, comma.join(sorted(roles[s.iri]))) for s in chunk]
            pager = _pager(key, page, pages) if pages > 1 else None
            lists.append(EventList(key, title, rows, len(summaries), pager))
        return lists

    def event_row(self, summary: EventSummary, here: str, roles: str = "") -> EventRow:
        link = self.link(summary.iri, here)
        return EventRow(link, summary.when, summary.kind, roles, summary.coded)

    def involvement(self, iri: str, role_labels: dict[str, str]) -> dict[str, set[str]]:
        roles: dict[str, set[str]] = defaultdict(set)
        for predicate, role in role_labels.items():
            for event in self.subjects(predicate, iri):
                roles[event].add(self.catalog.words(role))
        return roles

    def bounds(self, iri: str) -> Bounds:
        summary = self.catalog.summary(iri)  # the catalog has every event's already
        return summary.bounds if summary else event_bounds(self.store, NamedNode(iri))


def _chronological(summary: EventSummary) -> tuple[str, str, str]:
    return (summary.bounds.sort_key, summary.label, summary.iri)


def _pager(key: str, page: int, pages: int) -> Pager:
    up = "../../" if page > 1 else ""
    return pager(page, pages, lambda number: (up + list_page_folder(key, number)) or "./")
