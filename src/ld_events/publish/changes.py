"""What an edit changed, as the keys pages record their reads by (``publish.reads``).

A build keeps a digest of each data subject's statements and the catalog. The next build
compares its own with them: a subject whose statements differ changes its ``s`` key, and the
``o`` keys of what it now points at (what it pointed at before is found through its ``s`` key,
which every page listing it recorded); a catalog entry that differs changes its ``c`` key.
Pages whose recorded keys meet the changed ones are the pages to render again.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping

from pyoxigraph import NamedNode, RdfFormat, Store

from ld_events.publish.catalog import Catalog
from ld_events.publish.reads import ENTRY, INCOMING, SUBJECT
from ld_events.rdf.terms import DATA_GRAPH

#: Recorded by a page that scanned the store (``publish.reads.RecordingStore``): it changes
#: at every edit.
ANY_SUBJECT = SUBJECT + "*"


class NotScoped(Exception):
    """The data holds what an incremental build cannot follow: build everything."""


def subject_digests(store: Store) -> dict[str, bytes]:
    """Each data subject's statements, as a digest of their N-Triples lines in sorted order."""
    ntriples = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DATA_GRAPH) or b""
    by_subject: dict[bytes, list[bytes]] = defaultdict(list)
    for line in ntriples.splitlines():
        subject, _, _ = line.partition(b"> ")
        by_subject[subject].append(line)
    digests = {}
    for subject, lines in by_subject.items():
        if not subject.startswith(b"<"):
            raise NotScoped("the data has blank nodes")
        lines.sort()
        digest = hashlib.blake2b(b"\n".join(lines), digest_size=16).digest()
        digests[subject[1:].decode()] = digest
    return digests


def changed_keys(
    old_digests: Mapping[str, bytes],
    new_digests: Mapping[str, bytes],
    old_catalog: Catalog,
    new_catalog: Catalog,
    store: Store,
) -> set[str]:
    """The keys whose values differ between the previous build and this one."""
    changed = {ANY_SUBJECT}
    for subject in _differing(old_digests, new_digests):
        changed.add(SUBJECT + subject)
        if subject in new_digests:
            for quad in store.quads_for_pattern(NamedNode(subject), None, None, DATA_GRAPH):
                if isinstance(quad.object, NamedNode):
                    changed.add(INCOMING + quad.object.value)
    entries = (
        (old_catalog.resources, new_catalog.resources),
        (old_catalog.labels, new_catalog.labels),
        (old_catalog.label_languages, new_catalog.label_languages),
        (old_catalog.events, new_catalog.events),
        (old_catalog.documents, new_catalog.documents),
    )
    for old, new in entries:
        changed.update(ENTRY + iri for iri in _differing(old, new))
    return changed


def _differing(old: Mapping[str, object], new: Mapping[str, object]) -> Iterable[str]:
    for key, value in new.items():
        if old.get(key) != value:
            yield key
    yield from (key for key in old if key not in new)


def pages_to_render(
    keys: Mapping[str, frozenset[str]], changed: set[str], resources: Iterable[str]
) -> set[str]:
    """The resources (of ``resources``, this build's) whose pages read a changed key, or that
    the previous build did not render."""
    return {
        iri
        for iri in resources
        if (found := keys.get(iri)) is None or not found.isdisjoint(changed)
    }
