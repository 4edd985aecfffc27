"""No page grows with the data (issue #13): long lists are split into pages that link each other.

A generated project where one actor and one place have :data:`EVENTS` events each, and every
event a second actor of its own (so the list of actors is longer than a page): every HTML page
stays under 200 KB, the busy actor's and place's events and the list of actors are split into
pages whose "Next" links lead from the first to the last and "Previous" back, which together
list each event (each actor) exactly once, and linkchecker finds no broken link.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from ld_events.build import build
from ld_events.layout import KIND_BY_NAME
from ld_events.output.state import StateFolder
from ld_events.publish.basemap import MAX_MARKERS, Marker
from ld_events.publish.listings import LIST_PAGE_SIZE
from ld_events.publish.maps import bounded_clusters, cluster
from tests.test_incremental import differences, tree
from tests.tools import linkchecker, serve_folder, world_readable_tempdir

EVENTS = 1000
#: The bound of issue #13: no page over 200 KB of HTML, whatever the size of the data.
MAX_PAGE = 200_000
CONFIG = """title: Many events
base: https://example.org/many/
license: https://creativecommons.org/licenses/by/4.0/
search: false
"""


def write_many(project: Path, count: int = EVENTS) -> None:
    """``count`` events of ``busy`` at ``busy-town``, each with an actor of its own."""
    for folder in ("events", "actors", "places"):
        (project / folder).mkdir(parents=True)
    (project / "ld-events.yaml").write_text(CONFIG, "utf-8")
    places = (
        "id: land\ntype: Place\nlabel: Land\nplaceType: country\n---\n"
        "id: busy-town\ntype: Place\nlabel: Busy Town\nplaceType: city\n"
        "lat: 33.3\nlong: 44.4\nwithin: land\n"
    )
    (project / "places" / "places.yaml").write_text(places, "utf-8")
    actors = ["id: busy\ntype: Group\nlabel: The Busy Group\n"]
    events = []
    first = dt.date(2015, 1, 1)
    for n in range(count):
        actors.append(f"id: actor-{n:04d}\ntype: Person\nlabel: Person {n:04d}\n")
        day = first + dt.timedelta(days=3 * n)
        events.append(
            f"id: event-{n:04d}\ntype: Event\nlabel: Protest number {n:04d}\n"
            f"actionType: protest\nagent: [busy, actor-{n:04d}]\nplace: busy-town\ntime: {day}\n"
        )
    (project / "actors" / "actors.yaml").write_text("---\n".join(actors), "utf-8")
    (project / "events" / "events.yaml").write_text("---\n".join(events), "utf-8")


@pytest.fixture(scope="module")
def many_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("many")
    work.chmod(0o755)
    write_many(work / "project")
    build(work / "project", work / "site")
    return work / "site"


class _Page(HTMLParser):
    """The links of a page's event table (or listing), and its pager's next and previous."""

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[str] = []
        self.next: str | None = None
        self.previous: str | None = None
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("tbody", "ul") and (tag == "tbody" or found.get("class") == "listing"):
            self._in.append(tag)
        if tag != "a" or not found.get("href"):
            return
        href = str(found["href"])
        if found.get("rel") == "next":
            self.next = href
        elif found.get("rel") == "prev":
            self.previous = href
        elif self._in:
            self.listed.append(href)

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[-1]:
            self._in.pop()


def parse(site: Path, folder: str) -> _Page:
    page = _Page()
    page.feed((site / folder / "index.html").read_text("utf-8"))
    return page


def walk(site: Path, first: str) -> tuple[list[str], list[str]]:
    """The folders of a list's pages from ``first`` by "Next", and what they list (as site
    folders); then checks that "Previous" leads back through the same pages."""
    folders, listed = [first], []
    while True:
        page = parse(site, folders[-1])
        listed += [urljoin(folders[-1], href) for href in page.listed]
        if page.next is None:
            break
        folders.append(urljoin(folders[-1], page.next))
        assert len(folders) <= EVENTS, folders[-3:]
    back = [folders[-1]]
    while (previous := parse(site, back[-1]).previous) is not None:
        back.append(urljoin(back[-1], previous))
    assert back == folders[::-1]
    return folders, listed


def test_no_page_is_over_200_kb(many_site: Path) -> None:
    sizes = {p: p.stat().st_size for p in many_site.rglob("*.html")}
    assert len(sizes) > 2 * EVENTS
    largest = max(sizes, key=lambda p: sizes[p])
    assert sizes[largest] < MAX_PAGE, (largest, sizes[largest])


@pytest.mark.parametrize("folder", ["actor/busy/", "place/busy-town/", "place/land/"])
def test_a_long_event_list_is_split_into_linked_pages(many_site: Path, folder: str) -> None:
    folders, listed = walk(many_site, folder)
    assert len(folders) > 2
    events = [link for link in listed if link.startswith("event/")]
    assert sorted(events) == [f"event/event-{n:04d}/" for n in range(EVENTS)]


def test_the_list_of_actors_is_split_into_linked_pages(many_site: Path) -> None:
    listing = f"{KIND_BY_NAME['actor'].listing}/"
    folders, listed = walk(many_site, listing)
    assert len(folders) == -(-(EVENTS + 1) // LIST_PAGE_SIZE)
    assert folders[1] == f"{listing}2/"
    expected = ["actor/busy/"] + [f"actor/actor-{n:04d}/" for n in range(EVENTS)]
    assert sorted(listed) == sorted(expected)
    assert re.search(
        r"<h2[^>]*>People \(continued\)</h2>",
        (many_site / folders[1] / "index.html").read_text("utf-8"),
    )


def test_linkchecker_finds_no_broken_link_in_the_pages(many_site: Path) -> None:
    with world_readable_tempdir() as scratch, serve_folder(many_site) as url:
        done = linkchecker(url, scratch)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_shorter_lists_in_an_incremental_build_are_those_of_a_full_build(tmp_path: Path) -> None:
    """Two pages of actors become one, the busy actor's events fewer pages, months leave the
    map's filter index: the pages no longer made are deleted, as a full build never makes them."""
    project, out, full_out = tmp_path / "project", tmp_path / "a" / "site", tmp_path / "b" / "site"
    count = LIST_PAGE_SIZE + 100
    write_many(project, count)
    build(project, out)
    assert (out / "actors" / "2" / "index.html").is_file()
    shutil.rmtree(project)
    write_many(project, LIST_PAGE_SIZE // 2)
    result = build(project, out)
    assert result.incremental, result.full_reason
    assert not (out / "actors" / "2").exists()
    shutil.copytree(StateFolder(out).stream, StateFolder(full_out).stream)
    build(project, full_out, full=True)
    assert not differences(tree(out), tree(full_out))


def test_the_overview_map_shows_at_most_max_markers() -> None:
    """Markers spread over the world would be thousands of clusters: they are gathered from
    farther apart until the map (and the list of its clusters) holds MAX_MARKERS at most."""
    rng = random.Random(13)
    markers = [
        Marker(rng.uniform(-60, 70), rng.uniform(-170, 170), f"event {n}", f"#e{n}")
        for n in range(5000)
    ]
    assert len(cluster(markers)) > MAX_MARKERS
    groups = bounded_clusters(markers)
    assert MAX_MARKERS / 2 < len(groups) <= MAX_MARKERS
    assert sorted(m.label for group in groups for m in group) == sorted(m.label for m in markers)
