"""Writing the site safely: into a staging folder, swapped into place only when complete.

A failed or interrupted build leaves the previous output untouched, and a folder holding
files this tool did not write is never replaced unless the caller forces it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ld_events.errors import BuildError, UsageError

MANIFEST = ".ld-events-manifest"


class SiteWriter:
    """Collects files in ``.<out>.staging`` beside ``out``; ``commit`` swaps it in."""

    def __init__(self, out: Path, force: bool = False) -> None:
        self.out = out.resolve()
        check_output_folder(self.out, force)
        self.staging = self.out.parent / f".{self.out.name}.staging"
        self.written: list[str] = []
        if self.staging.exists():
            shutil.rmtree(self.staging)  # our own leftover from an interrupted build
        self.staging.mkdir(parents=True)

    def write(self, relative: str, data: bytes) -> None:
        target = self.staging / relative
        if target.parent != self.staging:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.written.append(relative)

    def commit(self) -> None:
        manifest = "\n".join(sorted(self.written)) + "\n"
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


def check_output_folder(out: Path, force: bool) -> None:
    """Refuse to replace a folder holding files a previous build did not write."""
    if not out.exists() or force:
        return
    if not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    foreign = _foreign_files(out)
    if foreign:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise UsageError(
            f"--out {out} holds files ld-events did not write ({shown}); "
            "choose another folder, or pass --force to replace it"
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
