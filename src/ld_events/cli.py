"""The ``ld-events`` command: parse options, call the library, print, exit.

Exit codes: 0 ok (warnings allowed), 1 invalid data, 2 unreadable input or bad usage.
Only this module turns library errors into exit codes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ld_events import __version__
from ld_events.cli_options import (
    EntailmentOpt,
    JobsOpt,
    MaxBadRowsOpt,
    MaxErrorsOpt,
    NewNameArg,
    NewProjectOpt,
    NewWhatArg,
    ProjectArg,
    ReportFormat,
    StrictOpt,
)
from ld_events.errors import ExitCode, LdEventsError
from ld_events.progress import TerminalProgress
from ld_events.project import load_project, load_valid_project, read_project
from ld_events.rdf.entailment import Entailment
from ld_events.rdf.serialize import DumpFormat, serialize_triples
from ld_events.report import Report
from ld_events.sparql.push import TIMEOUT as PUSH_TIMEOUT
from ld_events.sparql.query import QueryFormat
from ld_events.terminal import failure_text, report_text, warnings_text
from ld_events.validation.validate import Engine

EXIT_CODES_HELP = (
    "Exit codes: 0 ok (warnings allowed), 1 invalid data, 2 unreadable input or bad usage."
)

app = typer.Typer(
    name="ld-events",
    help=f"Publish news events as linked data, validated with SHACL.\n\n{EXIT_CODES_HELP}",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ld-events {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Publish news events as linked data."""


@app.command()
def validate(
    project: ProjectArg = Path("."),
    output_format: Annotated[
        ReportFormat, typer.Option("--format", help="text: compiler-style lines; json: data.")
    ] = ReportFormat.TEXT,
    strict: StrictOpt = False,
    max_errors: MaxErrorsOpt = None,
    max_bad_rows: MaxBadRowsOpt = None,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="oxigraph: the shapes compiled to SPARQL (fast); "
            "pyshacl: the reference SHACL implementation, to cross-check (slow on large data).",
        ),
    ] = Engine.OXIGRAPH,
) -> None:
    """Check every source of PROJECT against the shapes; print diagnostics like a compiler."""
    try:
        loaded = load_project(project, engine, max_bad_rows)
    except LdEventsError as exc:
        _fail(exc, output_format)
    report = loaded.report
    if output_format is ReportFormat.JSON:
        typer.echo(report.to_json())
    else:
        _print_report(
            report, max_errors, f"{len(loaded.files)} files, {loaded.graph.data_size} triples"
        )
    raise typer.Exit(_exit_code(report, strict))


@app.command()
def export(
    project: ProjectArg = Path("."),
    output_format: Annotated[DumpFormat, typer.Option("--format", help="RDF syntax.")] = (
        DumpFormat.TURTLE
    ),
    out: Annotated[Path | None, typer.Option("--out", help="Write here instead of stdout.")] = None,
    vocabularies: Annotated[
        bool, typer.Option("--vocabularies", help="Include the ontology and SKOS schemes.")
    ] = False,
    max_bad_rows: MaxBadRowsOpt = None,
) -> None:
    """Write the merged, validated dataset with absolute IRIs (stdout or --out)."""
    try:
        loaded = load_valid_project(project, max_bad_rows=max_bad_rows)
    except LdEventsError as exc:
        _fail(exc)
    _print_warnings(loaded.report)
    graph = loaded.graph
    triples = list(graph.data_triples())
    if vocabularies:
        triples.extend(graph.vocabulary_triples())
    data = serialize_triples(triples, output_format)
    if out is None:
        sys.stdout.buffer.write(data)
    else:
        out.write_bytes(data)


@app.command()
def build(
    project: ProjectArg = Path("."),
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default: PROJECT/_site).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --out even if it holds files not ours.")
    ] = False,
    strict: StrictOpt = False,
    jobs: JobsOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
    max_bad_rows: MaxBadRowsOpt = None,
    full: Annotated[
        bool, typer.Option("--full", help="Build every file again, not only what changed.")
    ] = False,
) -> None:
    """Validate PROJECT, then write its static site: pages, per-resource data, dumps.

    Incremental when a previous build's output and state are there: only what the edits
    touch is rendered and written again (docs/incremental.md).
    """
    from ld_events.build import build as build_site
    from ld_events.publish.dataset import robots_note

    with TerminalProgress(enabled=not quiet) as progress:
        try:
            result = build_site(
                project,
                out,
                force=force,
                strict=strict,
                progress=progress,
                jobs=jobs,
                max_bad_rows=max_bad_rows,
                full=full,
            )
        except LdEventsError as exc:
            progress.close()
            _fail(exc)
    _print_warnings(result.loaded.report)
    if result.full_reason and not quiet:
        typer.echo(f"full build: {result.full_reason}", err=True)
    if note := robots_note(result.loaded.config.base):
        typer.echo(note, err=True)
    typer.echo(result.summary(), err=True)  # the last line


