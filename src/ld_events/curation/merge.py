"""``ld-events merge A B --into C``: several projects' records as one project's.

Each project is read as its build reads it; its IRIs are moved to the merged project's base
(the first project's, or ``--base``), so a record is the same record in two projects when its
kind and slug are. A record only one project has is kept as it is. A record several have
(a shared actor, place or event) is compared statement by statement, subject by subject (the
thing, its time span, its claims...):

- what only one side says is kept: a node only one side has (a claim, an attributed statement,
  which never contradicts another), a property only one side gives;
- a property both sides give must have the same values: if not, it is a ``conflicting-fact``,
  reported at the file and line of each side.

The merged records are then validated as the merged project will be. Nothing is written unless
there is no conflict and no error (``merge_files`` writes C, docs/merging.md).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store, Triple

from ld_events.config import Config
from ld_events.errors import InputError, UsageError
from ld_events.graph import build_graph
from ld_events.project import LoadedProject, read_project
from ld_events.rdf.iris import readable
from ld_events.rdf.terms import DATA_GRAPH, term_value
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.iri_policy import misplaced_iris
from ld_events.sources.link_config import LinkSource
from ld_events.sources.linked import read_links
from ld_events.sources.provenance import SourceIndex, locate_in
from ld_events.validation.validate import validate_graph

Term = NamedNode | BlankNode | Literal
Subject = NamedNode | BlankNode


@dataclass
class Side:
    """One project being merged, and its triples with their IRIs moved to the merged base."""

    name: str  # the folder as the command was given it: locations start with it
    loaded: LoadedProject
    #: The moved subject → the subject as the project's sources name it (to locate it there).
    original: dict[Subject, Subject] = field(default_factory=dict)
    by_document: dict[str, list[Triple]] = field(default_factory=dict)

    @property
    def config(self) -> Config:
        return self.loaded.config

    def where(self, subject: Subject, predicate: str | None = None) -> Location:
        graph = self.loaded.graph
        found = locate_in(graph.store, graph.index, self.original.get(subject, subject), predicate)
        if found is None:
            return Location(self.name)
        path = found.path if self.name == "." else f"{self.name}/{found.path}"
        return Location(path, found.line, found.column)


@dataclass
class Merged:
    """What the merge found: the merged records, the problems, and what is shared."""

    config: Config
    sides: list[Side]
    #: Document IRI → its merged triples, and the sides (by index) that had it.
    documents: dict[str, list[Triple]] = field(default_factory=dict)
    origins: dict[str, list[int]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    #: Shared records that were the same on every side, and those completed from several.
    identical: int = 0
    completed: int = 0

    @property
    def shared(self) -> int:
        return self.identical + self.completed


def read_sides(projects: list[Path]) -> list[Side]:
    """Each project read (not validated); raise if one cannot be read."""
    if len(projects) < 2:
        raise UsageError("merge needs two projects or more")
    sides = []
    for project in projects:
        try:
            loaded = read_project(project)
        except InputError as exc:
            raise InputError(_prefixed(exc.report, project.as_posix())) from exc
        sides.append(Side(project.as_posix(), loaded))
    roots = [side.config.root for side in sides]
    if len(set(roots)) < len(roots):
        raise UsageError("a project is named twice: merge different projects")
    return sides


def merged_config(
    sides: list[Side], into: Path, base: str | None, title: str | None, license: str | None
) -> Config:
    """The merged project's settings: the first project's, unless the options say otherwise;
    its links are those of the sides, but the sides themselves."""
    first = sides[0].config
    licences = sorted({side.config.license for side in sides})
    if license is None and len(licences) > 1:
        raise UsageError(
            "the projects have different licences ("
            + ", ".join(licences)
            + "): say which one the merged data is under with --license"
        )
    root = into.resolve()
    return replace(
        first,
        root=root,
        title=title or " + ".join(side.config.title for side in sides),
        base=base or first.base,
        license=license or first.license,
        description=first.description,
        sparql_endpoint=None,
        output="_site",
        query_timeout=max(side.config.query_timeout for side in sides),
        tables=(),
        links=_links(sides, root),
    )


def _links(sides: list[Side], root: Path) -> tuple[LinkSource, ...]:
    """The sides' links, paths made relative to the merged project, less those to a side."""
    bases = {side.config.base for side in sides}
    roots = {side.config.root for side in sides}
    found: dict[tuple[str, str, str], LinkSource] = {}
    for side in sides:
        for link in side.config.links:
            if link.project:
                target = Path(os.path.normpath(side.config.root / link.project))
                if target in roots:
                    continue
                link = replace(link, project=os.path.relpath(target, root))
            elif link.base in bases:
                continue
            elif not link.is_url:
                target = Path(os.path.normpath(side.config.root / link.dump))
                link = replace(link, dump=os.path.relpath(target, root))
            found.setdefault((link.project, link.dump, link.base), link)
    return tuple(found[key] for key in sorted(found))


