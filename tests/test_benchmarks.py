"""The benchmark generator writes valid, deterministic projects; the naive pipeline runs.

No timing is asserted here: benchmarks/run.py measures, these tests only check correctness.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from benchmarks import acled_rows, incremental, mapping, run
from benchmarks.naive import naive_build
from benchmarks.synthetic import FORMATS, SourceFormat, events_of, write_project
from pyoxigraph import NamedNode

from ld_events.config import load_config
from ld_events.project import load_project
from ld_events.rdf.vocab import LDE
from ld_events.sources.reading import read_sources

EVENTS = 200


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("synthetic")
    found: dict[str, Path] = {}
    for source_format in FORMATS:
        found[source_format] = folder / source_format
        write_project(found[source_format], EVENTS, source_format)
    return found


@pytest.mark.parametrize("source_format", FORMATS)
def test_generated_project_validates(projects: dict[str, Path], source_format: str) -> None:
    loaded = load_project(projects[source_format])
    assert loaded.report.errors == 0, loaded.report.to_text()
    assert loaded.report.warnings == 0, loaded.report.to_text()
    subjects = {str(t.subject) for t in loaded.graph.data_triples()}
    events = {s for s in subjects if "/event/" in s and s.endswith("/#it>")}
    assert len(events) == EVENTS


@pytest.mark.parametrize("source_format", FORMATS)
def test_generation_is_deterministic(
    projects: dict[str, Path], source_format: SourceFormat, tmp_path: Path
) -> None:
    again = tmp_path / "again"
    write_project(again, EVENTS, source_format)
    first, second = _files(projects[source_format]), _files(again)
    assert sorted(first) == sorted(second)
    assert first == second


def test_both_formats_describe_the_same_graph(projects: dict[str, Path]) -> None:
    graphs = [{str(q) for q in read_sources(load_config(projects[f])).store} for f in FORMATS]
    assert graphs[0] == graphs[1]


@pytest.mark.parametrize("source_format", FORMATS)
def test_the_incremental_benchmark_edits_keep_the_project_valid(
    source_format: SourceFormat, tmp_path: Path
) -> None:
    project = incremental.Project(tmp_path, 300, source_format)
    busy = project.data.actors[0].slug
    assert len(events_of(busy, project.data.events)) == incremental.BUSY_ACTOR
    before = _files(tmp_path)
    for name, edit in incremental.EDITS:
        edit(project)
        loaded = load_project(tmp_path)
        assert loaded.report.errors == 0, f"{name}: {loaded.report.to_text()}"
        assert loaded.report.warnings == 0, f"{name}: {loaded.report.to_text()}"
    after = _files(tmp_path)
    changed = sorted(name for name in before if before[name] != after.get(name))
    assert changed == [f"actors/actors-001.{source_format}", f"events/events-001.{source_format}"]


def test_naive_pipeline_writes_one_page_per_event(tmp_path: Path) -> None:
    project, out = tmp_path / "project", tmp_path / "site"
    write_project(project, 50, "ttl")
    assert naive_build(project, out) == 50
    pages = sorted(out.glob("event/*/index.html"))
    assert len(pages) == 50
    for page in pages:
        for name in ("data.ttl", "data.nt", "data.jsonld"):
            assert (page.parent / name).stat().st_size > 0


def test_a_run_waits_after_a_recent_deletion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run, "DELETED_AT", tmp_path / "deleted-at")
    waited: list[float] = []
    monkeypatch.setattr(time, "sleep", waited.append)
    run.settle(wait=True)
    assert waited == []  # no run has deleted anything
    run._deleting(lambda: None)
    run.settle(wait=True)
    assert len(waited) == 1
    assert run.SETTLE_SECONDS - 5 < waited[0] <= run.SETTLE_SECONDS
    assert re.search(
        r"waiting \d+ s: a benchmark run deleted its sites \d+ s ago", capsys.readouterr().err
    )
    run.settle(wait=False)
    assert len(waited) == 1
    assert "warning: a benchmark run deleted its sites" in capsys.readouterr().err
    old = time.time() - run.SETTLE_SECONDS - 1
    os.utime(run.DELETED_AT, (old, old))
    run.settle(wait=True)
    assert len(waited) == 1


def test_made_up_acled_rows_are_deterministic_and_read_without_errors(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "data" / "acled.csv", tmp_path / "b.csv"
    first.parent.mkdir(parents=True)
    acled_rows.write_rows(300, first)
    acled_rows.write_rows(300, second)
    assert first.read_bytes() == second.read_bytes()
    project = first.parent.parent
    shutil.copy(acled_rows.MAPPING, project / "data" / "acled.csvw.json")
    (project / "ld-events.yaml").write_text(mapping.CONFIG, encoding="utf-8")
    sources = read_sources(load_config(project))
    assert sources.report.errors == 0, sources.report.to_text(10)
    events = sources.store.quads_for_pattern(None, None, NamedNode(LDE + "Event"), None)
    assert len(list(events)) == 300


def test_the_rml_mapping_names_every_crosswalk_concept(tmp_path: Path) -> None:
    """The RML rules the mapping benchmark gives morph-kgc: the data, crosswalk and base set."""
    rules = mapping.rml_files(tmp_path, tmp_path / "acled.csv").read_text("utf-8")
    for placeholder in ("BASE", '"DATA"', '"CROSSWALK"'):
        assert placeholder not in rules
    crosswalk = (tmp_path / "crosswalk.csv").read_text("utf-8").splitlines()
    assert crosswalk[0] == "sub_event_type,iri"
    assert len(crosswalk) - 1 == 21  # the 25 sub-event types, less the 4 mapped to none


def test_the_benchmark_names_the_largest_page(example_site: Path) -> None:
    """benchmarks/run.py prints the largest HTML pages against issue #13's 200 kB limit."""
    largest = max(example_site.rglob("*.html"), key=lambda p: p.stat().st_size)
    line = run.largest_pages(example_site, shown=1)
    size = largest.stat().st_size / 1000
    expected = f"{largest.relative_to(example_site).as_posix()} {size:.1f} kB"
    assert line == f"largest HTML pages: {expected} (under the 200 kB limit)"
