"""The build, as one narrative: read, merge, validate, and only then publish.

Nothing is written until validation has passed, and the output appears only when complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ld_events import __version__
from ld_events.config import Config
from ld_events.errors import UsageError
from ld_events.layout import ROBOTS, SITEMAP, VOID
from ld_events.output.dumps import write_dumps
from ld_events.output.parallel import Progress, render_resources
from ld_events.output.writer import SiteWriter
from ld_events.project import LoadedProject, load_valid_project
from ld_events.publish.catalog import build_catalog
from ld_events.publish.dataset import robots_txt, sitemap_xml, void_turtle
from ld_events.publish.hosting import host_files
from ld_events.publish.packaged import packaged_files
from ld_events.publish.pages import Publisher, SiteFile, vocabulary_labels
from ld_events.publish.saved_queries import query_files
from ld_events.sources.reading import reads_as_sources
from ld_events.sparql.saved import run_saved_queries


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    resources: int
    events: int
    triples: int
    loaded: LoadedProject

    def summary(self) -> str:
        """What was built, as the command's last line says it."""
        skipped = sum(self.loaded.skipped_rows.values())
        return (
            f"built {self.out}: {self.events} events, {self.resources} pages of resources, "
            f"{self.files} files, {self.triples} triples"
            + (f", {skipped} bad table rows skipped" if skipped else "")
        )


def build(
    project: Path,
    out: Path | None = None,
    *,
    force: bool = False,
    strict: bool = False,
    progress: Progress | None = None,
    jobs: int | None = None,
    max_bad_rows: int | None = None,
) -> BuildResult:
    loaded = load_valid_project(project, strict=strict, max_bad_rows=max_bad_rows)
    graph = loaded.graph
    # queries/*.rq: a failing one stops the build here, before anything is written
    saved_queries = run_saved_queries(graph, loaded.config.query_timeout)
    target = out or loaded.config.root / loaded.config.output
    check_output_place(target, loaded.config)
    catalog = build_catalog(graph)
    publisher = Publisher(graph, catalog, vocabulary_labels(graph), f"ld-events {__version__}")
    if saved_queries:
        publisher.site = replace(publisher.site, queries=True)  # the "Queries" menu link
    writer = SiteWriter(target, force=force)
    try:
        resources = sorted(catalog.resources.values(), key=lambda r: r.path)

        def index_and_static_files() -> Iterator[SiteFile]:
            yield from query_files(publisher, saved_queries)
            yield from publisher.index_files()
            yield from packaged_files()
            yield from host_files(loaded.config.base, [r.path for r in resources])
            yield VOID, void_turtle(graph, catalog, graph.data_size, loaded.skipped_rows)

        # The index pages are written by a worker too, beside the resource chunks.
        parts = render_resources(
            publisher, resources, writer, jobs, progress, also=index_and_static_files
        )
        dump_sizes = write_dumps(publisher, writer, parts)
        triples = graph.data_size
        writer.write(*publisher.data_page(dump_sizes, triples, loaded.skipped_rows))
        writer.write(SITEMAP, sitemap_xml(catalog, graph, writer.page_folders()))
        writer.write(ROBOTS, robots_txt(loaded.config.base))
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    return BuildResult(
        out=writer.out,
        files=len(writer.files),
        resources=len(resources),
        events=len(catalog.events),
        triples=triples,
        loaded=loaded,
    )


def check_output_place(target: Path, config: Config) -> None:
    """Refuse an output that would replace the project, or whose files would be read as the
    project's sources at the next build."""
    out, root = target.resolve(), config.root
    if out == root or root.is_relative_to(out):
        raise UsageError(f"--out {target} would replace the project {root} with the site")
    if out.is_relative_to(root) and reads_as_sources(config, out):
        raise UsageError(
            f"--out {target} is inside the project, where the site's files would be read as "
            f"sources; build into {config.output}/ (the output setting) or outside the project"
        )
