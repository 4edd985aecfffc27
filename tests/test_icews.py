"""ICEWS tables: actor strings, action names, both layouts, bad rows (made-up rows only)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from ld_events.config import load_config
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.rdf.vocab import CAMEO, LDE, RDF_TYPE
from ld_events.report import Severity
from ld_events.sources.coded_tables import cameo_labels
from ld_events.sources.icews_actions import LEFTOVERS, action_codes, normalised
from ld_events.sources.icews_rows import parse_actor
from ld_events.sources.reading import read_sources
from tests.conftest import FIXTURES
from tests.test_gdelt import project_with

ROWS = FIXTURES / "icews"
TABLES = "tables:\n  - {format: icews, path: data/*}\n"
BASE = "https://example.org/t/"


@pytest.mark.parametrize(
    ("text", "sectors", "country"),
    [
        ("Citizen (India)", ("Citizen",), "India"),
        ("Company - Owner or Operator (India)", ("Company - Owner or Operator",), "India"),
        ("Clergy (Holy See (Vatican City State))", ("Clergy",), "Holy See (Vatican City State)"),
        ("John Kerry", (), ""),
        ("Japan", (), ""),
        ("Awami (People's) League", (), ""),
    ],
)
def test_actor_strings_parse_into_a_sector_and_a_country(
    text: str, sectors: tuple[str, ...], country: str
) -> None:
    actor = parse_actor(text)
    assert (actor.name, actor.sectors, actor.country) == (text, sectors, country)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Make statement", "010"),
        ("Consult", "040"),
        ("Express intent to meet or negotiate", "036"),
        ("Arrest, detain, or charge with legal action", "173"),
        ("fight with small arms and light weapons", "193"),
        ("Reject judicial cooperation", "121"),
    ],
)
def test_action_names_map_to_cameo_codes(name: str, code: str) -> None:
    assert action_codes(cameo_labels())[normalised(name)] == code


def test_every_leftover_names_a_cameo_code_and_matches_no_name() -> None:
    labels = cameo_labels()
    names = {normalised(label) for label in labels.values()}
    for name, code in LEFTOVERS.items():
        assert code in labels
        assert normalised(name) not in names


def read(tmp_path: Path, name: str) -> tuple[int, list[tuple[str, str, int, int, Severity]]]:
    project = project_with(tmp_path, TABLES, {name: ROWS / name})
    sources = read_sources(load_config(project))
    events = sources.store.quads_for_pattern(
        None, NamedNode(RDF_TYPE), NamedNode(LDE + "Event"), DATA_GRAPH
    )
    problems = [
        (d.code, d.location.path, d.location.line, d.location.column, d.severity)
        for d in sources.report.sorted()
    ]
    return len(list(events)), problems


@pytest.mark.parametrize(
    ("name", "code", "line", "column", "said"),
    [
        ("bad-date.txt", "bad-date", 2, 4, "column Event Date: '2014-13-01'"),
        ("short-row.txt", "malformed-row", 2, 3, "column 3: the row ends here, after 3"),
        ("unknown-action.txt", "unknown-action", 2, 2, "column Event Text: 'Sing loudly'"),
        ("unknown-cameo-code.tsv", "unknown-cameo-code", 3, 7, "column CAMEO Code: '999'"),
    ],
)
def test_a_bad_row_is_reported_at_its_file_row_and_column(
    tmp_path: Path, name: str, code: str, line: int, column: int, said: str
) -> None:
    project = project_with(tmp_path, TABLES, {name: ROWS / name})
    sources = read_sources(load_config(project))
    events = sources.store.quads_for_pattern(
        None, NamedNode(RDF_TYPE), NamedNode(LDE + "Event"), DATA_GRAPH
    )
    assert len(list(events)) == 2  # the good rows around the bad one are read
    [problem] = sources.report.sorted()
    at = problem.location
    assert (problem.code, at.path, at.line, at.column) == (code, f"data/{name}", line, column)
    assert problem.severity is Severity.ERROR
    assert said in problem.message  # the column by name (or number), and the value
    assert problem.message.endswith("the row is not read")


def test_the_full_layout_is_read_with_its_header(tmp_path: Path) -> None:
    project = project_with(tmp_path, TABLES, {"full.tsv": ROWS / "full.tsv"})
    sources = read_sources(load_config(project))
    assert sources.report.errors == 0, sources.report.to_text()
    store = sources.store
    event = NamedNode(BASE + "event/icews-900002-20140307/#it")
    [action] = store.quads_for_pattern(event, NamedNode(LDE + "actionType"), None)
    assert action.object == NamedNode(CAMEO + "173")
    police = NamedNode(BASE + "actor/icews-police-ruritania/#it")
    [country] = store.quads_for_pattern(police, NamedNode(LDE + "country"), None)
    assert country.object == NamedNode(BASE + "actor/icews-ruritania/#it")
    jane = NamedNode(BASE + "actor/icews-jane-doe/#it")
    sectors = {q.object for q in store.quads_for_pattern(jane, NamedNode(LDE + "sector"), None)}
    assert {s.value for s in sectors if isinstance(s, Literal)} == {"Government", "Executive"}
    coding = NamedNode(BASE + "event/icews-900002-20140307/#coding")
    [score] = store.quads_for_pattern(coding, NamedNode(LDE + "goldsteinScale"), None)
    assert isinstance(score.object, Literal)
    assert float(score.object.value) == -5


def test_the_same_row_twice_is_one_event_and_a_duplicate(tmp_path: Path) -> None:
    same = ROWS / "bad-date.txt"
    project = project_with(tmp_path, TABLES, {"a.txt": same, "b.txt": same})
    codes = {
        (d.code, d.location.path, d.location.line)
        for d in read_sources(load_config(project)).report.sorted()
    }
    assert ("duplicate-id", "data/b.txt", 1) in codes
