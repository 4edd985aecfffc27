"""Render and write resources in worker processes: a map over resources, no shared state.

Workers are forked after the graph and catalog are loaded, so they read the same in-memory
store without copying it up front. Each task is a chunk of work units in the order of the
dumps: the worker writes the pages and data files of its resources through a batch of the
writer, and its run of the dumps as a part, so each document is serialised once, for its own
files and for the dumps, and the parent only joins the parts. One more task writes the index
pages. A worker is replaced after a few tasks: what it reads of the parent's memory becomes
its own copy, and a long-lived worker would end up holding most of the store twice."""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ld_events.output.dumps import DumpPart
from ld_events.output.writer import FileBatch, SiteWriter
from ld_events.publish.catalog import Catalog, Resource
from ld_events.publish.pages import Publisher, SiteFile
from ld_events.publish.render import warm_templates

Progress = Callable[[str, int, int], None]
#: Below this many resources, forking costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 200
#: Each worker process is replaced after this many tasks (see _run_tasks).
TASKS_PER_WORKER = 8


@dataclass(frozen=True)
class Unit:
    """One step of the map: a resource's page and files, a run of the dumps, or both."""

    resource: Resource | None
    #: Data subjects this step adds to the dumps, consecutive in dump order.
    dump_run: tuple[str, ...] = ()


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render_resources(
    publisher: Publisher,
    resources: list[Resource],
    writer: SiteWriter,
    jobs: int | None,
    progress: Progress | None,
    also: Callable[[], Iterable[SiteFile]] = lambda: (),
) -> int:
    """Render every resource, write the parts of the dumps, and write the files ``also`` gives.

    ``also`` (the index pages) runs as one more task, beside the resource chunks. Returns how
    many parts of the dumps were written (for ``output.dumps.write_dumps``).
    """
    jobs = jobs or default_jobs()
    units = plan_units(publisher.catalog, resources)
    chunks = [units[i : i + CHUNK] for i in range(0, len(units), CHUNK)]
    work = _Work(publisher, chunks, also, writer)
    done = 0
    for names, rendered in _run_tasks(work, jobs, len(resources)):
        writer.adopt(names)
        done += rendered
        if progress and rendered:
            progress("pages", done, len(resources))
    return len(chunks)


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
    """What the workers share (inherited when forked): tasks are only numbers."""

    publisher: Publisher
    chunks: list[list[Unit]]
    also: Callable[[], Iterable[SiteFile]]
    writer: SiteWriter

    @property
    def tasks(self) -> list[int]:
        """-1 for the files of ``also``, then each chunk's number (its dump part's number)."""
        return [-1, *range(len(self.chunks))]

    def run(self, task: int) -> tuple[list[str], int]:
        """The task's file names and how many resources it rendered."""
        batch = self.writer.batch()
        if task >= 0:
            rendered = _render_chunk(self.publisher, self.chunks[task], batch, task)
            return batch.names, rendered
        for relative, data in self.also():
            batch.write(relative, data)
        return batch.names, 0


_work: _Work | None = None  # set in the parent before forking; read by workers


def _run_tasks(work: _Work, jobs: int, resources: int) -> Iterator[tuple[list[str], int]]:
    """Each task's result, in task order."""
    if jobs == 1 or resources < PARALLEL_FROM or "fork" not in _start_methods():
        yield from map(work.run, work.tasks)
        return
    global _work
    _work = work
    warm_templates()  # compiled once here, not again in every worker
    # Forked workers share the parent's memory until they write to it; each page they write
    # to is copied. The collector would write to every object header: the parent's objects
    # are frozen into a generation it never visits. Reading the store and the catalog still
    # copies what a worker reads, so each worker is replaced after a few tasks.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, maxtasksperchild=TASKS_PER_WORKER) as pool:
            yield from pool.imap(_run_in_worker, work.tasks, chunksize=1)
    finally:
        gc.unfreeze()
        _work = None


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def _run_in_worker(task: int) -> tuple[list[str], int]:
    assert _work is not None, "workers are forked after the work is set"
    return _work.run(task)


def _render_chunk(publisher: Publisher, chunk: list[Unit], batch: FileBatch, number: int) -> int:
    """Write the chunk's files and its part of the dumps; return how many resources it rendered."""
    dump = DumpPart()
    for unit in chunk:
        if unit.resource is None:
            dump.add(publisher.data_triples(unit.dump_run))
            continue
        document = publisher.document(unit.resource)
        for relative, data in publisher.resource_files(unit.resource, document):
            batch.write(relative, data)
        if not unit.dump_run:
            continue
        if document.only_data:
            dump.add(document.triples, document.serialised)  # serialised once for both
        else:
            dump.add(publisher.data_triples(publisher.catalog.document_subjects(unit.resource)))
    dump.write(batch, number)
    return sum(1 for unit in chunk if unit.resource is not None)
