"""The timeline: every event in time order, by year and month, in pages of a fixed size.

Each page has the years and months to jump to, the density strip (events per month) and the
filter form, which the timeline's script (``static/timeline.js``) fills from the filter index
(``publish.timeline_index``); without the script the pages still list every event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pyoxigraph import Store

from ld_events.layout import TIMELINE, page_of, relative, timeline_folder
from ld_events.publish.catalog import EventSummary
from ld_events.publish.contexts import (
    EventRow,
    MonthGroup,
    PageInfo,
    Pager,
    SiteInfo,
    TimelinePage,
    YearGroup,
)
from ld_events.publish.facets import event_facets
from ld_events.publish.gather import PAGE_SIZE, Gatherer
from ld_events.publish.paging import pager
from ld_events.publish.render import PageMemo
from ld_events.publish.timeline_index import timeline_index
from ld_events.publish.timeline_nav import (
    density_strip,
    first_pages,
    month_anchor,
    month_counts,
    month_key,
    month_label,
    year_label,
    year_links,
)

#: Events per timeline page.
EVENTS_PER_PAGE = PAGE_SIZE * 2
#: ``Publisher.page_info``: the details of a page from its title, folder and menu section.
PageInfoMaker = Callable[[str, str, str], PageInfo]


def timeline_files(
    site: SiteInfo,
    gather: Gatherer,
    store: Store,
    page_info: PageInfoMaker,
    memo: PageMemo,
) -> Iterator[tuple[str, bytes]]:
    """The timeline's pages (those ``memo`` keeps are not rendered) and its filter index."""
    catalog = gather.catalog
    events = catalog.events_in_order()
    yield from timeline_pages(site, gather, events, page_info, memo)
    yield from timeline_index(catalog, events, event_facets(store, catalog.events))


def timeline_pages(
    site: SiteInfo,
    gather: Gatherer,
    events: list[EventSummary],
    page_info: PageInfoMaker,
    memo: PageMemo,
) -> Iterator[tuple[str, bytes]]:
    """Every page of the timeline, ``events`` being in time order (those ``memo`` keeps are
    not rendered)."""
    pages = max(1, (len(events) + EVENTS_PER_PAGE - 1) // EVENTS_PER_PAGE)
    counts = month_counts(events)
    starts = first_pages(events, EVENTS_PER_PAGE)
    for number in range(1, pages + 1):
        folder = timeline_folder(number)

        def href(key: str, here: int = number, folder: str = folder) -> str:
            start = starts[key]
            page = "" if start == here else relative(folder, timeline_folder(start))
            return f"{page}#{month_anchor(key)}"

        chunk = events[(number - 1) * EVENTS_PER_PAGE : number * EVENTS_PER_PAGE]
        words = gather.catalog.words
        title = (
            words("Timeline") if number == 1 else words("Timeline — page %(number)s", number=number)
        )
        context = TimelinePage(
            site=site,
            page=page_info(title, folder, TIMELINE),
            total=len(events),
            groups=_by_year_and_month(gather, chunk, folder),
            years=year_links(counts, href, {month_key(e) for e in chunk}, words),
            strip=density_strip(counts, href, words),
            timeline_pager=_pager(number, pages),
            page_number=number,
        )
        made = memo.page(page_of(folder), context)
        if made is not None:
            yield made


def _by_year_and_month(
    gather: Gatherer, events: list[EventSummary], folder: str
) -> list[YearGroup]:
    words = gather.catalog.words
    years: dict[str, dict[str, list[EventRow]]] = {}
    for event in events:
        key = month_key(event)
        row = gather.event_row(event, folder)
        years.setdefault(year_label(key, words), {}).setdefault(key, []).append(row)
    return [
        YearGroup(
            year,
            [
                MonthGroup(month_label(k, words), month_anchor(k), rows)
                for k, rows in months.items()
            ],
        )
        for year, months in years.items()
    ]


def _pager(number: int, pages: int) -> Pager | None:
    """Previous, next, the first and last pages and those near this one; a gap is page 0."""
    if pages == 1:
        return None
    here = timeline_folder(number)
    return pager(number, pages, lambda target: relative(here, timeline_folder(target)))
