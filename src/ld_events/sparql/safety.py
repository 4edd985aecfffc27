"""What a query may do here: read the data, nothing else.

No update (the data comes from the project's sources) and no SERVICE call: a query with one
would make the tool fetch any URL it names and hand back the answer, from the build machine
or the preview server. Both are found on a parse of the query (rdflib's SPARQL 1.1 parser, which
expands ``\\u`` escapes first), not by searching its text, so no string, comment or escape can
hide them.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

SERVICE_REFUSED = (
    "SERVICE (a federated query) is not allowed: it would fetch the URL it names "
    "(ld-events query --allow-service allows it on your own machine)"
)


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL Update request."""
    try:
        parseUpdate(text)
    except (ParseException, ValueError, TypeError):
        return False
    return True


@lru_cache(maxsize=256)
def calls_service(text: str) -> bool:
    """Whether the query has a SERVICE pattern anywhere, nested queries included.

    Only a query holding the word (once its escapes are expanded) is parsed; one rdflib cannot
    parse then counts as calling a service (an engine extension beyond SPARQL 1.1, say).
    """
    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError:  # an escape that is not one: the parser would refuse the query too
        return True
    if "service" not in expanded.casefold():
        return False  # the keyword cannot be there: no need to parse (most queries)
    try:
        tree = parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return True
    return "ServiceGraphPattern" in set(_node_names(tree))


def _node_names(node: object) -> Iterator[str]:
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _node_names(value)
    elif isinstance(node, ParseResults | list | tuple):
        for value in node:
            yield from _node_names(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _node_names(value)
