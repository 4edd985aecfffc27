"""Shared fixtures: paths, the example project, and access to the real external tools."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
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
