"""Docs cannot drift: every code the tool can print and every config key is documented."""

from __future__ import annotations

import re

import rdflib

from ld_events.config import CONFIG_KEYS
from ld_events.validation.shacl import shapes_graph
from tests.conftest import REPO

DIAGNOSTICS = (REPO / "docs" / "diagnostics.md").read_text(encoding="utf-8")
AUTHORING = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
# Codes passed to Diagnostic(...) or RecordError(...), written as error[code], or syntax codes
CODE_IN_SOURCE = re.compile(
    r'(?:Diagnostic|RecordError|_error|_unreadable)\(\s*"([a-z]+(?:-[a-z]+)*)"'
    r"|error\[([a-z]+(?:-[a-z]+)*)\]"
    r'|"((?:query|yaml|turtle|jsonld)-[a-z]+)"'
)


def documented(code: str) -> bool:
    return f"| `{code}` |" in DIAGNOSTICS


def test_every_shape_code_is_documented() -> None:
    codes = {
        str(c)
        for c in shapes_graph().objects(
            None, rdflib.URIRef("https://w3id.org/ld-events/shapes#code")
        )
    }
    assert codes
    assert sorted(c for c in codes if not documented(c)) == []


def test_every_code_in_the_source_is_documented() -> None:
    found: set[str] = set()
    for path in (REPO / "src" / "ld_events").rglob("*.py"):
        for match in CODE_IN_SOURCE.finditer(path.read_text(encoding="utf-8")):
            found.update(group for group in match.groups() if group and group != "code")
    assert {"yaml-syntax", "unknown-key", "duplicate-id", "query-syntax"} <= found
    assert sorted(c for c in found if not documented(c)) == []


def test_every_config_key_is_documented() -> None:
    assert sorted(key for key in CONFIG_KEYS if f"| `{key}` |" not in AUTHORING) == []
