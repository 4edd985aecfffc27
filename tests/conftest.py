"""Shared fixtures: paths, the example project, and access to the real external tools."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "iraq-syria-2021"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, reason: str) -> None:
    """Skip on a laptop without the tool; fail in CI, where .ci/run installs every tool."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required tool missing in CI: {reason}")
    pytest.skip(reason)


def require_command(name: str) -> str:
    path = shutil.which(name)
    require(path is not None, f"'{name}' is not installed (see .ci/run for how to install it)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def example() -> Path:
    return EXAMPLE


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current build instead of comparing with it.",
    )


@pytest.fixture(scope="session")
def regen_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def example_site() -> Iterator[Path]:
    """The example, built once per session into a world-readable folder.

    Servers and linkchecker (which drops root privileges to user nobody) must read it, and
    pytest's own temporary folders sit under a 0700 /tmp/pytest-of-<user>; so this folder is
    made with tempfile and opened to everyone. SOURCE_DATE_EPOCH is unset for the build so
    that the output depends on the data only. Tests must not modify this folder: copy it.
    """
    from ld_events.build import build

    folder = Path(tempfile.mkdtemp(prefix="ld-events-site-"))
    folder.chmod(0o755)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv("SOURCE_DATE_EPOCH", raising=False)
            build(EXAMPLE, folder / "site")
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium under Playwright (tests/browser.py), one per test module."""
    from tests.browser import launched

    with launched() as chromium:
        yield chromium
