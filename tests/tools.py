"""Run the independent tools the tests check output with.

rapper and Jena (RDF syntax), the Nu HTML Checker, linkchecker behind a local static server,
and headless Chromium.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from tests import jena as jena_setup
from tests.conftest import REPO, require, require_command

NODE_MODULES = REPO / ".ci" / "node" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def rapper_count(path: Path, syntax: str = "turtle") -> int:
    """Parse with raptor2's rapper; fail on a syntax error; return the triple count."""
    rapper = require_command("rapper")
    done = subprocess.run(
        [rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    for line in done.stderr.splitlines():
        if "returned" in line and "triples" in line:
            return int(line.split("returned")[1].split()[0])
    raise AssertionError(f"rapper printed no count: {done.stderr}")


@cache
def jena_classpath() -> str:
    """The classpath of Debian's Apache Jena (tests/jena.py); skip or, in CI, fail without it."""
    reason = jena_setup.missing()
    require(reason is None, f"{reason} (see .ci/run for how to install it)")
    return jena_setup.classpath()


def jena(main: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["java", "-cp", jena_classpath(), main, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


#: Jena before 5.2 warns of both halves of the UTF-16 surrogate pair that a character beyond
#: U+FFFF is in Java, in an IRI (apache/jena#2766); UTF-8 cannot hold a lone one, so none is real.
JENA_2766 = re.compile(r"Illegal character in IRI \(Not a ucschar: 0xD[89A-F][0-9A-F]{2}\)")


def riot_validate(*paths: Path) -> None:
    """Jena riot, the strictest syntax check here: errors and warnings both fail."""
    done = jena("riotcmd.riot", "--validate", *map(str, paths))
    lines = [line for line in done.stderr.splitlines() if " INFO " not in line]
    problems = [line for line in lines if not JENA_2766.search(line)]
    assert not problems, "\n".join(problems[:50])
    assert done.returncode == 0 or lines, done.stderr[-2000:]  # riot exits 1 on a warning


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph, what: str) -> None:
    """Fail, showing rdflib's graph_diff, unless the two graphs are isomorphic."""
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{what}: graphs differ ({len(expected)} vs {len(actual)} triples)"]
    lines += ["  only in the first:"] + [f"    {t}" for t in sorted(only_expected)]
    lines += ["  only in the second:"] + [f"    {t}" for t in sorted(only_actual)]
    pytest.fail("\n".join(lines[:200]))


def vnu_messages(folder: Path) -> list[dict[str, Any]]:
    """The Nu HTML Checker on every HTML file under ``folder``, in one JVM: its messages."""
    require_command("java")
    require(VNU_JAR.exists(), f"{VNU_JAR} is missing (npm install --prefix .ci/node vnu-jar)")
    command = ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--format", "json", str(folder)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    try:
        report = json.loads(done.stderr)  # --format json writes the report to stderr
    except json.JSONDecodeError as exc:
        shown = done.stderr[-2000:]
        raise AssertionError(f"vnu printed no JSON (exit {done.returncode}): {shown}") from exc
    messages: list[dict[str, Any]] = report["messages"]
    return messages


@contextmanager
def world_readable_tempdir(prefix: str = "ld-events-") -> Iterator[Path]:
    """A temporary folder (0755) that other users can read, unlike pytest's tmp_path.

    pytest's folders sit under a 0700 /tmp/pytest-of-<user>; linkchecker run as root drops
    to user nobody and could not read a site built there.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


#: ``python -m http.server`` with two changes: it binds port 0 and prints the port it got (no
#: race for a "free" port), and it sends the ``LinkChecker`` header, the documented way to let
#: linkchecker go faster than its default 10 requests per second to one host.
_SERVER = """
import http.server, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".ttl": "text/turtle", ".nt": "application/n-triples", ".jsonld": "application/ld+json",
    }

    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1; yield its root URL; stop the server by PID."""
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        ) as process,
    ):
        try:
            assert process.stdout is not None
            port = process.stdout.readline().strip()
            if not port.isdigit():
                process.kill()
                process.wait()
                errors.seek(0)
                raise AssertionError(f"the static server did not start: {errors.read()!r}")
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def linkchecker(url: str, config_folder: Path) -> subprocess.CompletedProcess[str]:
    """linkchecker on every internal link reachable from ``url``, fragments included.

    Broken fragments (``page/#missing``) are warnings of the AnchorCheck plugin, so warnings
    are printed and fail the run (exit 1) like errors. ``config_folder`` must be readable by
    user nobody (see world_readable_tempdir).
    """
    command = require_command("linkchecker")
    config = config_folder / "linkcheckerrc"
    config.write_text("[checking]\nmaxrequestspersecond=1000\n\n[AnchorCheck]\n", encoding="utf-8")
    config.chmod(0o644)
    return subprocess.run(
        [command, "--no-status", "-f", str(config), url],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a throw-away profile."""
    command = require_command("chromium")
    with tempfile.TemporaryDirectory(prefix="ld-events-chromium-") as profile:
        return subprocess.run(
            [command, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )


#: The page :func:`run_in_other_origin` opens: it shows what the script's ``run()`` resolves to.
_OTHER_ORIGIN_PAGE = """<!doctype html><title>another origin</title><pre id="out">waiting</pre>
<script>
SCRIPT
run().then(
  result => { document.getElementById("out").textContent = JSON.stringify(result); },
  error => { document.getElementById("out").textContent = "failed: " + error; });
</script>
"""


def run_in_other_origin(script: str, folder: Path) -> Any:
    """Run ``script``'s async ``run()`` in headless Chromium, on a page served from an origin of
    its own (another port of 127.0.0.1), so every request it makes elsewhere is cross-origin;
    return what ``run()`` resolved to. Fails with the browser's error (a CORS refusal reads
    ``TypeError: Failed to fetch``).
    """
    page_folder = folder / "other-origin"
    page_folder.mkdir()
    (page_folder / "page.html").write_text(_OTHER_ORIGIN_PAGE.replace("SCRIPT", script))
    handler = partial(_QuietHandler, directory=str(page_folder))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/page.html"
            # Virtual time waits for the page's pending fetches before the DOM is dumped.
            done = chromium("--virtual-time-budget=15000", "--dump-dom", url)
        finally:
            server.shutdown()
    out = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert out, done.stdout[-2000:] + done.stderr[-2000:]
    text = html.unescape(out.group(1))
    assert text.startswith(("{", "[")), text
    return json.loads(text)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def dump_dom(url: str) -> str:
    """The DOM Chromium builds from ``url``, serialised (``--dump-dom``)."""
    done = chromium("--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip(), done.stderr[-2000:]
    return done.stdout
