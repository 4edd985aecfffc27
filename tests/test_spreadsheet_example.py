"""examples/spreadsheet: a made-up spreadsheet and its CSVW mapping build into a valid site,
whose dumps Jena riot accepts."""

from __future__ import annotations

import html
import os
from collections.abc import Iterator

import pytest

from ld_events.build import BuildResult, build
from ld_events.project import load_project
from tests.conftest import REPO
from tests.tools import riot_validate, world_readable_tempdir

SPREADSHEET = REPO / "examples" / "spreadsheet"


@pytest.fixture(scope="module")
def built() -> Iterator[BuildResult]:
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        with world_readable_tempdir("ld-events-spreadsheet-") as folder:
            yield build(SPREADSHEET, folder / "site")
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def test_the_spreadsheet_validates_without_errors() -> None:
    report = load_project(SPREADSHEET).report
    assert report.errors == 0, report.to_text()
    assert {d.code for d in report.diagnostics} == {"missing-publisher"}  # no publisher column


def test_every_row_is_an_event_of_the_desk(built: BuildResult) -> None:
    assert built.events == 6
    folder = built.out / "event" / "2024-03-04-ruritanian-army-shelling"
    page = html.unescape((folder / "index.html").read_text("utf-8"))
    assert "The Example Desk's coding of row 3 of data/events.csv" in page
    assert page.count("The Example Desk") >= 6  # the coding, and each claim's "according to"
    assert (built.out / "actor" / "ruritanian-army" / "index.html").is_file()  # who and whom


def test_jena_riot_accepts_the_dumps(built: BuildResult) -> None:
    files = sorted([*built.out.rglob("*.ttl"), *built.out.rglob("*.nt")])
    assert sum(path.name == "data.nt" for path in files) > 20  # every resource's dump
    riot_validate(*files)


def test_the_example_is_made_up() -> None:
    """No real data: every row says it is made up."""
    rows = (SPREADSHEET / "data" / "events.csv").read_text("utf-8").splitlines()[1:]
    assert rows
    assert all("Made up" in row for row in rows)
