"""Incremental builds: ``python -m benchmarks.run --incremental [--events N] [--format ttl]``.

Generates the synthetic project with one busy actor (it takes part in BUSY_ACTOR events), builds
it in full, then applies single edits one after the other (EDITS). After each, in fresh child
processes like the other benchmarks: the default ``ld-events build`` updating the previous site
(incremental), then a full build (``--full``) of the same sources into a fresh folder (given the
change stream's history as it was before the edit). It prints
both wall times, their ratio, and whether the two sites are byte-identical.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.synthetic import (
    Dataset,
    Event,
    SourceFormat,
    TimeSpec,
    events_of,
    project_files,
    record_writer,
    write_project,
)
from ld_events.output.state import StateFolder

#: The actor whose label changes takes part in this many events (benchmarks/synthetic.py).
BUSY_ACTOR = 100


@dataclass
class Row:
    edit: str
    incremental: float
    full: float
    identical: bool
    note: str

    @property
    def ratio(self) -> float:
        return self.full / self.incremental if self.incremental > 0 else 0.0


class Project:
    """The generated project as records in files, rewriting only the file an edit touches."""

    def __init__(self, folder: Path, events: int, source_format: SourceFormat) -> None:
        self.folder, self.format = folder, source_format
        self.data: Dataset = write_project(folder, events, source_format, busy_actor=BUSY_ACTOR)
        self.writer = record_writer(source_format)
        self.files = project_files(self.data, source_format)

    def file_of(self, block: str) -> str:
        return next(path for path, blocks in self.files.items() if block in blocks)

    def rewrite(self, path: str, old: str | None, new: str | None) -> None:
        """Replace (or add, or remove) one record's text in one file, and write that file."""
        blocks = self.files[path]
        if old is None:
            blocks.append(new or "")
        elif new is None:
            blocks.remove(old)
        else:
            blocks[blocks.index(old)] = new
        (self.folder / path).write_text(self.writer.file(blocks), encoding="utf-8")

    def change_event(self, event: Event, change: Callable[[Event], None]) -> None:
        old = self.writer.event(event)
        change(event)
        self.rewrite(self.file_of(old), old, self.writer.event(event))

    def unreferenced_events(self) -> list[Event]:
        """Plain events nothing points at: no sub-event, claim or statement refers to them."""
        parents = {e.part_of for e in self.data.events if e.part_of}
        found = [e for e in self.data.events if e.cls == "Event" and not e.claims]
        return [e for e in found if e.slug not in parents and e.part_of is None]


