"""Screenshots of the example site for docs/screenshots/, taken with headless Chromium.

Builds examples/iraq-syria-2021 into a temporary folder, serves it on 127.0.0.1, and saves:

- docs/screenshots/home.png         the home page, 1280 px wide, whole page
- docs/screenshots/event.png        the strike's event page, 1280 px wide, whole page
- docs/screenshots/event-phone.png  the same page on a phone-size screen (390 x 844)

"Whole page" means a tall window (1280 x 2600), whose empty bottom is then cut off.

Usage: python scripts/screenshots.py [--out DIR] [--chromium PATH]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "iraq-syria-2021"
EVENT = "event/2021-06-27-us-air-strikes-iraq-syria-border/"
#: (file name, page, window size, cut the empty bottom off)
SHOTS = [
    ("home.png", "", (1280, 2600), True),
    ("event.png", EVENT, (1280, 2600), True),
    ("event-phone.png", EVENT, (390, 844), False),
]
MAX_BYTES = 400_000
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ld-events-screenshots-") as scratch:
        site = Path(scratch) / "site"
        build_example(site)
        with serve(site) as root:
            for name, page, size, trim in SHOTS:
                target = args.out / name
                screenshot(args.chromium, root + page, size, target)
                if trim:
                    trim_bottom(target, margin=24)
                print(f"{target.relative_to(REPO)}: {target.stat().st_size:,} bytes")
    too_big = [p.name for p in args.out.glob("*.png") if p.stat().st_size > MAX_BYTES]
    if too_big:
        print(f"larger than {MAX_BYTES:,} bytes: {', '.join(too_big)}", file=sys.stderr)
        return 1
    return 0


def build_example(site: Path) -> None:
    from ld_events.build import build

    os.environ.pop("SOURCE_DATE_EPOCH", None)
    build(EXAMPLE, site)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) in a background thread; yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def screenshot(chromium: str, url: str, size: tuple[int, int], target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="ld-events-chromium-") as profile:
        command = [
            chromium,
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={size[0]},{size[1]}",
            f"--screenshot={target}",
            url,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    if done.returncode != 0 or not target.is_file():
        raise SystemExit(f"chromium failed on {url}:\n{done.stderr[-2000:]}")


# -- cutting off the empty bottom of a PNG, without an imaging library ------------------------


def trim_bottom(path: Path, margin: int) -> None:
    """Drop the rows at the bottom that repeat the last row, keeping ``margin`` of them.

    Works on 8-bit, non-interlaced RGB or RGBA PNGs (what Chromium writes). The kept rows are
    written back with their original filters: PNG filters only look at earlier rows.
    """
    data = path.read_bytes()
    chunks = list(_chunks(data))
    header = next(body for kind, body in chunks if kind == b"IHDR")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    channels = {2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        return
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    stride = width * channels + 1
    rows = _unfilter(raw, width * channels, channels, height)
    last = height - 1
    while last > 0 and rows[last - 1] == rows[height - 1]:
        last -= 1
    keep = min(height, last + margin)
    if keep >= height:
        return
    ihdr = struct.pack(">IIBBBBB", width, keep, depth, colour, 0, 0, 0)
    idat = zlib.compress(raw[: keep * stride], 9)
    out = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", ihdr)]
    out += [_chunk(k, b) for k, b in chunks if k not in (b"IHDR", b"IDAT", b"IEND")]
    out += [_chunk(b"IDAT", idat), _chunk(b"IEND", b"")]
    path.write_bytes(b"".join(out))


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
        for i in range(row_bytes):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
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
