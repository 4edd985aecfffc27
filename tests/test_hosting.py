"""Content negotiation of a built site: serve.py, a real Apache, a real nginx, and _headers.

One scenario (:func:`check_negotiation`) is run against every server, so the preview server
and the generated configurations must agree on what clients get.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from ld_events import layout
from ld_events.errors import ConfigError
from ld_events.layout import KINDS
from ld_events.publish import hosting
from ld_events.publish.accept_rules import ACCEPT_RULES
from ld_events.serving.http import make_server
from ld_events.serving.negotiation import choose_variant
from tests import tools
from tests.conftest import require

APACHE = Path("/usr/sbin/apache2")
APACHE_MODULES = Path("/usr/lib/apache2/modules")
NGINX = Path("/usr/sbin/nginx")

CHROMIUM_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
FIREFOX_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RESOURCES = ("event/e1", "actor/a1")
RDF_SUFFIXES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".gz": "application/gzip",
}

# --- the fake site -------------------------------------------------------------------------


def file_text(relative: str) -> bytes:
    """Distinct content per file, so a response shows which file was served."""
    return f"content of {relative}\n".encode()


#: The search index's script and two of its files (their names are Pagefind's): served as they are.
SEARCH_FILES = [
    f"{layout.SEARCH}/pagefind.js",
    f"{layout.SEARCH}/pagefind.en_0123456789.pf_meta",
    f"{layout.SEARCH}/wasm.en.pagefind",
]


def make_site(root: Path) -> Path:
    """Two resource folders, home and index pages, dumps, a 404 page, a folder without index,
    the search index's files."""
    files = ["index.html", "404.html", "events/index.html", "assets/style.css", *SEARCH_FILES]
    files += [f"{r}/{v.filename}" for r in RESOURCES for v in layout.VARIANTS]
    files += [f for f in layout.SITE_DATA_FILES if not f.endswith(".gz")]
    for relative in files:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file_text(relative))
    (root / "dump" / "dataset.nt.gz").write_bytes(gzip.compress(file_text("dump/dataset.nt")))
    return root


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site")


@pytest.fixture
def public_root() -> Iterator[Path]:
    """A world-readable folder (tmp_path may sit in a 0700 folder): servers drop to nobody."""
    root = Path(tempfile.mkdtemp(prefix="ld-events-hosting-"))
    try:
        root.chmod(0o755)
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def publish(public_root: Path, base_path: str) -> Path:
    """Build the fake site at ``{docroot}{base_path}``; return the document root."""
    docroot = public_root / "docroot"
    make_site(docroot / base_path.strip("/"))
    for path in [docroot, *docroot.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return docroot


# --- HTTP client ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


Fetch = Callable[..., Answer]


def fetcher(port: int) -> Fetch:
    def fetch(path: str, accept: str | None = None, method: str = "GET", **headers: str) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            sent = {name.replace("_", "-"): value for name, value in headers.items()}
            if accept is not None:
                sent["Accept"] = accept
            connection.request(method, path, headers=sent)
            response = connection.getresponse()
            return Answer(response.status, response.msg, response.read())
        finally:
            connection.close()

    return fetch


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited with {process.returncode}: {read(log)}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"server did not listen on {port}: {read(log)}")


def read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else "(no log)"


@dataclass
class Running:
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


# --- the shared scenario -------------------------------------------------------------------

