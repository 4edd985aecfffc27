"""SHACL Core's value constraints as SPARQL filters: one translator per component.

Each translator takes the value node (a SPARQL variable or term), the constraint's parameter
value and the shape, and returns a filter that is true when the node fails the constraint.
Each entry names its section of the SHACL specification, which the error for a parameter the
compiler does not translate points to. Constraints that nest shapes (sh:node, sh:not, sh:or,
sh:and, sh:xone) and the cardinality ones need the compiler itself (``validation.compiler``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from ld_events.report import Severity

SPEC = "https://www.w3.org/TR/shacl/"
#: SHACL's severities as the tool's (a shape without sh:severity reports violations).
SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}
TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"


class UnsupportedShape(Exception):
    """A shape uses a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class ShapeRef:
    """The shape a constraint belongs to, for translators that read its other parameters."""

    shapes: rdflib.Graph
    shape: Node

    def other(self, parameter: Node) -> Node | None:
        return self.shapes.value(self.shape, parameter)

    def members(self, node: Node) -> list[Node]:
        return list(Collection(self.shapes, node))


Translator = Callable[[str, Node, ShapeRef], str]


@dataclass(frozen=True)
class Component:
    translate: Translator
    spec: str  # the component's section of the SHACL specification


def _class(node: str, value: Node, _: ShapeRef) -> str:
    return f"FILTER NOT EXISTS {{ {node} {TYPE_PATH} {term(value)} }}"


def _datatype(node: str, value: Node, _: ShapeRef) -> str:
    return f"FILTER (!isLiteral({node}) || datatype({node}) != {term(value)})"


_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


def _node_kind(node: str, value: Node, shape: ShapeRef) -> str:
    if value not in _NODE_KINDS:
        raise UnsupportedShape(f"{shape.shape}: unknown sh:nodeKind {value}")
    return f"FILTER (!{_NODE_KINDS[value].format(v=node)})"  # type: ignore[index]


def _comparison(operator: str) -> Translator:
    def translate(node: str, value: Node, _: ShapeRef) -> str:
        return f"FILTER (!COALESCE({node} {operator} {term(value)}, false))"

    return translate


def _length(operator: str) -> Translator:
    def translate(node: str, value: Node, _: ShapeRef) -> str:
        length = f"strlen(str({node})) {operator} {integer(value)}"
        return f"FILTER (isBlank({node}) || !COALESCE({length}, false))"

    return translate


def _pattern(node: str, value: Node, shape: ShapeRef) -> str:
    flags = shape.other(SH.flags)
    arguments = string(str(value)) + ("" if flags is None else f", {string(str(flags))}")
    return f"FILTER (isBlank({node}) || !regex(str({node}), {arguments}))"


def _in(node: str, value: Node, shape: ShapeRef) -> str:
    members = " || ".join(f"sameTerm({node}, {term(m)})" for m in shape.members(value))
    return f"FILTER (!({members or 'false'}))"


def _language_in(node: str, value: Node, shape: ShapeRef) -> str:
    tags = " || ".join(f"langMatches(lang({node}), {string(str(t))})" for t in shape.members(value))
    return f"FILTER (!isLiteral({node}) || !({tags or 'false'}))"


VALUE_COMPONENTS: dict[Node, Component] = {
    SH["class"]: Component(_class, SPEC + "#ClassConstraintComponent"),
    SH.datatype: Component(_datatype, SPEC + "#DatatypeConstraintComponent"),
    SH.nodeKind: Component(_node_kind, SPEC + "#NodeKindConstraintComponent"),
    SH.minInclusive: Component(_comparison(">="), SPEC + "#MinInclusiveConstraintComponent"),
    SH.minExclusive: Component(_comparison(">"), SPEC + "#MinExclusiveConstraintComponent"),
    SH.maxInclusive: Component(_comparison("<="), SPEC + "#MaxInclusiveConstraintComponent"),
    SH.maxExclusive: Component(_comparison("<"), SPEC + "#MaxExclusiveConstraintComponent"),
    SH.minLength: Component(_length(">="), SPEC + "#MinLengthConstraintComponent"),
    SH.maxLength: Component(_length("<="), SPEC + "#MaxLengthConstraintComponent"),
    SH.pattern: Component(_pattern, SPEC + "#PatternConstraintComponent"),
    SH["in"]: Component(_in, SPEC + "#InConstraintComponent"),
    SH.languageIn: Component(_language_in, SPEC + "#LanguageInConstraintComponent"),
}


def unsupported(shape: Node, what: str, section: str = "#core-components") -> UnsupportedShape:
    """The error for a feature the compiler does not translate, with where SHACL defines it."""
    return UnsupportedShape(f"{shape}: {what} (for reference, see {SPEC}{section})")


# -- terms of the shapes graph as SPARQL --------------------------------------------------------


def true(value: Node | None) -> bool:
    return isinstance(value, rdflib.Literal) and value.toPython() is True


def integer(value: Node) -> int:
    if not isinstance(value, rdflib.Literal) or not isinstance(value.toPython(), int):
        raise UnsupportedShape(f"expected an integer, found {value}")
    return int(value.toPython())


def term(node: Node) -> str:
    if isinstance(node, rdflib.URIRef | rdflib.Literal):
        return node.n3()
    raise UnsupportedShape(f"a blank node cannot be a constant in a query: {node}")


def string(text: str) -> str:
    return rdflib.Literal(text).n3()
