"""The languages of a project (``language:`` and ``languages:`` of ``ld-events.yaml``), read
and checked like the rest of the config (``config.py``).

``language`` is the tag given to text the sources write without one; ``languages`` the
languages the site's readers read, in order of preference (docs/languages.md). Either alone is
enough: ``language: fr`` is ``languages: [fr]``, and ``languages: [ar, en]`` alone takes its
first, ``ar``, for the sources' untagged text. Both given, ``language`` is one of ``languages``.
"""

from __future__ import annotations

from typing import Any

from ld_events.rdf.labels import is_language_tag
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.yamlfile import item_location, key_location
from ld_events.translations import catalogue_for, interface_language


def _bad(message: str, where: Location) -> Diagnostic:
    return Diagnostic(Code.BAD_SETTING, Severity.ERROR, message, where, stage=Stage.CONFIG)


def reading_languages(data: Any) -> tuple[str, ...]:
    listed = data.get("languages")
    return tuple(str(tag) for tag in listed) if listed else (source_language(data),)


def source_language(data: Any) -> str:
    """``language:``, else the first of ``languages:``, else English."""
    if "language" in data:
        return str(data["language"])
    listed = data.get("languages")
    return str(listed[0]) if isinstance(listed, list) and listed else "en"


def check_languages(data: Any, name: str) -> list[Diagnostic]:
    """``language`` a tag; ``languages`` a list of distinct tags holding ``language``."""
    problems: list[Diagnostic] = []

    def problem(key: str, text: str) -> None:
        problems.append(_bad(text, key_location(data, key, name)))

    language = str(data.get("language", "en"))
    if not is_language_tag(language):
        problem(
            "language", f"language must be a BCP 47 tag such as 'en' or 'fr-CA', not '{language}'"
        )
    if "languages" not in data:
        return problems
    listed = data["languages"]
    if not isinstance(listed, list) or not listed:
        return [*problems, _bad(_LIST, key_location(data, "languages", name))]
    for index, tag in enumerate(listed):
        where = item_location(listed, index, name)
        if not isinstance(tag, str) or not is_language_tag(tag):
            message = f"languages: '{tag}' is not a BCP 47 tag such as 'en', 'ar' or 'fr-CA'"
            problems.append(_bad(message, where))
        elif tag.lower() in (str(t).lower() for t in listed[:index]):
            message = f"languages: '{tag}' is listed twice"
            problems.append(_bad(message, where))
    tags = [str(t) for t in listed]
    if "language" in data and language.casefold() not in [t.casefold() for t in tags]:
        message = (
            f"language '{language}' (the sources' untagged text) is not one of languages "
            f"[{', '.join(tags)}]: add it to the list, or leave language out"
        )
        problem("language", message)
    return problems


_LIST = "languages must be a list of BCP 47 tags in order of preference, like [ar, en]"


def language_warnings(data: Any, name: str) -> list[Diagnostic]:
    """A warning when the first language has no interface catalogue (its words in English)."""
    first = reading_languages(data)[0]
    if catalogue_for(first) is not None:
        return []
    key = "languages" if "languages" in data else "language"
    shown = interface_language(reading_languages(data))
    message = (
        f"no translation of the site's own words into '{first}' (site/locale): menus, "
        f"headings and dates are in '{shown}'; labels are still shown in '{first}' first "
        "(docs/languages.md)"
    )
    where = key_location(data, key, name)
    return [
        Diagnostic(Code.MISSING_TRANSLATION, Severity.WARNING, message, where, stage=Stage.CONFIG)
    ]
