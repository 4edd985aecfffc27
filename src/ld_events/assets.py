"""Where the packaged ontology, shapes, site templates and starter project live.

In a wheel they sit inside the package (force-included by pyproject.toml); in a source checkout
they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]


@cache
def asset_dir(name: str) -> Path:
    """Return the folder ``ontology``, ``shapes``, ``site`` or ``starter``."""
    for candidate in (_PACKAGE / "_assets" / name, _CHECKOUT / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"ld-events is installed without its {name}/ folder")


def ontology_files() -> list[Path]:
    """The ontology and its SKOS schemes, in a stable order."""
    return sorted(asset_dir("ontology").glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(asset_dir("shapes").glob("*.ttl"))


def context_file() -> Path:
    return asset_dir("ontology") / "context.jsonld"
