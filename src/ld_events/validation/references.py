"""References to records that do not exist: found in every property, reported once each.

The shapes check the properties they know (``agent`` must name an actor); here every other
property whose value is an IRI under the project's base (``schema:author: {id: jim}``) must name
a record too, or the page of one. Then every reference to one missing record, from the shapes or
from here, becomes a single ``dangling-reference`` at its first place, naming all the others:
one missing record is one mistake, however often it is named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache

from pyoxigraph import NamedNode, QuerySolutions

from ld_events.graph import ProjectGraph
from ld_events.rdf.context import load_context
from ld_events.rdf.iris import readable
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.report import Code, Diagnostic, Location, Severity

#: Objects under the base that nothing types, nor is a typed record's page (``event/x/`` of
#: ``event/x/#it``), with the statements of the data that name them.
_UNDEFINED = """
SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH <{data}> {{ ?s ?p ?o }}
  FILTER(isIRI(?o) && STRSTARTS(STR(?o), STR(<{base}>)))
  FILTER NOT EXISTS {{ ?o a ?type }}
  BIND(IF(CONTAINS(STR(?o), "#"), ?o, IRI(CONCAT(STR(?o), "#it"))) AS ?thing)
  FILTER NOT EXISTS {{ ?thing a ?kind }}
}}
"""


@dataclass(frozen=True)
class Reference:
    """A diagnostic about one reference to an undefined IRI: who refers, by which property."""

    diagnostic: Diagnostic
    focus: str
    path: str | None
    value: str


def undefined_references(project: ProjectGraph, known: set[tuple[str, str]]) -> list[Reference]:
    """Every statement of the data naming an IRI under the base that is defined nowhere,
    except those already in ``known`` as (focus, value) (the shapes reported them)."""
    query = _UNDEFINED.format(data=DATA_GRAPH.value, base=project.config.base)
    solutions = project.store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    found = []
    for row in solutions:
        focus, path, value = (row[name].value for name in ("s", "p", "o"))
        if (focus, value) in known or not isinstance(row["s"], NamedNode):
            continue
        where = project.index.locate(focus, path) or Location(readable(focus, project.config.base))
        message = f"{_subject(project, focus)}: {_prop(project, path)} names no record"
        message += f" (found '{readable(value, project.config.base)}', which no source defines)"
        diagnostic = Diagnostic(
            Code.DANGLING_REFERENCE, Severity.ERROR, message, where, focus=focus, value=value
        )
        found.append(Reference(diagnostic, focus, path, value))
    return found


def one_per_missing_record(project: ProjectGraph, references: list[Reference]) -> list[Diagnostic]:
    """One diagnostic per missing IRI: at its first reference, naming every other one."""
    by_value: dict[str, list[Reference]] = defaultdict(list)
    for reference in references:
        by_value[reference.value].append(reference)
    grouped = []
    for value, group in by_value.items():
        group.sort(key=lambda r: r.diagnostic.sort_key())
        first = group[0]
        others = [r for r in group[1:] if r.diagnostic.location != first.diagnostic.location]
        if not others:
            grouped.append(first.diagnostic)
            continue
        missing = readable(value, project.config.base)
        uses = [
            f"{r.diagnostic.location} ({_prop(project, r.path)} of {_subject(project, r.focus)})"
            for r in others
        ]
        message = (
            f"{first.diagnostic.message}; '{missing}' is named {len(group)} times: here, "
            + ", ".join(uses)
        )
        related = tuple(r.diagnostic.location for r in others)
        grouped.append(replace(first.diagnostic, message=message, related=related))
    return grouped


def _prop(project: ProjectGraph, path: str | None) -> str:
    """The key a property is written with in YAML (``agent``), else its CURIE."""
    if path is None:
        return "a property"
    return _keys().get(path) or readable(path, project.config.base)


@cache
def _keys() -> dict[str, str]:
    terms = load_context().terms
    return {term.iri: name for name, term in sorted(terms.items()) if name[0].islower()}


def _subject(project: ProjectGraph, iri: str) -> str:
    label = project.label(iri)
    name = f'"{label}"' if label else f"'{readable(iri, project.config.base)}'"
    return f"{project.kind_name(iri)} {name}"
