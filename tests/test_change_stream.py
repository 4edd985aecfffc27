"""The change stream (issue #14): a Linked Data Event Stream of every version the site published,
and an Atom feed of the events among them.

Checked with the real LDES client (npm ``ldes-client``) replicating the stream from ``serve`` on
127.0.0.1, then getting only what an edit changed; with Jena riot for the syntax of every stream
document; with rdflib for what members say (each version says what the dump says of its subject);
and with feedparser, an independent Atom parser, for the feed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, XSD

from ld_events.build import build
from ld_events.output.state import StateFolder
from ld_events.publish import stream
from tests.conftest import EXAMPLE, require, require_command
from tests.test_sparql_endpoint import serving
from tests.tools import NODE_MODULES, assert_isomorphic, riot_validate

BASE = "https://example.org/iraq-syria-2021/"
TREE = rdflib.Namespace("https://w3id.org/tree#")
LDES = rdflib.Namespace("https://w3id.org/ldes#")
AS = rdflib.Namespace("https://www.w3.org/ns/activitystreams#")
STREAM = rdflib.URIRef(BASE + "ldes/stream.ttl#it")
BIDEN = BASE + "actor/joe-biden/#it"
PARADE = "events/2021-06-hashed-al-shaabi-parade.yaml"
PARADE_EVENT = BASE + "event/2021-06-hashed-al-shaabi-parade/#it"
LDES_CLIENT = NODE_MODULES / ".bin" / "ldes-client"
EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return Path(
        shutil.copytree(EXAMPLE, tmp_path / "project", ignore=shutil.ignore_patterns("_site"))
    )


@pytest.fixture
def small_fragments(monkeypatch: pytest.MonkeyPatch) -> None:
    """40 members a fragment: the example's 102 subjects fill three."""
    monkeypatch.setattr(stream, "FRAGMENT_SIZE", 40)


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), "utf-8")


def stream_graph(site: Path) -> rdflib.Graph:
    """Every stream document, each read at its address on the site."""
    graph = rdflib.Graph()
    for path in sorted((site / "ldes").glob("*.ttl")):
        graph.parse(path, format="turtle", publicID=BASE + f"ldes/{path.name}")
    return graph


def versions(graph: rdflib.Graph) -> dict[rdflib.URIRef, list[rdflib.URIRef]]:
    """The members of the stream by the subject they are versions of, oldest first."""
    found: dict[rdflib.URIRef, list[tuple[str, rdflib.URIRef]]] = {}
    for member in graph.objects(STREAM, TREE.member):
        subject = graph.value(member, DCTERMS.isVersionOf)
        created = graph.value(member, DCTERMS.created)
        assert isinstance(subject, rdflib.URIRef)
        assert isinstance(member, rdflib.URIRef)
        assert isinstance(created, rdflib.Literal)
        assert created.datatype == XSD.dateTime
        found.setdefault(subject, []).append((str(created), member))
    return {subject: [m for _, m in sorted(pairs)] for subject, pairs in found.items()}


def restated(graph: rdflib.Graph, member: rdflib.URIRef, subject: rdflib.URIRef) -> rdflib.Graph:
    """What a version says, said of its subject again (the stream's own terms left out)."""
    out = rdflib.Graph()
    for predicate, obj in graph.predicate_objects(member):
        if predicate not in (DCTERMS.isVersionOf, DCTERMS.created):
            out.add((subject, predicate, obj))
    return out


def dump(site: Path) -> rdflib.Graph:
    return rdflib.Graph().parse(site / "dump" / "dataset.nt", format="nt")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_every_subject_has_a_version_that_says_what_the_dump_says(
    project: Path, tmp_path: Path
) -> None:
    site = build(project, tmp_path / "site").out
    graph, data = stream_graph(site), dump(site)
    found = versions(graph)
    assert set(found) == set(data.subjects()), "one member per subject of the dump"
    assert len(found) == 102
    union = rdflib.Graph()
    for subject, members in found.items():
        assert len(members) == 1
        union += restated(graph, members[0], subject)
    assert_isomorphic(data, union, "the stream's versions, as of now, and the dump")
    riot_validate(*sorted((site / "ldes").glob("*.ttl")))
    root = rdflib.Graph().parse(site / "ldes" / "stream.ttl", publicID=BASE + "ldes/stream.ttl")
    assert (STREAM, RDF.type, LDES.EventStream) in root
    assert root.value(STREAM, LDES.timestampPath) == DCTERMS.created
    assert root.value(STREAM, LDES.versionOfPath) == DCTERMS.isVersionOf
    assert root.value(STREAM, TREE.view) == rdflib.URIRef(BASE + "ldes/stream.ttl")


