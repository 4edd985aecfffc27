"""Jinja2 rendering: the environment, and a page rendered from its typed context.

Templates get the context's fields as variables, plus the globals set here: ``layout`` (the
site's file names, so no template spells one), ``page_chrome``, the ``link_html`` and
``lang_attrs`` filters, and gettext's ``_``, ``gettext`` and ``ngettext`` with ``{% trans %}``
(Jinja's i18n extension): one environment per interface language, its catalogue installed
(``translations``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ld_events import layout
from ld_events.assets import asset_dir
from ld_events.publish.basemap import LISTED, MAX_MARKERS
from ld_events.publish.contexts import Link, PageContext, SiteInfo
from ld_events.publish.script_words import script_words
from ld_events.translations import SOURCE_LANGUAGE, Words, text_direction, translations


@cache
def environment(language: str = SOURCE_LANGUAGE) -> Environment:
    """The templates, with the interface strings in ``language`` (one of
    ``translations.available_languages``)."""
    env = Environment(
        loader=FileSystemLoader(str(asset_dir("site") / "templates")),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat() per page
        extensions=["jinja2.ext.i18n"],
    )
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's lines joined: one msgid
    catalogue = translations(language)
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    words = Words(language)
    env.filters["thousands"] = words.number
    env.filters["link_html"] = link_html
    env.filters["lang_attrs"] = lang_attrs
    env.globals["page_chrome"] = page_chrome
    env.globals["layout"] = layout
    env.globals["MAP_LISTED"] = LISTED  # a cluster's places listed (map.html, its script)
    env.globals["MAP_MAX_MARKERS"] = MAX_MARKERS
    env.globals["script_words"] = script_words(language)  # "{}" in English
    return env


@dataclass(frozen=True)
class Chrome:
    header: Markup
    footer: Markup


@lru_cache(maxsize=256)
def page_chrome(site: SiteInfo, root: str, section: str) -> Chrome:
    """Header and footer depend only on the folder depth and section: render each once."""
    env = environment(site.language)
    page = {"root": root, "section": section}
    header = env.get_template("header.html").render(site=site, page=page)
    footer = env.get_template("footer.html").render(site=site, page=page)
    return Chrome(Markup(header.strip()), Markup(footer.strip()))


@lru_cache(maxsize=8192)
def link_html(link: Link, page_language: str) -> Markup:
    """A value as HTML: a link when it has a page, else text; with its note. Escaped. Text in
    another language than the page's says so (``lang``), and which way it runs (``dir``) if
    that differs from the page's: an English label on an Arabic page, an Arabic one on an
    English page.

    Cached: the same links (an actor, a place, an event) recur on page after page."""
    text = escape(link.text)
    attributes = lang_attrs(link.language, page_language)
    if link.href:
        html = f'<a href="{escape(link.href)}"{attributes}>{text}</a>'
    else:
        html = f"<span{attributes}>{text}</span>"
    if link.note:
        html += f' <span class="note">({escape(link.note)})</span>'
    return Markup(html)


@lru_cache(maxsize=256)
def lang_attrs(language: str | None, page_language: str) -> Markup:
    """`` lang="en" dir="ltr"`` for an element whose text is in ``language`` on a page in
    ``page_language``: nothing when they are the same or the text's language is unknown;
    ``dir`` only when the two run different ways."""
    if not language or language.lower() == page_language.lower():
        return Markup("")
    html = f' lang="{escape(language)}"'
    direction = text_direction(language)
    if direction != text_direction(page_language):
        html += f' dir="{direction}"'
    return Markup(html)


def render(context: PageContext) -> bytes:
    """The page of ``context``: its template, with its fields as the template's variables."""
    variables = {f.name: getattr(context, f.name) for f in fields(context)}
    env = environment(context.site.language)
    return env.get_template(context.template).render(variables).encode("utf-8")


def warm_templates(language: str = SOURCE_LANGUAGE) -> None:
    """Compile every template now (before forking workers that would each compile them)."""
    env = environment(language)
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


@dataclass
class PageMemo:
    """Pages rendered only when their context differs from the previous build's.

    The index pages (home, timeline, lists) are made at every build, and most of them are
    the same after a small edit: a page whose context has the digest it had last time is not
    rendered, only named in :attr:`kept` (the site keeps its file). Contexts hold the whole
    input of a page; the templates are ld-events' own, and a change there is a full build.
    """

    #: Each page's context digest in the previous build, by path.
    previous: Mapping[str, bytes] = field(default_factory=dict)
    digests: dict[str, bytes] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def page(self, path: str, context: PageContext) -> tuple[str, bytes] | None:
        """``(path, bytes)``, or ``None`` if the page is the previous build's."""
        digest = hashlib.blake2b(pickle.dumps(context, protocol=5), digest_size=16).digest()
        self.digests[path] = digest
        if self.previous.get(path) == digest:
            self.kept.append(path)
            return None
        return path, render(context)
