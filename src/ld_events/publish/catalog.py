"""Everything the pages need to know about the whole graph, gathered in one pass.

Pages are then rendered resource by resource from the store, never by re-scanning the graph.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from pyoxigraph import Literal, NamedNode, QuerySolutions, Store

from ld_events.graph import ProjectGraph
from ld_events.layout import cameo_folder, is_slug, resource_folder, type_folder
from ld_events.publish.reads import PatternSource, Reads
from ld_events.publish.wording import Bounds, describe_bounds
from ld_events.rdf.iris import in_project
from ld_events.rdf.labels import pick_literal
from ld_events.rdf.terms import DATA_GRAPH, term_value
from ld_events.rdf.vocab import ACT, CAMEO, LDE, RDF_TYPE, RDFS_LABEL, SKOS
from ld_events.translations import SOURCE_LANGUAGE, Words

_TIME = NamedNode(LDE + "time")
_START = NamedNode(LDE + "earliestStart")
_END = NamedNode(LDE + "latestEnd")
_PART_OF = NamedNode(LDE + "partOf")
_CODED_IN = NamedNode(LDE + "codedIn")
_IN_SCHEME = NamedNode(SKOS + "inScheme")
_LABELS = (NamedNode(RDFS_LABEL), NamedNode(SKOS + "prefLabel"))
_TYPE = NamedNode(RDF_TYPE)
TYPE_SCHEMES = (ACT + "scheme", ACT + "purposes")
#: Where a project's own action types and purposes live, under its base.
OWN_TYPES = "type/"
CAMEO_SCHEME = CAMEO + "scheme"


@dataclass(frozen=True)
class Resource:
    """A thing with a page: its IRI, the page folder (relative to the site root), its kind."""

    iri: str
    kind: str
    path: str  # "event/2021-06-27-us-air-strikes/" (always ends with "/")

    @property
    def slug(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class EventSummary:
    iri: str
    label: str
    bounds: Bounds
    kind: str  # Event, EventSeries, Statement
    #: A machine coder's event (lde:codedIn), not an editor's.
    coded: bool = False
    #: The language of its label (None: untagged, or none).
    label_language: str | None = None
    #: The bounds as a reader would write them: worded once, shown in every list of the event.
    when: str = field(default="", compare=False)


@dataclass
class Catalog:
    base: str
    #: The readers' languages, in order of preference (the config's ``languages``).
    languages: tuple[str, ...]
    #: The site's own words, in the interface language (``translations``).
    words: Words = field(default_factory=lambda: Words(SOURCE_LANGUAGE))
    resources: dict[str, Resource] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    #: The language of each label that has one (a label chosen in a fallback language is
    #: marked up as such on the page).
    label_languages: dict[str, str] = field(default_factory=dict)
    events: dict[str, EventSummary] = field(default_factory=dict)
    documents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: The resources of the linked datasets (``links:``): shown by their labels, linked to
    #: their documents on the other site; a change of them makes a full build.
    linked: frozenset[str] = frozenset()
    #: What the page being rendered looks up here (``publish.reads``); pages use the methods
    #: below, never the dictionaries, so that every look-up is recorded.
    reads: Reads = field(default_factory=Reads, compare=False, repr=False)

    def page_of(self, iri: str) -> Resource | None:
        self.reads.entry(iri)
        return self.resources.get(iri)

    def has_page(self, iri: str) -> bool:
        self.reads.entry(iri)
        return iri in self.resources

    def label(self, iri: str) -> str:
        self.reads.entry(iri)
        return self.labels.get(iri) or self.readable(iri)

    def label_language(self, iri: str) -> str | None:
        """The language tag of :meth:`label` (None: untagged, or a readable IRI)."""
        self.reads.entry(iri)
        return self.label_languages.get(iri)

    @property
    def language(self) -> str:
        """The language of the pages' own words (``<html lang>``)."""
        return self.words.language

    def label_of(self, iri: str) -> str | None:
        """Its own label, if it has one (:meth:`label` falls back to a readable IRI)."""
        self.reads.entry(iri)
        return self.labels.get(iri)

    def linked_document(self, iri: str) -> str | None:
        """The document of a linked dataset's resource (its IRI without ``#it``), else None."""
        return iri.partition("#")[0] if iri in self.linked else None

    def summary(self, iri: str) -> EventSummary | None:
        """The event's summary, ``None`` if ``iri`` is not an event with a page."""
        self.reads.entry(iri)
        return self.events.get(iri)

    def readable(self, iri: str) -> str:
        """A thing without a label, by its path in the project (else its IRI)."""
        return in_project(iri, self.base) or iri

    @property
    def entity_count(self) -> int:
        """The subjects of the published data, as a consumer counts them in the dumps (VoID's
        void:entities, the data page): events and claims, time spans and quantities too."""
        return len(self.dump_subjects)

    def by_kind(self, kind: str) -> list[Resource]:
        found = [r for r in self.resources.values() if r.kind == kind]
        return sorted(found, key=lambda r: (self.label(r.iri).casefold(), r.iri))

    def events_in_order(self) -> list[EventSummary]:
        return sorted(self.events.values(), key=lambda e: (e.bounds.sort_key, e.label, e.iri))

    def document_subjects(self, resource: Resource) -> list[str]:
        return self.documents.get(resource.iri.partition("#")[0], [resource.iri])

    @cached_property
    def dump_subjects(self) -> list[str]:
        """Every subject of the data graph, in the order of the dumps (N-Triples order)."""
        subjects = (s for document in self.documents.values() for s in document)
        return sorted(subjects, key=lambda iri: f"<{iri}>")


