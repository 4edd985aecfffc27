"""The change stream: a Linked Data Event Stream (LDES, on TREE) of the dataset's versions.

Each build compares every data subject's statements with the version the stream last
published of it (a digest per subject, kept in the build state by ``output.state``) and appends
one immutable member per created or changed subject (a *version object*: its statements, said
of a version IRI, ``dcterms:isVersionOf`` the subject, ``dcterms:created`` the build's time) and
one tombstone (``as:Delete``) per subject that is gone. A build that changed nothing appends
nothing, so building the same sources again gives the same bytes.

Members are kept in time order in fragments of :data:`FRAGMENT_SIZE` (``ldes/1.ttl``,
``ldes/2.ttl``, ...), a linked list from the root ``ldes/stream.ttl``: a fragment links to the
next by a ``tree:GreaterThanOrEqualToRelation`` on the timestamp. Only the newest fragment ever
changes (members are appended to it; when it is full it gains the link to a new one); the
others are never written again. Stream documents name themselves and each other by relative
IRIs, so a client reads the stream wherever the site is (the preview on 127.0.0.1 too); the
subjects keep their absolute IRIs. Retention: every version is kept (no retention policy).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from ld_events.layout import STREAM_ROOT, stream_fragment
from ld_events.rdf.terms import term_value
from ld_events.rdf.vocab import DCTERMS, PREFIXES, RDF_TYPE, RDFS, XSD_DATETIME

TREE = "https://w3id.org/tree#"
LDES = "https://w3id.org/ldes#"
AS = "https://www.w3.org/ns/activitystreams#"
#: Members per fragment: a client fetches a few hundred members a request.
FRAGMENT_SIZE = 500
#: The prefixes of stream documents (members are written with them, then joined).
STREAM_PREFIXES = {**PREFIXES, "tree": TREE, "ldes": LDES, "as": AS}
#: A stand-in base for the IRIs of stream documents, serialised relative to their document.
#: Its scheme is one no data IRI has, so no other IRI is made relative.
_PLACEHOLDER = "x-ld-events-stream://site/"
_CREATED = NamedNode(DCTERMS + "created")
_VERSION_OF = NamedNode(DCTERMS + "isVersionOf")


@dataclass(frozen=True)
class Fragment:
    number: int
    #: The timestamp of its first member: the value of the relation that leads to it.
    first: str


@dataclass
class StreamLog:
    """What the stream has published: the digest of each subject's newest version (a subject
    deleted since has none), the fragments, the newest fragment's member blocks (Turtle, to
    append to) and the newest timestamp."""

    versions: dict[str, bytes] = field(default_factory=dict)
    fragments: list[Fragment] = field(default_factory=list)
    newest_members: list[bytes] = field(default_factory=list)
    modified: str = ""
    #: The newest changes of events, newest first, for the Atom feed (``publish.feed``).
    feed: list[FeedEntry] = field(default_factory=list)
    #: The events as last published (a removed subject that was one is in the feed).
    events: frozenset[str] = frozenset()

    def fragment_names(self) -> list[str]:
        return [stream_fragment(f.number) for f in self.fragments]


@dataclass(frozen=True)
class FeedEntry:
    """An event's new version, as the feed tells people of it."""

    subject: str
    version: str  # the version's IRI, relative to the site root: "ldes/3.ttl#event/x/%23it@…"
    timestamp: str
    title: str
    what: str  # "new", "changed" or "removed"
    page: str = ""  # the event's page, relative to the site root ("" once removed)


#: Entries the feed keeps.
FEED_SIZE = 50


@dataclass(frozen=True)
class StreamUpdate:
    log: StreamLog
    #: The stream files this build writes (the root, the newest fragments), by site path.
    files: dict[str, bytes]


@dataclass(frozen=True)
class EventPages:
    """What the feed says of events: their titles and pages (relative to the site root)."""

    titles: Mapping[str, str]
    pages: Mapping[str, str]


def changed_subjects(log: StreamLog, digests: Mapping[str, bytes]) -> list[tuple[str, bool]]:
    """The subjects whose statements differ from their last published version, in IRI order,
    with whether each is deleted."""
    changed = [(s, False) for s, digest in digests.items() if log.versions.get(s) != digest]
    changed += [(s, True) for s in log.versions if s not in digests]
    return sorted(changed)


