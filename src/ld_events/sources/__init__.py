"""Stage 1, sources: read every file of a project into triples, remembering where each came from.

Readers are chosen by file suffix. Problems are collected, never raised one at a time, so that
one run reports every unreadable file and every mistyped key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Triple

from ld_events.config import Config
from ld_events.provenance import SourceIndex
from ld_events.report import Diagnostic, Location, Report, Severity
from ld_events.sources import jsonld, turtle, yaml
from ld_events.sources.lexical import ill_typed_literals
from ld_events.sources.shortforms import Registry


@dataclass
class Sources:
    """Everything read from a project's files."""

    triples: list[Triple] = field(default_factory=list)
    index: SourceIndex = field(default_factory=SourceIndex)
    report: Report = field(default_factory=Report)
    files: list[str] = field(default_factory=list)


def read_sources(config: Config) -> Sources:
    result = Sources()
    texts: dict[Path, str] = {}
    for path in config.source_files():
        relative = config.relative(path)
        result.files.append(relative)
        try:
            texts[path] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            result.report.add(_unreadable(relative, f"not UTF-8 text ({exc.reason})"))
        except OSError as exc:
            result.report.add(_unreadable(relative, exc.strerror or str(exc)))
    yaml_files = {p: t for p, t in texts.items() if p.suffix in (".yaml", ".yml")}
    registry = Registry()
    parsed = yaml.parse_files(yaml_files, config, registry, result.report)
    for path, text in texts.items():
        relative = config.relative(path)
        if path in parsed:
            read = yaml.expand_file(parsed[path], relative, config, registry)
        elif path.suffix == ".ttl":
            read = turtle.read(text, relative, config)
        elif path.suffix == ".jsonld":
            read = jsonld.read(text, relative, config)
        else:
            continue
        result.triples.extend(read.triples)
        result.index.update(read.nodes, read.statements)
        result.report.extend(read.diagnostics)
    result.report.extend(yaml.duplicate_ids(parsed, config))
    result.report.extend(ill_typed_literals(result.triples, result.index))
    return result


def _unreadable(path: str, reason: str) -> Diagnostic:
    return Diagnostic("unreadable-file", Severity.ERROR, reason, Location(path), stage="read")
