"""``serve``'s rebuilds: :func:`ld_events.build.build` run again, in a process of its own.

A build forks (its rendering workers, the fork server of its saved queries). Forked from the
serving process, whose threads answer requests, a child could inherit a lock another thread
held, and the open sockets of every client. So the builder is forked once, before the server
starts any thread, and builds when asked: :meth:`Builder.build` returns an :class:`Outcome`
(picklable: what the terminal and the page show), never raises for a failed build.

A successful build also writes its graph, as ``serve``'s SPARQL endpoint serves a project's
(data, entailments and vocabularies, each in its named graph), to an N-Quads file for the
endpoint's fork server to load (:attr:`Outcome.quads`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType

from pyoxigraph import RdfFormat

from ld_events.build import build
from ld_events.errors import LdEventsError
from ld_events.graph import ProjectGraph
from ld_events.rdf.entailment import Entailment
from ld_events.report import Report, Severity
from ld_events.terminal import failure_text, warnings_text


@dataclass(frozen=True)
class Outcome:
    """One rebuild: whether it succeeded, what to print, and the errors a page shows."""

    ok: bool
    seconds: float
    #: What the terminal shows, as ``ld-events validate`` and ``build`` print it.
    text: str = ""
    #: The build's summary line (a successful build).
    summary: str = ""
    #: Each error as ``file:line:column: error[code]: message`` (a failed build).
    problems: tuple[str, ...] = ()
    #: Whether the build updated the previous site, and if not, why.
    incremental: bool = False
    full_reason: str = ""
    #: The graph built, as N-Quads in a temporary file (its reader removes it), with the base
    #: and the title of the dataset (a successful build).
    quads: str = ""
    base: str = ""
    title: str = ""
    #: The folder built (the config's output setting may have changed).
    out: str = ""


def build_outcome(project: Path, entailment: Entailment = Entailment.RDFS) -> Outcome:
    """Build ``project`` once; a failure becomes an :class:`Outcome`, an internal error too
    (its traceback is the text: the server goes on serving the last good site). The graph for
    the endpoint is written under ``entailment``."""
    started = time.monotonic()
    try:
        result = build(project)
    except LdEventsError as exc:
        seconds = time.monotonic() - started
        return Outcome(False, seconds, failure_text(exc), problems=_problems(exc.report))
    except Exception:  # a bug: shown, and the preview goes on
        seconds = time.monotonic() - started
        text = traceback.format_exc().rstrip()
        return Outcome(False, seconds, text, problems=(text.splitlines()[-1],))
    config = result.loaded.config
    return Outcome(
        True,
        time.monotonic() - started,
        warnings_text(result.loaded.report),
        result.summary(),
        incremental=result.incremental,
        full_reason=result.full_reason,
        quads=write_quads(result.loaded.graph, entailment),
        base=config.base,
        title=config.title,
        out=str(result.out),
    )


def write_quads(graph: ProjectGraph, entailment: Entailment = Entailment.RDFS) -> str:
    """The graph under ``entailment``, as SPARQL sees a project, in a new N-Quads file; the
    graph is left as the build left it (without entailments)."""
    graph.entail(entailment)
    try:
        handle, path = tempfile.mkstemp(prefix="ld-events-sparql-", suffix=".nq")
        os.close(handle)
        graph.store.dump(output=path, format=RdfFormat.N_QUADS)
    finally:
        graph.drop_entailments()
    return path


#: Errors a page's banner lists; the terminal has them all.
SHOWN = 50


def _problems(report: Report) -> tuple[str, ...]:
    errors = [d for d in report.sorted() if d.severity is Severity.ERROR] or report.sorted()
    more = [f"... {len(errors) - SHOWN} more in the terminal"] if len(errors) > SHOWN else []
    return tuple(d.to_text() for d in errors[:SHOWN]) + tuple(more)


class Builder:
    """Builds ``project`` in a process forked by :meth:`start`, one build at a time."""

    def __init__(self, project: Path, entailment: Entailment = Entailment.RDFS) -> None:
        self.project = project
        self.entailment = entailment
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._sending = threading.Lock()  # a build asked for, or the end, one at a time

    def start(self) -> None:
        """Fork the builder: call it before the process starts threads."""
        context = multiprocessing.get_context("fork")
        self._conn, builder_end = context.Pipe()
        self._process = context.Process(
            target=_serve_builds,
            args=(builder_end, self._conn, self.project, self.entailment),
            name="ld-events-builder",  # not a daemon: a build forks its own workers
        )
        self._process.start()
        builder_end.close()

    def build(self) -> Outcome:
        """Build the project again, and wait for the outcome."""
        assert self._conn is not None, "start() the builder first"
        started = time.monotonic()
        try:
            with self._sending:
                self._conn.send("build")
            outcome = self._conn.recv()
        except (EOFError, OSError):
            text = "the builder process has ended: restart ld-events serve"
            return Outcome(False, time.monotonic() - started, text, problems=(text,))
        assert isinstance(outcome, Outcome)
        return outcome

    def close(self) -> None:
        """Stop the builder, at once if it is building (its staging folder is removed by the
        next build): a :meth:`build` waiting for it returns. The pipe is left open, as another
        thread may still be reading it."""
        if self._conn is not None:
            with self._sending, contextlib.suppress(OSError):
                self._conn.send(None)
        if self._process is not None:
            self._process.join(0.5)
            if self._process.is_alive():
                self._process.terminate()  # the build removes its staging folder, and ends
                self._process.join(10)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()


def _serve_builds(
    conn: Connection, parent_end: Connection, project: Path, entailment: Entailment
) -> None:
    """The builder's loop: a build for each request, until the parent says None or ends."""
    parent_end.close()  # our copy of the parent's end: else we would never see it close
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops us
    signal.signal(signal.SIGTERM, _stop_building)  # stopped while building: clean up first
    with contextlib.suppress(EOFError, OSError):
        while conn.recv() is not None:
            conn.send(build_outcome(project, entailment))


def _stop_building(signum: int, frame: FrameType | None) -> None:
    """SIGTERM: end as an exception would, so that the build removes its staging folder."""
    raise SystemExit(0)
