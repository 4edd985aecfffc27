"""Render resources in worker processes: a map over resources, no shared state to lock.

Workers are forked after the graph and catalog are loaded, so they read the same in-memory
store without copying it. Each takes a chunk of work units in the order of the dumps, writes
the pages and data files of its resources into the staging folder, and writes its run of the
dumps as a part file: each document is serialised once, for its own files and for the dumps,
and the parent only joins the parts.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ld_events.dumps import DumpPart, DumpParts
from ld_events.publish.catalog import Catalog, Resource
from ld_events.publish.site import Publisher
from ld_events.writer import SiteWriter

Progress = Callable[[str, int, int], None]
#: Below this many resources, forking costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 200
#: Where workers put their parts of the dumps, inside the staging folder (never published).
PARTS_FOLDER = ".dump-parts"

_publisher: Publisher | None = None  # set in the parent before forking; read by workers


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
    meanwhile: Callable[[], None] = lambda: None,
) -> DumpParts:
    """Render every resource and write the dumps' parts; run ``meanwhile`` in the parent, in a
    thread, while worker processes render (after them when there are no workers)."""
    jobs = jobs or default_jobs()
    units = plan_units(publisher.catalog, resources)
    chunks = [units[i : i + CHUNK] for i in range(0, len(units), CHUNK)]
    parts = DumpParts(writer.staging / PARTS_FOLDER, len(chunks))
    parts.folder.mkdir(parents=True)
    done = 0
    with ThreadPoolExecutor(max_workers=1) as parent_work:
        side_task = None
        for names, rendered in _rendered_chunks(publisher, chunks, writer.staging, jobs):
            if side_task is None:  # the first result: the workers exist, safe to start a thread
                side_task = parent_work.submit(meanwhile)
            writer.written.extend(names)
            done += rendered
            if progress:
                progress("pages", done, len(resources))
        (side_task or parent_work.submit(meanwhile)).result()
    return parts


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


def _rendered_chunks(
    publisher: Publisher, chunks: list[list[Unit]], staging: Path, jobs: int
) -> Iterator[tuple[list[str], int]]:
    numbers = range(len(chunks))
    resources = sum(1 for chunk in chunks for unit in chunk if unit.resource is not None)
    if jobs == 1 or resources < PARALLEL_FROM or "fork" not in _start_methods():
        for number, chunk in zip(numbers, chunks, strict=True):
            yield _render_chunk(publisher, chunk, staging, number)
        return
    global _publisher
    _publisher = publisher
    # The parent's objects move to a generation the collector never visits: otherwise each
    # worker's collections write to every object header and copy the parent's memory page by
    # page (copy-on-write), which at 100,000 events costs hundreds of megabytes per worker.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield from pool.map(_render_in_worker, chunks, [staging] * len(chunks), numbers)
    finally:
        gc.unfreeze()
        _publisher = None


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def _render_in_worker(chunk: list[Unit], staging: Path, number: int) -> tuple[list[str], int]:
    assert _publisher is not None, "workers are forked after the publisher is set"
    return _render_chunk(_publisher, chunk, staging, number)


def _render_chunk(
    publisher: Publisher, chunk: list[Unit], staging: Path, number: int
) -> tuple[list[str], int]:
    """Write the chunk's files; return their names and how many resources were rendered."""
    names = []
    dump = DumpPart()
    folders: set[str] = set()
    for unit in chunk:
        if unit.resource is None:
            dump.add(publisher.data_triples(unit.dump_run))
            continue
        for relative, data in publisher.resource_files(
            unit.resource, dump if unit.dump_run else None
        ):
            _write_file(staging, relative, data, folders)
            names.append(relative)
    dump.write(staging / PARTS_FOLDER, number)
    return names, sum(1 for unit in chunk if unit.resource is not None)


def _write_file(staging: Path, relative: str, data: bytes, folders: set[str]) -> None:
    """Write one new file; a folder is created once per chunk, not checked before every file.

    Plain os calls: a site has tens of thousands of small files, and pathlib's and io's
    layers cost as much as the kernel's work on them.
    """
    folder = relative.rpartition("/")[0]
    if folder not in folders:
        os.makedirs(staging / folder, exist_ok=True)
        folders.add(folder)
    descriptor = os.open(staging / relative, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)
