"""YAML sources: records written by hand, read as JSON-LD through the published context."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ld_events.config import Config
from ld_events.rdf.context import load_context
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.base import FileRead, Reader, SourceFile, Sources, empty_file
from ld_events.sources.registry import Registry
from ld_events.sources.shortforms import Expander
from ld_events.sources.to_rdf import node_triples
from ld_events.sources.yamlfile import (
    YamlSyntaxError,
    item_location,
    iter_records,
    key_location,
    load_documents,
    node_location,
    value_problems,
)


@dataclass
class ParsedFile:
    path: str
    records: list[tuple[Any, Location]]


class YamlReader(Reader):
    """Records written by hand: every file is parsed first, so that a slug defined in one file
    resolves in another; then each is expanded into triples."""

    suffixes = (".yaml", ".yml")

    def __init__(self, config: Config, into: Sources) -> None:
        super().__init__(config, into)
        self.registry = Registry()
        self.parsed: dict[Path, ParsedFile] = {}

    def prepare(self, file: SourceFile) -> None:
        text = self.text(file)
        if text is None:
            return
        parsed = parse_file(text, file.relative, self.registry, self.into.report)
        if parsed is not None:
            self.parsed[file.path] = parsed

    def read(self, file: SourceFile) -> None:
        parsed = self.parsed.get(file.path)
        if parsed is not None:
            self.add(expand_file(parsed, file.relative, self.config, self.registry))

    def finish(self) -> None:
        self.into.report.extend(duplicate_ids(self.parsed, self.config))


def parse_file(text: str, relative: str, registry: Registry, report: Report) -> ParsedFile | None:
    """Parse one YAML file and register the slugs its records define (None: it does not parse)."""
    try:
        documents = load_documents(text, relative)
    except YamlSyntaxError as exc:
        report.add(_read_error(Code.INVALID_YAML, exc.message, exc.location))
        return None
    problems = [p for document in documents for p in value_problems(document, relative)]
    if problems:
        report.extend([_read_error(p.code, p.message, p.location) for p in problems])
        return None  # nothing of it is expanded: a bomb stays unexploded
    if not documents:
        report.add(empty_file(relative))
    records = [
        (record, _record_location(record, container, index, relative))
        for record, container, index in iter_records(documents)
    ]
    for record, _ in records:
        _register(record, registry)
    return ParsedFile(relative, records)


def _read_error(code: Code, message: str, where: Location) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, where, stage=Stage.READ)


def parse_files(
    texts: dict[Path, str], config: Config, registry: Registry, report: Report
) -> dict[Path, ParsedFile]:
    """Parse every YAML file of a project (for tests and the naive benchmark pipeline)."""
    parsed = {
        path: parse_file(text, config.relative(path), registry, report)
        for path, text in texts.items()
    }
    return {path: file for path, file in parsed.items() if file is not None}


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
    kind = expander.kind_of(_type_names(record))
    if kind is not None:
        registry.add(kind, str(record["id"]))


def _record_key(record: Any, expander: Expander) -> tuple[str, str] | None:
    if not isinstance(record, Mapping) or "id" not in record:
        return None
    kind = expander.kind_of(_type_names(record))
    return (kind or "", str(record["id"]))


def _type_names(record: Mapping[str, Any]) -> list[str]:
    """The record's types as text (a list inside the list is reported later, as unknown-type)."""
    types = record.get("type")
    return [str(name) for name in types] if isinstance(types, list) else [str(types)]


def _record_location(record: Any, container: Any, index: int, path: str) -> Location:
    if isinstance(record, Mapping) and "id" in record:
        return key_location(record, "id", path)
    if container is not None:
        return item_location(container, index, path)
    return node_location(record, path)
