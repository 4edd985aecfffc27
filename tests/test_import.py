"""``ld-events import``: coded rows turned into curated YAML records that build with the table.

Projects are temporary copies of examples/gdelt-sample (GDELT) or made-up ICEWS rows; the
shared GDELT rows (../shared/data/gdelt) are read where they are, never copied into the repo.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner, Result

from ld_events.build import build
from ld_events.cli import app
from ld_events.curation.records import action_types, yaml_text
from ld_events.curation.rows import IMPORT_FORMATS
from ld_events.sources.reading import READER_BY_FORMAT
from ld_events.sources.yamlfile import load_documents
from tests.conftest import FIXTURES, REPO, require
from tests.test_gdelt import HEAD

SAMPLE = REPO / "examples" / "gdelt-sample"
SAMPLE_ROWS = SAMPLE / "data" / "gdelt-2.0" / "events.csv"
SHARED = REPO.parent / "shared" / "data" / "gdelt" / "events.csv"
runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "gdelt-sample"
    shutil.copytree(SAMPLE, folder)
    return folder


def run(*args: str) -> Result:
    return runner.invoke(app, ["import", *args])


def page(out: Path, folder: str) -> str:
    return html.unescape((out / folder / "index.html").read_text("utf-8"))


def test_every_table_format_but_mapped_ones_can_be_imported() -> None:
    assert set(IMPORT_FORMATS) <= set(READER_BY_FORMAT)


def test_three_shared_rows_become_records_that_build_with_the_coded_table(
    project: Path, tmp_path: Path
) -> None:
    require(SHARED.is_file(), f"{SHARED} is absent (the GDELT rows, see ../shared/data)")
    result = run("gdelt-2.0", str(SHARED), "--into", str(project), "--limit", "3")
    assert result.exit_code == 0, result.output
    written = sorted((project / "events").iterdir())
    assert [p.name for p in written] == [
        "2014-02-18-gdelt-410412347.yaml",
        "2014-02-18-gdelt-410412348.yaml",
        "2014-02-18-gdelt-410412349.yaml",
    ]
    assert f"wrote events/{written[0].name}" in result.output
    out = tmp_path / "site"
    built = build(project, out)
    assert built.events == 43  # the sample's 40 coded events and the 3 curated ones
    for record in written:
        curated = page(out, f"event/{record.stem}")
        coded_id = record.stem.split("-gdelt-")[1]
        assert f'<a href="../../event/gdelt-{coded_id}/">' in curated  # Same as: the coded one
        assert "machine-coded" in curated  # ...noted as such
        assert '<p class="kind">Event</p>' in curated  # the record itself is curated
        coded = page(out, f"event/gdelt-{coded_id}")
        assert f'<a href="../../event/{record.stem}/">' in coded  # Also recorded as
        assert '<p class="kind">Event <span class="badge">machine-coded</span></p>' in coded


def test_a_record_states_what_the_row_says(project: Path) -> None:
    result = run("gdelt-2.0", str(SAMPLE_ROWS), "--into", str(project), "--id", "410412348")
    assert result.exit_code == 0, result.output
    text = (project / "events" / "2014-02-18-gdelt-410412348.yaml").read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header[0] == (f"# Imported by `ld-events import gdelt-2.0` from {SAMPLE_ROWS}, row 2:")
    assert "GDELT event 410412348, coded as happening on 2014-02-18" in header[1]
    assert header[2].startswith("# GDELT's coding of http://timesofindia.indiatimes.com/")
    record = YAML(typ="safe").load(text)
    assert record == {
        "id": "2014-02-18-gdelt-410412348",
        "type": "Event",
        "label": "Make a visit → MUMBAI",
        "time": record["time"],
        "target": "actor/gdelt-ind-mumbai",
        "place": "place/gdelt-n2090174",
        "reportedIn": "source/gdelt-b83127a62350777a",
        "sameAs": "event/gdelt-410412348",
    }
    assert str(record["time"]) == "2014-02-18"
    assert "# actionType: GDELT coded CAMEO 042, Make a visit: no action type matches" in text


def test_a_mapped_cameo_code_becomes_an_action_type(project: Path) -> None:
    # Row 11 of the sample is coded 010 (make statement), which act:makeStatement matches closely.
    result = run("gdelt-2.0", str(SAMPLE_ROWS), "--into", str(project), "--id", "410412357")
    assert result.exit_code == 0, result.output
    [written] = (project / "events").iterdir()
    text = written.read_text("utf-8")
    assert "actionType: makeStatement  # GDELT coded CAMEO 010, Make statement" in text
    assert "(close match)" in text
    assert build(project, project / "_site").events == 41


def test_action_types_come_from_the_ontology_mappings() -> None:
    mapped = action_types()
    assert mapped["112"] == ("accuse", "http://www.w3.org/2004/02/skos/core#exactMatch")
    assert mapped["010"][0] == "makeStatement"
    assert all(code.isdigit() for code in mapped)


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "a: b # c",
        '"quoted" \\ back',
        "tab\there",
        "nel\x85 del\x7f c1\x91 nul\x00",
        "\u2018x\u2019 \u2192 y \u2028 z",
    ],
)
def test_yaml_text_holds_any_string(text: str) -> None:
    [record] = load_documents(f"label: {yaml_text(text)}\n", "r.yaml")  # as records are read
    assert dict(record) == {"label": text}


def test_icews_rows_link_to_their_coded_events(tmp_path: Path) -> None:
    project = tmp_path / "icews"
    (project / "data").mkdir(parents=True)
    shutil.copy(FIXTURES / "icews" / "full.tsv", project / "data" / "full.tsv")
    tables = "tables:\n  - {format: icews, path: data/*.tsv}\n"
    (project / "ld-events.yaml").write_text(HEAD + tables, encoding="utf-8")
    rows = project / "data" / "full.tsv"
    result = run("icews", str(rows), "--into", str(project), "--id", "900002")
    assert result.exit_code == 0, result.output
    text = (project / "events" / "2014-03-07-icews-900002-20140307.yaml").read_text("utf-8")
    assert "# Imported by `ld-events import icews` from data/full.tsv, row 3:" in text
    assert "of story 7002." in text
    assert "agent: actor/icews-police-ruritania\n" in text
    assert "sameAs: event/icews-900002-20140307\n" in text
    out = tmp_path / "site"
    build(project, out)
    curated = page(out, "event/2014-03-07-icews-900002-20140307")
    assert '<a href="../../event/icews-900002-20140307/">' in curated


def test_a_record_is_never_written_over(project: Path) -> None:
    args = ("gdelt-2.0", str(SAMPLE_ROWS), "--into", str(project), "--id", "410412348")
    assert run(*args).exit_code == 0
    path = project / "events" / "2014-02-18-gdelt-410412348.yaml"
    path.write_text(path.read_text("utf-8").replace("Make a visit", "Edited"), "utf-8")
    again = run(*args)
    assert again.exit_code == 2
    assert (
        "error[bad-usage]: events/2014-02-18-gdelt-410412348.yaml exists: not overwritten "
        "(--force replaces it)" in again.output
    )
    assert "Edited" in path.read_text("utf-8")
    forced = run(*args, "--force")
    assert forced.exit_code == 0, forced.output
    assert "Edited" not in path.read_text("utf-8")


def test_a_slug_the_project_has_is_refused(project: Path) -> None:
    (project / "records.yaml").write_text(
        "id: 2014-02-18-gdelt-410412348\ntype: Event\nlabel: Mine\ntime: 2014-02-18\n", "utf-8"
    )
    result = run("gdelt-2.0", str(SAMPLE_ROWS), "--into", str(project), "--id", "410412348")
    assert result.exit_code == 2
    assert "has an event '2014-02-18-gdelt-410412348' already, at records.yaml:1:1" in result.output
    assert not (project / "events").exists() or not any((project / "events").iterdir())


def test_a_row_the_project_does_not_read_is_refused(project: Path) -> None:
    rows = FIXTURES / "gdelt" / "bad-latitude.csv"  # row 3 is event 410412349, not in the sample
    other = project.parent / "other.csv"
    other.write_text(
        (rows.read_text("utf-8").splitlines(keepends=True)[2]).replace("410412349", "999"),
        "utf-8",
    )
    result = run("gdelt-2.0", str(other), "--into", str(project), "--limit", "1")
    assert result.exit_code == 2
    assert f"{other}:1:1: error[bad-usage]: GDELT event 999 is not an event of the project" in (
        result.output
    )
    assert not (project / "events").exists()


def test_a_bad_row_is_located_as_in_a_build(project: Path) -> None:
    rows = FIXTURES / "gdelt" / "bad-date.csv"
    result = run("gdelt-2.0", str(rows), "--into", str(project), "--limit", "3")
    assert result.exit_code == 2
    assert f"{rows}:2:2: error[bad-date]: column SQLDATE: '20141399' is not a date" in result.output
    assert not (project / "events").exists()
    # Asked by id, a good row is imported without reading as far as the bad one.
    assert run("gdelt-2.0", str(rows), "--into", str(project), "--id", "410412347").exit_code == 0


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["gdelt-3.0", "F", "--limit", "1"],
            "unknown format 'gdelt-3.0' (did you mean 'gdelt-2.0'?)",
        ),
        (["gdelt-2.0", "missing.csv", "--limit", "1"], "missing.csv: no such file"),
        (["gdelt-2.0", ".", "--limit", "1"], ".: a folder"),
        (["gdelt-2.0", "F"], "say which rows: --id ID (repeatable) or --limit N"),
        (
            ["gdelt-2.0", "F", "--limit", "1", "--date", "2014-02-30"],
            "--date 2014-02-30 is not a day",
        ),
        (["gdelt-2.0", "F", "--id", "1"], "no good row of GDELT event 1 in the file"),
        (
            ["gdelt-2.0", "F", "--limit", "1", "--folder", "../out"],
            "--folder ../out is not a folder inside",
        ),
        (
            ["gdelt-2.0", "F", "--limit", "1", "--folder", "_site"],
            "the build does not read records there",
        ),
    ],
)
def test_what_cannot_be_done_is_refused_with_exit_2(
    project: Path, args: list[str], said: str
) -> None:
    args = [str(SAMPLE_ROWS) if a == "F" else a for a in args]
    result = run(*args, "--into", str(project))
    assert result.exit_code == 2
    assert said in result.output
    assert "Traceback" not in result.output
    assert not (project / "events").exists()
