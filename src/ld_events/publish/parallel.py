"""Render resource pages in worker processes: a map over resources, no shared state to lock.

Workers are forked after the graph and catalog are loaded, so they read the same in-memory
store without copying it; each writes its files into the staging folder and returns their names.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ld_events.publish.catalog import Resource
from ld_events.publish.site import Publisher
from ld_events.writer import SiteWriter

Progress = Callable[[str, int, int], None]
#: Below this many resources, forking costs more than it saves.
PARALLEL_FROM = 400
CHUNK = 200

_publisher: Publisher | None = None  # set in the parent before forking; read by workers


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def render_resources(
    publisher: Publisher,
    resources: list[Resource],
    writer: SiteWriter,
    jobs: int | None,
    progress: Progress | None,
) -> None:
    jobs = jobs or default_jobs()
    for number, names in enumerate(_rendered_chunks(publisher, resources, writer.staging, jobs)):
        writer.written.extend(names)
        if progress:
            progress("pages", min((number + 1) * CHUNK, len(resources)), len(resources))


def _rendered_chunks(
    publisher: Publisher, resources: list[Resource], staging: Path, jobs: int
) -> Iterator[list[str]]:
    chunks = [resources[i : i + CHUNK] for i in range(0, len(resources), CHUNK)]
    if jobs == 1 or len(resources) < PARALLEL_FROM or "fork" not in _start_methods():
        for chunk in chunks:
            yield _render_chunk(publisher, chunk, staging)
        return
    global _publisher
    _publisher = publisher
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            yield from pool.map(_render_in_worker, chunks, [staging] * len(chunks))
    finally:
        _publisher = None


def _start_methods() -> list[str]:
    return multiprocessing.get_all_start_methods()


def _render_in_worker(chunk: list[Resource], staging: Path) -> list[str]:
    assert _publisher is not None, "workers are forked after the publisher is set"
    return _render_chunk(_publisher, chunk, staging)


def _render_chunk(publisher: Publisher, chunk: list[Resource], staging: Path) -> list[str]:
    names = []
    for resource in chunk:
        for relative, data in publisher.resource_files(resource):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            names.append(relative)
    return names
