"""The overview map's time filter (issue #13): in headless Chromium, on the located copy of the
example (``tests/test_maps.py``), served on 127.0.0.1 with every other request refused.

Which events are on the map in June 2021 is read from the site's own Turtle dump with rdflib
(each located event's month: its time span's start, else its parent's), not from the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rdflib
from rdflib import URIRef

from tests.test_maps import BASE, LOCATED_EVENTS, browser_page, located_site
from tests.test_sparql_endpoint import serving

__all__ = ["located_site"]  # the module's fixture, used here
LDE = rdflib.Namespace("https://w3id.org/ld-events/ns#")


def month_of(graph: rdflib.Graph, event: URIRef, depth: int = 0) -> str:
    """The month the event is placed in: its time span's start (else end), else its parent's."""
    for span in graph.objects(event, LDE.time):
        starts = sorted(str(d) for d in graph.objects(span, LDE.earliestStart))
        ends = sorted(str(d) for d in graph.objects(span, LDE.latestEnd))
        return (starts or ends)[0][:7]
    parent = graph.value(event, LDE.partOf)
    assert isinstance(parent, URIRef | None)
    return month_of(graph, parent, depth + 1) if parent is not None and depth < 10 else "undated"


def located_by_month(site: Path) -> dict[str, set[str]]:
    """The page of each located event (``event/x/``), by month."""
    graph = rdflib.Graph().parse(site / "dump" / "dataset.ttl")
    found: dict[str, set[str]] = {}
    for row in graph.query(LOCATED_EVENTS):
        event = row[0]  # type: ignore[index]
        assert isinstance(event, URIRef)
        page = str(event).removeprefix(BASE).partition("#")[0]
        found.setdefault(month_of(graph, event), set()).add(page)
    return found


def shown(page: Any, root: str) -> tuple[list[int], set[str], list[str]]:
    """The markers' counts, the event pages the single markers link to, the clusters' links."""
    markers = page.locator("svg.map a.marker")
    counts = [int(c) for c in markers.evaluate_all("ms => ms.map(m => m.dataset.count)")]
    singles = markers.evaluate_all(
        "ms => ms.filter(m => m.dataset.count === '1')"
        ".map(m => new URL(m.getAttribute('href'), document.baseURI).href)"
    )
    clusters = markers.evaluate_all(
        "ms => ms.filter(m => m.dataset.count !== '1').map(m => m.getAttribute('href'))"
    )
    return counts, {url.removeprefix(root) for url in singles}, clusters


def test_filtering_to_june_2021_leaves_the_markers_of_june(located_site: Path) -> None:
    months = located_by_month(located_site)
    june = months["2021-06"]
    others = set().union(*(pages for month, pages in months.items() if month != "2021-06"))
    assert len(june) >= 4, months  # the strikes and their sites
    assert others, months  # April's attacks
    everything = sum(len(pages) for pages in months.values())
    with serving(located_site) as root, browser_page(root) as (page, refused):
        page.goto(root + "map/")
        form = page.locator("#map-filter")
        form.wait_for(state="visible")
        assert sum(shown(page, root)[0]) == everything
        page.get_by_label("From").select_option(label="June 2021")
        page.get_by_label("to", exact=True).select_option(label="June 2021")
        status = page.locator("#map-filter-status")
        status.filter(has_text="are on the map").wait_for()
        counts, singles, clusters = shown(page, root)
        assert sum(counts) == len(june), (counts, june)
        assert singles <= june, singles
        assert clusters, "the strikes and their sites, in June, overlap: a cluster"
        assert not singles & others
        for href in clusters:  # a cluster's places below the map count its events
            assert href.startswith("#cluster-")
            notes = page.locator(f"section:has(h3{href}) li .note").all_inner_texts()
            number = int(
                page.locator(f"svg.map a.marker[href='{href}']").get_attribute("data-count") or 0
            )
            assert sum(int(n.strip("()").split()[0]) for n in notes) == number, notes
        assert f"{len(june)} of " in status.inner_text()
        assert page.url.endswith("map/?from=2021-06&to=2021-06")

        # The address keeps the period; "All events" shows every event again.
        page.goto(page.url)
        status.filter(has_text="are on the map").wait_for()
        assert sum(shown(page, root)[0]) == len(june)
        page.get_by_role("button", name="All events").click()
        status.filter(has_text="All events").wait_for()
        assert sum(shown(page, root)[0]) == everything
        assert page.url == root + "map/"

        # By keyboard: the fields are reached with Tab and changed with the arrow keys.
        page.get_by_label("From").focus()
        assert page.evaluate("document.activeElement.id") == "map-from"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "map-to"
        assert refused == []


def test_without_javascript_the_map_shows_every_event(located_site: Path) -> None:
    months = located_by_month(located_site)
    with serving(located_site) as root, browser_page(root, javascript=False) as (page, refused):
        page.goto(root + "map/")
        assert not page.locator("#map-filter").is_visible()
        assert sum(shown(page, root)[0]) == sum(len(pages) for pages in months.values())
        assert refused == []
