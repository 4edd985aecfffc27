"""libyaml composes, ruamel constructs: the same data and line numbers as ruamel's own parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ld_events.sources import yamlfile
from ld_events.sources.yamlfile import (
    YamlSyntaxError,
    _load_fast,
    _load_reporting_errors,
    load_documents,
)

REPO = Path(__file__).resolve().parents[1]


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False  # the fixture of an unreadable file
    return True


YAML_FILES = sorted(
    path
    for folder in ("examples", "tests/fixtures")
    for path in (REPO / folder).rglob("*.y*ml")
    if path.suffix in (".yaml", ".yml") and _utf8(path)
)
SCALARS = """\
plain: text
quoted: "text"
yes_no: [yes, no, on, off, true, false, True]
numbers: [0777, 0o17, 0x1F, 1_000, 1e3, 1.5, -2, .inf, .nan, +12]
nothing: [null, ~, ]
date: 2021-06-27
datetime: 2021-06-27T22:00:00Z
folded: >
  two
  lines
literal: |
  kept
  as is
anchors: {a: &x [1, 2], b: *x}
---
- second document
---
"""


def shape(value: Any) -> Any:
    """The value with every map's and list's line and column, for comparison."""
    if isinstance(value, CommentedMap):
        return (
            "map",
            (value.lc.line, value.lc.col),
            [(key, value.lc.key(key), shape(item)) for key, item in value.items()],
        )
    if isinstance(value, CommentedSeq):
        return (
            "seq",
            (value.lc.line, value.lc.col),
            [(value.lc.item(i), shape(item)) for i, item in enumerate(value)],
        )
    return (type(value).__name__, value if value == value else "nan")


def test_there_are_yaml_files_to_compare() -> None:
    assert len(YAML_FILES) > 20


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_fast_reading_matches_ruamel(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        expected = _load_reporting_errors(text, path.name)
    except YamlSyntaxError:
        with pytest.raises(YAMLError):
            _load_fast(text)  # libyaml rejects it too, so ruamel reports it
        return
    assert [shape(d) for d in _load_fast(text)] == [shape(d) for d in expected]


def test_scalars_resolve_as_ruamel_resolves_them() -> None:
    expected = _load_reporting_errors(SCALARS, "scalars.yaml")
    assert [shape(d) for d in _load_fast(SCALARS)] == [shape(d) for d in expected]
    first = expected[0]
    assert first["date"] == "2021-06-27"  # dates stay text, in both
    assert first["yes_no"][0] == "yes"  # YAML 1.2: yes is a string


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2\n",  # unclosed flow sequence
        "a: 1\n  b: 2\n",  # bad indentation
        "a: 1\na: 2\n",  # duplicate key: raised by the constructor
        "a: *nowhere\n",  # undefined alias
    ],
)
def test_errors_are_reported_by_ruamel(text: str) -> None:
    with pytest.raises(YamlSyntaxError) as expected:
        _load_reporting_errors(text, "bad.yaml")
    with pytest.raises(YamlSyntaxError) as raised:
        load_documents(text, "bad.yaml")
    assert (raised.value.message, raised.value.location) == (
        expected.value.message,
        expected.value.location,
    )


def test_a_version_directive_is_honoured() -> None:
    text = "%YAML 1.1\n---\nanswer: yes\n"
    assert load_documents(text, "old.yaml") == [{"answer": True}]  # YAML 1.1: yes is true
    assert load_documents("answer: yes\n", "new.yaml") == [{"answer": "yes"}]


def test_without_libyaml_ruamel_reads_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfile, "CParser", None)  # as on a Python ruamel.yaml.clib lacks
    expected = _load_reporting_errors(SCALARS, "scalars.yaml")
    assert [shape(d) for d in load_documents(SCALARS, "scalars.yaml")] == [
        shape(d) for d in expected
    ]