def append(
    log: StreamLog,
    digests: Mapping[str, bytes],
    triples_of: Callable[[str], list[Triple]],
    base: str,
    events: EventPages,
    changed_at: int,
) -> StreamUpdate:
    """The stream after this build: a member per changed subject (``triples_of`` gives a
    subject's published statements), stamped by :func:`next_timestamp`; the files to write."""
    subjects = changed_subjects(log, digests)
    if not subjects:
        return StreamUpdate(log, {})
    timestamp = next_timestamp(log.modified, changed_at)
    fragments = list(log.fragments) or [Fragment(1, timestamp)]
    blocks = list(log.newest_members)
    filled: dict[int, list[bytes]] = {}
    entries: list[FeedEntry] = []
    for subject, deleted in subjects:
        if len(blocks) >= FRAGMENT_SIZE:
            filled[fragments[-1].number] = blocks
            fragments.append(Fragment(fragments[-1].number + 1, timestamp))
            blocks = []
        document = stream_fragment(fragments[-1].number)
        version = f"{document}#{_version_name(subject, base, timestamp)}"
        triples = [] if deleted else triples_of(subject)
        blocks.append(_member(document, version, subject, triples, timestamp))
        if subject in events.titles or (deleted and subject in log.events):
            entries.append(_feed_entry(log, events, subject, version, timestamp, deleted))
    filled[fragments[-1].number] = blocks
    versions = {s: d for s, d in log.versions.items() if s in digests}
    versions.update((s, digests[s]) for s, deleted in subjects if not deleted)
    feed = (sorted(entries, key=lambda e: e.title.casefold()) + log.feed)[:FEED_SIZE]
    new_log = StreamLog(versions, fragments, blocks, timestamp, feed, frozenset(events.titles))
    files = {
        stream_fragment(number): _fragment_document(new_log, number, members)
        for number, members in filled.items()
    }
    return StreamUpdate(new_log, files)


def _feed_entry(
    log: StreamLog, events: EventPages, subject: str, version: str, timestamp: str, deleted: bool
) -> FeedEntry:
    if deleted:
        earlier = [e.title for e in log.feed if e.subject == subject]
        title = earlier[0] if earlier else subject
        return FeedEntry(subject, version, timestamp, title, "removed")
    what = "changed" if subject in log.versions else "new"
    return FeedEntry(
        subject, version, timestamp, events.titles[subject], what, events.pages.get(subject, "")
    )


def recovered_log(fragments: Mapping[int, bytes]) -> StreamLog:
    """The log of a stream whose state was lost, from its published fragments (by number). The
    digests are gone: every subject still in the stream gets a new version at the next build
    (a redundant version, never a rewritten one), and removed ones their tombstones."""
    versions: dict[str, tuple[str, bool]] = {}
    firsts = []
    for number, document in sorted(fragments.items()):
        created = sorted(_members(number, document, versions))
        firsts.append(Fragment(number, created[0] if created else ""))
    newest = fragments[max(fragments)] if fragments else b""
    blocks = [_MEMBER_START + block for block in newest.split(_MEMBER_START)[1:]]
    times = [time for time, _ in versions.values()]
    return StreamLog(
        {subject: b"" for subject, (_, deleted) in versions.items() if not deleted},
        firsts,
        blocks,
        max(times, default=""),
    )


#: How each member's block starts in a fragment (:func:`_member` writes it first).
_MEMBER_START = b"<stream.ttl#it> tree:member "


def _members(number: int, document: bytes, versions: dict[str, tuple[str, bool]]) -> list[str]:
    """Record each member's subject, time and whether it is a tombstone in ``versions`` (the
    newest of each subject wins); the times of the fragment's members."""
    store = Store()
    store.load(document, RdfFormat.TURTLE, base_iri=_PLACEHOLDER + stream_fragment(number))
    times = []
    for quad in store.quads_for_pattern(None, _VERSION_OF, None):
        member, subject = quad.subject, term_value(quad.object)
        created = [term_value(q.object) for q in store.quads_for_pattern(member, _CREATED, None)]
        deleted = Quad(member, NamedNode(RDF_TYPE), NamedNode(AS + "Delete")) in store
        time = created[0] if created else ""
        times.append(time)
        if subject not in versions or versions[subject][0] <= time:
            versions[subject] = (time, deleted)
    return times


def next_timestamp(previous: str, changed_at: int) -> str:
    """The time of this build's versions: ``SOURCE_DATE_EPOCH`` if set (reproducible builds),
    else ``changed_at`` (when the sources last changed), to the second; and always later than
    the stream's newest timestamp, so timestamps never go backwards and two builds within a
    second still stamp their versions apart."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    now = dt.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else changed_at, dt.UTC)
    if previous:
        after = dt.datetime.strptime(previous, "%Y-%m-%dT%H:%M:%S%z") + dt.timedelta(seconds=1)
        now = max(now, after)
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


def _version_name(subject: str, base: str, timestamp: str) -> str:
    """The version's fragment identifier: the subject's path in the site (its IRI if outside),
    percent-encoded, then ``@`` and the time."""
    path = subject[len(base) :] if subject.startswith(base) else subject
    return f"{quote(path, safe='/')}@{timestamp}"


def _member(
    document: str, version: str, subject: str, triples: list[Triple], timestamp: str
) -> bytes:
    """A member's Turtle (no prefix lines): the collection names it, and its statements."""
    node = NamedNode(_PLACEHOLDER + version)
    said = [
        Triple(NamedNode(_PLACEHOLDER + STREAM_ROOT + "#it"), NamedNode(TREE + "member"), node),
        Triple(node, _VERSION_OF, NamedNode(subject)),
        Triple(node, _CREATED, Literal(timestamp, datatype=NamedNode(XSD_DATETIME))),
    ]
    if not triples:
        said.append(Triple(node, NamedNode(RDF_TYPE), NamedNode(AS + "Delete")))
    scope = hashlib.blake2b(version.encode(), digest_size=4).hexdigest()
    said += [_restated(t, NamedNode(subject), node, scope) for t in triples]
    return _body(said, document)


