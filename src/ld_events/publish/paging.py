"""The pager of a list split into pages: previous, next, the first and last pages and those
near the current one, so that it stays short however many pages there are."""

from __future__ import annotations

from collections.abc import Callable

from ld_events.publish.contexts import Pager

#: Page numbers the pager links on each side of the current page (and the first and last).
PAGER_REACH = 2


def pager(number: int, pages: int, href: Callable[[int], str]) -> Pager:
    """Page ``number`` of ``pages``, linking each page by ``href(page)``; a gap is page 0."""
    shown = {1, pages, *range(number - PAGER_REACH, number + PAGER_REACH + 1)}
    numbered: list[tuple[int, str | None]] = []
    for n in sorted(n for n in shown if 1 <= n <= pages):
        if numbered and n > numbered[-1][0] + 1:
            numbered.append((0, None))
        numbered.append((n, None if n == number else href(n)))
    return Pager(
        number,
        pages,
        href(number - 1) if number > 1 else None,
        href(number + 1) if number < pages else None,
        numbered,
    )
