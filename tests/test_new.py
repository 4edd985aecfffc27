"""``ld-events new``: a project that validates and builds at once, records from templates, and
refusals that write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.curation.scaffold import PLACEHOLDER_DATE, RECORD_KINDS
from ld_events.project import load_project

runner = CliRunner()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "my-story"
    result = runner.invoke(app, ["new", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_new_project_has_a_config_a_record_of_each_kind_a_readme_and_a_query(
    project: Path,
) -> None:
    files = set(_files(project))
    assert {"ld-events.yaml", "README.md"} <= files
    assert any(f.startswith("queries/") and f.endswith(".rq") for f in files)
    for folder in ("events", "actors", "places", "sources"):
        assert any(f.startswith(f"{folder}/") for f in files), folder
    config = (project / "ld-events.yaml").read_text(encoding="utf-8")
    assert 'title: "My story"' in config
    assert "base: https://example.org/my-story/" in config
    assert "{{" not in "".join(p.read_text(encoding="utf-8") for p in project.rglob("*.*"))


def test_new_project_validates_without_warnings_and_builds(project: Path) -> None:
    loaded = load_project(project)
    assert loaded.report.sorted() == []
    store = loaded.graph.store
    solutions = store.query("SELECT DISTINCT ?t { ?s a ?t }", use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    types = {str(row[0]) for row in solutions}
    for kind in ("Event", "Statement", "Claim", "Organization", "Place", "Source"):
        assert f"<https://w3id.org/ld-events/ns#{kind}>" in types, kind
    quotes = "ASK { ?s <https://w3id.org/ld-events/ns#quote> ?q }"
    assert store.query(quotes, use_default_graph_as_union=True)
    result = runner.invoke(app, ["build", str(project), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (project / "_site" / "index.html").is_file()
    assert (project / "_site" / "queries" / "events-by-place").is_dir()


def test_new_project_is_the_same_every_time(tmp_path: Path) -> None:
    for name in ("a", "b"):
        result = runner.invoke(app, ["new", str(tmp_path / name / "story")])
        assert result.exit_code == 0, result.output
    assert _files(tmp_path / "a" / "story") == _files(tmp_path / "b" / "story")


@pytest.mark.parametrize("kind", sorted(RECORD_KINDS))
def test_every_record_template_validates_and_builds(project: Path, kind: str) -> None:
    name = f"2024-06-03-new-{kind}"
    result = runner.invoke(app, ["new", kind, name, "--project", str(project)])
    assert result.exit_code == 0, result.output
    folder = RECORD_KINDS[kind].folder
    text = (project / folder / f"{name}.yaml").read_text(encoding="utf-8")
    assert f"id: {name}\n" in text
    assert "2024-06-03" in text  # the date the slug starts with
    report = load_project(project).report
    assert report.errors == 0, report.to_text()
    result = runner.invoke(app, ["build", str(project), "--quiet"])
    assert result.exit_code == 0, result.output
    kind_folder = RECORD_KINDS[kind].kind
    assert (project / "_site" / kind_folder / name / "index.html").is_file()


def test_a_record_without_a_date_in_its_slug_gets_the_placeholder(project: Path) -> None:
    result = runner.invoke(app, ["new", "event", "library-march", "--project", str(project)])
    assert result.exit_code == 0, result.output
    text = (project / "events" / "library-march.yaml").read_text(encoding="utf-8")
    assert f"time: {PLACEHOLDER_DATE}" in text
    assert 'label: "Library march"' in text
    assert "replace it" in text


def test_new_record_defaults_to_the_current_folder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["new", "actor", "town-council"])
    assert result.exit_code == 0, result.output
    assert "wrote actors/town-council.yaml" in result.output
    assert (project / "actors" / "town-council.yaml").is_file()


def _refused(args: list[str], folder: Path, expected: str, code: str = "bad-usage") -> None:
    before = _files(folder) if folder.exists() else None
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert f"error[{code}]" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert (_files(folder) if folder.exists() else None) == before


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    _refused(["new", str(tmp_path)], tmp_path, "is not empty (notes.txt)")


def test_new_refuses_a_file(tmp_path: Path) -> None:
    file = tmp_path / "story"
    file.write_text("mine", encoding="utf-8")
    _refused(["new", str(file)], tmp_path, "is a file")


def test_new_starts_a_project_beside_hidden_entries(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = runner.invoke(app, ["new", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ld-events.yaml").is_file()


def test_new_record_refuses_an_existing_file(project: Path) -> None:
    args = ["new", "source", "2024-05-02-example-daily-report", "--project", str(project)]
    _refused(args, project, "sources/2024-05-02-example-daily-report.yaml exists")


def test_new_record_refuses_a_slug_another_record_has(project: Path) -> None:
    args = ["new", "actor", "example-town", "--project", str(project)]
    _refused(args, project, "the project has a record 'example-town' already (place/example-town")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["new", "event", "Library March"], "'Library March' is not a slug"),
        (["new", "event", ".march"], "'.march' is not a slug"),
        (["new", "evnt", "march"], "'evnt' is not a kind of record (did you mean 'event'?)"),
        (["new", "event"], "give the record's slug"),
    ],
)
def test_new_record_refuses_bad_names(project: Path, args: list[str], expected: str) -> None:
    _refused([*args, "--project", str(project)], project, expected)


def test_new_record_needs_a_project(tmp_path: Path) -> None:
    args = ["new", "event", "march", "--project", str(tmp_path)]
    _refused(args, tmp_path, "`ld-events new FOLDER` starts one", code="missing-config")


def test_project_option_is_refused_when_starting_a_project(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    _refused(["new", str(folder), "--project", str(tmp_path)], tmp_path, "--project is for")
