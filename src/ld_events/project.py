"""Load a project through the first three stages: sources → graph → validate."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ld_events.config import Config, allowing_bad_rows, load_config
from ld_events.errors import InputError, ValidationFailed
from ld_events.graph import ProjectGraph, build_graph
from ld_events.progress import Progress
from ld_events.rdf.entailment import Entailment
from ld_events.report import Report
from ld_events.sources.linked import read_links
from ld_events.sources.reading import read_sources
from ld_events.sparql.saved import check_saved_queries
from ld_events.validation.validate import Engine, validate_graph


@dataclass
class LoadedProject:
    config: Config
    graph: ProjectGraph
    report: Report
    files: list[str]
    #: Bad table rows skipped (``max_bad_rows``), by file.
    skipped_rows: dict[str, int] = field(default_factory=dict)


def read_project(project: Path, entailment: Entailment = Entailment.RDFS) -> LoadedProject:
    """Read and merge, not validate (``ld-events query``); raise if a source is unreadable.
    With RDFS entailment (the default) the graph is queried as the published data is."""
    loaded = _read(project)
    if loaded.report.has_read_errors():
        raise InputError(loaded.report)
    loaded.graph.entail(entailment)
    return loaded


def load_project(
    project: Path,
    engine: Engine = Engine.OXIGRAPH,
    max_bad_rows: int | None = None,
    progress: Progress | None = None,
) -> LoadedProject:
    """Read, merge and validate; the report holds every problem found. Writes nothing.
    ``max_bad_rows`` replaces every table's setting of that name (``--max-bad-rows``)."""
    if progress:
        progress("reading", 0, 0)
    loaded = _read(project, max_bad_rows)
    report = loaded.report
    if report.has_read_errors():
        report.notes.append("validation skipped: fix the errors above, then run again")
    else:
        if progress:
            progress("validating", 0, 0)
        report.extend(validate_graph(loaded.graph, engine).diagnostics)
    report.extend(check_saved_queries(loaded.config.root, loaded.config.base))
    return loaded


def _read(project: Path, max_bad_rows: int | None = None) -> LoadedProject:
    config = allowing_bad_rows(load_config(project), max_bad_rows)
    sources = read_sources(config)
    sources.report.extend(list(config.warnings))  # a language without a catalogue
    linked = read_links(config)  # links: the other datasets' resources, read-only
    sources.report.extend(linked.diagnostics)
    graph = build_graph(config, sources.store, sources.index, linked)
    return LoadedProject(config, graph, sources.report, sources.files, sources.skipped_rows)


def load_valid_project(
    project: Path,
    strict: bool = False,
    max_bad_rows: int | None = None,
    progress: Progress | None = None,
) -> LoadedProject:
    """Like load_project, but raise if the data cannot be published."""
    loaded = load_project(project, max_bad_rows=max_bad_rows, progress=progress)
    if loaded.report.has_read_errors():
        raise InputError(loaded.report)
    if loaded.report.failed(strict):
        raise ValidationFailed(loaded.report)
    return loaded
