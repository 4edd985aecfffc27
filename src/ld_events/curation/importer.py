"""``ld-events import FORMAT FILE --into PROJECT``: pick rows, check, then write records.

Everything is checked before anything is written: the rows (bad ones located as a build
locates them), that the project reads the coded event each record links to (else the record's
links would lead nowhere), that no record of the project has the slug already, and that no
file would be overwritten (unless ``force``). Then one YAML file per event is written into the
records folder.
"""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path

from pyoxigraph import NamedNode, Quad

from ld_events.config import Config, load_config
from ld_events.curation.records import CuratedRecord, RecordMaker
from ld_events.curation.rows import IMPORT_FORMATS, PickedRow, Selection, pick_rows, row_parser
from ld_events.errors import InputError, UsageError
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.rdf.vocab import LDE, RDF_TYPE
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.base import SourceFile
from ld_events.sources.reading import read_sources, reads_as_sources

__all__ = ["Selection", "import_rows", "records_folder"]


def import_rows(
    table_format: str,
    file: Path,
    project: Path,
    selection: Selection,
    folder: str = "events",
    force: bool = False,
) -> list[str]:
    """Write a curated record of each selected row of ``file`` into ``project/folder``;
    return the files written, relative to the project. Raise before writing anything."""
    config = load_config(project)
    _check_request(table_format, file, selection)
    target = records_folder(config, folder)
    source = SourceFile(file, config.relative(file), table_format)
    picked = pick_rows(source, selection, row_parser(table_format))
    if Report(picked.diagnostics).errors:
        raise InputError(Report(picked.diagnostics))
    if not picked.rows:
        raise UsageError(f"no row of {source.relative} matches the selection")
    maker = RecordMaker(table_format, config.base, source.relative)
    records = [maker.record(p.line, p.row) for p in picked.rows]
    problems = _in_the_project(config, source, picked.rows, records, target, force)
    if problems:
        raise UsageError(Report(problems))
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for record in records:
        path = target / f"{record.slug}.yaml"
        with path.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
            handle.write(record.text)
        written.append(config.relative(path))
    return written


def records_folder(config: Config, folder: str) -> Path:
    """The folder inside the project the records go to (created when they are written): one
    whose files the build reads (not hidden, not the output, not ``queries/``)."""
    path = (config.root / folder).resolve()
    if not path.is_relative_to(config.root):
        raise UsageError(f"--folder {folder} is not a folder inside the project {config.root}")
    if path.exists() and not path.is_dir():
        raise UsageError(f"--folder {folder} is a file, not a folder")
    if path != config.root and not reads_as_sources(config, path):
        message = f"--folder {folder}: the build does not read records there (hidden, output or "
        raise UsageError(message + "queries folder): choose another, like events")
    return path


def _check_request(table_format: str, file: Path, selection: Selection) -> None:
    if table_format not in IMPORT_FORMATS:
        hint = difflib.get_close_matches(table_format, IMPORT_FORMATS, n=1)
        known = ", ".join(IMPORT_FORMATS)
        also = f" (did you mean '{hint[0]}'?)" if hint else ""
        raise UsageError(f"unknown format '{table_format}'{also}: one of {known}")
    if not file.is_file():
        what = "a folder" if file.is_dir() else "no such file"
        raise UsageError(f"{file}: {what}; give the table file to take rows from")
    if not selection.ids and selection.limit is None:
        raise UsageError("say which rows: --id ID (repeatable) or --limit N (the first N rows)")
    if selection.date is not None:
        try:
            datetime.date.fromisoformat(selection.date)
        except ValueError:
            raise UsageError(f"--date {selection.date} is not a day (YYYY-MM-DD)") from None


def _in_the_project(
    config: Config,
    source: SourceFile,
    rows: list[PickedRow],
    records: list[CuratedRecord],
    target: Path,
    force: bool,
) -> list[Diagnostic]:
    """What stops the records from building with the project: a coded event the project does
    not read, a slug another record has, a file that exists."""
    sources = read_sources(config)
    nodes = sources.index.nodes
    coder, problems = IMPORT_FORMATS[source.format], []
    event_class = NamedNode(LDE + "Event")
    for picked, record in zip(rows, records, strict=True):
        where = Location(source.relative, picked.line, 1)
        coded = Quad(NamedNode(record.coded_event), NamedNode(RDF_TYPE), event_class, DATA_GRAPH)
        if coded not in sources.store:
            message = (
                f"{coder} event {picked.row.event_id} is not an event of the project: no "
                "tables: entry reads its row, so its record would link to nothing; name the "
                "file under tables: in ld-events.yaml (docs/importers.md)"
            )
            problems.append(_usage(message, where))
        path = target / f"{record.slug}.yaml"
        defined = nodes.get(f"{config.base}event/{record.slug}/#it")
        if path.exists() and not force:
            message = f"{config.relative(path)} exists: not overwritten (--force replaces it)"
            problems.append(_usage(message, where))
        elif defined is not None and defined.path != config.relative(path):
            message = f"the project has an event '{record.slug}' already, at {defined}"
            problems.append(_usage(message, where))
    return problems


def _usage(message: str, where: Location) -> Diagnostic:
    return Diagnostic(Code.BAD_USAGE, Severity.ERROR, message, where, stage=Stage.USAGE)
