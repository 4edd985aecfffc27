"""Screenshots of the example site for docs/screenshots/, taken in headless Chromium.

Builds examples/iraq-syria-2021 into a temporary folder, serves it with ``ld-events serve`` on
127.0.0.1 (so the 404 page and the SPARQL query page are the preview's), and saves each kind of
page twice, as ``docs/screenshots/<kind>.png`` (1280 px wide, the whole page up to 2,600 px
tall) and ``<kind>-phone.png`` (a phone's first screen, 390 x 844). docs/screenshots/README.md
lists them.

Chromium is driven by Playwright (PyPI ``playwright``, which the test extra installs) with the
machine's own browser (``--chromium``, default ``chromium`` on the PATH); nothing is downloaded.
Animations and the text caret are off, so two runs on one machine give the same pictures.
Each PNG is re-encoded with a palette of at most 256 colours when it has no more, else as RGB
with the best of PNG's row filters, to keep the committed files small.

Usage: python scripts/screenshots.py [--out DIR] [--chromium PATH] [--only KIND ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.parse
import zlib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "iraq-syria-2021"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
#: The tallest desktop picture: a long page is cut there (its top is what a reader sees first).
MAX_HEIGHT = 2600
#: A budget for all the pictures together, as they are committed.
MAX_TOTAL_BYTES = 4_000_000
FLAGS = ["--no-sandbox", "--hide-scrollbars", "--force-device-scale-factor=1"]


@dataclass(frozen=True)
class Shot:
    kind: str  #: the file's name: <kind>.png and <kind>-phone.png
    path: str  #: the page, under the site's root
    title: str  #: what docs/screenshots/README.md calls it
    search: str = ""  #: typed into the search box before the picture is taken


SPARQL = "sparql?" + urllib.parse.urlencode(
    {
        "query": "SELECT ?event ?label WHERE { ?event a lde:Event ; rdfs:label ?label }\n"
        "ORDER BY ?label LIMIT 5",
        "format": "html",
    }
)
SHOTS = [
    Shot("home", "", "Home page"),
    Shot("timeline", "events/", "Timeline"),
    Shot("event", "event/2021-06-27-us-air-strikes-iraq-syria-border/", "Event"),
    Shot("actor", "actor/john-kirby/", "Actor"),
    Shot("place", "place/iraq/", "Place, with its map"),
    Shot("source", "source/2021-06-28-us-strikes-iraq-syria-border/", "Source"),
    Shot("action-type", "type/airStrike/", "Action type"),
    Shot("cameo-code", "cameo/1952/", "CAMEO event code"),
    Shot("map", "map/", "Map of all events"),
    Shot("query", "queries/everything-about-an-actor/", "Saved query and its results"),
    Shot("sparql", SPARQL, "SPARQL query page of `ld-events serve`, with results"),
    Shot("data", "data/", "Data and downloads"),
    Shot("vocabulary", "vocabulary/", "Vocabulary"),
    Shot("404", "no/such/deep/page/", "Page not found (under `ld-events serve`)"),
    Shot("search", "events/", "Search box with results for “Kirby”", search="Kirby"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--only", nargs="*", default=None, help="kinds to take (default: all)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [shot for shot in SHOTS if args.only is None or shot.kind in args.only]
    with tempfile.TemporaryDirectory(prefix="ld-events-screenshots-") as scratch:
        site = Path(scratch) / "site"
        build_example(site)
        with serve(site) as root, browser(args.chromium) as chromium:
            for shot in shots:
                for suffix, size in (("", DESKTOP), ("-phone", PHONE)):
                    target = args.out / f"{shot.kind}{suffix}.png"
                    take(chromium, root, shot, size, target)
                    print(f"{target}: {target.stat().st_size:,} bytes")
    total = sum(p.stat().st_size for p in args.out.glob("*.png"))
    print(f"{total:,} bytes in all")
    if total > MAX_TOTAL_BYTES:
        print(f"more than the budget of {MAX_TOTAL_BYTES:,} bytes", file=sys.stderr)
        return 1
    return 0


def build_example(site: Path) -> None:
    from ld_events.build import build

    os.environ.pop("SOURCE_DATE_EPOCH", None)
    build(EXAMPLE, site)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """``ld-events serve SITE`` on a free port of 127.0.0.1; yield its URL; stop it by its PID."""
    command = [sys.executable, "-m", "ld_events", "serve", str(site), "--port", "0"]
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True) as process:
        assert process.stderr is not None
        try:
            for line in process.stderr:
                if line.startswith("serving ") and " at http://" in line:
                    yield line.split(" at ", 1)[1].split()[0]
                    break
            else:
                raise SystemExit(f"ld-events serve did not start (exit {process.wait()})")
        finally:
            process.terminate()
            process.wait(timeout=30)


@contextmanager
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def take(chromium: Any, root: str, shot: Shot, size: dict[str, int], target: Path) -> None:
    context = chromium.new_context(viewport=size, device_scale_factor=1)
    context.route("**/*", lambda route: _only(route, root))
    page = context.new_page()
    page.goto(root + shot.path, wait_until="networkidle")
    if shot.search:
        page.wait_for_selector(".site-search:not([hidden])")
        page.fill("#search-input", shot.search)
        page.wait_for_selector(".search-results li a")
        page.wait_for_load_state("networkidle")
    whole = size is DESKTOP and not shot.search
    height = min(MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
    clip = {"x": 0, "y": 0, "width": size["width"], "height": height if whole else size["height"]}
    picture = page.screenshot(full_page=whole, clip=clip, animations="disabled", caret="hide")
    context.close()
    target.write_bytes(optimise(picture))


def _only(route: Any, root: str) -> None:
    """Nothing but the site: a page that reached out would look different elsewhere."""
    if route.request.url.startswith(root):
        route.continue_()
    else:
        route.abort()


# -- smaller PNGs, without an imaging library --------------------------------------------------


def optimise(png: bytes) -> bytes:
    """``png`` (8-bit RGB or RGBA, not interlaced: what Chromium writes) re-encoded: as a
    palette image if it has at most 256 colours, else RGB (alpha dropped when opaque)
    compressed harder. The pixels are unchanged."""
    chunks = _chunks(png)
    header = next(body for kind, body in chunks if kind == b"IHDR")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        return png
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    rows = _unfilter(raw, width * channels, channels, height)
    if channels == 4 and all(row[3::4] == b"\xff" * width for row in rows):
        rows = [_drop_alpha(row) for row in rows]
        channels, colour = 3, 2
    palette = _palette(rows, channels)
    if palette is not None:
        index = {entry: i for i, entry in enumerate(palette)}
        body = b"".join(
            b"\0" + bytes(index[row[i : i + channels]] for i in range(0, len(row), channels))
            for row in rows
        )
        plte = b"".join(palette) if channels == 3 else b"".join(p[:3] for p in palette)
        extra = [_chunk(b"PLTE", plte)]
        if channels == 4:
            extra.append(_chunk(b"tRNS", bytes(p[3] for p in palette)))
        return _png(width, height, 3, extra, body)
    body = b"".join(b"\0" + row for row in rows) if channels == 3 else raw
    return min(_png(width, height, colour, [], body), _png(width, height, colour, [], raw), key=len)


def _palette(rows: list[bytes], channels: int) -> list[bytes] | None:
    """The image's colours, most used first, if there are at most 256."""
    counts: Counter[bytes] = Counter()
    for row in rows:
        counts.update(row[i : i + channels] for i in range(0, len(row), channels))
        if len(counts) > 256:
            return None
    return sorted(counts, key=lambda entry: (-counts[entry], entry))


def _drop_alpha(row: bytes) -> bytes:
    out = bytearray(len(row) // 4 * 3)
    out[0::3], out[1::3], out[2::3] = row[0::4], row[1::4], row[2::4]
    return bytes(out)


def _png(width: int, height: int, colour: int, extra: list[bytes], body: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            *extra,
            _chunk(b"IDAT", zlib.compress(body, 9)),
            _chunk(b"IEND", b""),
        ]
    )


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    found, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        found.append((kind, data[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return found


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _unfilter(raw: bytes, row_bytes: int, bpp: int, height: int) -> list[bytes]:
    rows: list[bytes] = []
    previous = bytearray(row_bytes)
    for y in range(height):
        start = y * (row_bytes + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + row_bytes])
        if kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind:
            for i in range(row_bytes):
                left = line[i - bpp] if i >= bpp else 0
                up = previous[i]
                if kind == 1:
                    line[i] = (line[i] + left) & 0xFF
                elif kind == 3:
                    line[i] = (line[i] + (left + up) // 2) & 0xFF
                else:
                    corner = previous[i - bpp] if i >= bpp else 0
                    line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


if __name__ == "__main__":
    sys.exit(main())
