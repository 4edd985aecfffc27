"""Turn expanded JSON-LD node objects (from shortforms.py) into RDF triples.

This is the subset of JSON-LD to-RDF that the published context needs: term and CURIE
expansion, @id and @vocab coercion, typed values, language maps and @reverse. It exists for
speed (pyld takes milliseconds per record); a test checks it against pyld on every example.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyoxigraph import Literal, NamedNode, Triple

from ld_events.rdf.context import Context
from ld_events.rdf.vocab import RDF_TYPE

_TYPE = NamedNode(RDF_TYPE)


def node_triples(node: dict[str, Any], context: Context) -> Iterator[Triple]:
    subject = NamedNode(node["id"])
    for name in node.get("type", []):
        yield Triple(subject, _TYPE, NamedNode(_expand_term(name, context)))
    for key, value in node.items():
        if key in ("id", "type"):
            continue
        term = context.terms.get(key)
        predicate = NamedNode(term.iri if term else context.expand(key))
        if term is not None and term.reverse:
            for child in _as_list(value):
                yield Triple(NamedNode(child["id"]), predicate, subject)
                yield from node_triples(child, context)
        elif term is not None and term.language_map:
            for language, texts in value.items():
                for text in _as_list(texts):
                    yield Triple(subject, predicate, Literal(text, language=language))
        else:
            vocab = term is not None and term.coercion == "@vocab"
            for item in _as_list(value):
                yield from _object_triples(subject, predicate, item, context, vocab)


def _object_triples(
    subject: NamedNode, predicate: NamedNode, item: Any, context: Context, vocab: bool
) -> Iterator[Triple]:
    if isinstance(item, str):
        iri = _expand_term(item, context) if vocab else item
        yield Triple(subject, predicate, NamedNode(iri))
    elif "@value" in item:
        yield Triple(subject, predicate, _literal(item))
    elif "@id" in item:
        yield Triple(subject, predicate, NamedNode(item["@id"]))
    else:
        yield Triple(subject, predicate, NamedNode(item["id"]))
        yield from node_triples(item, context)


def _literal(item: dict[str, str]) -> Literal:
    if "@language" in item:
        return Literal(item["@value"], language=item["@language"])
    return Literal(item["@value"], datatype=NamedNode(item["@type"]))


def _expand_term(name: str, context: Context) -> str:
    term = context.terms.get(name)
    return term.iri if term else context.expand(name)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
