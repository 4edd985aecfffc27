"""The build, as one narrative: read, merge, validate, and only then publish.

Nothing is written until validation has passed, and the output appears only when complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ld_events.output.parallel import Progress, render_resources
from ld_events.output.writer import SiteWriter
from ld_events.project import LoadedProject, load_valid_project
from ld_events.publish.catalog import build_catalog
from ld_events.publish.dataset import robots_txt, sitemap_xml, void_turtle
from ld_events.publish.pages import (
    Publisher,
    SiteFile,
    hosting_files,
    vocabulary_labels,
    write_dataset_dumps,
)
from ld_events.publish.queries import query_files, run_saved_queries


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    resources: int
    events: int
    triples: int
    loaded: LoadedProject


def build(
    project: Path,
    out: Path | None = None,
    *,
    force: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> BuildResult:
    loaded = load_valid_project(project, strict=strict)
    graph = loaded.graph
    saved_queries = run_saved_queries(graph)  # queries/*.rq: a failing one stops the build here
    target = out or loaded.config.root / loaded.config.output
    catalog = build_catalog(graph)
    publisher = Publisher(graph, catalog, vocabulary_labels(graph))
    if saved_queries:
        publisher.site = replace(publisher.site, queries=True)  # the "Queries" menu link
    writer = SiteWriter(target, force=force)
    try:
        resources = sorted(catalog.resources.values(), key=lambda r: r.path)

        def index_and_static_files() -> Iterator[SiteFile]:
            yield from query_files(publisher, saved_queries)
            yield from publisher.index_files()
            yield from publisher.static_files()
            yield from hosting_files(loaded.config.base, resources)
            yield "void.ttl", void_turtle(graph, catalog, graph.data_size)

        # The index pages are written by a worker too, beside the resource chunks.
        parts = render_resources(
            publisher, resources, writer, jobs, progress, also=index_and_static_files
        )
        dump_sizes = write_dataset_dumps(publisher, parts, writer.staging / "dump")
        writer.written.extend(dump_sizes)
        triples = graph.data_size
        writer.write(*publisher.data_page(dump_sizes, triples))
        pages = [p.removesuffix("index.html") for p in writer.written if p.endswith("index.html")]
        writer.write("sitemap.xml", sitemap_xml(catalog, graph, pages))
        writer.write("robots.txt", robots_txt(loaded.config.base))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return BuildResult(
        out=writer.out,
        files=len(writer.written),
        resources=len(resources),
        events=len(catalog.events),
        triples=triples,
        loaded=loaded,
    )