RDFLIB_ANY = (
    "application/rdf+xml, text/n3, text/turtle, application/n-triples, application/ld+json, "
    "application/n-quads, application/trix, application/trig"
)
COMUNICA_LIKE = (
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,"
    "application/n-triples;q=0.8,text/turtle;q=0.6,application/rdf+xml;q=0.5,"
    "text/html;q=0.2,application/xhtml+xml;q=0.18,application/json;q=0.135"
)
#: Accept headers on which every server must agree, and the file each must answer with.
AGREED = [
    (None, "index.html"),
    ("*/*", "index.html"),
    (CHROMIUM_ACCEPT, "index.html"),
    (FIREFOX_ACCEPT, "index.html"),
    ("text/turtle", "data.ttl"),
    ("TEXT/Turtle ; q=1.0", "data.ttl"),
    ("application/ld+json", "data.jsonld"),
    ('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"', "data.jsonld"),
    ("application/n-triples", "data.nt"),
    (RDFLIB_ANY, "data.ttl"),
    ("text/turtle, application/x-turtle, */*;q=0.1", "data.ttl"),
    ("application/ld+json, application/json;q=0.9, */*;q=0.1", "data.jsonld"),
    ("text/turtle, */*", "data.ttl"),
    ("text/turtle;q=0.9, application/ld+json", "data.jsonld"),
    ("text/html;q=0.9, text/turtle", "data.ttl"),
    ("text/html, text/turtle", "index.html"),
    ("application/ld+json;q=0.9, */*;q=0.1", "data.jsonld"),
    ("application/rdf+xml, text/turtle;q=0.8, text/html;q=0.2", "data.ttl"),
    ("text/turtle;q=0.9, text/html;q=0.5", "data.ttl"),
    ("text/turtle;q=0.05", "data.ttl"),
    ("text/html;q=0.9, text/turtle;q=0.9", "index.html"),
    ("text/html;q=0, text/turtle;q=0.3", "data.ttl"),
    ("text/turtle;q=0", "index.html"),
    ("text/turtle;q=0.5, text/*", "index.html"),
    ("text/turtle;q=0.5, */*", "index.html"),
    ("image/png", "index.html"),
]
#: Known limits of the regex rules (Apache, nginx): (Accept, regex answer, full parsing answer).
REGEX_LIMITS = [
    ("text/turtle;q=0.85, text/html;q=0.8", "index.html", "data.ttl"),
    ("text/turtle;q=0.05, text/html;q=0.01", "index.html", "data.ttl"),
    ("text/turtle;q=0.5, application/ld+json;q=0.8", "data.ttl", "data.jsonld"),
    (COMUNICA_LIKE, "data.ttl", "data.jsonld"),
    ("text/turtle;q=0.1, */*;q=0.5", "data.ttl", "index.html"),
]


def check_negotiation(fetch: Fetch, prefix: str) -> None:
    """What every server must do for the fake site published at ``prefix``."""
    event = f"{prefix}event/e1/"
    for accept, filename in AGREED:
        answer = fetch(event, accept)
        assert answer.status == 200, (accept, answer)
        assert answer.body == file_text(f"event/e1/{filename}"), (accept, answer.body)
        media = "text/html" if filename == "index.html" else RDF_SUFFIXES[Path(filename).suffix]
        assert answer.header("Content-Type").split(";")[0].strip() == media, accept
        assert "accept" in answer.header("Vary").lower(), accept
        assert answer.header("X-Content-Type-Options") == "nosniff", accept
        link = answer.header("Link")
        for name, media in (("data.ttl", "text/turtle"), ("data.jsonld", "application/ld+json")):
            assert f'<{name}>; rel="alternate"; type="{media}"' in link, link
        assert '<data.nt>; rel="alternate"; type="application/n-triples"' in link, link
    check_types(fetch, prefix)
    check_paths(fetch, prefix)
    check_cors(fetch, prefix)


