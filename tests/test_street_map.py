"""The street map layer (issue #13): Leaflet over tiles from the config's ``map:``, off unless set.

With ``map: tiles`` pointing at a tile server this test runs on 127.0.0.1 (a plain PNG for any
z/x/y), headless Chromium clicks "Show street map": Leaflet's markers must sit where Web
Mercator puts their places' coordinates on the tiles it drew (computed here from each tile's
z/x/y and position, not asked of Leaflet), the tiles must come from that server, and the
attribution must show. Without ``map:`` no Leaflet file is in the site and no page names one.
"""

from __future__ import annotations

import math
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ld_events.build import build
from ld_events.config import load_config
from ld_events.errors import ConfigError
from ld_events.layout import LEAFLET, STREET_MAP_SCRIPT
from ld_events.report import Code
from tests.conftest import EXAMPLE, require
from tests.test_hardening import copy_example
from tests.test_maps import BASE, CHROMIUM, coordinates_in, located_copy
from tests.test_sparql_endpoint import serving

ATTRIBUTION = "Test tiles © nobody"


def png(size: int = 256) -> bytes:
    """A plain light grey PNG, ``size`` pixels square."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd\xdd\xdd" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def tile_server() -> Iterator[tuple[str, list[str]]]:
    """A tile server on 127.0.0.1: any ``/z/x/y.png`` is :func:`png`; yields its root and the
    paths asked for."""
    tile, asked = png(), []

    class Tiles(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            found = re.fullmatch(r"/\d+/\d+/\d+\.png", self.path)
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile) if found else 0))
            self.end_headers()
            if found:
                self.wfile.write(tile)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", asked
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def street_site(
    tmp_path_factory: pytest.TempPathFactory, tile_server: tuple[str, list[str]]
) -> Path:
    work = tmp_path_factory.mktemp("street")
    work.chmod(0o755)
    project = located_copy(work)
    config = project / "ld-events.yaml"
    tiles = tile_server[0] + "{z}/{x}/{y}.png"
    text = config.read_text("utf-8") + f'map:\n  tiles: "{tiles}"\n  attribution: "{ATTRIBUTION}"\n'
    config.write_text(text, "utf-8")
    build(project, work / "site")
    return work / "site"


def web_mercator(lat: float, long: float, zoom: int) -> tuple[float, float]:
    """The global pixel of (lat, long) at ``zoom``, on 256-pixel tiles."""
    scale = 256 * 2**zoom
    sine = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + sine) / (1 - sine)) / (4 * math.pi)) * scale
    return (long + 180) / 360 * scale, y


STREET_GEOMETRY = """() => {
    const tiles = [...document.querySelectorAll('img.leaflet-tile-loaded')].map(img => {
        const r = img.getBoundingClientRect();
        const [z, x, y] = new URL(img.src).pathname.match(/\\d+/g).map(Number);
        return {z, x, y, left: r.left, top: r.top, src: img.src};
    });
    const markers = [...document.querySelectorAll('.street-map a.street-marker')].map(a => {
        const r = a.getBoundingClientRect();
        return {lat: Number(a.dataset.lat), long: Number(a.dataset.long),
                count: Number(a.dataset.count), href: a.getAttribute('href'),
                x: r.left + r.width / 2, y: r.top + r.height / 2};
    });
    return {tiles, markers};
}"""


def test_the_street_map_shows_the_markers_on_the_configured_tiles(
    street_site: Path, tile_server: tuple[str, list[str]]
) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the venv has it
        require(False, "Playwright for Python is not installed")
    require(CHROMIUM.exists(), f"no Chromium at {CHROMIUM}")
    tiles_root, asked = tile_server
    refused: list[str] = []
    erbil = coordinates_in(street_site / "place" / "erbil" / "data.ttl", BASE + "place/erbil/#it")
    with serving(street_site) as root, sync_playwright() as playwright:

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith((root, tiles_root)):
                request_route.continue_()
            else:
                refused.append(url)
                request_route.abort()

        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", route)
            for folder in ("place/erbil/", "map/"):
                page.goto(root + folder)
                drawn = page.locator("svg.map a.marker").evaluate_all(
                    "ms => ms.map(m => [Number(m.dataset.lat), Number(m.dataset.long),"
                    " Number(m.dataset.count), m.getAttribute('href')])"
                )
                assert not page.locator(".leaflet-container").count()  # loaded on demand
                page.get_by_role("button", name="Show street map").click()
                page.locator(".street-map a.street-marker").first.wait_for()
                page.wait_for_function("document.querySelector('img.leaflet-tile-loaded')")
                assert not page.locator("svg.map").is_visible()
                found = page.evaluate(STREET_GEOMETRY)
                markers = found["markers"]
                shown = [[m["lat"], m["long"], m["count"], m["href"]] for m in markers]
                assert sorted(shown) == sorted(drawn)  # the drawing's markers, no other
                tile = found["tiles"][0]
                assert tile["src"].startswith(tiles_root), tile
                for marker in markers:
                    x, y = web_mercator(marker["lat"], marker["long"], tile["z"])
                    expected = (
                        tile["left"] + x - 256 * tile["x"],
                        tile["top"] + y - 256 * tile["y"],
                    )
                    assert abs(marker["x"] - expected[0]) < 1.5, (marker, expected)
                    assert abs(marker["y"] - expected[1]) < 1.5, (marker, expected)
                attribution = page.locator(".leaflet-control-attribution").inner_text()
                assert ATTRIBUTION in attribution
                page.get_by_role("button", name="Show drawn map").click()
                assert page.locator("svg.map").is_visible()
                if folder == "place/erbil/":
                    assert [m[:2] for m in drawn] == [list(erbil)]
        finally:
            browser.close()
    assert refused == []
    assert asked
    assert all(re.fullmatch(r"/\d+/\d+/\d+\.png", path) for path in asked), asked


def test_without_the_setting_no_page_names_leaflet(example_site: Path) -> None:
    assert not (example_site / LEAFLET).exists()
    assert not (example_site / STREET_MAP_SCRIPT).exists()
    for page in example_site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "leaflet" not in text.lower(), page
        assert "street-map" not in text, page


def test_leaflet_is_shipped_with_its_licence(street_site: Path) -> None:
    assert (
        (street_site / LEAFLET / "leaflet.js")
        .read_text("utf-8")
        .startswith("/* @preserve\n * Leaflet 1.9.4")
    )
    assert "BSD 2-Clause License" in (street_site / LEAFLET / "LICENSE").read_text("utf-8")
    assert (street_site / LEAFLET / "leaflet.css").is_file()


BAD_MAPS = {
    "not a mapping": ("map: https://tile.openstreetmap.org/{z}/{x}/{y}.png", 1),
    "no attribution": ('map:\n  tiles: "https://t.example/{z}/{x}/{y}.png"', 1),
    "an unknown key": (
        'map:\n  tiles: "https://t.example/{z}/{x}/{y}.png"\n  attribution: x\n  zoom: 3',
        1,
    ),
    "plain http": ('map:\n  tiles: "http://t.example/{z}/{x}/{y}.png"\n  attribution: x', 2),
    "no {y}": ('map:\n  tiles: "https://t.example/{z}/{x}.png"\n  attribution: x', 2),
    "an unknown slot": (
        'map:\n  tiles: "https://t.example/{z}/{x}/{y}{q}.png"\n  attribution: x',
        2,
    ),
    "a space": ('map:\n  tiles: "https://t.example/{z}/{x}/{y} .png"\n  attribution: x', 2),
    "an empty attribution": (
        'map:\n  tiles: "https://t.example/{z}/{x}/{y}.png"\n  attribution: ""',
        3,
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MAPS))
def test_a_bad_map_setting_is_refused_at_its_line(tmp_path: Path, case: str) -> None:
    text, line = BAD_MAPS[case]
    project = copy_example(tmp_path)
    config = project / "ld-events.yaml"
    before = config.read_text("utf-8")
    config.write_text(before + text + "\n", "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(project)
    found = raised.value.report.diagnostics
    assert [d.code for d in found] == [Code.BAD_SETTING], found
    assert found[0].location.line == before.count("\n") + line, found
    assert found[0].message.startswith("map"), found


def test_a_map_setting_is_read(tmp_path: Path) -> None:
    project = copy_example(tmp_path)
    config = project / "ld-events.yaml"
    tiles = "https://{s}.tile.example/{z}/{x}/{y}{r}.png"
    text = f'map:\n  tiles: "{tiles}"\n  attribution: "© OpenStreetMap contributors"\n'
    config.write_text(config.read_text("utf-8") + text, "utf-8")
    assert load_config(project).street_map == (tiles, "© OpenStreetMap contributors")
    assert load_config(EXAMPLE).street_map is None
