"""An incremental build's writer: the files it renders again are staged like a full build's,
then moved into the existing site one by one, and only those whose bytes changed.

The site is changed in place, so a reader (or ``serve``) sees the old or the new version of
each file, never a half-written one. Files of records that are gone are deleted, and only
files the manifest of the previous build lists: never one ld-events did not write.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ld_events.errors import BuildError
from ld_events.layout import MANIFEST
from ld_events.output.writer import SiteWriter


class SiteUpdate(SiteWriter):
    """Stages files in ``.<out>.staging`` (as :class:`SiteWriter`); ``apply`` moves them in."""

    def __init__(self, out: Path) -> None:
        self._stage(out)  # no check of the folder's files: the build state proves it ours

    def commit(self) -> None:
        raise BuildError("an update is applied with apply(), which names the site's files")

    def apply(self, site_files: Iterable[str], removed: Iterable[str]) -> int:
        """Move the changed files in, delete ``removed`` (files no longer written), write the
        manifest of ``site_files``; returns how many files changed."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        written = set(self.files)
        changed = 0
        for name in sorted(written):
            if self._move_in(name):
                changed += 1
        for name in sorted(set(removed) - written):
            target = self.out / name
            if target.is_file() and not target.is_symlink():
                target.unlink()
                _prune_empty_folders(target.parent, self.out)
                changed += 1
        manifest = "\n".join(sorted(site_files)) + "\n"
        (self.staging / MANIFEST).write_text(manifest, encoding="utf-8")
        if self._move_in(MANIFEST):
            changed += 1
        shutil.rmtree(self.staging)
        return changed

    def _move_in(self, name: str) -> bool:
        new, old = self.staging / name, self.out / name
        if old.is_file() and filecmp.cmp(new, old, shallow=False):
            return False
        old.parent.mkdir(parents=True, exist_ok=True)
        os.replace(new, old)
        return True


def _prune_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent
