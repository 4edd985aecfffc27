"""A mistyped reference gets a 'did you mean' hint naming the closest defined term."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from ld_events.cli import app

CONFIG = "title: T\nbase: https://example.org/t/\nlicense: https://example.org/licence\n"
EVENT = """\
id: 2021-06-27-strike
type: Event
label: A strike
actionType: airstrike
agent: us-armyy
place: nowhere-at-all
time: 2021-06-27
"""
ACTOR = "id: us-army\ntype: Organization\nlabel: US Army\n"


def test_misspelt_references_suggest_the_defined_ones(tmp_path: Path) -> None:
    (tmp_path / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "event.yaml").write_text(EVENT, encoding="utf-8")
    (tmp_path / "actor.yaml").write_text(ACTOR, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    action = next(line for line in lines if line.startswith("event.yaml:4:"))
    assert "found 'airstrike'): did you mean airStrike, " in action
    assert "(all 16: act:scheme in ontology/action-types.ttl)" in action
    agent = next(line for line in lines if line.startswith("event.yaml:5:"))
    assert "found 'actor/us-armyy', which no source defines; did you mean 'actor/us-army'?" in agent
    place = next(line for line in lines if line.startswith("event.yaml:6:"))
    assert "found 'place/nowhere-at-all', which no source defines" in place
    assert "did you mean" not in place
