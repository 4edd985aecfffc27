"""YAML sources: records written by hand, read as JSON-LD through the published context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ld_events.config import Config
from ld_events.rdf.context import load_context
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.base import FileRead
from ld_events.sources.shortforms import Expander, Registry
from ld_events.sources.to_rdf import node_triples
from ld_events.sources.yamlfile import (
    YamlSyntaxError,
    item_location,
    iter_records,
    key_location,
    load_documents,
    node_location,
)


@dataclass
class ParsedFile:
    path: str
    records: list[tuple[Any, Location]]


def parse_files(
    texts: dict[Path, str], config: Config, registry: Registry, report: Report
) -> dict[Path, ParsedFile]:
    """Parse every YAML file and register the slugs its records define."""
    parsed: dict[Path, ParsedFile] = {}
    for path, text in texts.items():
        relative = config.relative(path)
        try:
            documents = load_documents(text, relative)
        except YamlSyntaxError as exc:
            report.add(
                Diagnostic(
                    Code.INVALID_YAML, Severity.ERROR, exc.message, exc.location, stage=Stage.READ
                )
            )
            continue
        records = [
            (record, _record_location(record, container, index, relative))
            for record, container, index in iter_records(documents)
        ]
        parsed[path] = ParsedFile(relative, records)
        for record, _ in records:
            _register(record, registry)
    return parsed


def expand_file(parsed: ParsedFile, relative: str, config: Config, registry: Registry) -> FileRead:
    """Expand the short forms of every record, then turn the JSON-LD into triples."""
    context = load_context()
    expander = Expander(context, config.base, config.language, registry, relative)
    read = FileRead()
    for record, where in parsed.records:
        node = expander.record(record, where)
        if node is not None:
            read.triples.extend(node_triples(node, context))
    read.nodes = expander.positions.nodes
    read.statements = expander.positions.statements
    read.diagnostics = expander.errors
    return read


def expand_to_jsonld(
    parsed: ParsedFile, config: Config, registry: Registry
) -> list[dict[str, Any]]:
    """The JSON-LD node objects of a file, as a consumer would read them (used by tests)."""
    expander = Expander(load_context(), config.base, config.language, registry, parsed.path)
    nodes = [expander.record(record, where) for record, where in parsed.records]
    return [node for node in nodes if node is not None]


def duplicate_ids(parsed: dict[Path, ParsedFile], config: Config) -> list[Diagnostic]:
    """Two records with the same id and kind would silently merge: report the second."""
    seen: dict[tuple[str, str], Location] = {}
    found: list[Diagnostic] = []
    expander = Expander(load_context(), config.base, config.language, Registry(), "")
    for file in parsed.values():
        for record, where in file.records:
            key = _record_key(record, expander)
            if key is None:
                continue
            if key in seen:
                message = f"'{key[1]}' is already defined at {seen[key]}"
                found.append(
                    Diagnostic(Code.DUPLICATE_ID, Severity.ERROR, message, where, stage=Stage.READ)
                )
            else:
                seen[key] = where
    return found


def _register(record: Any, registry: Registry) -> None:
    if not isinstance(record, Mapping) or "id" not in record:
        return
    expander = Expander(load_context(), "", "", registry, "")
    types = record.get("type")
    kind = expander.kind_of(types if isinstance(types, list) else [str(types)])
    if kind is not None:
        registry.add(kind, str(record["id"]))


def _record_key(record: Any, expander: Expander) -> tuple[str, str] | None:
    if not isinstance(record, Mapping) or "id" not in record:
        return None
    types = record.get("type")
    kind = expander.kind_of(types if isinstance(types, list) else [str(types)])
    return (kind or "", str(record["id"]))


def _record_location(record: Any, container: Any, index: int, path: str) -> Location:
    if isinstance(record, Mapping) and "id" in record:
        return key_location(record, "id", path)
    if container is not None:
        return item_location(container, index, path)
    return node_location(record, path)
