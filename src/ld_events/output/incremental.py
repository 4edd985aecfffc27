"""What an incremental build renders again, and the site it leaves, from the previous build's
state (``output.state``) and what the edit changed (``publish.changes``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ld_events.output.parallel import SITE_FILES, Rendered, Shard, Task
from ld_events.output.state import BuildState


@dataclass(frozen=True)
class Plan:
    tasks: list[Task]
    #: The parts of the dumps that this build does not write, by shard key.
    kept_parts: dict[str, list[Path]]


def full_plan(shards: list[Shard]) -> Plan:
    return Plan([Task(-1), *(Task(number) for number in range(len(shards)))], {})


def update_plan(
    shards: list[Shard], pages: set[str], kept_part: Callable[[str], list[Path] | None]
) -> Plan:
    """Render the index files and the ``pages``, and the parts of the dumps that are not
    kept (the shards whose subjects changed)."""
    tasks, kept = [Task(-1)], {}
    for number, shard in enumerate(shards):
        part = kept_part(shard.key)
        if part is not None:
            kept[shard.key] = part
        here = frozenset(
            unit.resource.iri
            for unit in shard.units
            if unit.resource is not None and unit.resource.iri in pages
        )
        if here or part is None:
            tasks.append(Task(number, here, part=part is None))
    return Plan(tasks, kept)


@dataclass(frozen=True)
class SiteFiles:
    """The files of the site after a build, by owner, and those of the previous one to delete."""

    files: dict[str, list[str]]
    keys: dict[str, frozenset[str]]
    removed: set[str]

    @property
    def names(self) -> list[str]:
        return sorted({name for names in self.files.values() for name in names})


def site_after(
    previous: BuildState | None, rendered: Rendered, site_files: list[str], resources: set[str]
) -> SiteFiles:
    """Merge what this build wrote into what the previous one did. ``site_files`` are the files
    this build wrote outside any resource's; ``resources`` are this build's resources."""
    files = {SITE_FILES: site_files}
    keys = dict(rendered.keys)
    removed: set[str] = set()
    if previous is not None:
        for owner, names in previous.files.items():
            if owner != SITE_FILES and owner in resources and owner not in rendered.files:
                files[owner] = names
                keys[owner] = previous.keys[owner]
            else:
                removed.update(names)
    for owner, names in rendered.files.items():
        if owner != SITE_FILES:
            files[owner] = names
    removed.difference_update(name for names in files.values() for name in names)
    return SiteFiles(files, keys, removed)
