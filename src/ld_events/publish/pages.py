"""Stage 4, publish: every page of the site, as (path, bytes) pairs, from the validated graph.

Nothing here touches the disk: the output stage writes what the :class:`Publisher` makes.
Per-resource work (page, Turtle, N-Triples, JSON-LD) only reads that resource's triples and its
neighbours, so resources can be published in any order, in any process.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import urlsplit

from pyoxigraph import NamedNode, Quad, Triple

from ld_events.graph import ProjectGraph
from ld_events.layout import (
    CONTEXT,
    DATA_FILES,
    DATA_PAGE,
    DUMPS,
    HOME,
    KIND_BY_NAME,
    KINDS,
    MAP_PAGE,
    NOT_FOUND,
    TIMELINE,
    VOCABULARY_PAGE,
    list_page_folder,
    page_of,
    relative,
)
from ld_events.publish.catalog import Catalog, Resource
from ld_events.publish.contexts import (
    Alternate,
    DataPage,
    DateRange,
    Download,
    EventList,
    HomePage,
    MapPage,
    NotFoundPage,
    PageInfo,
    ResourcePage,
    ResourceView,
    SiteInfo,
    Stat,
)
from ld_events.publish.gather import Gatherer
from ld_events.publish.licences import licence_name
from ld_events.publish.listing_words import (
    ACTOR_GROUPS,
    LIST_INTROS,
    LIST_TITLES,
    OTHER_ACTORS,
    counted,
    file_size,
)
from ld_events.publish.listings import listing_pages
from ld_events.publish.map_index import filter_months, map_index
from ld_events.publish.maps import overview
from ld_events.publish.reads import RecordingStore
from ld_events.publish.render import PageMemo, render
from ld_events.publish.schemaorg import schema_org, script_json
from ld_events.publish.search import search_facets
from ld_events.publish.timeline import timeline_files
from ld_events.publish.views import resource_view
from ld_events.publish.vocabulary import vocabulary_page
from ld_events.publish.wording import Bounds, describe_bounds
from ld_events.rdf.context import load_context
from ld_events.rdf.iris import curie
from ld_events.rdf.labels import pick_text
from ld_events.rdf.serialize import Serialised, sorted_triples
from ld_events.rdf.terms import PUBLISHED_GRAPHS, term_value
from ld_events.rdf.vocab import CAMEO, RDFS_LABEL, SKOS
from ld_events.translations import Words, text_direction

SiteFile = tuple[str, bytes]


@dataclass(frozen=True)
class Document:
    """A resource's document: its subjects' triples, sorted and serialised."""

    triples: list[Triple]
    serialised: Serialised
    #: All in the data graph (the usual case): the dumps can take the same bytes.
    only_data: bool


@dataclass
class Publisher:
    """Turns a validated project graph into site files."""

    graph: ProjectGraph
    catalog: Catalog
    vocabulary_labels: dict[str, str]
    generator: str  # "ld-events 0.1.0", named in every page's head
    #: Index pages unchanged since the previous build are not rendered again.
    memo: PageMemo = field(default_factory=PageMemo)

    @cached_property
    def gather(self) -> Gatherer:
        store = RecordingStore(self.graph.store, self.catalog.reads)
        return Gatherer(store, self.catalog, self.vocabulary_labels)

    @property
    def words(self) -> Words:
        return self.catalog.words

    @cached_property
    def site(self) -> SiteInfo:
        config = self.graph.config
        language = self.catalog.language
        return SiteInfo(
            title=config.title,
            description=config.description,
            base=config.base,
            license=config.license,
            license_name=licence_name(config.license),
            language=language,
            direction=text_direction(language),
            text_language=config.language,
            generator=self.generator,
            sparql_endpoint=config.sparql_endpoint,
            street_map=config.street_map,
        )

    @property
    def base(self) -> str:
        return self.graph.config.base

    def page_info(self, title: str, folder: str, section: str) -> PageInfo:
        return PageInfo(
            title=title,
            root=relative(folder, ""),
            canonical=self.base + folder,
            section=section,
        )

    # -- resources -------------------------------------------------------------------------------

    def document(self, resource: Resource) -> Document:
        """The resource's document (its subjects' triples), serialised once for every use."""
        quads = self.document_quads(resource)
        triples = sorted_triples(self.graph.with_entailments([quad.triple for quad in quads]))
        only_data = all(quad.graph_name in PUBLISHED_GRAPHS for quad in quads)
        return Document(triples, Serialised.of(triples), only_data)

    def resource_files(self, resource: Resource, document: Document) -> Iterator[SiteFile]:
        """The page of a resource and its data files, one per syntax."""
        data = (
            document.serialised.turtle,
            document.serialised.ntriples,
            # Relative: it resolves to this site's copy wherever the site is (a preview, a
            # host not yet at the base, a folder on disk).
            document.serialised.jsonld(relative(resource.path, CONTEXT)),
        )
        for variant, content in zip(DATA_FILES, data, strict=True):
            yield resource.path + variant.filename, content
        yield from self.resource_pages(resource)

    def recorded_files(self, resource: Resource) -> tuple[Document, list[SiteFile], frozenset[str]]:
        """The resource's document and files, and the keys of everything they were made from
        (``publish.reads``): the next build re-renders them when one of those changes."""
        with self.catalog.reads.recording() as keys:
            document = self.document(resource)
            files = list(self.resource_files(resource, document))
        return document, files, frozenset(keys)

    def document_quads(self, resource: Resource) -> list[Quad]:
        store = self.graph.store
        reads = self.catalog.reads
        reads.entry(resource.iri.partition("#")[0])  # which subjects the document holds
        for subject in self.catalog.document_subjects(resource):
            reads.subject(subject)
        return [
            quad
            for subject in self.catalog.document_subjects(resource)
            for quad in store.quads_for_pattern(NamedNode(subject), None, None)
        ]

    def data_triples(self, subjects: Iterable[str]) -> list[Triple]:
        """The published triples about ``subjects``, sorted: what the dumps hold of them."""
        store = self.graph.store
        asserted = [
            quad.triple
            for subject in subjects
            for graph in PUBLISHED_GRAPHS
            for quad in store.quads_for_pattern(NamedNode(subject), None, None, graph)
        ]
        return sorted_triples(self.graph.with_entailments(asserted))

    def resource_pages(self, resource: Resource) -> Iterator[SiteFile]:
        """The resource's page, and the later pages of its long event lists."""
        view = resource_view(self.gather, resource)
        schema = schema_org(self.gather, resource, self.base + resource.path)
        page = replace(
            self.page_info(view.title, resource.path, section=""),
            alternates=_alternates(""),
            schema_json=script_json(schema),
            description=" ".join(view.description)[:300]
            or self.words("%(kind)s: %(title)s", kind=view.kind_label, title=view.title),
        )
        later_pages = [lst for lst in view.event_lists if lst.pager and lst.pager.page > 1]
        view.event_lists = [lst for lst in view.event_lists if lst not in later_pages]
        search = search_facets(self.gather, resource) if self.site.search else None
        context = ResourcePage(site=self.site, page=page, view=view, list_page=None, search=search)
        yield page_of(resource.path), render(context)
        for event_list in later_pages:
            yield self._list_page(resource, view, page, event_list)

    def _list_page(
        self, resource: Resource, view: ResourceView, page: PageInfo, lst: EventList
    ) -> SiteFile:
        assert lst.pager is not None
        inner = list_page_folder(lst.key, lst.pager.page)
        folder = resource.path + inner
        back = relative(inner, "")
        info = replace(
            self.page_info(
                self.words("%(title)s — page %(number)s", title=page.title, number=lst.pager.page),
                folder,
                "",
            ),
            alternates=_alternates(back),
        )
        context = ResourcePage(site=self.site, page=info, view=view, list_page=lst, back_href=back)
        return page_of(folder), render(context)

    # -- indexes ---------------------------------------------------------------------------------

    def index_files(self) -> Iterator[SiteFile]:
        """The index pages, but those :attr:`memo` keeps (as the previous build made them)."""
        made = [self.home()]
        yield from timeline_files(
            self.site, self.gather, self.graph.store, self.page_info, self.memo
        )
        for kind in KINDS:
            if kind.listing and kind.name in LIST_INTROS:
                yield from self.listing(kind.name)
        made += [self.vocabulary(), self.not_found()]
        yield from (page for page in made if page is not None)
        yield from self.overview_map()

    def home(self) -> SiteFile | None:
        events = self.catalog.events_in_order()
        latest = list(reversed(events[-10:]))
        rows = [self.gather.event_row(e, "") for e in latest]
        listed = [("event", TIMELINE, len(events))] + [
            (name, str(KIND_BY_NAME[name].listing), len(self.catalog.by_kind(name)))
            for name in ("actor", "place", "source")
        ]
        stats = [
            Stat(counted(name, total, self.words), total, f"{folder}/")
            for name, folder, total in listed
        ]
        page = replace(
            self.page_info(self.site.title, "", "home"), description=self.site.description
        )
        context = HomePage(
            site=self.site,
            page=page,
            stats=stats,
            latest=EventList("latest", self.words("Latest events"), rows, len(rows)),
            date_range=self.date_range(),
        )
        return self.memo.page(HOME, context)

    def date_range(self) -> DateRange | None:
        """The first and last day any event may have happened on."""
        days = [
            d for e in self.catalog.events.values() for d in (e.bounds.start, e.bounds.end) if d
        ]
        if not days:
            return None
        first, last = min(days)[:10], max(days)[:10]
        words = self.words
        first_day = describe_bounds(Bounds(first, first), words)
        return DateRange(first_day, describe_bounds(Bounds(last, last), words))

    def listing(self, kind_name: str) -> Iterator[SiteFile]:
        """The pages of the list of a kind of resource (``publish.listings``)."""
        resources = self.catalog.by_kind(kind_name)
        if kind_name == "cameo":  # in the codebook's order, each with its code
            resources.sort(key=lambda r: r.path)
        entries = sorted(
            ((self._group_heading(r), r) for r in resources), key=lambda entry: entry[0]
        )
        yield from listing_pages(
            self.site,
            self.gather,
            kind_name,
            entries,
            self.page_info,
            self.words(LIST_INTROS[kind_name]),
            self.memo,
            self.words,
            self.words(LIST_TITLES[kind_name]),
        )

    def _group_heading(self, resource: Resource) -> str:
        if resource.kind == "type":
            schemes = self.gather.objects(resource.iri, SKOS + "inScheme")
            return self.catalog.label(schemes[0].value) if schemes else self.words("Other")
        if resource.kind == "cameo":
            root = resource.slug[:2]
            return f"{root} {self.catalog.label(CAMEO + root)}"
        if resource.kind == "actor":
            types = self.graph.types(resource.iri)
            names = [t.rsplit("#", 1)[-1] for t in types if t.rsplit("#", 1)[-1] != "Actor"]
            return self.words(ACTOR_GROUPS.get(names[0] if names else "", OTHER_ACTORS))
        return self.words(LIST_TITLES.get(resource.kind, KIND_BY_NAME[resource.kind].title))

    def overview_map(self) -> Iterator[SiteFile]:
        """The map of every event, and the index of its time filter (``publish.map_index``)."""
        here = f"{MAP_PAGE}/"
        events = self.catalog.events_in_order()
        found = overview(self.gather, [e.iri for e in events], here)
        page = self.page_info(self.words("Map of the events"), here, MAP_PAGE)
        # Events of one month (or none on the map): nothing to choose.
        time_filter = bool(found.placed) and len(filter_months(events)) > 1
        context = MapPage(
            site=self.site, page=page, map=found.map, groups=found.groups, time_filter=time_filter
        )
        made = self.memo.page(page_of(here), context)
        if made is not None:
            yield made
        if time_filter:
            yield from map_index(self.gather, events, found.placed, here)

    def vocabulary(self) -> SiteFile | None:
        here = f"{VOCABULARY_PAGE}/"
        page = self.page_info(self.words("Vocabulary"), here, VOCABULARY_PAGE)
        context = vocabulary_page(self.graph, self.gather, self.site, page, here)
        return self.memo.page(page_of(here), context)

    def data_page(
        self, dump_sizes: dict[str, int], triples: int, skipped_rows: dict[str, int] | None = None
    ) -> SiteFile:
        here = f"{DATA_PAGE}/"
        downloads = [
            Download(
                relative(here, "") + dump.path,
                self.words("%(format)s (%(path)s)", format=self.words(dump.title), path=dump.path),
                file_size(dump_sizes[dump.path], self.words),
            )
            for dump in DUMPS
        ]
        context = DataPage(
            site=self.site,
            page=self.page_info(self.words("Data"), here, DATA_PAGE),
            downloads=downloads,
            triples=triples,
            entities=self.catalog.entity_count,
            skipped_rows=sorted((skipped_rows or {}).items()),
        )
        return page_of(here), render(context)

    def not_found(self) -> SiteFile | None:
        """Served at any depth, so its links start from the site's absolute path."""
        root = urlsplit(self.base).path or "/"
        title = self.words("Page not found")
        page = PageInfo(title=title, root=root, canonical=self.base + NOT_FOUND)
        return self.memo.page(NOT_FOUND, NotFoundPage(site=self.site, page=page))


def _alternates(prefix: str) -> list[Alternate]:
    """The page's data files, as alternates, from a folder ``prefix`` below the resource's."""
    return [Alternate(prefix + v.filename, v.media_type, v.label) for v in DATA_FILES]


def vocabulary_labels(graph: ProjectGraph) -> dict[str, str]:
    """Labels of every term of the vocabularies, for naming properties on pages: by IRI and by
    the CURIE the JSON-LD context gives it."""
    found: dict[str, list[object]] = defaultdict(list)
    for triple in graph.vocabulary_triples():
        if triple.predicate.value in (RDFS_LABEL, SKOS + "prefLabel"):
            found[term_value(triple.subject)].append(triple.object)
    labels = {iri: pick_text(texts, "en") for iri, texts in found.items()}  # type: ignore[arg-type]
    prefixes = load_context().prefixes
    named = {iri: text for iri, text in labels.items() if text is not None}
    for iri, text in list(named.items()):
        named.setdefault(curie(iri, prefixes) or iri, text)
    return named
