"""The site's search (Pagefind): the build writes a deterministic index into the site, and a
reader in headless Chromium finds pages through the search box of any page, served by
``ld-events serve`` on 127.0.0.1 (no other network)."""

from __future__ import annotations

import gzip
import json
import shutil
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ld_events.build import build
from ld_events.errors import BuildError
from ld_events.layout import MANIFEST, SEARCH
from ld_events.output import cbor
from tests.browser import open_page
from tests.conftest import EXAMPLE, require
from tests.test_sparql_endpoint import serving

STATEMENT = "event/2021-06-27-pentagon-statement/"
ACTOR = "actor/john-kirby/"


def _has_pagefind() -> bool:
    try:
        import pagefind  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(_has_pagefind(), "Pagefind is not installed (pip install 'pagefind[bin]')")
    out = tmp_path_factory.mktemp("search") / "site"
    build(EXAMPLE, out)
    return out


@pytest.fixture(scope="module")
def url(site: Path) -> Iterator[str]:
    with serving(site) as root:
        yield root


def results(page: Any) -> list[tuple[str, str]]:
    """The results listed, in order: (their group's heading, the link's path)."""
    found: list[list[str]] = page.eval_on_selector_all(
        ".search-results section",
        """sections => sections.flatMap(s => [...s.querySelectorAll('li a')].map(
            a => [s.querySelector('h2').textContent, new URL(a.href).pathname]))""",
    )
    return [(kind, path) for kind, path in found]


def search(page: Any, term: str) -> list[tuple[str, str]]:
    page.fill("#search-input", term)
    page.wait_for_selector(".search-results li a")
    return results(page)


def test_kirby_lists_the_pentagon_statement_first(browser: Any, url: str) -> None:
    page = open_page(browser, url, "places/")  # any page has the box
    listed = search(page, "Kirby")
    root = urllib.parse.urlsplit(url).path
    assert listed[0] == ("Events", root + STATEMENT), listed
    assert ("Actors", root + ACTOR) in listed
    # grouped by kind: every event before every actor, place or source
    kinds = [kind for kind, _ in listed]
    assert kinds == sorted(kinds, key=["Events", "Actors", "Places", "Sources"].index)
    page.click(".search-results li a")
    page.wait_for_url(url + STATEMENT)


def test_a_kind_filter_narrows_the_results(browser: Any, url: str) -> None:
    page = open_page(browser, url, STATEMENT)
    everything = search(page, "Kirby")
    page.select_option("#search-kind", "Actor")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.search-results h2')]"
        ".every(h => h.textContent === 'Actors')"
    )
    actors = results(page)
    assert actors, "no actor found for Kirby"
    assert len(actors) < len(everything)
    assert {kind for kind, _ in actors} == {"Actors"}
    assert set(actors) <= set(everything)


def test_year_and_country_filters_come_from_the_data(browser: Any, url: str) -> None:
    page = open_page(browser, url, "")
    page.wait_for_selector(".site-search:not([hidden])")
    years = page.eval_on_selector_all("#search-year option", "os => os.map(o => o.value)")
    countries = page.eval_on_selector_all("#search-country option", "os => os.map(o => o.value)")
    assert years == ["", "2021"]
    assert {"Iraq", "Syria"} <= set(countries)
    page.select_option("#search-country", "Syria")
    page.wait_for_selector(".search-results li a")
    listed = results(page)
    assert listed
    assert all(kind in ("Events", "Places") for kind, _ in listed), listed


def test_without_javascript_the_box_stays_hidden(browser: Any, url: str) -> None:
    page = open_page(browser, url, STATEMENT, java_script_enabled=False)
    assert page.locator(".site-search").is_hidden()
    assert page.locator("h1").inner_text().startswith("Pentagon")


def test_the_index_files_are_served_and_listed_in_the_manifest(site: Path, url: str) -> None:
    listed = set((site / MANIFEST).read_text(encoding="utf-8").split())
    written = {p.relative_to(site).as_posix() for p in (site / SEARCH).rglob("*") if p.is_file()}
    assert written
    assert written <= listed
    with urllib.request.urlopen(url + f"{SEARCH}/pagefind.js") as answer:
        assert answer.headers["Content-Type"].startswith("text/javascript")
    entry = json.loads((site / SEARCH / "pagefind-entry.json").read_bytes())
    meta = f"{SEARCH}/pagefind.{entry['languages']['en']['hash']}.pf_meta"
    with urllib.request.urlopen(url + meta) as answer:
        assert answer.headers["Content-Type"] == "application/octet-stream"
        assert answer.headers.get("Content-Encoding") is None  # the script unzips it


def test_the_index_holds_only_events_actors_places_and_sources(site: Path) -> None:
    entry = json.loads((site / SEARCH / "pagefind-entry.json").read_bytes())
    pages = len(list(site.glob("[eaps]*/*/index.html")))
    kinds = ("event", "actor", "place", "source")
    expected = sum(len(list(site.glob(f"{kind}/*/index.html"))) for kind in kinds)
    assert pages >= expected > 0
    assert entry["languages"]["en"]["page_count"] == expected


def test_two_builds_write_the_same_index(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    build(EXAMPLE, again)
    first, second = _bundle(site), _bundle(again)
    assert first == second


def test_filter_values_are_in_order(site: Path) -> None:
    for path in (site / SEARCH / "filter").glob("*.pf_filter"):
        raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        decoded: Any = cbor.decode(raw)
        name, values = decoded
        keys = [value for value, _ in values]
        assert keys == sorted(keys), name


def test_a_failed_index_stops_the_build_and_keeps_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind failing (its binary exits 1): the build stops, and the previous site stays."""
    require(_has_pagefind(), "Pagefind is not installed (pip install 'pagefind[bin]')")
    out = tmp_path / "site"
    build(EXAMPLE, out)
    before = _bundle(out), (out / MANIFEST).read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", shutil.which("false") or "/bin/false")
    for full in (False, True):
        with pytest.raises(BuildError, match="the search index could not be built"):
            build(EXAMPLE, out, full=full, force=True)
        assert (_bundle(out), (out / MANIFEST).read_bytes()) == before


def _bundle(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted((site / SEARCH).rglob("*"))
        if p.is_file()
    }


def test_search_false_builds_no_box_and_no_index(tmp_path: Path) -> None:
    project = shutil.copytree(EXAMPLE, tmp_path / "project", ignore=shutil.ignore_patterns("_site"))
    config = project / "ld-events.yaml"
    config.write_text(config.read_text("utf-8") + "search: false\n", "utf-8")
    out = build(project, tmp_path / "site").out
    assert not (out / SEARCH).exists()
    page = (out / "event" / "2021-06-27-pentagon-statement" / "index.html").read_text("utf-8")
    assert "search.js" not in page
    assert "data-pagefind-body" not in page
    assert not [n for n in (out / MANIFEST).read_text("utf-8").split() if n.startswith(SEARCH)]


def test_result_excerpts_keep_words_apart(site: Path) -> None:
    """Pagefind joins the text of adjacent cells and terms: the tables and claim cards put a space
    between them, so an excerpt reads "Said in Pentagon statement", not "Said inPentagon"."""
    contents = []
    for path in (site / SEARCH / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        contents.append(json.loads(raw)["content"])
    text = "\n".join(contents)
    assert "Said in Pentagon statement" in text
    for joined in ("WhenEvent", "EventRole", "Said inPentagon", "According toUnited"):
        assert joined not in text