def _restated(triple: Triple, subject: NamedNode, version: NamedNode, scope: str) -> Triple:
    """The triple said of the version; its blank nodes made the member's own (a document's
    blank node labels are shared by all its members)."""
    said = version if triple.subject == subject else triple.subject
    return Triple(_scoped(said, scope), triple.predicate, _scoped(triple.object, scope))


def _scoped(term: Any, scope: str) -> Any:
    return BlankNode(term.value + scope) if isinstance(term, BlankNode) else term


def _fragment_document(log: StreamLog, number: int, members: list[bytes]) -> bytes:
    """A fragment: a tree:Node, the relation to the next fragment if there is one, and its
    members."""
    document = stream_fragment(number)
    node = NamedNode(_PLACEHOLDER + document)
    said = [Triple(node, NamedNode(RDF_TYPE), NamedNode(TREE + "Node"))]
    following = [f for f in log.fragments if f.number == number + 1]
    if following:
        relation = BlankNode("next")
        said += [
            Triple(node, NamedNode(TREE + "relation"), relation),
            Triple(relation, NamedNode(RDF_TYPE), NamedNode(TREE + "GreaterThanOrEqualToRelation")),
            Triple(relation, NamedNode(TREE + "node"), _stream_node(following[0].number)),
            Triple(relation, NamedNode(TREE + "path"), _CREATED),
            Triple(
                relation,
                NamedNode(TREE + "value"),
                Literal(following[0].first, datatype=NamedNode(XSD_DATETIME)),
            ),
        ]
    return _prefix_lines() + _body(said, document) + b"".join(members)


def root_document(base: str) -> bytes:
    """``ldes/stream.ttl``: the event stream (what its members are, how they are versioned)
    and its view, whose first node is ``ldes/1.ttl``."""
    stream = NamedNode(_PLACEHOLDER + STREAM_ROOT + "#it")
    view = NamedNode(_PLACEHOLDER + STREAM_ROOT)
    relation = BlankNode("first")

    def said(subject: NamedNode | BlankNode, predicate: str, obj: object) -> Triple:
        value = obj if isinstance(obj, (NamedNode, BlankNode, Literal)) else NamedNode(str(obj))
        return Triple(subject, NamedNode(predicate), value)

    triples = [
        said(stream, RDF_TYPE, LDES + "EventStream"),
        said(stream, RDFS + "label", Literal("Changes to the dataset, one version per change")),
        said(stream, LDES + "timestampPath", _CREATED),
        said(stream, LDES + "versionOfPath", _VERSION_OF),
        said(stream, LDES + "versionDeletePath", NamedNode(RDF_TYPE)),
        said(stream, LDES + "versionDeleteObject", NamedNode(AS + "Delete")),
        said(stream, TREE + "view", view),
        said(stream, DCTERMS + "isPartOf", NamedNode(f"{base}void.ttl#dataset")),
        said(view, RDF_TYPE, TREE + "Node"),
        said(view, TREE + "relation", relation),
        said(relation, RDF_TYPE, TREE + "Relation"),
        said(relation, TREE + "node", _stream_node(1)),
    ]
    return _prefix_lines() + _body(triples, STREAM_ROOT)


def _stream_node(number: int) -> NamedNode:
    return NamedNode(_PLACEHOLDER + stream_fragment(number))


def _body(triples: list[Triple], document: str) -> bytes:
    """Turtle of ``triples`` in their order, IRIs of stream documents relative to
    ``document``, without the @base and @prefix lines."""
    text = serialize(
        triples, format=RdfFormat.TURTLE, prefixes=STREAM_PREFIXES, base_iri=_PLACEHOLDER + document
    )
    return b"".join(
        line
        for line in (text or b"").splitlines(keepends=True)
        if not line.startswith((b"@prefix", b"@base"))
    )


def _prefix_lines() -> bytes:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in STREAM_PREFIXES.items()).encode()
