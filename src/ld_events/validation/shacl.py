"""Running the shapes on the store: every shape, one SPARQL query per constraint, in Oxigraph.

SHACL Core shapes are compiled to SPARQL (ld_events.validation.compiler) and shapes that target the
dataset anchor (the ontology IRI) hold one SHACL-SPARQL query for the whole graph, run exactly
as SHACL-SPARQL defines it ($this pre-bound, sh:prefixes declared, {?var} message templates).
Both run once over the whole dataset, on the store itself: no copy of the data is made.
``run_pyshacl`` runs the same shapes in pySHACL, the reference implementation; the tests check
that both give the same results on every fixture, and check the shapes in Apache Jena too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import rdflib
from pyoxigraph import NamedNode, QuerySolutions, Store, Variable
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import SH

from ld_events.assets import shapes_files
from ld_events.rdf.vocab import ONTOLOGY_IRI
from ld_events.report import Severity
from ld_events.validation.compiler import ConstraintQuery, compile_shapes
from ld_events.validation.components import SEVERITY

#: Dataset-wide SPARQL constraints target this node (the ontology, always merged into the data)
#: and run one query for the whole graph; their results name the offending node in sh:value.
DATASET_ANCHOR = ONTOLOGY_IRI
_Constraint = TypeVar("_Constraint")
_TEMPLATE = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result, as plain strings."""

    focus: str
    path: str | None
    value: str | None
    severity: Severity
    shape: str
    message: str


@dataclass(frozen=True)
class DatasetConstraint:
    shape: str
    query: str
    message: str
    severity: Severity


@cache
def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in shapes_files():
        graph.parse(path, format="turtle")
    return graph


@cache
def core_shapes_graph() -> rdflib.Graph:
    """The shapes without the dataset anchor targets: the ones compiled to SPARQL."""
    graph = rdflib.Graph()
    anchor = rdflib.URIRef(DATASET_ANCHOR)
    for triple in shapes_graph():
        if triple[1] != SH.targetNode or triple[2] != anchor:
            graph.add(triple)
    return graph


@cache
def dataset_constraints() -> tuple[DatasetConstraint, ...]:
    shapes = shapes_graph()
    found = []
    for shape in sorted(shapes.subjects(SH.targetNode, rdflib.URIRef(DATASET_ANCHOR)), key=str):
        for constraint in shapes.objects(shape, SH.sparql):
            select = shapes.value(constraint, SH.select)
            message = shapes.value(constraint, SH.message) or shapes.value(shape, SH.message)
            severity = SEVERITY.get(shapes.value(shape, SH.severity), Severity.ERROR)  # type: ignore[call-overload]
            query = _prefix_lines(shapes, constraint) + str(select)
            found.append(DatasetConstraint(str(shape), query, str(message or ""), severity))
    return tuple(found)


def _prefix_lines(shapes: rdflib.Graph, constraint: rdflib.term.Node) -> str:
    lines = []
    for declarations in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(declarations, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(lines))


def run_dataset_constraints(store: Store) -> list[ShapeResult]:
    anchor = NamedNode(DATASET_ANCHOR)

    def run(constraint: DatasetConstraint) -> list[ShapeResult]:
        solutions = store.query(
            constraint.query,
            use_default_graph_as_union=True,
            substitutions={Variable("this"): anchor},
        )
        assert isinstance(solutions, QuerySolutions)
        return [_dataset_result(constraint, solution) for solution in solutions]

    return _in_threads(run, dataset_constraints())


def _in_threads(
    run: Callable[[_Constraint], list[ShapeResult]], constraints: Sequence[_Constraint]
) -> list[ShapeResult]:
    """Queries in threads (Oxigraph evaluates without the GIL); results in constraint order."""
    workers = min(len(constraints), os.cpu_count() or 1, 8) or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [result for found in pool.map(run, constraints) for result in found]


def _dataset_result(constraint: DatasetConstraint, solution: object) -> ShapeResult:
    def bound(name: str) -> str | None:
        term = solution[name]  # type: ignore[index]
        return None if term is None else str(term.value)

    message = _TEMPLATE.sub(lambda m: bound(m[1]) or "", constraint.message)
    return ShapeResult(
        focus=bound("value") or DATASET_ANCHOR,
        path=bound("path"),
        value=None,
        severity=constraint.severity,
        shape=constraint.shape,
        message=message,
    )


@cache
def core_queries() -> tuple[ConstraintQuery, ...]:
    return tuple(compile_shapes(core_shapes_graph()))


def run_core_shapes(
    store: Store, queries: Sequence[ConstraintQuery] | None = None
) -> list[ShapeResult]:
    """The Core shapes' results (or those of other compiled ``queries``) over the union of
    the store's graphs."""

    def run(constraint: ConstraintQuery) -> list[ShapeResult]:
        solutions = store.query(constraint.query, use_default_graph_as_union=True)
        assert isinstance(solutions, QuerySolutions)
        return [_core_result(constraint, solution) for solution in solutions]

    return _in_threads(run, core_queries() if queries is None else queries)


def _core_result(constraint: ConstraintQuery, solution: object) -> ShapeResult:
    focus = str(solution["this"].value)  # type: ignore[index]
    value = focus if constraint.node_shape else None
    if constraint.per_value:
        value = str(solution["value"].value)  # type: ignore[index]
    return ShapeResult(
        focus=focus,
        path=constraint.path,
        value=value,
        severity=constraint.severity,
        shape=constraint.shape,
        message=constraint.message,
    )


def run_pyshacl(data: rdflib.Graph, shapes: rdflib.Graph | None = None) -> list[ShapeResult]:
    """Every shape (or those of ``shapes``) in pySHACL, on an rdflib graph of the data and the
    vocabularies. Only the report's top-level results (not sh:detail)."""
    _, results_graph, _ = pyshacl_validate(
        data,
        shacl_graph=shapes_graph() if shapes is None else shapes,
        inference="none",
        allow_warnings=True,
        meta_shacl=False,
    )
    return [_result(results_graph, node) for node in results_graph.objects(None, SH.result)]


def _result(graph: rdflib.Graph, node: rdflib.term.Node) -> ShapeResult:
    def one(predicate: rdflib.URIRef) -> str | None:
        value = graph.value(node, predicate)
        return None if value is None else str(value)

    severity = SEVERITY.get(graph.value(node, SH.resultSeverity), Severity.ERROR)  # type: ignore[call-overload]
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
