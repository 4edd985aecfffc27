"""Describing the dataset for harvesters: VoID + DCAT, sitemap.xml and robots.txt."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import orjson
from pyoxigraph import Literal, NamedNode, Triple

from ld_events.graph import ProjectGraph
from ld_events.layout import DATASET_ANCHOR, DUMPS, SITEMAP, STREAM_ROOT, TURTLE
from ld_events.layout import VOID as VOID_FILE
from ld_events.publish.catalog import Catalog
from ld_events.rdf.serialize import sorted_triples, to_turtle
from ld_events.rdf.terms import term_value
from ld_events.rdf.vocab import DCAT, DCTERMS, FOAF, LDE, PREFIXES, RDF_TYPE, VOID, WD, XSD

#: Datasets the data links to, by the start of their IRIs: each gets a void:Linkset per
#: property that links to it.
LINK_TARGETS = {
    WD: ("wikidata", "Wikidata", "https://www.wikidata.org/"),
    "https://sws.geonames.org/": ("geonames", "GeoNames", "https://www.geonames.org/"),
}


def newest_data_date(graph: ProjectGraph) -> str | None:
    """The newest dcterms:date in the data (publication dates of sources)."""
    dates = [
        term_value(q.object)
        for q in graph.store.quads_for_pattern(None, NamedNode(DCTERMS + "date"), None)
    ]
    return max(dates)[:10] if dates else None


@dataclass
class DataStats:
    """What VoID says of the published triples, counted where they are serialised (a part of
    the dumps at a time) and added up: the parts of an unchanged shard keep theirs."""

    triples: int = 0
    #: The properties and the classes used.
    terms: set[str] = field(default_factory=set)
    #: Links to other datasets, by (the start of their IRIs, property).
    links: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Entities of each lde: class.
    classes: Counter[str] = field(default_factory=Counter)

    def add(self, triples: Iterable[Triple]) -> None:
        for triple in triples:
            self.triples += 1
            predicate, value = triple.predicate.value, triple.object
            self.terms.add(predicate)
            if not isinstance(value, NamedNode):
                continue
            if predicate == RDF_TYPE:
                self.terms.add(value.value)
                if value.value.startswith(LDE):
                    self.classes[value.value] += 1
            for start in LINK_TARGETS:
                if value.value.startswith(start):
                    self.links[(start, predicate)] += 1

    def take(self, other: DataStats) -> None:
        self.triples += other.triples
        self.terms |= other.terms
        self.links.update(other.links)
        self.classes.update(other.classes)

    def to_json(self) -> bytes:
        links = [[start, predicate, n] for (start, predicate), n in sorted(self.links.items())]
        data = {
            "triples": self.triples,
            "terms": sorted(self.terms),
            "links": links,
            "classes": dict(sorted(self.classes.items())),
        }
        return orjson.dumps(data)

    @classmethod
    def from_json(cls, text: bytes) -> DataStats:
        data = orjson.loads(text)
        links = Counter({(start, predicate): n for start, predicate, n in data["links"]})
        return cls(data["triples"], set(data["terms"]), links, Counter(data["classes"]))


def void_turtle(
    graph: ProjectGraph,
    catalog: Catalog,
    stats: DataStats,
    modified: str,
    skipped_rows: dict[str, int] | None = None,
) -> bytes:
    """The VoID and DCAT description of the data ``stats`` counts; ``modified``: when the
    data last changed (the change stream's newest timestamp); ``skipped_rows``: bad table
    rows left out, by file."""
    config = graph.config
    base = config.base
    dataset = NamedNode(base + DATASET_ANCHOR)
    out: list[Triple] = []

    def add(subject: NamedNode, predicate: str, obj: NamedNode | Literal) -> None:
        out.append(Triple(subject, NamedNode(predicate), obj))

    def text(value: str) -> Literal:
        return Literal(value, language=config.language)

    add(dataset, RDF_TYPE, NamedNode(VOID + "Dataset"))
    add(dataset, RDF_TYPE, NamedNode(DCAT + "Dataset"))
    add(dataset, DCTERMS + "title", text(config.title))
    if config.description:
        add(dataset, DCTERMS + "description", text(config.description))
    add(dataset, DCTERMS + "license", NamedNode(config.license))
    if modified:
        add(dataset, DCTERMS + "modified", Literal(modified, datatype=NamedNode(XSD + "dateTime")))
    add(dataset, VOID + "triples", _integer(stats.triples))
    if skipped_rows:
        add(dataset, LDE + "skippedRows", _integer(sum(skipped_rows.values())))
    add(dataset, VOID + "entities", _integer(catalog.entity_count))
    add(dataset, VOID + "uriSpace", Literal(base))
    add(dataset, DCAT + "landingPage", NamedNode(base))
    add(dataset, VOID + "rootResource", NamedNode(base))
    for vocabulary in _vocabularies(stats.terms):
        add(dataset, VOID + "vocabulary", NamedNode(vocabulary))
    if config.sparql_endpoint:
        add(dataset, VOID + "sparqlEndpoint", NamedNode(config.sparql_endpoint))
    for example in _examples(catalog):
        add(dataset, VOID + "exampleResource", NamedNode(example))
    for dump in DUMPS:
        download = NamedNode(base + dump.path)
        add(dataset, VOID + "dataDump", download)
        name = dump.path.rsplit("/", 1)[-1].replace(".", "-")
        distribution = NamedNode(f"{base}{VOID_FILE}#{name}")
        add(dataset, DCAT + "distribution", distribution)
        add(distribution, RDF_TYPE, NamedNode(DCAT + "Distribution"))
        add(distribution, DCTERMS + "title", text(dump.title))
        add(distribution, DCAT + "downloadURL", download)
        add(distribution, DCAT + "mediaType", _iana(dump.media_type))
        if dump.gzipped:  # DCAT 3: the content's type, and how the file packs it
            add(distribution, DCAT + "compressFormat", _iana("application/gzip"))
        add(distribution, DCTERMS + "license", NamedNode(config.license))
    if modified:  # the change stream exists once something was published
        stream = NamedNode(f"{base}{VOID_FILE}#change-stream")
        add(dataset, DCAT + "distribution", stream)
        add(stream, RDF_TYPE, NamedNode(DCAT + "Distribution"))
        add(stream, DCTERMS + "title", text("Changes: a Linked Data Event Stream"))
        add(stream, DCAT + "accessURL", NamedNode(base + STREAM_ROOT))
        add(stream, DCAT + "mediaType", _iana(TURTLE.media_type))
        add(stream, DCTERMS + "conformsTo", NamedNode("https://w3id.org/ldes/specification"))
        add(stream, DCTERMS + "license", NamedNode(config.license))
    out.extend(_linksets(stats.links, dataset, base, text))
    for class_iri, count in sorted(stats.classes.items()):
        partition = NamedNode(f"{base}{VOID_FILE}#class-{class_iri.rsplit('#', 1)[-1]}")
        add(dataset, VOID + "classPartition", partition)
        add(partition, VOID + "class", NamedNode(class_iri))
        add(partition, VOID + "entities", _integer(count))
    return to_turtle(sorted_triples(out))


def _vocabularies(used: set[str]) -> list[str]:
    """The namespaces (of :data:`PREFIXES`) of the properties and classes the data uses."""
    namespaces = {_namespace(iri) for iri in used}
    return sorted(ns for ns in namespaces if ns is not None)


def _namespace(iri: str) -> str | None:
    """The longest known namespace ``iri`` is in (``act:`` terms are not ``lde:``'s)."""
    known = [ns for ns in PREFIXES.values() if iri.startswith(ns)]
    return max(known, key=len) if known else None


def _linksets(
    links: Counter[tuple[str, str]],
    dataset: NamedNode,
    base: str,
    text: Callable[[str], Literal],
) -> list[Triple]:
    """A void:Linkset for each (target dataset, property) the data links with."""
    out: list[Triple] = []

    def add(subject: NamedNode, predicate: str, obj: NamedNode | Literal) -> None:
        out.append(Triple(subject, NamedNode(predicate), obj))

    for (start, predicate), count in sorted(links.items()):
        key, title, homepage = LINK_TARGETS[start]
        target = NamedNode(f"{base}{VOID_FILE}#{key}")
        add(target, RDF_TYPE, NamedNode(VOID + "Dataset"))
        add(target, DCTERMS + "title", Literal(title))
        add(target, FOAF + "homepage", NamedNode(homepage))
        add(target, VOID + "uriSpace", Literal(start))
        name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        linkset = NamedNode(f"{base}{VOID_FILE}#links-{key}-{name}")
        add(dataset, VOID + "subset", linkset)
        add(linkset, RDF_TYPE, NamedNode(VOID + "Linkset"))
        add(linkset, DCTERMS + "title", text(f"Links to {title} ({name})"))
        add(linkset, VOID + "subjectsTarget", dataset)
        add(linkset, VOID + "objectsTarget", target)
        add(linkset, VOID + "linkPredicate", NamedNode(predicate))
        add(linkset, VOID + "triples", _integer(count))
    return out


def _iana(media_type: str) -> NamedNode:
    return NamedNode(f"https://www.iana.org/assignments/media-types/{media_type}")


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


def _examples(catalog: Catalog) -> list[str]:
    events = catalog.events_in_order()
    return [e.iri for e in events[-3:]]


def sitemap_xml(catalog: Catalog, graph: ProjectGraph, pages: list[str]) -> bytes:
    """Every HTML page, with lastmod: the newest source date of the resource, if any."""
    lastmod = _lastmod_by_page(catalog, graph)
    default = newest_data_date(graph)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for page in sorted(pages):
        date = lastmod.get(page, default)
        loc = f"<loc>{escape(catalog.base + page)}</loc>"
        lines.append(
            f"  <url>{loc}<lastmod>{date}</lastmod></url>" if date else f"  <url>{loc}</url>"
        )
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode()


def _lastmod_by_page(catalog: Catalog, graph: ProjectGraph) -> dict[str, str]:
    store = graph.store
    source_dates: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, NamedNode(DCTERMS + "date"), None):
        source_dates[term_value(quad.subject)] = term_value(quad.object)[:10]
    found: dict[str, str] = {}
    for source, date in source_dates.items():
        resource = catalog.page_of(source)
        if resource:
            found[resource.path] = max(found.get(resource.path, ""), date)
        for quad in store.quads_for_pattern(None, NamedNode(LDE + "reportedIn"), NamedNode(source)):
            reported = catalog.page_of(term_value(quad.subject))
            if reported:
                found[reported.path] = max(found.get(reported.path, ""), date)
    return found


def robots_txt(base: str) -> bytes:
    """robots.txt naming the sitemap. Crawlers read it only at the root of a host: for a base
    in a folder, comments say so and give the line to add to the host's own robots.txt."""
    sitemap = f"Sitemap: {base}{SITEMAP}"
    lines = []
    root = host_root(base)
    if root != base:
        lines = [
            f"# This site is in a folder ({base}), where crawlers never look for",
            f"# robots.txt: they read it only at the root of the host, {root}robots.txt.",
            "# For them to find this site's sitemap, add this line there:",
            f"# {sitemap}",
        ]
    return "\n".join([*lines, "User-agent: *", "Allow: /", sitemap, ""]).encode()


def robots_note(base: str) -> str | None:
    """What a build says when its robots.txt will not be read (a base in a folder), or None."""
    root = host_root(base)
    if root == base:
        return None
    return (
        f"note: crawlers read robots.txt only at {root}robots.txt, not in {base}: "
        f"add the line 'Sitemap: {base}{SITEMAP}' there"
    )


def host_root(base: str) -> str:
    """``https://example.org/`` for ``https://example.org/iraq-syria-2021/``."""
    scheme, _, rest = base.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/"
