"""Tables read by a CSVW mapping (``format: table``): the ACLED mapping on made-up rows, bad
cells and bad mappings located, the config's ``mapping:``."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import pytest
import rdflib
from benchmarks.acled_rows import write_rows
from pyoxigraph import NamedNode
from typer.testing import CliRunner

from ld_events.build import build
from ld_events.cli import app
from ld_events.config import load_config
from ld_events.errors import ConfigError
from ld_events.project import load_project
from ld_events.rdf.terms import rdflib_graph
from ld_events.sources.base import FileRead, Reader
from ld_events.sources.coded_tables import CHUNK_ROWS
from ld_events.sources.reading import read_sources
from tests.conftest import FIXTURES, REPO
from tests.tools import assert_isomorphic

ACLED = FIXTURES / "acled"
MAPPING = REPO / "docs" / "mappings" / "acled.csvw.json"
CONFIG = """title: Made-up ACLED rows
base: https://example.org/acled/
license: https://creativecommons.org/licenses/by/4.0/
tables:
  - {format: table, path: data/*.csv, mapping: data/acled.csvw.json}
"""
Problem = tuple[str, str, int, int]
LDE_EVENT = "https://w3id.org/ld-events/ns#Event"


def acled_project(tmp_path: Path, rows: str, mapping: str | None = None) -> Path:
    """A project reading ``rows`` (a CSV text) with the ACLED mapping (or ``mapping``)."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    (project / "data" / "acled.csv").write_text(rows, encoding="utf-8")
    text = mapping if mapping is not None else MAPPING.read_text("utf-8")
    (project / "data" / "acled.csvw.json").write_text(text, encoding="utf-8")
    return project


def fixture_rows(*ids: str) -> str:
    lines = (ACLED / "acled.csv").read_text("utf-8").splitlines(keepends=True)
    return lines[0] + "".join(line for line in lines[1:] if line.split(",")[0] in ids)


def problems(project: Path) -> list[Problem]:
    report = read_sources(load_config(project)).report
    return [(d.code, d.location.path, d.location.line, d.location.column) for d in report.sorted()]


def test_an_acled_row_is_the_graph_of_its_fixture(tmp_path: Path) -> None:
    sources = read_sources(load_config(acled_project(tmp_path, fixture_rows("RUR1002"))))
    assert sources.report.errors == 0, sources.report.to_text()
    expected = rdflib.Graph().parse(ACLED / "rur1002.ttl", format="turtle")
    assert_isomorphic(expected, rdflib_graph(q.triple for q in sources.store), "RUR1002")


def test_acled_rows_validate_and_build_with_acled_as_their_coder(tmp_path: Path) -> None:
    project = acled_project(tmp_path, (ACLED / "acled.csv").read_text("utf-8"))
    loaded = load_project(project)
    assert loaded.report.errors == 0, loaded.report.to_text()
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        built = build(project, tmp_path / "site")
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert built.events == 3
    page = html.unescape((built.out / "event" / "acled-rur1003" / "index.html").read_text())
    for shown in (
        "Zenda Liberation Front: Fight with small arms and light weapons",  # cameo:193
        "Military Forces of Ruritania (2020-)",
        "ACLED, the Armed Conflict Location & Event Data Project",
        "4 March 2024",
        "Zenda Gazette",
    ):
        assert shown in page, shown
    actor = (built.out / "actor" / "acled-zenda-liberation-front" / "index.html").read_text()
    assert actor.count('href="../../event/acled-rur100') >= 2  # named in two rows: one actor


def test_bad_cells_are_located_at_their_row_and_column(tmp_path: Path) -> None:
    head = (ACLED / "acled.csv").read_text("utf-8").splitlines(keepends=True)[0]
    rows = head + (ACLED / "bad-cells.csv").read_text("utf-8")
    found = problems(acled_project(tmp_path, rows))
    at = "data/acled.csv"
    assert found == [
        ("bad-date", at, 2, 2),  # event_date 2024-02-30
        ("bad-number", at, 3, 13),  # latitude 200
        ("missing-value", at, 4, 5),  # actor1 empty, and required
        ("malformed-row", at, 5, 17),  # ends after source: no source_scale, notes, fatalities
        ("bad-value", at, 6, 4),  # a sub-event type the crosswalk lacks
        ("bad-number", at, 7, 19),  # fatalities -1
        ("duplicate-id", at, 9, 1),  # RUR2001 again
    ]


def test_messages_name_the_column(tmp_path: Path) -> None:
    head = (ACLED / "acled.csv").read_text("utf-8").splitlines(keepends=True)[0]
    rows = head + (ACLED / "bad-cells.csv").read_text("utf-8")
    report = read_sources(load_config(acled_project(tmp_path, rows))).report
    messages = [d.message for d in report.sorted()]
    assert messages[0].startswith("column event_date: '2024-02-30' is not a date (yyyy-MM-dd)")
    assert messages[1].startswith("column latitude: 200 is above the column's maximum, 90")
    assert messages[3].startswith("column source_scale: the row ends after 16 columns, not 19")


def test_a_resource_of_many_rows_takes_the_first_rows_label(tmp_path: Path) -> None:
    rows = fixture_rows("RUR1002", "RUR1003")
    rows = rows.replace("Zenda Gazette,Local,", "ZENDA GAZETTE; Ruritanian Herald,Local,")
    graph = rdflib_graph(
        q.triple for q in read_sources(load_config(acled_project(tmp_path, rows))).store
    )
    source = rdflib.URIRef(
        "https://example.org/acled/source/acled-zenda-gazette-ruritanian-herald/#it"
    )
    assert [str(o) for o in graph.objects(source, rdflib.RDFS.label)] == [
        "Zenda Gazette; Ruritanian Herald"
    ]


def test_a_header_that_is_not_the_mappings_is_located(tmp_path: Path) -> None:
    rows = fixture_rows("RUR1001").replace("actor1,actor2", "actor_1,actor2", 1)
    assert problems(acled_project(tmp_path, rows)) == [
        ("mismatched-header", "data/acled.csv", 1, 5)
    ]


def _line_of(text: str, part: str) -> int:
    return text[: text.index(part)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"event/acled-{event_id_cnty.slug}/#time"', '"event/acled-{id.slug}/#time"'),
        ('"actor/acled-{actor1.slug}/#it"', '"actor/acled-{actor1.slug/#it"'),
        ('"datatype": "date"', '"datatype": "day"'),
        ('"propertyUrl": "rdfs:label"', '"propertyUrl": 7'),
        ('"required": true', '"required": "yes"'),
        ('"name": "notes"', '"name": "notes", "colour": "red"'),
    ],
)
def test_a_bad_mapping_is_located_at_its_line(tmp_path: Path, old: str, new: str) -> None:
    text = MAPPING.read_text("utf-8")
    position = text.index(old)
    bad = text[:position] + new + text[position + len(old) :]
    found = problems(acled_project(tmp_path, fixture_rows("RUR1001"), bad))
    line = _line_of(bad, new)
    assert [(code, path, at) for code, path, at, _ in found] == [
        ("invalid-mapping", "data/acled.csvw.json", line)
    ]


def test_a_mapping_that_is_not_json_is_located_and_exits_2(tmp_path: Path) -> None:
    text = MAPPING.read_text("utf-8")
    bad = text.replace('"header": true\n', '"header": true,\n', 1)  # a trailing comma
    project = acled_project(tmp_path, fixture_rows("RUR1001"), bad)
    line = _line_of(bad, '"header": true,') + 1
    assert [(c, line_) for c, _, line_, _ in problems(project)] == [("invalid-mapping", line)]
    result = CliRunner().invoke(app, ["validate", str(project)])
    assert result.exit_code == 2, result.output
    assert f"data/acled.csvw.json:{line}:" in result.output


def test_a_mapping_without_a_coder_is_refused(tmp_path: Path) -> None:
    text = MAPPING.read_text("utf-8").replace('"dc:creator"', '"dc:contributor"', 1)
    [(code, _, _, _)] = problems(acled_project(tmp_path, fixture_rows("RUR1001"), text))
    assert code == "invalid-mapping"


def test_a_bad_cell_exits_2(tmp_path: Path) -> None:
    rows = fixture_rows("RUR1001").replace("2024-03-02", "2024-13-02")
    result = CliRunner().invoke(app, ["validate", str(acled_project(tmp_path, rows))])
    assert result.exit_code == 2, result.output
    assert "data/acled.csv:2:2: error[bad-date]: column event_date" in result.output


@pytest.mark.parametrize(
    ("entry", "code"),
    [
        ("{format: table, path: data/*.csv}", "missing-setting"),
        ("{format: table, path: data/*.csv, mapping: ../acled.csvw.json}", "bad-setting"),
        ("{format: table, path: data/*.csv, mapping: data/none.json}", "bad-setting"),
        ("{format: icews, path: data/*.csv, mapping: data/acled.csvw.json}", "bad-setting"),
    ],
)
def test_the_mapping_setting_is_checked(tmp_path: Path, entry: str, code: str) -> None:
    project = acled_project(tmp_path, fixture_rows("RUR1001"))
    config = CONFIG.replace(CONFIG.splitlines()[-1], f"  - {entry}")
    (project / "ld-events.yaml").write_text(config, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(project)
    assert [(d.code, d.location.line) for d in caught.value.report.sorted()] == [(code, 5)]


def test_a_mapping_may_be_anywhere_in_the_project(tmp_path: Path) -> None:
    project = acled_project(tmp_path, fixture_rows("RUR1001"))
    shutil.move(project / "data" / "acled.csvw.json", project / "acled.csvw.json")
    config = CONFIG.replace("mapping: data/acled.csvw.json", "mapping: acled.csvw.json")
    (project / "ld-events.yaml").write_text(config, encoding="utf-8")
    assert problems(project) == []


def test_a_copy_that_cannot_read_its_cell_is_located_at_that_cell(tmp_path: Path) -> None:
    text = MAPPING.read_text("utf-8")
    copy = '"datatype": "date",\n        "lde:copyOf": "event_date"'
    bad = text.replace(copy, '"datatype": "integer",\n        "lde:copyOf": "notes"', 1)
    assert bad.count('"lde:copyOf": "notes"') == 1
    found = problems(acled_project(tmp_path, fixture_rows("RUR1001"), bad))
    assert found == [("bad-number", "data/acled.csv", 2, 18)]  # notes, column 18


def test_a_spreadsheets_byte_order_mark_is_not_part_of_the_header(tmp_path: Path) -> None:
    project = acled_project(tmp_path, "\ufeff" + fixture_rows("RUR1001"))
    assert problems(project) == []


def test_a_mapped_table_goes_into_the_store_in_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never held whole: the triples of every CHUNK_ROWS rows are stored before more are read."""
    project = acled_project(tmp_path, "")
    write_rows(2 * CHUNK_ROWS + 10, project / "data" / "acled.csv")
    stored: list[int] = []
    add = Reader.add

    def counting_add(self: Reader, read: FileRead) -> None:
        stored.append(sum(1 for t in read.triples if t.object == NamedNode(LDE_EVENT)))
        add(self, read)

    monkeypatch.setattr(Reader, "add", counting_add)
    sources = read_sources(load_config(project))
    assert sources.report.errors == 0, sources.report.to_text(5)
    # the chunks end at lines 2000 and 4000 (the header is line 1): the 4,010 rows in three
    assert [n for n in stored if n] == [CHUNK_ROWS - 1, CHUNK_ROWS, 11]
