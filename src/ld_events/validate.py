"""Stage 3, validate: run the SHACL shapes and turn each result into a located diagnostic.

The results graph is read, never the text report: focus node, path, value, severity and the
source shape's ``shp:code`` make a Diagnostic that points at the file and line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import SH

from ld_events.assets import shapes_files
from ld_events.graph import ProjectGraph
from ld_events.rdfterms import rdflib_graph
from ld_events.report import Diagnostic, Location, Report, Severity
from ld_events.vocab import ONTOLOGY_IRI, SHP

_CODE = rdflib.URIRef(SHP + "code")
#: Dataset-wide SPARQL constraints target this node (the ontology, always merged into the data)
#: and run one query for the whole graph; their results name the offending node in sh:value.
DATASET_ANCHOR = ONTOLOGY_IRI
_SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result, as plain strings."""

    focus: str
    path: str | None
    value: str | None
    severity: Severity
    shape: str
    message: str


@cache
def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in shapes_files():
        graph.parse(path, format="turtle")
    return graph


def validate_graph(project: ProjectGraph) -> Report:
    """Run the shapes over the data merged with the vocabularies."""
    data = rdflib_graph(q.triple for q in project.store)
    results = run_shapes(data)
    report = Report()
    report.extend([diagnostic(project, result) for result in results])
    return report


def run_shapes(data: rdflib.Graph) -> list[ShapeResult]:
    _, results_graph, _ = pyshacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
        meta_shacl=False,
    )
    return [
        _result(results_graph, node)
        for node in results_graph.subjects(rdflib.RDF.type, SH.ValidationResult)
    ]


def _result(graph: rdflib.Graph, node: rdflib.term.Node) -> ShapeResult:
    def one(predicate: rdflib.URIRef) -> str | None:
        value = graph.value(node, predicate)
        return None if value is None else str(value)

    severity = _SEVERITY.get(graph.value(node, SH.resultSeverity), Severity.ERROR)  # type: ignore[call-overload]
    path = graph.value(node, SH.resultPath)
    focus, value = result_focus(one(SH.focusNode) or "", one(SH.value))
    return ShapeResult(
        focus=focus,
        path=str(path) if isinstance(path, rdflib.URIRef) else None,
        value=value,
        severity=severity,
        shape=one(SH.sourceShape) or "",
        message=one(SH.resultMessage) or "does not conform",
    )


def result_focus(focus: str, value: str | None) -> tuple[str, str | None]:
    """The node a result is about: for dataset-wide constraints, the offending value."""
    if focus == DATASET_ANCHOR and value is not None:
        return value, None
    return focus, value


def shape_code(shape: str) -> str:
    code = shapes_graph().value(rdflib.URIRef(shape), _CODE)
    return str(code) if code is not None else "shape"


def diagnostic(project: ProjectGraph, result: ShapeResult) -> Diagnostic:
    location = project.index.locate(result.focus, result.path) or _fallback(project, result.focus)
    subject = describe(project, result.focus)
    message = f"{subject}: {result.message}"
    if result.value is not None and result.value != result.focus and result.path is not None:
        found = describe(project, result.value, with_kind=False)
        undefined = result.value.startswith("http") and not project.types(result.value)
        message += (
            f" (found {found}, which no source defines)" if undefined else f" (found {found})"
        )
    return Diagnostic(
        code=shape_code(result.shape),
        severity=result.severity,
        message=message,
        location=location,
        focus=result.focus,
        value=result.value,
    )


def describe(project: ProjectGraph, iri: str, with_kind: bool = True) -> str:
    """'Event "US air strikes ..."': a label when there is one, else the IRI made readable."""
    label = project.label(iri) if iri.startswith(("http", "urn")) else None
    name = f'"{label}"' if label else f"'{readable_iri(project, iri)}'"
    return f"{project.kind_name(iri)} {name}" if with_kind else name


def readable_iri(project: ProjectGraph, iri: str) -> str:
    base = project.config.base
    if iri.startswith(base):
        return iri.removeprefix(base).removesuffix("/#it")
    return iri


def _fallback(project: ProjectGraph, focus: str) -> Location:
    return Location(readable_iri(project, focus))
