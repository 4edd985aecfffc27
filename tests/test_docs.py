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
DOCUMENTED = set(re.findall(r"^\| `([a-z-]+)` \|", DIAGNOSTICS, re.M))
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


def test_every_config_key_is_documented() -> None:
    assert sorted(key for key in CONFIG_KEYS if f"| `{key}` |" not in AUTHORING) == []
