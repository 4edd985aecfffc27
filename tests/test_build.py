"""The build as a whole: reproducible, safe for the previous output, and equal to its golden copy.

Golden files: tests/fixtures/site-golden/ is built and compared, file by file, with
tests/golden/site-golden/. After an intended change, regenerate with ``pytest --regen-golden``
and review the diff (CONTRIBUTING.md, "Golden files").
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, XSD
from typer.testing import CliRunner

from ld_events import __version__
from ld_events.build import build
from ld_events.cli import app
from ld_events.config import load_config
from ld_events.layout import LEAFLET, MANIFEST, SEARCH, STREET_MAP_SCRIPT
from ld_events.publish.contexts import PageContext
from ld_events.publish.render import render
from tests.conftest import EXAMPLE, FIXTURES, REPO
from tests.tools import assert_isomorphic

GOLDEN_PROJECT = FIXTURES / "site-golden"
GOLDEN = Path(__file__).resolve().parent / "golden" / "site-golden"
#: The version string in generated files, replaced in golden files so a release changes none.
VERSION = f"ld-events {__version__}".encode()
VERSION_PLACEHOLDER = b"ld-events VERSION"
PAGEFIND_PLACEHOLDER = f"{SEARCH}/... (the search index: tests/test_search.py)\n".encode()
BASE = load_config(EXAMPLE).base
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
#: Every site has a page for each of the 316 CAMEO event codes, made by one view and template
#: from ontology/cameo.ttl. The golden tree keeps those of one branch, root 19 ("Fight": a root,
#: codes with and without narrower ones, codes that action types map to); the test checks that
#: the others are there, not their bytes.
CAMEO_CODES = 316
GOLDEN_CAMEO_BRANCH = "19"
runner = CliRunner()


# -- helpers ---------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too), by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def first_difference(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """A unified diff of the first text file that differs, for failure messages."""
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] == actual[name]:
            continue
        try:
            old, new = expected[name].decode(), actual[name].decode()
        except UnicodeDecodeError:
            continue
        diff = difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"expected/{name}", f"built/{name}", lineterm=""
        )
        return "\n".join(list(diff)[:150])
    return "(no differing text file)"


def assert_same_tree(expected: dict[str, bytes], actual: dict[str, bytes], what: str) -> None:
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(n for n in expected.keys() & actual.keys() if expected[n] != actual[n])
    if missing or extra or changed:
        pytest.fail(
            f"{what}: missing {missing[:20]}, extra {extra[:20]}, changed {changed[:20]}\n"
            + first_difference(expected, actual)
        )


def build_in_subprocess(out: Path, **env: str) -> None:
    """``ld-events build`` in a fresh interpreter: another hash seed, a clean environment."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environment.update(env)
    command = [sys.executable, "-m", "ld_events", "build", str(EXAMPLE), "--out", str(out), "-q"]
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("_site"))
    return target


