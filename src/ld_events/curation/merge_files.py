"""The merged project's folder: its config, one Turtle file per record, the saved queries.

C is an ordinary project: ``ld-events.yaml`` (the merged settings), ``records/`` (one Turtle
file per record, its IRIs written in full), and
``queries/`` (the sides' saved queries). A file ``.ld-events-merge.json`` lists what the merge
wrote: merging again (``--force``) replaces those files and removes those it no longer writes,
and never touches another file. A folder that is not empty is written into only with
``--force``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from ld_events.config import CONFIG_NAME, Config
from ld_events.curation.merge import (
    Merged,
    Side,
    Subject,
    merge_sides,
    merged_config,
    read_sides,
)
from ld_events.errors import BuildError, MergeConflict, UsageError
from ld_events.rdf.serialize import sorted_triples
from ld_events.rdf.vocab import PREFIXES
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.link_config import check_link_base

#: What the merge wrote into the merged project's folder, relative to it.
MANIFEST = ".ld-events-merge.json"
RECORDS = "records"
QUERIES = "queries"
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*\Z")


@dataclass(frozen=True)
class MergedFile:
    path: str  # relative to the merged project
    data: bytes


@dataclass(frozen=True)
class MergeResult:
    into: Path
    files: int
    records: int
    #: Records several projects had: the same on every side, or completed from several.
    identical: int
    completed: int
    #: The merged project's warnings (its errors stop the merge).
    report: Report

    def summary(self) -> str:
        return (
            f"merged into {self.into}: {self.records} records "
            f"({self.identical + self.completed} shared: {self.identical} the same in each "
            f"project, {self.completed} completed from several), {self.files} files"
        )


def merge_projects(
    projects: list[Path],
    into: Path,
    *,
    base: str | None = None,
    title: str | None = None,
    license: str | None = None,
    force: bool = False,
) -> MergeResult:
    """Merge ``projects`` into the new project ``into``; raise :class:`MergeConflict` (and
    write nothing) if they disagree or the merged records do not validate."""
    if base is not None and (problems := check_link_base(base, "", Location("--base"))):
        raise UsageError(problems[0].message.replace("a link's base", "--base"))
    sides = read_sides(projects)
    config = merged_config(sides, into, base, title, license)
    check_target(into, config, sides, force)
    merged = merge_sides(sides, config)
    files = merged_files(merged)
    if merged.report.errors:
        raise MergeConflict(merged.report)
    written = write_merged(into, files)
    return MergeResult(
        into, written, len(merged.documents), merged.identical, merged.completed, merged.report
    )


def check_target(into: Path, config: Config, sides: list[Side], force: bool) -> None:
    """Refuse a folder that holds files (unless ``force``) or that is, or is inside or around,
    a project being merged (its files would be read as that project's sources)."""
    target = config.root
    for side in sides:
        root = side.config.root
        if target == root or target.is_relative_to(root) or root.is_relative_to(target):
            raise UsageError(
                f"--into {into} overlaps the project {side.name}: merge into a folder of its own"
            )
    if into.exists() and not into.is_dir():
        raise UsageError(f"--into {into} is a file, not a folder")
    if into.is_dir() and any(into.iterdir()) and not force:
        raise UsageError(
            f"--into {into} is not empty: name a new or empty folder, or give --force to write "
            "into it (the merge replaces only the files it writes, and removes only those an "
            "earlier merge wrote there)"
        )


def merged_files(merged: Merged) -> list[MergedFile]:
    """Every file of the merged project, in order; raise if the sides' saved queries clash."""
    files = [MergedFile(CONFIG_NAME, config_text(merged).encode())]
    names: set[str] = set()
    for document, triples in merged.documents.items():
        name = _record_file(document, merged.config.base, names)
        files.append(MergedFile(name, _turtle(merged, document, triples)))
    files += _queries(merged)
    return files


def write_merged(into: Path, files: list[MergedFile]) -> int:
    """Write the files, then the manifest; remove what an earlier merge wrote and this one
    does not. Returns the number of files written."""
    into.mkdir(parents=True, exist_ok=True)
    earlier = _manifest(into)
    wanted = {file.path for file in files}
    try:
        for file in files:
            path = into / file.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.data)
        for name in sorted(earlier - wanted):
            stale = into / name
            if stale.is_file() and stale.resolve().is_relative_to(into.resolve()):
                stale.unlink()
        manifest = {"written by": "ld-events merge", "files": sorted(wanted)}
        (into / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"cannot write the merged project into {into}: {exc}") from exc
    return len(files)


