"""Stage 4, publish: every file of the site, as (path, bytes) pairs, resource by resource.

Nothing here touches the disk: the build hands each file to the writer. Per-resource work
(page, Turtle, N-Triples, JSON-LD) only reads that resource's triples and its neighbours.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pyoxigraph import NamedNode, Quad, Triple

from ld_events import __version__
from ld_events.assets import asset_dir, ontology_files, shapes_files
from ld_events.graph import DATA_GRAPH, ProjectGraph
from ld_events.output.dumps import (
    DumpPart,
    DumpParts,
    Serialised,
    join_dump_parts,
    sorted_triples,
    write_small_dumps,
)
from ld_events.publish import hosting
from ld_events.publish.catalog import KIND_TITLES, Catalog, EventSummary, Resource
from ld_events.publish.gather import (
    PAGE_SIZE,
    EventList,
    Gatherer,
    Link,
    Pager,
    page_folder,
    relative,
)
from ld_events.publish.render import Alternate, PageInfo, SiteInfo, render
from ld_events.publish.schemaorg import schema_org, script_json
from ld_events.publish.views import resource_view
from ld_events.publish.vocabulary import vocabulary_context
from ld_events.publish.wording import MONTHS, Bounds, describe_bounds
from ld_events.rdf.compact import context_compact_iri
from ld_events.rdf.context import load_context
from ld_events.rdf.terms import term_value

SiteFile = tuple[str, bytes]
ALTERNATES = [
    ("data.ttl", "text/turtle", "Turtle"),
    ("data.nt", "application/n-triples", "N-Triples"),
    ("data.jsonld", "application/ld+json", "JSON-LD"),
]
LISTS = {
    "actors": ("actor", "Actors", "People, organisations and groups named in the records."),
    "places": ("place", "Places", "Countries, cities, regions and sites, including unnamed ones."),
    "sources": ("source", "Sources", "The articles and statements the records are based on."),
    "types": ("type", "Action types", "What happened: the action types and purposes used."),
}


@dataclass
class Publisher:
    """Turns a validated project graph into site files."""

    graph: ProjectGraph
    catalog: Catalog
    vocabulary_labels: dict[str, str]

    @cached_property
    def gather(self) -> Gatherer:
        return Gatherer(self.graph.store, self.catalog, self.vocabulary_labels)

    @cached_property
    def site(self) -> SiteInfo:
        config = self.graph.config
        return SiteInfo(
            title=config.title,
            description=config.description,
            base=config.base,
            license=config.license,
            language=config.language,
            generator=f"ld-events {__version__}",
            sparql_endpoint=config.sparql_endpoint,
        )

    @property
    def base(self) -> str:
        return self.graph.config.base

    @property
    def context_url(self) -> str:
        return self.base + "context.jsonld"

    # -- resources -------------------------------------------------------------------------------

    def resource_files(
        self, resource: Resource, dump: DumpPart | None = None
    ) -> Iterator[SiteFile]:
        """The page and data files of a resource; with ``dump``, its document joins the dumps."""
        quads = self.document_quads(resource)
        triples = sorted_triples(quad.triple for quad in quads)
        serialised = Serialised.of(triples)
        yield resource.path + "data.ttl", serialised.turtle
        yield resource.path + "data.nt", serialised.ntriples
        yield resource.path + "data.jsonld", serialised.jsonld(self.context_url)
        if dump is not None:
            if all(quad.graph_name == DATA_GRAPH for quad in quads):
                dump.add(triples, serialised)  # the usual case: serialised once for both
            else:
                dump.add(self.data_triples(self.catalog.document_subjects(resource)))
        yield from self.resource_pages(resource)

    def document_quads(self, resource: Resource) -> list[Quad]:
        store = self.graph.store
        return [
            quad
            for subject in self.catalog.document_subjects(resource)
            for quad in store.quads_for_pattern(NamedNode(subject), None, None)
        ]

    def data_triples(self, subjects: Iterable[str]) -> list[Triple]:
        """The data graph's triples about ``subjects``, sorted: what the dumps hold of them."""
        store = self.graph.store
        return sorted_triples(
            quad.triple
            for subject in subjects
            for quad in store.quads_for_pattern(NamedNode(subject), None, None, DATA_GRAPH)
        )

    def resource_pages(self, resource: Resource) -> Iterator[SiteFile]:
        view = resource_view(self.gather, resource)
        page = self.page_info(view.title, resource.path, section="")
        schema = schema_org(self.gather, resource, self.base + resource.path)
        page = replace(
            page,
            alternates=[Alternate(name, media, label) for name, media, label in ALTERNATES],
            schema_json=script_json(schema),
            description=" ".join(view.description)[:300] or f"{view.kind_label}: {view.title}",
        )
        later_pages = [lst for lst in view.event_lists if lst.pager and lst.pager.page > 1]
        view.event_lists = [lst for lst in view.event_lists if lst not in later_pages]
        html = render("resource.html", site=self.site, page=page, view=view, list_page=None)
        yield resource.path + "index.html", html
        for event_list in later_pages:
            yield self._list_page(resource, view, page, event_list)

    def _list_page(
        self, resource: Resource, view: object, page: PageInfo, lst: EventList
    ) -> SiteFile:
        assert lst.pager is not None
        folder = resource.path + page_folder(lst.key, lst.pager.page)
        info = self.page_info(f"{page.title} — page {lst.pager.page}", folder, "")
        info = replace(
            info,
            canonical=self.base + folder,
            alternates=[Alternate("../../" + n, m, label) for n, m, label in ALTERNATES],
        )
        html = render(
            "resource.html", site=self.site, page=info, view=view, list_page=lst, back_href="../../"
        )
        return folder + "index.html", html

    def page_info(self, title: str, folder: str, section: str) -> PageInfo:
        return PageInfo(
            title=title,
            root=relative(folder, ""),
            canonical=self.base + folder,
            section=section,
        )

    # -- indexes ---------------------------------------------------------------------------------

    def index_files(self) -> Iterator[SiteFile]:
        yield self.home()
        yield from self.timeline()
        for folder, (kind, title, intro) in LISTS.items():
            yield self.listing(folder, kind, title, intro)
        yield self.vocabulary()
        yield self.not_found()

    def home(self) -> SiteFile:
        events = self.catalog.events_in_order()
        latest = list(reversed(events[-10:]))
        rows = [self.gather.event_row(e, "") for e in latest]
        counts = [
            ("events", len(events), "events/"),
            ("actors", len(self.catalog.by_kind("actor")), "actors/"),
            ("places", len(self.catalog.by_kind("place")), "places/"),
            ("sources", len(self.catalog.by_kind("source")), "sources/"),
        ]
        page = replace(
            self.page_info(self.site.title, "", "home"), description=self.site.description
        )
        return "index.html", render(
            "home.html",
            site=self.site,
            page=page,
            stats=counts,
            latest=EventList("latest", "Latest events", rows, len(rows)),
            date_range=self.date_range(),
        )

    def date_range(self) -> tuple[str, str] | None:
        """The first and last day any event may have happened on."""
        days = [
            d for e in self.catalog.events.values() for d in (e.bounds.start, e.bounds.end) if d
        ]
        if not days:
            return None
        first, last = min(days)[:10], max(days)[:10]
        return describe_bounds(Bounds(first, first)), describe_bounds(Bounds(last, last))

    def timeline(self) -> Iterator[SiteFile]:
        events = self.catalog.events_in_order()
        pages = max(1, (len(events) + PAGE_SIZE * 2 - 1) // (PAGE_SIZE * 2))
        months = _month_index(events, PAGE_SIZE * 2)
        for number in range(1, pages + 1):
            folder = "events/" + ("" if number == 1 else f"{number}/")
            chunk = events[(number - 1) * PAGE_SIZE * 2 : number * PAGE_SIZE * 2]
            page = self.page_info(
                "Timeline" if number == 1 else f"Timeline — page {number}", folder, "events"
            )
            yield (
                folder + "index.html",
                render(
                    "timeline.html",
                    site=self.site,
                    page=page,
                    total=len(events),
                    groups=_by_year_and_month(self.gather, chunk, folder),
                    months=[
                        (label, relative(folder, target) + f"#{anchor}", count)
                        for label, target, anchor, count in months
                    ],
                    timeline_pager=_timeline_pager(number, pages),
                    page_number=number,
                ),
            )

    def listing(self, folder: str, kind: str, title: str, intro: str) -> SiteFile:
        here = folder + "/"
        groups: dict[str, list[Link]] = defaultdict(list)
        for resource in self.catalog.by_kind(kind):
            heading = self._group_heading(resource)
            groups[heading].append(self.gather.link(resource.iri, here))
        page = self.page_info(title, here, folder)
        ordered = sorted(groups.items())
        return here + "index.html", render(
            "listing.html", site=self.site, page=page, groups=ordered, intro=intro
        )

    def _group_heading(self, resource: Resource) -> str:
        if resource.kind == "type":
            schemes = self.gather.objects(
                resource.iri, "http://www.w3.org/2004/02/skos/core#inScheme"
            )
            return self.catalog.label(schemes[0].value) if schemes else "Other"
        if resource.kind == "actor":
            types = self.graph.types(resource.iri)
            names = [t.rsplit("#", 1)[-1] for t in types if t.rsplit("#", 1)[-1] != "Actor"]
            return {"Person": "People", "Organization": "Organisations", "Group": "Groups"}.get(
                names[0] if names else "", "Other actors"
            )
        return KIND_TITLES[resource.kind] + "s"

    def vocabulary(self) -> SiteFile:
        page = self.page_info("Vocabulary", "vocabulary/", "vocabulary")
        context = vocabulary_context(self.graph, self.gather, "vocabulary/")
        return "vocabulary/index.html", render(
            "vocabulary.html", site=self.site, page=page, **context
        )

    def data_page(self, dump_sizes: dict[str, int], triples: int) -> SiteFile:
        labels = {"ttl": "Turtle", "gz": "N-Triples, gzip-compressed", "jsonld": "JSON-LD"}
        downloads = [
            ("../" + path, f"{labels[path.rsplit('.', 1)[-1]]} ({path})", _size(size))
            for path, size in sorted(dump_sizes.items(), key=lambda item: _DUMP_ORDER[item[0]])
        ]
        page = self.page_info("Data", "data/", "data")
        return "data/index.html", render(
            "data.html",
            site=self.site,
            page=page,
            downloads=downloads,
            triples=triples,
            entities=len(self.catalog.resources),
        )

    def not_found(self) -> SiteFile:
        root = urlsplit(self.base).path or "/"
        page = PageInfo(title="Page not found", root=root, canonical=self.base + "404.html")
        return "404.html", render("404.html", site=self.site, page=page)

    # -- data files ------------------------------------------------------------------------------

    def static_files(self) -> Iterator[SiteFile]:
        static = asset_dir("site") / "static"
        for path in sorted(static.rglob("*")):
            if path.is_file():
                yield "static/" + path.relative_to(static).as_posix(), path.read_bytes()
        yield "context.jsonld", (asset_dir("ontology") / "context.jsonld").read_bytes()
        for path in ontology_files():
            yield "ontology/" + path.name, path.read_bytes()
        merged = b""
        for path in shapes_files():
            yield "shapes/" + path.name, path.read_bytes()
            merged += path.read_bytes() + b"\n"
        yield "shapes/shapes.ttl", merged


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"


def hosting_files(base: str, resources: list[Resource]) -> Iterator[SiteFile]:
    """Content negotiation for Apache, nginx and Netlify/Cloudflare-style hosts."""
    base_path = urlsplit(base).path or "/"
    folders = [r.path for r in resources]
    yield ".htaccess", hosting.htaccess(base_path).encode()
    yield "_headers", hosting.netlify_headers(base_path, folders).encode()
    yield "_redirects", hosting.netlify_redirects(base_path).encode()
    yield "server/nginx-http.conf", hosting.nginx_maps().encode()
    yield "server/nginx-server.conf", hosting.nginx_locations(base_path).encode()


_DUMP_ORDER = {"dump/dataset.ttl": 0, "dump/dataset.nt.gz": 1, "dump/dataset.jsonld": 2}


def write_dataset_dumps(publisher: Publisher, parts: DumpParts, folder: Path) -> dict[str, int]:
    """The whole dataset in three syntaxes, from the parts the resource workers wrote."""
    subjects = publisher.catalog.dump_subjects
    try:
        if len(subjects) < 2:
            triples = publisher.data_triples(subjects)
            return write_small_dumps(triples, folder, publisher.context_url)
        return join_dump_parts(parts, folder, publisher.context_url)
    finally:
        parts.remove()


def _by_year_and_month(
    gather: Gatherer, events: list[EventSummary], folder: str
) -> list[tuple[str, list[tuple[str, str, list[object]]]]]:
    years: dict[str, dict[str, list[object]]] = {}
    for event in events:
        year, month = _year_month(event.bounds.sort_key)
        years.setdefault(year, {}).setdefault(month, []).append(gather.event_row(event, folder))
    return [
        (year, [(_month_label(year, m), f"m{year}-{m}", rows) for m, rows in months.items()])
        for year, months in years.items()
    ]


def _year_month(sort_key: str) -> tuple[str, str]:
    if sort_key.startswith("9999"):
        return "Undated", "00"
    return sort_key[:4], sort_key[5:7]


def _month_label(year: str, month: str) -> str:
    if month == "00":
        return "Date unknown"
    return f"{MONTHS[int(month)]} {year}"


def _month_index(events: list[EventSummary], per_page: int) -> list[tuple[str, str, str, int]]:
    """Each month once: its label, the timeline page where it starts, its anchor, its count."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    first_page: dict[tuple[str, str], int] = {}
    for index, event in enumerate(events):
        key = _year_month(event.bounds.sort_key)
        counts[key] += 1
        first_page.setdefault(key, index // per_page + 1)
    return [
        (
            _month_label(*key),
            "events/" + ("" if first_page[key] == 1 else f"{first_page[key]}/"),
            f"m{key[0]}-{key[1]}",
            counts[key],
        )
        for key in counts
    ]


def _timeline_pager(number: int, pages: int) -> Pager | None:
    if pages == 1:
        return None

    def href(target: int) -> str:
        folder = "events/" + ("" if target == 1 else f"{target}/")
        here = "events/" + ("" if number == 1 else f"{number}/")
        return relative(here, folder)

    numbered: list[tuple[int, str | None]] = [
        (n, None if n == number else href(n)) for n in range(1, pages + 1)
    ]
    return Pager(
        number,
        pages,
        href(number - 1) if number > 1 else None,
        href(number + 1) if number < pages else None,
        numbered,
    )


def vocabulary_labels(graph: ProjectGraph) -> dict[str, str]:
    """Labels of every term of the vocabularies, for naming properties on pages."""
    labels: dict[str, str] = {}
    context = load_context()
    for triple in graph.vocabulary_triples():
        if triple.predicate.value.endswith(("#label", "#prefLabel")):
            subject = term_value(triple.subject)
            if getattr(triple.object, "language", None) in (None, "en"):
                labels.setdefault(subject, term_value(triple.object))
    for iri in list(labels):
        labels.setdefault(context_compact_iri(iri, context), labels[iri])
    return labels
