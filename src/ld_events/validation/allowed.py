"""What an unknown value could have been: the values a shape allows, as authors write them.

A shape that takes its values from a SKOS scheme (``sh:node`` a helper whose ``skos:inScheme``
is ``sh:hasValue`` one scheme, or ``sh:in`` several) or from a list (``sh:in``) says which
values it allows. A result of such a shape lists them all when they are few, else the three
closest to the value found, and where to read the rest.
"""

from __future__ import annotations

import difflib
from functools import cache

import rdflib
from pyoxigraph import NamedNode
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from ld_events.graph import ProjectGraph
from ld_events.rdf.terms import VOCABULARY_GRAPH
from ld_events.rdf.vocab import LDE
from ld_events.sources.authoring import VOCABULARY_OF
from ld_events.validation.shacl import shapes_graph

#: At most this many allowed values are listed in full; beyond, the three closest.
LISTED = 12
#: Where authors read every value of a scheme (ld-events' files), by scheme.
_WRITTEN_IN = {
    "https://w3id.org/ld-events/action#scheme": "act:scheme in ontology/action-types.ttl",
    "https://w3id.org/ld-events/action#purposes": "act:purposes in ontology/action-types.ttl",
    "https://w3id.org/ld-events/place-type#scheme": "plt:scheme in ontology/place-types.ttl",
    "https://w3id.org/ld-events/means#scheme": "mns:scheme in ontology/means.ttl",
    "https://w3id.org/ld-events/casualty-type#scheme": "cas:scheme in ontology/casualty-types.ttl",
}
#: The namespaces a short form is written in: a bare word for the YAML vocabularies, and the
#: property names of the ontology.
_SHORT = (*sorted(set(VOCABULARY_OF.values())), LDE)


def allowed_hint(project: ProjectGraph, shape: str, found: str | None) -> str:
    """': one of a, b, c' or ': did you mean a, b or c? (all N: file)'; empty if the shape
    allows no listed values."""
    schemes, listed = _allowed_by(shape)
    values = sorted({*listed, *(c for s in schemes for c in _concepts(project, s))})
    if not values:
        return ""
    short = {short_form(v): v for v in values}
    if len(short) <= LISTED:
        return f": one of {', '.join(sorted(short, key=str.casefold))}"
    wanted = short_form(found or "")
    lowered = {name.casefold(): name for name in short}
    close = difflib.get_close_matches(wanted.casefold(), list(lowered), n=3, cutoff=0.0)
    names = [lowered[name] for name in close]
    where = ", ".join(_WRITTEN_IN.get(s, s) for s in schemes if s in _WRITTEN_IN)
    listed_in = f" (all {len(short)}: {where})" if where else ""
    return f": did you mean {_either(names)}?{listed_in}"


def short_form(iri: str) -> str:
    """``https://w3id.org/ld-events/action#airStrike`` → ``airStrike``: as YAML writes it."""
    for namespace in _SHORT:
        if iri.startswith(namespace):
            return iri.removeprefix(namespace)
    return iri


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


@cache
def _allowed_by(shape: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The schemes a shape's values must be in (authors' schemes only: CAMEO codes are a
    coder's), and the values its ``sh:in`` lists."""
    graph = shapes_graph()
    node = rdflib.URIRef(shape)
    listed = tuple(str(v) for v in _in_list(graph, node))
    schemes: list[str] = []
    for helper in graph.objects(node, SH.node):
        for member in graph.objects(helper, SH.property):
            if graph.value(member, SH.path) != SKOS.inScheme:
                continue
            found = [*graph.objects(member, SH.hasValue), *_in_list(graph, member)]
            schemes.extend(str(s) for s in found if str(s) in _WRITTEN_IN)
    return tuple(sorted(set(schemes))), listed


def _in_list(graph: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.term.Node]:
    head = graph.value(node, SH["in"])
    return [] if head is None else list(Collection(graph, head))


def _concepts(project: ProjectGraph, scheme: str) -> list[str]:
    in_scheme = NamedNode(str(SKOS.inScheme))
    quads = project.store.quads_for_pattern(None, in_scheme, NamedNode(scheme), VOCABULARY_GRAPH)
    return [q.subject.value for q in quads if isinstance(q.subject, NamedNode)]
