"""The wheel carries the ontology, shapes and site assets, and works outside the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO

ASSETS = "ld_events/_assets"
TIMEOUT = 600


def _run(
    command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=TIMEOUT, cwd=cwd, env=env
    )


def _repo_files(folder: str, pattern: str = "*") -> list[str]:
    """Files of a top-level repository folder, as their path inside the wheel."""
    root = REPO / folder
    return sorted(
        f"{ASSETS}/{folder}/{path.relative_to(root).as_posix()}"
        for path in root.rglob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    )


def _package_modules() -> list[str]:
    src = REPO / "src"
    return sorted(
        path.relative_to(src).as_posix()
        for path in (src / "ld_events").rglob("*.py")
        if "__pycache__" not in path.parts
    )


@pytest.fixture(scope="module")
def expected_modules() -> list[str]:
    """Listed before the build, so that files added meanwhile by others do not count."""
    return _package_modules()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, expected_modules: list[str]) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)])
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = sorted(dist.glob("ld_events-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_wheel_has_the_ontology_and_context(names: set[str]) -> None:
    ontology = _repo_files("ontology", "*.ttl")
    assert ontology, "the repository has no ontology/*.ttl"
    assert set(ontology) <= names, sorted(set(ontology) - names)
    assert f"{ASSETS}/ontology/context.jsonld" in names


def test_wheel_has_the_shapes(names: set[str]) -> None:
    shapes = _repo_files("shapes", "*.ttl")
    assert shapes, "the repository has no shapes/*.ttl"
    assert set(shapes) <= names, sorted(set(shapes) - names)


def test_wheel_has_every_site_file(names: set[str]) -> None:
    site = _repo_files("site")
    assert set(site) <= names, sorted(set(site) - names)


def test_wheel_has_the_starter_project_and_record_templates(names: set[str]) -> None:
    starter = _repo_files("starter")
    assert f"{ASSETS}/starter/project/ld-events.yaml" in starter
    assert set(starter) <= names, sorted(set(starter) - names)


def test_wheel_has_every_module(names: set[str], expected_modules: list[str]) -> None:
    assert "ld_events/__main__.py" in names
    assert set(expected_modules) <= names, sorted(set(expected_modules) - names)


def test_installed_wheel_validates_the_example(wheel: Path, tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    install = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index"]
    done = _run([*install, "--disable-pip-version-check", "--target", str(lib), str(wheel)])
    assert done.returncode == 0, done.stdout + done.stderr
    example = tmp_path / "example"
    shutil.copytree(EXAMPLE, example)
    env = {**os.environ, "PYTHONPATH": str(lib)}

    where = _run(
        [
            sys.executable,
            "-c",
            "import ld_events, ld_events.assets as a; print(ld_events.__file__); "
            "print(a.asset_dir('ontology')); print(a.asset_dir('shapes'))",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    for printed in where.stdout.split():
        assert Path(printed).resolve().is_relative_to(lib.resolve()), where.stdout

    catalogues = _run(
        [
            sys.executable,
            "-c",
            "from ld_events.translations import Words; print(Words('ar')('Timeline'))",
        ],
        cwd=tmp_path,
        env=env,
    )
    assert catalogues.stdout.strip() == "الخط الزمني", catalogues.stdout + catalogues.stderr

    done = _run(
        [sys.executable, "-m", "ld_events", "validate", str(example)], cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid: 0 errors" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr

    started = tmp_path / "started"
    done = _run([sys.executable, "-m", "ld_events", "new", str(started)], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    done = _run(
        [sys.executable, "-m", "ld_events", "validate", str(started)], cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "valid: 0 errors, 0 warnings" in done.stderr
