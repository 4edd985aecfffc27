"""Bad table rows allowed and skipped: ``max_bad_rows`` in a ``tables:`` entry, ``--max-bad-rows``.

Within the allowance a bad row is skipped, still reported at its file, row and column (a warning
that says so), and counted per file; the next one stops the build like any unreadable source.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.config import load_config
from ld_events.errors import ConfigError
from ld_events.project import load_project
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.rdf.vocab import LDE, RDF_TYPE
from ld_events.report import Severity
from ld_events.sources.reading import read_sources
from tests.conftest import FIXTURES
from tests.test_gdelt import project_with

BAD = FIXTURES / "gdelt"
runner = CliRunner()


def tables(allowed: str = "") -> str:
    setting = f", max_bad_rows: {allowed}" if allowed else ""
    return f"tables:\n  - {{format: gdelt-2.0, path: data/*.csv{setting}}}\n"


def events(project: Path, allowed: int | None = None) -> int:
    store = load_project(project, max_bad_rows=allowed).graph.store
    found = store.quads_for_pattern(None, NamedNode(RDF_TYPE), NamedNode(LDE + "Event"), DATA_GRAPH)
    return len(list(found))


def test_the_setting_is_read_and_defaults_to_no_bad_row(tmp_path: Path) -> None:
    project = project_with(tmp_path, tables("3"), {"a.csv": BAD / "bad-date.csv"})
    assert [t.max_bad_rows for t in load_config(project).tables] == [3]
    (project / "ld-events.yaml").write_text(
        (project / "ld-events.yaml").read_text().replace(", max_bad_rows: 3", ""), "utf-8"
    )
    assert [t.max_bad_rows for t in load_config(project).tables] == [0]


@pytest.mark.parametrize("value", ["-1", "many", "true", "1.5"])
def test_a_bad_setting_is_located(tmp_path: Path, value: str) -> None:
    project = project_with(tmp_path, tables(value), {"a.csv": BAD / "bad-date.csv"})
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    [problem] = caught.value.report.sorted()
    assert (problem.code, problem.location.line) == ("bad-setting", 5)
    assert "max_bad_rows must be a whole number of rows, 0 or more, not '" in problem.message


@pytest.mark.parametrize(
    ("name", "code", "column"),
    [
        ("bad-date.csv", "bad-date", 2),
        ("unknown-cameo-code.csv", "unknown-cameo-code", 27),
        ("bad-latitude.csv", "bad-coordinate", 57),
        ("short-row.csv", "malformed-row", 40),
        ("not-utf8.csv", "unreadable-file", 53),
    ],
)
def test_an_allowed_bad_row_is_skipped_reported_and_counted(
    tmp_path: Path, name: str, code: str, column: int
) -> None:
    project = project_with(tmp_path, tables("1"), {name: BAD / name})
    sources = read_sources(load_config(project))
    [problem] = sources.report.sorted()
    where = problem.location
    assert (problem.code, where.path, where.line, where.column) == (code, f"data/{name}", 2, column)
    assert problem.severity is Severity.WARNING
    assert "(skipped: bad row 1 of at most 1, max_bad_rows of data/*.csv)" in problem.message
    assert not sources.report.has_read_errors()
    assert sources.skipped_rows == {f"data/{name}": 1}
    assert sources.report.notes == [f"data/{name}: 1 bad row skipped (max_bad_rows)"]


def test_the_allowance_is_shared_by_the_files_of_an_entry_and_then_stops(tmp_path: Path) -> None:
    project = project_with(tmp_path, tables("1"), {"a.csv": BAD / "bad-date.csv"})
    only_bad = (BAD / "bad-latitude.csv").read_text("utf-8").splitlines(keepends=True)[1]
    (project / "data" / "b.csv").write_text(only_bad, "utf-8")  # its good rows are a.csv's
    sources = read_sources(load_config(project))
    first, second = sources.report.sorted()
    assert (first.location.path, first.severity) == ("data/a.csv", Severity.WARNING)
    assert (second.location.path, second.severity) == ("data/b.csv", Severity.ERROR)
    assert second.message.endswith(
        "the row is not read (bad row 2 of data/*.csv: more than the 1 max_bad_rows allows)"
    )
    assert sources.report.has_read_errors()
    assert sources.skipped_rows == {"data/a.csv": 1}


def test_without_an_allowance_the_diagnostic_is_unchanged(tmp_path: Path) -> None:
    project = project_with(tmp_path, tables(), {"a.csv": BAD / "bad-date.csv"})
    [problem] = read_sources(load_config(project)).report.sorted()
    assert problem.severity is Severity.ERROR
    assert problem.message.endswith("; the row is not read")


def test_the_option_replaces_the_setting(tmp_path: Path) -> None:
    project = project_with(tmp_path, tables("5"), {"a.csv": BAD / "bad-date.csv"})
    assert events(project) == 2
    assert load_project(project, max_bad_rows=0).report.has_read_errors()
    no_setting = project_with(tmp_path / "2", tables(), {"a.csv": BAD / "bad-date.csv"})
    assert not load_project(no_setting, max_bad_rows=1).report.has_read_errors()


def test_validate_and_export_take_the_option(tmp_path: Path) -> None:
    project = str(project_with(tmp_path, tables(), {"a.csv": BAD / "bad-date.csv"}))
    assert runner.invoke(app, ["validate", project]).exit_code == 2
    result = runner.invoke(app, ["validate", "--max-bad-rows", "1", project])
    assert result.exit_code == 0, result.output
    assert "warning[bad-date]" in result.output
    assert "data/a.csv: 1 bad row skipped (max_bad_rows)" in result.output
    strict = runner.invoke(app, ["validate", "--strict", "--max-bad-rows", "1", project])
    assert strict.exit_code == 1
    assert runner.invoke(app, ["export", project]).exit_code == 2
    exported = runner.invoke(app, ["export", "--max-bad-rows", "1", project])
    assert exported.exit_code == 0, exported.output
    assert "gdelt-410412347" in exported.stdout
    assert "gdelt-410412348" not in exported.stdout  # the bad row


def test_a_build_skipping_rows_says_so_in_its_output_and_dataset(tmp_path: Path) -> None:
    project = project_with(tmp_path, tables("2"), {"a.csv": BAD / "bad-date.csv"})
    only_bad = (BAD / "bad-latitude.csv").read_text("utf-8").splitlines(keepends=True)[1]
    (project / "data" / "b.csv").write_text(only_bad, "utf-8")
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", "--quiet", "--out", str(out), str(project)])
    assert result.exit_code == 0, result.output
    assert ", 2 bad table rows skipped" in result.output
    assert "data/a.csv: 1 bad row skipped (max_bad_rows)" in result.output
    void = (out / "void.ttl").read_text("utf-8")
    assert "lde:skippedRows 2" in void or "skippedRows> 2" in void
    data_page = (out / "data" / "index.html").read_text("utf-8")
    assert "1 of <code>data/a.csv</code>, 1 of <code>data/b.csv</code>" in data_page


def test_an_event_read_twice_is_a_bad_row_too(tmp_path: Path) -> None:
    same = BAD / "bad-date.csv"  # rows 1 and 3 good, row 2 bad
    project = project_with(tmp_path, tables("4"), {"a.csv": same, "b.csv": same})
    sources = read_sources(load_config(project))
    found = [
        (d.code, d.location.path, d.location.line, d.severity) for d in sources.report.sorted()
    ]
    assert found == [
        ("bad-date", "data/a.csv", 2, Severity.WARNING),
        ("duplicate-id", "data/b.csv", 1, Severity.WARNING),
        ("bad-date", "data/b.csv", 2, Severity.WARNING),
        ("duplicate-id", "data/b.csv", 3, Severity.WARNING),
    ]
    assert sources.skipped_rows == {"data/a.csv": 1, "data/b.csv": 3}
