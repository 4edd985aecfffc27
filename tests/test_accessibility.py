"""Accessibility (issue #13, part 5): every kind of page, as a reader with a screen reader, a
keyboard or no JavaScript meets it.

The example, with coordinates for the places it leaves unlocated (so that the overview map has
single markers and clusters: tests/test_maps.py), is served by ``ld-events serve`` on 127.0.0.1
and opened in headless Chromium (Playwright), which may reach nothing else:

- axe-core's rules (WCAG 2.0 and 2.1 A and AA, and its best practices) find no violation on any
  kind of page, on a desktop screen and a phone's, nor with the search box listing results;
- the maps and the search box are used with the keyboard alone, every control showing where
  the focus is;
- without JavaScript every page shows all it holds but the search box and the timeline's filter.
"""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ld_events.build import build
from tests.browser import (
    DESKTOP,
    PHONE,
    axe_violations,
    describe,
    focus_indicator,
    has_focus_indicator,
    open_page,
)
from tests.test_maps import located_copy
from tests.test_sparql_endpoint import serving
from tests.tools import vnu_messages

EVENT = "event/2021-06-27-us-air-strikes-iraq-syria-border/"
STATEMENT = "event/2021-06-27-pentagon-statement/"
SPARQL_RESULTS = "sparql?" + urllib.parse.urlencode(
    {
        "query": "SELECT ?event ?label WHERE { ?event a lde:Event ; rdfs:label ?label } LIMIT 5",
        "format": "html",
    }
)
#: Every kind of page: (path under the site's root, its heading, a text it shows).
PAGES = {
    "home": ("", "US strikes on Iran-backed militias", "Latest events"),
    "timeline": ("events/", "Timeline", "Attacks against US interests in Iraq"),
    "event": (EVENT, "US air strikes", "What the sources claim"),
    "actor": ("actor/john-kirby/", "John Kirby", "Pentagon statement"),
    "place": ("place/iraq/", "Iraq", "What happened here"),
    "source": ("source/2021-06-28-us-strikes-iraq-syria-border/", "Pentagon", "Claims reported"),
    "action type": ("type/airStrike/", "air strike", "US air strike"),
    "CAMEO code": ("cameo/1952/", "remotely piloted", "Related"),
    "CAMEO codes": ("cameo-codes/", "CAMEO event codes", "Employ remotely piloted"),
    "listing": ("actors/", "Actors", "John Kirby"),
    "map": ("map/", "Map of the events", "Places of the numbered markers"),
    "queries": ("queries/", "Queries", "Everything an actor did"),
    "query": ("queries/everything-about-an-actor/", "Everything an actor did", "Results"),
    "data": ("data/", "Data", "Downloads"),
    "vocabulary": ("vocabulary/", "Vocabulary", "What a record must have"),
    "404": ("no/such/deep/page/", "Page not found", "the home page"),
    "SPARQL form": ("sparql", "SPARQL query", "Read-only SPARQL 1.1 endpoint"),
    "SPARQL results": (SPARQL_RESULTS, "SPARQL query", "5 rows"),
}
SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("accessible")
    out = work / "site"
    build(located_copy(work), out)
    return out


