"""The options several commands share, spelled once."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ld_events.rdf.entailment import Entailment


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


ProjectArg = Annotated[
    Path,
    typer.Argument(help="Project folder (holding ld-events.yaml).", show_default=True),
]
StrictOpt = Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Worker processes (default: one per CPU)."),
]
MaxErrorsOpt = Annotated[
    int | None, typer.Option("--max-errors", min=1, help="Print at most this many diagnostics.")
]
MaxBadRowsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-bad-rows",
        min=0,
        help="Skip up to N bad rows of each table (each reported as a warning), then stop; "
        "replaces the tables' max_bad_rows setting (default: that setting, else 0).",
    ),
]

EntailmentOpt = Annotated[
    Entailment,
    typer.Option(
        "--entailment",
        help="rdfs: also what ld-events' class and property hierarchy entails, as the published "
        "data holds it (?e a lde:Event finds every event); none: the asserted triples alone.",
    ),
]

# ld-events new
NewWhatArg = Annotated[
    str,
    typer.Argument(
        metavar="FOLDER|KIND",
        help="A new or empty folder for a project; or event, statement, actor, place, "
        "source to add a record.",
    ),
]
NewNameArg = Annotated[str | None, typer.Argument(metavar="NAME", help="The record's slug.")]
NewProjectOpt = Annotated[
    Path | None, typer.Option("--project", help="The project to add to (default: here).")
]
