"""``serve`` watches a project: a change to its files rebuilds the site, and open pages reload.

The files are watched by watchfiles (Rust's notify: inotify, FSEvents, ...), which groups the
changes of one save. The output folder, its build's folders beside it (``.<output>.staging``,
...), hidden folders and editors' temporary files are not watched. Changes that come during a
rebuild are kept, and build once more after it: one rebuild at a time, never one per file.
Each rebuild is printed (what changed, the diagnostics as ``validate`` prints them, the summary
and the time), told to the pages (:class:`~ld_events.serving.livereload.LiveState`), and, once
it succeeded, to the SPARQL endpoint, which then answers over the new site's dumps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path

from watchfiles import Change, DefaultFilter, watch

from ld_events.serving.endpoint import SparqlEndpoint
from ld_events.serving.livereload import LiveState
from ld_events.serving.rebuild import Builder, Outcome

#: Files of editors that are not the file edited: swap, backup, lock and autosave files.
EDITOR_FILES = (r"^#.*#$", r"^\.#", r"^4913$", r"\.swp$", r"\.swx$", r"~$", r"\.tmp$", r"\.bak$")
#: Changed files named in one line; more are counted.
NAMED = 5
#: watchfiles hands over (nothing, if nothing changed) this often: the first time tells that
#: the project is watched. A project too large to watch within READY_SECONDS is watched later.
TICK_MS = 250
READY_SECONDS = 30.0

Say = Callable[[str], None]


class ProjectFilter(DefaultFilter):
    """The project's own files: not the output, not hidden, not an editor's temporary file."""

    ignore_entity_patterns = (*DefaultFilter.ignore_entity_patterns, *EDITOR_FILES)

    def __init__(self, root: Path, output: Path) -> None:
        super().__init__()
        self.root = root.resolve()
        self.outputs: tuple[Path, ...] = (output.resolve(),)  # replaced whole, never changed

    def __call__(self, change: Change, path: str) -> bool:
        where = Path(path)
        if any(where == out or where.is_relative_to(out) for out in self.outputs):
            return False
        try:
            parts = where.relative_to(self.root).parts
        except ValueError:
            return False
        if any(part.startswith(".") for part in parts):
            return False  # hidden folders and files, the build's .<output>.staging among them
        return bool(super().__call__(change, path))


def lasting(batch: set[tuple[Change, str]]) -> set[str]:
    """The paths changed, less the files both made and removed meanwhile: a tool's temporary
    file (``sed -i``, an editor saving through a new file renamed over the old one)."""
    added = {path for change, path in batch if change is Change.added}
    deleted = {path for change, path in batch if change is Change.deleted}
    transient = {path for path in added & deleted if not Path(path).exists()}
    return {path for _, path in batch} - transient


class Watcher:
    """Watches ``project`` in one thread and rebuilds in another, until :meth:`stop`."""

    def __init__(
        self,
        project: Path,
        output: Path,
        builder: Builder,
        state: LiveState,
        endpoint: SparqlEndpoint | None,
        say: Say,
        rebuilt: Callable[[], None] = lambda: None,
    ) -> None:
        self.project = project.resolve()
        self.output = output.resolve()
        self.builder = builder
        self.state = state
        self.endpoint = endpoint
        self.say = say
        self.rebuilt = rebuilt  # after each successful rebuild, before the pages are told
        self._changed: set[str] = set()
        self._wake = threading.Condition()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self.filter = ProjectFilter(self.project, self.output)
        self._threads = [
            threading.Thread(target=self._watch, name="ld-events-watch", daemon=True),
            threading.Thread(target=self._rebuild, name="ld-events-rebuild", daemon=True),
        ]

    def start(self) -> None:
        """Start watching; return once changes are seen (and say so)."""
        for thread in self._threads:
            thread.start()
        self._ready.wait(timeout=READY_SECONDS)
        self.say(
            f"watching {self.project} for changes: each rebuilds the site, and open pages reload"
        )

    def stop(self) -> None:
        """Stop watching, and the builder (at once, if it is building)."""
        self._stop.set()
        with self._wake:
            self._wake.notify_all()
        self.builder.close()
        for thread in self._threads:
            thread.join(timeout=10)

    def _watch(self) -> None:
        try:
            self._watch_changes()
        except Exception as exc:  # no watches to be had (a system limit): say so, serve on
            self.say(f"cannot watch {self.project} ({exc}): serving without rebuilds")
        finally:
            self._ready.set()

    def _watch_changes(self) -> None:
        changes = watch(
            self.project,
            watch_filter=self.filter,
            stop_event=self._stop,
            raise_interrupt=False,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,  # the first yield tells the watches are in place
        )
        for batch in changes:
            self._ready.set()
            if changed := lasting(batch):
                with self._wake:
                    self._changed.update(changed)
                    self._wake.notify_all()

    def _rebuild(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: bool(self._changed) or self._stop.is_set())
                if self._stop.is_set():
                    return
                # Filtered again: the filter may have learnt of a new output since they came.
                changed = sorted(p for p in self._changed if self.filter(Change.modified, p))
                self._changed = set()
            if not changed:
                continue
            self.say(f"changed: {self._named(changed)}")
            self._report(self.builder.build())

    def _named(self, changed: list[str]) -> str:
        names = [Path(path).relative_to(self.project).as_posix() for path in changed]
        more = f" and {len(names) - NAMED} more" if len(names) > NAMED else ""
        return ", ".join(names[:NAMED]) + more

    def _report(self, outcome: Outcome) -> None:
        if self._stop.is_set():
            if outcome.quads:  # never to be loaded
                Path(outcome.quads).unlink(missing_ok=True)
            return
        if outcome.text:
            self.say(outcome.text)
        if not outcome.ok:
            self.state.failed(outcome.problems)
            self.say(f"still serving the last good site (build failed in {outcome.seconds:.2f} s)")
            return
        # "updated ..." says an incremental build; a full one says why it was one
        how = f" (full build: {outcome.full_reason})" if outcome.full_reason else ""
        self.say(f"{outcome.summary}{how} in {outcome.seconds:.2f} s")
        if Path(outcome.out) != self.output:  # its files are no source: never rebuild for them
            self.filter.outputs = (*self.filter.outputs, Path(outcome.out))
            self.say(f"the output is now {outcome.out}: restart ld-events serve to serve it")
        self.rebuilt()
        quads = Path(outcome.quads)
        if self.endpoint is None:
            quads.unlink(missing_ok=True)
        else:
            reloaded = self.endpoint.reload(quads, outcome.base, outcome.title)
            reloaded.add_done_callback(partial(self._reloaded, quads))
        self.state.succeeded()

    def _reloaded(self, quads: Path, done: Future[object]) -> None:
        quads.unlink(missing_ok=True)  # read, or never to be (a reload superseded, or stopped)
        problem = done.result()
        if problem is not None and not self._stop.is_set():
            self.say(f"SPARQL: still over the previous data: {problem}")
