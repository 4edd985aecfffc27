"""GDELT event exports as table sources: the config's ``tables:``, the reader, bad rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from ld_events.config import TABLE_FORMATS, load_config
from ld_events.errors import ConfigError
from ld_events.project import load_project
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.rdf.vocab import LDE, RDF_TYPE
from ld_events.report import Diagnostic, Severity
from ld_events.sources.base import SourceFile
from ld_events.sources.gdelt_columns import LAYOUTS
from ld_events.sources.reading import READER_BY_FORMAT, read_sources
from ld_events.sources.tables import TableRows
from tests.conftest import FIXTURES, REPO

SAMPLE = REPO / "examples" / "gdelt-sample"
BAD_ROWS = FIXTURES / "gdelt"
HEAD = """title: T
base: https://example.org/t/
license: https://creativecommons.org/licenses/by/4.0/
"""


def project_with(tmp_path: Path, tables: str, files: dict[str, Path]) -> Path:
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "ld-events.yaml").write_text(HEAD + tables, encoding="utf-8")
    for name, source in files.items():
        shutil.copy(source, project / "data" / name)
    return project


def config_problems(tmp_path: Path, tables: str) -> list[tuple[str, int, int]]:
    project = project_with(tmp_path, tables, {"a.csv": BAD_ROWS / "bad-date.csv"})
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    return [(d.code, d.location.line, d.location.column) for d in caught.value.report.sorted()]


# -- the config ------------------------------------------------------------------------------


def test_every_table_format_has_one_reader_and_one_layout() -> None:
    assert set(READER_BY_FORMAT) == set(TABLE_FORMATS) == {*LAYOUTS, "icews", "table"}


def test_tables_are_read_into_the_config(tmp_path: Path) -> None:
    tables = "tables:\n  - {format: gdelt-2.0, path: data/*.csv}\n"
    project = project_with(tmp_path, tables, {"a.csv": BAD_ROWS / "bad-date.csv"})
    [table] = load_config(project).tables
    assert (table.format, table.path) == ("gdelt-2.0", "data/*.csv")


@pytest.mark.parametrize(
    ("tables", "expected"),
    [
        ("tables:\n  - {format: gdelt-3.0, path: data/*.csv}\n", [("unknown-table-format", 5, 6)]),
        (
            "tables:\n  - {format: gdelt-2.0, paths: data/*.csv}\n",
            [("missing-setting", 5, 5), ("unknown-setting", 5, 25)],
        ),
        ("tables:\n  - {format: gdelt-2.0, path: data/*.tsv}\n", [("empty-table-path", 5, 25)]),
        ("tables:\n  - {format: gdelt-2.0, path: ../*.csv}\n", [("bad-setting", 5, 25)]),
        ("tables:\n  - {format: gdelt-2.0, path: /etc/*}\n", [("bad-setting", 5, 25)]),
        ("tables: data/*.csv\n", [("bad-setting", 4, 1)]),
        ("tables:\n  - data/*.csv\n", [("bad-setting", 5, 5)]),
    ],
    ids=["unknown-format", "unknown-key", "no-match", "parent", "absolute", "not-a-list", "item"],
)
def test_bad_tables_are_located_config_problems(
    tmp_path: Path, tables: str, expected: list[tuple[str, int, int]]
) -> None:
    assert config_problems(tmp_path, tables) == expected


def test_a_format_typo_gets_a_suggestion(tmp_path: Path) -> None:
    project = project_with(
        tmp_path,
        "tables:\n  - {format: gdelt-2, path: data/*.csv}\n",
        {"a.csv": BAD_ROWS / "bad-date.csv"},
    )
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    assert "did you mean 'gdelt-2.0'" in caught.value.report.to_text()


# -- bad rows --------------------------------------------------------------------------------


def read_fixture(tmp_path: Path, name: str) -> list[Diagnostic]:
    tables = "tables:\n  - {format: gdelt-2.0, path: data/*.csv}\n"
    project = project_with(tmp_path, tables, {name: BAD_ROWS / name})
    sources = read_sources(load_config(project))
    events = sources.store.quads_for_pattern(
        None, NamedNode(RDF_TYPE), NamedNode(LDE + "Event"), DATA_GRAPH
    )
    assert len(list(events)) == 2  # the good rows around the bad one are read
    return sources.report.sorted()


@pytest.mark.parametrize(
    ("name", "code", "column", "said"),
    [
        ("bad-date.csv", "bad-date", 2, "column SQLDATE: '20141399' is not a date"),
        ("unknown-cameo-code.csv", "unknown-cameo-code", 27, "column EventCode: '999'"),
        ("bad-latitude.csv", "bad-coordinate", 57, "column ActionGeo_Lat: 200 is not between"),
        ("bad-number.csv", "bad-number", 32, "column NumMentions: 'many'"),
        ("short-row.csv", "malformed-row", 40, "column Actor1Geo_ADM2Code: the row ends here"),
        ("not-utf8.csv", "unreadable-file", 53, "not UTF-8 text: byte 0xe9 in column 53"),
    ],
)
def test_a_bad_row_is_reported_at_its_file_row_and_column(
    tmp_path: Path, name: str, code: str, column: int, said: str
) -> None:
    [problem] = read_fixture(tmp_path, name)
    where = problem.location
    assert (problem.code, where.path, where.line, where.column) == (code, f"data/{name}", 2, column)
    assert problem.severity is Severity.ERROR
    assert said in problem.message  # the column by name, and the value
    assert "row is" in problem.message  # it says what became of the row


def test_bad_rows_stop_the_build_like_any_unreadable_source(tmp_path: Path) -> None:
    tables = "tables:\n  - {format: gdelt-2.0, path: data/*.csv}\n"
    project = project_with(tmp_path, tables, {"a.csv": BAD_ROWS / "bad-date.csv"})
    assert load_project(project).report.has_read_errors()


def test_an_event_read_twice_is_a_duplicate(tmp_path: Path) -> None:
    tables = "tables:\n  - {format: gdelt-2.0, path: data/*.csv}\n"
    same = BAD_ROWS / "bad-date.csv"
    project = project_with(tmp_path, tables, {"a.csv": same, "b.csv": same})
    codes = [
        (d.code, d.location.path, d.location.line)
        for d in read_sources(load_config(project)).report.sorted()
    ]
    assert ("duplicate-id", "data/b.csv", 1) in codes
    assert ("duplicate-id", "data/b.csv", 3) in codes


def test_rows_stream_with_their_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\tb\n\nc\td\n")
    rows = TableRows(SourceFile(path, "t.csv"))
    assert list(rows) == [(1, ["a", "b"]), (3, ["c", "d"])]
    assert rows.diagnostics == []


# -- the example -----------------------------------------------------------------------------


def test_the_sample_reads_forty_coded_events_without_errors() -> None:
    project = load_project(SAMPLE)
    assert project.report.errors == 0, project.report.to_text()
    store = project.graph.store
    events = {
        q.subject
        for q in store.quads_for_pattern(None, NamedNode(RDF_TYPE), NamedNode(LDE + "Event"))
    }
    assert len(events) == 40
    coded = {q.subject for q in store.quads_for_pattern(None, NamedNode(LDE + "codedIn"), None)}
    assert events <= coded
