"""Datasets that link (``links:`` in ld-events.yaml): examples/linked-story names actors and
places of examples/iraq-syria-2021 by their IRIs.

Linked resources are known (no dangling reference, and the shapes see their classes), pages
show their labels and link out to their IRIs, and nothing of the other project is republished.
A link is a project folder, or a dump (a file or a URL) with its base; a bad one is an
``unreadable-link`` or a config error at its line of ld-events.yaml, exit 2.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from ld_events.build import build
from ld_events.cli import app
from ld_events.config import load_config
from ld_events.project import load_project
from ld_events.validation.validate import Engine
from tests.conftest import EXAMPLE, REPO
from tests.tools import rapper_count, serve_folder

STORY = REPO / "examples" / "linked-story"
STRIKES = "https://example.org/iraq-syria-2021/"
STORY_BASE = "https://example.org/syria-rockets-2021/"
US_MILITARY = STRIKES + "actor/us-military/#it"
COALITION = STRIKES + "actor/international-coalition/#it"
SYRIA = STRIKES + "place/syria/#it"
runner = CliRunner()


class _Links(HTMLParser):
    """Every link of a page: (href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href"), []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def page_links(page: Path) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture
def projects(tmp_path: Path) -> Path:
    """Both examples side by side, as in examples/ (the link is ../iraq-syria-2021)."""
    shutil.copytree(EXAMPLE, tmp_path / "iraq-syria-2021")
    shutil.copytree(STORY, tmp_path / "linked-story")
    return tmp_path


@pytest.fixture(scope="module")
def story_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("story") / "site"
    build(STORY, out)
    return out


def set_links(project: Path, entries: str) -> None:
    """Replace the project's links: with ``entries`` (YAML lines of the list)."""
    config = project / "ld-events.yaml"
    text = config.read_text(encoding="utf-8").split("\nlinks:")[0] + "\n"
    config.write_text(text + ("links:\n" + entries if entries else ""), encoding="utf-8")


def codes(project: Path) -> list[str]:
    return [d.code for d in load_project(project).report.sorted()]


# -- known, not dangling -----------------------------------------------------------------------


def test_the_linked_story_validates_without_dangling_references() -> None:
    report = load_project(STORY).report
    assert report.errors == 0, report.to_text()
    assert "dangling-reference" not in report.codes()


def test_pyshacl_sees_the_linked_resources_too() -> None:
    """The reference engine gets the linked graph as well, and gives the same results."""
    report = load_project(STORY, Engine.PYSHACL).report
    assert [d.code for d in report.sorted()] == ["missing-publisher"]


def test_without_the_link_the_references_dangle(projects: Path) -> None:
    story = projects / "linked-story"
    set_links(story, "")
    dangling = [d for d in load_project(story).report.sorted() if d.code == "dangling-reference"]
    # target, agent, place of the two events; onBehalfOf of the statement; memberOf; within:
    # six references to three missing records, each reported once with the others' places
    assert sorted(d.value or "" for d in dangling) == sorted([US_MILITARY, COALITION, SYRIA])
    assert sum(1 + len(d.related) for d in dangling) == 6
    for d in dangling:
        assert f"is named {1 + len(d.related)} times: here, " in d.message or not d.related


def test_the_shapes_see_the_linked_resources_classes(projects: Path) -> None:
    """Syria is a place of the linked project: as an agent it is no actor, however known."""
    story = projects / "linked-story"
    events = story / "events" / "2021-06-28-rocket-attack-us-forces-syria.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace(f"agent: {US_MILITARY}", f"agent: {SYRIA}"), encoding="utf-8")
    found = [d for d in load_project(story).report.sorted() if d.code == "dangling-reference"]
    assert [(d.focus, d.value) for d in found] == [
        (STORY_BASE + "event/2021-06-28-us-counter-battery-fire/#it", SYRIA)
    ]
    line = text.splitlines().index(f"agent: {US_MILITARY}") + 1
    assert found[0].location.line == line


def test_a_mistyped_linked_iri_dangles_with_a_hint(projects: Path) -> None:
    story = projects / "linked-story"
    actor = story / "actors" / "wayne-marotto.yaml"
    actor.write_text(
        actor.read_text(encoding="utf-8").replace(
            "international-coalition", "internationl-coalition"
        ),
        encoding="utf-8",
    )
    found = [d for d in load_project(story).report.sorted() if d.code == "dangling-reference"]
    assert len(found) == 1
    assert "did you mean" in found[0].message
    assert "international-coalition" in found[0].message


def test_the_linked_resources_are_not_validated_here(projects: Path) -> None:
    """A linked project's own problems are its own: a label missing there is not reported
    here (only what this project's data says is checked)."""
    people = projects / "iraq-syria-2021" / "actors" / "people.yaml"
    people.write_text(
        people.read_text(encoding="utf-8").replace("label: {en: Joe Biden, ar: جو بايدن}\n", ""),
        encoding="utf-8",
    )
    assert "missing-label" in codes(projects / "iraq-syria-2021")
    assert codes(projects / "linked-story") == ["missing-publisher"]


# -- the built site ----------------------------------------------------------------------------


def document(iri: str) -> str:
    """The document of a thing's IRI, which the other site answers."""
    assert iri.endswith("/#it")
    return iri.removesuffix("#it")


def test_pages_show_the_linked_labels_and_link_to_their_documents(story_site: Path) -> None:
    fire = story_site / "event" / "2021-06-28-us-counter-battery-fire" / "index.html"
    links = page_links(fire)
    assert (document(US_MILITARY), "US military forces") in links
    assert (document(SYRIA), "Syria") in links
    marotto = page_links(story_site / "actor" / "wayne-marotto" / "index.html")
    assert (document(COALITION), "International coalition against Islamic State") in marotto
    oil_field = page_links(story_site / "place" / "al-omar-oil-field" / "index.html")
    assert (document(SYRIA), "Syria") in oil_field


def test_the_linked_project_is_not_republished(story_site: Path) -> None:
    assert not (story_site / "actor" / "us-military").exists()
    assert not (story_site / "place" / "syria").exists()
    actors = page_links(story_site / "actors" / "index.html")
    assert not [href for href, _ in actors if href.startswith(STRIKES)]
    dump = story_site / "dump" / "dataset.ttl"
    assert rapper_count(dump) > 0
    graph = rdflib.Graph().parse(dump, format="turtle")
    subjects = {str(s) for s in graph.subjects()}
    assert subjects
    assert all(s.startswith(STORY_BASE) for s in subjects), sorted(subjects)[:5]
    # the story names the other project's resources, and says nothing about them
    objects = {str(o) for o in graph.objects()}
    assert {US_MILITARY, COALITION, SYRIA} <= objects
    assert not list(graph.triples((rdflib.URIRef(US_MILITARY), None, None)))
    nt = (story_site / "dump" / "dataset.nt").read_text(encoding="utf-8")
    assert "US military forces" not in nt


def test_a_changed_linked_label_rebuilds_the_pages(projects: Path, tmp_path: Path) -> None:
    story, out = projects / "linked-story", tmp_path / "site"
    build(story, out)
    states = projects / "iraq-syria-2021" / "actors" / "us-government.yaml"
    states.write_text(
        states.read_text(encoding="utf-8").replace(
            "label: US military forces", "label: United States Armed Forces"
        ),
        encoding="utf-8",
    )
    result = build(story, out)
    assert not result.incremental
    assert result.full_reason == "the linked datasets (links:) changed"
    page = out / "event" / "2021-06-28-us-counter-battery-fire" / "index.html"
    assert (document(US_MILITARY), "United States Armed Forces") in page_links(page)


# -- dumps: files and URLs ---------------------------------------------------------------------


@pytest.mark.parametrize("dump", ["dataset.ttl", "dataset.nt", "dataset.nt.gz", "dataset.jsonld"])
def test_a_published_dump_links_like_the_project(
    projects: Path, example_site: Path, dump: str
) -> None:
    story = projects / "linked-story"
    shutil.copy(example_site / "dump" / dump, story / dump)
    set_links(story, f"  - dump: {dump}\n    base: {STRIKES}\n")
    shutil.rmtree(projects / "iraq-syria-2021")  # the dump alone
    assert codes(story) == ["missing-publisher"]


def test_a_dump_by_url(projects: Path, example_site: Path) -> None:
    story = projects / "linked-story"
    shutil.rmtree(projects / "iraq-syria-2021")
    with serve_folder(example_site) as root:
        set_links(story, f"  - dump: {root}dump/dataset.nt.gz\n    base: {STRIKES}\n")
        assert codes(story) == ["missing-publisher"]
        set_links(story, f"  - dump: {root}dump/dataset.ttl\n    base: {STRIKES}\n")
        assert codes(story) == ["missing-publisher"]
        set_links(story, f"  - dump: {root}dump/nothing-here.ttl\n    base: {STRIKES}\n")
        report = load_project(story).report
    problems = [d for d in report.sorted() if d.code == "unreadable-link"]
    assert len(problems) == 1
    assert problems[0].location.path == "ld-events.yaml"
    assert "HTTP 404" in problems[0].message


# -- bad links: located, exit 2, no traceback ------------------------------------------------------


def test_bad_link_entries_are_reported_at_their_lines(projects: Path) -> None:
    story = projects / "linked-story"
    (story / "broken.ttl").write_text("<a> <b> .\n", encoding="utf-8")
    (story / "not-gzip.nt.gz").write_text("plain text", encoding="utf-8")
    set_links(
        story,
        "  - project: ../nowhere\n"
        "  - dump: missing.ttl\n"
        f"    base: {STRIKES}\n"
        "  - dump: broken.ttl\n"
        "    base: https://example.org/broken/\n"
        "  - dump: not-gzip.nt.gz\n"
        "    base: https://example.org/other/\n"
        "  - project: .\n",
    )
    result = runner.invoke(app, ["validate", str(story)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    lines = (story / "ld-events.yaml").read_text(encoding="utf-8").splitlines()
    expected = {
        "  - project: ../nowhere": "no such folder",
        "  - dump: missing.ttl": "no such file",
        "  - dump: broken.ttl": "not valid turtle",
        "  - dump: not-gzip.nt.gz": "not gzip data",
        "  - project: .": "this project itself",
    }
    for entry, problem in expected.items():
        line = lines.index(entry) + 1
        pattern = rf"ld-events\.yaml:{line}:\d+: error\[unreadable-link\]: .*{re.escape(problem)}"
        assert re.search(pattern, result.output), (entry, result.output)


@pytest.mark.parametrize(
    ("entries", "code", "problem"),
    [
        ("  - dump: other.ttl\n", "missing-setting", "missing links setting 'base'"),
        ("  - {projct: x}\n", "unknown-setting", "did you mean 'project'"),
        ("  - dump: other.csv\n    base: https://example.org/x/\n", "bad-setting", ".nt.gz"),
        (
            "  - dump: o.ttl\n    base: https://example.org/syria-rockets-2021/a/\n",
            "bad-setting",
            "overlaps",
        ),
        ("  - dump: o.ttl\n    base: not-an-iri\n", "bad-setting", "ending in '/'"),
        ("  - project: ../a\n    dump: b.ttl\n", "bad-setting", "not both"),
        ("  - project: ../a\n    base: https://example.org/x/\n", "bad-setting", "remove 'base'"),
        ("  - just a string\n", "bad-setting", "must be a mapping"),
    ],
)
def test_bad_link_settings_are_config_errors(
    projects: Path, entries: str, code: str, problem: str
) -> None:
    story = projects / "linked-story"
    set_links(story, entries)
    result = runner.invoke(app, ["validate", str(story)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert re.search(
        rf"ld-events\.yaml:1[45]:\d+: error\[{code}\]: .*{re.escape(problem)}", result.output
    ), result.output


def test_a_link_is_read_from_the_config() -> None:
    links = load_config(STORY).links
    assert [(link.project, link.where.line) for link in links] == [("../iraq-syria-2021", 14)]


def test_a_linked_project_that_cannot_be_read_is_named_at_the_link(projects: Path) -> None:
    strikes, story = projects / "iraq-syria-2021", projects / "linked-story"
    (strikes / "events" / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    problems = [d for d in load_project(story).report.sorted() if d.severity == "error"]
    assert [(d.code, str(d.location)) for d in problems] == [
        ("unreadable-link", "ld-events.yaml:14:5")
    ]
    assert "events/bad.yaml:" in problems[0].message
    assert "invalid-yaml" in problems[0].message
    edit = strikes / "ld-events.yaml"
    edit.write_text(edit.read_text(encoding="utf-8").replace("base: ", "bas: "), encoding="utf-8")
    problems = [d for d in load_project(story).report.sorted() if d.severity == "error"]
    assert [d.code for d in problems] == ["unreadable-link"]
    assert "its ld-events.yaml: missing required setting 'base'" in problems[0].message
