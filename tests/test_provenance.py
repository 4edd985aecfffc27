"""Where things were written: files contribute in reading order, Turtle files only when asked."""

from __future__ import annotations

from pathlib import Path

from ld_events.config import load_config
from ld_events.project import load_project
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.report import Location
from ld_events.sources.provenance import SourceIndex
from ld_events.sources.reading import read_sources

CONFIG = "title: T\nbase: https://example.org/t/\nlicense: https://example.org/licence\n"
STRIKE = "https://example.org/t/event/2021-06-27-strike/#it"


def test_first_contribution_wins_whether_given_or_deferred() -> None:
    index = SourceIndex()
    calls = []

    def turtle_file() -> dict[str, Location]:
        calls.append(1)
        return {"urn:a": Location("b.ttl", 2), "urn:b": Location("b.ttl", 3)}

    index.update({"urn:a": Location("a.yaml", 1)}, {})
    index.defer(turtle_file)
    index.update({"urn:b": Location("c.yaml", 4), "urn:c": Location("c.yaml", 5)}, {})
    assert calls == []  # nothing located before a location is wanted
    assert index.locate("urn:a") == Location("a.yaml", 1)
    assert index.locate("urn:b") == Location("b.ttl", 3)
    assert index.locate("urn:c") == Location("c.yaml", 5)
    assert index.locate("urn:c#x") is None
    assert calls == [1]  # and then once


def write_project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


TURTLE_STRIKE = f"@prefix lde: <https://w3id.org/ld-events/ns#> .\n\n<{STRIKE}> a lde:Event .\n"


def test_a_turtle_subject_is_located_at_its_first_line(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"a.ttl": TURTLE_STRIKE, "b.ttl": TURTLE_STRIKE})
    sources = read_sources(load_config(project))
    assert sources.index.locate(STRIKE) == Location("a.ttl", 3, 1)


def test_a_turtle_file_changed_after_loading_leaves_its_subjects_unlocated(
    tmp_path: Path,
) -> None:
    project = write_project(tmp_path, {"a.ttl": TURTLE_STRIKE})
    sources = read_sources(load_config(project))
    (project / "a.ttl").write_text("<broken", encoding="utf-8")
    assert sources.index.locate(STRIKE) is None


def test_a_turtle_file_with_a_syntax_error_adds_nothing(tmp_path: Path) -> None:
    broken = TURTLE_STRIKE + f"<{STRIKE}> lde:agent <https://example.org/t/actor/x/#it\n"
    project = write_project(tmp_path, {"a.ttl": broken})
    loaded = load_project(project)
    assert not list(loaded.graph.store.quads_for_pattern(None, None, None, DATA_GRAPH))
    [error] = loaded.report.diagnostics
    assert (error.code, error.location.path, error.location.line) == ("invalid-turtle", "a.ttl", 4)
