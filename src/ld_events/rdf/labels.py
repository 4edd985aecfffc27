"""Which of several texts to show a reader: one rule for labels, names, messages and notes.

The reader's language first, then the same language in another region (``fr`` for ``fr-CA``),
then English, then text without a language tag, then any other language; among equals, the
first in alphabetical order, so the choice never depends on the order triples were stored in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rdflib
from pyoxigraph import Literal

AnyLiteral = Literal | rdflib.Literal
#: A language tag as RDF takes one (Turtle's LANGTAG): en, fr-CA, ar-SY, zh-Hant-TW.
LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def is_language_tag(text: str) -> bool:
    return LANGUAGE_TAG.fullmatch(text) is not None


def pick_text(literals: Iterable[AnyLiteral], language: str) -> str | None:
    """The text of the literal to show a reader of ``language`` (None if there is none)."""
    ranked = sorted((_rank(lit.language, language), _text(lit)) for lit in literals)
    return ranked[0][1] if ranked else None


def in_language(literals: Iterable[Literal], language: str) -> list[Literal]:
    """Every literal in ``language``, or every literal if none is (a description's paragraphs)."""
    values = list(literals)
    return [v for v in values if v.language == language] or values


def _rank(tag: str | None, language: str) -> int:
    if tag == language:
        return 0
    if tag and tag.split("-")[0] == language.split("-")[0]:
        return 1
    if tag == "en":
        return 2
    return 3 if not tag else 4


def _text(literal: AnyLiteral) -> str:
    return literal.value if isinstance(literal, Literal) else str(literal)
