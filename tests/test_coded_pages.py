"""Coded events on the site: a reader can tell them from curated ones, and each claim names the
coding it comes from ("according to GDELT's coding of <article>", "ICEWS's coding of story N").

Built from the GDELT example and from made-up ICEWS rows, into temporary folders.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from ld_events.build import BuildResult, build
from tests.conftest import FIXTURES, REPO
from tests.test_gdelt import HEAD

SAMPLE = REPO / "examples" / "gdelt-sample"
ARTICLE = "timesofindia.indiatimes.com/city/bengaluru/Feline-beauties-to-strut-their-stuff"
CLAIM = re.compile(r'<article class="claim">.*?</article>', re.DOTALL)


@pytest.fixture(scope="module")
def gdelt_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build(SAMPLE, tmp_path_factory.mktemp("gdelt") / "site")


@pytest.fixture(scope="module")
def icews_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    project = tmp_path_factory.mktemp("icews")
    (project / "data").mkdir()
    shutil.copy(FIXTURES / "icews" / "full.tsv", project / "data" / "full.tsv")
    tables = "tables:\n  - {format: icews, path: data/*.tsv}\n"
    (project / "ld-events.yaml").write_text(HEAD + tables, encoding="utf-8")
    return build(project, project / "_site")


def page(built: BuildResult, folder: str) -> str:
    return (built.out / folder / "index.html").read_text("utf-8")


def claims(text: str) -> list[str]:
    return CLAIM.findall(text)


def test_a_coded_event_is_marked_and_says_which_coding_it_comes_from(
    gdelt_site: BuildResult,
) -> None:
    text = page(gdelt_site, "event/gdelt-410412348")
    assert '<p class="kind">Event <span class="badge">machine-coded</span></p>' in text
    note = re.search(r'<p class="note coded">(.*?)</p>', text, re.DOTALL)
    assert note is not None
    assert html.unescape(note.group(1)).startswith(
        "Machine-coded: this event comes from GDELT's coding of "
        f'<a href="../../source/gdelt-b83127a62350777a/">{ARTICLE}'
    )


def test_each_coded_claim_is_according_to_the_coding_of_the_article(
    gdelt_site: BuildResult,
) -> None:
    found = claims(page(gdelt_site, "event/gdelt-410412348"))
    assert len(found) == 4  # action type, place, target, time (the row has no Actor1)
    for claim in map(html.unescape, found):
        assert (
            "<dt>According to</dt> <dd>GDELT's coding of "
            f'<a href="../../source/gdelt-b83127a62350777a/">{ARTICLE}'
        ) in claim
        assert '<dt>Coded by</dt> <dd><a href="../../actor/gdelt/">The GDELT Project</a>' in claim
        assert '<span class="badge">machine-coded</span>' in claim
        assert "Reported in" not in claim  # the article is named already


def test_a_coding_without_an_article_is_named_whole(gdelt_site: BuildResult) -> None:
    # GDELT 1.0 rows from before April 2013 have 57 columns: no SOURCEURL.
    rows = (SAMPLE / "data" / "gdelt-1.0" / "events.csv").read_text("utf-8").splitlines()
    without_url = sum(1 for row in rows if len(row.split("\t")) == 57)
    sourceless = [
        folder.name
        for folder in sorted((gdelt_site.out / "event").iterdir())
        if "GDELT's coding of event " in html.unescape(page(gdelt_site, f"event/{folder.name}"))
    ]
    assert len(sourceless) == without_url > 0
    for name in sourceless:
        for claim in map(html.unescape, claims(page(gdelt_site, f"event/{name}"))):
            assert f"<dt>According to</dt> <dd>GDELT's coding of event {name[6:]}</dd>" in claim


def test_icews_claims_are_according_to_icews_coding_of_the_story(icews_site: BuildResult) -> None:
    text = html.unescape(page(icews_site, "event/icews-900002-20140307"))
    assert '<p class="kind">Event <span class="badge">machine-coded</span></p>' in text
    # The story is a source of its own (its publisher and number), linked from the coding.
    story = '<a href="../../source/icews-story-7002/">Made-up Wire, story 7002</a>'
    assert f"this event comes from ICEWS's coding of {story}, a program's reading" in text
    found = claims(text)
    assert found
    for claim in found:
        assert f"<dt>According to</dt> <dd>ICEWS's coding of {story}</dd>" in claim


def test_lists_of_events_mark_the_coded_ones(gdelt_site: BuildResult) -> None:
    listing = page(gdelt_site, "events")
    rows = re.findall(r"<li><span class=\"when\">.*?</li>", listing)
    assert len(rows) == 40
    assert all('<span class="badge">machine-coded</span>' in row for row in rows)
    home = page(gdelt_site, "")
    assert home.count('<span class="badge">machine-coded</span>') == 10  # the latest events


def test_curated_events_are_not_marked(example: Path, tmp_path: Path) -> None:
    built = build(example, tmp_path / "site")
    for folder in sorted((built.out / "event").iterdir()):
        assert "machine-coded" not in page(built, f"event/{folder.name}")
    assert "machine-coded" not in page(built, "events")
