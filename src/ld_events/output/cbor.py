"""CBOR (RFC 8949), as much as Pagefind's index files use: integers, byte and text strings,
arrays, maps and simple values, of definite length. Encoded in the shortest form."""

from __future__ import annotations

import struct
from dataclasses import dataclass

Value = object


@dataclass(frozen=True)
class Map:
    """A CBOR map, its pairs in the order read (a dict would lose non-text keys' order)."""

    pairs: tuple[tuple[Value, Value], ...]


@dataclass(frozen=True)
class Simple:
    """A simple value or float, kept as its bytes."""

    raw: bytes


class CborError(ValueError):
    pass


def decode(data: bytes) -> Value:
    value, end = _read(data, 0)
    if end != len(data):
        raise CborError(f"{len(data) - end} bytes after the value")
    return value


def _argument(data: bytes, at: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, at
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or at + size > len(data):
        raise CborError(f"unsupported or truncated length at byte {at}")
    return int.from_bytes(data[at : at + size], "big"), at + size


def _read(data: bytes, at: int) -> tuple[Value, int]:
    if at >= len(data):
        raise CborError("truncated")
    major, info = data[at] >> 5, data[at] & 31
    if major == 7:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
        return Simple(data[at : at + 1 + size]), at + 1 + size
    number, at = _argument(data, at + 1, info)
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _read(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(number):
            key, at = _read(data, at)
            value, at = _read(data, at)
            pairs.append((key, value))
        return Map(tuple(pairs)), at
    raise CborError(f"unsupported major type {major} (tags) at byte {at}")


def encode(value: Value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise CborError("booleans and null are kept as Simple values")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(item) for item in value)
    if isinstance(value, Map):
        return _head(5, len(value.pairs)) + b"".join(
            encode(key) + encode(item) for key, item in value.pairs
        )
    if isinstance(value, Simple):
        return value.raw
    raise CborError(f"cannot encode {type(value).__name__}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if number < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, number)
    raise CborError(f"{number} does not fit in 64 bits")
