"""What a version of a subject holds, and how the change stream tells versions apart.

A subject's version is its published statements and those of the blank nodes they lead to
(``with_blank_nodes``); its digest (``stream_digests``) is the one ``publish.changes`` keeps of
it when the data has no blank nodes, and otherwise names each blank node by a digest of what it
says, so that the same data, read again with other blank node labels, is the same version.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from pyoxigraph import BlankNode, RdfFormat, Store, Triple

from ld_events.rdf.terms import DATA_GRAPH


def stream_digests(store: Store) -> tuple[dict[str, bytes], dict[str, str]]:
    """Each named data subject's statements as a digest, the blank nodes they lead to
    included; and a name for each blank node made of a digest of what it says, so that the
    same data gives the same digests and the same member documents."""
    lines_of: dict[bytes, list[bytes]] = defaultdict(list)
    ntriples = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DATA_GRAPH) or b""
    for line in ntriples.splitlines():
        subject, _, rest = line.partition(b" ")
        lines_of[subject].append(rest)
    canonical = _blank_node_names(lines_of)
    named: dict[str, bytes] = {}
    for subject, lines in lines_of.items():
        if subject.startswith(b"<"):
            # the same lines as ``publish.changes.subject_digests`` hashes, if no blank node
            said = sorted(subject + b" " + _named_object(rest, canonical) for rest in lines)
            named[subject[1:-1].decode()] = hashlib.blake2b(
                b"\n".join(said), digest_size=16
            ).digest()
    labels = {label[2:].decode(): name.decode() for label, name in canonical.items()}
    return named, labels


def _blank_node_names(lines_of: Mapping[bytes, list[bytes]]) -> dict[bytes, bytes]:
    """A name for each blank node (``_:label``): a digest of its statements, the blank nodes
    they lead to named first (depth first, without recursion: lists nest deep)."""
    names: dict[bytes, bytes] = {}
    for start in lines_of:
        if not start.startswith(b"_:") or start in names:
            continue
        stack = [(start, False)]
        while stack:
            label, done = stack.pop()
            if done:
                said = sorted(_named_object(rest, names) for rest in lines_of.get(label, []))
                names[label] = (
                    b"b" + hashlib.blake2b(b"\n".join(said), digest_size=8).hexdigest().encode()
                )
                continue
            if label in names:
                continue
            names[label] = b"cycle"  # a cycle of blank nodes ends here
            stack.append((label, True))
            for rest in lines_of.get(label, []):
                obj = _object(rest)
                if obj.startswith(b"_:") and obj not in names:
                    stack.append((obj, False))
    return names


def _object(rest: bytes) -> bytes:
    return rest.partition(b" ")[2].removesuffix(b" .")


def _named_object(rest: bytes, names: Mapping[bytes, bytes]) -> bytes:
    """A statement's predicate and object, a blank object by its name."""
    obj = _object(rest)
    if not obj.startswith(b"_:"):
        return rest
    return rest.partition(b" ")[0] + b" _:" + names.get(obj, b"unnamed") + b" ."


def with_blank_nodes(
    triples: list[Triple], store: Store, labels: Mapping[str, str]
) -> list[Triple]:
    """``triples`` and the statements of the blank nodes they lead to, each blank node named
    as :func:`stream_digests` names it."""
    out = list(triples)
    seen: set[BlankNode] = set()
    todo = [t.object for t in triples if isinstance(t.object, BlankNode)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for quad in store.quads_for_pattern(node, None, None, DATA_GRAPH):
            out.append(quad.triple)
            if isinstance(quad.object, BlankNode):
                todo.append(quad.object)
    if not seen:
        return out
    named = [
        Triple(_renamed(t.subject, labels), t.predicate, _renamed(t.object, labels)) for t in out
    ]
    return named[: len(triples)] + sorted(named[len(triples) :], key=str)


def _renamed(term: Any, labels: Mapping[str, str]) -> Any:
    return BlankNode(labels.get(term.value, term.value)) if isinstance(term, BlankNode) else term
