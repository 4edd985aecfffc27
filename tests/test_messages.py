"""Messages that teach (issue 15): an unknown value lists the allowed ones, one missing record is
one diagnostic naming every reference to it, a reference under the base in any property must
name a record, what an event should have is warned about, and each code points at its docs row.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import rdflib
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.project import load_project
from ld_events.report import Diagnostic, Location
from tests.conftest import REPO

CONFIG = "title: T\nbase: https://example.org/t/\nlicense: https://example.org/licence\n"
BASE = "https://example.org/t/"
#: An event that has everything it should: lines of other tests' events add to it.
SOURCE = "id: s1\ntype: Source\nlabel: An article\ndate: 2021-06-28\npublisher: afp\n"
AFP = "id: afp\ntype: Organization\nlabel: AFP\n"
PLACE = "id: erbil\ntype: Place\nlabel: Erbil\nlat: 36.19\nlong: 44.01\n"


def _project(tmp_path: Path, **files: str) -> Path:
    (tmp_path / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    for name, text in {"source": SOURCE, "afp": AFP, "erbil": PLACE, **files}.items():
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _event(extra: str, slug: str = "2021-06-27-strike") -> str:
    return (
        f"id: {slug}\ntype: Event\nlabel: A strike {slug}\ntime: 2021-06-27\n"
        "actionType: airStrike\nplace: erbil\nreportedIn: s1\n" + extra
    )


def _diagnostics(project: Path) -> list[Diagnostic]:
    return load_project(project).report.sorted()


def _scheme(scheme: str) -> list[str]:
    graph = rdflib.Graph()
    for path in (REPO / "ontology").glob("*.ttl"):
        graph.parse(path)
    in_scheme = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#inScheme")
    iri = rdflib.URIRef(scheme)
    namespace = scheme.rsplit("#", 1)[0] + "#"
    return sorted(
        (str(c).removeprefix(namespace) for c in graph.subjects(in_scheme, iri)), key=str.casefold
    )


# -- unknown values ---------------------------------------------------------------------------


def test_an_unknown_purpose_lists_every_purpose(tmp_path: Path) -> None:
    project = _project(tmp_path, event=_event("purpose: retaliat\n"))
    [found] = [d for d in _diagnostics(project) if d.code == "unknown-purpose"]
    purposes = _scheme("https://w3id.org/ld-events/action#purposes")
    assert "retaliate" in purposes
    assert found.message.endswith(f"(found 'retaliat'): one of {', '.join(purposes)}")
    assert found.location == Location("event.yaml", 8, 1)


def test_an_unknown_place_type_lists_every_place_type(tmp_path: Path) -> None:
    project = _project(tmp_path, erbil=PLACE + "placeType: cty\n")
    [found] = [d for d in _diagnostics(project) if d.code == "unknown-place-type"]
    types = _scheme("https://w3id.org/ld-events/place-type#scheme")
    assert f"(found 'cty'): one of {', '.join(types)}" in found.message


def test_an_unknown_action_type_names_the_closest_three_and_where_the_rest_are(
    tmp_path: Path,
) -> None:
    event = _event("").replace("actionType: airStrike", "actionType: airstrik")
    project = _project(tmp_path, event=event)
    [found] = [d for d in _diagnostics(project) if d.code == "unknown-action-type"]
    count = len(_scheme("https://w3id.org/ld-events/action#scheme"))
    assert count > 12
    match = re.search(r"\(found 'airstrik'\): did you mean (\w+), (\w+) or (\w+)\?", found.message)
    assert match is not None, found.message
    assert match[1] == "airStrike"
    assert f"(all {count}: act:scheme in ontology/action-types.ttl)" in found.message


def test_a_purpose_of_another_scheme_lists_the_purposes_too(tmp_path: Path) -> None:
    project = _project(tmp_path, event=_event("purpose: airStrike\n"))
    [found] = [d for d in _diagnostics(project) if d.code == "unknown-purpose"]
    assert "(found 'airStrike'): one of deter, disrupt," in found.message


# -- one missing record, one diagnostic -------------------------------------------------------


def test_one_missing_record_is_reported_once_with_every_reference(tmp_path: Path) -> None:
    first = _event("agent: ghost\ntarget: ghost\n", "2021-06-27-a")
    second = _event("agent: ghost\n", "2021-06-27-b")
    project = _project(tmp_path, a=first, b=second, c=_event("agent: phantom\n", "2021-06-27-c"))
    dangling = [d for d in _diagnostics(project) if d.code == "dangling-reference"]
    assert [d.value for d in dangling] == [BASE + "actor/ghost/#it", BASE + "actor/phantom/#it"]
    ghost, phantom = dangling
    assert ghost.location == Location("a.yaml", 8, 1)
    assert ghost.related == (Location("a.yaml", 9, 1), Location("b.yaml", 8, 1))
    assert "'actor/ghost' is named 3 times: here, a.yaml:9:1 (target of Event" in ghost.message
    assert 'b.yaml:8:1 (agent of Event "A strike 2021-06-27-b")' in ghost.message
    assert phantom.related == ()
    assert "named" not in phantom.message


def test_json_gives_the_other_references_as_related(tmp_path: Path) -> None:
    first = _event("agent: ghost\n", "2021-06-27-a")
    project = _project(tmp_path, a=first, b=_event("agent: ghost\n", "2021-06-27-b"))
    result = CliRunner().invoke(app, ["validate", "--format", "json", str(project)])
    assert result.exit_code == 1, result.output
    [found] = json.loads(result.stdout)["diagnostics"]
    assert found["location"] == {"path": "a.yaml", "line": 8, "column": 1}
    assert found["related"] == [{"path": "b.yaml", "line": 8, "column": 1}]


# -- references in any property ---------------------------------------------------------------


def test_an_id_in_any_property_that_names_no_record_dangles(tmp_path: Path) -> None:
    project = _project(tmp_path, event=_event("schema:author: {id: jim-garamone}\n"))
    [found] = _diagnostics(project)
    assert found.code == "dangling-reference"
    assert found.location == Location("event.yaml", 8, 1)
    assert found.value == BASE + "jim-garamone"
    assert "schema:author names no record (found 'jim-garamone'" in found.message


def test_an_id_in_any_property_names_the_record_with_that_slug(tmp_path: Path) -> None:
    jim = "id: jim-garamone\ntype: Person\nlabel: Jim Garamone\n"
    event = _event(
        "schema:author: {id: jim-garamone}\nrdfs:seeAlso: {id: event/2021-06-27-strike/}\n"
    )
    project = _project(tmp_path, event=event, jim=jim)
    loaded = load_project(project)
    assert loaded.report.sorted() == []
    ask = (
        f"ASK {{ <{BASE}event/2021-06-27-strike/#it> <http://schema.org/author> "
        f"<{BASE}actor/jim-garamone/#it> }}"
    )
    assert loaded.graph.store.query(ask, use_default_graph_as_union=True)


def test_a_turtle_reference_under_the_base_dangles_too(tmp_path: Path) -> None:
    turtle = (
        f"<{BASE}event/2021-06-27-strike/#it> <http://purl.org/dc/terms/relation> "
        f"<{BASE}event/no-such-event/#it> .\n"
    )
    project = _project(tmp_path, event=_event(""))
    (project / "more.ttl").write_text(turtle, encoding="utf-8")
    [found] = _diagnostics(project)
    # at the record the statement is about (the Turtle adds to a YAML record)
    assert (found.code, found.location.path) == ("dangling-reference", "event.yaml")
    assert "dcterms:relation names no record (found 'event/no-such-event'" in found.message


# -- what an event should have ----------------------------------------------------------------


def test_an_event_without_place_action_type_or_source_is_warned_about(tmp_path: Path) -> None:
    bare = "id: 2021-06-27-strike\ntype: Event\nlabel: A strike\ntime: 2021-06-27\n"
    project = _project(tmp_path, event=bare)
    found = [(d.code, d.severity.value, d.location) for d in _diagnostics(project)]
    at = Location("event.yaml", 1, 1)
    assert found == [
        ("missing-action-type", "warning", at),
        ("missing-place", "warning", at),
        ("missing-source", "warning", at),
    ]


def test_a_sub_event_and_a_statement_are_not_warned_about_what_they_need_not_have(
    tmp_path: Path,
) -> None:
    part = "id: 2021-06-27-part\ntype: Event\nlabel: One part\nactionType: airStrike\n"
    part += "partOf: 2021-06-27-strike\n"
    statement = (
        "id: 2021-06-27-statement\ntype: Statement\nlabel: A statement\nactionType: makeStatement\n"
        "agent: afp\ntime: 2021-06-27\nreportedIn: s1\n"
    )
    project = _project(tmp_path, event=_event(""), part=part, statement=statement)
    assert _diagnostics(project) == []


# -- each code points at its row of the docs --------------------------------------------------


def test_the_terminal_names_each_codes_docs_row_once(tmp_path: Path) -> None:
    bare = "id: 2021-06-27-strike\ntype: Event\nlabel: A strike\ntime: 2021-06-27\nagent: x\n"
    project = _project(tmp_path, event=bare, other=_event("agent: x\n", "2021-06-27-b"))
    result = CliRunner().invoke(app, ["validate", str(project)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "docs/diagnostics.md" in line]
    assert lines == [
        "codes explained in docs/diagnostics.md#dangling-reference, #missing-action-type, "
        "#missing-place, #missing-source"
    ]
    docs = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code in re.findall(r"#([a-z-]+)", lines[0]):
        assert f'<a id="{code}"></a>' in docs
