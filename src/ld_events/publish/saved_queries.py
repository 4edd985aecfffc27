"""Pages of the saved queries: one per query, with its answer and files, and their list.

The queries are read and run by ``sparql.saved`` before anything is published.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pyoxigraph import Literal, NamedNode

from ld_events.layout import (
    QUERIES,
    QUERY_FILE,
    RESULTS_CSV,
    RESULTS_JSON,
    RESULTS_TURTLE,
    VOCABULARY_PAGE,
    Variant,
    page_of,
    query_folder,
    relative,
)
from ld_events.publish.contexts import Download, Link, Prefix, QueriesPage, QueryEntry, QueryPage
from ld_events.publish.pages import Publisher, SiteFile
from ld_events.publish.render import render
from ld_events.rdf.vocab import LDE, PREFIXES
from ld_events.sparql.query import Term, compact_iri, prologue, show_term
from ld_events.sparql.saved import SavedResult
from ld_events.translations import Words


def query_files(publisher: Publisher, results: list[SavedResult]) -> Iterator[SiteFile]:
    """Per saved query: its page, its answer's files and its text; then the list of queries."""
    base = publisher.base
    for result in results:
        folder = query_folder(result.query.name)
        yield page_of(folder), _query_page(publisher, result, folder)
        yield folder + QUERY_FILE, (prologue(base) + result.query.text).encode("utf-8")
        for variant, data in _answer_files(result):
            yield folder + variant.filename, data
    if results:
        yield _index_page(publisher, results)


def _answer_files(result: SavedResult) -> list[tuple[Variant, bytes]]:
    if result.form == "graph":
        return [(RESULTS_TURTLE, result.turtle)]
    return [(RESULTS_JSON, result.json), (RESULTS_CSV, result.csv)]


def _query_page(publisher: Publisher, result: SavedResult, folder: str) -> bytes:
    query = result.query
    page = publisher.page_info(query.title, folder, section=QUERIES)
    page = replace(page, description=" ".join(query.description)[:300])
    downloads = [Download(variant.filename, variant.label) for variant, _ in _answer_files(result)]
    return render(
        QueryPage(
            site=publisher.site,
            page=page,
            query=query,
            result=result,
            rows=[[_cell(publisher, term, folder) for term in row] for row in result.rows],
            downloads=[
                *downloads,
                Download(QUERY_FILE, publisher.words("the query, with its prefixes")),
            ],
            prefixes=[Prefix(name, iri) for name, iri in sorted(PREFIXES.items())],
        )
    )


def _cell(publisher: Publisher, term: Term | None, here: str) -> Link | None:
    """Resources with a page link to it, by label; terms of the vocabulary by their label
    (their CURIE beside it), linking to their entry; other IRIs compact; literals as text."""
    if term is None:
        return None
    if isinstance(term, NamedNode):
        resource = publisher.catalog.page_of(term.value)
        if resource is not None:
            language = publisher.catalog.label_language(term.value)
            page = relative(here, resource.path)
            return Link(publisher.catalog.label(term.value), page, language=language)
        curie = compact_iri(term.value, publisher.base)
        label = publisher.vocabulary_labels.get(term.value)
        if label:
            entry = term.value.removeprefix(LDE) if term.value.startswith(LDE) else None
            href = relative(here, f"{VOCABULARY_PAGE}/") + f"#{entry}" if entry else None
            return Link(label, href, note=curie, language="en")  # the vocabularies' labels
        return Link(curie)
    if isinstance(term, Literal):
        return Link(term.value, language=term.language)
    return Link(show_term(term))


def _index_page(publisher: Publisher, results: list[SavedResult]) -> SiteFile:
    folder = f"{QUERIES}/"
    entries = [
        QueryEntry(
            query_folder(r.query.name).removeprefix(folder),
            r.query.title,
            r.query.description[:1],
            _summary(r, publisher.words),
        )
        for r in results
    ]
    page = publisher.page_info(publisher.words("Queries"), folder, section=QUERIES)
    return page_of(folder), render(QueriesPage(site=publisher.site, page=page, entries=entries))


def _summary(result: SavedResult, words: Words) -> str:
    if result.form == "ask":
        return words("yes") if result.boolean else words("no")
    count = len(result.rows)
    if result.form == "graph":
        return words.ngettext("%(count)s triple", "%(count)s triples", count)
    return words.ngettext("%(count)s row", "%(count)s rows", count)
