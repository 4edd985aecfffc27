"""One gzip file from pieces compressed apart, in parallel, as pigz does.

Each piece is raw deflate data ending with a sync flush: byte-aligned and not final, so pieces
can follow one another in a single deflate stream. The joiner writes the gzip header, the
pieces, an empty final block, and the CRC-32 and length of the whole, which it combines from
each piece's own. The result is one gzip member: readers that stop after the first member
(some do) still read everything.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

#: gzip's own default: twice as fast as level 9 on N-Triples, for 2% more bytes.
LEVEL = 6
_PIECE_HEADER = struct.Struct("<IQ")  # the piece's CRC-32 and length, uncompressed
#: Magic, deflate, no flags, no modification time (deterministic), no extra flags, unknown OS.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_FINAL_EMPTY_BLOCK = b"\x03\x00"
_CRC32_POLYNOMIAL = 0xEDB88320  # reflected


def compress_piece(data: bytes) -> bytes:
    """``data`` as a piece for ``GzipJoiner``: its CRC-32 and length, then its deflate blocks."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS)
    blocks = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return _PIECE_HEADER.pack(zlib.crc32(data), len(data)) + blocks


class GzipJoiner:
    """Writes pieces, in order, as one gzip member into ``stream``."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.crc = 0
        self.length = 0
        stream.write(_GZIP_HEADER)

    def add(self, piece: bytes) -> None:
        crc, length = _PIECE_HEADER.unpack_from(piece)
        self.crc = crc32_combine(self.crc, crc, length)
        self.length += length
        self.stream.write(memoryview(piece)[_PIECE_HEADER.size :])

    def close(self) -> None:
        self.stream.write(_FINAL_EMPTY_BLOCK)
        self.stream.write(struct.pack("<II", self.crc, self.length & 0xFFFFFFFF))


def crc32_combine(first: int, second: int, second_length: int) -> int:
    """The CRC-32 of A followed by B, from A's CRC, B's CRC and B's length.

    CRC-32 is linear over GF(2): appending B to A is appending as many zero bits to A, then
    adding B's CRC. Appending 2^k zero bits is a 32x32 bit matrix, squared from one to the next.
    """
    if second_length == 0:
        return first
    operator = [_CRC32_POLYNOMIAL] + [1 << bit for bit in range(31)]  # one zero bit
    for _ in range(3):
        operator = _square(operator)  # now one zero byte
    remaining = second_length
    while remaining:
        if remaining & 1:
            first = _times(operator, first)
        remaining >>= 1
        if remaining:
            operator = _square(operator)
    return first ^ second


def _times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, column) for column in matrix]
