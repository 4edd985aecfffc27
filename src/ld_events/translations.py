"""The site's own words in the reader's language: gettext catalogues, and which way text runs.

The interface strings (the menu, headings, "according to", dates) are English in the templates
and the code; each other language has a catalogue, ``site/locale/<tag>/LC_MESSAGES/messages.po``
(docs/languages.md). The ``.po`` files are compiled in memory when a build first needs one
(Babel's ``pofile`` and ``mofile``): nothing compiled is kept in the repository, so a catalogue
cannot be out of step with its source, and compiling one takes milliseconds.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ld_events.assets import asset_dir

#: The language of the templates' and the code's own strings (no catalogue: the msgids).
SOURCE_LANGUAGE = "en"
CATALOGUE = "messages"


def available_languages() -> tuple[str, ...]:
    """The languages with an interface catalogue, English (the strings themselves) first."""
    return (SOURCE_LANGUAGE, *_catalogue_languages())


@cache
def _catalogue_languages() -> tuple[str, ...]:
    locale = asset_dir("site") / "locale"
    found = locale.glob(f"*/LC_MESSAGES/{CATALOGUE}.po")
    return tuple(sorted(path.parents[1].name for path in found))


def catalogue_for(tag: str) -> str | None:
    """The catalogue a reader of ``tag`` gets: its own (``fr``), its base language's (``fr``
    for ``fr-CA``), else None."""
    available = available_languages()
    for candidate in (tag, tag.split("-")[0]):
        for language in available:
            if language.lower() == candidate.lower():
                return language
    return None


def interface_language(languages: Sequence[str]) -> str:
    """The language of the site's own words: the first of ``languages`` with a catalogue
    (English has one: its strings), else English."""
    for tag in languages:
        found = catalogue_for(tag)
        if found is not None:
            return found
    return SOURCE_LANGUAGE


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (a language of :func:`available_languages`)."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    path = asset_dir("site") / "locale" / language / "LC_MESSAGES" / f"{CATALOGUE}.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=CATALOGUE)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=CATALOGUE)


@cache
def text_direction(tag: str) -> str:
    """``rtl`` for a language written right to left (ar, fa, he, ur, ps, ckb, yi, dv...), by its
    script as the CLDR gives it (``az-Arab`` too), else ``ltr``."""
    try:
        return "rtl" if Locale.parse(tag, sep="-").text_direction == "rtl" else "ltr"
    except (UnknownLocaleError, ValueError):
        return "ltr"


class Words:
    """The interface's words in one language: ``words("Facts")``, ``words.n(...)``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._translations = translations(language)

    def __call__(self, message: str, **values: object) -> str:
        """``message`` in this language, with ``%(name)s`` placeholders filled from
        ``values``."""
        text = self._translations.gettext(message)
        return text % values if values else text

    def gettext(self, message: str, **values: object) -> str:
        """The same as calling it; the name ``pybabel extract`` finds messages by."""
        return self(message, **values)

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The form for ``count`` (``%(count)s`` is the count, written as this language
        writes numbers)."""
        text = self._translations.ngettext(singular, plural, count)
        return text % {"count": self.number(count), **values}

    def number(self, count: int) -> str:
        """``1,234`` (English), ``1 234`` (French): a whole number as the language writes it."""
        return format_decimal(count, locale=self.language.replace("-", "_"))

    def __reduce__(self) -> tuple[type[Words], tuple[str]]:
        return (Words, (self.language,))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and other.language == self.language

    def __hash__(self) -> int:
        return hash(self.language)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is written; translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message (``pybabel extract -k Nn_:1,2``); translated where shown."""
    return (singular, plural)
