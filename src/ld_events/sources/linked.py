"""Reading the datasets of ``links:``: their resources' types and labels, as read-only data.

A linked project is read as its own build reads it (its config, its sources); a dump is parsed
(a local file or a URL, fetched once per run). Of each, only the types and labels of the
resources under its base are kept: enough for the shapes (``sh:class lde:Actor`` sees a linked
actor's class) and for the pages (a linked actor is shown by its label, linked to its IRI). They
are never published as this project's data. Every problem is an ``unreadable-link`` at the entry
of ``ld-events.yaml`` that names the dataset.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pyld.jsonld import JsonLdError
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, parse

from ld_events.config import Config, load_config
from ld_events.errors import ConfigError
from ld_events.rdf.terms import DATA_GRAPH, term_value
from ld_events.rdf.vocab import CONTEXT_IRI, RDF_TYPE, RDFS_LABEL, SCHEMA, SKOS, WGS
from ld_events.report import Code, Diagnostic, Severity, Stage
from ld_events.sources.jsonld import to_nquads
from ld_events.sources.link_config import DUMP_SUFFIXES, LinkSource, check_link_base, dump_suffix
from ld_events.sources.reading import read_sources

#: What is kept of a linked resource: its classes and labels, and where it is (a place within
#: a linked place is on the map, for ``unlocated-place``).
KEPT = frozenset(
    {RDF_TYPE, RDFS_LABEL, SKOS + "prefLabel", SCHEMA + "sameAs", WGS + "lat", WGS + "long"}
)
#: Of these, the ones whose values are IRIs.
_LINKS = frozenset({RDF_TYPE, SCHEMA + "sameAs"})
_FORMATS = {
    "turtle": RdfFormat.TURTLE,
    "n-triples": RdfFormat.N_TRIPLES,
}
_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "n-triples",
    "application/ld+json": "json-ld",
}
#: Seconds a linked dump's URL may take to answer.
FETCH_TIMEOUT = 30
#: The largest linked dump read, in bytes (decompressed).
MAX_DUMP_BYTES = 1 << 30


_RELATIVE = "a link's path is relative to the folder of ld-events.yaml"


class _Unreadable(Exception):
    """Why a linked dataset cannot be read, as the diagnostic says it."""


@dataclass
class LinkedData:
    """The linked datasets' resources: their types and labels, and which they are."""

    triples: list[Triple] = field(default_factory=list)
    subjects: frozenset[str] = frozenset()
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: A digest of what was read: an incremental build is a full one when it changes.
    digest: str = ""


def read_links(config: Config) -> LinkedData:
    """Every ``links:`` dataset of ``config``, read; problems as diagnostics, never raised."""
    linked = LinkedData()
    kept: dict[Triple, None] = {}
    for link in config.links:
        try:
            for triple in _read_link(link, config):
                kept.setdefault(triple, None)
        except _Unreadable as exc:
            message = f"linked dataset '{link.name}' cannot be used: {exc}"
            linked.diagnostics.append(
                Diagnostic(
                    Code.UNREADABLE_LINK, Severity.ERROR, message, link.where, stage=Stage.CONFIG
                )
            )
    linked.triples = sorted(kept, key=str)
    linked.subjects = frozenset(term_value(t.subject) for t in linked.triples)
    digest = hashlib.sha256()
    for triple in linked.triples:
        digest.update(f"{triple}\n".encode())
    linked.digest = digest.hexdigest() if config.links else ""
    return linked


def _read_link(link: LinkSource, config: Config) -> list[Triple]:
    if link.project:
        return _read_project(link, config)
    data, syntax = _fetch(link) if link.is_url else (_local(link, config), None)
    return _kept(_parse_dump(link, data, syntax or _named_syntax(link), config), link.base)


def _read_project(link: LinkSource, config: Config) -> list[Triple]:
    folder = _beside(config, link.project)
    if not folder.is_dir():
        raise _Unreadable(f"no such folder ({folder.resolve()}); {_RELATIVE}")
    try:
        other = load_config(folder)
    except ConfigError as exc:
        first = exc.report.sorted()[0]
        raise _Unreadable(f"its {first.location.path or 'folder'}: {first.message}") from exc
    if other.root == config.root:
        raise _Unreadable("it is this project itself")
    overlapping = check_link_base(other.base, config.base, link.where)
    if overlapping:
        raise _Unreadable(overlapping[0].message)
    sources = read_sources(other)
    if sources.report.has_read_errors():
        errors = [d for d in sources.report.sorted() if d.severity is Severity.ERROR]
        raise _Unreadable(
            f"its sources have {len(errors)} reading errors, the first: {errors[0].to_text()} "
            f"(run: ld-events validate {link.project})"
        )
    quads = sources.store.quads_for_pattern(None, None, None, DATA_GRAPH)
    return _kept((q.triple for q in quads), other.base)


