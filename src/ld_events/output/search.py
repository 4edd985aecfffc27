"""The site's search index: Pagefind (a static full-text index and its script, no server) run
over the pages of events, actors, places and sources as this build leaves them.

The index is written through the build's writer like every other file: into the staging
folder, listed in the manifest, in place only when the build is complete. Pagefind cannot
update an index in part, so every build (an incremental one too) indexes all those pages again,
the unchanged ones read from the site: the index is always the one a full build writes.

Pagefind writes the values of a filter in its hash maps' order, which changes from run to run;
the bundle is put in a stable order here (:func:`normalised`), so that two builds of the same
pages write the same bytes. Its files are named by digests of their content, so a file whose
content changed gets a new name and the files naming it are rewritten.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from ld_events.errors import BuildError
from ld_events.layout import SEARCH
from ld_events.output import cbor
from ld_events.output.writer import SiteWriter

#: Pagefind's own user interfaces, which the site does not use (it has static/search.js).
UNUSED = frozenset(
    {
        "pagefind-ui.js",
        "pagefind-ui.css",
        "pagefind-modular-ui.js",
        "pagefind-modular-ui.css",
        "pagefind-component-ui.js",
        "pagefind-component-ui.css",
        "pagefind-highlight.js",
    }
)
_ENTRY = "pagefind-entry.json"
#: What Pagefind's binary files start with, inside their gzip compression.
_SIGNATURE = b"pagefind_dcd"


def write_search_index(writer: SiteWriter, pages: Iterable[str], site: Path) -> list[str]:
    """Index ``pages`` (HTML files of the site, by path) and write the bundle under
    :data:`~ld_events.layout.SEARCH` through ``writer``; returns the names written.

    A page this build wrote is read from the writer's staging folder, any other from ``site``.
    """
    pages = sorted(pages)
    if not pages:
        return []
    staged = set(writer.files)
    work = writer.scratch / "search"
    shutil.rmtree(work, ignore_errors=True)
    folder, bundle = work / "pages", work / "bundle"
    for name in pages:
        _link((writer.staging if name in staged else site) / name, folder / name)
    _run_pagefind(folder, bundle)
    files = normalised(_read_bundle(bundle))
    shutil.rmtree(work, ignore_errors=True)
    names = []
    for name, data in sorted(files.items()):
        writer.write(f"{SEARCH}/{name}", data)
        names.append(f"{SEARCH}/{name}")
    return names


def _link(origin: Path, target: Path) -> None:
    """A page where Pagefind reads it: a hard link (no copy) where the file system allows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(origin, target)
    except OSError:
        shutil.copyfile(origin, target)


def _run_pagefind(folder: Path, bundle: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(folder)]
    command += ["--output-path", str(bundle), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise BuildError(f"could not run Pagefind for the search index: {exc}") from exc
    if done.returncode != 0 or not (bundle / _ENTRY).is_file():
        said = (done.stderr or done.stdout).strip() or f"exit status {done.returncode}"
        if "No module named pagefind" in said:
            said = "Pagefind is not installed (pip install 'pagefind[bin]')"
        raise BuildError(f"the search index could not be built: {said}")


def _read_bundle(bundle: Path) -> dict[str, bytes]:
    found = {}
    for path in sorted(bundle.rglob("*")):
        name = path.relative_to(bundle).as_posix()
        if path.is_file() and name not in UNUSED:
            found[name] = path.read_bytes()
    return found


def normalised(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's bundle (file name → bytes) in a stable order: each filter's values sorted,
    the index's list of filters sorted, and the files whose bytes changed renamed by digest
    (with the names in the files that point at them)."""
    files = dict(files)
    entry = json.loads(files[_ENTRY])
    for language, about in entry["languages"].items():
        meta_name = f"pagefind.{about['hash']}.pf_meta"
        meta = _unpack(files.pop(meta_name))
        filters = meta[3] if len(meta) > 3 else None
        if not isinstance(filters, list) or not all(_is_pair(pair) for pair in filters):
            raise BuildError("Pagefind wrote an index this version of ld-events cannot read")
        for pair in filters:
            old = f"filter/{pair[1]}.pf_filter"
            content = _pack(_sorted_filter(_unpack(files.pop(old))))
            pair[1] = f"{language}_{_digest(content)[:7]}"
            files[f"filter/{pair[1]}.pf_filter"] = content
        filters.sort()
        content = _pack(meta)
        about["hash"] = f"{language}_{_digest(content)[:10]}"
        files[f"pagefind.{about['hash']}.pf_meta"] = content
    entry["languages"] = dict(sorted(entry["languages"].items()))
    files[_ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def _is_pair(value: cbor.Value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value)


def _sorted_filter(value: cbor.Value) -> cbor.Value:
    """A filter file, ``[name, [[value, [page, ...]], ...]]``, with its values in order."""
    if not isinstance(value, list) or len(value) != 2 or not isinstance(value[1], list):
        raise BuildError("Pagefind wrote a filter file this version of ld-events cannot read")
    return [value[0], sorted(value[1], key=lambda pair: str(pair[0]))]


def _unpack(data: bytes) -> list[cbor.Value]:
    raw = gzip.decompress(data)
    value = cbor.decode(raw.removeprefix(_SIGNATURE)) if raw.startswith(_SIGNATURE) else None
    if not isinstance(value, list):
        raise BuildError("Pagefind wrote an index file this version of ld-events cannot read")
    return value


def _pack(value: cbor.Value) -> bytes:
    return gzip.compress(_SIGNATURE + cbor.encode(value), compresslevel=9, mtime=0)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
