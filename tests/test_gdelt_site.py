"""The 300 real GDELT rows of ../shared/data/gdelt (100 of GDELT 2.0 in each of events.csv and
eventsT.csv, 100 of GDELT 1.0 in events1.csv), built into a site in a temporary folder.

The rows are read from ../shared, never copied into the repository: without it these tests are
skipped, in CI they fail. The site is checked with the independent tools the example's site is
(Jena riot, the Nu HTML Checker).
"""

from __future__ import annotations

import csv
import html
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld

from ld_events.build import BuildResult, build
from ld_events.config import load_config
from ld_events.sources.coded_tables import cameo_labels
from ld_events.sources.gdelt_columns import LAYOUTS
from ld_events.sources.gdelt_rdf import actor_slug, place_slug
from ld_events.sources.gdelt_rows import CodedRow, parse_row
from ld_events.sources.reading import read_sources
from tests.conftest import REPO, require
from tests.tools import assert_isomorphic, riot_validate, vnu_messages

SHARED = REPO.parent / "shared" / "data" / "gdelt"
FILES = {"events.csv": "gdelt-2.0", "eventsT.csv": "gdelt-2.0", "events1.csv": "gdelt-1.0"}
BASE = "https://example.org/gdelt/"
CONFIG = """title: GDELT rows
base: https://example.org/gdelt/
license: https://creativecommons.org/licenses/by/4.0/
tables:
  - {format: gdelt-2.0, path: data/events*.csv}
  - {format: gdelt-1.0, path: data/1.0/events1.csv}
"""


def shared_rows() -> list[CodedRow]:
    rows = []
    codes = frozenset(cameo_labels())
    for name, table_format in FILES.items():
        with (SHARED / name).open(encoding="utf-8", newline="") as handle:
            for cells in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                parsed = parse_row(LAYOUTS[table_format], cells, codes)
                assert isinstance(parsed, CodedRow), parsed
                rows.append(parsed)
    return rows


@pytest.fixture(scope="module")
def project() -> Iterator[Path]:
    require(SHARED.is_dir(), f"{SHARED} is absent (the GDELT rows, see ../shared/data)")
    folder = Path(tempfile.mkdtemp(prefix="ld-events-gdelt-"))
    folder.chmod(0o755)
    try:
        (folder / "data" / "1.0").mkdir(parents=True)
        for name in ("events.csv", "eventsT.csv"):
            shutil.copy(SHARED / name, folder / "data" / name)
        shutil.copy(SHARED / "events1.csv", folder / "data" / "1.0" / "events1.csv")
        (folder / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def built(project: Path) -> BuildResult:
    saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        return build(project, project / "_site")
    finally:
        if saved is not None:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def page(built: BuildResult, folder: str) -> str:
    return html.unescape((built.out / folder / "index.html").read_text("utf-8"))


def test_all_300_rows_are_read_without_errors(project: Path) -> None:
    sources = read_sources(load_config(project))
    assert sources.report.errors == 0, sources.report.to_text()
    assert sorted(sources.files) == ["data/1.0/events1.csv", "data/events.csv", "data/eventsT.csv"]


def test_every_row_is_an_event(built: BuildResult) -> None:
    assert built.events == 300
    assert len(list((built.out / "event").glob("gdelt-*/index.html"))) == 300


def test_recurring_actors_and_places_are_one_resource_each(built: BuildResult) -> None:
    rows = shared_rows()
    actors = [a for r in rows for a in (r.actor1, r.actor2) if a is not None]
    places = [r.place for r in rows if r.place is not None]
    actor_pages = {p.parent.name for p in (built.out / "actor").glob("gdelt-*/index.html")}
    place_pages = {p.parent.name for p in (built.out / "place").glob("gdelt-*/index.html")}
    assert actor_pages - {"gdelt"} == {actor_slug(a) for a in actors}
    assert place_pages == {place_slug(p) for p in places}
    assert len(actor_pages) - 1 < len(actors)  # actors recur: fewer pages than mentions
    assert len(place_pages) < len(places)
    zimbabwe = page(built, "actor/gdelt-zwe-zimbabwe")  # named in six rows
    assert zimbabwe.count('href="../../event/gdelt-') >= 6


def test_jena_riot_accepts_every_rdf_file_of_the_site(built: BuildResult) -> None:
    """Every Turtle and N-Triples file, in one riot call. (This Jena cannot load JSON-LD from
    a file; the JSON-LD is checked against the Turtle below, as the example's site is.)"""
    files = sorted([*built.out.rglob("*.ttl"), *built.out.rglob("*.nt")])
    assert len(files) > 1_500
    riot_validate(*files)


def test_each_coded_resource_json_ld_is_its_turtle(built: BuildResult) -> None:
    context = json.loads((built.out / "context.jsonld").read_text("utf-8"))

    def loader(url: str, options: dict[str, Any]) -> dict[str, Any]:
        assert url == BASE + "context.jsonld", url
        return {"contextUrl": None, "documentUrl": url, "document": context}

    folders = sorted(built.out.glob("*/gdelt-*/"))
    assert len(folders) > 600
    for folder in folders:
        document = json.loads((folder / "data.jsonld").read_text("utf-8"))
        url = BASE + folder.relative_to(built.out).as_posix() + "/data.jsonld"
        options = {"format": "application/n-quads", "documentLoader": loader, "base": url}
        from_jsonld = rdflib.Graph().parse(data=jsonld.to_rdf(document, options), format="nt")
        turtle = rdflib.Graph().parse(folder / "data.ttl", format="turtle")
        assert_isomorphic(turtle, from_jsonld, str(folder.relative_to(built.out)))


def test_an_event_page_shows_the_coded_event_and_who_coded_it(built: BuildResult) -> None:
    # events.csv row 2: a visit (042) to "MUMBAI" (IND, Actor2), placed in Bengaluru, 2014-02-18.
    text = page(built, "event/gdelt-410412348")
    url = "timesofindia.indiatimes.com/city/bengaluru/Feline-beauties-to-strut-their-stuff"
    for shown in (
        "MUMBAI (IND)",  # actor
        "Make a visit",  # action type (CAMEO 042)
        "Bengaluru, Karnataka, India",  # place
        "18 February 2014",  # date
        url,  # source URL
        "The GDELT Project",  # according to
        "GDELT's coding of http://" + url,  # coded in
    ):
        assert shown in text, shown
    assert 'href="../../cameo/042/"' in text


def test_a_gdelt_1_0_event_without_a_source_still_names_its_coder(built: BuildResult) -> None:
    text = page(built, "event/gdelt-1")  # 1979, no SOURCEURL: 57 columns
    assert "GDELT's coding of event 1" in text
    assert "The GDELT Project" in text
    assert "Nigeria" in text


def test_the_site_has_no_html_errors(built: BuildResult) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ld-events-gdelt-vnu-"))
    try:
        # The event, actor, place and source pages and the lists; not the 316 CAMEO pages,
        # which every site has and the example's site tests check.
        for part in ("event", "actor", "place", "source", "events", "actors", "places", "sources"):
            shutil.copytree(built.out / part, folder / part)
        shutil.copy(built.out / "index.html", folder / "index.html")
        messages: list[dict[str, Any]] = vnu_messages(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    assert not errors, errors[:10]
