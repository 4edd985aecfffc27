"""The built site, checked with tools nobody here wrote.

The example is built once per session (the ``example_site`` fixture). Expected pages are
enumerated from the exported graph, not from the build's own catalogue. Jena riot, pyld, the
Nu HTML Checker, linkchecker and headless Chromium judge the output.
"""

from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, VOID
from typer.testing import CliRunner

from ld_events.build import build
from ld_events.cli import app
from ld_events.config import load_config
from ld_events.layout import STATIC
from tests.conftest import EXAMPLE, FIXTURES
from tests.tools import (
    assert_isomorphic,
    dump_dom,
    linkchecker,
    riot_validate,
    serve_folder,
    vnu_messages,
    world_readable_tempdir,
)

LDE = rdflib.Namespace("https://w3id.org/ld-events/ns#")
ACT = rdflib.Namespace("https://w3id.org/ld-events/action#")
CAMEO = rdflib.Namespace("https://w3id.org/ld-events/cameo#")
SCHEMA = "http://schema.org/"
CONFIG = load_config(EXAMPLE)
BASE = CONFIG.base
CONTEXT_URL = BASE + "context.jsonld"
STRIKE = "event/2021-06-27-us-air-strikes-iraq-syria-border/"
#: Record classes whose things get a page, by the folder of the page.
KIND_CLASSES = {
    "event": (LDE.Event, LDE.EventSeries, LDE.Statement),
    "actor": (LDE.Actor, LDE.Person, LDE.Organization, LDE.Group),
    "place": (LDE.Place,),
    "source": (LDE.Source,),
}
#: The SKOS schemes of action types and purposes: their concepts get a page under type/.
TYPE_SCHEMES = (ACT.scheme, ACT.purposes)
#: A local stand-in for the schema.org context, because the network is closed here. It maps
#: every term into the schema.org vocabulary, which is what the real context does for the
#: terms the pages use; it omits the real context's type coercions (not needed to expand).
SCHEMA_ORG_STAND_IN = {"@context": {"@vocab": SCHEMA}}
SCRIPT_LABEL = "</script><script>alert(1)</script>"
QUOTES_LABEL = '"quotes" & <tags>'
runner = CliRunner()


# -- helpers ---------------------------------------------------------------------------------


def document_loader(site: Path) -> Any:
    """A pyld loader: the site's own context for its context URL, a stand-in for schema.org."""

    def load(url: str, options: dict[str, Any]) -> dict[str, Any]:
        if url == CONTEXT_URL:
            document = json.loads((site / "context.jsonld").read_text(encoding="utf-8"))
        elif url.rstrip("/") in ("https://schema.org", "http://schema.org"):
            document = SCHEMA_ORG_STAND_IN
        else:
            raise AssertionError(f"unexpected remote document {url}")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


def jsonld_graph(document: Any, site: Path, url: str | None = None) -> rdflib.Graph:
    """The graph of a JSON-LD document read from ``url`` (its relative context resolves there)."""
    options = {"format": "application/n-quads", "documentLoader": document_loader(site)}
    if url is not None:
        options["base"] = url
    return rdflib.Graph().parse(data=jsonld.to_rdf(document, options), format="nt")


