"""Labels in several languages and the site's own words translated (docs/languages.md).

The example is built as Arabic readers would read it (``languages: [ar, en]``) and as French
readers would (``[fr, en]``): labels in the first language a resource has, each text in
another language than the page's marked with ``lang`` (and ``dir`` when it runs the other
way), the interface from the catalogues in ``site/locale``; and the catalogues are complete.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup, Tag
from pyoxigraph import Literal

from ld_events.assets import asset_dir
from ld_events.build import build
from ld_events.config import load_config
from ld_events.errors import ConfigError
from ld_events.layout import FEED, SEARCH
from ld_events.project import load_project
from ld_events.rdf.labels import pick_text
from ld_events.report import Code
from ld_events.translations import available_languages, text_direction
from tests.browser import open_page
from tests.conftest import EXAMPLE
from tests.test_search import search
from tests.test_sparql_endpoint import serving
from tests.tools import vnu_messages

LOCALE = asset_dir("site") / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: The count of a plural message, which a form may write out in words ("حدثان": two events).
COUNTS = {"count", "n", "num"}


def _project(tmp_path: Path, languages: str) -> Path:
    """A copy of the example whose config reads ``languages: <languages>``."""
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
    config = project / "ld-events.yaml"
    text = re.sub(r"(?m)^languages: .*$", f"languages: {languages}", config.read_text())
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("arabic")
    out = folder / "site"
    build(_project(folder, "[ar, en]"), out)
    return out


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("french")
    out = folder / "site"
    build(_project(folder, "[fr, en]"), out)
    return out


def _page(site: Path, folder: str) -> BeautifulSoup:
    return BeautifulSoup((site / folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def _tag(found: Any) -> Tag:
    assert isinstance(found, Tag), found
    return found


def test_an_arabic_site_runs_right_to_left(arabic: Path) -> None:
    html = _tag(_page(arabic, "place/erbil").html)
    assert (html["lang"], html["dir"]) == ("ar", "rtl")


def test_places_and_actors_show_their_arabic_labels(arabic: Path) -> None:
    for folder, label in [
        ("place/erbil", "أربيل"),
        ("place/iraq", "العراق"),
        ("actor/john-kirby", "جون كيربي"),
        ("actor/syrian-observatory-for-human-rights", "المرصد السوري لحقوق الإنسان"),
    ]:
        heading = _tag(_page(arabic, folder).h1)
        assert heading.get_text() == label, folder
        assert not heading.has_attr("lang"), folder  # the page's own language


def test_a_label_in_english_only_says_so(arabic: Path) -> None:
    page = _page(arabic, "place/coalition-hq-erbil-airport")
    heading = _tag(page.h1)
    assert heading.get_text().startswith("Coalition headquarters")
    assert (heading["lang"], heading["dir"]) == ("en", "ltr")
    # A link to a place with an Arabic label, and one without, on the same page.
    within = {a.get_text(): a for a in page.select("dl.facts a")}
    assert not within["أربيل"].has_attr("lang")
    assert not within["مطار أربيل الدولي"].has_attr("lang")


def test_links_fall_back_to_english_with_lang_and_dir(arabic: Path) -> None:
    page = _page(arabic, "place/iraq")
    links = page.select("a[lang='en']")
    assert links, "no English label linked from Iraq's page"
    assert all(link.get("dir") == "ltr" for link in links)
    texts = {link.get_text() for link in links}
    assert "Iraq–Syria border region" in texts or "Unnamed site near Baghdad" in texts, texts


def test_the_interface_is_arabic(arabic: Path) -> None:
    page = _page(arabic, "place/erbil")
    menu = [a.get_text() for a in page.select("nav[aria-label] ul a")]
    assert menu[:2] == ["الخط الزمني", "الخريطة"], menu
    assert _tag(page.find("h2", id="facts-heading")).get_text() == "الحقائق"
    home = _page(arabic, "")
    assert "آخر الأحداث" in home.get_text()


def test_dates_are_written_in_the_page_language(arabic: Path, french: Path) -> None:
    strike = "event/2021-06-27-us-air-strikes-iraq-syria-border"
    assert _tag(_page(arabic, strike).find("p", class_="when")).get_text() == "27–28 يونيو 2021"
    assert _tag(_page(french, strike).find("p", class_="when")).get_text() == "27–28 juin 2021"


def test_the_feed_is_in_the_site_language(arabic: Path) -> None:
    feed = (arabic / FEED).read_text(encoding="utf-8")
    assert 'xml:lang="ar"' in feed
    assert "تغييرات الأحداث" in feed
    assert "<summary>حدث جديد: " in feed


def test_a_french_site(french: Path) -> None:
    page = _page(french, "place/erbil")
    html = _tag(page.html)
    assert html["lang"] == "fr"
    assert not html.has_attr("dir")
    menu = [a.get_text() for a in page.select("nav[aria-label] ul a")]
    assert menu[:2] == ["Chronologie", "Carte"], menu
    heading = _tag(page.h1)
    assert heading.get_text() == "Erbil"  # no French label: English, marked as such
    assert heading["lang"] == "en"
    assert not heading.has_attr("dir")  # both run left to right


def test_an_english_page_marks_arabic_text(tmp_path: Path) -> None:
    project = _project(tmp_path, "[en]")
    record = project / "places" / "strike-sites.yaml"
    text = record.read_text(encoding="utf-8")
    # A place known by its Arabic name only.
    text = text.replace(
        "label: Militia facility struck in Iraq, near the Syrian border (unnamed)",
        "label: {ar: منشأة قرب الحدود}",
    )
    record.write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    build(project, out)
    heading = _tag(_page(out, "place/iraq-strike-site").h1)
    assert (heading["lang"], heading["dir"]) == ("ar", "rtl")


def test_two_arabic_builds_write_the_same_pages(arabic: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    build(_project(tmp_path, "[ar, en]"), again)
    pages = sorted(p.relative_to(arabic) for p in arabic.rglob("*.html"))
    assert pages == sorted(p.relative_to(again) for p in again.rglob("*.html"))
    differing = [p for p in pages if (arabic / p).read_bytes() != (again / p).read_bytes()]
    assert not differing, differing[:10]


def test_arabic_pages_pass_the_nu_html_checker(arabic: Path, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    for folder in ["", "place/erbil", "place/iraq", "actor/john-kirby", "events", "data"]:
        target = pages / folder / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(arabic / folder / "index.html", target)
    shutil.copyfile(arabic / "event/2021-06-27-pentagon-statement/index.html", pages / "e.html")
    errors = [m for m in vnu_messages(pages) if m["type"] in ("error", "non-document-error")]
    assert not errors, [(m.get("url", ""), m.get("lastLine"), m["message"]) for m in errors]


def test_search_indexes_an_arabic_site_in_every_language(arabic: Path) -> None:
    """Pagefind splits its index by ``<html lang>``: one index, Arabic, holding the pages'
    labels in Arabic and in English (the hidden other names)."""
    entry = json.loads((arabic / SEARCH / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["ar"]
    assert entry["languages"]["ar"]["page_count"] > 0
    fragments = [
        gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd").decode("utf-8")
        for path in sorted((arabic / SEARCH / "fragment").glob("*.pf_fragment"))
    ]
    erbil = [f for f in fragments if '"url":"/place/erbil/' in f.replace(" ", "")]
    assert erbil, "Erbil's page is not in the index"
    assert "أربيل" in erbil[0]
    assert "Erbil" in erbil[0]


def test_an_arabic_reader_searches_in_arabic_and_english(arabic: Path, browser: Any) -> None:
    """The search box of an Arabic site, in headless Chromium: its words Arabic, an Arabic name
    and an English one each find Erbil's page."""
    with serving(arabic) as url:
        page = open_page(browser, url, "place/erbil/")
        root = urllib.parse.urlsplit(url).path
        for term in ("أربيل", "Erbil"):
            listed = search(page, term)
            assert ("الأماكن", root + "place/erbil/") in listed, (term, listed)
        count = page.text_content(".search-count")
        assert count is not None
        assert "صفح" in count, count  # "N pages" in Arabic
        options = page.eval_on_selector_all("#search-kind option", "o => o.map(x => x.text)")
        assert options[0] == "كل الأنواع", options
        assert "مكان" in options, options


