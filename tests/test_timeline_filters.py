"""The timeline as a reader uses it: filtered in headless Chromium, navigated without JavaScript.

The example is served by `ld-events serve` on 127.0.0.1; the browser may reach nothing else.
The density strip's counts are checked against the events per month read from the site's own
N-Triples dump with rdflib, not against the build's catalog.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import rdflib
from benchmarks.synthetic import write_project
from rdflib import URIRef

from ld_events.build import build
from ld_events.layout import TIMELINE, timeline_folder
from tests.browser import local_only
from tests.test_sparql_endpoint import serving

BASE = "https://example.org/iraq-syria-2021/"
#: A synthetic project's events, over ten years: more in a year than a filter shows at first.
SYNTHETIC_EVENTS = 1500
LDE = rdflib.Namespace("https://w3id.org/ld-events/ns#")
#: The US air strikes of 27 June 2021 and their three sub-events, one per targeted site.
AIR_STRIKES = {
    "event/2021-06-27-us-air-strikes-iraq-syria-border/",
    "event/2021-06-27-us-air-strike-iraq-site/",
    "event/2021-06-27-us-air-strike-syria-site-1/",
    "event/2021-06-27-us-air-strike-syria-site-2/",
}


@pytest.fixture(scope="module")
def served(example_site: Path) -> Iterator[str]:
    with serving(example_site) as url:
        yield url


def _listed(page: Any, url: str) -> set[str]:
    links = page.locator("#timeline-results ul.timeline li a")
    return {
        urljoin(page.url, links.nth(i).get_attribute("href")).removeprefix(url)
        for i in range(links.count())
    }


def test_filtering_to_june_2021_and_air_strikes_lists_the_strikes(
    browser: Any, served: str
) -> None:
    page = browser.new_page()
    refused = local_only(page, served)
    page.goto(served + f"{TIMELINE}/")
    form = page.locator("#timeline-filter")
    form.wait_for(state="visible")
    assert page.locator("#timeline-list").is_visible()  # unfiltered: every event, by month
    page.select_option("select[name=month]", label="June 2021 (10)")
    page.select_option("select[name=type]", label="air strike")
    page.click("#timeline-filter button[type=submit]")
    status = page.locator("#timeline-results [role=status]")
    status.filter(has_text="match").wait_for()
    assert status.inner_text() == "4 events match: June 2021, action type air strike."
    assert _listed(page, served) == AIR_STRIKES
    assert not page.locator("#timeline-list").is_visible()
    assert urlsplit(page.url).query == "month=2021-06&type=airStrike"

    # The address holds the filter: opened again, it lists the same; "Clear" lists everything.
    page.goto(page.url)
    status.filter(has_text="4 events match").wait_for()
    assert _listed(page, served) == AIR_STRIKES
    page.click("#timeline-filter button[type=reset]")
    assert page.locator("#timeline-list").is_visible()
    assert page.url.removeprefix(served) == f"{TIMELINE}/"

    # Another facet and a broader type: attacks in Syria are the two strikes on its sites.
    page.goto(served + f"{TIMELINE}/?type=attack&country=syria")
    status.filter(has_text="match").wait_for()
    assert _listed(page, served) == {
        "event/2021-06-27-us-air-strikes-iraq-syria-border/",  # the border region: both
        "event/2021-06-27-us-air-strike-syria-site-1/",
        "event/2021-06-27-us-air-strike-syria-site-2/",
    }
    page.goto(served + f"{TIMELINE}/?actor=biden&month=2021")
    status.filter(has_text="match").wait_for()
    assert _listed(page, served) == AIR_STRIKES  # ordered by Joe Biden, inherited by the sites
    assert refused == []
    page.close()


class _Links(HTMLParser):
    """The links of a page, and the ids, the density strip's months and the script tags."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.strip: dict[str, int] = {}
        self.details: int = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if found.get("data-month"):
            self.strip[str(found["data-month"])] = int(str(found["data-events"]))
        if tag == "details":
            self.details += 1


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_without_javascript_the_years_and_months_lead_to_the_events(
    browser: Any, served: str, example_site: Path
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    refused = local_only(page, served)
    page.goto(served + f"{TIMELINE}/")
    assert not page.locator("#timeline-filter").is_visible()  # it needs the script
    assert page.locator("#timeline-list li").count() == 16
    april = page.locator("nav.years a", has_text="April 2021")
    assert april.is_visible()  # the year of this page's events is open
    year = page.locator("nav.years summary", has_text="2021")
    year.click()  # a year folds and unfolds its months
    assert not april.is_visible()
    year.click()
    april.click()
    assert urlsplit(page.url).fragment == "m2021-04"
    heading = page.locator("#m2021-04")
    assert heading.inner_text() == "April 2021"
    first = heading.locator("xpath=following-sibling::ul[1]/li[1]/a")
    assert first.get_attribute("href") == "../event/2021-04-erbil-airport-drone-attack/"
    assert refused == []
    context.close()

    # The page is short: a year's months are folded, not a wall of links before the events.
    parsed = _parse(example_site / timeline_folder(1) / "index.html")
    assert parsed.details == 1
    for href in parsed.links:
        target = urlsplit(urljoin(f"{TIMELINE}/", href))
        if target.fragment and target.path == f"{TIMELINE}/":
            assert target.fragment in parsed.ids, href


def _dump_months(dump: Path, base: str = BASE) -> Counter[str]:
    """Events per month from the N-Triples dump: an event's time span starts (else ends) in
    the month, or its parent's does (a sub-event takes its parent's time)."""
    graph = rdflib.Graph()
    graph.parse(dump, format="nt")
    events = {
        s for s in graph.subjects() if re.fullmatch(re.escape(base) + r"event/[^/]+/#it", str(s))
    }

    def month(event: Any, depth: int = 0) -> str:
        for span in graph.objects(event, LDE.time):
            days = [*graph.objects(span, LDE.earliestStart), *graph.objects(span, LDE.latestEnd)]
            starts = sorted(str(d) for d in graph.objects(span, LDE.earliestStart))
            return (starts or sorted(str(d) for d in days))[0][:7]
        parent = graph.value(event, LDE.partOf)
        return month(parent, depth + 1) if parent is not None and depth < 10 else "undated"

    return Counter(month(URIRef(str(e))) for e in events)


def test_the_density_strip_counts_the_events_of_each_month(example_site: Path) -> None:
    expected = _dump_months(example_site / "dump" / "dataset.nt")
    strip = _parse(example_site / timeline_folder(1) / "index.html").strip
    assert sum(expected.values()) == 16
    assert "undated" not in expected
    assert {k: v for k, v in strip.items() if v} == dict(expected)
    # Every month between the first and the last has its bar, empty ones too (the gaps).
    first, last = min(expected), max(expected)
    years = range(int(first[:4]), int(last[:4]) + 1)
    months = [f"{y}-{m:02d}" for y in years for m in range(1, 13)]
    assert list(strip) == [m for m in months if first <= m <= last]


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("synthetic") / "project"
    write_project(project, SYNTHETIC_EVENTS, "ttl")
    build(project, project.parent / "site")
    return project.parent / "site"


def test_a_long_filter_result_shows_more_on_demand(browser: Any, synthetic_site: Path) -> None:
    """A year holds more events than a filter first shows: "Show more" reads on to the end."""
    dump = synthetic_site / "dump" / "dataset.nt"
    base = re.search(r"<(\S+/)event/", dump.read_text(encoding="utf-8"))
    assert base is not None
    per_month = _dump_months(dump, base.group(1))
    assert sum(per_month.values()) == SYNTHETIC_EVENTS
    expected = sum(n for month, n in per_month.items() if month.startswith("2016"))
    with serving(synthetic_site) as url:
        page = browser.new_page()
        refused = local_only(page, url)
        page.goto(url + f"{TIMELINE}/?month=2016")
        status = page.locator("#timeline-results [role=status]")
        status.filter(has_text="The first").wait_for()
        shown = page.locator("#timeline-results ul.timeline li").count()
        assert 100 <= shown < expected
        while page.locator("#timeline-results button", has_text="Show more").count():
            page.click("#timeline-results button")
            page.wait_for_function(
                "n => document.querySelectorAll('#timeline-results li').length > n", arg=shown
            )
            shown = page.locator("#timeline-results ul.timeline li").count()
        status.filter(has_text="events match").wait_for()
        assert status.inner_text() == f"{expected} events match: 2016."
        assert len(_listed(page, url)) == expected
        assert refused == []
        page.close()
    # The pager of a long timeline names the pages near this one, not every page.
    pager = _parse(synthetic_site / timeline_folder(1) / "index.html")
    assert pager.strip == {m: per_month.get(m, 0) for m in pager.strip}
    assert len(pager.strip) == 120
    pages = [href for href in pager.links if re.fullmatch(r"(\.\./)*events/\d+/|\d+/", href)]
    assert len(set(pages)) == 3  # pages 2, 3 and the last