def _manifest(into: Path) -> set[str]:
    try:
        data = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = data.get("files") if isinstance(data, dict) else None
    return {f for f in files if isinstance(f, str) and _SAFE_PATH.match(f)} if files else set()


def config_text(merged: Merged) -> str:
    config = merged.config
    sides = ", ".join(f"{side.name} (base {side.config.base})" for side in merged.sides)
    lines = [
        f"# Made by ld-events merge from {sides}.",
        "# The records are in records/, one Turtle file per record: edit them there.",
        f"title: {_quoted(config.title)}",
        f"base: {config.base}",
        f"license: {config.license}",
        f"language: {config.language}",
    ]
    description = " ".join(
        part
        for part in (
            config.description,
            "Merged from: " + "; ".join(side.config.title for side in merged.sides) + ".",
        )
        if part
    )
    lines.append(f"description: {_quoted(description)}")
    if config.publisher:
        lines.append(f"publisher: {_quoted(config.publisher)}")
    if config.query_timeout != 30:
        lines.append(f"query_timeout: {config.query_timeout:g}")
    if config.links:
        lines.append("links:")
        for link in config.links:
            if link.project:
                lines.append(f"  - project: {_quoted(link.project)}")
            else:
                lines.append(f"  - dump: {_quoted(link.dump)}")
                lines.append(f"    base: {link.base}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def _record_file(document: str, base: str, taken: set[str]) -> str:
    """``records/actor/joe-biden.ttl`` for ``{base}actor/joe-biden/``; a name made of the
    document's digest for what has no such path (a document outside the base)."""
    local = document.removeprefix(base).strip("/") if document.startswith(base) else ""
    if not _SAFE_PATH.match(local) or ".." in local.split("/"):
        digest = hashlib.sha256(document.encode()).hexdigest()[:16]
        local = f"other/{digest}"
    name = f"{RECORDS}/{local}.ttl"
    if name.casefold() in taken:
        digest = hashlib.sha256(document.encode()).hexdigest()[:16]
        name = f"{RECORDS}/other/{digest}.ttl"
    taken.add(name.casefold())
    return name


def _turtle(merged: Merged, document: str, triples: list[Triple]) -> bytes:
    sides = [merged.sides[i] for i in merged.origins[document]]
    places = []
    for side in sides:
        subjects = [t.subject for t in triples if t.subject in side.original]
        subject = subjects[0] if subjects else None
        where = side.where(subject) if isinstance(subject, Subject) else Location(side.name)
        places.append(str(where))
    header = f"# {document or 'nodes no record names'}: from {', '.join(places)}\n"
    body = serialize(sorted_triples(triples), format=RdfFormat.TURTLE, prefixes=_used(triples))
    return header.encode() + (body or b"")


def _used(triples: list[Triple]) -> dict[str, str]:
    """The prefixes the triples' IRIs use, in the order of ``PREFIXES``."""
    iris = {
        term.value
        for triple in triples
        for term in (triple.subject, triple.predicate, triple.object)
        if isinstance(term, NamedNode)
    }
    return {p: ns for p, ns in PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}


def _queries(merged: Merged) -> list[MergedFile]:
    """The sides' saved queries, their IRIs moved to the merged base; the same name twice is a
    conflict unless the two say the same."""
    found: dict[str, tuple[bytes, str]] = {}
    clashes: list[Diagnostic] = []
    for side in merged.sides:
        folder = side.config.root / QUERIES
        for path in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
            text = path.read_bytes()
            for other in merged.sides:
                text = text.replace(other.config.base.encode(), merged.config.base.encode())
            where = f"{side.name}/{QUERIES}/{path.name}"
            if path.name in found and found[path.name][0] != text:
                message = (
                    f"saved query {path.name} differs from the one of the same name at "
                    f"{found[path.name][1]}: rename one"
                )
                clashes.append(
                    Diagnostic(
                        Code.CONFLICTING_FACT,
                        Severity.ERROR,
                        message,
                        Location(where, 1, 1),
                        stage=Stage.MERGE,
                    )
                )
            found.setdefault(path.name, (text, where))
    merged.report.extend(clashes)
    return [MergedFile(f"{QUERIES}/{name}", data) for name, (data, _) in sorted(found.items())]