def test_the_timeline_filter_speaks_arabic(arabic: Path, browser: Any) -> None:
    with serving(arabic) as url:
        page = open_page(browser, url, "events/?country=")
        page.wait_for_selector("#timeline-filter:not([hidden])")
        page.select_option("#timeline-filter select[name=month]", "2021-06")
        page.click("#timeline-filter button[type=submit]")
        page.wait_for_selector("#timeline-results p[role=status]")
        page.wait_for_function(
            "() => !document.querySelector('#timeline-results p').textContent.includes('…')"
        )
        summary = page.text_content("#timeline-results p[role=status]")
        assert summary is not None
        assert "يونيو 2021" in summary, summary
        assert "يطابق" in summary or "تطابق" in summary or "يطابقان" in summary, summary


def test_a_language_without_a_catalogue_warns_and_falls_back_to_english(tmp_path: Path) -> None:
    project = _project(tmp_path, "[de, en]")
    config = load_config(project)
    assert config.interface_language == "en"
    report = load_project(project).report
    warnings = [d for d in report.diagnostics if d.code == Code.MISSING_TRANSLATION]
    assert len(warnings) == 1, report.diagnostics
    assert warnings[0].location.path == "ld-events.yaml"
    assert warnings[0].location.line == _line_of(project, "languages:")
    assert "'de'" in warnings[0].message


