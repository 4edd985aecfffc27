"""The lists of each kind of resource (``actors/``, ``places/``...), under their headings, in
pages of :data:`LIST_PAGE_SIZE` links (``actors/2/``...): no page grows with the data."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby

from ld_events.layout import KIND_BY_NAME, listing_folder, page_of, relative
from ld_events.publish.catalog import Resource
from ld_events.publish.contexts import Link, LinkGroup, ListingPage, PageInfo, SiteInfo
from ld_events.publish.gather import Gatherer
from ld_events.publish.paging import pager
from ld_events.publish.render import PageMemo
from ld_events.translations import Words

#: Links on a page of a list: the CAMEO codes (some 300) and the action types fit on one.
LIST_PAGE_SIZE = 500


def listing_pages(
    site: SiteInfo,
    gather: Gatherer,
    kind_name: str,
    entries: list[tuple[str, Resource]],
    page_info: Callable[[str, str, str], PageInfo],
    intro: str,
    memo: PageMemo,
    words: Words,
    title: str,
) -> Iterator[tuple[str, bytes]]:
    """The pages of a kind's list of ``entries`` (heading, resource), in that order; a heading
    that goes on from the page before is marked "(continued)"."""
    kind = KIND_BY_NAME[kind_name]
    listing = str(kind.listing)
    chunks = [entries[i : i + LIST_PAGE_SIZE] for i in range(0, len(entries), LIST_PAGE_SIZE)]
    chunks = chunks or [[]]
    last_heading = None
    for number, chunk in enumerate(chunks, 1):
        here = listing_folder(listing, number)
        groups = []
        for heading, members in groupby(chunk, key=lambda entry: entry[0]):
            links = [_link(gather, resource, here) for _, resource in members]
            shown = heading
            if heading == last_heading:
                shown = words("%(heading)s (continued)", heading=heading)
            groups.append(LinkGroup(shown, links))
            last_heading = heading
        numbered = title
        if number > 1:
            numbered = words("%(title)s — page %(number)s", title=title, number=number)
        paged = None
        if len(chunks) > 1:

            def href(n: int, here: str = here) -> str:
                return relative(here, listing_folder(listing, n))

            paged = pager(number, len(chunks), href)
        context = ListingPage(
            site=site,
            page=page_info(numbered, here, listing),
            groups=groups,
            intro=intro,
            listing_pager=paged,
        )
        made = memo.page(page_of(here), context)
        if made is not None:
            yield made


def _link(gather: Gatherer, resource: Resource, here: str) -> Link:
    link = gather.link(resource.iri, here)
    return link._replace(note=resource.slug) if resource.kind == "cameo" else link
