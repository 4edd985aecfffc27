"""Server configuration for a built site: Apache, nginx, Netlify / Cloudflare Pages.

Every function returns text; the build decides where to write it. ``base_path`` is the path part
of the project base IRI B (``"/"`` or ``"/iraq-syria-2021/"``): it must start and end with ``/``.

A *resource folder* is ``{base_path}{kind}/{slug}/`` holding ``index.html``, ``data.ttl``,
``data.nt`` and ``data.jsonld``. What each host can do with it:

- Apache (``.htaccess``) and nginx choose the file by the request's ``Accept`` header and send
  ``Vary: Accept`` and a ``Link`` header naming the three RDF files. Their rules are regular
  expressions, so they compare q-values only roughly (see :data:`ACCEPT_RULES`).
- ``ld_events.serving.http`` (the local preview server) parses q-values fully.
- Netlify and Cloudflare Pages cannot switch on ``Accept``: a resource URL always answers with
  its HTML page. ``_headers`` still sends the ``Link`` header, so RDF clients can follow it to
  ``data.ttl``, ``data.jsonld`` or ``data.nt``, and sets the RDF content types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from ld_events.errors import ConfigError
from ld_events.layout import (
    CONTENT_TYPES,
    CORS,
    HTACCESS,
    HTML,
    JSONLD,
    KINDS,
    LINK_HEADER,
    NETLIFY_HEADERS,
    NETLIFY_REDIRECTS,
    NGINX_HTTP,
    NGINX_SERVER,
    NOSNIFF,
    NTRIPLES,
    RDF_VARIANTS,
    SITE_DATA_FILES,
    TURTLE,
    cors_preflight,
)
from ld_events.publish.accept_rules import ACCEPT_RULES

#: Sent with every answer of every host (nosniff, CORS), and on a preflight (OPTIONS).
EVERY_ANSWER = (NOSNIFF, *CORS)
PREFLIGHT = cors_preflight()


def host_files(
    base: str, resource_folders: list[str], more_data_files: Sequence[str] = ()
) -> Iterator[tuple[str, bytes]]:
    """Every host configuration file of a site: Apache, nginx, Netlify/Cloudflare Pages.
    ``more_data_files``: data files of this site besides :data:`SITE_DATA_FILES` (the change
    stream's documents, the feed), which hosts that match exact paths must be told of."""
    base_path = urlsplit(base).path or "/"
    yield HTACCESS, htaccess(base_path).encode()
    data_files = [*SITE_DATA_FILES, *more_data_files]
    yield NETLIFY_HEADERS, netlify_headers(base_path, resource_folders, data_files).encode()
    yield NETLIFY_REDIRECTS, netlify_redirects(base_path).encode()
    yield NGINX_HTTP, nginx_maps().encode()
    yield NGINX_SERVER, nginx_locations(base_path).encode()


_BASE_PATH = re.compile(r"/(?:[A-Za-z0-9._~%-]+/)*")
_KINDS_RE = "(?:" + "|".join(kind.name for kind in KINDS) + ")"
_SLUG_RE = "[^/]+"


def check_base_path(base_path: str) -> str:
    """Return ``base_path`` if it is a plain URL path starting and ending with ``/``."""
    if not _BASE_PATH.fullmatch(base_path):
        raise ConfigError(
            f"base path {base_path!r} must start and end with '/' and hold only "
            "letters, digits and . _ ~ % - between the slashes"
        )
    return base_path


# --- Apache -----------------------------------------------------------------------------------


def htaccess(base_path: str) -> str:
    """Apache ``.htaccess`` for the site root deployed at ``base_path``.

    Guarantees, with mod_rewrite, mod_headers, mod_mime and mod_dir and ``AllowOverride All``
    (at least ``FileInfo Indexes Options``): a GET or HEAD of a resource folder without its
    trailing slash is redirected (301) to the slash form; the slash form answers with
    ``data.ttl``, ``data.jsonld``, ``data.nt`` or ``index.html`` chosen by :data:`ACCEPT_RULES`
    (browsers get HTML), with ``Vary: Accept`` and the ``Link`` header; RDF files get their
    content types (Turtle with ``charset=utf-8``), ``.gz`` files are served as
    ``application/gzip`` downloads; folders are never listed; a 404 shows ``404.html``; every
    answer says ``X-Content-Type-Options: nosniff``.
    """
    base = check_base_path(base_path)
    folder = f"^({_KINDS_RE}/{_SLUG_RE}/)$"
    return "\n".join(
        [
            *_apache_header(base),
            *_apache_basics(base),
            "<IfModule mod_rewrite.c>",
            "RewriteEngine On",
            f"RewriteBase {base}",
            "# A browser's CORS preflight: the headers below say what it may do.",
            "RewriteCond %{REQUEST_METHOD} =OPTIONS",
            "RewriteRule ^ - [R=204,L]",
            "# A resource folder without its trailing slash: redirect to the slash form.",
            "RewriteCond %{REQUEST_FILENAME} -d",
            f"RewriteRule ^({_KINDS_RE}/{_SLUG_RE})$ $1/ [R=301,L]",
            "# A resource folder: choose the file by Accept (first matching rule wins).",
            *(line for rule, name in ACCEPT_RULES for line in _apache_choice(folder, rule, name)),
            *_apache_choice(folder, None, HTML.filename),
            "</IfModule>",
            "<IfModule mod_headers.c>",
            *(f"Header always set {name} {_apache_quote(value)}" for name, value in EVERY_ANSWER),
            *(f"Header always set {name} {_apache_quote(value)}" for name, value in PREFLIGHT),
            "# Set on the response of a negotiated resource folder (env renamed by the rewrite).",
            "Header merge Vary Accept env=REDIRECT_LDE_NEGOTIATED",
            f"Header set Link {_apache_quote(LINK_HEADER)} env=REDIRECT_LDE_NEGOTIATED",
            "</IfModule>",
            "",
        ]
    )


def _apache_header(base: str) -> list[str]:
    return [
        f"# ld-events: Apache configuration for the site at {base} (generated; do not edit).",
        "# Needs mod_rewrite, mod_headers, mod_mime, mod_dir and AllowOverride All",
        "# (or FileInfo Indexes Options) for this folder.",
        "# Resource folders {kind}/{slug}/ answer by the Accept header: text/turtle -> data.ttl,",
        "# application/ld+json -> data.jsonld, application/n-triples -> data.nt, else index.html.",
        "# Order: text/html with q=1 (or no q); else an RDF type with q=1; else an RDF type with",
        "# q<1 whose first decimal beats text/html's, unless */* or text/* has q=1; else HTML.",
        "# q=0 excludes a type. Only that first decimal is compared, and only with text/html:",
        "# clients wanting exact control can fetch the data.* files (see the Link header).",
    ]


def _apache_basics(base: str) -> list[str]:
    return [
        "Options -Indexes -MultiViews +SymLinksIfOwnerMatch",
        "DirectoryIndex index.html",
        "DirectorySlash On",
        f"ErrorDocument 404 {base}404.html",
        "<IfModule mod_mime.c>",
        f"AddType {TURTLE.media_type} .ttl",
        f"AddType {NTRIPLES.media_type} .nt",
        f"AddType {JSONLD.media_type} .jsonld",
        f"AddType {CONTENT_TYPES['.atom']} .atom",
        "AddCharset utf-8 .html .ttl",
        "# dataset.nt.gz is a download (application/gzip), not N-Triples with Content-Encoding.",
        "RemoveEncoding .gz",
        "</IfModule>",
        '<FilesMatch "\\.gz$">',
        f"ForceType {CONTENT_TYPES['.gz']}",
        "</FilesMatch>",
    ]


def _apache_choice(folder: str, rule: str | None, filename: str) -> list[str]:
    accept = [f"RewriteCond %{{HTTP_ACCEPT}} {rule} [NC]"] if rule else []
    return [
        *accept,
        f"RewriteCond %{{REQUEST_FILENAME}}/{filename} -f",
        f"RewriteRule {folder} $1{filename} [E=LDE_NEGOTIATED:1,L]",
    ]


def _apache_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- nginx ------------------------------------------------------------------------------------


def nginx_maps() -> str:
    """nginx ``map`` blocks for the ``http {}`` context (nginx accepts ``map`` nowhere else).

    Guarantees: ``$lde_variant`` holds the file a resource folder answers with for the
    request's Accept header, by :data:`ACCEPT_RULES` (``index.html`` when nothing matches).
    """
    rules = [f'    "~*{_nginx_quote(rule)}" {name};' for rule, name in ACCEPT_RULES]
    return "\n".join(
        [
            "# ld-events: put in the http {} context (map is not allowed inside server {}).",
            "map $http_accept $lde_variant {",
            f"    default {HTML.filename};",
            *rules,
            "}",
            "",
        ]
    )


def nginx_locations(base_path: str) -> str:
    """nginx ``location`` blocks for a ``server {}`` whose ``root`` holds the site at ``base_path``.

    Needs the ``$lde_variant`` map of :func:`nginx_maps`. Guarantees: slash-less resource
    folders are redirected (301) to the slash form; a resource folder answers with the file
    chosen by Accept, with ``Vary: Accept`` and the ``Link`` header; RDF files get their content
    types (Turtle and HTML with ``charset=utf-8``), ``.gz`` is ``application/gzip``; no folder
    listings; a 404 shows ``404.html``; every answer carries :data:`EVERY_ANSWER` (nosniff,
    CORS); a preflight (OPTIONS) is answered 204 with :data:`PREFLIGHT`.
    """
    base = check_base_path(base_path)
    prefix = "^" + base.replace(".", r"\.") + _KINDS_RE + "/" + _SLUG_RE
    return "\n".join(
        [
            f"# ld-events: put in a server {{}} block; $document_root{base} is the site folder.",
            f"location {base} {{",
            *_nginx_types(),
            "    charset utf-8;",
            "    charset_types text/turtle text/plain text/css;",
            "    autoindex off;",
            *_nginx_headers("    ", [*EVERY_ANSWER, *PREFLIGHT]),
            "    index index.html;",
            f"    error_page 404 {base}404.html;",
            *_nginx_preflight("    "),
            f'    location ~ "{prefix}$" {{',
            *_nginx_preflight("        "),
            "        if (-d $request_filename) {",
            "            return 301 $uri/$is_args$args;",
            "        }",
            "    }",
            f'    location ~ "{prefix}/$" {{',
            "        # add_header here replaces the outer ones: repeat them.",
            *_nginx_headers("        ", [*EVERY_ANSWER, *PREFLIGHT]),
            *_nginx_preflight("        "),
            "        add_header Vary Accept always;",
            f"        add_header Link '{LINK_HEADER}' always;",
            f"        try_files ${{uri}}${{lde_variant}} ${{uri}}{HTML.filename} =404;",
            "    }",
            "}",
            "",
        ]
    )


def nginx_conf(base_path: str) -> str:
    """Both nginx parts in one text: :func:`nginx_maps` then :func:`nginx_locations`.

    Guarantees what those two do, once the first part is placed in ``http {}`` and the second in
    a ``server {}``; the text says so in its comments. Write the parts to two files to include
    them directly.
    """
    return nginx_maps() + "\n" + nginx_locations(base_path)


def _nginx_headers(indent: str, headers: list[tuple[str, str]]) -> list[str]:
    return [f'{indent}add_header {name} "{_nginx_quote(value)}" always;' for name, value in headers]


def _nginx_preflight(indent: str) -> list[str]:
    # rewrite directives are not inherited by nested locations: each location says it again.
    return [f"{indent}if ($request_method = OPTIONS) {{", f"{indent}    return 204;", f"{indent}}}"]


def _nginx_types() -> list[str]:
    types = {
        "text/html": "html htm",
        "text/css": "css",
        "text/javascript": "js mjs",
        "text/plain": "txt",
        "application/json": "json",
        "application/xml": "xml",
        "image/svg+xml": "svg",
        "image/png": "png",
        "image/jpeg": "jpg jpeg",
        "image/x-icon": "ico",
        "font/woff2": "woff2",
        TURTLE.media_type: "ttl",
        NTRIPLES.media_type: "nt",
        JSONLD.media_type: "jsonld",
        CONTENT_TYPES[".gz"]: "gz",
        CONTENT_TYPES[".atom"]: "atom",
    }
    lines = [f"        {media} {suffixes};" for media, suffixes in types.items()]
    return ["    types {", *lines, "    }", "    default_type application/octet-stream;"]


def _nginx_quote(value: str) -> str:
    # nginx unescapes \" \' \\ \t \r \n inside quotes; keep regex backslashes literal.
    return value.replace("\\", "\\\\").replace('"', '\\"')


# --- Netlify and Cloudflare Pages --------------------------------------------------------------


def netlify_headers(
    base_path: str,
    resource_paths: Iterable[str],
    data_files: Sequence[str] = SITE_DATA_FILES,
) -> str:
    """``_headers`` for Netlify or Cloudflare Pages.

    ``resource_paths`` are resource folders relative to the site root (``"event/e1/"``);
    ``data_files`` are other RDF files relative to the site root (ontology and shape files may be
    added). Guarantees: every resource folder URL gets ``Link`` and ``Vary: Accept``; each of
    its ``data.*`` files and each data file gets its content type; every file gets
    :data:`EVERY_ANSWER` (nosniff, CORS). A preflight (OPTIONS) is the host's own business: a
    plain GET, or one with a short Accept header, needs none. Exact paths are used, except that
    one ``{base}*`` rule (a splat both hosts read alike; other wildcards differ between them).
    These hosts cannot switch on Accept; the file says so in a comment. Cloudflare Pages reads
    at most 100 rules: four per resource, and one.
    """
    base = check_base_path(base_path)
    folders = sorted({_folder(path) for path in resource_paths})
    blocks = [_header_block(base + "*", list(EVERY_ANSWER))]
    blocks += [_header_block(base + folder, _folder_headers()) for folder in folders]
    # Every resource has the same data files: their headers are made once, not per folder.
    variants = [(v.filename, _header_block("", _file_headers(v.filename))) for v in RDF_VARIANTS]
    blocks += [base + folder + name + block for folder in folders for name, block in variants]
    blocks += [_header_block(base + f, _file_headers(f)) for f in data_files]
    return "\n\n".join(["\n".join(_netlify_comment(base)), *blocks]) + "\n"


def _netlify_comment(base: str) -> list[str]:
    return [
        f"# ld-events: response headers for Netlify / Cloudflare Pages (site at {base}).",
        "# These hosts cannot choose a file by the Accept header: a resource folder URL always",
        "# answers with index.html. RDF clients follow its Link header to data.ttl, data.jsonld",
        "# or data.nt. Use Apache or nginx (see the ld-events docs) for content negotiation.",
    ]


def _folder_headers() -> list[tuple[str, str]]:
    return [("Link", LINK_HEADER), ("Vary", "Accept")]


def _file_headers(path: str) -> list[tuple[str, str]]:
    return [("Content-Type", content_type(path))]


def _header_block(path: str, headers: list[tuple[str, str]]) -> str:
    return "\n".join([path, *(f"  {name}: {value}" for name, value in headers)])


def content_type(path: str) -> str:
    """The Content-Type of a site file by its last suffix (``application/octet-stream``)."""
    return CONTENT_TYPES.get(PurePosixPath(path).suffix, "application/octet-stream")


_KIND_NAMES = frozenset(k.name for k in KINDS)


def _folder(path: str) -> str:
    folder = path.strip("/") + "/"
    kind, _, slug = folder.rstrip("/").partition("/")
    if kind not in _KIND_NAMES or not slug or "/" in slug:
        raise ConfigError(f"not a resource folder path ({{kind}}/{{slug}}/): {path!r}")
    return folder


def netlify_redirects(base_path: str) -> str:
    """``_redirects`` for Netlify or Cloudflare Pages.

    Guarantees: ``{base_path}{kind}/{slug}`` is redirected (301) to ``{base_path}{kind}/{slug}/``
    for every resource kind, with one placeholder rule per kind. The rules are not forced
    (no ``!``), so they cannot loop on Netlify, which matches rules with or without a trailing
    slash but lets existing content win; Cloudflare matches the slash exactly.
    """
    base = check_base_path(base_path)
    rules = [f"{base}{kind.name}/:slug {base}{kind.name}/:slug/ 301" for kind in KINDS]
    comment = "# ld-events: resource folders live at the URL with the trailing slash."
    return "\n".join([comment, *rules, ""])
