"""SHACL Core shapes compiled to SPARQL, so that Oxigraph can check the whole dataset at once.

Every constraint of a shape that can report becomes one SELECT query that returns its results
(``?this`` and, for constraints checked on each value node, ``?value``). Nested shapes
(sh:node, sh:not, sh:or, sh:and, sh:xone, sh:property, sh:qualifiedValueShape) become EXISTS
filters around the query of the nested shape's violations, so a query says in one place what
SHACL says a result is. The data graph is the union of the store's graphs (the data and the
vocabularies), as in the tests, where pyshacl and Apache Jena check the same shapes.

The compiler knows the Core components the shapes use and a few obvious neighbours; any other
component is an ``UnsupportedShape`` error naming the shape, never a silently skipped check.
Ill-typed literals never reach validation (the sources reader rejects them), so sh:datatype
compares datatypes only.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Literal, Node

from ld_events.rdf.labels import pick_text
from ld_events.report import Severity
from ld_events.validation.components import (
    SEVERITY,
    TYPE_PATH,
    VALUE_COMPONENTS,
    ShapeRef,
    integer,
    term,
    true,
    unsupported,
)

#: Parameters that are read along with another one, or that say nothing to check.
_PASSIVE = {
    RDF.type,
    SH.path,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.deactivated,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.flags,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.sparql,  # SHACL-SPARQL constraints run as written (ld_events.validation.shacl)
}


@dataclass(frozen=True)
class ConstraintQuery:
    """One constraint of a reporting shape, as the query that returns its results."""

    shape: str
    component: str
    query: str
    #: Results name a value node (``?value``); else the value is the focus node for node
    #: shapes, and there is none for property shapes.
    per_value: bool
    node_shape: bool
    path: str | None
    severity: Severity
    message: str


def compile_shapes(shapes: rdflib.Graph) -> list[ConstraintQuery]:
    """The queries of every active shape that has a target, in a stable order."""
    compiled: list[ConstraintQuery] = []
    for shape in sorted(_targeted_shapes(shapes), key=str):
        compiled.extend(_Compiler(shapes).shape_queries(shape))
    return compiled


def _targeted_shapes(shapes: rdflib.Graph) -> set[Node]:
    targeted: set[Node] = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        targeted.update(shapes.subjects(predicate, None))
    shape_types = {SH.NodeShape, SH.PropertyShape}
    for shape in shapes.subjects(RDF.type, RDFS.Class):
        if shape_types & set(shapes.objects(shape, RDF.type)):
            targeted.add(shape)  # a shape that is also a class targets its instances
    return {s for s in targeted if not _deactivated(shapes, s)}


def _deactivated(shapes: rdflib.Graph, shape: Node) -> bool:
    return true(shapes.value(shape, SH.deactivated))


class _Compiler:
    """Turns one shape (and the shapes nested in it) into SPARQL text."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.shapes = shapes
        self._names = itertools.count()

    # -- top level: one query per constraint ---------------------------------------------------

    def shape_queries(self, shape: Node, targets: str | None = None) -> Iterator[ConstraintQuery]:
        """One query per constraint; a node shape's property shapes report for themselves."""
        path_node = self.shapes.value(shape, SH.path)
        path = None if path_node is None else self.path(path_node)
        targets = targets if targets is not None else self.targets(shape)
        for parameter, value in self.constraints(shape):
            if parameter == SH.property and path is None:
                yield from self.shape_queries(value, targets)
                continue
            check = (
                None if path is None else self.value_violation(shape, parameter, value, "?value")
            )
            if parameter == SH["class"]:
                node = "?this" if path is None else "?value"
                where = "" if path is None else f"?this {path} ?value .\n"
                where += self.not_an_instance(node, value)
                fields = "?this" if path is None else "?this ?value"
            elif path is None:
                where = self.node_violation(shape, parameter, value, "?this")
                fields = "?this"
            elif check is not None:
                where = f"?this {path} ?value .\n{check}"
                fields = "?this ?value"
            else:
                where, fields = self.focus_violation_rows(shape, parameter, value, "?this", path)
            severity = self.shapes.value(shape, SH.severity, default=SH.Violation)
            yield ConstraintQuery(
                shape=str(shape),
                component=_component(parameter),
                query=f"SELECT DISTINCT {fields} WHERE {{\n{targets}\n{where}\n}}",
                per_value=check is not None,
                node_shape=path is None,
                path=str(path_node) if isinstance(path_node, rdflib.URIRef) else None,
                severity=SEVERITY.get(severity, Severity.ERROR),  # type: ignore[call-overload]
                message=self.message(shape, parameter),
            )

    def constraints(self, shape: Node) -> list[tuple[Node, Node]]:
        """The shape's constraint parameters and their values (annotations left out)."""
        return sorted(
            (parameter, value)
            for parameter, value in self.shapes.predicate_objects(shape)
            if parameter not in _PASSIVE and str(parameter).startswith(str(SH))
        )

    def targets(self, shape: Node) -> str:
        patterns = [
            f"?this {TYPE_PATH} {term(c)} ." for c in self.shapes.objects(shape, SH.targetClass)
        ]
        if (shape, RDF.type, RDFS.Class) in self.shapes:
            patterns.append(f"?this {TYPE_PATH} {term(shape)} .")
        nodes = sorted(self.shapes.objects(shape, SH.targetNode), key=str)
        if nodes:
            patterns.append(f"VALUES ?this {{ {' '.join(term(n) for n in nodes)} }}")
        for predicate in self.shapes.objects(shape, SH.targetSubjectsOf):
            patterns.append(f"?this {term(predicate)} ?{self.fresh()} .")
        for predicate in self.shapes.objects(shape, SH.targetObjectsOf):
            patterns.append(f"?{self.fresh()} {term(predicate)} ?this .")
        return " UNION ".join(f"{{ {p} }}" for p in sorted(patterns))

    def focus_violation_rows(
        self, shape: Node, parameter: Node, value: Node, focus: str, path: str
    ) -> tuple[str, str]:
        """A per-focus constraint's WHERE clause and fields: uniqueLang reports per language."""
        if parameter == SH.uniqueLang:
            if not true(value):
                return "FILTER (false)", focus
            return self.same_language(focus, path, bind="?lang"), f"{focus} ?lang"
        required = self.required_values(shape, parameter, value, focus, path)
        if required is not None:
            # MINUS evaluates its pattern once for all nodes; NOT EXISTS once per focus node,
            # which Oxigraph makes quadratic for a path like partOf*/time.
            return f"MINUS {{\n{required}\n}}", focus
        violation = self.property_violation(shape, parameter, value, focus, path)
        return f"FILTER EXISTS {{\n{violation}\n}}", focus

    def not_an_instance(self, node: str, cls: Node) -> str:
        """sh:class at the top level, as MINUS: Oxigraph evaluates it once for all nodes, where
        it evaluates FILTER NOT EXISTS once per node (five times slower at 10,000 events).

        Only at the top level, where a pattern beside it binds ``node``: nested in EXISTS,
        the node is substituted by its value, MINUS then shares no variable with its left
        side, and would remove nothing."""
        kind = f"?{self.fresh()}"
        return f"MINUS {{ {node} <{RDF.type}> {kind} . {kind} <{RDFS.subClassOf}>* {term(cls)} }}"

    def same_language(self, focus: str, path: str, bind: str | None = None) -> str:
        """Two values of ``focus`` with the same language tag (and the tag, if ``bind``)."""
        a, b = f"?{self.fresh()}", f"?{self.fresh()}"
        same = f'lang({a}) != "" && lcase(lang({a})) = lcase(lang({b}))'
        pattern = (
            f"{focus} {path} {a} . {focus} {path} {b} .\nFILTER (!sameTerm({a}, {b}) && {same})"
        )
        return pattern if bind is None else f"{pattern}\nBIND (lcase(lang({a})) AS {bind})"

    # -- violations of one constraint ---------------------------------------------------------

    def violations(self, shape: Node, focus: str) -> str:
        """A pattern with a solution exactly when ``focus`` does not conform to ``shape``."""
        path_node = self.shapes.value(shape, SH.path)
        path = None if path_node is None else self.path(path_node)
        branches = []
        for parameter, value in self.constraints(shape):
            if path is None:
                branches.append(self.node_violation(shape, parameter, value, focus))
            else:
                branches.append(self.property_violation(shape, parameter, value, focus, path))
        if _deactivated(self.shapes, shape) or not branches:
            return "FILTER (false)"
        return " UNION ".join(f"{{\n{branch}\n}}" for branch in branches)

    def node_violation(self, shape: Node, parameter: Node, value: Node, focus: str) -> str:
        """A node shape's constraint, on the focus node itself."""
        if parameter == SH.property:
            return self.violations(value, focus)
        if parameter == SH.hasValue:
            return f"FILTER (!sameTerm({focus}, {term(value)}))"
        check = self.value_violation(shape, parameter, value, focus)
        if check is None:
            raise unsupported(shape, f"{_component(parameter)} on a node shape")
        return check

    def property_violation(
        self, shape: Node, parameter: Node, value: Node, focus: str, path: str
    ) -> str:
        """A property shape's constraint, on the value nodes of its path from ``focus``."""
        each = f"?{self.fresh()}"
        check = self.value_violation(shape, parameter, value, each)
        if check is not None:
            return f"{focus} {path} {each} .\n{check}"
        if parameter == SH.property:
            return f"{focus} {path} {each} .\n{self.violations(value, each)}"
        required = self.required_values(shape, parameter, value, focus, path)
        if required is not None:
            return f"FILTER NOT EXISTS {{\n{required}\n}}"
        if parameter == SH.minCount:
            return "FILTER (false)"  # at least none: always met
        if parameter == SH.maxCount:
            return self.distinct_values(focus, path, integer(value) + 1)
        if parameter == SH.uniqueLang:
            return self.same_language(focus, path) if true(value) else "FILTER (false)"
        if parameter == SH.qualifiedValueShape:
            return self.qualified_violation(shape, value, focus, path)
        name = _component(parameter)
        raise unsupported(shape, name, f"#{name}ConstraintComponent")

    def required_values(
        self, shape: Node, parameter: Node, value: Node, focus: str, path: str
    ) -> str | None:
        """For a constraint that asks for values (sh:minCount, sh:hasValue, a qualified minimum
        alone), the pattern a conforming ``focus`` matches; None for any other constraint."""
        if parameter == SH.minCount and integer(value) > 0:
            return self.distinct_values(focus, path, integer(value))
        if parameter == SH.hasValue:
            return f"{focus} {path} {term(value)} ."
        least = self.shapes.value(shape, SH.qualifiedMinCount)
        only_least = self.shapes.value(shape, SH.qualifiedMaxCount) is None
        if parameter == SH.qualifiedValueShape and only_least and least is not None:
            if true(self.shapes.value(shape, SH.qualifiedValueShapesDisjoint)):
                raise unsupported(
                    shape,
                    "sh:qualifiedValueShapesDisjoint",
                    "#QualifiedValueShapeConstraintComponent",
                )
            if integer(least) > 0:
                return self.distinct_values(focus, path, integer(least), conforming_to=value)
        return None

    def value_violation(self, shape: Node, parameter: Node, value: Node, node: str) -> str | None:
        """A filter true when ``node`` fails a constraint on single values; None if the
        constraint is not one on single values."""
        component = VALUE_COMPONENTS.get(parameter)
        if component is not None:
            return component.translate(node, value, ShapeRef(self.shapes, shape))
        if parameter == SH.node:
            return f"FILTER EXISTS {{\n{self.violations(value, node)}\n}}"
        if parameter == SH["not"]:
            return f"FILTER NOT EXISTS {{\n{self.violations(value, node)}\n}}"
        if parameter in (SH["or"], SH["and"], SH.xone):
            return self.logical_violation(parameter, value, node)
        if parameter == SH.closed:
            raise unsupported(shape, "sh:closed", "#ClosedConstraintComponent")
        return None

    def logical_violation(self, parameter: Node, members: Node, node: str) -> str:
        fails = [f"EXISTS {{\n{self.violations(m, node)}\n}}" for m in self.members(members)]
        if parameter == SH["or"]:
            return f"FILTER ({' && '.join(fails) or 'true'})"
        if parameter == SH["and"]:
            return f"FILTER ({' || '.join(fails) or 'false'})"
        conforming = " + ".join(f"IF({fail}, 0, 1)" for fail in fails) or "0"
        return f"FILTER (({conforming}) != 1)"

    def qualified_violation(self, shape: Node, qualified: Node, focus: str, path: str) -> str:
        if true(self.shapes.value(shape, SH.qualifiedValueShapesDisjoint)):
            raise unsupported(
                shape, "sh:qualifiedValueShapesDisjoint", "#QualifiedValueShapeConstraintComponent"
            )
        least = self.shapes.value(shape, SH.qualifiedMinCount)
        most = self.shapes.value(shape, SH.qualifiedMaxCount)
        branches = []
        if least is not None and integer(least) > 0:
            values = self.distinct_values(focus, path, integer(least), conforming_to=qualified)
            branches.append(f"FILTER NOT EXISTS {{ {values} }}")
        if most is not None:
            branches.append(
                self.distinct_values(focus, path, integer(most) + 1, conforming_to=qualified)
            )
        if not branches:
            return "FILTER (false)"
        return " UNION ".join(f"{{\n{branch}\n}}" for branch in branches)

    def distinct_values(
        self, focus: str, path: str, count: int, conforming_to: Node | None = None
    ) -> str:
        """A pattern with a solution when ``focus`` has ``count`` distinct values on ``path``."""
        names = [f"?{self.fresh()}" for _ in range(count)]
        lines = [f"{focus} {path} {name} ." for name in names]
        if conforming_to is not None:
            lines += [
                f"FILTER NOT EXISTS {{\n{self.violations(conforming_to, n)}\n}}" for n in names
            ]
        pairs = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2)]
        if pairs:
            lines.append(f"FILTER ({' && '.join(pairs)})")
        return "\n".join(lines)

    # -- shapes graph helpers -----------------------------------------------------------------

    def path(self, node: Node) -> str:
        """A SHACL property path as a SPARQL property path."""
        if isinstance(node, rdflib.URIRef):
            return term(node)
        if (node, RDF.first, None) in self.shapes:
            return "(" + " / ".join(self.path(step) for step in self.members(node)) + ")"
        alternatives = self.shapes.value(node, SH.alternativePath)
        if alternatives is not None:
            return "(" + " | ".join(self.path(a) for a in self.members(alternatives)) + ")"
        for predicate, operator in (
            (SH.zeroOrMorePath, "*"),
            (SH.oneOrMorePath, "+"),
            (SH.zeroOrOnePath, "?"),
        ):
            inner = self.shapes.value(node, predicate)
            if inner is not None:
                return f"({self.path(inner)}){operator}"
        inverse = self.shapes.value(node, SH.inversePath)
        if inverse is not None:
            return f"^({self.path(inverse)})"
        raise unsupported(node, "an unknown SHACL path", "#property-paths")

    def members(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))

    def message(self, shape: Node, parameter: Node) -> str:
        messages = [m for m in self.shapes.objects(shape, SH.message) if isinstance(m, Literal)]
        message = pick_text(messages, "en")
        if message is not None:
            return message
        return f"does not conform to {_component(parameter)}"

    def fresh(self) -> str:
        return f"v{next(self._names)}"


def _component(parameter: Node) -> str:
    name = str(parameter).removeprefix(str(SH))
    if name == "qualifiedValueShape":
        return "QualifiedValueShape"
    return name[0].upper() + name[1:]