def test_an_edit_appends_a_member_and_rewrites_only_the_newest_fragment(
    project: Path, tmp_path: Path, small_fragments: None
) -> None:
    out = tmp_path / "site"
    build(project, out)
    first = files(out)
    fragments = sorted(name for name in first if name.startswith("ldes/") and name[5].isdigit())
    assert fragments == ["ldes/1.ttl", "ldes/2.ttl", "ldes/3.ttl"]
    check_links(stream_graph(out))

    build(project, out)
    assert files(out) == first, "a build that changed nothing appends nothing"

    edit(project, "actors/people.yaml", "label: {en: Joe Biden,", "label: {en: Joseph R. Biden,")
    build(project, out)
    second = files(out)
    changed = sorted(n for n in first if first[n] != second.get(n))
    assert [n for n in changed if n.startswith("ldes/")] == ["ldes/3.ttl"]
    graph = stream_graph(out)
    biden = versions(graph)[rdflib.URIRef(BIDEN)]
    assert len(biden) == 2
    labels = [str(graph.value(member, rdflib.RDFS.label)) for member in biden]
    assert labels == ["Joe Biden", "Joseph R. Biden"]
    assert sum(len(m) for m in versions(graph).values()) == 103
    newest = graph.value(biden[1], DCTERMS.created)
    void = rdflib.Graph().parse(out / "void.ttl")
    assert void.value(rdflib.URIRef(BASE + "void.ttl#dataset"), DCTERMS.modified) == newest
    assert newest is not None
    assert str(newest) > str(graph.value(biden[0], DCTERMS.created))

    build(project, out, full=True)
    assert files(out) == second, "a full build keeps the stream and appends nothing"


def check_links(graph: rdflib.Graph) -> None:
    """Each fragment but the newest leads to the next, at the next one's first timestamp."""
    for number in (1, 2):
        node = rdflib.URIRef(BASE + f"ldes/{number}.ttl")
        (relation,) = graph.objects(node, TREE.relation)
        assert graph.value(relation, RDF.type) == TREE.GreaterThanOrEqualToRelation
        assert graph.value(relation, TREE.node) == rdflib.URIRef(BASE + f"ldes/{number + 1}.ttl")
        assert graph.value(relation, TREE.path) == DCTERMS.created
    assert not list(graph.objects(rdflib.URIRef(BASE + "ldes/3.ttl"), TREE.relation))


