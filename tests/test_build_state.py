"""The build state and the incremental build around it: what is written again, what is kept,
and how a build that cannot trust the state falls back to a full one.

The byte-for-byte equality of incremental and full builds over random sequences of edits is
tests/test_incremental.py; these tests pin the behaviour around it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ld_events.build import build
from ld_events.cli import app
from ld_events.errors import ValidationFailed
from ld_events.layout import MANIFEST, SEARCH
from ld_events.output.state import StateFolder
from tests.conftest import EXAMPLE

MILITIA = "actors/armed-groups.yaml"
PARADE = "events/2021-06-hashed-al-shaabi-parade.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("_site", "._site.*"))
    return folder


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def stamps(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def stream_history(out: Path, tmp_path: Path) -> Path:
    """A copy of the change stream's state before a build: a full build from it must append
    what the build does (the stream is history, kept by full builds)."""
    copy = tmp_path / "history"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(StateFolder(out).stream, copy)
    return copy


def full_build_of(project: Path, tmp_path: Path, history: Path) -> dict[str, bytes]:
    out = tmp_path / "full-site"
    shutil.copytree(history, StateFolder(out).stream)
    return tree(build(project, out, full=True).out)


def test_a_rename_rewrites_the_pages_that_show_the_name_and_keeps_the_others(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = build(project, out)
    assert not first.incremental
    assert first.full_reason == "no previous build"
    before = stamps(out)
    edit(
        project,
        MILITIA,
        "label: {en: Hashed al-Shaabi,",
        "label: {en: Popular Mobilization Forces,",
    )
    history = stream_history(out, tmp_path)
    second = build(project, out)
    assert second.incremental
    assert second.full_reason == ""
    after = stamps(out)
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    assert rewritten, "the rename was published"
    assert "actor/hashed-al-shaabi/index.html" in rewritten
    assert "event/2021-06-hashed-al-shaabi-parade/index.html" in rewritten
    assert "dump/dataset.nt" in rewritten
    # An event that does not name the group, and its data, are not touched.
    assert "event/2021-04-erbil-airport-drone-attack/index.html" not in rewritten
    assert "event/2021-06-hashed-al-shaabi-parade/data.ttl" not in rewritten
    # The search index's files are named by their content: those replaced are deleted.
    removed = sorted(name for name in before if name not in after)
    assert all(name.startswith(f"{SEARCH}/") for name in removed), removed
    assert len(rewritten) + len(removed) == second.changed < len(after) // 10
    assert tree(out) == full_build_of(project, tmp_path, history)


def test_nothing_changed_writes_nothing(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    before = stamps(out)
    again = build(project, out)
    assert again.incremental
    assert again.changed == 0
    assert stamps(out) == before


def test_a_deleted_record_takes_its_files_and_never_a_file_ld_events_did_not_write(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(project, out)
    event = out / "event" / "2021-06-hashed-al-shaabi-parade"
    assert (event / "index.html").is_file()
    (event / "notes.txt").write_text("the desk's own file", encoding="utf-8")
    (project / PARADE).unlink()
    history = stream_history(out, tmp_path)
    result = build(project, out)
    assert result.incremental
    assert not (event / "index.html").exists()
    assert not (event / "data.ttl").exists()
    assert (event / "notes.txt").read_text(encoding="utf-8") == "the desk's own file"
    manifest = (out / MANIFEST).read_text(encoding="utf-8").split()
    assert not [name for name in manifest if name.startswith("event/2021-06-hashed-al-shaabi")]
    (event / "notes.txt").unlink()
    assert tree(out) == full_build_of(project, tmp_path, history)


def test_invalid_data_leaves_the_site_and_its_state_as_they_were(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(project, out)
    state = tmp_path / ".site.state"
    before, state_before = tree(out), tree(state)
    edit(project, PARADE, "agent: hashed-al-shaabi", "agent: nobody-we-know")
    with pytest.raises(ValidationFailed):
        build(project, out)
    assert tree(out) == before
    assert tree(state) == state_before
    assert not (tmp_path / ".site.staging").exists()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("updating", "the previous build was interrupted while it updated the site"),
        ("garbage", "the build state could not be read (UnpicklingError)"),
        ("missing", "no build state in"),
    ],
)
def test_a_state_that_cannot_be_trusted_gives_a_full_build_that_says_why(
    project: Path, tmp_path: Path, damage: str, reason: str
) -> None:
    out = tmp_path / "site"
    build(project, out)
    state = tmp_path / ".site.state"
    if damage == "updating":
        (state / "updating").touch()
    elif damage == "garbage":
        (state / "state.pickle").write_bytes(b"not a pickle")
    else:
        (state / "state.pickle").unlink()
    edit(project, MILITIA, "label: {en: Hashed al-Shaabi,", "label: {en: PMF,")
    result = build(project, out)
    assert not result.incremental
    assert result.full_reason.startswith(reason)
    assert build(project, out).incremental, "the full build wrote a state again"


def test_the_config_and_the_option_full_give_full_builds(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(project, out)
    assert build(project, out, full=True).full_reason == "--full"
    edit(project, "ld-events.yaml", "title: ", "title: Renamed ")
    history = stream_history(out, tmp_path)
    result = build(project, out)
    assert result.full_reason == "ld-events.yaml changed"
    assert tree(out) == full_build_of(project, tmp_path, history)


def test_the_command_says_what_it_did_and_shows_its_stages_in_a_pipe(
    project: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(project), "--out", str(out)])
    assert first.exit_code == 0, first.output
    lines = first.stderr.splitlines()
    stages = [line.split("] ", 1)[1] for line in lines if line.startswith("[")]
    assert stages[:3] == ["reading the sources…", "validating…", "planning the site…"]
    assert "writing the dumps…" in stages
    assert "writing the site…" in stages
    assert len([s for s in stages if s.startswith("rendering pages:")]) <= 11, "not per page"
    assert "full build: no previous build" in lines
    again = runner.invoke(app, ["build", str(project), "--out", str(out)])
    assert again.stderr.splitlines()[-1].startswith(f"updated {out.resolve()} (0 files changed)")
    forced = runner.invoke(app, ["build", str(project), "--out", str(out), "--full", "-q"])
    assert forced.exit_code == 0
    assert forced.stderr.splitlines()[-1].startswith(f"built {out.resolve()}")
    assert not [line for line in forced.stderr.splitlines() if line.startswith("[")]


def test_the_state_is_beside_the_output_and_not_published(project: Path) -> None:
    result = build(project)
    assert (project / "._site.state" / "state.pickle").is_file()
    published = (result.out / MANIFEST).read_text(encoding="utf-8").split()
    assert not [name for name in published if "pickle" in name or "dump-parts" in name]
    assert not [p for p in result.out.rglob("*") if "pickle" in p.name or ".piece" in p.name]
    assert os.listdir(project / "._site.state" / "parts"), "the dump parts are kept"
