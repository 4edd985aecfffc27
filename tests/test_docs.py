"""Docs cannot drift: every code the tool can print and every config key is documented, and
every code follows the one naming pattern."""

from __future__ import annotations

import re

import rdflib

from ld_events.config import CONFIG_KEYS
from ld_events.report import PROBLEMS, Code
from ld_events.validation.shacl import shapes_graph
from tests.conftest import REPO

DIAGNOSTICS = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
AUTHORING = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
#: A row of a table of codes: the code, with its anchor in the first row that documents it.
ROW = re.compile(r'^\| `([a-z-]+)`(?:<a id="([a-z-]+)"></a>)? \|', re.M)
DOCUMENTED = {match[1] for match in ROW.finditer(DIAGNOSTICS)}
#: A code written as a string where a diagnostic is made, instead of a member of Code.
RAW_CODE = re.compile(r'(?:Diagnostic|RecordError|QueryDiagnostic|_error|_problem)\(\s*"[a-z-]+"')


def shape_codes() -> set[str]:
    code = rdflib.URIRef("https://w3id.org/ld-events/shapes#code")
    return {str(c) for c in shapes_graph().objects(None, code)}


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    codes = shape_codes() | {str(code) for code in Code}
    assert len(shape_codes()) > 20
    assert sorted(codes - DOCUMENTED) == [], "codes missing from docs/diagnostics.md"
    assert sorted(DOCUMENTED - codes) == [], "docs/diagnostics.md documents codes that do not exist"


def test_every_code_the_docs_show_in_a_message_exists() -> None:
    codes = shape_codes() | {str(code) for code in Code}
    shown = {
        (path.name, match)
        for path in [*(REPO / "docs").glob("*.md"), REPO / "README.md", REPO / "CONTRIBUTING.md"]
        for match in re.findall(r"(?:error|warning)\[([a-z-]+)\]", path.read_text("utf-8"))
    }
    assert sorted((name, code) for name, code in shown if code not in codes) == []


def test_every_code_names_the_problem_then_what_it_is_about() -> None:
    pattern = re.compile(r"^(?:" + "|".join(map(re.escape, PROBLEMS)) + r")(?:-[a-z]+)+$")
    codes = shape_codes() | {str(code) for code in Code}
    assert sorted(c for c in codes if not pattern.match(c)) == []


def test_the_source_makes_diagnostics_from_the_catalogue_only() -> None:
    raw = [
        f"{path.relative_to(REPO)}: {match[0]}"
        for path in (REPO / "src" / "ld_events").rglob("*.py")
        for match in RAW_CODE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert raw == []


def test_every_code_has_one_anchor_in_its_first_row() -> None:
    """The terminal's 'codes explained in docs/diagnostics.md#code' lands on the code's row."""
    rows = [(match[1], match[2]) for match in ROW.finditer(DIAGNOSTICS)]
    first = dict(reversed(rows))
    assert sorted(code for code, anchor in first.items() if anchor != code) == []
    anchors = re.findall(r'<a id="([^"]+)"></a>', DIAGNOSTICS)
    assert sorted(anchors) == sorted(set(anchors)), "an anchor is given twice"
    assert set(anchors) == DOCUMENTED


def _concepts(scheme: str) -> set[str]:
    graph = rdflib.Graph().parse(REPO / "ontology" / "action-types.ttl")
    in_scheme = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#inScheme")
    namespace = "https://w3id.org/ld-events/action#"
    return {
        str(c).removeprefix(namespace)
        for c in graph.subjects(in_scheme, rdflib.URIRef(namespace + scheme))
    }


def test_the_purposes_the_docs_list_are_the_ontologys() -> None:
    """Every list of purposes in docs/authoring.md names every concept of act:purposes."""
    purposes = _concepts("purposes")
    assert len(purposes) >= 5
    lists = [
        line
        for line in AUTHORING.splitlines()
        if line.startswith("| `purpose` |")
        or "use `purpose`, which takes" in line
        or line.startswith("`purpose`, which takes")
    ]
    assert len(lists) == 2, lists
    for line in lists:
        named = set(re.findall(r"`([a-zA-Z]+)`", line)) - {"purpose"}
        assert named == purposes, line


def test_every_config_key_is_documented() -> None:
    assert sorted(key for key in CONFIG_KEYS if f"| `{key}` |" not in AUTHORING) == []
