"""The build, as one narrative: read, merge, validate, and only then publish.

Nothing is written until validation has passed, and the output appears only when complete.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ld_events import __version__
from ld_events.config import Config
from ld_events.errors import BuildError, UsageError
from ld_events.layout import FEED, HTML, ROBOTS, SITEMAP, STREAM_ROOT, VOID
from ld_events.output.dumps import PARTS, part_files, write_dumps
from ld_events.output.incremental import full_plan, site_after, update_plan
from ld_events.output.parallel import SITE_FILES, Rendered, plan_shards, render_shards
from ld_events.output.search import write_search_index
from ld_events.output.state import BuildState, StateFolder, fingerprint
from ld_events.output.update import SiteUpdate
from ld_events.output.writer import SiteWriter, page_folders
from ld_events.progress import Progress
from ld_events.project import LoadedProject, load_valid_project
from ld_events.publish.catalog import build_catalog
from ld_events.publish.changes import NotScoped, changed_keys, pages_to_render, subject_digests
from ld_events.publish.dataset import robots_txt, sitemap_xml, void_turtle
from ld_events.publish.feed import atom_feed
from ld_events.publish.hosting import host_files
from ld_events.publish.packaged import packaged_files
from ld_events.publish.pages import Publisher, SiteFile, vocabulary_labels
from ld_events.publish.render import PageMemo
from ld_events.publish.saved_queries import query_files
from ld_events.publish.search import INDEXED_KINDS
from ld_events.publish.stream import (
    EventPages,
    StreamLog,
    append,
    recovered_log,
    root_document,
)
from ld_events.publish.versions import stream_digests, with_blank_nodes
from ld_events.sources.reading import reads_as_sources, sources_changed_at
from ld_events.sparql.saved import run_saved_queries


@dataclass(frozen=True)
class BuildResult:
    out: Path
    files: int
    resources: int
    events: int
    triples: int
    loaded: LoadedProject
    #: Whether the previous site was updated rather than built again.
    incremental: bool = False
    #: Why the build was a full one ("" if incremental).
    full_reason: str = ""
    #: Files written, changed or deleted (all of them in a full build).
    changed: int = 0

    def summary(self) -> str:
        """What was built, as the command's last line says it."""
        skipped = sum(self.loaded.skipped_rows.values())
        how = (
            f"updated {self.out} ({self.changed} files changed)"
            if self.incremental
            else f"built {self.out}"
        )
        return (
            f"{how}: {self.events} events, {self.resources} pages of resources, "
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
    full: bool = False,
) -> BuildResult:
    """Build the site of ``project`` into ``out``; incremental when the previous output and its
    state are there (``full`` builds everything again)."""
    loaded = load_valid_project(
        project, strict=strict, max_bad_rows=max_bad_rows, progress=progress
    )
    graph = loaded.graph
    # queries/*.rq: a failing one stops the build here, before anything is written
    saved_queries = run_saved_queries(graph, loaded.config.query_timeout)
    target = out or loaded.config.root / loaded.config.output
    check_output_place(target, loaded.config)
    if progress:
        progress("publishing", 0, 0)
    catalog = build_catalog(graph)
    publisher = Publisher(graph, catalog, vocabulary_labels(graph), f"ld-events {__version__}")
    if saved_queries:
        publisher.site = replace(publisher.site, queries=True)  # the "Queries" menu link
    publisher.site = replace(publisher.site, search=loaded.config.search)
    resources = sorted(catalog.resources.values(), key=lambda r: r.path)
    state = StateFolder(target)
    options = f"{__version__} max_bad_rows={max_bad_rows}"
    expected = fingerprint(loaded.config, options, loaded.graph.linked_digest)
    previous, reason = (None, "--full") if full else state.load(expected)
    try:
        digests = subject_digests(graph.store)
    except NotScoped as exc:
        digests, previous, reason = {}, None, str(exc)
    if previous is not None and previous.queries != bool(saved_queries):
        previous, reason = None, "saved queries were added or all removed"
    stream = _stream_after(state, previous, publisher, digests, target)
    shards = plan_shards(catalog, resources, digests)
    if previous is None:
        plan = full_plan(shards)
        writer: SiteWriter = SiteWriter(target, force=force)
    else:
        changed = changed_keys(previous.digests, digests, previous.catalog, catalog, graph.store)
        pages = pages_to_render(previous.keys, changed, catalog.resources)
        plan = update_plan(shards, pages, state.part)
        publisher.memo = PageMemo(previous.page_digests)
        writer = SiteUpdate(target)
    try:

        def index_and_static_files() -> Iterator[SiteFile]:
            yield from query_files(publisher, saved_queries)
            yield from publisher.index_files()
            yield from packaged_files(loaded.config.street_map is not None)
            yield from host_files(
                loaded.config.base, [r.path for r in resources], [FEED, *stream.names]
            )

        # The index pages are written by a worker too, beside the resource chunks.
        rendered = render_shards(
            publisher, shards, plan.tasks, writer, jobs, progress, also=index_and_static_files
        )
        if progress:
            progress("dumps", 0, 0)
        written_parts = writer.scratch / PARTS
        parts = [plan.kept_parts.get(s.key) or part_files(written_parts, s.key) for s in shards]
        dump_sizes, stats = write_dumps(publisher, writer, parts)
        triples = stats.triples
        for path, document in stream.documents.items():
            writer.write(path, document)
        writer.write(FEED, atom_feed(loaded.config, stream.log, __version__))
        writer.write(
            VOID, void_turtle(graph, catalog, stats, stream.log.modified, loaded.skipped_rows)
        )
        writer.write(*publisher.data_page(dump_sizes, triples, loaded.skipped_rows))
        writer.write(ROBOTS, robots_txt(loaded.config.base))
        site_files = [*_site_files(writer, rendered), SITEMAP, *stream.kept]
        if loaded.config.search:
            if progress:
                progress("search", 0, 0)
            # Every page indexed again, the unchanged ones read from the site (output.search).
            searched = [r.path + HTML.filename for r in resources if r.kind in INDEXED_KINDS]
            site_files += write_search_index(writer, searched, writer.out)
        site = site_after(previous, rendered, site_files, set(catalog.resources))
        writer.write(SITEMAP, sitemap_xml(catalog, graph, page_folders(site.names)))
        if progress:
            progress("site", 0, 0)
        new_state = BuildState(
            expected,
            digests,
            catalog,
            site.keys,
            site.files,
            [s.key for s in shards],
            bool(saved_queries),
            rendered.page_digests,
        )
        state.save_stream(stream.log, stream.documents)
        if isinstance(writer, SiteUpdate):
            state.begin_update()
            state.keep_parts(written_parts)
            changed_files = writer.apply(site.names, site.removed)
        else:
            state.forget()
            state.keep_parts(written_parts)
            writer.commit()
            changed_files = len(site.names)
        state.save(new_state)
    except BaseException:
        writer.abort()
        raise
    return BuildResult(
        out=writer.out,
        files=len(site.names),
        resources=len(resources),
        events=len(catalog.events),
        triples=triples,
        loaded=loaded,
        incremental=previous is not None,
        full_reason=reason,
        changed=changed_files,
    )