def merge_sides(sides: list[Side], config: Config) -> Merged:
    """Compare and merge the sides' records; validate the result as the merged project."""
    merged = Merged(config, sides)
    bases = sorted({s.config.base for s in sides}, key=len, reverse=True)  # longest first
    for index, side in enumerate(sides):
        _move(side, index, bases, config.base)
    documents = sorted({d for side in sides for d in side.by_document})
    for document in documents:
        having = [i for i, side in enumerate(sides) if document in side.by_document]
        merged.origins[document] = having
        merged.documents[document] = _merge_document(merged, document, having)
    if merged.report.errors == 0:
        merged.report.extend(_validate(merged))
    return merged


def _move(side: Side, number: int, bases: list[str], base: str) -> None:
    """The side's triples with every IRI under a merged project's base moved to ``base``,
    each filed under the document it belongs to; blank nodes kept apart per side."""

    def moved(term: Term | Triple) -> Term:
        if isinstance(term, Triple):
            raise TypeError(f"RDF-star triple terms are not supported: {term}")
        if isinstance(term, NamedNode):
            for old in bases:
                if term.value.startswith(old):
                    return NamedNode(base + term.value[len(old) :])
        if isinstance(term, BlankNode):
            return BlankNode(f"s{number}{term.value}")
        return term

    store = side.loaded.graph.store
    owners: dict[Subject, str] = {}
    documents: dict[str, list[Triple]] = defaultdict(list)
    for quad in store.quads_for_pattern(None, None, None, DATA_GRAPH):
        original, subject, value = quad.subject, moved(quad.subject), moved(quad.object)
        if isinstance(original, Triple) or isinstance(subject, Literal):
            continue  # no reader makes RDF-star triples, nor literal subjects
        side.original[subject] = original
        document = owners.get(subject) or _document(store, original, moved)
        owners[subject] = document
        documents[document].append(Triple(subject, quad.predicate, value))
    side.by_document = {d: sorted(t, key=str) for d, t in documents.items()}


def _document(store: Store, subject: Subject, moved: Callable[[Term | Triple], Term]) -> str:
    """The document a subject belongs to: its IRI without the fragment; for a blank node,
    that of the IRI whose statements name it (``""`` if none does)."""
    for _ in range(64):
        if isinstance(subject, NamedNode):
            return moved(subject).value.partition("#")[0]
        parent = next(store.quads_for_pattern(None, None, subject, DATA_GRAPH), None)
        if parent is None or not isinstance(parent.subject, NamedNode | BlankNode):
            return ""
        subject = parent.subject
    return ""


def _merge_document(merged: Merged, document: str, having: list[int]) -> list[Triple]:
    kept = list(merged.sides[having[0]].by_document[document])
    if len(having) == 1:
        return kept
    #: The side each kept property came from: a conflict is reported at that side's line.
    given = {(t.subject, t.predicate.value): having[0] for t in kept}
    completed = False
    for number in having[1:]:
        other = merged.sides[number]
        triples = other.by_document[document]
        if set(triples) == set(kept):
            continue
        conflicts, added = _compare(kept, triples)
        merged.report.extend(
            [_conflict(merged, merged.sides[given[c[0], c[1]]], other, *c) for c in conflicts]
        )
        given.update({(t.subject, t.predicate.value): number for t in added})
        kept += added
        completed = completed or bool(added)
    if completed:
        merged.completed += 1
    else:
        merged.identical += 1
    return sorted(set(kept), key=str)


