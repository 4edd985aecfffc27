"""Run the benchmarks: ``python -m benchmarks.run [--events 10000] [--skip-naive] [--format ttl]``.

Generates a synthetic project (benchmarks/synthetic.py) in a temporary folder, then runs each
pipeline in a fresh child process, so that peak memory is measured per pipeline:

- ``naive``: benchmarks/naive.py (rdflib parse, pySHACL on the whole graph, rdflib serialize and
  Jinja2 per resource);
- ``ld-events``: ``ld_events.build.build(project, out)``.

Wall and CPU time are measured inside the child around the pipeline call (imports excluded);
CPU time includes worker processes the pipeline starts. Memory: ``peak RSS`` is the child's
``ru_maxrss`` from ``os.wait4`` (the largest single process of its tree); ``all procs`` is the
peak of the summed PSS of the child and its workers, sampled every 0.2 s from /proc.
``--validate-only`` times ``ld_events.project.load_project`` (what ``ld-events validate`` runs).
``--profile`` runs each child under cProfile and prints its top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.synthetic import FORMATS, write_project

if TYPE_CHECKING:
    from ld_events.project import LoadedProject

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 5.0
MEMORY_LIMIT_MB = 2048.0
LABELS = {
    "naive": "naive (rdflib + pySHACL)",
    "ours": "ld-events build",
    "validate": "ld-events validate",
    "build": "ld-events build",
    "full": "ld-events build --full",
}


@dataclass
class Measurement:
    pipeline: str
    events: int
    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    peak_total_mb: float = 0.0
    note: str = ""

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------------------------------------
# Inside the child process
# ---------------------------------------------------------------------------------------------


def run_naive(project: Path, out: Path) -> tuple[int, str]:
    from benchmarks.naive import naive_build

    return naive_build(project, out), ""


def run_ours(project: Path, out: Path) -> tuple[int, str]:
    try:
        from ld_events.build import build
    except ImportError:  # before ld_events.build existed: validate + export as a stand-in
        return _stand_in(project, out), "stand-in: validate + export"
    result = build(project, out)
    return result.events, f"{result.resources} resources, {result.files} files"


def _stand_in(project: Path, out: Path) -> int:
    from ld_events.project import load_valid_project
    from ld_events.rdf.serialize import DumpFormat, serialize_triples

    loaded = load_valid_project(project)
    triples = list(loaded.graph.data_triples())
    out.mkdir(parents=True, exist_ok=True)
    data = serialize_triples(triples, DumpFormat.TURTLE)
    (out / "dataset.ttl").write_bytes(data)
    return _count_events(loaded)


def run_validate(project: Path, out: Path) -> tuple[int, str]:
    from ld_events.project import load_project

    loaded = load_project(project)
    report = loaded.report
    note = f"{report.summary()}, {loaded.graph.data_size} triples"
    return _count_events(loaded), note


def _count_events(loaded: LoadedProject) -> int:
    from pyoxigraph import NamedNode

    from ld_events.rdf.terms import DATA_GRAPH
    from ld_events.rdf.vocab import LDE, RDF_TYPE

    rdf_type = NamedNode(RDF_TYPE)
    found: set[str] = set()
    for name in ("Event", "EventSeries", "Statement"):
        event_class = NamedNode(LDE + name)
        for quad in loaded.graph.store.quads_for_pattern(None, rdf_type, event_class, DATA_GRAPH):
            if isinstance(quad.subject, NamedNode):
                found.add(quad.subject.value)
    return len(found)


def run_build(project: Path, out: Path, full: bool = False) -> tuple[int, str]:
    """The default build (incremental when ``out`` holds a previous build), or a full one."""
    from ld_events.build import build

    result = build(project, out, full=full)
    how = "incremental" if result.incremental else f"full: {result.full_reason}"
    return result.events, f"{how}, {result.files} files"


def run_full(project: Path, out: Path) -> tuple[int, str]:
    return run_build(project, out, full=True)


RUNNERS = {
    "naive": run_naive,
    "ours": run_ours,
    "validate": run_validate,
    "build": run_build,
    "full": run_full,
}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker processes)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def child(pipeline: str, project: Path, out: Path, profile: Path | None) -> None:
    runner = RUNNERS[pipeline]
    profiler = cProfile.Profile() if profile else None
    wall, cpu = time.perf_counter(), cpu_seconds()
    if profiler is not None:
        profiler.enable()
    events, note = runner(project, out)
    if profiler is not None:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    if profiler is not None and profile is not None:
        profiler.dump_stats(profile)
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
        print(text.getvalue(), file=sys.stderr)
    print(json.dumps({"events": events, "seconds": wall, "cpu_seconds": cpu, "note": note}))


# ---------------------------------------------------------------------------------------------
# In the parent
# ---------------------------------------------------------------------------------------------


class TreeMemory(threading.Thread):
    """Samples the summed PSS of a process and its descendants (Linux /proc; else stays 0).

    PSS splits pages shared between processes (forked workers) among them, so the sum is the
    memory the whole pipeline holds, where ru_maxrss only gives the largest single process.
    """

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            total = sum(_pss_kb(pid) for pid in _process_tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)

    def stop(self) -> None:
        self.stopped.set()
        self.join()


def _process_tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def measure(pipeline: str, project: Path, out: Path, profile: Path | None = None) -> Measurement:
    """Run one pipeline in a fresh interpreter; its stderr passes through."""
    command = [sys.executable, "-m", "benchmarks.run", "--child", pipeline]
    command += ["--project", str(project), "--out", str(out)]
    if profile is not None:
        command += ["--profile-file", str(profile)]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    # Flush the previous pipeline's files (tens of thousands) to disk first: otherwise the
    # kernel writes them back while this one runs, and it pays for the other's output.
    os.sync()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE)
    sampler = TreeMemory(process.pid)
    sampler.start()
    assert process.stdout is not None
    output = process.stdout.read().decode()
    process.stdout.close()
    _, status, usage = os.wait4(process.pid, 0)
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{LABELS[pipeline]} failed (exit {process.returncode})")
    result = json.loads(output.strip().splitlines()[-1])
    return Measurement(
        pipeline=LABELS[pipeline],
        events=int(result["events"]),
        seconds=float(result["seconds"]),
        cpu_seconds=float(result["cpu_seconds"]),
        peak_rss_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        peak_total_mb=sampler.peak_kb / 1024,
        note=str(result["note"]),
    )


def table(rows: list[Measurement]) -> str:
    header = (
        f"{'pipeline':<26} {'events':>8} {'seconds':>9} {'events/s':>9} {'CPU s':>9}"
        f" {'peak RSS MB':>12} {'all procs MB':>12}  note"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.pipeline:<26} {row.events:>8} {row.seconds:>9.1f} {row.events_per_second:>9.1f}"
            f" {row.cpu_seconds:>9.1f} {row.peak_rss_mb:>12.0f} {row.peak_total_mb:>12.0f}"
            f"  {row.note}"
        )
    return "\n".join(lines)


def verdicts(naive: Measurement | None, ours: Measurement, events: int) -> list[str]:
    lines = []
    if naive is not None and naive.events_per_second > 0:
        ratio = ours.events_per_second / naive.events_per_second
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        target = f"target >= {TARGET_RATIO:.0f}x: {verdict}"
        lines.append(f"ratio ld-events/naive events/s: {ratio:.1f}x ({target})")
        if ours.cpu_seconds > 0:
            cpu_ratio = naive.cpu_seconds / ours.cpu_seconds
            lines.append(f"ratio by CPU time (less sensitive to a busy machine): {cpu_ratio:.1f}x")
    peak = max(ours.peak_rss_mb, ours.peak_total_mb)
    under = "yes" if peak < MEMORY_LIMIT_MB else "NO"
    lines.append(
        f"ld-events peak memory at {events} events: {peak:.0f} MB"
        f" (largest process or all processes together; under 2 GB: {under})"
    )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--events", type=int, default=10000, help="events (default 10000)")
    parser.add_argument("--format", choices=FORMATS, default="ttl", help="source syntax (ttl)")
    parser.add_argument("--skip-naive", action="store_true", help="run ld-events only")
    parser.add_argument(
        "--validate-only", action="store_true", help="time ld-events validate (load_project)"
    )
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="time incremental builds after single edits against full builds (see README)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each pipeline")
    parser.add_argument("--workdir", type=Path, help="work here and keep the files")
    parser.add_argument(
        "--no-settle",
        action="store_true",
        help="do not wait for the file system to settle after an earlier run's deletion",
    )
    parser.add_argument("--child", choices=sorted(RUNNERS), help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.project, args.out, args.profile_file)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ld-events-bench-"))
    try:
        if args.incremental:
            from benchmarks.incremental import benchmark as incremental_benchmark

            incremental_benchmark(args, workdir)
        else:
            benchmark(args, workdir)
    finally:
        if args.workdir is None:
            _deleting(lambda: shutil.rmtree(workdir, ignore_errors=True))


def benchmark(args: argparse.Namespace, workdir: Path) -> None:
    workdir.mkdir(parents=True, exist_ok=True)
    project = workdir / f"project-{args.events}-{args.format}"
    started = time.perf_counter()
    if not (project / "ld-events.yaml").exists():
        write_project(project, args.events, args.format)
    print(
        f"project: {args.events} events ({args.format}) in {project}, "
        f"generated in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )

    def profile_file(name: str) -> Path | None:
        return workdir / f"{name}.prof" if args.profile else None

    if args.validate_only:
        rows = [measure("validate", project, workdir / "unused", profile_file("validate"))]
        print(table(rows))
        return
    rows = []
    naive: Measurement | None = None
    trash = workdir / ".previous-sites"
    try:
        settle(wait=not args.no_settle)
        if not args.skip_naive:
            out = _set_aside(workdir / "site-naive", trash)
            naive = measure("naive", project, out, profile_file("naive"))
            rows.append(naive)
        ours = measure(
            "ours", project, _set_aside(workdir / "site-ld-events", trash), profile_file("ours")
        )
        rows.append(ours)
    finally:
        if trash.exists():
            _deleting(lambda: shutil.rmtree(trash, ignore_errors=True))
    print(table(rows))
    for line in verdicts(naive, ours, args.events):
        print(line)
    print(largest_pages(workdir / "site-ld-events"))


#: Issue #13: no page over 200 KB of HTML at 100,000 events.
PAGE_LIMIT = 200_000


def largest_pages(site: Path, shown: int = 3) -> str:
    """The largest HTML pages of a built site, against :data:`PAGE_LIMIT`."""
    sizes = sorted(((p.stat().st_size, p) for p in site.rglob("*.html")), reverse=True)
    if not sizes:
        return "largest HTML pages: none written"
    pages = ", ".join(
        f"{p.relative_to(site).as_posix()} {n / 1000:.1f} kB" for n, p in sizes[:shown]
    )
    verdict = "under" if sizes[0][0] < PAGE_LIMIT else "OVER"
    return f"largest HTML pages: {pages} ({verdict} the {PAGE_LIMIT // 1000} kB limit)"


#: When a run last deleted its sites: the next run waits if that was too recent.
DELETED_AT = Path(tempfile.gettempdir()) / "ld-events-benchmark-deleted-at"
#: How long ext4 without a journal skips freed inodes: 60 s, 360 s while their block is dirty.
SETTLE_SECONDS = 360


def settle(wait: bool) -> None:
    """Wait until SETTLE_SECONDS have passed since an earlier run deleted its sites (see
    _set_aside), or only warn with ``wait`` false.

    Both pipelines write tens of thousands of files, and a file system still slow from the
    deletion narrows the ratio between them (measured here: 47,000 files and 12,000 folders
    took 2 s to create when quiet, 20 s a minute after such a deletion; a 10k run 251 s after
    a deletion measured 3.4x, the next one, 333 s after, 7.0x).
    """
    age = seconds_since_deletion()
    if age is None or age >= SETTLE_SECONDS:
        return
    why = (
        f"a benchmark run deleted its sites {age:.0f} s ago, and on ext4 without a journal files "
        f"are created several times slower for up to {SETTLE_SECONDS} s after that"
    )
    if wait:
        print(
            f"waiting {SETTLE_SECONDS - age:.0f} s: {why} (--no-settle: do not wait)",
            file=sys.stderr,
        )
        time.sleep(SETTLE_SECONDS - age)
    else:
        print(f"warning: {why}; the figures below will understate ld-events", file=sys.stderr)


def seconds_since_deletion() -> float | None:
    try:
        return time.time() - DELETED_AT.stat().st_mtime
    except FileNotFoundError:
        return None


def _deleting(delete: Callable[[], None]) -> None:
    """Record the deletion as it starts (a run may begin while it goes on) and as it ends."""
    DELETED_AT.touch()
    delete()
    DELETED_AT.touch()


def _set_aside(path: Path, trash: Path) -> Path:
    """Move a previous run's output away, to delete it after measuring, not before.

    ext4 allocates inodes slowly for a few minutes after many files were deleted (the kernel
    skips recently freed inodes; perf shows recently_deleted() under ext4_create): deleting the
    last run's 50,000 files first would slow down whichever pipeline runs next.
    """
    if path.exists():
        trash.mkdir(exist_ok=True)
        path.rename(trash / f"{path.name}-{len(list(trash.iterdir()))}")
    return path


if __name__ == "__main__":
    main()
