"""Content negotiation as regular expressions over the Accept header, for Apache and nginx.

Their configuration languages cannot parse q-values, so the choice ``ld_events.serving`` makes
by full parsing is approximated by ordered rules (:data:`ACCEPT_RULES`); tests/test_hosting.py
compares both on a list of real clients' headers and keeps the known differences documented.
"""

from __future__ import annotations

import re

from ld_events.layout import RDF_VARIANTS, VARIANTS, Variant

# A media range is "strong" when it has no q or q=1 and "weak" when 0 < q < 1; q=0 never matches.
_OTHER_PARAMS = r"(?:\s*;\s*(?!q=)[^;,]*)*"  # parameters other than q (a JSON-LD profile)
_STRONG_Q = r"(?:\s*;\s*q=1(?:\.0{0,3})?)?"


def _named(media: str, weight: str | None = None) -> str:
    """``media`` listed with a q matching ``weight`` (None: no q or q=1)."""
    q = _STRONG_Q if weight is None else rf"\s*;\s*q={weight}"
    return rf"(?:^|,)\s*{media}{_OTHER_PARAMS}{q}{_OTHER_PARAMS}\s*(?:,|$)"


def _first_decimal(digit: int) -> str:
    """Weights 0 < q < 1 whose first decimal is ``digit``."""
    return r"0\.0(?=\d*[1-9])\d{1,2}" if digit == 0 else rf"0\.{digit}\d{{0,2}}"


def _first_decimal_at_least(digit: int) -> str:
    return r"0\.(?=\d*[1-9])\d{1,3}" if digit == 0 else rf"0\.[{digit}-9]\d{{0,2}}"


def _weak_rule(media: str) -> str:
    """``media`` with q<1 beats HTML named with a lower first decimal (or not named at all).

    A ``text/*`` or ``*/*`` with q=1 gives HTML q=1, so it blocks the rule.
    """
    blockers = "".join(f"(?!.*{_named(wildcard)})" for wildcard in (r"text/\*", r"\*/\*"))
    by_digit = [
        f"(?=.*{_named(media, _first_decimal(d))})"
        f"(?!.*{_named('text/html', _first_decimal_at_least(d))})"
        for d in range(10)
    ]
    return "^" + blockers + "(?:" + "|".join(by_digit) + ")"


def _media_re(variant: Variant) -> str:
    return re.escape(variant.media_type)


#: Ordered (regex, file) rules; the first regex that matches the Accept header (case-insensitive)
#: chooses the file, and no match means ``index.html``. The rules: HTML with q=1 wins; else an
#: RDF type with q=1 (Turtle, JSON-LD, N-Triples in this order); else an RDF type with q<1 whose
#: first decimal is higher than HTML's (or HTML is not named), unless ``*/*`` or ``text/*`` has
#: q=1. Limits, compared with full parsing (``ld_events.serving.http``): only the first decimal of q
#: is compared, and only with HTML (``text/turtle;q=0.5, application/ld+json;q=0.8`` gets Turtle,
#: the server's preference); weighted wildcards are ignored (``text/turtle;q=0.1, */*;q=0.5``
#: gets Turtle); ``application/*`` is ignored.
ACCEPT_RULES: tuple[tuple[str, str], ...] = (
    *((_named(_media_re(v)), v.filename) for v in VARIANTS),
    *((_weak_rule(_media_re(v)), v.filename) for v in RDF_VARIANTS),
)