@app.command()
def serve(
    target: Annotated[
        Path, typer.Argument(help="A built site folder, or a project folder to build first.")
    ] = Path("."),
    port: Annotated[int, typer.Option("--port", "-p", help="Port on 127.0.0.1.")] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    query_timeout: Annotated[
        float, typer.Option("--query-timeout", min=0.1, help="Stop SPARQL queries after SECONDS.")
    ] = 10.0,
    entailment: EntailmentOpt = Entailment.RDFS,
) -> None:
    """Preview a site locally, with the same content negotiation as the generated configs.

    A read-only SPARQL 1.1 endpoint answers at /sparql (the project's graph, or the site's
    dump/dataset.nt.gz and ontology/*.ttl). A project is watched: a change rebuilds the site,
    open pages reload, and a failed build's errors show in the terminal and on the pages
    (docs/preview.md).
    """
    from ld_events.serving.preview import open_preview

    try:
        preview = open_preview(target, host, port, query_timeout, _say, entailment)
    except LdEventsError as exc:
        _fail(exc)
    try:
        typer.echo(preview.describe(), err=True)
        preview.run()  # returns on Ctrl-C
    except KeyboardInterrupt:
        pass  # Ctrl-C outside waitress's loop, which handles its own
    finally:
        preview.close()
    typer.echo("stopped", err=True)


@app.command()
def new(what: NewWhatArg = ".", name: NewNameArg = None, project: NewProjectOpt = None) -> None:
    """Start a project in FOLDER, or add a record of KIND named NAME from a template."""
    from ld_events.curation.scaffold import create

    try:
        created = create(what, name, project)
    except LdEventsError as exc:
        _fail(exc)
    typer.echo(created.summary(), err=True)


@app.command("import")
def import_rows(
    table_format: Annotated[
        str, typer.Argument(metavar="FORMAT", help="gdelt-2.0, gdelt-1.0, icews.")
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The table file to take rows from.")],
    into: Annotated[Path, typer.Option("--into", help="The project folder.")] = Path("."),
    ids: Annotated[list[str] | None, typer.Option("--id", help="A row's event id.")] = None,
    date: Annotated[str | None, typer.Option(help="Only events of this day (YYYY-MM-DD).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most N rows, in file order.")] = None,
    folder: Annotated[str, typer.Option(help="Where the records go, in the project.")] = "events",
    force: Annotated[bool, typer.Option(help="Overwrite records written before.")] = False,
) -> None:
    """Turn rows of an event table into curated YAML records of PROJECT, each linked to the
    coded event of its row (sameAs), for a desk to check and edit. See docs/importers.md."""
    from ld_events.curation.importer import Selection, import_rows

    try:
        written = import_rows(
            table_format, file, into, Selection(tuple(ids or ()), date, limit), folder, force
        )
    except LdEventsError as exc:
        _fail(exc)
    typer.echo("\n".join(f"wrote {path}" for path in written), err=True)


@app.command()
def merge(
    projects: Annotated[
        list[Path], typer.Argument(metavar="PROJECT", help="Two project folders or more.")
    ],
    into: Annotated[Path, typer.Option("--into", help="The merged project's new folder.")],
    base: Annotated[str | None, typer.Option(help="Its base (default: the first's).")] = None,
    title: Annotated[str | None, typer.Option(help="Its title (default: all titles).")] = None,
    license: Annotated[str | None, typer.Option(help="Its licence IRI, if theirs differ.")] = None,
    force: Annotated[bool, typer.Option(help="Write into a folder that is not empty.")] = False,
) -> None:
    """Merge PROJECTS into a new project (--into): shared records kept once, conflicting facts
    reported at both files and lines (exit 1, nothing written). See docs/merging.md."""
    from ld_events.curation.merge_files import merge_projects

    try:
        result = merge_projects(
            projects, into, base=base, title=title, license=license, force=force
        )
    except LdEventsError as exc:
        _fail(exc)
    _print_warnings(result.report)
    typer.echo(result.summary(), err=True)


# --- SPARQL: query and push ------------------------------------------------------------------


@app.command()
def query(
    project: Annotated[
        str,
        typer.Argument(help="Project folder; may be left out before QUERY.", metavar="PROJECT"),
    ] = ".",
    text: Annotated[str | None, typer.Argument(help="A SPARQL query.", metavar="QUERY")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query here.")] = None,
    output_format: Annotated[
        QueryFormat,
        typer.Option(
            "--format",
            help="SELECT/ASK: table, csv, tsv, json, xml. CONSTRUCT/DESCRIBE: turtle (also for "
            "table), ntriples, jsonld (also json), xml (RDF/XML).",
        ),
    ] = QueryFormat.TABLE,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let SERVICE call the endpoints it names (federated query). Refused otherwise: "
            "a query from someone else could make this machine fetch any URL.",
        ),
    ] = False,
    entailment: EntailmentOpt = Entailment.RDFS,
) -> None:
    """Run a SPARQL query over PROJECT's data and vocabularies (read, not validated).

    The prefixes lde:, act:, rdfs:, skos:, schema:, wd: (and more) are declared.
    Relative IRIs resolve against the project base: <actor/iran/#it>.
    See docs/sparql.md.
    """
    from ld_events.sparql.query import read_query_input, run_text

    try:
        folder, query_text, source = read_query_input(project, text, file)
        graph = read_project(folder, entailment).graph
        data = run_text(graph, query_text, source, output_format, allow_service=allow_service)
    except LdEventsError as exc:
        _fail(exc)
    sys.stdout.buffer.write(data)


