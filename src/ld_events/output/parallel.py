"""Render and write resources in worker processes: a map over resources, no shared state.

Workers are forked after the graph and catalog are loaded, so they read the same in-memory
store without copying it up front. Each task is a chunk of work units in the order of the
dumps: the worker writes the pages and data files of its resources through a batch of the
writer, and its run of the dumps as a part, so each document is serialised once, for its own
files and for the dumps, and the parent only joins the parts. One more task writes the index
pages. A worker is replaced after a few tasks: what it reads of the parent's memory becomes
its own copy, and a long-lived worker would end up holding most of the store twice.

The chunks (shards) are cut where the content says, not every N units: an edit changes the
shards around it and no others, so an incremental build re-serialises only those, and takes
the other parts of the dumps from the previous build (named by a digest of their subjects).
Each task also returns which files each resource wrote and what its pages read
(``publish.reads``), for the next build to know what an edit touches."""

from __future__ import annotations

import gc
import hashlib
import itertools
import multiprocessing
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from ld_events.output.dumps import DumpPart
from ld_events.output.writer import FileBatch, SiteWriter
from ld_events.progress import Progress
from ld_events.publish.catalog import Catalog, Resource
from ld_events.publish.pages import Document, Publisher, SiteFile
from ld_events.publish.render import warm_templates

#: Below this many resources, forking costs more than it saves.
PARALLEL_FROM = 400
#: Shards hold this many units on average (a cut after a unit whose IRI hashes to 0 modulo
#: CHUNK), and at most 4 times as many.
CHUNK = 200
#: Each worker process is replaced after this many tasks (see _run_tasks).
TASKS_PER_WORKER = 8
#: The owner of the files that are not a resource's: index pages, static files, dumps.
SITE_FILES = ""


@dataclass(frozen=True)
class Unit:
    """One step of the map: a resource's page and files, a run of the dumps, or both."""

    resource: Resource | None
    #: Data subjects this step adds to the dumps, consecutive in dump order.
    dump_run: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return self.resource.iri if self.resource is not None else self.dump_run[0]


@dataclass(frozen=True)
class Shard:
    units: tuple[Unit, ...]
    #: A digest of the shard's resources and of its subjects' statements: names its dump part,
    #: which is the same for the same key.
    key: str


@dataclass(frozen=True)
class Task:
    """A shard to render (-1: the index files): the pages of all its resources or of some,
    and its part of the dumps or not."""

    shard: int
    #: The resources whose pages to render; ``None``: all.
    pages: frozenset[str] | None = None
    part: bool = True


@dataclass
class Rendered:
    """What tasks wrote: file names by owner (a resource's IRI, or :data:`SITE_FILES`), and
    the keys each resource's files were made from."""

    files: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, frozenset[str]] = field(default_factory=dict)
    pages: int = 0
    #: Index pages the previous build made as they are now (not written again), and the
    #: digests of all of them (``publish.render.PageMemo``).
    kept: list[str] = field(default_factory=list)
    page_digests: dict[str, bytes] = field(default_factory=dict)

    def take(self, other: Rendered) -> None:
        for owner, names in other.files.items():
            self.files.setdefault(owner, []).extend(names)
        # One object per key, however many pages read it: the state's pickle then stores
        # each key once (a reference for the others), a tenth of the size.
        for iri, keys in other.keys.items():
            self.keys[iri] = frozenset(map(sys.intern, keys))
        self.pages += other.pages
        self.kept += other.kept
        self.page_digests.update(other.page_digests)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def plan_shards(
    catalog: Catalog, resources: list[Resource], digests: Mapping[str, bytes]
) -> list[Shard]:
    """The units of :func:`plan_units`, cut into shards where the content says."""
    shards, current = [], []
    for unit in plan_units(catalog, resources):
        current.append(unit)
        cut = zlib.crc32(unit.anchor.encode()) % CHUNK == 0 or len(current) >= 4 * CHUNK
        if cut:
            shards.append(_shard(current, digests))
            current = []
    if current:
        shards.append(_shard(current, digests))
    return shards


def _shard(units: list[Unit], digests: Mapping[str, bytes]) -> Shard:
    hasher = hashlib.sha256()
    for unit in units:
        hasher.update(f"{unit.resource.iri if unit.resource else ''}\n".encode())
        for subject in unit.dump_run:
            hasher.update(f"{subject} ".encode() + digests.get(subject, b"") + b"\n")
    return Shard(tuple(units), hasher.hexdigest()[:32])