def never_load(url: str, options: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError(f"a standalone JSON-LD file fetched {url}")


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def thing_of(folder: str) -> str:
    """The IRI a page folder is about: ``type/x/`` -> ``act:x``, ``cameo/195/`` -> ``cameo:195``,
    else ``{base}{folder}#it``."""
    if folder.startswith("type/"):
        return str(ACT) + folder.split("/")[1]
    if folder.startswith("cameo/"):
        return str(CAMEO) + folder.split("/")[1]
    return BASE + folder + "#it"


def page_folder(iri: str) -> str:
    """``{base}event/x/#it`` -> ``event/x/``."""
    assert iri.startswith(BASE), iri
    assert iri.endswith("/#it"), iri
    return iri.removeprefix(BASE).removesuffix("#it")


@dataclass
class Script:
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class PageParser(HTMLParser):
    """The script elements of a page, and the text of its h1 and of its links."""

    scripts: list[Script] = field(default_factory=list)
    h1: str = ""
    links: list[str] = field(default_factory=list)
    _open: str | None = None

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.scripts.append(Script(dict(attrs)))
        if tag == "a":
            self.links.append("")
        if tag in ("script", "h1", "a"):
            self._open = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            self.scripts[-1].text += data
        elif self._open == "h1":
            self.h1 += data
        elif self._open == "a":
            self.links[-1] += data


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def json_ld_scripts(page: PageParser) -> list[Script]:
    return [s for s in page.scripts if s.attrs.get("type") == "application/ld+json"]


# -- fixtures --------------------------------------------------------------------------------


def _export(tmp: Path, fmt: str, *extra: str) -> Path:
    out = tmp / f"export-{'-'.join(extra) or 'data'}.{fmt}"
    result = runner.invoke(
        app, ["export", str(EXAMPLE), "--format", fmt, "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    """``ld-events export`` of the example's data (no vocabularies)."""
    path = _export(tmp_path_factory.mktemp("export"), "ttl")
    return rdflib.Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def exported_with_vocabularies(tmp_path_factory: pytest.TempPathFactory) -> rdflib.Graph:
    path = _export(tmp_path_factory.mktemp("export"), "ttl", "--vocabularies")
    return rdflib.Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def expected_pages(exported_with_vocabularies: rdflib.Graph) -> dict[str, set[str]]:
    """Page folders by kind, from the exported graph: ``{"event": {"event/x/", ...}, ...}``."""
    graph = exported_with_vocabularies
    pages: dict[str, set[str]] = {}
    for kind, classes in KIND_CLASSES.items():
        things = {str(s) for c in classes for s in graph.subjects(RDF.type, c)}
        pages[kind] = {page_folder(iri) for iri in things}
    concepts = {str(c) for scheme in TYPE_SCHEMES for c in graph.subjects(SKOS.inScheme, scheme)}
    pages["type"] = {"type/" + c.removeprefix(str(ACT)) + "/" for c in concepts}
    codes = {str(c) for c in graph.subjects(SKOS.inScheme, CAMEO.scheme)}
    pages["cameo"] = {"cameo/" + c.removeprefix(str(CAMEO)) + "/" for c in codes}
    return pages


@pytest.fixture(scope="module")
def escaping_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("escaping") / "site"
    build(FIXTURES / "site-escaping", out)
    return out


# -- every resource has a page and its data --------------------------------------------------


def test_every_resource_has_a_page_and_its_data(
    example_site: Path, expected_pages: dict[str, set[str]]
) -> None:
    assert len(expected_pages["event"]) >= 8
    assert STRIKE in expected_pages["event"]
    assert all(expected_pages.values()), expected_pages
    missing = [
        folder + name
        for folders in expected_pages.values()
        for folder in sorted(folders)
        for name in ("index.html", "data.ttl", "data.nt", "data.jsonld")
        if not (example_site / folder / name).is_file()
    ]
    assert not missing, missing
    for kind, folders in expected_pages.items():
        built = {f"{kind}/{p.name}/" for p in (example_site / kind).iterdir() if p.is_dir()}
        assert built == folders, f"{kind}: unexpected {built - folders}"


def test_riot_validates_every_turtle_and_ntriples_file(example_site: Path) -> None:
    paths = sorted([*example_site.rglob("*.ttl"), *example_site.rglob("*.nt")])
    names = {p.relative_to(example_site).as_posix() for p in paths}
    assert {"void.ttl", "dump/dataset.ttl", f"{STRIKE}data.ttl", f"{STRIKE}data.nt"} <= names
    riot_validate(*paths)


def test_resource_json_ld_is_its_turtle(
    example_site: Path, expected_pages: dict[str, set[str]]
) -> None:
    for folder in sorted(set().union(*expected_pages.values())):
        data = example_site / folder
        document = read_json(data / "data.jsonld")
        # Relative, so the document reads wherever the site is: here it is the published URL.
        assert document["@context"] == "../../context.jsonld", folder
        turtle = rdflib.Graph().parse(data / "data.ttl", format="turtle")
        assert len(turtle) > 0, folder
        from_jsonld = jsonld_graph(document, example_site, BASE + folder + "data.jsonld")
        assert_isomorphic(turtle, from_jsonld, f"{folder}data.*")


def test_home_page_states_the_span_of_the_data(example_site: Path, exported: rdflib.Graph) -> None:
    """'Events from <earliest start> to <latest end>.', both days, from the exported times."""
    spans = list(exported.objects(None, LDE.time))
    starts = [str(d) for t in spans for d in exported.objects(t, LDE.earliestStart)]
    ends = [str(d) for t in spans for d in exported.objects(t, LDE.latestEnd)]
    first, last = date.fromisoformat(min(starts)[:10]), date.fromisoformat(max(ends)[:10])
    expected = f"Events from {first.day} {first:%B %Y} to {last.day} {last:%B %Y}."
    html = (example_site / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert expected in text, re.findall(r"Events from [^.]*\.", text)


# -- embedded schema.org JSON-LD -------------------------------------------------------------


def test_embedded_json_ld_parses_and_expands(
    example_site: Path, expected_pages: dict[str, set[str]]
) -> None:
    resource_pages = {f + "index.html" for f in set().union(*expected_pages.values())}
    loader = document_loader(example_site)
    seen = 0
    for path in html_pages(example_site):
        relative = path.relative_to(example_site).as_posix()
        scripts = json_ld_scripts(parse_page(path.read_text(encoding="utf-8")))
        if relative in resource_pages:
            assert len(scripts) == 1, f"{relative}: {len(scripts)} JSON-LD scripts"
        for script in scripts:
            data = json.loads(script.text)
            assert data["@context"] == "https://schema.org", relative
            expanded = jsonld.expand(data, {"documentLoader": loader})
            assert len(expanded) == 1, relative
            assert expanded[0]["@id"] == thing_of(relative.removesuffix("index.html"))
            assert expanded[0]["@type"], relative
            assert expanded[0][SCHEMA + "name"], relative
            seen += 1
    assert seen >= len(resource_pages)


def schema_nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every node object with an @id in a schema.org JSON-LD value, nested ones too."""
    if isinstance(value, dict):
        if "@id" in value:
            yield value
        for inner in value.values():
            yield from schema_nodes(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from schema_nodes(inner)


def test_a_resource_has_one_schema_org_type_on_every_page(example_site: Path) -> None:
    """John Kirby is a Person on his page and on the statements that name him."""
    types: dict[str, set[str]] = {}
    for path in html_pages(example_site):
        for script in json_ld_scripts(parse_page(path.read_text(encoding="utf-8"))):
            for node in schema_nodes(json.loads(script.text)):
                if "@type" in node:
                    types.setdefault(node["@id"], set()).add(node["@type"])
    assert len(types) > 50
    mixed = {iri: kinds for iri, kinds in types.items() if len(kinds) > 1}
    assert not mixed
    assert types[BASE + "actor/john-kirby/#it"] == {"Person"}


def test_event_page_describes_a_schema_org_event(
    example_site: Path, exported: rdflib.Graph
) -> None:
    series = {str(s) for s in exported.subjects(RDF.type, LDE.EventSeries)}
    assert series
    for folder in sorted((example_site / "event").iterdir()):
        script = json_ld_scripts(parse_page((folder / "index.html").read_text(encoding="utf-8")))
        expanded = jsonld.expand(
            json.loads(script[0].text), {"documentLoader": document_loader(example_site)}
        )[0]
        kind = "EventSeries" if expanded["@id"] in series else "Event"
        assert expanded["@type"] == [SCHEMA + kind], folder.name
    html = (example_site / STRIKE / "index.html").read_text(encoding="utf-8")
    data = json.loads(json_ld_scripts(parse_page(html))[0].text)
    event = jsonld.expand(data, {"documentLoader": document_loader(example_site)})[0]
    assert event["@type"] == [SCHEMA + "Event"]
    assert event[SCHEMA + "name"][0]["@value"].startswith("US air strikes")
    assert event[SCHEMA + "startDate"] == [{"@value": "2021-06-27"}]
    places = [p for location in event[SCHEMA + "location"] for p in location[SCHEMA + "name"]]
    assert {p["@value"] for p in places} == {"Iraq–Syria border region"}


# -- HTML and links --------------------------------------------------------------------------


def test_nu_html_checker_finds_no_errors(example_site: Path) -> None:
    messages = vnu_messages(example_site)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]

    def show(m: dict[str, Any]) -> str:
        where = m.get("url", "").removeprefix(example_site.as_uri())
        return f"{where}:{m.get('lastLine', '?')}: {m['type']}: {m['message']}"

    if errors:
        warnings = [m for m in messages if m not in errors]
        lines = [f"{len(errors)} errors:", *map(show, errors[:50])]
        lines += [f"{len(warnings)} warnings and notes:", *map(show, warnings[:50])]
        pytest.fail("\n".join(lines))


def test_linkchecker_finds_no_broken_internal_link(example_site: Path) -> None:
    with world_readable_tempdir() as scratch, serve_folder(example_site) as url:
        done = linkchecker(url, scratch)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


# -- escaping --------------------------------------------------------------------------------


def test_hostile_labels_are_escaped_in_html(escaping_site: Path) -> None:
    pages = html_pages(escaping_site)
    for path in pages:
        html = path.read_text(encoding="utf-8")
        relative = path.relative_to(escaping_site)
        assert "</script><script>" not in html, relative
        assert "alert(1)</script>" not in html, relative
        assert "<tags>" not in html, relative
        scripts = parse_page(html).scripts
        # JSON-LD, or the site's own scripts (static/), never inline code.
        for script in scripts:
            if script.attrs.get("type") == "application/ld+json":
                continue
            source = str(script.attrs.get("src"))
            assert source.endswith(".js"), relative
            assert f"{STATIC}/" in source, relative
            assert not script.text.strip(), relative
    event = (escaping_site / "event/2021-06-27-event/index.html").read_text(encoding="utf-8")
    actor = (escaping_site / "actor/script-actor/index.html").read_text(encoding="utf-8")
    assert parse_page(event).h1.strip() == QUOTES_LABEL
    assert SCRIPT_LABEL in parse_page(event).links
    assert parse_page(actor).h1.strip() == SCRIPT_LABEL
    for html, label in ((actor, SCRIPT_LABEL), (event, QUOTES_LABEL)):
        (script,) = json_ld_scripts(parse_page(html))
        assert "<" not in script.text
        assert json.loads(script.text)["name"] == label
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in actor
    assert "\\u003ctags\\u003e" in event


@pytest.mark.parametrize(
    ("folder", "label"),
    [("event/2021-06-27-event/", QUOTES_LABEL), ("actor/script-actor/", SCRIPT_LABEL)],
    ids=["event", "actor"],
)
def test_hostile_labels_reach_the_data_intact(escaping_site: Path, folder: str, label: str) -> None:
    thing = rdflib.URIRef("https://example.org/escaping/" + folder + "#it")
    expected = rdflib.Literal(label, lang="en")
    turtle = rdflib.Graph().parse(escaping_site / folder / "data.ttl", format="turtle")
    assert list(turtle.objects(thing, RDFS.label)) == [expected]
    document = read_json(escaping_site / folder / "data.jsonld")
    options = {
        "format": "application/n-quads",
        "documentLoader": _escaping_loader(escaping_site),
        "base": f"https://example.org/escaping/{folder}data.jsonld",
    }
    from_jsonld = rdflib.Graph().parse(data=jsonld.to_rdf(document, options), format="nt")
    assert list(from_jsonld.objects(thing, RDFS.label)) == [expected]


def _escaping_loader(site: Path) -> Any:
    def load(url: str, options: dict[str, Any]) -> dict[str, Any]:
        assert url == "https://example.org/escaping/context.jsonld", url
        document = read_json(site / "context.jsonld")
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


def test_chromium_shows_hostile_labels_as_text(escaping_site: Path) -> None:
    dom = dump_dom((escaping_site / "event/2021-06-27-event/index.html").as_uri())
    page = parse_page(dom)
    assert page.h1.strip() == QUOTES_LABEL
    assert SCRIPT_LABEL in page.links
    data = [s for s in page.scripts if s.attrs.get("type") == "application/ld+json"]
    assert len(data) == 1, [s.attrs for s in page.scripts]
    assert all(is_data_or_search(s) for s in page.scripts), [s.attrs for s in page.scripts]
    assert json.loads(data[0].text)["name"] == QUOTES_LABEL


def is_data_or_search(script: Script) -> bool:
    """The only scripts of a page: its JSON-LD, and the site's own search (static/search.js)."""
    if script.attrs.get("type") == "application/ld+json":
        return True
    source = script.attrs.get("src") or ""
    return source.endswith("static/search.js") and not script.text.strip()


# -- sitemap, robots.txt, VoID, dumps --------------------------------------------------------


def test_sitemap_lists_every_page(example_site: Path) -> None:
    tree = ET.parse(example_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = [loc.text or "" for loc in tree.getroot().findall("s:url/s:loc", ns)]
    pages = {
        BASE + p.relative_to(example_site).as_posix().removesuffix("index.html")
        for p in example_site.rglob("index.html")
    }
    assert len(listed) == len(set(listed))
    assert set(listed) == pages
    assert all(url.startswith(BASE) for url in listed)


def test_robots_txt_names_the_sitemap(example_site: Path) -> None:
    lines = (example_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def test_void_describes_the_dumps(example_site: Path) -> None:
    void = rdflib.Graph().parse(example_site / "void.ttl", format="turtle")
    dataset = rdflib.URIRef(BASE + "void.ttl#dataset")
    dump = rdflib.Graph().parse(
        data=gzip.decompress((example_site / "dump/dataset.nt.gz").read_bytes()), format="nt"
    )
    assert void.value(dataset, VOID.triples).toPython() == len(dump)  # type: ignore[union-attr]
    dumps = {str(d) for d in void.objects(dataset, VOID.dataDump)}
    files = ("dump/dataset.ttl", "dump/dataset.nt", "dump/dataset.nt.gz", "dump/dataset.jsonld")
    assert dumps == {BASE + name for name in files}
    assert all((example_site / name).is_file() for name in files)
    assert list(void.objects(dataset, DCTERMS.license)) == [rdflib.URIRef(CONFIG.license)]


def test_dumps_are_the_exported_graph(example_site: Path, exported: rdflib.Graph) -> None:
    dump = example_site / "dump"
    turtle = rdflib.Graph().parse(dump / "dataset.ttl", format="turtle")
    ntriples = rdflib.Graph().parse(
        data=gzip.decompress((dump / "dataset.nt.gz").read_bytes()), format="nt"
    )
    document = read_json(dump / "dataset.jsonld")
    assert document["@context"] == read_json(example_site / "context.jsonld")["@context"]
    options = {"format": "application/n-quads", "documentLoader": never_load}
    from_jsonld = rdflib.Graph().parse(data=jsonld.to_rdf(document, options), format="nt")
    assert len(exported) > 400
    assert_isomorphic(exported, turtle, "export vs dump/dataset.ttl")
    assert_isomorphic(turtle, ntriples, "dump/dataset.ttl vs dump/dataset.nt.gz")
    assert_isomorphic(turtle, from_jsonld, "dump/dataset.ttl vs dump/dataset.jsonld")
