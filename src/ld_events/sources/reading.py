"""Stage 1, sources: find a project's files and read each with the reader of its format.

Readers are looked up by file suffix in :data:`READERS`, and the tables the config names
(``tables:``) by their format. Problems are collected, never raised
one at a time, so that one run reports every unreadable file and every mistyped key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ld_events.config import CONFIG_NAME, Config, table_files
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import Reader, SourceFile, Sources
from ld_events.sources.gdelt import GdeltReader
from ld_events.sources.icews import IcewsReader
from ld_events.sources.iri_policy import misplaced_iris
from ld_events.sources.jsonld import JsonLdReader
from ld_events.sources.lexical import control_characters, ill_typed_literals
from ld_events.sources.mapped import MappedReader
from ld_events.sources.turtle import TurtleReader
from ld_events.sources.yaml import YamlReader

#: Every source format, in the order its dataset-wide checks run.
READERS: tuple[type[Reader], ...] = (
    YamlReader,
    TurtleReader,
    JsonLdReader,
    GdeltReader,
    IcewsReader,
    MappedReader,
)
READER_BY_SUFFIX: dict[str, type[Reader]] = {
    suffix: reader for reader in READERS for suffix in reader.suffixes
}
READER_BY_FORMAT: dict[str, type[Reader]] = {
    table_format: reader for reader in READERS for table_format in reader.formats
}
#: Folders never read as sources: saved queries, tool caches (and the build's output).
SKIPPED_DIRS = frozenset({"_site", "queries", "node_modules", "__pycache__"})


def read_sources(config: Config) -> Sources:
    """Every source file of the project, read into one store; the report holds the problems."""
    sources = Sources()
    found = find_sources(config)
    sources.report.extend([skipped_symlink(config, path) for path in found.symlinks])
    files = [SourceFile(path, config.relative(path)) for path in found.files]
    files += table_sources(config)
    sources.files = [file.relative for file in files]
    readers: dict[type[Reader], Reader] = {}
    for file in files:
        kind = reader_of(file)
        readers.setdefault(kind, kind(config, sources))
    chosen = [(file, readers[reader_of(file)]) for file in files]
    for file, reader in chosen:
        reader.prepare(file)
    for file, reader in chosen:
        reader.read(file)
    for kind in READERS:
        if kind in readers:
            readers[kind].finish()
    sources.report.extend(ill_typed_literals(sources.store, sources.index))  # once all is read
    sources.report.extend(control_characters(sources.store, sources.index))
    sources.report.extend(misplaced_iris(sources.store, config.base, sources.index))
    sources.report.notes += [
        f"{path}: {count} bad {'row' if count == 1 else 'rows'} skipped (max_bad_rows)"
        for path, count in sorted(sources.skipped_rows.items())
    ]
    return sources


def reader_of(file: SourceFile) -> type[Reader]:
    return READER_BY_FORMAT[file.format] if file.format else READER_BY_SUFFIX[file.path.suffix]


def table_sources(config: Config) -> list[SourceFile]:
    """The files of the config's ``tables:``, each once (the first entry naming it wins)."""
    files: dict[Path, SourceFile] = {}
    for table in config.tables:
        for path in table_files(config.root, table.path):
            found = SourceFile(
                path,
                config.relative(path),
                table.format,
                table=table.path,
                max_bad_rows=table.max_bad_rows,
                mapping=table.mapping,
            )
            files.setdefault(path, found)
    return list(files.values())


@dataclass
class Found:
    """A project's source files, and the symbolic links found among them (never followed)."""

    files: list[Path] = field(default_factory=list)
    symlinks: list[Path] = field(default_factory=list)


def find_sources(config: Config) -> Found:
    """Every file of the project a reader reads, in a stable order. Symbolic links are not
    followed: one could lead out of the project (``/etc/passwd``, another desk's files)."""
    found = Found()
    linked = linked_paths(config)
    for folder, subfolders, names in os.walk(config.root):
        here = Path(folder)
        subfolders.sort()
        for name in list(subfolders):
            path = here / name
            if path.is_symlink():
                found.symlinks.append(path)
            if path.is_symlink() or not reads_as_sources(config, path) or path in linked:
                subfolders.remove(name)
        for name in sorted(names):
            path = here / name
            if (
                path.suffix not in READER_BY_SUFFIX
                or (path.name == CONFIG_NAME and here == config.root)
                or path in linked
            ):
                continue
            if path.is_symlink():
                found.symlinks.append(path)
            else:
                found.files.append(path)
    found.files.sort()
    return found


def sources_changed_at(config: Config) -> int:
    """When the sources last changed, in seconds since the epoch: the newest modification time
    of the config, the sources and the folders holding them (a folder's changes when a file in
    it is removed or renamed). The change stream stamps versions with it, so that building the
    same files again gives the same bytes."""
    found = find_sources(config)
    paths = {config.root, config.root / CONFIG_NAME, *found.files}
    paths.update(path.parent for path in found.files)
    return max(int(path.stat().st_mtime) for path in paths)


def linked_paths(config: Config) -> set[Path]:
    """The linked projects' folders and dump files (``links:``) inside the project: read as
    the other datasets they are, never as this project's sources."""
    return {
        Path(os.path.normpath(config.root / (link.project or link.dump)))
        for link in config.links
        if not link.is_url
    }


def source_files(config: Config) -> list[Path]:
    return find_sources(config).files


def reads_as_sources(config: Config, folder: Path) -> bool:
    """Whether files in ``folder`` (inside the project) are read as sources: not in a hidden
    folder, the output folder, the saved queries or a tool's cache."""
    parts = folder.relative_to(config.root).parts
    output = Path(config.output).parts
    if parts[: len(output)] == output:
        return False
    return not any(part.startswith(".") or part in SKIPPED_DIRS for part in parts)


def skipped_symlink(config: Config, path: Path) -> Diagnostic:
    target = os.readlink(path)
    return Diagnostic(
        Code.IGNORED_SYMLINK,
        Severity.WARNING,
        f"a symbolic link (to {target}) is not followed: copy what it points to into the project",
        Location(config.relative(path)),
        stage=Stage.READ,
    )
