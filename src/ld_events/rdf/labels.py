"""Which of several texts to show a reader: one rule for labels, names, messages and notes.

The reader's languages in their order of preference (the config's ``languages``), each first
as written and then in another region of it (``fr`` for ``fr-CA``, ``fr-CA`` for ``fr``); then
English, the language of the tool's own vocabularies, if the reader did not list it; then text
without a language tag; then any other language. Among equals, the first by language tag and
then by text, so the choice never depends on the order triples were stored in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import rdflib
from pyoxigraph import Literal

AnyLiteral = Literal | rdflib.Literal
#: A language tag as RDF takes one (Turtle's LANGTAG): en, fr-CA, ar-SY, zh-Hant-TW.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def is_language_tag(text: str) -> bool:
    return LANGUAGE_TAG.fullmatch(text) is not None


def pick_text(literals: Iterable[AnyLiteral], languages: str | Sequence[str]) -> str | None:
    """The text of the literal to show a reader of ``languages`` (None if there is none)."""
    picked = pick_literal(literals, languages)
    return picked[0] if picked else None


def pick_literal(
    literals: Iterable[AnyLiteral], languages: str | Sequence[str]
) -> tuple[str, str | None] | None:
    """The text and language tag of the literal to show a reader of ``languages`` (in order of
    preference), or None if there is none."""
    order = _preferences(languages)
    ranked = sorted(
        (_rank(lit.language, order), lit.language or "", _text(lit), lit.language or None)
        for lit in literals
    )
    return (ranked[0][2], ranked[0][3]) if ranked else None


def in_language(literals: Iterable[Literal], languages: str | Sequence[str]) -> list[Literal]:
    """Every literal in the most preferred language any of them is in (a description's
    paragraphs, a record's quotes), or every literal if none is in one of ``languages``."""
    values = list(literals)
    order = _preferences(languages)
    best = min((_rank(v.language, order) for v in values), default=None)
    if best is None or best >= len(order) * 2:
        return values
    return [v for v in values if _rank(v.language, order) == best]


def _preferences(languages: str | Sequence[str]) -> tuple[str, ...]:
    """The reader's languages, lower-cased, then English if they do not list it."""
    listed = [languages] if isinstance(languages, str) else list(languages)
    order = [tag.lower() for tag in listed]
    return tuple(order if "en" in order else [*order, "en"])


def _rank(tag: str | None, order: tuple[str, ...]) -> int:
    """0 and 1 for the first language (as written, then another region of it), 2 and 3 for
    the second...; then untagged text, then any other language."""
    if not tag:
        return len(order) * 2
    tag = tag.lower()
    base = tag.split("-")[0]
    for index, language in enumerate(order):
        if tag == language:
            return index * 2
        if base == language.split("-")[0]:
            return index * 2 + 1
    return len(order) * 2 + 1


def _text(literal: AnyLiteral) -> str:
    return literal.value if isinstance(literal, Literal) else str(literal)