def render_shards(
    publisher: Publisher,
    shards: list[Shard],
    tasks: list[Task],
    writer: SiteWriter,
    jobs: int | None,
    progress: Progress | None,
    also: Callable[[], Iterable[SiteFile]] = lambda: (),
) -> Rendered:
    """Run ``tasks``: write their files, and the dump part of each whole shard (to the
    writer's scratch folder, :func:`ld_events.output.dumps.part_files`). The files of ``also``
    (the index pages) are task -1."""
    jobs = jobs or default_jobs()
    total = sum(_pages_of(shards[t.shard], t) for t in tasks if t.shard >= 0)
    work = _Work(publisher, shards, also, writer)
    outcome = Rendered()
    if progress:
        progress("pages", 0, 0)
    for done in _run_tasks(work, tasks, jobs, total):
        writer.adopt(name for names in done.files.values() for name in names)
        outcome.take(done)
        if progress and done.pages:
            progress("pages", outcome.pages, total)
    return outcome


def _pages_of(shard: Shard, task: Task) -> int:
    if task.pages is not None:
        return len(task.pages)
    return sum(1 for unit in shard.units if unit.resource is not None)


def plan_units(catalog: Catalog, resources: list[Resource]) -> list[Unit]:
    """Every resource once and every data subject once, in dump order where they are in it.

    A resource whose document is one run of the dump order renders and adds that run together.
    Runs of subjects without a page, and pieces of a document that another document's
    subjects sort between, are runs on their own; resources outside the data graph (action
    types) and those of split documents follow, page only.
    """
    by_document = {resource.iri.partition("#")[0]: resource for resource in resources}
    units = []
    paired: set[str] = set()
    runs = itertools.groupby(catalog.dump_subjects, key=lambda iri: iri.partition("#")[0])
    for document, subjects in runs:
        run = tuple(subjects)
        resource = by_document.get(document)
        whole = resource is not None and set(run) == set(catalog.document_subjects(resource))
        if resource is not None and whole:
            paired.add(resource.iri)
            units.append(Unit(resource, run))
        else:
            units.append(Unit(None, run))
    units.extend(Unit(r) for r in resources if r.iri not in paired)
    return units


@dataclass(frozen=True)
class _Work:
    """What the workers share (inherited when forked): tasks are small."""

    publisher: Publisher
    shards: list[Shard]
    also: Callable[[], Iterable[SiteFile]]
    writer: SiteWriter

    def run(self, task: Task) -> Rendered:
        batch = self.writer.batch()
        if task.shard >= 0:
            return _render_shard(self.publisher, self.shards[task.shard], task, batch)
        for relative, data in self.also():
            batch.write(relative, data)
        memo = self.publisher.memo
        return Rendered({SITE_FILES: batch.names}, kept=memo.kept, page_digests=memo.digests)


_work: _Work | None = None  # set in the parent before forking; read by workers


def _run_tasks(work: _Work, tasks: list[Task], jobs: int, pages: int) -> Iterator[Rendered]:
    """Each task's result, in task order."""
    if jobs == 1 or pages < PARALLEL_FROM or "fork" not in _start_methods():
        yield from map(work.run, tasks)
        return
    global _work
    _work = work
    warm_templates(work.publisher.catalog.language)  # compiled once here, not in each worker
    # Forked workers share the parent's memory until they write to it; each page they write
    # to is copied. The collector would write to every object header: the parent's objects
    # are frozen into a generation it never visits. Reading the store and the catalog still
    # copies what a worker reads, so each worker is replaced after a few tasks.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, maxtasksperchild=TASKS_PER_WORKER) as pool:
            yield from pool.imap(_run_in_worker, tasks, chunksize=1)
    finally:
        gc.unfreeze()
        _work = None


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def _run_in_worker(task: Task) -> Rendered:
    assert _work is not None, "workers are forked after the work is set"
    return _work.run(task)


def _render_shard(publisher: Publisher, shard: Shard, task: Task, batch: FileBatch) -> Rendered:
    """The task's pages of the shard and, if asked, the shard's part of the dumps."""
    done = Rendered()
    dump = DumpPart()
    for unit in shard.units:
        resource, document = unit.resource, None
        if resource is not None and (task.pages is None or resource.iri in task.pages):
            document = _render_resource(publisher, resource, batch, done)
        if not task.part or not unit.dump_run:
            continue
        if document is not None and document.only_data:
            dump.add(document.triples, document.serialised)  # serialised once for both
        else:
            dump.add(publisher.data_triples(unit.dump_run))
    if task.part:
        dump.write(batch, shard.key)
    return done


def _render_resource(
    publisher: Publisher, resource: Resource, batch: FileBatch, done: Rendered
) -> Document:
    document, files, keys = publisher.recorded_files(resource)
    for relative, data in files:
        batch.write(relative, data)
    done.files[resource.iri] = [relative for relative, _ in files]
    done.keys[resource.iri] = keys
    done.pages += 1
    return document
