"""How many requests `ld-events serve` answers, quiet and under hostile load, measured with wrk.

One command, from the repository root (needs `wrk`, e.g. `apt-get install wrk`):

    python -m benchmarks.serve_load                 # 20 s per measurement
    python -m benchmarks.serve_load --seconds 10 --site path/to/built/site

It builds the bundled example (unless --site is given), then measures with
`wrk -t2 -c50 -d<seconds>s`, each figure in requests/s with wrk's error counts:

- an event page and a small SPARQL query (`ASK { ?s ?p ?o }`), quiet;
- the same while 200 clients hold half-sent requests open (trickling a header line every 5 s,
  as slowloris does) and 4 clients each keep a never-ending query running;
- the baseline, in the same run: Python's `http.server` (ThreadingHTTPServer, what `serve` was
  built on before waitress) serving the same page, quiet and under the same idle connections
  (it has no SPARQL, so no slow queries).

It prints a table and the ratios of ld-events to the baseline. Nothing here is asserted: the
hostile-client regression test is tests/test_hardening.py.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "iraq-syria-2021"
PAGE = "/event/2021-06-27-us-air-strikes-iraq-syria-border/"
SMALL_QUERY = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
NEVER_ENDING = b"SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
IDLE_CLIENTS = 200
SLOW_QUERIES = 4


@dataclass(frozen=True)
class Figure:
    server: str
    target: str
    load: str
    requests_per_second: float
    errors: str

    def row(self) -> str:
        shown = f"{self.server:<12} {self.target:<12} {self.load:<10}"
        return f"{shown} {self.requests_per_second:>10,.0f}   {self.errors}"


def wrk(url: str, seconds: int) -> tuple[float, str]:
    """Requests/s and the errors wrk saw (socket errors, non-2xx/3xx answers)."""
    command = ["wrk", "-t2", "-c50", f"-d{seconds}s", url]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)[1])  # type: ignore[index]
    problems = []
    sockets = re.search(r"Socket errors: (.+)", done.stdout)
    if sockets:
        problems.append(f"socket errors: {sockets[1]}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if bad:
        problems.append(f"{bad[1]} non-2xx/3xx")
    return rate, "; ".join(problems) or "none"


@contextmanager
def running(command: list[str], announced: re.Pattern[str]) -> Iterator[int]:
    """Start a server, read its port from the first line matching ``announced``, stop it."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO
    )
    assert process.stdout is not None
    try:
        for line in process.stdout:
            found = announced.search(line)
            if found:
                threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
                yield int(found[1])
                return
        raise SystemExit(f"{command[0]} did not start")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _drain(stream: object) -> None:
    for _ in stream:  # type: ignore[attr-defined]
        pass


@contextmanager
def hostile_clients(port: int, slow_queries: int) -> Iterator[None]:
    """Idle half-sent requests, and looping never-ending queries, until the block ends."""
    stop = threading.Event()
    workers = [threading.Thread(target=_idle_clients, args=(port, stop))]
    workers += [
        threading.Thread(target=_slow_queries, args=(port, stop)) for _ in range(slow_queries)
    ]
    for worker in workers:
        worker.start()
    time.sleep(2)
    try:
        yield
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)


def _idle_clients(port: int, stop: threading.Event) -> None:
    clients = []
    for number in range(IDLE_CLIENTS):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(f"GET {PAGE}?{number} HTTP/1.1\r\nHost: h\r\n".encode())
        clients.append(client)
    while not stop.wait(5):
        for number, client in enumerate(clients):
            try:
                client.sendall(f"X-Trickle-{number}: 1\r\n".encode())
            except OSError:
                clients[number] = socket.create_connection(("127.0.0.1", port))
    for client in clients:
        client.close()


def _slow_queries(port: int, stop: threading.Event) -> None:
    headers = {"Content-Type": "application/sparql-query"}
    while not stop.is_set():
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/sparql", NEVER_ENDING, headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:
                answer.read()
        except urllib.error.HTTPError as refused:
            refused.close()
        except OSError:
            time.sleep(0.5)


def measure(site: Path, seconds: int) -> list[Figure]:
    figures: list[Figure] = []
    ld_events = [sys.executable, "-m", "ld_events", "serve", str(site), "--port", "0"]
    with running(ld_events, re.compile(r" at http://127\.0\.0\.1:(\d+)/")) as port:
        root = f"http://127.0.0.1:{port}"
        for target, path in (("page", PAGE), ("small query", SMALL_QUERY)):
            figures.append(Figure("ld-events", target, "quiet", *wrk(root + path, seconds)))
        with hostile_clients(port, SLOW_QUERIES):
            for target, path in (("page", PAGE), ("small query", SMALL_QUERY)):
                figures.append(Figure("ld-events", target, "hostile", *wrk(root + path, seconds)))
    baseline = [sys.executable, "-u", "-m", "http.server", "0", "-b", "127.0.0.1"]
    baseline += ["-d", str(site)]
    with running(baseline, re.compile(r"port (\d+)")) as port:
        url = f"http://127.0.0.1:{port}{PAGE}"
        figures.append(Figure("http.server", "page", "quiet", *wrk(url, seconds)))
        with hostile_clients(port, 0):
            figures.append(Figure("http.server", "page", "hostile", *wrk(url, seconds)))
    return figures


def report(figures: list[Figure]) -> str:
    lines = [f"{'server':<12} {'target':<12} {'load':<10} {'requests/s':>10}   errors"]
    lines += [figure.row() for figure in figures]
    rate = {(f.server, f.target, f.load): f.requests_per_second for f in figures}
    for load in ("quiet", "hostile"):
        ratio = rate["ld-events", "page", load] / rate["http.server", "page", load]
        lines.append(f"page, {load}: ld-events / http.server = {ratio:.2f}x")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of each wrk run")
    parser.add_argument("--site", type=Path, help="a built site (default: build the example)")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    with tempfile.TemporaryDirectory(prefix="ld-events-serve-load-") as work:
        site = options.site
        if site is None:
            site = Path(work) / "site"
            build = [sys.executable, "-m", "ld_events", "build", str(EXAMPLE), "--out", str(site)]
            subprocess.run(build, check=True, capture_output=True)
        print(report(measure(site, options.seconds)))


if __name__ == "__main__":
    main()
