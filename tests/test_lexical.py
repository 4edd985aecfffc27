"""Ill-typed literals are read errors, reported at their statement's line, before SHACL runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ld_events.cli import app

CONFIG = "title: T\nbase: https://example.org/t/\nlicense: https://example.org/licence\n"
PREFIXES = (
    "@prefix lde: <https://w3id.org/ld-events/ns#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    "@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .\n\n"
)


def project(tmp_path: Path, body: str) -> Path:
    (tmp_path / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(PREFIXES + body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        (
            "<https://example.org/t/event/e/#time> a lde:TimeSpan ;\n"
            '  lde:earliestStart "2021-02-30"^^xsd:date .\n',
            "bad-date",
            "earliestStart '2021-02-30' is not a date",
        ),
        (
            "<https://example.org/t/event/e/#time> a lde:TimeSpan ;\n"
            '  lde:latestEnd "2021-06-27T25:00:00Z"^^xsd:dateTime .\n',
            "bad-date",
            "latestEnd '2021-06-27T25:00:00Z' is not a date and time",
        ),
        (
            "<https://example.org/t/event/e/#fatalities> a lde:Quantity ;\n"
            '  lde:value "five"^^xsd:integer .\n',
            "bad-number",
            "value 'five' is not a whole number",
        ),
        (
            '<https://example.org/t/place/p/#it> a lde:Place ;\n  wgs:lat "north"^^xsd:decimal .\n',
            "bad-number",
            "lat 'north' is not a decimal number",
        ),
    ],
)
def test_ill_typed_literal_is_a_read_error(
    tmp_path: Path, body: str, code: str, fragment: str
) -> None:
    result = CliRunner().invoke(app, ["validate", str(project(tmp_path, body))])
    assert result.exit_code == 2, result.output
    assert f"data.ttl:5:1: error[{code}]: {fragment}" in result.output
    assert "validation skipped" in result.output
    assert "Traceback" not in result.output


def test_well_typed_literals_pass_the_lexical_check(tmp_path: Path) -> None:
    body = (
        "<https://example.org/t/event/e/#time> a lde:TimeSpan ;\n"
        '  lde:earliestStart "2021-06-27"^^xsd:date ;\n'
        '  lde:latestEnd "2021-06-28"^^xsd:date .\n'
    )
    result = CliRunner().invoke(app, ["validate", str(project(tmp_path, body))])
    assert "bad-date" not in result.output, result.output
