"""IRIs made short for people: CURIEs (``lde:Event``) and project-relative names.

One rule for every place that shortens an IRI (messages, query tables, the vocabulary page,
JSON-LD keys): the longest matching namespace wins, and only a local name that needs no
escaping in Turtle, SPARQL or JSON-LD becomes a CURIE; anything else keeps its full IRI.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from pyoxigraph import NamedNode

from ld_events.rdf.vocab import PREFIXES

#: A local name that reads the same in Turtle, SPARQL and JSON-LD compact IRIs.
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
#: The fragment of a record's IRI (``{base}{kind}/{slug}/#it``): the thing, not its page.
THING_FRAGMENT = "it"


def is_iri(text: str) -> bool:
    """Whether RDF can hold ``text`` as an IRI: parsed as pyoxigraph parses what is stored."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


def curie(iri: str, prefixes: Mapping[str, str] = PREFIXES) -> str | None:
    """``prefix:local`` for ``iri`` with the longest matching namespace, else None."""
    for prefix, namespace in _longest_first(tuple(prefixes.items())):
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and _LOCAL_NAME.match(local):
            return f"{prefix}:{local}"
    return None


@cache
def _longest_first(prefixes: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    return sorted(prefixes, key=lambda item: (-len(item[1]), item[0]))


def in_project(iri: str, base: str) -> str | None:
    """A project's thing by its path under the base (``actor/iran``), else None."""
    if not iri.startswith(base) or len(iri) == len(base):
        return None
    return iri.removeprefix(base).removesuffix(f"/#{THING_FRAGMENT}")


def readable(iri: str, base: str) -> str:
    """An IRI as messages name it: its path in the project, else its CURIE, else itself."""
    return in_project(iri, base) or curie(iri) or iri
