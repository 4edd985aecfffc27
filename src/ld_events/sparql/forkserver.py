"""Run each request in a child process that is killed at its deadline: a small fork server.

Oxigraph cannot interrupt a query from another thread, so every query runs in a child process
that is killed at the time limit. Children are forked by a *fork server*: a process forked once,
before the HTTP server starts any thread, that holds the store (shared copy-on-write, never
copied) and does nothing but fork one child per job, wait for its answer or its deadline, and
relay the answer. Forking only from that single-threaded process avoids forking the
multi-threaded HTTP server (locks held by other threads would stay locked in the child). A child
can only change its own copy-on-write pages, so the served data is read-only whatever the job
does. Nothing here knows SPARQL or HTTP: a job and its result are any picklable values; a job
that runs past its deadline, or dies, or is sent after the server stopped, gets one of the
:class:`Failure` values instead. ``serve``'s endpoint and the build's saved queries use it.

New data (``serve`` rebuilt the site) is loaded by the fork server itself, told by
:meth:`QueryRunner.reload`: it lets the running jobs end (still killed at their deadlines),
starts no new one meanwhile, loads, and forks the next jobs from the new data. Loading in the
fork server keeps the one rule that makes forking safe: the process that forks has one thread.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from enum import Enum
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess


class Failure(Enum):
    """Why a job has no result."""

    TIMED_OUT = "it ran past its deadline and was stopped"
    BUSY = "too many queries are running or waiting: try again in a moment"
    DIED = "its process ended before it answered"
    STOPPED = "the query service has stopped"


#: What a child does with a job (forked, so it may close over the store).
Work = Callable[[object], object]
#: What the fork server does with a reload's payload: the work over the new data.
Load = Callable[[object], Work]


@dataclass(frozen=True)
class _Reload:
    payload: object


@dataclass
class _Running:
    job_id: int
    pid: int
    deadline: float


class QueryRunner:
    """Runs each job in a child process that is killed after ``timeout`` seconds.

    :meth:`start` forks the fork server: call it before the process starts threads. :meth:`run`
    is thread-safe; at most ``workers`` jobs run at once, later ones wait their turn, and past
    ``workers + waiting`` jobs a new one is refused at once (:attr:`Failure.BUSY`). With
    ``load``, :meth:`reload` replaces the work by ``load(payload)``, run in the fork server.
    """

    def __init__(
        self,
        work: Work,
        timeout: float,
        workers: int | None = None,
        waiting: int = 1_000,
        load: Load | None = None,
    ) -> None:
        self.work = work
        self.load = load
        self.timeout = timeout
        self.workers = workers or max(2, os.cpu_count() or 1)
        self.waiting = waiting
        self._conn: Connection | None = None
        self._process: BaseProcess | None = None
        self._lock = threading.Lock()
        self._pending: dict[int, Future[object]] = {}
        self._reloads: deque[Future[object]] = deque()
        self._ids = itertools.count()

    def start(self) -> None:
        context = multiprocessing.get_context("fork")
        self._conn, server_end = context.Pipe()
        self._process = context.Process(
            target=_fork_server,
            args=(server_end, self._conn, (self.work, self.load), self.timeout, self.workers),
            name="ld-events-sparql",
            daemon=True,
        )
        self._process.start()
        server_end.close()
        threading.Thread(target=self._receive, args=(self._conn,), daemon=True).start()

    def run(self, job: object) -> object:
        """The job's result, or a :class:`Failure`."""
        future: Future[object] = Future()
        with self._lock:
            if self._conn is None:
                return Failure.STOPPED
            if len(self._pending) >= self.workers + self.waiting:
                return Failure.BUSY
            job_id = next(self._ids)
            self._pending[job_id] = future
            try:
                self._conn.send((job_id, job))
            except OSError:
                del self._pending[job_id]
                return Failure.STOPPED
        return future.result()

    def reload(self, payload: object) -> Future[object]:
        """Have the fork server replace its work by ``load(payload)``; the future's result is
        None once jobs run over the new data, or why the old data is still used (a message)."""
        assert self.load is not None, "a runner made without load cannot reload"
        future: Future[object] = Future()
        with self._lock:
            if self._conn is None:
                future.set_result(Failure.STOPPED.value)
                return future
            self._reloads.append(future)
            try:
                self._conn.send(_Reload(payload))
            except OSError:
                self._reloads.pop()
                future.set_result(Failure.STOPPED.value)
        return future

    def _receive(self, conn: Connection) -> None:
        """Hand each answer to the thread waiting for it; when the server ends, fail the rest."""
        with contextlib.suppress(EOFError, OSError):
            while True:
                job_id, answer = conn.recv()
                with self._lock:
                    if job_id is None:  # a reload done
                        future = self._reloads.popleft()
                    else:
                        future = self._pending.pop(job_id)
                future.set_result(answer)
        with self._lock:
            pending, self._pending = self._pending, {}
            reloads, self._reloads = self._reloads, deque()
            self._conn = None
        for future in pending.values():
            future.set_result(Failure.STOPPED)
        for future in reloads:
            future.set_result(Failure.STOPPED.value)
        conn.close()

    def close(self) -> None:
        """Stop the fork server (it kills running children) and wait for it."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(OSError):
                    self._conn.send(None)
        if self._process is not None:
            self._process.join(5)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()


def _fork_server(
    conn: Connection,
    parent_end: Connection,
    work_and_load: tuple[Work, Load | None],
    timeout: float,
    workers: int,
) -> None:
    """The fork server's loop: start waiting jobs, relay answers, kill children past deadline;
    once no job runs, load the data a reload asked for.

    It ends when the parent sends None or goes away (its end of ``conn`` closes).
    """
    parent_end.close()  # our copy of the parent's end: else we would never see it close
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which closes conn
    work, load = work_and_load
    running: dict[Connection, _Running] = {}
    waiting: deque[tuple[int, object]] = deque()
    reloads: list[_Reload] = []
    try:
        while True:
            if reloads and not running:
                work = _reloaded(conn, load, reloads, work)
                reloads.clear()
            while waiting and len(running) < workers and not reloads:
                job_id, job = waiting.popleft()
                reader, pid = _fork_child(conn, work, job)
                running[reader] = _Running(job_id, pid, time.monotonic() + timeout)
            deadlines = [r.deadline for r in running.values()]
            pause = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            for ready in wait([conn, *running], pause):
                if ready is conn:
                    message = conn.recv()
                    if message is None:
                        return
                    if isinstance(message, _Reload):
                        reloads.append(message)
                    else:
                        waiting.append(message)
                else:
                    assert isinstance(ready, Connection)
                    done = running.pop(ready)
                    conn.send((done.job_id, _collect(ready, done.pid)))
            now = time.monotonic()
            for reader, late in [(r, item) for r, item in running.items() if item.deadline <= now]:
                del running[reader]
                _kill(late.pid)
                reader.close()
                conn.send((late.job_id, Failure.TIMED_OUT))
    except (EOFError, OSError):
        pass  # the parent is gone
    finally:
        for item in running.values():
            _kill(item.pid)


def _reloaded(conn: Connection, load: Load | None, reloads: list[_Reload], work: Work) -> Work:
    """The work over the data of the last reload asked for (the others are superseded), or the
    old work if it cannot be loaded; each reload is answered, None or the reason."""
    assert load is not None
    problem: str | None = None
    try:
        work = load(reloads[-1].payload)
    except Exception as exc:  # any failure to load leaves the old data served, and says why
        problem = str(exc) or type(exc).__name__
    for _ in reloads:
        conn.send((None, problem))
    return work


def _fork_child(conn: Connection, work: Work, job: object) -> tuple[Connection, int]:
    reader, writer = multiprocessing.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: answer, send, and leave without running any exit handler
        try:
            reader.close()
            conn.close()
            writer.send(work(job))
        finally:
            os._exit(0)
    writer.close()
    return reader, pid


def _collect(reader: Connection, pid: int) -> object:
    try:
        answer: object = reader.recv()
    except (EOFError, OSError):
        answer = Failure.DIED
    reader.close()
    os.waitpid(pid, 0)
    return answer


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