def build_catalog(project: ProjectGraph) -> Catalog:
    config = project.config
    words = Words(config.interface_language)
    catalog = Catalog(config.base, config.languages, words, linked=project.linked)
    store = project.store
    _collect_labels(store, catalog, config.languages)
    for subject in _data_subjects(store):
        document = subject.partition("#")[0]
        catalog.documents[document].append(subject)
        found = resource_folder(subject, config.base)
        if found is not None:
            catalog.resources[subject] = Resource(subject, found[0].name, found[1])
    for concept in _concepts(store, TYPE_SCHEMES, ACT):
        local = concept.removeprefix(ACT)
        catalog.resources[concept] = Resource(concept, "type", type_folder(local))
    _add_own_types(catalog, store, config.base + OWN_TYPES)
    for concept in _concepts(store, (CAMEO_SCHEME,), CAMEO):
        code = concept.removeprefix(CAMEO)
        catalog.resources[concept] = Resource(concept, "cameo", cameo_folder(code))
    for iri, resource in catalog.resources.items():
        if resource.kind == "event":
            catalog.events[iri] = _summary(project, catalog, iri)
    for subjects in catalog.documents.values():
        subjects.sort()
    return catalog


def _add_own_types(catalog: Catalog, store: Store, namespace: str) -> None:
    """A project's own action types and purposes (``{base}type/kidnapping``, docs/authoring.md)
    get pages beside ld-events' own, unless one of those has the name already."""
    taken = {r.path for r in catalog.resources.values() if r.kind == "type"}
    for concept in _concepts(store, TYPE_SCHEMES, namespace):
        local = concept.removeprefix(namespace)
        if is_slug(local) and type_folder(local) not in taken:
            catalog.resources[concept] = Resource(concept, "type", type_folder(local))


def _collect_labels(store: Store, catalog: Catalog, languages: tuple[str, ...]) -> None:
    found: dict[str, list[Literal]] = defaultdict(list)
    for predicate in _LABELS:
        for quad in store.quads_for_pattern(None, predicate, None):
            if isinstance(quad.subject, NamedNode) and isinstance(quad.object, Literal):
                found[quad.subject.value].append(quad.object)
    for iri, labels in found.items():
        picked = pick_literal(labels, languages)
        if picked is not None:
            catalog.labels[iri] = picked[0]
            if picked[1]:
                catalog.label_languages[iri] = sys.intern(picked[1])


def _data_subjects(store: Store) -> list[str]:
    """The data graph's subject IRIs, in order (found by Oxigraph: one row per subject)."""
    solutions = store.query(
        f"SELECT DISTINCT ?s WHERE {{ GRAPH <{DATA_GRAPH.value}> {{ ?s ?p ?o }} FILTER isIRI(?s) }}"
    )
    assert isinstance(solutions, QuerySolutions)
    return sorted(solution[0].value for solution in solutions)


def _concepts(store: Store, schemes: tuple[str, ...], namespace: str) -> list[str]:
    """The concepts of ``schemes`` whose IRIs are in ``namespace`` (each gets a page)."""
    concepts = set()
    for scheme in schemes:
        for quad in store.quads_for_pattern(None, _IN_SCHEME, NamedNode(scheme)):
            if isinstance(quad.subject, NamedNode) and quad.subject.value.startswith(namespace):
                concepts.add(quad.subject.value)
    return sorted(concepts)


def _summary(project: ProjectGraph, catalog: Catalog, iri: str) -> EventSummary:
    bounds = event_bounds(project.store, NamedNode(iri))
    kinds = [t.removeprefix(LDE) for t in project.types(iri) if t.startswith(LDE)]
    kind = (
        "Statement"
        if "Statement" in kinds
        else ("EventSeries" if "EventSeries" in kinds else "Event")
    )
    coded = next(project.store.quads_for_pattern(NamedNode(iri), _CODED_IN, None), None)
    language = catalog.label_language(iri)
    when = describe_bounds(bounds, catalog.words)
    return EventSummary(iri, catalog.label(iri), bounds, kind, coded is not None, language, when)


def event_bounds(store: PatternSource, event: NamedNode, depth: int = 0) -> Bounds:
    """The event's own time span, else the nearest parent's (sub-events inherit time)."""
    for quad in store.quads_for_pattern(event, _TIME, None):
        span = quad.object
        if isinstance(span, NamedNode):
            return Bounds(_first_value(store, span, _START), _first_value(store, span, _END))
    if depth < 10:
        for quad in store.quads_for_pattern(event, _PART_OF, None):
            if isinstance(quad.object, NamedNode):
                return event_bounds(store, quad.object, depth + 1)
    return Bounds(None, None)


def _first_value(store: PatternSource, subject: NamedNode, predicate: NamedNode) -> str | None:
    values = sorted(term_value(q.object) for q in store.quads_for_pattern(subject, predicate, None))
    return values[0] if values else None
