"""The tool's own validation path gives each shape fixture exactly its expected results.

At run time, Core shapes run in pyshacl on shards and the dataset-wide SPARQL constraints run
once on Oxigraph (ld_events.shacl). tests/test_shapes.py checks the shapes themselves in
pyshacl and Jena; this checks that the tool's way of running them gives the same verdicts.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from ld_events import shards
from ld_events.project import load_project
from tests.test_shapes import FIXTURE_BASE, FIXTURE_IDS, FIXTURES, Fixture

CONFIG = f"title: Fixtures\nbase: {FIXTURE_BASE}\nlicense: https://example.org/licence\n"


Found = dict[str, set[tuple[str, str]]]


def validate_fixtures(project: Path) -> Found:
    """All fixtures in one project (each under its own base), validated with 2 workers."""
    (project / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    for number, fixture in enumerate(FIXTURES):
        (project / f"fixture-{number:03}.ttl").write_text(fixture.renamed_text(), encoding="utf-8")
    loaded = load_project(project, jobs=2)
    assert not loaded.report.has_read_errors(), loaded.report.to_text()
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for diagnostic in loaded.report.diagnostics:
        assert diagnostic.focus is not None, diagnostic
        owner = next(f for f in FIXTURES if diagnostic.focus.startswith(f.base))
        original = FIXTURE_BASE + diagnostic.focus.removeprefix(owner.base)
        found[owner.name].add((diagnostic.code, original))
    return found


@pytest.fixture(scope="module")
def results_by_fixture(tmp_path_factory: pytest.TempPathFactory) -> Found:
    return validate_fixtures(tmp_path_factory.mktemp("fixtures"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_tool_gives_the_expected_results(fixture: Fixture, results_by_fixture: Found) -> None:
    assert results_by_fixture.get(fixture.name, set()) == set(fixture.expected)


def test_small_shards_give_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, results_by_fixture: Found
) -> None:
    """Shards of 5 documents: references and partOf chains cross shards, verdicts must not."""
    monkeypatch.setattr(shards, "MIN_DOCUMENTS", 5)
    assert shards.shard_size(400, 2) == 200
    monkeypatch.setattr(shards, "shard_size", lambda documents, workers: 5)
    assert validate_fixtures(tmp_path) == results_by_fixture