def check_types(fetch: Fetch, prefix: str) -> None:
    turtle = fetch(f"{prefix}actor/a1/", "text/turtle")
    assert turtle.body == file_text("actor/a1/data.ttl")
    assert re.fullmatch(r"text/turtle;\s*charset=utf-8", turtle.header("Content-Type"), re.I)
    html = fetch(f"{prefix}actor/a1/", CHROMIUM_ACCEPT)
    assert re.fullmatch(r"text/html;\s*charset=utf-8", html.header("Content-Type"), re.I)
    direct = fetch(f"{prefix}event/e1/data.nt", CHROMIUM_ACCEPT)
    assert direct.body == file_text("event/e1/data.nt")
    assert direct.header("X-Content-Type-Options") == "nosniff"
    assert direct.header("Content-Type").startswith("application/n-triples")
    assert "accept" not in direct.header("Vary").lower()
    plain = fetch(f"{prefix}dump/dataset.nt")
    assert plain.header("Content-Type").startswith("application/n-triples")
    assert plain.body == file_text("dump/dataset.nt")
    dump = fetch(f"{prefix}dump/dataset.nt.gz")
    assert dump.header("Content-Type") == "application/gzip"
    assert not dump.header("Content-Encoding")
    assert gzip.decompress(dump.body) == file_text("dump/dataset.nt")
    jsonld = fetch(f"{prefix}dump/dataset.jsonld")
    assert jsonld.header("Content-Type").startswith("application/ld+json")
    # A module script runs only if served as JavaScript; Pagefind unzips its own files.
    script = fetch(f"{prefix}{SEARCH_FILES[0]}")
    assert re.match(r"(text|application)/javascript\b", script.header("Content-Type"), re.I)
    for name in SEARCH_FILES[1:]:
        index = fetch(f"{prefix}{name}")
        assert (index.status, index.body) == (200, file_text(name)), name
        assert not index.header("Content-Encoding"), name
    head = fetch(f"{prefix}event/e1/", "text/turtle", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    assert head.header("Content-Length") == str(len(file_text("event/e1/data.ttl")))


def check_paths(fetch: Fetch, prefix: str) -> None:
    moved = fetch(f"{prefix}event/e1", "text/turtle")
    assert moved.status == 301, moved
    assert moved.header("Location").endswith(f"{prefix}event/e1/"), moved.header("Location")
    home = fetch(prefix, "text/turtle")
    assert home.status == 200
    assert home.body == file_text("index.html")
    assert fetch(f"{prefix}events/").body == file_text("events/index.html")
    for missing in ("missing/", "event/e9/", "event/e9", "nowhere"):
        path = prefix + missing
        gone = fetch(path, CHROMIUM_ACCEPT)
        assert gone.status == 404, (path, gone.status)
        assert gone.body == file_text("404.html"), (path, gone.body[:200])
        assert gone.header("X-Content-Type-Options") == "nosniff", path
    unlisted = fetch(f"{prefix}assets/")
    assert unlisted.status in (403, 404)
    assert b"style.css" not in unlisted.body
    escape = fetch(f"{prefix}../../../../etc/passwd")
    assert escape.status in (400, 403, 404), escape.status
    assert b"root:" not in escape.body


def check_cors(fetch: Fetch, prefix: str) -> None:
    """Any origin may read every answer and its Link header, and may ask first (preflight)."""
    origin = {"Origin": "http://127.0.0.1:1"}
    for path, accept in [
        ("event/e1/", "text/turtle"),
        ("event/e1/", None),
        ("dump/dataset.nt.gz", None),
        ("event/e1", None),
        ("missing/", None),
    ]:
        answer = fetch(prefix + path, accept, **origin)
        assert answer.header("Access-Control-Allow-Origin") == "*", (path, answer.status)
        assert answer.header("Access-Control-Expose-Headers") == "Link", path
    asked = fetch(
        f"{prefix}event/e1/",
        method="OPTIONS",
        Access_Control_Request_Method="GET",
        Access_Control_Request_Headers="accept",
        **origin,
    )
    assert asked.status in (200, 204), asked
    assert asked.header("Access-Control-Allow-Origin") == "*"
    assert "Accept" in asked.header("Access-Control-Allow-Headers")
    assert "GET" in asked.header("Access-Control-Allow-Methods")


#: A page on another origin reads the site with fetch(): the second request is not "simple"
#: (its Accept header holds quotes), so Chromium sends a preflight first.
CROSS_ORIGIN_SCRIPT = """
async function read(path, accept) {
  const answer = await fetch(SITE + path, {headers: {Accept: accept}});
  return {status: answer.status, body: await answer.text(), link: answer.headers.get("Link")};
}
async function run() {
  const turtle = await read("event/e1/", "text/turtle");
  const profiled = await read(
    "event/e1/", 'application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"');
  return {turtle, profiled};
}
"""


def check_in_browser(port: int, prefix: str, tmp_path: Path) -> None:
    """Headless Chromium, on a page of another origin, reads a resource as Turtle and JSON-LD."""
    site = json.dumps(f"http://127.0.0.1:{port}{prefix}")
    read = tools.run_in_other_origin(CROSS_ORIGIN_SCRIPT.replace("SITE", site), tmp_path)
    assert read["turtle"]["body"] == file_text("event/e1/data.ttl").decode()
    assert 'rel="alternate"' in read["turtle"]["link"]
    assert read["profiled"]["body"] == file_text("event/e1/data.jsonld").decode()


# --- serve.py ------------------------------------------------------------------------------


@pytest.fixture
def served(site: Path) -> Iterator[Fetch]:
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield fetcher(server.port)
    finally:
        server.close()
        thread.join(timeout=10)


def test_serve_negotiates(served: Fetch) -> None:
    check_negotiation(served, "/")


def test_serve_answers_other_origins_in_a_browser(site: Path, tmp_path: Path) -> None:
    server = make_server(site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        check_in_browser(server.port, "/", tmp_path)
    finally:
        server.close()
        thread.join(timeout=10)


def test_serve_refuses_escapes(served: Fetch, site: Path, tmp_path: Path) -> None:
    assert served("/../etc/passwd").status == 400
    assert served("/%2e%2e/etc/passwd").status == 400
    (tmp_path / "secret.txt").write_text("secret")
    (site / "outside").symlink_to(tmp_path)
    refused = served("/outside/secret.txt")
    assert refused.status == 403
    assert b"secret" not in refused.body
    assert served("/.hidden").status == 404
    assert served("/event/e1/", method="POST").status == 501


def test_serve_keeps_query_on_redirect(served: Fetch) -> None:
    assert served("/event/e1?x=1").header("Location") == "/event/e1/?x=1"


def test_serve_stops_on_ctrl_c(example_site: Path) -> None:
    command = [sys.executable, "-m", "ld_events", "serve", str(example_site), "--port", "0"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        announced = process.stderr.readline()
        port = int(re.findall(r":(\d+)/", announced)[0])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as idle:
            idle.sendall(b"GET / HTTP/1.1\r\nHost: h\r\n")  # a client mid-request
            process.send_signal(signal.SIGINT)
            _, rest = process.communicate(timeout=30)
    assert process.returncode == 0, rest
    assert rest == "stopped\n"


def test_make_server_needs_a_folder(tmp_path: Path) -> None:
    from ld_events.errors import UsageError

    with pytest.raises(UsageError):
        make_server(tmp_path / "missing", port=0)


@pytest.mark.parametrize(("accept", "filename"), AGREED)
def test_regex_rules_agree_with_parser(accept: str | None, filename: str) -> None:
    assert regex_choice(accept) == filename
    assert choose_variant(accept).filename == filename


@pytest.mark.parametrize(("accept", "by_regex", "by_parser"), REGEX_LIMITS)
def test_regex_rule_limits_are_documented(accept: str, by_regex: str, by_parser: str) -> None:
    assert regex_choice(accept) == by_regex
    assert choose_variant(accept).filename == by_parser


def regex_choice(accept: str | None) -> str:
    """What Apache's RewriteCond chain and nginx's map pick (first matching rule)."""
    for rule, filename in ACCEPT_RULES:
        if re.search(rule, accept or "", re.IGNORECASE):
            return filename
    return "index.html"


# --- Apache --------------------------------------------------------------------------------

BASE_PATHS = ["/", "/lde/site-1.0/"]


def apache_conf(workdir: Path, docroot: Path, port: int) -> str:
    modules = ["mpm_event", "authz_core", "dir", "mime", "rewrite", "headers"]
    loads = [f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules]
    return "\n".join(
        [
            f'ServerRoot "{workdir}"',
            f'DefaultRuntimeDir "{workdir}"',
            f'PidFile "{workdir}/apache.pid"',
            f'ErrorLog "{workdir}/error.log"',
            "LogLevel warn",
            *loads,
            f"Listen 127.0.0.1:{port}",
            "ServerName 127.0.0.1",
            "User nobody",
            "Group nogroup",
            "TypesConfig /etc/mime.types",
            f'DocumentRoot "{docroot}"',
            "<Directory />",
            "  AllowOverride None",
            "  Require all denied",
            "</Directory>",
            f'<Directory "{docroot}">',
            "  Options FollowSymLinks",
            "  AllowOverride All",
            "  Require all granted",
            "</Directory>",
            "",
        ]
    )


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_apache_htaccess(base_path: str, public_root: Path, tmp_path: Path) -> None:
    require(APACHE.exists(), f"{APACHE} is missing (apt-get install apache2)")
    docroot = publish(public_root, base_path)
    site = docroot / base_path.strip("/")
    (site / ".htaccess").write_text(hosting.htaccess(base_path))
    (site / ".htaccess").chmod(0o644)
    port = free_port()
    conf = tmp_path / "apache.conf"
    conf.write_text(apache_conf(tmp_path, docroot, port))
    log = tmp_path / "error.log"
    checked = subprocess.run([str(APACHE), "-t", "-f", str(conf)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([str(APACHE), "-f", str(conf), "-DFOREGROUND"])
    running = Running(process)
    try:
        wait_for_port(port, process, log)
        check_negotiation(fetcher(port), base_path)
        check_in_browser(port, base_path, tmp_path)
    finally:
        running.stop()


# --- nginx ---------------------------------------------------------------------------------


def nginx_conf(workdir: Path, docroot: Path, port: int, base_path: str) -> str:
    temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    return "\n".join(
        [
            "worker_processes 1;",
            f"pid {workdir}/nginx.pid;",
            f"error_log {workdir}/error.log warn;",
            *(["user nobody nogroup;"] if os.geteuid() == 0 else []),
            "events { worker_connections 64; }",
            "http {",
            "access_log off;",
            *(f"{t}_temp_path {workdir}/{t};" for t in temps),
            hosting.nginx_maps(),
            "server {",
            f"listen 127.0.0.1:{port};",
            "server_name localhost;",
            f"root {docroot};",
            hosting.nginx_locations(base_path),
            "}",
            "}",
            "",
        ]
    )


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_nginx_conf(base_path: str, public_root: Path, tmp_path: Path) -> None:
    require(NGINX.exists(), f"{NGINX} is missing (apt-get install nginx)")
    docroot = publish(public_root, base_path)
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, docroot, port, base_path))
    log = tmp_path / "error.log"
    common = [str(NGINX), "-c", str(conf), "-p", str(tmp_path), "-e", str(log)]
    checked = subprocess.run([*common, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*common, "-g", "daemon off;"])
    running = Running(process)
    try:
        wait_for_port(port, process, log)
        check_negotiation(fetcher(port), base_path)
        check_in_browser(port, base_path, tmp_path)
    finally:
        running.stop()
    assert not re.search(r"\[(emerg|alert|crit)\]", read(log)), read(log)


def test_nginx_conf_is_both_parts() -> None:
    assert hosting.nginx_conf("/x/") == hosting.nginx_maps() + "\n" + hosting.nginx_locations("/x/")


# --- Netlify / Cloudflare Pages ------------------------------------------------------------


def parse_headers_file(text: str) -> dict[str, dict[str, str]]:
    """A ``_headers`` file: path lines, then indented ``Name: value`` lines; ``#`` comments."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            assert line.startswith("/"), line
            current = rules.setdefault(line.strip(), {})
            continue
        name, colon, value = line.strip().partition(":")
        assert colon, line
        assert current is not None, line
        current[name.strip().lower()] = value.strip()
    return rules


def redirect_target(text: str, path: str) -> tuple[str, str] | None:
    """Apply a ``_redirects`` file (``:name`` placeholders) to ``path``: (target, status)."""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, status = line.split()
        names = re.findall(r":(\w+)", source)
        pattern = re.sub(r":(\w+)", r"(?P<\1>[^/]+)", source)
        match = re.fullmatch(pattern, path)
        if match:
            for name in names:
                target = target.replace(f":{name}", match[name])
            return target, status
    return None


@pytest.mark.parametrize("base_path", BASE_PATHS)
def test_netlify_files(base_path: str, site: Path) -> None:
    folders = [f"{r}/" for r in RESOURCES]
    text = hosting.netlify_headers(base_path, folders)
    assert re.search(r"^#.*cannot choose a file by the Accept header", text, re.M)
    rules = parse_headers_file(text)
    assert rules[base_path + "*"] == {
        "x-content-type-options": "nosniff",
        "access-control-allow-origin": "*",
        "access-control-expose-headers": "Link",
    }
    for folder in folders:
        headers = rules[base_path + folder]
        assert headers["link"] == layout.LINK_HEADER
        assert headers["vary"] == "Accept"
    rdf_files = [p for p in site.rglob("*") if p.suffix in RDF_SUFFIXES]
    assert len(rdf_files) == 2 * 3 + len(layout.SITE_DATA_FILES)
    for path in rdf_files:
        rule = rules[base_path + path.relative_to(site).as_posix()]
        assert rule["content-type"].split(";")[0] == RDF_SUFFIXES[path.suffix]
    redirects = hosting.netlify_redirects(base_path)
    for folder in folders:
        target = redirect_target(redirects, base_path + folder.rstrip("/"))
        assert target == (base_path + folder, "301")
        assert redirect_target(redirects, base_path + folder) is None


def test_bad_base_paths_are_refused() -> None:
    for bad in ("", "proj/", "/proj", "/a b/", '/x"/'):
        with pytest.raises(ConfigError):
            hosting.htaccess(bad)
    with pytest.raises(ConfigError):
        hosting.netlify_headers("/", ["events/"])


def test_every_kind_of_page_is_redirected_to_its_slash_form() -> None:
    rules = hosting.netlify_redirects("/x/").splitlines()
    for kind in KINDS:
        assert f"/x/{kind.name}/:slug /x/{kind.name}/:slug/ 301" in rules
