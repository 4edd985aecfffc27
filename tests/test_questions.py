"""docs/questions.md: every question's query, run over what the example's site publishes (the
dump and the vocabularies under ontology/, nothing else), gets exactly the table under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions, RdfFormat, Store

QUESTIONS = Path(__file__).resolve().parent.parent / "docs" / "questions.md"
SECTION = re.compile(r"^## (\d+)\. (.+?)\n(.*?)(?=^## |\Z)", re.S | re.M)
QUERY = re.compile(r"```sparql\n(.*?)```", re.S)


def sections() -> list[tuple[str, str, list[list[str]]]]:
    """(title, query, table rows with the header first) of each numbered question."""
    found = []
    for _, title, body in SECTION.findall(QUESTIONS.read_text(encoding="utf-8")):
        query = QUERY.search(body)
        assert query is not None, f"{title}: no ```sparql block"
        rows = [line for line in body[query.end() :].splitlines() if line.startswith("|")]
        cells = [_cells(row) for row in rows if not set(row) <= set("|-")]
        found.append((title, query[1], cells))
    return found


def _cells(row: str) -> list[str]:
    parts = re.split(r"(?<!\\)\|", row.strip())[1:-1]
    return [part.strip().replace("\\|", "|") for part in parts]


@pytest.fixture(scope="module")
def published(example_site: Path) -> Store:
    store = Store()
    store.bulk_load(path=str(example_site / "dump" / "dataset.nt"), format=RdfFormat.N_TRIPLES)
    for vocabulary in sorted((example_site / "ontology").glob("*.ttl")):
        store.bulk_load(path=str(vocabulary), format=RdfFormat.TURTLE)
    return store


def test_there_are_at_least_twelve_questions() -> None:
    assert len(sections()) >= 12


@pytest.mark.parametrize(("title", "query", "table"), sections(), ids=lambda v: str(v)[:40])
def test_each_query_gets_the_answer_shown(
    published: Store, title: str, query: str, table: list[list[str]]
) -> None:
    results = published.query(query)
    assert isinstance(results, QuerySolutions), f"{title}: not a SELECT query"
    names = [variable.value for variable in results.variables]
    rows = [["" if row[name] is None else row[name].value for name in names] for row in results]
    got = "\n".join("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows)
    assert [names, *rows] == table, f"{title}: the page shows another answer; the query gets\n{got}"
    assert rows, f"{title}: no answer"