@dataclass(frozen=True)
class StreamFiles:
    log: StreamLog
    #: The stream's documents this build writes, and those it leaves as they are.
    documents: dict[str, bytes]
    kept: list[str]

    @property
    def names(self) -> list[str]:
        return sorted([*self.documents, *self.kept])


def _stream_after(
    state: StateFolder,
    previous: BuildState | None,
    publisher: Publisher,
    digests: dict[str, bytes],
    target: Path,
) -> StreamFiles:
    """The change stream with this build's versions appended (``publish.stream``), and which
    of its documents to write: the changed ones, and in a full build all of them (from the
    copies in the state; a site whose update failed gets those it lacks)."""
    store, catalog = publisher.graph.store, publisher.catalog
    labels: dict[str, str] = {}
    if not digests:  # blank nodes: the stream still follows them
        digests, labels = stream_digests(store)
    events = EventPages(
        {iri: event.label for iri, event in catalog.events.items()},
        {iri: catalog.resources[iri].path for iri in catalog.events if iri in catalog.resources},
    )
    log = state.load_stream()
    if not log.fragments and (target / STREAM_ROOT).is_file():
        log = recovered_log(published_fragments(target))
    update = append(
        log,
        digests,
        lambda subject: with_blank_nodes(publisher.data_triples([subject]), store, labels),
        publisher.base,
        events,
        sources_changed_at(publisher.graph.config),
    )
    log, documents = update.log, dict(update.files)
    if not log.fragments:
        return StreamFiles(log, {}, [])
    documents[STREAM_ROOT] = root_document(publisher.base)
    published = set(previous.files.get(SITE_FILES, [])) if previous else set()
    kept = []
    for name in log.fragment_names():
        if name in documents:
            continue
        if name in published:
            kept.append(name)
            continue
        found = state.stream_document(name)
        if found is None and (target / name).is_file():
            found = (target / name).read_bytes()
        if found is None:
            raise BuildError(
                f"the change stream's {name} is neither in {state.stream} nor in {target}: "
                "restore the state folder from a backup"
            )
        documents[name] = found
    return StreamFiles(log, documents, kept)


def published_fragments(site: Path) -> dict[int, bytes]:
    """The change stream's fragments as the site has them, by number."""
    folder = site / STREAM_ROOT
    return {
        int(path.stem): path.read_bytes()
        for path in folder.parent.glob("*.ttl")
        if path.stem.isdigit() and path.is_file()
    }


def _site_files(writer: SiteWriter, rendered: Rendered) -> list[str]:
    """The files this build wrote that are no resource's: index pages, static files, dumps."""
    owned = {
        name for owner, names in rendered.files.items() if owner != SITE_FILES for name in names
    }
    return [name for name in writer.files if name not in owned] + rendered.kept


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
