"""Maps (issue #13, item 1): drawn at build time as inline SVG on Natural Earth's outlines, so
they show with no network, no tile server and no JavaScript.

Checked in headless Chromium (Playwright, ``/usr/bin/chromium``) on the site served by
``ld-events serve`` on 127.0.0.1, with every request elsewhere refused and counted: a marker
must sit where its place's coordinates (in the place's published ``data.ttl``) project, inside
the right country's outline, reachable by keyboard; the overview map must have one marker per
located event or a cluster counting them. And a moved coordinate must re-render, in an
incremental build, exactly what a full build renders.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import rdflib

from ld_events.build import build
from ld_events.output.state import StateFolder
from tests.conftest import EXAMPLE, require
from tests.test_incremental import differences, tree
from tests.test_sparql_endpoint import serving

CHROMIUM = Path("/usr/bin/chromium")
BASE = "https://example.org/iraq-syria-2021/"
WGS = rdflib.Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
#: Coordinates given, in a copy of the example, to places it leaves unlocated: two near Erbil
#: (the drone strikes; the airport attack is at Erbil), one near Baghdad, and the border
#: region (which places the three strike sites, within it, approximately).
MORE_COORDINATES = {
    "site-near-erbil": (36.12, 43.95),
    "site-near-baghdad": (33.2, 44.2),
    "iraq-syria-border-region": (34.4, 40.9),
}
LOCATED_EVENTS = """
PREFIX lde: <https://w3id.org/ld-events/ns#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
SELECT DISTINCT ?event WHERE { ?event lde:place/geo:sfWithin* ?place . ?place wgs:lat ?lat }
"""


@contextmanager
def browser_page(root: str, javascript: bool = True) -> Iterator[tuple[Any, list[str]]]:
    """A Chromium page that may load from ``root`` only; yields it and the refused URLs."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the venv has it
        require(False, "Playwright for Python is not installed")
    require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}")
    refused: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(root):
            request_route.continue_()
        else:
            refused.append(url)
            request_route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(
                viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
            )
            page.route("**/*", route)
            yield page, refused
        finally:
            browser.close()


def marker_geometry(page: Any, selector: str) -> dict[str, Any]:
    """Where the marker's circle is drawn, the map's box and extent, and what lies under it."""
    geometry: dict[str, Any] = page.evaluate(
        """(selector) => {
        const marker = document.querySelector(selector);
        marker.scrollIntoView({block: 'center'});
        const svg = marker.closest('svg');
        const dot = marker.querySelector('circle').getBoundingClientRect();
        const box = svg.getBoundingClientRect();
        const x = dot.left + dot.width / 2, y = dot.top + dot.height / 2;
        const under = document.elementsFromPoint(x, y)
            .map(e => e.getAttribute('data-name')).filter(Boolean);
        return {x, y, left: box.left, top: box.top, width: box.width, height: box.height,
                extent: svg.dataset.extent.split(' ').map(Number), under};
    }""",
        selector,
    )
    return geometry


def coordinates_in(data_ttl: Path, iri: str) -> tuple[float, float]:
    graph = rdflib.Graph().parse(data_ttl)
    lat = graph.value(rdflib.URIRef(iri), WGS.lat)
    long = graph.value(rdflib.URIRef(iri), WGS.long)
    assert lat is not None, f"{data_ttl} gives no latitude"
    assert long is not None, f"{data_ttl} gives no longitude"
    assert isinstance(lat, rdflib.Literal)
    assert isinstance(long, rdflib.Literal)
    return float(lat), float(long)


def test_the_erbil_page_shows_a_marker_at_its_coordinates(example_site: Path) -> None:
    lat, long = coordinates_in(
        example_site / "place" / "erbil" / "data.ttl",
        BASE + "place/erbil/#it",
    )
    with serving(example_site) as root, browser_page(root) as (page, refused):
        page.goto(root + "place/erbil/")
        marker = page.get_by_role("link", name="Erbil (this place)")
        assert marker.count() == 1
        shown = marker_geometry(page, 'svg.map a.marker[aria-label="Erbil (this place)"]')
        west, south, east, north = shown["extent"]
        expected_x = shown["left"] + (long - west) / (east - west) * shown["width"]
        expected_y = shown["top"] + (north - lat) / (north - south) * shown["height"]
        assert abs(shown["x"] - expected_x) < 1.5, shown
        assert abs(shown["y"] - expected_y) < 1.5, shown
        assert "Iraq" in shown["under"], f"the marker is not on Iraq's outline: {shown}"
        assert page.locator("svg.map .countries path").count() >= 4  # Iraq and its neighbours
        for _ in range(80):  # reachable by keyboard, in the page's tab order
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('aria-label')") == (
                "Erbil (this place)"
            ):
                break
        else:
            pytest.fail("the marker is never focused by Tab")
        assert refused == [], "the map asked for something beyond 127.0.0.1"


def test_a_place_without_coordinates_says_so(example_site: Path) -> None:
    html = (example_site / "place" / "syria-strike-site-1" / "index.html").read_text("utf-8")
    assert "has no coordinates" in html
    assert "<svg" not in html