@app.command()
def push(
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="SPARQL 1.1 Graph Store Protocol URL (Virtuoso: http://HOST:8890/sparql-graph-crud-auth).",
        ),
    ],
    project: ProjectArg = Path("."),
    graph: Annotated[
        str | None, typer.Option("--graph", help="Named graph to replace (default: the base).")
    ] = None,
    query_endpoint: Annotated[
        str | None,
        typer.Option("--query-endpoint", help="Query URL for the count (default: derived)."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="User (Digest or Basic).")] = None,
    password: Annotated[
        str | None, typer.Option("--password", envvar="LD_EVENTS_PASSWORD", help="Password.")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, help="Seconds to wait for the store's answer to each request."
        ),
    ] = PUSH_TIMEOUT,
) -> None:
    """Upload the validated dataset, data and vocabularies, replacing one named graph of a
    triple store; then check that the store counts every triple (exit 1 if not)."""
    from ld_events.sparql.push import PushTarget, dataset_triples
    from ld_events.sparql.push import push as push_triples

    try:
        loaded = load_valid_project(project)
        _print_warnings(loaded.report)
        target = PushTarget.create(
            endpoint, graph or loaded.config.base, query_endpoint, user, password
        )
        typer.echo(f"pushing <{target.graph}> to {target.endpoint}", err=True)
        triples = dataset_triples(loaded.graph)
        count = push_triples(triples, target, timeout=timeout, progress=_say)
    except LdEventsError as exc:
        _fail(exc)
    typer.echo(
        f"pushed {count:,} triples to <{target.graph}>, counted at {target.query_endpoint}",
        err=True,
    )


def _say(step: str) -> None:
    typer.echo(step, err=True)


def _print_report(report: Report, max_errors: int | None, scope: str) -> None:
    typer.echo(report_text(report, max_errors, scope), err=True)


def _print_warnings(report: Report) -> None:
    if text := warnings_text(report):
        typer.echo(text, err=True)


def _exit_code(report: Report, strict: bool) -> int:
    if report.has_read_errors():
        return ExitCode.BAD_INPUT
    return ExitCode.INVALID_DATA if report.failed(strict) else ExitCode.OK


def _fail(exc: LdEventsError, output_format: ReportFormat = ReportFormat.TEXT) -> NoReturn:
    """Print what went wrong, as every stage reports it, and exit with the error's code."""
    if output_format is ReportFormat.JSON:
        typer.echo(exc.report.to_json())
    else:
        typer.echo(failure_text(exc), err=True)
    raise typer.Exit(exc.exit_code)


def main() -> None:
    app()
