"""The ``links:`` of ``ld-events.yaml``: the other datasets a project refers to.

Each entry is another ld-events project folder (``project: ../other``: its base and records are
read from its own config and sources) or a published dump (``dump: data/other.ttl`` or an
``http(s)`` URL) with the ``base:`` of its IRIs. Their resources are then known: references to
them are not dangling, and pages show their labels and link out to them (docs/authoring.md).
Here only what can be checked without reading them; ``sources.linked`` reads them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from ld_events.rdf.iris import is_iri
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.yamlfile import item_location, key_location

#: The keys of one ``links:`` entry.
LINK_KEYS: dict[str, str] = {
    "project": "another ld-events project folder, relative to this config (its base is its own)",
    "dump": "a published dump: a file (.ttl, .nt, .nt.gz, .jsonld) or an http(s) URL",
    "base": "a dump's base: the http(s) IRI ending in '/' that its resources' IRIs start with",
}
#: The file name endings a dump may have, and the RDF syntax each is read as.
DUMP_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".nt": "n-triples",
    ".nt.gz": "n-triples",
    ".jsonld": "json-ld",
}
_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class LinkSource:
    """One ``links:`` entry: a project folder or a dump (a file or a URL), and where it is
    written in ``ld-events.yaml`` (every problem reading it is reported there)."""

    where: Location
    project: str = ""
    dump: str = ""
    #: A dump's base; a project's comes from its own config.
    base: str = ""

    @property
    def name(self) -> str:
        return self.project or self.dump

    @property
    def is_url(self) -> bool:
        return bool(_URL.match(self.dump))


def dump_suffix(name: str) -> str | None:
    """The known ending of a dump's file name or URL path (``.nt.gz``), else None."""
    path = name.split("?", 1)[0].split("#", 1)[0].lower()
    return next((s for s in sorted(DUMP_SUFFIXES, key=len, reverse=True) if path.endswith(s)), None)


def link_sources(data: Any, name: str) -> tuple[LinkSource, ...]:
    """The checked ``links:`` entries (call after :func:`check_links` found no problem)."""
    links = data.get("links") or []
    return tuple(
        LinkSource(
            item_location(links, index, name),
            project=str(entry.get("project", "")),
            dump=str(entry.get("dump", "")),
            base=str(entry.get("base", "")),
        )
        for index, entry in enumerate(links)
    )


def check_links(data: Any, name: str, own_base: str) -> list[Diagnostic]:
    """Every problem of the ``links:`` list that shows without reading what it names."""
    links = data.get("links", [])
    if links is None:
        return []
    if not isinstance(links, list):
        message = "links must be a list of entries like {project: ../other-project}"
        return [_diagnostic(Code.BAD_SETTING, message, key_location(data, "links", name))]
    problems: list[Diagnostic] = []
    for index, entry in enumerate(links):
        where = item_location(links, index, name)
        if not isinstance(entry, dict):
            message = (
                "a links entry must be a mapping like {project: ../other-project} or "
                "{dump: other.ttl, base: https://example.org/other/}"
            )
            problems.append(_diagnostic(Code.BAD_SETTING, message, where))
        else:
            problems += _check_link(entry, name, own_base, where)
    return problems


def _check_link(entry: Any, name: str, own_base: str, where: Location) -> list[Diagnostic]:
    problems = [
        _diagnostic(
            Code.UNKNOWN_SETTING,
            f"unknown links setting '{key}'{_hint(key)}",
            key_location(entry, key, name),
        )
        for key in entry
        if key not in LINK_KEYS
    ]
    project, dump, base = (entry.get(key) for key in ("project", "dump", "base"))
    if project and dump:
        message = "a links entry is a project or a dump, not both: write two entries"
        problems.append(_diagnostic(Code.BAD_SETTING, message, where))
    elif not project and not dump:
        message = "missing links setting 'project' (a project folder) or 'dump' (a file or URL)"
        problems.append(_diagnostic(Code.MISSING_SETTING, message, where))
    elif project and base:
        message = "a linked project's base is the one of its own ld-events.yaml: remove 'base'"
        problems.append(_diagnostic(Code.BAD_SETTING, message, key_location(entry, "base", name)))
    elif dump and not base:
        message = f"missing links setting 'base': the IRI every resource of {dump} starts with"
        problems.append(_diagnostic(Code.MISSING_SETTING, message, where))
    elif dump and base:
        problems += _check_dump(str(dump), key_location(entry, "dump", name))
        problems += check_link_base(str(base), own_base, key_location(entry, "base", name))
    return problems


def _check_dump(dump: str, where: Location) -> list[Diagnostic]:
    if _URL.match(dump):
        if not is_iri(dump):
            return [_diagnostic(Code.BAD_SETTING, f"'{dump}' is not a URL that can be read", where)]
        return []
    if dump_suffix(dump) is None:
        known = ", ".join(DUMP_SUFFIXES)
        message = f"a dump file must end in one of {known}, not '{dump}'"
        return [_diagnostic(Code.BAD_SETTING, message, where)]
    return []


def check_link_base(base: str, own_base: str, where: Location) -> list[Diagnostic]:
    """A linked dataset's base: an IRI like a project's, apart from this project's base (a
    resource is either this project's or the linked dataset's, never both)."""
    if not (re.match(r"^https?://", base) and is_iri(base) and base.endswith("/")):
        message = f"a link's base must be an absolute http(s) IRI ending in '/', not '{base}'"
        return [_diagnostic(Code.BAD_SETTING, message, where)]
    if own_base and (base.startswith(own_base) or own_base.startswith(base)):
        message = (
            f"a linked dataset's base <{base}> overlaps this project's base <{own_base}>: "
            "the IRIs of one would be the other's"
        )
        return [_diagnostic(Code.BAD_SETTING, message, where)]
    return []


def _diagnostic(code: Code, message: str, where: Location) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, where, stage=Stage.CONFIG)


def _hint(word: Any) -> str:
    hint = difflib.get_close_matches(str(word), LINK_KEYS, n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""