def located_copy(work: Path) -> Path:
    """A copy of the example with :data:`MORE_COORDINATES`, in its YAML."""
    project = work / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
    placed = dict.fromkeys(MORE_COORDINATES, 0)
    for path in (project / "places").glob("*.yaml"):
        text = path.read_text("utf-8")
        for slug, (lat, long) in MORE_COORDINATES.items():
            text, found = re.subn(
                rf"^id: {slug}\n", f"id: {slug}\nlat: {lat}\nlong: {long}\n", text, flags=re.M
            )
            placed[slug] += found
        path.write_text(text, "utf-8")
    assert set(placed.values()) == {1}, placed
    return project


@pytest.fixture(scope="module")
def located_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of :func:`located_copy`, built once for the tests below."""
    work = tmp_path_factory.mktemp("located")
    work.chmod(0o755)
    out = work / "site"
    build(located_copy(work), out)
    return out


def test_the_overview_map_has_a_marker_or_cluster_per_located_event(located_site: Path) -> None:
    out = located_site
    dump = rdflib.Graph().parse(out / "dump" / "dataset.ttl")
    located = {str(row[0]) for row in dump.query(LOCATED_EVENTS)}  # type: ignore[index]
    assert len(located) >= 6, located  # the airport attack, drone strikes, parade, strikes
    with serving(out) as root, browser_page(root) as (page, refused):
        page.goto(root)
        page.get_by_role("navigation", name="Site").get_by_role("link", name="Map").click()
        page.wait_for_load_state()
        assert page.url == root + "map/"
        markers = page.locator("svg.map a.marker")
        counts = [int(c) for c in markers.evaluate_all("ms => ms.map(m => m.dataset.count)")]
        assert sum(counts) == len(located), counts
        assert any(c > 1 for c in counts), "the strikes and their sites overlap: a cluster"
        singles = markers.evaluate_all(
            "ms => ms.filter(m => m.dataset.count === '1')"
            ".map(m => new URL(m.getAttribute('href'), document.baseURI).href)"
        )
        clusters = markers.evaluate_all(
            "ms => ms.filter(m => m.dataset.count !== '1').map(m => m.getAttribute('href'))"
        )
        pages = {iri.removeprefix(BASE).partition("#")[0] for iri in located}
        assert {url.removeprefix(root) for url in singles} <= pages, singles
        for href in clusters:  # each cluster links to the list of its places, on the page
            listed = page.locator(f"section:has(h3{href}) li")
            assert listed.count() >= 1, href
        for index in range(markers.count()):
            name = markers.nth(index).get_attribute("aria-label")
            assert name
            assert page.get_by_role("link", name=name, exact=True).count() >= 1
        assert refused == []


def test_a_moved_coordinate_re_renders_the_maps_that_show_it(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
    out, full_out = tmp_path / "a" / "site", tmp_path / "b" / "site"
    build(project, out)
    before = tree(out)
    erbil = project / "places" / "erbil.yaml"
    erbil.write_text(erbil.read_text("utf-8").replace("lat: 36.19", "lat: 36.5"), "utf-8")
    result = build(project, out)
    assert result.incremental, result.full_reason
    shutil.copytree(StateFolder(out).stream, StateFolder(full_out).stream)
    build(project, full_out, full=True)
    after = tree(out)
    assert not differences(after, tree(full_out))
    changed = {path for path in after if path.endswith(".html") and after[path] != before.get(path)}
    # Erbil, the places placed by it, the event there, and the overview map.
    for path in (
        "place/erbil/index.html",
        "place/us-consulate-erbil/index.html",
        "place/iraq/index.html",
        "event/2021-04-erbil-airport-drone-attack/index.html",
        "map/index.html",
    ):
        assert path in changed, sorted(changed)


def test_an_event_map_shows_where_it_and_its_parts_happened(located_site: Path) -> None:
    """The strikes: their own place (the border region) and their three sites, placed by the
    border region that contains them (approximately): four markers at one spot, spread around
    it so that each stays visible and links to its page."""
    folder = located_site / "event" / "2021-06-27-us-air-strikes-iraq-syria-border"
    text = (folder / "index.html").read_text("utf-8")
    markers = re.findall(r'<a class="(marker[^"]*)" href="([^"]+)" aria-label="([^"]+)"', text)
    own = [href for _, href, label in markers if label.startswith("Where it happened: ")]
    assert own == ["../../place/iraq-syria-border-region/"]
    parts = sorted(href for _, href, label in markers if not label.startswith("Where"))
    assert parts == [
        f"../../event/2021-06-27-us-air-strike-{site}/"
        for site in ("iraq-site", "syria-site-1", "syria-site-2")
    ]
    assert all("approximate" in kind for kind, _, label in markers if "site" in label.lower())
    circles = set(re.findall(r'<circle cx="([^"]+)" cy="([^"]+)"', text))
    assert len(circles) == 4, "the markers at one spot are drawn apart"
    assert "Where it happened (Iraq–Syria border region) and where its parts did." in text
