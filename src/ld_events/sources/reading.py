"""Stage 1, sources: find a project's files and read each with the reader of its format.

Readers are looked up by file suffix in :data:`READERS`. Problems are collected, never raised
one at a time, so that one run reports every unreadable file and every mistyped key.
"""

from __future__ import annotations

from pathlib import Path

from ld_events.config import CONFIG_NAME, Config
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.sources.base import Reader, SourceFile, Sources
from ld_events.sources.iri_policy import misplaced_iris
from ld_events.sources.jsonld import JsonLdReader
from ld_events.sources.lexical import ill_typed_literals
from ld_events.sources.turtle import TurtleReader
from ld_events.sources.yaml import YamlReader

#: Every source format, in the order its dataset-wide checks run.
READERS: tuple[type[Reader], ...] = (YamlReader, TurtleReader, JsonLdReader)
READER_BY_SUFFIX: dict[str, type[Reader]] = {
    suffix: reader for reader in READERS for suffix in reader.suffixes
}
#: Folders never read as sources: saved queries, tool caches (and the build's output).
SKIPPED_DIRS = frozenset({"_site", "queries", "node_modules", "__pycache__"})


def read_sources(config: Config) -> Sources:
    """Every source file of the project, read into one store; the report holds the problems."""
    sources = Sources()
    files = [SourceFile(path, config.relative(path)) for path in source_files(config)]
    sources.files = [file.relative for file in files]
    readers: dict[type[Reader], Reader] = {}
    for file in files:
        kind = READER_BY_SUFFIX[file.path.suffix]
        readers.setdefault(kind, kind(config, sources))
    chosen = [(file, readers[READER_BY_SUFFIX[file.path.suffix]]) for file in files]
    for file, reader in chosen:
        reader.prepare(file)
    for file, reader in chosen:
        reader.read(file)
    for kind in READERS:
        if kind in readers:
            readers[kind].finish()
    data = sources.store.quads_for_pattern(None, None, None, DATA_GRAPH)
    sources.report.extend(ill_typed_literals(data, sources.index))  # located once all is read
    sources.report.extend(misplaced_iris(sources.store, config.base, sources.index))
    return sources


def source_files(config: Config) -> list[Path]:
    """Every file of the project that a reader reads, in a stable order."""
    found: list[Path] = []
    for path in sorted(config.root.rglob("*")):
        relative = path.relative_to(config.root)
        if any(part.startswith(".") or part in SKIPPED_DIRS for part in relative.parts[:-1]):
            continue
        if relative.parts[0] == config.output or path.name == CONFIG_NAME:
            continue
        if path.is_file() and path.suffix in READER_BY_SUFFIX:
            found.append(path)
    return found
