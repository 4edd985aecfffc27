"""The real ICEWS rows of ../shared/data/icews: read, validated, queried and built.

ICEWS terms are unverified: its rows are read from ../shared only, and every site built from
them goes to a temporary folder that is removed; nothing derived from them is committed.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions

from ld_events.build import BuildResult, build
from ld_events.project import LoadedProject, load_project
from ld_events.sources.icews_rdf import actor_slug
from tests.conftest import REPO, require
from tests.tools import riot_validate

SHARED = REPO.parent / "shared" / "data" / "icews"
BASE = "https://example.org/icews/"
CONFIG = f"""title: ICEWS rows (never publish)
base: {BASE}
license: https://creativecommons.org/licenses/by/4.0/
tables:
  - {{format: icews, path: data/*.txt}}
"""
PREFIXES = "PREFIX lde: <https://w3id.org/ld-events/ns#>\n"


def raw_rows(pattern: str) -> list[list[str]]:
    rows = []
    for path in sorted(SHARED.glob(pattern)):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def project_of(pattern: str) -> Iterator[Path]:
    require(SHARED.is_dir(), f"{SHARED} is absent (the ICEWS rows, see ../shared/data)")
    folder = Path(tempfile.mkdtemp(prefix="ld-events-icews-"))
    folder.chmod(0o755)
    try:
        (folder / "data").mkdir()
        for path in SHARED.glob(pattern):
            shutil.copy(path, folder / "data" / path.name)
        (folder / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def decade() -> Iterator[Path]:
    yield from project_of("icews_2005-2015_*.txt")


@pytest.fixture(scope="module")
def loaded(decade: Path) -> LoadedProject:
    return load_project(decade)


def select(loaded: LoadedProject, query: str) -> list[tuple[str, ...]]:
    solutions = loaded.graph.store.query(PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]


def test_all_92367_rows_are_read_and_valid(loaded: LoadedProject) -> None:
    assert loaded.report.errors == 0, loaded.report.to_text()[:3000]
    [(count,)] = select(loaded, "SELECT (COUNT(?e) AS ?n) { ?e a lde:Event ; lde:codedIn ?c }")
    assert int(count) == len(raw_rows("icews_2005-2015_*.txt")) == 92_367


def test_events_per_year(loaded: LoadedProject) -> None:
    query = """SELECT ?year (COUNT(?e) AS ?n) {
      ?e a lde:Event ; lde:time/lde:earliestStart ?day . BIND(YEAR(?day) AS ?year)
    } GROUP BY ?year"""
    expected = Counter(row[3][:4] for row in raw_rows("icews_2005-2015_*.txt"))
    assert {year: int(n) for year, n in select(loaded, query)} == dict(expected)


def test_the_top_five_actor_pairs(loaded: LoadedProject) -> None:
    query = """SELECT ?a ?b (COUNT(?e) AS ?n) {
      ?e a lde:Event ; lde:agent/rdfs:label ?a ; lde:target/rdfs:label ?b
    } GROUP BY ?a ?b ORDER BY DESC(?n) ?a ?b LIMIT 5"""
    counts = Counter((row[0], row[2]) for row in raw_rows("icews_2005-2015_*.txt"))
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]
    prefixed = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + query
    assert [((a, b), int(n)) for a, b, n in select(loaded, prefixed)] == expected


def test_all_events_of_one_actor(loaded: LoadedProject) -> None:
    rows = raw_rows("icews_2005-2015_*.txt")
    [(name, _)] = Counter(name for row in rows for name in {row[0], row[2]}).most_common(1)
    actor = f"{BASE}actor/{actor_slug(name)}/#it"
    query = f"""SELECT DISTINCT ?e {{
      {{ ?e lde:agent <{actor}> }} UNION {{ ?e lde:target <{actor}> }}
    }}"""
    expected = sum(name in (row[0], row[2]) for row in rows)
    assert expected > 1000
    assert len(select(loaded, query)) == expected


@pytest.fixture(scope="module")
def built_2014() -> Iterator[BuildResult]:
    for folder in project_of("icews_2014_*.txt"):
        saved = os.environ.pop("SOURCE_DATE_EPOCH", None)
        try:
            yield build(folder, folder / "_site")
        finally:
            if saved is not None:
                os.environ["SOURCE_DATE_EPOCH"] = saved


def test_the_2014_rows_build_into_a_site(built_2014: BuildResult) -> None:
    assert built_2014.events == len(raw_rows("icews_2014_*.txt")) == 17_904
    out = built_2014.out
    kerry = (out / "actor" / actor_slug("John Kerry") / "index.html").read_text("utf-8")
    assert "John Kerry" in kerry
    citizen = (out / "actor" / actor_slug("Citizen (India)") / "index.html").read_text("utf-8")
    assert "Citizen (India)" in citizen
    assert "icews-india" in citizen
    pages = sorted((out / "event").glob("icews-*/index.html"))
    assert len(pages) == 17_904
    for page in pages[:: len(pages) // 5]:
        text = page.read_text("utf-8")
        assert "ICEWS" in text
        assert "coding" in text


def test_jena_riot_accepts_the_dumps(built_2014: BuildResult) -> None:
    """The Turtle dump (this Jena cannot load JSON-LD from a file: see test_gdelt_site.py)."""
    riot_validate(built_2014.out / "dump" / "dataset.ttl")
