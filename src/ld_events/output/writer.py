"""The one writer of a build: every file of a site goes through it, from any process.

Files go into a staging folder beside the output (``.<out>.staging``) that replaces the output
only when the build is complete, so a failed or interrupted build leaves the previous site
untouched; a folder holding files this tool did not write is never replaced unless forced.
The manifest (``layout.MANIFEST``) lists every file written, and only the writer makes it.

Worker processes write through a :class:`FileBatch` the writer hands out, and return the
batch's names for the writer to take in (:meth:`SiteWriter.adopt`). Intermediate files (the
parts of the dumps) go to the writer's scratch folder, which is never published.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ld_events.errors import BuildError, UsageError
from ld_events.layout import HTML, MANIFEST

_SCRATCH = ".scratch"


class FileBatch:
    """Writes new files under a staging folder, creating each folder once, and names them.

    Plain os calls on str paths: a site has tens of thousands of small files, and pathlib's and
    io's layers cost as much as the kernel's work on them.
    """

    def __init__(self, root: Path) -> None:
        self.root = os.fspath(root)
        self.folders: set[str] = set()
        self.names: list[str] = []

    def write(self, relative: str, data: bytes) -> None:
        """A file of the site."""
        self._write(relative, data)
        self.names.append(relative)

    def write_scratch(self, relative: str, data: bytes) -> None:
        """An intermediate file, in the scratch folder: read back by the build, never published."""
        self._write(f"{_SCRATCH}/{relative}", data)

    def _write(self, relative: str, data: bytes) -> None:
        if _leaves_its_folder(relative):
            raise BuildError(f"refusing to write {relative!r}: it is not a path inside the site")
        folder = relative.rpartition("/")[0]
        if folder not in self.folders:
            self._make_folder(folder)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
        descriptor = os.open(f"{self.root}/{relative}", flags, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
        finally:
            os.close(descriptor)

    def _make_folder(self, folder: str) -> None:
        path = f"{self.root}/{folder}"
        try:
            os.mkdir(path)  # usually only the last level is new: one system call
        except FileExistsError:
            pass
        except FileNotFoundError:
            os.makedirs(path, exist_ok=True)
        self.folders.add(folder)


def _leaves_its_folder(relative: str) -> bool:
    """An absolute path, an empty or dot segment, a backslash or a NUL: never a site's file."""
    return (
        relative.startswith("/")
        or "\\" in relative
        or "\0" in relative
        or any(part in ("", ".", "..") for part in relative.split("/"))
    )


class SiteWriter:
    """Collects a site in ``.<out>.staging`` beside ``out``; ``commit`` swaps it in."""

    def __init__(self, out: Path, force: bool = False) -> None:
        check_output_folder(out.resolve(), force)
        self._stage(out)

    def _stage(self, out: Path) -> None:
        """A new, empty staging folder beside ``out``."""
        self.out = out.resolve()
        self.staging = self.out.parent / f".{self.out.name}.staging"
        if self.staging.exists():
            shutil.rmtree(self.staging)  # our own leftover from an interrupted build
        self.staging.mkdir(parents=True)
        self._own = FileBatch(self.staging)
        self._adopted: list[str] = []

    @property
    def scratch(self) -> Path:
        """Where :meth:`FileBatch.write_scratch` puts intermediate files."""
        return self.staging / _SCRATCH

    def batch(self) -> FileBatch:
        """A batch for a worker process; give its names to :meth:`adopt` when it is done."""
        return FileBatch(self.staging)

    def adopt(self, names: Iterable[str]) -> None:
        """Take in the names of the files a worker's batch wrote."""
        self._adopted.extend(names)

    def write(self, relative: str, data: bytes) -> None:
        self._own.write(relative, data)

    @contextmanager
    def stream(self, relative: str) -> Iterator[BinaryIO]:
        """A file of the site written in pieces (a dump larger than memory)."""
        if _leaves_its_folder(relative):
            raise BuildError(f"refusing to write {relative!r}: it is not a path inside the site")
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as stream:
            yield stream
        self._own.names.append(relative)

    def size(self, relative: str) -> int:
        return (self.staging / relative).stat().st_size

    @property
    def files(self) -> list[str]:
        """Every file written so far, in the order written (a worker's files as adopted)."""
        return [*self._own.names, *self._adopted]

    def commit(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        manifest = "\n".join(sorted(self.files)) + "\n"
        (self.staging / MANIFEST).write_text(manifest, encoding="utf-8")
        _make_world_readable(self.staging)
        previous = self.out.parent / f".{self.out.name}.previous"
        if previous.exists():
            shutil.rmtree(previous)
        try:
            if self.out.exists():
                self.out.rename(previous)
            self.staging.rename(self.out)
        except OSError as exc:
            if previous.exists() and not self.out.exists():
                previous.rename(self.out)
            raise BuildError(f"could not move the new site into {self.out}: {exc}") from exc
        if previous.exists():
            shutil.rmtree(previous)

    def abort(self) -> None:
        if self.staging.exists():
            shutil.rmtree(self.staging)


def page_folders(names: Iterable[str]) -> list[str]:
    """The folder of every HTML page of ``names`` (``""`` for the home page)."""
    index = HTML.filename
    return [name.removesuffix(index) for name in names if name.endswith(index)]


def check_output_folder(out: Path, force: bool) -> None:
    """Refuse to replace a folder holding files a previous build did not write; with ``force``,
    replace only a folder a previous build wrote (its manifest proves it), whatever was added."""
    if not out.exists():
        return
    if not out.is_dir() or out.is_symlink():
        raise UsageError(f"--out {out} is not a folder")
    if force and (out / MANIFEST).is_file():
        return
    foreign = _foreign_files(out)
    if not foreign:
        return
    shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
    if force:
        raise UsageError(
            f"--out {out} holds files ld-events did not write ({shown}) and no "
            f"{MANIFEST}: it is not a site ld-events built, and --force replaces only those"
        )
    raise UsageError(
        f"--out {out} holds files ld-events did not write ({shown}); choose another folder, "
        "or pass --force to replace a site ld-events built there"
    )


def _foreign_files(out: Path) -> list[str]:
    manifest = out / MANIFEST
    ours = set(manifest.read_text(encoding="utf-8").split()) if manifest.is_file() else set()
    ours.add(MANIFEST)
    found = []
    for path in sorted(out.rglob("*")):
        if path.is_file() or path.is_symlink():
            relative = path.relative_to(out).as_posix()
            if relative not in ours:
                found.append(relative)
    return found


def _make_world_readable(folder: Path) -> None:
    """Static servers often run as another user: files 0644, folders 0755.

    Under the usual umask (022) files are created that way already: skip the walk.
    """
    umask = os.umask(0)
    os.umask(umask)
    if not umask & 0o055:
        return
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
        for name in files:
            os.chmod(os.path.join(root, name), 0o644)
    os.chmod(folder, 0o755)
