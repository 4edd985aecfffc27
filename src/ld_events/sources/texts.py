"""Text in the YAML authoring format: language maps, plain text, and hints for misspelt names."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from ld_events.rdf.labels import is_language_tag
from ld_events.report import Code, Location
from ld_events.sources.values import RecordError
from ld_events.sources.yamlfile import key_location

NOT_A_SLUG = (
    "'{}' is not a slug: at most 200 letters, digits and . _ ~ -, starting with a letter or digit"
)


def language_map(value: Any, where: Location, language: str, path: str) -> dict[str, Any]:
    """Text by language tag: ``{en: [...], ar: [...]}`` as written, or text (one or a list) in
    the sources' ``language``."""
    if isinstance(value, Mapping):
        out = {}
        for tag, text in value.items():
            tag_where = key_location(value, tag, path)
            if not is_language_tag(str(tag)):
                message = f"'{tag}' is not a language tag: write one like en, fr or ar-SY"
                raise RecordError(Code.BAD_LANGUAGE_TAG, message, tag_where)
            texts = text if isinstance(text, list) else [text]
            out[str(tag)] = [plain_text(t, where) for t in texts]
        return out
    texts = value if isinstance(value, list) else [value]
    return {language: [plain_text(t, where) for t in texts]}


def plain_text(value: Any, where: Location) -> str:
    if isinstance(value, Mapping | list) or value is None:
        raise RecordError(Code.BAD_VALUE, "expected text", where)
    return str(value).strip()


def hint(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""
