"""The timeline: every event in time order, by year and month, in pages of a fixed size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator

from ld_events.layout import TIMELINE, page_of, relative, timeline_folder
from ld_events.publish.catalog import EventSummary
from ld_events.publish.contexts import (
    EventRow,
    MonthGroup,
    MonthLink,
    PageInfo,
    Pager,
    SiteInfo,
    TimelinePage,
    YearGroup,
)
from ld_events.publish.gather import PAGE_SIZE, Gatherer
from ld_events.publish.render import PageMemo
from ld_events.publish.wording import MONTHS

#: Events per timeline page.
EVENTS_PER_PAGE = PAGE_SIZE * 2
#: ``Publisher.page_info``: the details of a page from its title, folder and menu section.
PageInfoMaker = Callable[[str, str, str], PageInfo]


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
    months = _month_index(events)
    for number in range(1, pages + 1):
        folder = timeline_folder(number)
        chunk = events[(number - 1) * EVENTS_PER_PAGE : number * EVENTS_PER_PAGE]
        title = "Timeline" if number == 1 else f"Timeline — page {number}"
        context = TimelinePage(
            site=site,
            page=page_info(title, folder, TIMELINE),
            total=len(events),
            groups=_by_year_and_month(gather, chunk, folder),
            months=[
                MonthLink(label, relative(folder, target) + f"#{anchor}", count)
                for label, target, anchor, count in months
            ],
            timeline_pager=_pager(number, pages),
            page_number=number,
        )
        made = memo.page(page_of(folder), context)
        if made is not None:
            yield made


def _by_year_and_month(
    gather: Gatherer, events: list[EventSummary], folder: str
) -> list[YearGroup]:
    years: dict[str, dict[str, list[EventRow]]] = {}
    for event in events:
        year, month = _year_month(event.bounds.sort_key)
        years.setdefault(year, {}).setdefault(month, []).append(gather.event_row(event, folder))
    return [
        YearGroup(
            year,
            [MonthGroup(_month_label(year, m), f"m{year}-{m}", rows) for m, rows in months.items()],
        )
        for year, months in years.items()
    ]


def _year_month(sort_key: str) -> tuple[str, str]:
    if sort_key.startswith("9999"):
        return "Undated", "00"
    return sort_key[:4], sort_key[5:7]


def _month_label(year: str, month: str) -> str:
    if month == "00":
        return "Date unknown"
    return f"{MONTHS[int(month)]} {year}"


def _month_index(events: list[EventSummary]) -> list[tuple[str, str, str, int]]:
    """Each month once: its label, the timeline page where it starts, its anchor, its count."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    first_page: dict[tuple[str, str], int] = {}
    for index, event in enumerate(events):
        key = _year_month(event.bounds.sort_key)
        counts[key] += 1
        first_page.setdefault(key, index // EVENTS_PER_PAGE + 1)
    return [
        (_month_label(*key), timeline_folder(first_page[key]), f"m{key[0]}-{key[1]}", counts[key])
        for key in counts
    ]


def _pager(number: int, pages: int) -> Pager | None:
    if pages == 1:
        return None
    here = timeline_folder(number)

    def href(target: int) -> str:
        return relative(here, timeline_folder(target))

    numbered: list[tuple[int, str | None]] = [
        (n, None if n == number else href(n)) for n in range(1, pages + 1)
    ]
    return Pager(
        number,
        pages,
        href(number - 1) if number > 1 else None,
        href(number + 1) if number < pages else None,
        numbered,
    )