def test_a_deleted_record_gets_a_tombstone_and_the_feed_says_so(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    out = tmp_path / "site"
    build(project, out)
    title = "Hashed al-Shaabi parade"
    edit(project, PARADE, "label: ", f"label: {title} (corrected) ")
    build(project, out)
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    first = feed.entries[0]
    assert first.summary.startswith("Event changed: ")
    assert first.link == BASE + "event/2021-06-hashed-al-shaabi-parade/"
    assert first.updated == "2023-11-14T22:13:21Z", "a second after the first build's time"

    (project / PARADE).unlink()
    build(project, out)
    graph = stream_graph(out)
    tombstone = versions(graph)[rdflib.URIRef(PARADE_EVENT)][-1]
    assert (tombstone, RDF.type, AS.Delete) in graph
    assert len(restated(graph, tombstone, rdflib.URIRef(PARADE_EVENT))) == 1  # its type only
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.updated == "2023-11-14T22:13:22Z"
    removed = [e for e in feed.entries if e.summary.startswith("Event removed: ")]
    assert [e.title for e in removed] == [first.title], "named as it was last published"
    pages = [link.href for link in removed[0].get("links", []) if "/event/" in link.href]
    assert not pages, "no page to link to any more"
    ids = [e.id for e in feed.entries]
    assert len(ids) == len(set(ids)) == 16 + 1 + 1


def test_the_stream_is_history_kept_beside_the_site(project: Path, tmp_path: Path) -> None:
    """Deleting the site does not lose the stream: its documents are in the state folder."""
    out = tmp_path / "site"
    build(project, out)
    before = {n: d for n, d in files(out).items() if n.startswith("ldes/")}
    shutil.rmtree(out)
    build(project, out)
    assert {n: d for n, d in files(out).items() if n.startswith("ldes/")} == before
    assert (StateFolder(out).stream / "ldes" / "1.ttl").read_bytes() == before["ldes/1.ttl"]


# -- the real client -------------------------------------------------------------------------


@pytest.fixture
def client() -> Path:
    require_command("node")
    require(LDES_CLIENT.exists(), f"ldes-client is not installed in {NODE_MODULES} (.ci/run)")
    return LDES_CLIENT


def ldes_client(client: Path, url: str, state: Path, *options: str) -> rdflib.Graph:
    """Run the client to the end of the stream; the members it printed, as one graph."""
    command = [str(client), url, "--save", str(state), *options]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    # N-Triples but for numbers, which it writes bare as Turtle does
    return rdflib.Graph().parse(data=done.stdout, format="turtle")


@pytest.fixture
def served_site(project: Path, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    out = tmp_path / "site"
    build(project, out)
    with serving(out) as root:
        yield out, root


def test_ldes_client_replicates_the_stream_then_gets_only_what_changed(
    client: Path, project: Path, served_site: tuple[Path, str], tmp_path: Path
) -> None:
    out, root = served_site
    state = tmp_path / "client-state"
    members = ldes_client(client, root + "ldes/stream.ttl", state)
    subjects = set(members.objects(None, DCTERMS.isVersionOf))
    assert subjects == set(dump(out).subjects()), "every record of the site"
    assert len(set(members.subjects(DCTERMS.isVersionOf, None))) == 102

    edit(project, "actors/people.yaml", "label: {en: Joe Biden,", "label: {en: Joseph R. Biden,")
    assert build(project, out).incremental
    again = ldes_client(client, root + "ldes/stream.ttl", state)
    (version,) = set(again.subjects(DCTERMS.isVersionOf, None))
    assert again.value(version, DCTERMS.isVersionOf) == rdflib.URIRef(BIDEN)
    assert str(again.value(version, rdflib.RDFS.label)) == "Joseph R. Biden"
    assert str(version).startswith(root + "ldes/"), "read where the site is served"


def test_a_lost_state_appends_new_versions_and_keeps_the_published_fragments(
    project: Path, tmp_path: Path, small_fragments: None
) -> None:
    out = tmp_path / "site"
    build(project, out)
    before = files(out)
    StateFolder(out).remove()
    build(project, out)
    after = files(out)
    assert after["ldes/1.ttl"] == before["ldes/1.ttl"]
    assert after["ldes/2.ttl"] == before["ldes/2.ttl"]
    graph = stream_graph(out)
    found = versions(graph)
    assert {len(members) for members in found.values()} == {2}, "a new version of each"
    for subject, (old, new) in found.items():
        assert_isomorphic(
            restated(graph, old, subject), restated(graph, new, subject), f"{subject}"
        )


def test_blank_nodes_are_in_their_subjects_versions_and_the_same_data_is_the_same_version(
    project: Path, tmp_path: Path
) -> None:
    """Blank nodes get new labels every time the sources are read: a version is compared by
    what they say, so building the same files again appends nothing."""
    someone = BASE + "actor/someone/#it"
    (project / "actors" / "someone.ttl").write_text(
        "@prefix lde: <https://w3id.org/ld-events/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix schema: <http://schema.org/> .\n"
        f'<{someone}> a lde:Person ; rdfs:label "Someone"@en ;\n'
        '  schema:address [ schema:addressLocality "Erbil" ; schema:addressCountry "IQ" ] .\n',
        "utf-8",
    )
    out = tmp_path / "site"
    build(project, out)
    first = files(out)
    graph = stream_graph(out)
    (version,) = versions(graph)[rdflib.URIRef(someone)]
    address = graph.value(version, rdflib.URIRef("http://schema.org/address"))
    assert isinstance(address, rdflib.BNode)
    assert str(graph.value(address, rdflib.URIRef("http://schema.org/addressLocality"))) == "Erbil"
    build(project, out)
    stream_files = [name for name in first if name.startswith("ldes/")]
    assert {n: files(out)[n] for n in stream_files} == {n: first[n] for n in stream_files}