@pytest.fixture(scope="module")
def root(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def pages(browser: Any, root: str) -> Iterator[dict[str, Any]]:
    """One page per screen size, reused from test to test (a new context costs more than a
    navigation)."""
    opened = {name: open_page(browser, root, "", viewport=size) for name, size in SCREENS.items()}
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_violation(pages: dict[str, Any], root: str, kind: str, screen: str) -> None:
    page = pages[screen]
    path, heading, _ = PAGES[kind]
    page.goto(root + path)
    assert heading in page.locator("h1").inner_text()
    violations = axe_violations(page)
    assert not violations, f"{kind} page ({path or '/'}, {screen}):\n{describe(violations)}"


def _search_for_kirby(page: Any, root: str) -> None:
    page.goto(root + EVENT)
    page.fill("#search-input", "Kirby")
    page.wait_for_selector(".search-results li a")


def _filter_the_timeline(page: Any, root: str) -> None:
    page.goto(root + "events/?month=2021-06&type=airStrike")
    page.locator("#timeline-results [role=status]").filter(has_text="match").wait_for()


#: What the scripts show: the search box listing results, the timeline filtered.
STATES = {"search results": _search_for_kirby, "filtered timeline": _filter_the_timeline}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("state", STATES)
def test_axe_finds_no_violation_in_what_the_scripts_show(
    pages: dict[str, Any], root: str, state: str, screen: str
) -> None:
    page = pages[screen]
    STATES[state](page, root)
    violations = axe_violations(page)
    assert not violations, f"{state} ({screen}):\n{describe(violations)}"


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_is_wider_than_a_phone(pages: dict[str, Any], root: str, kind: str) -> None:
    """At 390 px, nothing runs off the screen (the SPARQL form's 90-column box did)."""
    page = pages["phone"]
    page.goto(root + PAGES[kind][0])
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the {kind} page is {overflow} px too wide for a phone"


#: The words of a page's tables that are drawn over two lines (a letter run split inside).
SPLIT_WORDS = """() => {
    const split = [];
    for (const cell of document.querySelectorAll('main td, main th')) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            for (const word of text.textContent.matchAll(/[A-Za-z]+/g)) {
                const range = document.createRange();
                range.setStart(text, word.index);
                range.setEnd(text, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) split.push(word[0]);
            }
        }
    }
    return split;
}"""


@pytest.mark.parametrize(
    "kind", ["home", "action type", "place", "actor", "query", "CAMEO codes", "SPARQL results"]
)
def test_no_word_in_a_table_is_split_on_a_desktop(
    pages: dict[str, Any], root: str, kind: str
) -> None:
    """A narrow column (an action type's "Role": "action") was drawn "actio" / "n"."""
    page = pages["desktop"]
    page.goto(root + PAGES[kind][0])
    assert page.evaluate(SPLIT_WORDS) == []


def test_the_404_page_under_serve_has_a_working_search_box(browser: Any, root: str) -> None:
    """Served at any depth, the 404 page's box finds the index from the site's root."""
    page = open_page(browser, root, "no/such/deep/page/", viewport=DESKTOP)
    page.wait_for_selector(".site-search:not([hidden])")
    page.fill("#search-input", "Kirby")
    page.locator(".search-results li a").first.click()
    page.wait_for_url(root + STATEMENT)
    page.context.close()


# -- the keyboard ----------------------------------------------------------------------------


def tab_until(page: Any, test: str, limit: int = 150) -> dict[str, str]:
    """Press Tab until the focused element passes ``test`` (a JavaScript function of it); its
    focus indicator. Fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return focus_indicator(page)
    pytest.fail(f"Tab never reached an element such that {test}")


#: Where a link (HTML or SVG) leads, as an absolute URL.
TARGET = "new URL(e.getAttribute('href'), document.baseURI).href"


def markers_by_keyboard(page: Any) -> list[tuple[str, dict[str, str]]]:
    """Every marker of the page's map as Tab reaches it: its target, and its focus indicator."""
    markers = page.locator("svg.map a.marker")
    reached = []
    shown = tab_until(page, "e => e.matches('svg.map a.marker')")
    while page.evaluate("document.activeElement.matches('svg.map a.marker')"):
        href = page.evaluate(
            "new URL(document.activeElement.getAttribute('href'), document.baseURI).href"
        )
        reached.append((href, shown))
        page.keyboard.press("Tab")
        shown = focus_indicator(page)
    assert len(reached) == markers.count() > 1
    return reached


@pytest.mark.parametrize("path", ["map/", "place/iraq/"])
def test_every_marker_is_reached_with_tab_shown_and_followed_with_enter(
    browser: Any, root: str, path: str
) -> None:
    page = open_page(browser, root, path, viewport=DESKTOP)
    reached = markers_by_keyboard(page)
    for href, shown in reached:
        assert has_focus_indicator(shown), (href, shown)
    # Follow the last marker that leads to another page, with Enter.
    target = [href for href, _ in reached if "#" not in href][-1]
    page.goto(root + path)
    tab_until(page, f"e => e.matches('a.marker') && {TARGET} === {target!r}")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    assert page.locator("h1").count() == 1
    page.context.close()


def test_a_cluster_marker_leads_to_the_list_of_its_places(browser: Any, root: str) -> None:
    page = open_page(browser, root, "map/", viewport=DESKTOP)
    tab_until(page, "e => e.matches('a.marker.cluster')")
    anchor = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/map/{anchor}")
    heading = page.locator(anchor)
    assert heading.is_visible()
    assert heading.evaluate("h => h.getBoundingClientRect().top") < DESKTOP["height"]
    page.context.close()


def test_the_search_box_is_used_with_the_keyboard(browser: Any, root: str) -> None:
    page = open_page(browser, root, "places/", viewport=DESKTOP)
    page.wait_for_selector(".site-search:not([hidden])")
    shown = tab_until(page, "e => e.id === 'search-input'")
    assert has_focus_indicator(shown), shown
    page.keyboard.type("Kirby")
    first = page.locator(".search-results li a").first
    first.wait_for()
    expected = first.evaluate("a => a.href")
    page.keyboard.press("ArrowDown")  # into the results
    assert page.evaluate("document.activeElement.href") == expected
    assert has_focus_indicator(focus_indicator(page))
    page.keyboard.press("ArrowDown")  # on to the next, and back up to the first
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.href") == expected
    page.keyboard.press("ArrowUp")  # above the first result: back in the box
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(expected)
    assert expected == root + STATEMENT
    page.context.close()


def test_escape_closes_the_results_and_returns_to_the_box(browser: Any, root: str) -> None:
    page = open_page(browser, root, "", viewport=DESKTOP)
    page.wait_for_selector(".site-search:not([hidden])")
    page.focus("#search-input")
    page.keyboard.type("Kirby")
    page.locator(".search-results li a").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    page.locator(".search-results").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.id") == "search-input"
    assert page.input_value("#search-input") == ""
    page.context.close()


@pytest.mark.parametrize("path", ["", "events/", "map/", EVENT, "sparql"])
def test_every_link_and_control_shows_its_focus(browser: Any, root: str, path: str) -> None:
    """Tab through the page from top to bottom: each stop is drawn with an indicator."""
    page = open_page(browser, root, path, viewport=DESKTOP)
    page.wait_for_load_state("networkidle")
    seen: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        where = page.evaluate(
            "(e => e === document.body ? '' : e.outerHTML.slice(0, 120))(document.activeElement)"
        )
        if not where or where in seen:
            break
        seen.append(where)
        shown = focus_indicator(page)
        assert has_focus_indicator(shown), (where, shown)
    assert len(seen) > 3


# -- without JavaScript ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def no_script(browser: Any, root: str) -> Iterator[Any]:
    page = open_page(browser, root, "", viewport=DESKTOP, java_script_enabled=False)
    yield page
    page.context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_without_javascript_a_page_shows_what_it_holds(
    no_script: Any, root: str, kind: str
) -> None:
    path, heading, text = PAGES[kind]
    no_script.goto(root + path)
    assert heading in no_script.locator("h1").inner_text()
    assert no_script.get_by_text(text).first.is_visible(), text
    assert no_script.locator(".site-search").is_hidden()
    assert no_script.locator(".search-results").is_hidden()


def test_without_javascript_the_timeline_lists_every_event(no_script: Any, root: str) -> None:
    no_script.goto(root + "events/")
    assert no_script.locator("#timeline-filter").is_hidden()
    assert no_script.locator("#timeline-list ul.timeline li").count() == 16
    assert no_script.locator("ol.strip a").count() >= 3  # the density strip, months linked


@pytest.mark.parametrize("path", ["map/", "place/iraq/", EVENT])
def test_without_javascript_the_maps_show(no_script: Any, root: str, path: str) -> None:
    no_script.goto(root + path)
    drawn = no_script.locator("svg.map")
    assert drawn.is_visible()
    assert drawn.locator(".countries path").count() >= 4
    assert drawn.locator("a.marker").count() >= 2
    assert drawn.evaluate("svg => svg.getBoundingClientRect().height") > 200


def test_the_query_pages_of_serve_are_valid_html(root: str, tmp_path: Path) -> None:
    """The /sparql form and its results table are served, not built: the Nu HTML Checker reads
    them as a browser got them."""
    for name, path in (("form", "sparql"), ("results", SPARQL_RESULTS)):
        request = urllib.request.Request(root + path, headers={"Accept": "text/html"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            (tmp_path / f"{name}.html").write_bytes(answer.read())
    messages = vnu_messages(tmp_path)
    errors = [m for m in messages if m.get("type") == "error"]
    assert not errors, errors
