"""The endpoint's pages for people: the query form, and answers as a table in a browser.

A browser asks for HTML first, so a query sent from the form (or typed as a URL) comes back as
this page: the form again, with the query, and the answer as a table (SELECT), a sentence (ASK)
or Turtle (CONSTRUCT, DESCRIBE). Plain HTML: no script is needed. Programs name the formats
they read in their Accept header, and get those.
"""

from __future__ import annotations

import html
import json
from typing import Any

from pyoxigraph import QueryBoolean, QuerySolutions

from ld_events.layout import STATIC
from ld_events.rdf.iris import THING_FRAGMENT
from ld_events.sparql.query import (
    QueryFormat,
    QueryResult,
    compact_iri,
    prologue,
    serialize_result,
)

EXAMPLE_QUERY = """SELECT ?event ?label ?type WHERE {
  ?event a lde:Event ; rdfs:label ?label ; lde:actionType ?type .
}
ORDER BY ?label
LIMIT 20
"""
#: The form's choices of format; "html" answers in the page itself.
FORMAT_CHOICES = [
    ("html", "a table in this page"),
    ("", "by Accept header (SPARQL JSON / Turtle)"),
    ("json", "SPARQL JSON"),
    ("xml", "SPARQL XML"),
    ("csv", "CSV"),
    ("tsv", "TSV"),
    ("turtle", "Turtle (CONSTRUCT, DESCRIBE)"),
    ("ntriples", "N-Triples (CONSTRUCT, DESCRIBE)"),
]


def form_page(title: str, base: str | None, query: str = EXAMPLE_QUERY, answer: str = "") -> bytes:
    """The query form (with ``query``), followed by ``answer`` (HTML) when there is one."""
    options = "".join(f'<option value="{name}">{label}</option>' for name, label in FORMAT_CHOICES)
    declared = html.escape(prologue(base))
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL · {html.escape(title)}</title>
<link rel="stylesheet" href="{STATIC}/style.css">
</head>
<body>
<main id="main" class="wrap">
<h1>SPARQL query</h1>
<p>Read-only SPARQL 1.1 endpoint over <a href="./">{html.escape(title)}</a>: data and
vocabularies, queried as one default graph.</p>
<form method="get" action="sparql">
<p><label for="query">Query</label><br>
<textarea id="query" name="query" rows="14" cols="90" spellcheck="false">
{html.escape(query)}</textarea></p>
<p><label for="format">Results</label>
<select id="format" name="format">{options}</select>
<button type="submit">Run query</button></p>
</form>
<details><summary>Declared for every query</summary><pre>{declared}</pre></details>
{answer}</main>
</body>
</html>
"""
    return page.encode("utf-8")


def results_page(title: str, base: str | None, query: str, result: QueryResult) -> bytes:
    """The form with ``query``, and its answer for a person to read."""
    if isinstance(result, QueryBoolean):
        answer = f"<h2>Answer</h2>\n<p>{'Yes' if bool(result) else 'No'}.</p>\n"
    elif isinstance(result, QuerySolutions):
        answer = _table(json.loads(serialize_result(result, QueryFormat.JSON, base=base)), base)
    else:
        turtle = serialize_result(result, QueryFormat.TURTLE, base=base).decode("utf-8")
        answer = f"<h2>Answer</h2>\n<pre>{html.escape(turtle)}</pre>\n"
    return form_page(title, base, query, answer)


def _table(answer: dict[str, Any], base: str | None) -> str:
    names: list[str] = answer["head"]["vars"]
    rows: list[dict[str, Any]] = answer["results"]["bindings"]
    head = "".join(f'<th scope="col">{html.escape(name)}</th>' for name in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(row.get(name), base)}</td>" for name in names) + "</tr>\n"
        for row in rows
    )
    count = f"{len(rows)} row" + ("" if len(rows) == 1 else "s")
    return (
        f"<h2>Answer</h2>\n<table>\n<caption>{count}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"
    )


def _cell(value: dict[str, str] | None, base: str | None) -> str:
    """An IRI compact, linking to its page when the site has it; a literal as text."""
    if value is None:
        return ""
    text = value["value"]
    if value["type"] == "uri":
        shown = html.escape(compact_iri(text, base))
        page = _local_page(text, base)
        return f'<a href="{html.escape(page)}">{shown}</a>' if page else shown
    if value["type"] == "bnode":
        return html.escape("_:" + text)
    language = value.get("xml:lang")
    if language:
        return f'<span lang="{html.escape(language)}">{html.escape(text)}</span>'
    return html.escape(text)


def _local_page(iri: str, base: str | None) -> str | None:
    """The page of a thing of the site, relative to /sparql (the preview serves the site at /)."""
    if not base or not iri.startswith(base):
        return None
    return iri.removeprefix(base).removesuffix(f"#{THING_FRAGMENT}") or "./"
