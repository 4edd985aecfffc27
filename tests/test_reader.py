"""What a reader sees (issue #13): defects found by reading the example's pages, one test each."""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ld_events.publish.licences import licence_name
from tests import tools
from tests.test_sparql_endpoint import serving


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_404_page_under_serve_is_styled_and_its_links_work(example_site: Path) -> None:
    """The example's base has a path (/iraq-syria-2021/); serve puts the site at /."""
    with serving(example_site) as root:
        status, body = fetch(root + "no/such/deep/page/")
        assert status == 404
        links = re.findall(rb'(?:href|src)="([^"#]+)"', body)
        local = [link.decode() for link in links if link.startswith(b"/")]
        assert "/static/style.css" in local
        assert len(local) >= 6
        for link in local:
            assert fetch(root + link.removeprefix("/"))[0] == 200, link


def test_the_404_page_of_the_site_links_from_its_base_path(example_site: Path) -> None:
    """As written, for Apache's and nginx's error pages at any depth of the real host."""
    page = (example_site / "404.html").read_text("utf-8")
    assert 'href="/iraq-syria-2021/static/style.css"' in page


def test_home_page_counts_in_words_and_its_title_is_the_site(example_site: Path) -> None:
    """The example has one source: "1 source", not "1 sources"."""
    home = (example_site / "index.html").read_text("utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", home).split())
    assert "1 source" in text
    assert "1 sources" not in text
    assert "16 events" in text
    title = re.search(r"<title>(.*?)</title>", home)
    assert title is not None
    assert title.group(1).count("US strikes") == 1


def test_the_licence_is_named(example_site: Path) -> None:
    for page in ("index.html", "data/index.html"):
        html = (example_site / page).read_text("utf-8")
        assert ">CC BY 4.0</a>" in html, page
        assert ">https://creativecommons.org/licenses/by/4.0/</a>" not in html, page


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://creativecommons.org/licenses/by/4.0/", "CC BY 4.0"),
        ("http://creativecommons.org/licenses/by-sa/4.0/legalcode", "CC BY-SA 4.0"),
        ("https://creativecommons.org/publicdomain/zero/1.0/deed.fr", "CC0 1.0"),
        ("https://opendatacommons.org/licenses/odbl/1-0/", "ODbL 1.0"),
        ("https://example.org/our-terms", "https://example.org/our-terms"),
    ],
)
def test_licence_names(url: str, name: str) -> None:
    assert licence_name(url) == name


def test_saved_query_tables_name_properties_by_their_labels(example_site: Path) -> None:
    """A property in a result is shown by its label, linking to its entry, its CURIE beside."""
    folder = example_site / "queries" / "everything-about-an-actor"
    page = (folder / "index.html").read_text("utf-8")
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert cells
    agent = '<a href="../../vocabulary/#agent">agent</a> <span class="note">(lde:agent)</span>'
    assert agent in cells
    assert not [cell for cell in cells if cell.startswith("<span>lde:")]
    vocabulary = (example_site / "vocabulary" / "index.html").read_text("utf-8")
    assert 'id="agent"' in vocabulary


#: Appended to each page in a copy of the site: how far the page is wider than the screen.
OVERFLOW_PROBE = (
    "<script>document.body.dataset.overflow ="
    " document.documentElement.scrollWidth - window.innerWidth;</script></body>"
)
PHONE_PAGES = [
    "index.html",
    "events/index.html",
    "data/index.html",
    "vocabulary/index.html",
    "queries/everything-about-an-actor/index.html",
    "event/2021-06-27-us-air-strikes-iraq-syria-border/index.html",
    "actor/john-kirby/index.html",
    "place/iraq/index.html",
    "source/2021-06-28-us-strikes-iraq-syria-border/index.html",
    "type/airStrike/index.html",
    "cameo/1952/index.html",
    "cameo-codes/index.html",
]


def test_no_page_runs_off_a_phone_screen(example_site: Path, tmp_path: Path) -> None:
    """At 390 px wide (a phone), no kind of page is wider than the screen."""
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    for page in PHONE_PAGES:
        path = site / page
        path.write_text(path.read_text("utf-8").replace("</body>", OVERFLOW_PROBE), "utf-8")
    with tools.serve_folder(site) as root:
        for page in PHONE_PAGES:
            done = tools.chromium("--window-size=390,844", "--dump-dom", root + page)
            found = re.search(r'data-overflow="(-?\d+)"', done.stdout)
            assert found, (page, done.stderr[-1000:])
            assert int(found.group(1)) <= 0, f"{page} is {found.group(1)} px too wide"


def test_the_latest_events_say_how_they_are_ordered(example_site: Path) -> None:
    """'by 27 June' sorts among '27–28 June': the list says why."""
    home = (example_site / "index.html").read_text("utf-8")
    latest = home.split('id="latest-heading"', 1)[1].split("</section>", 1)[0]
    assert "by 26 June 2021" in latest or "by 27 June 2021" in latest  # an end-only event
    assert "Newest first, each at the earliest day it may have happened" in latest
    assert "known only to have happened by a day" in latest


def test_a_claimed_fact_says_according_to_whom(example_site: Path) -> None:
    """'Killed: at least 5' is SOHR's figure, and SOHR is also paraphrased as saying 5."""
    page = example_site / "event/2021-06-27-us-air-strikes-iraq-syria-border/index.html"
    html = page.read_text("utf-8")
    killed = html.split("<dt>Killed</dt>", 1)[1].split("</dd>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", killed).split())
    assert text.startswith("at least 5")
    assert "according to Syrian Observatory for Human Rights ; the sources differ" in text
    assert 'href="#claims-heading"' in killed
    assert 'id="claims-heading"' in html
    purposes = html.split("<dt>Purpose</dt>", 1)[1].split("</dd>", 1)[0]
    assert "according to" in purposes  # three purposes, each claimed by the Pentagon:
    assert "the sources differ" not in purposes  # not a disagreement
    carried_out = html.split("<dt>Carried out by</dt>", 1)[1].split("</dd>", 1)[0]
    assert "according to" in carried_out  # the Pentagon says so, and only the Pentagon
    assert "the sources differ" not in carried_out
    injured = html.split("<dt>Injured</dt>", 1)[1].split("</dd>", 1)[0]
    assert "according to" in injured  # SOHR's figure
    reported = html.split("<dt>Reported in</dt>", 1)[1].split("</dd>", 1)[0]
    assert "according to" not in reported  # the editors' own statement: no attribution
