"""The slugs the project's YAML records define, by kind: lets a slug find its record.

Filled by a first pass over every YAML file (``sources/yaml.py``), before any record is
expanded, so that a reference finds a record written in any file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Every kind of record a slug can name, in the order a slug of several kinds is read as.
ANY_KIND = ("event", "actor", "place", "source", "claim")


@dataclass
class Registry:
    """Slugs defined by the project's YAML records, by kind."""

    slugs: dict[str, set[str]] = field(default_factory=dict)

    def add(self, kind: str, slug: str) -> None:
        self.slugs.setdefault(slug, set()).add(kind)

    def kind_for(self, slug: str, candidates: tuple[str, ...]) -> str:
        kinds = self.slugs.get(slug, set())
        return next((kind for kind in candidates if kind in kinds), candidates[0])

    def defines(self, slug: str) -> bool:
        return slug in self.slugs
