"""Stage 3, validate: run the SHACL shapes and turn each result into a located diagnostic.

The results graph is read, never the text report: focus node, path, value, severity and the
source shape's ``shp:code`` make a Diagnostic that points at the file and line to fix.
"""

from __future__ import annotations

import difflib
from enum import StrEnum

import rdflib

from ld_events.graph import ProjectGraph
from ld_events.rdf.iris import readable
from ld_events.rdf.terms import rdflib_graph
from ld_events.rdf.vocab import SHP
from ld_events.report import Code, Diagnostic, Location, Report
from ld_events.validation.allowed import allowed_hint, short_form
from ld_events.validation.references import (
    Reference,
    one_per_missing_record,
    undefined_references,
)
from ld_events.validation.shacl import (
    ShapeResult,
    run_core_shapes,
    run_dataset_constraints,
    run_pyshacl,
    shapes_graph,
)

_CODE = rdflib.URIRef(SHP + "code")


class Engine(StrEnum):
    """What runs the shapes."""

    #: The shapes compiled to SPARQL on the project's Oxigraph store: the fast default.
    OXIGRAPH = "oxigraph"
    #: pySHACL, the reference implementation, on an rdflib copy of the graph: for cross-checks.
    PYSHACL = "pyshacl"


def validate_graph(project: ProjectGraph, engine: Engine = Engine.OXIGRAPH) -> Report:
    """Run every shape over the data merged with the vocabularies."""
    if engine is Engine.PYSHACL:
        triples = [
            *project.asserted_triples(),
            *project.vocabulary_triples(),
            *project.linked_triples(),
        ]
        results = run_pyshacl(rdflib_graph(triples))
    else:
        results = run_core_shapes(project.store) + run_dataset_constraints(project.store)
    # A linked dataset's resources are there to be referred to; they are its own to check.
    results = [r for r in results if not project.is_linked_only(r.focus)]
    report, references = Report(), []
    for result in results:
        found = diagnostic(project, result)
        if found.code == "dangling-reference" and _undefined(project, result.value):
            assert result.value is not None
            references.append(Reference(found, result.focus, result.path, result.value))
        else:
            report.add(found)
    # A value a shape reported already (as dangling, or as no date at all) is one mistake.
    known = {(r.focus, r.value) for r in results if r.value is not None}
    references.extend(undefined_references(project, known))
    report.extend(one_per_missing_record(project, references))
    return report


def shape_code(shape: str) -> str:
    code = shapes_graph().value(rdflib.URIRef(shape), _CODE)
    return str(code) if code is not None else Code.FAILED_CONSTRAINT


def diagnostic(project: ProjectGraph, result: ShapeResult) -> Diagnostic:
    location = project.index.locate(result.focus, result.path) or _fallback(project, result.focus)
    subject = describe(project, result.focus)
    message = f"{subject}: {result.message}"
    if result.value is not None and result.value != result.focus and result.path is not None:
        found = describe(project, result.value, with_kind=False)
        allowed = allowed_hint(project, result.shape, result.value)
        undefined = _undefined(project, result.value)
        if allowed:
            message += f" (found '{short_form(result.value)}'){allowed}"
        elif undefined:
            hint = _suggestion(project, result.value)
            message += f" (found {found}, which no source defines{hint})"
        else:
            message += f" (found {found})"
    return Diagnostic(
        code=shape_code(result.shape),
        severity=result.severity,
        message=message,
        location=location,
        focus=result.focus,
        value=result.value,
    )


def _undefined(project: ProjectGraph, value: str | None) -> bool:
    return value is not None and value.startswith("http") and not project.types(value)


def describe(project: ProjectGraph, iri: str, with_kind: bool = True) -> str:
    """'Event "US air strikes ..."': a label when there is one, else the IRI made readable."""
    # A focus is a node (an IRI or a blank node's id); a value may be a literal's text.
    label = project.label(iri) if with_kind or iri.startswith(("http", "urn")) else None
    name = f'"{label}"' if label else f"'{readable_iri(project, iri)}'"
    return f"{project.kind_name(iri)} {name}" if with_kind else name


def readable_iri(project: ProjectGraph, iri: str) -> str:
    return readable(iri, project.config.base)


def _suggestion(project: ProjectGraph, iri: str) -> str:
    """'did you mean act:airStrike?' for a mistyped term of a vocabulary or a project slug."""
    namespace = iri.rsplit("#", 1)[0] + "#" if "#" in iri else iri.rsplit("/", 1)[0] + "/"
    if iri.startswith(project.config.base) or iri.endswith("/#it"):  # a record's, or a link's
        namespace = iri.removesuffix("/#it").rsplit("/", 1)[0] + "/"
    known = {
        term: term.removesuffix("/#it").removeprefix(namespace).casefold()
        for term in _subjects_under(project, namespace)
    }
    wanted = iri.removesuffix("/#it").removeprefix(namespace).casefold()
    close = difflib.get_close_matches(wanted, list(known.values()), n=1, cutoff=0.75)
    if not close:
        return ""
    match = next(term for term, name in known.items() if name == close[0])
    return f"; did you mean '{readable_iri(project, match)}'?"


def _subjects_under(project: ProjectGraph, namespace: str) -> list[str]:
    return [s for s in project.typed_subjects if s.startswith(namespace)]


def _fallback(project: ProjectGraph, focus: str) -> Location:
    return Location(readable_iri(project, focus))
