"""What the index pages call things, in the site's language: the listings' titles and
introductions, the home page's counts ("2 events"), the sizes of downloads."""

from __future__ import annotations

from babel.numbers import get_decimal_symbol

from ld_events.translations import N_, Words

#: What each listing page says it lists.
LIST_INTROS = {
    "actor": N_("People, organisations and groups named in the records."),
    "place": N_("Countries, cities, regions and sites, including unnamed ones."),
    "source": N_("The articles and statements the records are based on."),
    "type": N_("What happened: the action types and purposes used."),
    "cameo": N_(
        "The event codes of CAMEO, under its 20 root codes, with the action types above "
        "mapped to them. See the vocabulary page for the codebook's source and licence."
    ),
}
#: Each listing's title and the heading of a group of resources of its kind.
LIST_TITLES = {
    "event": N_("Events"),
    "actor": N_("Actors"),
    "place": N_("Places"),
    "source": N_("Sources"),
    "type": N_("Action types"),
    "cameo": N_("CAMEO event codes"),
}
OTHER_ACTORS = N_("Other actors")
ACTOR_GROUPS = {"Person": N_("People"), "Organization": N_("Organisations"), "Group": N_("Groups")}


def counted(kind: str, total: int, words: Words) -> str:
    """ "1 source", "2 sources": the kind's name as a count of it needs it (the count is shown
    before it, in bold)."""
    if kind == "event":
        return words.ngettext("event", "events", total)
    if kind == "actor":
        return words.ngettext("actor", "actors", total)
    if kind == "place":
        return words.ngettext("place", "places", total)
    return words.ngettext("source", "sources", total)


def file_size(count: int, words: Words) -> str:
    if count < 1024:
        return words.ngettext("%(count)s byte", "%(count)s bytes", count)
    if count < 1024 * 1024:
        return words("%(size)s KB", size=_decimal(count / 1024, words))
    return words("%(size)s MB", size=_decimal(count / 1024 / 1024, words))


def _decimal(number: float, words: Words) -> str:
    """``12.3`` (English), ``12,3`` (French): one decimal, as the language writes it."""
    return f"{number:.1f}".replace(".", get_decimal_symbol(words.language.replace("-", "_")))
