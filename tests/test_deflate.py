"""Pieces compressed apart make one gzip member that the real gzip reads back."""

from __future__ import annotations

import io
import random
import subprocess
import zlib

import pytest

from ld_events.output.deflate import GzipJoiner, compress_piece, crc32_combine
from tests.conftest import require_command


@pytest.mark.parametrize("seed", range(20))
def test_combined_crc_is_the_crc_of_the_concatenation(seed: int) -> None:
    rng = random.Random(seed)
    first = rng.randbytes(rng.randrange(0, 5000))
    second = rng.randbytes(rng.choice([0, 1, 3, 8, 255, 256, rng.randrange(0, 200_000)]))
    combined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert combined == zlib.crc32(first + second)


def joined(pieces: list[bytes]) -> bytes:
    out = io.BytesIO()
    joiner = GzipJoiner(out)
    for piece in pieces:
        joiner.add(compress_piece(piece))
    joiner.close()
    return out.getvalue()


PIECES = [b"", b"<urn:a> <urn:b> <urn:c> .\n" * 5000, b"", "é\n".encode() * 70_000, b"x"]


def test_pieces_join_into_one_member() -> None:
    data = joined(PIECES)
    member = zlib.decompressobj(wbits=31)
    assert member.decompress(data) == b"".join(PIECES)
    assert member.eof
    assert member.unused_data == b""


def test_gzip_reads_and_checks_the_joined_file() -> None:
    gzip_tool = require_command("gzip")
    result = subprocess.run(
        [gzip_tool, "--decompress", "--stdout"], input=joined(PIECES), capture_output=True
    )
    assert result.returncode == 0, result.stderr  # gzip checks the CRC and the length
    assert result.stdout == b"".join(PIECES)


def test_no_pieces_make_an_empty_file() -> None:
    assert zlib.decompress(joined([]), wbits=31) == b""
