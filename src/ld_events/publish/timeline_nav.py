"""The timeline's navigation: its years, each opening to its months, and the density strip.

Both link each month to the timeline page where its events start (``events/7/#m2021-06``), so
a reader without JavaScript reaches any month in two clicks, and the strip shows at a glance
where the events are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from ld_events.publish.catalog import EventSummary
from ld_events.publish.wording import ENGLISH, month_year
from ld_events.translations import Words

#: The month key of events without a date (sorted after every dated one).
UNDATED = "undated"
_MONTH = re.compile(r"\d{4}-\d{2}")


class MonthLink(NamedTuple):
    """A month: its key (``2021-06``), name, how many events, where they start.

    In the density strip a month without events has no link (``href`` None) and makes a gap.
    """

    key: str
    label: str
    events: int
    href: str | None


class YearLink(NamedTuple):
    """A year of the timeline's navigation, with its months; ``current``: this page shows
    some of its events (it is shown open)."""

    year: str
    events: int
    months: list[MonthLink]
    current: bool


def month_key(event: EventSummary) -> str:
    """``2021-06`` (the month the event is placed in), or :data:`UNDATED`."""
    key = event.bounds.sort_key
    if key.startswith("9999"):
        return UNDATED
    return key[:7] if _MONTH.match(key) else f"{key[:4]}-01"  # a year alone: its January


def month_label(key: str, words: Words = ENGLISH) -> str:
    if key == UNDATED:
        return words("Date unknown")
    return month_year(int(key[5:7]), key[:4], words)


def year_label(key: str, words: Words = ENGLISH) -> str:
    """The year of a month key, or "Undated"."""
    return words("Undated") if key == UNDATED else key[:4]


def month_anchor(key: str) -> str:
    """The id of the month's heading on its timeline page."""
    return "undated" if key == UNDATED else f"m{key}"


def month_counts(events: list[EventSummary]) -> dict[str, int]:
    """Events per month, in time order (``events`` are), undated last."""
    return dict(Counter(month_key(event) for event in events))


def first_pages(events: list[EventSummary], per_page: int) -> dict[str, int]:
    """The timeline page on which each month starts."""
    first: dict[str, int] = {}
    for index, event in enumerate(events):
        first.setdefault(month_key(event), index // per_page + 1)
    return first


def year_links(
    counts: dict[str, int],
    href: Callable[[str], str],
    on_page: set[str],
    words: Words = ENGLISH,
) -> list[YearLink]:
    """The years, each with its months; ``on_page``: the months this page shows."""
    years: dict[str, list[MonthLink]] = {}
    for key, total in counts.items():
        link = MonthLink(key, month_label(key, words), total, href(key))
        years.setdefault(year_label(key, words), []).append(link)
    return [
        YearLink(
            year,
            sum(m.events for m in months),
            months,
            any(m.key in on_page for m in months),
        )
        for year, months in years.items()
    ]


def density_strip(
    counts: dict[str, int], href: Callable[[str], str], words: Words = ENGLISH
) -> list[MonthLink]:
    """Every month from the first dated one to the last, those without events included."""
    dated = [key for key in counts if key != UNDATED]
    if not dated:
        return []
    year, month = int(dated[0][:4]), int(dated[0][5:7])
    last = dated[-1]
    strip = []
    while True:
        key = f"{year:04d}-{month:02d}"
        total = counts.get(key, 0)
        label = month_label(key, words)
        strip.append(MonthLink(key, label, total, href(key) if total else None))
        if key >= last:
            return strip
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