def _beside(config: Config, path: str) -> Path:
    """A link's path, from the project's folder (which need not exist yet: a merge checks
    the merged project's links before writing it)."""
    return Path(os.path.normpath(config.root / path))


def _local(link: LinkSource, config: Config) -> bytes:
    path = _beside(config, link.dump)
    if not path.is_file():
        raise _Unreadable(f"no such file ({path.resolve()}); {_RELATIVE}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _Unreadable(f"{exc.strerror} ({path.resolve()})") from exc
    return _decompressed(link, data) if link.dump.lower().endswith(".gz") else data


def _fetch(link: LinkSource) -> tuple[bytes, str | None]:
    """The dump at the URL, and its syntax if the server named one."""
    accept = "text/turtle, application/n-triples;q=0.9, application/ld+json;q=0.8"
    request = urllib.request.Request(link.dump, headers={"Accept": accept})
    opener = urllib.request.build_opener(_HttpRedirectsOnly)
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_DUMP_BYTES + 1)
            media = response.headers.get_content_type()
            encoding = response.headers.get("Content-Encoding", "")
    except urllib.error.HTTPError as exc:
        raise _Unreadable(f"the server answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _Unreadable(f"it could not be fetched: {reason}") from exc
    if len(data) > MAX_DUMP_BYTES:
        raise _Unreadable(f"it is larger than {MAX_DUMP_BYTES:,} bytes")
    gzipped = encoding == "gzip" or media == "application/gzip" or link.dump.endswith(".gz")
    data = _decompressed(link, data) if gzipped else data
    return data, _MEDIA_TYPES.get(media)


class _HttpRedirectsOnly(urllib.request.HTTPRedirectHandler):
    """Redirects to http(s) only (urllib would follow one to ftp:)."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.HTTPError(newurl, code, f"redirected to {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _decompressed(link: LinkSource, data: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(MAX_DUMP_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise _Unreadable(f"not gzip data: {exc}") from exc
    if len(out) > MAX_DUMP_BYTES:
        raise _Unreadable(f"it is larger than {MAX_DUMP_BYTES:,} bytes uncompressed")
    return out


def _named_syntax(link: LinkSource) -> str:
    """The syntax of a dump by its name's ending."""
    suffix = dump_suffix(link.dump)
    if suffix is None:
        raise _Unreadable(
            f"its server named no RDF syntax ({', '.join(_MEDIA_TYPES)}) "
            "and its name does not end in one of " + ", ".join(DUMP_SUFFIXES)
        )
    return DUMP_SUFFIXES[suffix]


def _parse_dump(link: LinkSource, data: bytes, syntax: str, config: Config) -> list[Triple]:
    try:
        if syntax == "json-ld":
            return _parse_jsonld(link, data, config)
        quads = parse(data, format=_FORMATS[syntax], base_iri=link.base)
        return [quad.triple for quad in quads]
    except SyntaxError as exc:
        raise _Unreadable(f"not valid {syntax}: {exc}") from exc


def _parse_jsonld(link: LinkSource, data: bytes, config: Config) -> list[Triple]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _Unreadable(f"not JSON text: {exc}") from exc
    own_copy = link.base + "context.jsonld"  # a built site's copy of the published context
    document = _swap_context(document, own_copy)
    try:
        nquads = to_nquads(document, replace(config, base=link.base))
    except JsonLdError as exc:
        raise _Unreadable(f"not JSON-LD that can be read: {exc}") from exc
    return [quad.triple for quad in parse(nquads, format=RdfFormat.N_QUADS)]


def _swap_context(node: Any, own_copy: str) -> Any:
    if isinstance(node, list):
        return [_swap_context(item, own_copy) for item in node]
    if not isinstance(node, dict):
        return node
    swapped = {key: _swap_context(value, own_copy) for key, value in node.items()}
    if swapped.get("@context") == own_copy:
        swapped["@context"] = CONTEXT_IRI
    return swapped


def _kept(triples: Any, base: str) -> list[Triple]:
    """The types and labels of the resources under ``base``."""
    found = []
    for triple in triples:
        subject = triple.subject
        if not isinstance(subject, NamedNode) or not subject.value.startswith(base):
            continue
        if triple.predicate.value not in KEPT:
            continue
        wanted = NamedNode if triple.predicate.value in _LINKS else Literal
        if not isinstance(triple.object, wanted):
            continue
        found.append(Triple(subject, triple.predicate, triple.object))
    return found