def label_of_one_event(project: Project) -> str:
    event = project.data.events[len(project.data.events) // 2]
    project.change_event(event, lambda e: setattr(e, "label", e.label + " (edited)"))
    return f"label of {event.slug}"


def date_moved_to_another_month(project: Project) -> str:
    candidates = [e for e in project.unreferenced_events() if e.time.form == "day"]
    event = candidates[len(candidates) // 3]
    day = event.day.replace(day=1) - dt.timedelta(days=20)  # the month before
    project.change_event(event, lambda e: setattr(e, "time", TimeSpec("day", day, day)))
    return f"{event.slug}: {event.day} -> {day}"


def busy_actor_renamed(project: Project) -> str:
    actor = project.data.actors[0]
    old = project.writer.actor(actor)
    actor.label = f"{actor.label} (renamed)"
    project.rewrite(project.file_of(old), old, project.writer.actor(actor))
    return f"label of {actor.slug}, in {len(events_of(actor.slug, project.data.events))} events"


def event_added(project: Project) -> str:
    model = project.unreferenced_events()[-1]
    event = replace(model, slug="added-benchmark-event", label="An event added by the benchmark")
    event.agents, event.targets, event.claims = list(model.agents), list(model.targets), []
    project.data.events.append(event)
    last = sorted(path for path in project.files if path.startswith("events/"))[-1]
    project.rewrite(last, None, project.writer.event(event))
    return f"{event.slug}, in {last}"


def event_deleted(project: Project) -> str:
    candidates = project.unreferenced_events()
    event = candidates[2 * len(candidates) // 3]
    project.data.events.remove(event)
    block = project.writer.event(event)
    project.rewrite(project.file_of(block), block, None)
    return event.slug


EDITS: tuple[tuple[str, Callable[[Project], str]], ...] = (
    ("one event's label", label_of_one_event),
    ("one event's date, to another month", date_moved_to_another_month),
    (f"one actor's label ({BUSY_ACTOR} events)", busy_actor_renamed),
    ("one event added", event_added),
    ("one event deleted", event_deleted),
)


def identical(a: Path, b: Path) -> tuple[bool, str]:
    """Whether two sites hold the same files with the same bytes; else the first difference."""
    names_a, names_b = _files(a), _files(b)
    if names_a != names_b:
        only = sorted(names_a ^ names_b)[:3]
        return False, f"files only in one site: {only}"
    for name in sorted(names_a):
        if (a / name).read_bytes() != (b / name).read_bytes():
            return False, f"{name} differs"
    return True, ""


def _files(folder: Path) -> set[str]:
    return {
        os.path.relpath(os.path.join(top, name), folder)
        for top, _, names in os.walk(folder)
        for name in names
    }


@dataclass
class Timing:
    seconds: float  # the child process, from start to exit: start-up and imports included
    inside: float  # the build call alone
    note: str


def timed(pipeline: str, project: Path, out: Path) -> Timing:
    """Run one build in a fresh interpreter, as the command line would."""
    from benchmarks.run import REPO

    command = [sys.executable, "-m", "benchmarks.run", "--child", pipeline]
    command += ["--project", str(project), "--out", str(out)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    os.sync()  # the previous build's files are written back before this one starts
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.PIPE, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{pipeline} build of {project} failed (exit {done.returncode})")
    result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return Timing(seconds, float(result["seconds"]), str(result["note"]))


def benchmark(args: argparse.Namespace, workdir: Path) -> None:
    from benchmarks.run import _deleting, _set_aside, settle

    workdir.mkdir(parents=True, exist_ok=True)
    folder = workdir / f"incremental-{args.events}-{args.format}"
    trash = workdir / ".previous-sites"
    _set_aside(folder, trash)
    started = time.perf_counter()
    project = Project(folder / "project", args.events, args.format)
    print(
        f"project: {args.events} events ({args.format}) in {project.folder}, "
        f"generated in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    rows: list[Row] = []
    try:
        settle(wait=not args.no_settle)
        site = folder / "site"
        first = timed("full", project.folder, site)
        print(f"first build (full): {first.seconds:.1f} s, {first.note}", file=sys.stderr)
        for number, (name, edit) in enumerate(EDITS, start=1):
            what = edit(project)
            full_site = folder / f"full-{number}"
            # The change stream is history a full build keeps: both start from the same one.
            shutil.copytree(StateFolder(site).stream, StateFolder(full_site).stream)
            incremental = timed("build", project.folder, site)
            full = timed("full", project.folder, full_site)
            same, why = identical(site, full_site)
            note = (
                f"{what}; {incremental.note}; build calls {incremental.inside:.2f} s"
                f" / {full.inside:.2f} s" + (f"; {why}" if why else "")
            )
            rows.append(Row(name, incremental.seconds, full.seconds, same, note))
            print(f"{name}: {note}", file=sys.stderr)
    finally:
        if trash.exists():
            _deleting(lambda: shutil.rmtree(trash, ignore_errors=True))
    print(table(rows, args.events))


def table(rows: list[Row], events: int) -> str:
    header = (
        f"{'edit':<34} {'events':>8} {'incremental s':>14} {'full s':>8} {'ratio':>7}  identical"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.edit:<34} {events:>8} {row.incremental:>14.2f} {row.full:>8.2f}"
            f" {row.ratio:>6.1f}x  {'yes' if row.identical else 'NO'}"
        )
    return "\n".join(lines)