def _statements(triples: list[Triple]) -> dict[Subject, dict[str, set[Term]]]:
    found: dict[Subject, dict[str, set[Term]]] = defaultdict(lambda: defaultdict(set))
    for triple in triples:
        found[triple.subject][triple.predicate.value].add(triple.object)  # type: ignore[index, arg-type]
    return found


Conflict = tuple[Subject, str, set[Term], set[Term]]


def _compare(kept: list[Triple], other: list[Triple]) -> tuple[list[Conflict], list[Triple]]:
    """The properties both give differently, and the other side's statements to add."""
    mine, theirs = _statements(kept), _statements(other)
    conflicts: list[Conflict] = []
    added: list[Triple] = []
    for subject in sorted(theirs, key=str):
        for predicate in sorted(theirs[subject]):
            values = theirs[subject][predicate]
            ours = mine.get(subject, {}).get(predicate)
            if ours is None:
                added += [Triple(subject, NamedNode(predicate), v) for v in sorted(values, key=str)]
            elif ours != values:
                conflicts.append((subject, predicate, ours, values))
    return conflicts, added


def _conflict(
    merged: Merged,
    first: Side,
    other: Side,
    subject: Subject,
    predicate: str,
    ours: set[Term],
    theirs: set[Term],
) -> Diagnostic:
    base = merged.config.base
    here, there = first.where(subject, predicate), other.where(subject, predicate)
    message = (
        f"{_name(subject, base)} {readable(predicate, base)}: {_values(ours, base)} in "
        f"{first.name}, but {_values(theirs, base)} in {other.name} (at {there}); make them "
        "agree, or state one as a claim (who says it)"
    )
    return Diagnostic(
        Code.CONFLICTING_FACT,
        Severity.ERROR,
        message,
        here,
        focus=term_value(subject),
        stage=Stage.MERGE,
    )


def _name(subject: Subject, base: str) -> str:
    return readable(subject.value, base) if isinstance(subject, NamedNode) else "[ ]"


def _values(values: set[Term], base: str) -> str:
    shown = []
    for value in sorted(values, key=str):
        if isinstance(value, NamedNode):
            shown.append(readable(value.value, base))
        elif isinstance(value, Literal):
            shown.append(f'"{value.value}"' + (f"@{value.language}" if value.language else ""))
        else:
            shown.append("[ ]")
    return ", ".join(shown)


def merged_triples(merged: Merged) -> Iterator[Triple]:
    for triples in merged.documents.values():
        yield from triples


def _validate(merged: Merged) -> list[Diagnostic]:
    """The merged records checked as the merged project's build will check them, each problem
    at the file and line of a side that wrote it."""
    store = Store()
    store.extend(Quad(t.subject, t.predicate, t.object, DATA_GRAPH) for t in merged_triples(merged))
    index = SourceIndex()
    for side in merged.sides:
        named = {o.value: s for s, o in side.original.items() if isinstance(o, NamedNode)}
        nodes = {s.value: side.where(s) for s in named.values() if isinstance(s, NamedNode)}
        statements = {
            (named[iri].value, predicate): side.where(named[iri], predicate)
            for iri, predicate in side.loaded.graph.index.statements
            if iri in named
        }
        index.update(nodes, statements)
    problems = misplaced_iris(store, merged.config.base, index)
    linked = read_links(merged.config)
    problems += linked.diagnostics
    if any(p.severity is Severity.ERROR for p in problems):
        return problems
    graph = build_graph(merged.config, store, index, linked)
    return problems + validate_graph(graph).diagnostics


def _prefixed(report: Report, name: str) -> Report:
    """The report with every location in the project named as the command named it."""
    moved = [
        replace(d, location=replace(d.location, path=f"{name}/{d.location.path}"))
        if d.location.path
        else d
        for d in report.diagnostics
    ]
    return Report(moved, list(report.notes))
