"""Compact JSON-LD from triples, using the published context's terms.

Written directly from sorted triples (no JSON-LD algorithms at run time): each predicate maps to
the context term whose coercion fits the value, else to its full IRI with an explicit value
object. Tests expand the output with pyld and compare it with the Turtle, graph to graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from ld_events.rdf.context import TermDefinition, load_context
from ld_events.rdf.iris import curie
from ld_events.rdf.vocab import RDF_TYPE, XSD_STRING

Node = dict[str, Any]


@cache
def _terms_by_iri() -> dict[str, list[TermDefinition]]:
    index: dict[str, list[TermDefinition]] = defaultdict(list)
    for term in load_context().terms.values():
        if not term.reverse:
            index[term.iri].append(term)
    return index


@cache
def _class_names() -> dict[str, str]:
    context = load_context()
    return {t.iri: name for name, t in context.terms.items() if name[0].isupper()}


#: The value of a document's ``@context``: the context's IRI (relative: resolved against the
#: document's own URL) or the context itself.
ContextValue = str | dict[str, Any]


def jsonld_document(nodes: list[Node], context: ContextValue) -> dict[str, Any]:
    """A JSON-LD document of node objects: one node inline, several as @graph."""
    document: dict[str, Any] = {"@context": context}
    if len(nodes) == 1:
        document.update(nodes[0])
    else:
        document["@graph"] = nodes
    return document


def compact_nodes(triples: Iterable[Triple]) -> list[Node]:
    """One node object per subject, in N-Triples order of the subjects (as the dumps are).

    The triples come as ``dumps.sorted_triples`` sorts them: each subject's values in order.
    """
    by_subject: dict[str, list[Triple]] = defaultdict(list)
    for triple in triples:
        by_subject[str(triple.subject)].append(triple)
    return [_node(_id(ts[0].subject), ts) for _, ts in sorted(by_subject.items())]


def _node(subject: str, triples: list[Triple]) -> Node:
    node: Node = {"id": subject}
    types = []
    properties: dict[str, list[Any]] = defaultdict(list)
    language_maps: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in triples:
        predicate, obj = triple.predicate.value, triple.object  # each .value makes a new str
        if predicate == RDF_TYPE:
            types.append(_type_name(obj))
            continue
        term = _term_for(predicate, obj)
        if term is not None and term.language_map and isinstance(obj, Literal):
            language_maps[term.name][obj.language or "@none"].append(obj.value)
        elif term is not None:
            properties[term.name].append(_coerced(obj, term))
        else:
            properties[_compact_iri(predicate)].append(_explicit(obj))
    if types:
        types.sort()
        node["type"] = types[0] if len(types) == 1 else types
    for name, by_language in language_maps.items():
        properties[name] = [
            {lang: _one_or_many(texts) for lang, texts in sorted(by_language.items())}
        ]
    for name in sorted(properties):
        node[name] = _one_or_many(properties[name])
    return node


def _term_for(predicate: str, obj: Any) -> TermDefinition | None:
    for term in _terms_by_iri().get(predicate, []):
        if _fits(term, obj):
            return term
    return None


def _fits(term: TermDefinition, obj: Any) -> bool:
    if term.language_map:
        return isinstance(obj, Literal) and obj.language is not None
    if term.coercion in ("@id", "@vocab"):
        return isinstance(obj, NamedNode)
    if term.coercion is not None:
        return isinstance(obj, Literal) and obj.datatype.value == term.coercion and not obj.language
    return False


def _coerced(obj: Any, term: TermDefinition) -> Any:
    if term.coercion == "@vocab":
        return _term_names().get(obj.value, obj.value)
    return obj.value


@cache
def _term_names() -> dict[str, str]:
    return {t.iri: name for name, t in load_context().terms.items() if not t.reverse}


def _explicit(obj: Any) -> Any:
    if isinstance(obj, NamedNode | BlankNode):
        return {"@id": _id(obj)}
    if obj.language:
        return {"@value": obj.value, "@language": obj.language}
    if obj.datatype.value == XSD_STRING:
        return obj.value
    return {"@value": obj.value, "@type": obj.datatype.value}


def _type_name(obj: Any) -> str:
    iri = obj.value
    return _class_names().get(iri) or _compact_iri(iri)


@lru_cache(maxsize=4096)
def _compact_iri(iri: str) -> str:
    """With the published context: a data set uses few predicates and classes, over and over."""
    return curie(iri, load_context().prefixes) or iri


def _id(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else str(term.value)


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values
