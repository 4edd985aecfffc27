"""The published JSON-LD context: the term names authors write and consumers read."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ld_events.assets import context_file


@dataclass(frozen=True)
class TermDefinition:
    """What one JSON-LD term means: its IRI and how its values are read."""

    name: str
    iri: str
    coercion: str | None = None  # "@id", "@vocab", or a datatype IRI
    language_map: bool = False
    reverse: bool = False


@dataclass(frozen=True)
class Context:
    prefixes: dict[str, str]
    terms: dict[str, TermDefinition]
    document: dict[str, Any]

    def expand(self, curie: str) -> str:
        """Expand ``prefix:local`` with the context's prefixes; other strings are returned as is."""
        prefix, sep, local = curie.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return curie

    def term_for_iri(self, iri: str) -> TermDefinition | None:
        for term in self.terms.values():
            if term.iri == iri and not term.reverse:
                return term
        return None


def embedded_context() -> dict[str, Any]:
    """The context itself, for a file read wherever it lies (a dump, an export): no fetch."""
    embedded: dict[str, Any] = load_context().document["@context"]
    return embedded


@cache
def load_context() -> Context:
    document = json.loads(context_file().read_text(encoding="utf-8"))
    raw: dict[str, Any] = document["@context"]
    prefixes = {
        key: value
        for key, value in raw.items()
        if isinstance(value, str) and not key.startswith("@") and value.endswith(("#", "/"))
    }
    context = Context(prefixes=prefixes, terms={}, document=document)
    for key, value in raw.items():
        if key.startswith("@") or key in prefixes or key in ("id", "type"):
            continue
        context.terms[key] = _definition(key, value, context)
    return context


def _definition(name: str, value: str | dict[str, Any], context: Context) -> TermDefinition:
    if isinstance(value, str):
        return TermDefinition(name, context.expand(value))
    reverse = "@reverse" in value
    iri = context.expand(value["@reverse"] if reverse else value["@id"])
    coercion = value.get("@type")
    if coercion and not coercion.startswith("@"):
        coercion = context.expand(coercion)
    return TermDefinition(
        name=name,
        iri=iri,
        coercion=coercion,
        language_map=value.get("@container") == "@language",
        reverse=reverse,
    )
