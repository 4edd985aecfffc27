"""Stage 1, sources: read every file of a project into triples, remembering where each came from.

Readers are chosen by file suffix. Problems are collected, never raised one at a time, so that
one run reports every unreadable file and every mistyped key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, Store

from ld_events.config import Config
from ld_events.graph import DATA_GRAPH
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources import jsonld, turtle, yaml
from ld_events.sources.lexical import ill_typed_literals
from ld_events.sources.provenance import SourceIndex
from ld_events.sources.shortforms import Registry


@dataclass
class Sources:
    """Everything read from a project's files: the triples go straight into ``store``'s data
    graph, file by file, so that no list of every triple as Python objects is ever held."""

    store: Store = field(default_factory=Store)
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
    for path in list(texts):
        text = texts.pop(path)  # freed as soon as read
        relative = config.relative(path)
        if path.suffix == ".ttl":
            result.report.extend(turtle.load(text, relative, config, result.store, DATA_GRAPH))
            result.index.defer(turtle.subject_locator(path, relative, config))
            continue
        if path in parsed:
            read = yaml.expand_file(parsed[path], relative, config, registry)
        elif path.suffix == ".jsonld":
            read = jsonld.read(text, relative, config)
        else:
            continue
        result.store.bulk_extend(
            Quad(t.subject, t.predicate, t.object, DATA_GRAPH) for t in read.triples
        )
        result.index.update(read.nodes, read.statements)
        result.report.extend(read.diagnostics)
    result.report.extend(yaml.duplicate_ids(parsed, config))
    data = result.store.quads_for_pattern(None, None, None, DATA_GRAPH)
    result.report.extend(ill_typed_literals(data, result.index))  # located once all is read
    return result


def _unreadable(path: str, reason: str) -> Diagnostic:
    return Diagnostic(
        Code.UNREADABLE_FILE, Severity.ERROR, reason, Location(path), stage=Stage.READ
    )
