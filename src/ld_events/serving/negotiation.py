"""Content negotiation: which representation an Accept header asks for (RFC 9110, 12.5.1).

Used by the file server (a resource folder's HTML or RDF file) and by the SPARQL endpoint (a
result format). Malformed elements are skipped rather than refused, as browsers send odd headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ld_events.layout import HTML, VARIANTS, Variant


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header: ``type/subtype`` (either may be ``*``) and its weight."""

    type: str
    subtype: str
    q: float


def parse_accept(header: str) -> list[MediaRange]:
    """Parse an Accept header; malformed elements are skipped (RFC 9110, section 12.5.1)."""
    ranges = (_parse_range(part) for part in _split_outside_quotes(header, ","))
    return [r for r in ranges if r is not None]


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*parts, "".join(current)]


def _parse_range(element: str) -> MediaRange | None:
    media, *params = (p.strip() for p in _split_outside_quotes(element, ";"))
    kind, slash, subtype = media.lower().partition("/")
    if not slash or not kind or not subtype or (kind == "*" and subtype != "*"):
        return None
    q = _q_value(params)
    return None if q is None else MediaRange(kind, subtype, q)


def _q_value(params: list[str]) -> float | None:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0.0 <= q <= 1.0 else None
    return 1.0


def quality(media_type: str, ranges: list[MediaRange]) -> tuple[float, int]:
    """The weight the client gives ``media_type`` and how specific the deciding range is.

    The most specific matching range decides (``type/subtype`` 2, ``type/*`` 1, ``*/*`` 0);
    no matching range gives ``(0.0, -1)``.
    """
    kind, _, subtype = media_type.partition("/")
    best: tuple[float, int] = (0.0, -1)
    for r in ranges:
        specificity = _specificity(r, kind, subtype)
        if specificity > best[1]:
            best = (r.q, specificity)
    return best


def _specificity(r: MediaRange, kind: str, subtype: str) -> int:
    if r.type == kind and r.subtype == subtype:
        return 2
    if r.type == kind and r.subtype == "*":
        return 1
    return 0 if r.type == "*" else -1


def choose_variant(accept: str | None) -> Variant:
    """The representation a resource folder answers with.

    Highest q wins; on equal q the more specific range wins (``text/turtle, */*`` gets Turtle),
    then the server's order (HTML, Turtle, JSON-LD, N-Triples). No Accept header, or nothing
    acceptable, gives HTML (RFC 9110 allows ignoring Accept instead of answering 406).
    """
    ranges = parse_accept(accept or "*/*")
    scored = [(quality(v.media_type, ranges), -i, v) for i, v in enumerate(VARIANTS)]
    (q, _), _, best = max(scored, key=lambda item: (item[0], item[1]))
    return best if q > 0 else HTML
