"""The build state: what the previous build made, and from what, kept beside its output so that
the next build redoes only what an edit touches (``docs/incremental.md``).

``.<out>.state/`` beside the output folder holds ``state.pickle`` (each data subject's digest,
the catalog, the keys each page read, the files each resource wrote, the dump parts in order)
and ``parts/`` (the dump parts, named by their content). The state is written after the site,
and an ``updating`` mark stands while an incremental build changes the site in place: a build
that finds it, or a state of another ld-events, another config or other options, builds the
whole site again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from ld_events.assets import asset_dir
from ld_events.config import CONFIG_NAME, Config
from ld_events.errors import BuildError
from ld_events.layout import MANIFEST
from ld_events.output.dumps import PART_SUFFIXES, part_files
from ld_events.publish.catalog import Catalog
from ld_events.publish.stream import StreamLog

#: Changed when what the state holds changes: an older state is not read.
FORMAT = 2
#: The same for the change stream's log, which a full build keeps.
STREAM_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass
class BuildState:
    fingerprint: dict[str, str]
    digests: dict[str, bytes]
    catalog: Catalog
    #: The keys each resource's files were made from (``publish.reads``).
    keys: dict[str, frozenset[str]]
    #: The files each resource wrote; ``output.parallel.SITE_FILES`` for all others.
    files: dict[str, list[str]]
    #: The dump parts, in dump order, by key.
    shards: list[str]
    #: Whether the site has saved queries (every page links to them then).
    queries: bool
    #: The digest of each index page's context (``publish.render.PageMemo``).
    page_digests: dict[str, bytes]


def fingerprint(config: Config, options: str, linked: str = "") -> dict[str, str]:
    """What every page depends on and an edit cannot be scoped to, each named as a reason
    for a full build says it: this ld-events (its code and packaged files: templates, shapes,
    ontology), ``ld-events.yaml``, the build's ``options`` (with the version), and what was
    read of the linked datasets (``linked``, a digest; pages show their labels)."""
    code = hashlib.sha256(f"{FORMAT}\n".encode())
    folders = [_PACKAGE, *(asset_dir(name) for name in ("ontology", "shapes", "site"))]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                code.update(f"\n{path.relative_to(folder)}\n".encode())
                code.update(path.read_bytes())
    config_file = hashlib.sha256((config.root / CONFIG_NAME).read_bytes())
    return {
        "the build's options or the version of ld-events": options,
        "ld-events itself (its code, templates, shapes or ontology)": code.hexdigest(),
        CONFIG_NAME: config_file.hexdigest(),
    } | ({"the linked datasets (links:)": linked} if linked else {})


class StateFolder:
    """The state folder of an output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.folder = self.out.parent / f".{self.out.name}.state"
        self.parts = self.folder / "parts"
        self._pickle = self.folder / "state.pickle"
        self._updating = self.folder / "updating"
        #: The change stream's log and a copy of its documents: history, not a cache, so
        #: kept by full builds too (``publish.stream``).
        self.stream = self.folder / "stream"
        self._stream_log = self.stream / "log.pickle"

    def load(self, expected: dict[str, str]) -> tuple[BuildState | None, str]:
        """The previous build's state, or ``None`` and why the build must be a full one."""
        if not (self.out / MANIFEST).is_file():
            return None, "no previous build"
        if self._updating.exists():
            return None, "the previous build was interrupted while it updated the site"
        try:
            with self._pickle.open("rb") as stream:
                found = pickle.load(stream)
        except FileNotFoundError:
            return None, f"no build state in {self.folder}"
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            # a damaged file, or one of an ld-events whose classes were different
            return None, f"the build state could not be read ({exc.__class__.__name__})"
        if not (isinstance(found, tuple) and found[:1] == (FORMAT,)):
            return None, "the build state is of another version of ld-events"
        found = found[1]
        for what, value in expected.items():
            if found.fingerprint.get(what) != value:
                return None, f"{what} changed"
        return found, ""

    def part(self, key: str) -> list[Path] | None:
        """A part of the previous dumps, if kept."""
        files = part_files(self.parts, key)
        return files if all(path.is_file() for path in files) else None

    def forget(self) -> None:
        """Before a full build replaces the site: no state is better than a wrong one."""
        self._pickle.unlink(missing_ok=True)
        self._updating.unlink(missing_ok=True)

    def begin_update(self) -> None:
        """Before an incremental build changes the site in place."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._updating.touch()

    def keep_parts(self, scratch: Path) -> None:
        """Move the parts this build wrote (``scratch``) into the state."""
        self.parts.mkdir(parents=True, exist_ok=True)
        if scratch.is_dir():
            for path in scratch.iterdir():
                os.replace(path, self.parts / path.name)

    def save(self, state: BuildState) -> None:
        """Write the state, then drop the parts it does not name, and the update's mark."""
        self.folder.mkdir(parents=True, exist_ok=True)
        saved = replace(state, catalog=replace(state.catalog))  # without its cached lists
        temporary = self._pickle.with_suffix(".tmp")
        with temporary.open("wb") as stream:
            pickle.dump((FORMAT, saved), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self._pickle)
        self._updating.unlink(missing_ok=True)
        kept = {f"{key}{suffix}" for key in state.shards for suffix in PART_SUFFIXES}
        for path in self.parts.iterdir():
            if path.name not in kept:
                path.unlink()

    def load_stream(self) -> StreamLog:
        """The change stream published so far (empty before the first build)."""
        try:
            with self._stream_log.open("rb") as stream:
                found = pickle.load(stream)
        except FileNotFoundError:
            return StreamLog()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            raise BuildError(
                f"{self._stream_log}: the change stream's log could not be read "
                f"({exc.__class__.__name__}); restore it from a backup of the state folder"
            ) from exc
        if not (isinstance(found, tuple) and found[:1] == (STREAM_FORMAT,)):
            raise BuildError(
                f"{self._stream_log}: the change stream's log is of another version of ld-events"
            )
        log: StreamLog = found[1]
        return log

    def stream_document(self, path: str) -> bytes | None:
        """A document of the stream as the last build published it."""
        try:
            return (self.stream / path).read_bytes()
        except FileNotFoundError:
            return None

    def save_stream(self, log: StreamLog, documents: dict[str, bytes]) -> None:
        """The log and the documents this build wrote, before the site shows them: a site
        left behind by a failed update is brought up to the log by the next build."""
        for path, data in documents.items():
            _replace_file(self.stream / path, data)
        _replace_file(
            self._stream_log, pickle.dumps((STREAM_FORMAT, log), protocol=pickle.HIGHEST_PROTOCOL)
        )

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _replace_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
