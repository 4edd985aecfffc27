"""The words the site's scripts write (``static/search.js``, ``static/timeline.js``), in the
interface language: given to them as JSON in a ``data-words`` attribute.

Messages are gettext's, extracted with the rest (``N_``); a script looks a message up by its
English text and fills its ``%(name)s`` placeholders. A plural message is given once per
plural category of the language (the CLDR's ``one``, ``two``, ``few``...), so that the
browser's ``Intl.PluralRules`` picks the form: Arabic has six.
"""

from __future__ import annotations

import json
from functools import cache

from babel import Locale

from ld_events.translations import N_, SOURCE_LANGUAGE, Nn_, translations

#: The scripts' messages, by their English text.
MESSAGES = (
    N_("Kind"),
    N_("All kinds"),
    N_("Year"),
    N_("All years"),
    N_("Country"),
    N_("All countries"),
    N_("Event"),
    N_("Actor"),
    N_("Place"),
    N_("Source"),
    N_("Events"),
    N_("Actors"),
    N_("Places"),
    N_("Sources"),
    N_("Other pages"),
    N_("No pages found."),
    N_("Undated"),
    N_("All of %(year)s"),
    N_("series"),
    N_("statement"),
    N_("machine-coded"),
    N_("Searching…"),
    N_("The filter index could not be read (%(error)s)."),
    N_("Show more"),
    N_("action type %(type)s"),
    N_("in %(country)s"),
    N_("actor “%(actor)s”"),
    N_(", "),
    N_("%(month)s (%(count)s)"),
)


#: The scripts' plural messages, by a key of their own.
PLURALS = {
    "pages found": Nn_("%(num)s page found.", "%(num)s pages found."),
    "events match": Nn_("%(num)s event matches: %(what)s.", "%(num)s events match: %(what)s."),
    "first events": Nn_(
        "The first %(num)s event that matches: %(what)s.",
        "The first %(num)s events that match: %(what)s.",
    ),
}


@cache
def script_words(language: str) -> str:
    """The JSON of the scripts' words in ``language`` (``{}`` in English: the scripts' own)."""
    if language == SOURCE_LANGUAGE:
        return "{}"
    gettext = translations(language)
    messages = {message: gettext.gettext(message) for message in MESSAGES}
    samples = _samples(language)
    plurals = {
        key: {
            category: gettext.ngettext(singular, plural, count)
            for category, count in samples.items()
        }
        for key, (singular, plural) in PLURALS.items()
    }
    words = {"language": language, "messages": messages, "plurals": plurals}
    return json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _samples(language: str) -> dict[str, int]:
    """A count of each plural category of ``language``: ``{"one": 1, "other": 0}``."""
    rule = Locale.parse(language, sep="-").plural_form
    found: dict[str, int] = {}
    for count in range(0, 1000):
        found.setdefault(rule(count), count)
    return dict(sorted(found.items()))