def test_language_and_languages_must_agree(tmp_path: Path) -> None:
    project = _project(tmp_path, "[ar, fr]")  # the example says language: en
    with pytest.raises(ConfigError) as raised:
        load_config(project)
    found = raised.value.report.diagnostics
    assert [d.code for d in found] == [Code.BAD_SETTING]
    assert found[0].location.line == _line_of(project, "language:")


def test_a_bad_tag_is_reported_at_its_item(tmp_path: Path) -> None:
    project = _project(tmp_path, "[en, 'a b', en]")
    with pytest.raises(ConfigError) as raised:
        load_config(project)
    messages = [d.message for d in raised.value.report.diagnostics]
    assert any("'a b' is not a BCP 47 tag" in m for m in messages), messages
    assert any("'en' is listed twice" in m for m in messages), messages
    lines = {d.location.line for d in raised.value.report.diagnostics}
    assert lines == {_line_of(project, "languages:")}


def test_language_alone_is_the_one_item_form(tmp_path: Path) -> None:
    project = _project(tmp_path, "[en]")
    config_file = project / "ld-events.yaml"
    text = re.sub(r"(?m)^languages: .*\n", "", config_file.read_text(encoding="utf-8"))
    config_file.write_text(text.replace("language: en", "language: fr"), encoding="utf-8")
    config = load_config(project)
    assert (config.language, config.languages, config.interface_language) == ("fr", ("fr",), "fr")


def test_labels_follow_the_order_of_preference() -> None:
    labels = [Literal("Erbil", language="en"), Literal("أربيل", language="ar")]
    labels += [Literal("Arbil"), Literal("Erbil (fr-CA)", language="fr-CA")]
    assert pick_text(labels, ["ar", "en"]) == "أربيل"
    assert pick_text(labels, ["en", "ar"]) == "Erbil"
    assert pick_text(labels, ["fr", "ar"]) == "Erbil (fr-CA)"  # another region of French
    assert pick_text(labels, ["de"]) == "Erbil"  # then English
    assert pick_text(labels[2:3] + labels[1:2], ["de"]) == "Arbil"  # then untagged
    assert pick_text([Literal("b", language="zh"), Literal("a", language="ru")], "de") == "a"


def test_text_directions_come_from_the_script() -> None:
    for tag in ("ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "ar-SY"):
        assert text_direction(tag) == "rtl", tag
    for tag in ("en", "fr", "ku", "tr", "zz"):
        assert text_direction(tag) == "ltr", tag


def test_arabic_and_french_are_shipped() -> None:
    assert {"ar", "fr"} <= set(available_languages())


@pytest.mark.parametrize("language", available_languages()[1:])
def test_every_message_is_translated(language: str) -> None:
    with (LOCALE / "messages.pot").open("rb") as pot:
        template = read_po(pot)
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    missing, broken = [], []
    for message in template:
        if not message.id:
            continue
        found = catalogue.get(message.id)
        string = None if found is None else found.string
        strings = [string] if isinstance(string, str) else list(string or ())
        if found is None or not all(strings) or found.fuzzy:
            missing.append(message.id)
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        plural = not isinstance(message.id, str)
        for text in strings:
            used = set(PLACEHOLDER.findall(text))
            lost = wanted - used - (COUNTS if plural else set())
            if used - wanted or lost:
                broken.append((message.id, text))
    assert not missing, missing
    assert not broken, broken
    extra = [m.id for m in catalogue if m.id and template.get(m.id) is None]
    assert not extra, f"translated messages no longer in messages.pot: {extra}"


def _line_of(project: Path, start: str) -> int:
    lines = (project / "ld-events.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))