def void_graph(site: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(site / "void.ttl", format="turtle")


# -- reproducible ----------------------------------------------------------------------------


def test_two_builds_are_byte_identical(example_site: Path, tmp_path: Path) -> None:
    """A second build, in another process with another hash seed, gives the same bytes."""
    again = tmp_path / "again"
    build_in_subprocess(again, PYTHONHASHSEED="1")
    assert_same_tree(tree(example_site), tree(again), "two builds of the example")


def test_source_date_epoch_changes_only_the_times_of_publication(
    example_site: Path, tmp_path: Path
) -> None:
    """The change stream, its feed and VoID's dcterms:modified say when the data changed: when
    the sources were last modified, or SOURCE_DATE_EPOCH if set. Nothing else depends on it."""
    dated = tmp_path / "dated"
    build_in_subprocess(dated, PYTHONHASHSEED="2", SOURCE_DATE_EPOCH=str(EPOCH))
    plain, stamped = tree(example_site), tree(dated)
    assert plain.keys() == stamped.keys()
    changed = sorted(name for name in plain if plain[name] != stamped[name])
    times = ["feed.atom", "ldes/1.ttl", "void.ttl"]
    assert changed == times, first_difference(
        {n: plain[n] for n in changed if n not in times},
        {n: stamped[n] for n in changed if n not in times},
    )
    before, after = void_graph(example_site), void_graph(dated)
    dataset = rdflib.URIRef(BASE + "void.ttl#dataset")
    assert list(after.objects(dataset, DCTERMS.modified)) == [
        rdflib.Literal("2023-11-14T22:13:20Z", datatype=XSD.dateTime)  # SOURCE_DATE_EPOCH
    ]
    newest = max(int(p.stat().st_mtime) for p in [EXAMPLE, *EXAMPLE.rglob("*")])
    (modified,) = before.objects(dataset, DCTERMS.modified)
    assert isinstance(modified, rdflib.Literal)
    assert 1_600_000_000 < modified.toPython().timestamp() <= newest
    before.remove((None, DCTERMS.modified, None))
    after.remove((None, DCTERMS.modified, None))
    assert_isomorphic(before, after, "void.ttl without dcterms:modified")


# -- the previous output is safe -------------------------------------------------------------


def test_invalid_data_leaves_the_previous_output_untouched(
    example_site: Path, tmp_path: Path
) -> None:
    project = copy_project(EXAMPLE, tmp_path / "project")
    record = project / "events" / "2021-06-hashed-al-shaabi-parade.yaml"
    text = record.read_text(encoding="utf-8")
    assert "\nlabel: " in text
    record.write_text(text.replace("\nlabel: ", "\n# label removed: ", 1), encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(example_site, out)
    before, beside = tree(out), sorted(os.listdir(tmp_path))

    result = runner.invoke(app, ["build", str(project), "--out", str(out)])

    assert result.exit_code == 1, result.output
    assert "error[missing-label]" in result.output
    assert "2021-06-hashed-al-shaabi-parade.yaml" in result.output
    assert_same_tree(before, tree(out), "--out after a failed validation")
    assert sorted(os.listdir(tmp_path)) == beside


@pytest.mark.parametrize("previous", ["a-build", "not-a-build"])
def test_out_with_foreign_files_is_replaced_only_if_forced_and_ours(
    example_site: Path, tmp_path: Path, previous: str
) -> None:
    out = tmp_path / "out"
    if previous == "a-build":
        shutil.copytree(example_site, out)
    else:
        out.mkdir()
    (out / "notes.txt").write_text("mine, not ld-events'\n", encoding="utf-8")
    before, beside = tree(out), sorted(os.listdir(tmp_path))

    refused = runner.invoke(app, ["build", str(GOLDEN_PROJECT), "--out", str(out)])

    assert refused.exit_code == 2, refused.output
    assert "notes.txt" in refused.output
    assert "--force" in refused.output
    assert_same_tree(before, tree(out), "--out holding a foreign file")
    assert sorted(os.listdir(tmp_path)) == beside

    forced = runner.invoke(app, ["build", str(GOLDEN_PROJECT), "--out", str(out), "--force"])

    if previous == "not-a-build":  # no manifest: --force never replaces someone's folder
        assert forced.exit_code == 2, forced.output
        assert ".ld-events-manifest" in forced.output
        assert_same_tree(before, tree(out), "--force on a folder ld-events did not build")
        return
    assert forced.exit_code == 0, forced.output
    assert not (out / "notes.txt").exists()
    manifest = (out / ".ld-events-manifest").read_text(encoding="utf-8").split()
    assert sorted([*manifest, ".ld-events-manifest"]) == sorted(tree(out))
    assert "index.html" in manifest
    # and the build state beside it, for the next build to be incremental
    assert sorted(os.listdir(tmp_path)) == sorted([*beside, ".out.state"])


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_interrupted_build_leaves_no_trace(
    example_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    out = tmp_path / "out"
    shutil.copytree(example_site, out)
    before, beside = tree(out), sorted(os.listdir(tmp_path))
    calls = []

    def failing_render(context: PageContext) -> bytes:
        calls.append(context.template)
        if len(calls) == 5:  # some pages are already staged by now
            raise error("interrupted while rendering")
        return render(context)

    monkeypatch.setattr("ld_events.publish.pages.render", failing_render)

    with pytest.raises(error, match="interrupted while rendering"):
        build(GOLDEN_PROJECT, out)

    assert len(calls) == 5
    assert_same_tree(before, tree(out), "--out after an interrupted build")
    assert sorted(os.listdir(tmp_path)) == beside, "a staging folder was left behind"


# -- golden files ----------------------------------------------------------------------------


def repository_copies() -> dict[str, Path]:
    """Site files that are verbatim copies of repository files: checked against those, and not
    stored a second time under tests/golden/."""
    copies = {"context.jsonld": REPO / "ontology" / "context.jsonld"}
    static = REPO / "site" / "static"
    for path in sorted(static.rglob("*")):
        name = f"static/{path.relative_to(static).as_posix()}"
        # The street map's files are in a site with map: only (tests/test_street_map.py).
        street = name.startswith(f"{LEAFLET}/") or name == STREET_MAP_SCRIPT
        if path.is_file() and not street:
            copies[name] = path
    for folder in ("ontology", "shapes"):
        for path in sorted((REPO / folder).glob("*.ttl")):
            copies[f"{folder}/{path.name}"] = path
    return copies


def neutralised(name: str, data: bytes) -> bytes:
    if name == MANIFEST:  # the search index's files are named by Pagefind's release
        lines = data.decode().splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(f"{SEARCH}/")]
        data = "".join(kept).encode() + (PAGEFIND_PLACEHOLDER if len(kept) < len(lines) else b"")
    return data.replace(VERSION, VERSION_PLACEHOLDER)


def in_golden_tree(name: str) -> bool:
    """The search index is left out: its bytes (Pagefind's program and index format) change
    with Pagefind's release; tests/test_search.py checks it, and that it is reproducible."""
    kind, _, rest = name.partition("/")
    if kind == SEARCH:
        return False
    return kind != "cameo" or rest.startswith(GOLDEN_CAMEO_BRANCH)


def test_golden_fixture_is_tiny() -> None:
    sources = [p for p in GOLDEN_PROJECT.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in sources) < 4000


def test_site_matches_golden_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, regen_golden: bool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))  # the change stream's times
    out = tmp_path / "site"
    build(GOLDEN_PROJECT, out)
    built = tree(out)
    copies = repository_copies()
    wrong_copies = [name for name, path in copies.items() if built.get(name) != path.read_bytes()]
    assert not wrong_copies, f"not verbatim copies of the repository's files: {wrong_copies}"
    generated = {
        name: neutralised(name, data) for name, data in built.items() if name not in copies
    }
    cameo_pages = {name.split("/")[1] for name in generated if name.startswith("cameo/")}
    assert len(cameo_pages) == CAMEO_CODES
    generated = {name: data for name, data in generated.items() if in_golden_tree(name)}

    if regen_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in generated.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)

    assert GOLDEN.is_dir(), "no golden files: run pytest --regen-golden and commit tests/golden/"
    assert_same_tree(tree(GOLDEN), generated, "site-golden vs tests/golden/site-golden")
