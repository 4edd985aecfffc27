"""Jinja2 rendering: the environment, and a page rendered from its typed context.

Templates get the context's fields as variables, plus the globals set here: ``layout`` (the
site's file names, so no template spells one), ``page_chrome`` and the ``link_html`` filter.
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


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(asset_dir("site") / "templates")),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a build: no stat() per page
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.filters["link_html"] = link_html
    env.globals["page_chrome"] = page_chrome
    env.globals["layout"] = layout
    env.globals["MAP_LISTED"] = LISTED  # a cluster's places listed (map.html, its script)
    env.globals["MAP_MAX_MARKERS"] = MAX_MARKERS
    return env


@dataclass(frozen=True)
class Chrome:
    header: Markup
    footer: Markup


@lru_cache(maxsize=256)
def page_chrome(site: SiteInfo, root: str, section: str) -> Chrome:
    """Header and footer depend only on the folder depth and section: render each once."""
    env = environment()
    page = {"root": root, "section": section}
    header = env.get_template("header.html").render(site=site, page=page)
    footer = env.get_template("footer.html").render(site=site, page=page)
    return Chrome(Markup(header.strip()), Markup(footer.strip()))


@lru_cache(maxsize=8192)
def link_html(link: Link, page_language: str) -> Markup:
    """A value as HTML: a link when it has a page, else text; with its note. Escaped.

    Cached: the same links (an actor, a place, an event) recur on page after page."""
    text = escape(link.text)
    if link.href:
        html = f'<a href="{escape(link.href)}">{text}</a>'
    elif link.language and link.language != page_language:
        html = f'<span lang="{escape(link.language)}">{text}</span>'
    else:
        html = f"<span>{text}</span>"
    if link.note:
        html += f' <span class="note">({escape(link.note)})</span>'
    return Markup(html)


def render(context: PageContext) -> bytes:
    """The page of ``context``: its template, with its fields as the template's variables."""
    variables = {f.name: getattr(context, f.name) for f in fields(context)}
    return environment().get_template(context.template).render(variables).encode("utf-8")


def warm_templates() -> None:
    """Compile every template now (before forking workers that would each compile them)."""
    env = environment()
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
