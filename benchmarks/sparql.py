"""SPARQL engines side by side: ``python -m benchmarks.sparql [--events N]``.

Which engine should ``ld-events query``, the saved queries and ``ld-events serve`` use? This
loads one dataset (the seed example with ``--events 0``, the default; else a synthetic project
of N events from benchmarks/synthetic.py) into rdflib's Memory store and into an in-memory
Oxigraph store, from the same N-Triples, then runs a set of representative queries on both:

- the example's saved queries (examples/iraq-syria-2021/queries/), adapted where they name
  things of the example only (the Pentagon, Erbil, the 2021 series, one actor): the actor, the
  city and the country become the busiest of the data, found by a query first;
- aggregates over every event: counts by action type, the most active agents, fatalities by
  country and year.

Each query runs through ld-events' own declarations (predeclared prefixes, base, default graph
as the union). Time is the median wall time of ``--repeat`` runs of "evaluate and read every
row". rdflib runs each query in a forked child that is killed after ``--rdflib-timeout``
seconds per run (printed as ``>T``). The answers are compared as sets of bindings (numbers by
value); a disagreement is printed and makes the exit code 1.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import rdflib
from pyoxigraph import QueryBoolean, RdfFormat, Store

from benchmarks.synthetic import write_project
from ld_events.project import read_project
from ld_events.sparql.query import (
    QueryFormat,
    evaluate,
    prologue,
    serialize_result,
)
from ld_events.sparql.saved import read_saved_queries

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "iraq-syria-2021"
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "nonNegativeInteger")}

#: Saved queries that apply to any dataset as they are.
GENERIC_SAVED = (
    "who-ordered-and-carried-out-the-strikes",
    "where-by-country",
    "casualties-and-who-reported-them",
    "events-per-month",
)
#: The other saved queries, adapted: {actor}, {city} and {country} are filled from the data.
ADAPTED = {
    "spokesman-statements (adapted)": """
SELECT ?statement ?spokesman ?jobTitle ?date ?quote WHERE {
  ?spokesman schema:memberOf ?organization ; schema:jobTitle ?jobTitle .
  ?statement a lde:Statement ; lde:agent ?spokesman .
  OPTIONAL { ?statement lde:time/lde:earliestStart ?date }
  OPTIONAL { ?statement lde:quote ?quote }
}
ORDER BY ?date ?statement ?quote""",
    "attacks-near-a-city (adapted)": """
SELECT DISTINCT ?attack ?earliestStart ?latestEnd ?place WHERE {
  ?attack lde:actionType ?type ; lde:place ?place .
  ?type skos:broader* act:attack .
  { ?place geo:sfWithin* <{city}> }
  UNION { <{city}> rdfs:label ?cityName . ?place rdfs:label|lde:verbatim ?name .
          FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?cityName)))) }
  OPTIONAL { ?attack lde:time/lde:earliestStart ?earliestStart }
  OPTIONAL { ?attack lde:time/lde:latestEnd ?latestEnd }
}
ORDER BY COALESCE(?earliestStart, ?latestEnd) ?attack""",
    "attacks-in-a-country-in-2021-by-type (adapted)": """
SELECT ?type (COUNT(DISTINCT ?attack) AS ?attacks) WHERE {
  ?attack lde:actionType ?type ; lde:place/geo:sfWithin* <{country}> ;
    lde:time/lde:earliestStart ?start .
  ?type skos:broader* act:attack .
  FILTER(?start >= "2021-01-01"^^xsd:date && ?start < "2022-01-01"^^xsd:date)
}
GROUP BY ?type
ORDER BY ?type""",
    "everything-about-an-actor (adapted)": """
SELECT ?event ?role ?accordingTo WHERE {
  VALUES ?actor { <{actor}> }
  VALUES ?role { lde:agent lde:target lde:orderedBy lde:onBehalfOf lde:involved }
  { ?event ?role ?actor . }
  UNION { ?claim lde:claimSubject ?event ; lde:claimProperty ?role ; lde:claimValue ?actor ;
            lde:claimant ?accordingTo . }
}
ORDER BY ?event ?role ?accordingTo""",
}
AGGREGATES = {
    "aggregate: events by action type": """
SELECT ?type (COUNT(?event) AS ?events) WHERE { ?event lde:actionType ?type }
GROUP BY ?type
ORDER BY DESC(?events) ?type""",
    "aggregate: the 10 most active agents": """
SELECT ?actor (COUNT(DISTINCT ?event) AS ?events) WHERE { ?event lde:agent ?actor }
GROUP BY ?actor
ORDER BY DESC(?events) ?actor
LIMIT 10""",
    "aggregate: fatalities by country and year": """
SELECT ?country ?year (SUM(?killed) AS ?fatalities) (COUNT(?event) AS ?events) WHERE {
  ?event lde:fatalities ?figure ; lde:place ?place ; lde:time/lde:earliestStart ?start .
  ?figure lde:value|lde:minValue ?killed .
  ?place (geo:sfWithin|geo:sfOverlaps)* ?country . ?country lde:placeType plt:country .
  BIND(SUBSTR(STR(?start), 1, 4) AS ?year)
}
GROUP BY ?country ?year
ORDER BY ?country ?year""",
}
#: The busiest actor, city and country: the adapted queries' parameters.
PARAMETERS = {
    "actor": "SELECT ?x (COUNT(?e) AS ?n) WHERE { ?e lde:agent|lde:target ?x . ?x a ?c . "
    "VALUES ?c { lde:Person lde:Organization lde:Group } } "
    "GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "city": "SELECT ?x (COUNT(?e) AS ?n) WHERE { ?e lde:place/geo:sfWithin* ?x . "
    "?x lde:placeType plt:city } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
    "country": "SELECT ?x (COUNT(?e) AS ?n) WHERE { ?e lde:place/geo:sfWithin* ?x . "
    "?x lde:placeType plt:country } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1",
}


@dataclass
class Row:
    name: str
    rows: int
    oxigraph_ms: float
    rdflib_ms: float | None  # None: stopped at the time limit
    agree: bool | None  # None: not compared (rdflib stopped)


# --- the data ---------------------------------------------------------------------------------


def dataset(events: int, workdir: Path) -> tuple[bytes, str]:
    """N-Triples of the data and vocabularies of the project, and its base IRI."""
    if events:
        project = workdir / f"synthetic-{events}"
        if not (project / "ld-events.yaml").exists():
            write_project(project, events, "ttl")
    else:
        project = EXAMPLE
    graph = read_project(project).graph
    nt = "".join(f"{quad.triple} .\n" for quad in graph.store).encode()
    return nt, graph.config.base


def load_both(nt: bytes) -> tuple[Store, rdflib.Graph, float, float]:
    started = time.perf_counter()
    store = Store()
    store.bulk_load(nt, format=RdfFormat.N_TRIPLES)
    oxigraph_s = time.perf_counter() - started
    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data=nt, format="nt")
    return store, graph, oxigraph_s, time.perf_counter() - started


def queries(store: Store, base: str) -> dict[str, str]:
    """The saved queries that apply anywhere, the adapted ones, the aggregates."""
    saved = {q.name: q.text for q in read_saved_queries(EXAMPLE)}
    chosen = {name: saved[name] for name in GENERIC_SAVED}
    values = {key: _first_iri(store, base, text) for key, text in PARAMETERS.items()}
    for name, text in ADAPTED.items():
        if all(values[key] for key in values if "{" + key + "}" in text):
            for key, value in values.items():
                text = text.replace("{" + key + "}", value or "")
            chosen[name] = text
    return {**chosen, **AGGREGATES}


def _first_iri(store: Store, base: str, text: str) -> str | None:
    answer = json.loads(serialize_result(evaluate(store, text, base=base), QueryFormat.JSON))
    rows = answer["results"]["bindings"]
    return str(rows[0]["x"]["value"]) if rows else None


# --- timing -------------------------------------------------------------------------------------


def median_ms(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def oxigraph_run(store: Store, base: str, text: str) -> Callable[[], object]:
    def run() -> object:
        result = evaluate(store, text, base=base)
        return bool(result) if isinstance(result, QueryBoolean) else list(result)

    return run


def rdflib_run(graph: rdflib.Graph, text: str) -> Callable[[], object]:
    return lambda: list(graph.query(text))


def in_child(work: Callable[[], tuple[float, bytes]], timeout: float) -> tuple[float, bytes] | None:
    """``work()`` in a forked child (sharing the loaded graphs); None if it ran too long."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def target() -> None:
        sender.send(work())

    process = context.Process(target=target, daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            result: tuple[float, bytes] = receiver.recv()
            return result
        return None
    except EOFError:
        return None
    finally:
        process.kill()
        process.join()
        receiver.close()


# --- comparing ---------------------------------------------------------------------------------


def _term(value: dict[str, str]) -> tuple[Any, ...]:
    if value["type"] == "uri":
        return ("uri", value["value"])
    if value["type"] == "bnode":
        return ("bnode",)
    if "xml:lang" in value:
        return ("literal", value["value"], value["xml:lang"].lower())
    datatype = value.get("datatype", XSD + "string")
    if datatype in _INTEGERS:
        return ("integer", int(value["value"]))
    if datatype == XSD + "decimal":
        return ("decimal", Decimal(value["value"]).normalize())
    return ("literal", value["value"], datatype)


def answer_set(data: bytes) -> object:
    answer = json.loads(data)
    if "boolean" in answer:
        return answer["boolean"]
    return {
        tuple(sorted((k, _term(v)) for k, v in row.items()))
        for row in answer["results"]["bindings"]
    }


def measure(
    name: str,
    text: str,
    base: str,
    engines: tuple[Store, rdflib.Graph],
    repeats: tuple[int, int],
    rdflib_timeout: float,
) -> Row:
    store, graph = engines
    oxigraph_ms = median_ms(oxigraph_run(store, base, text), repeats[0])
    ours = serialize_result(evaluate(store, text, base=base), QueryFormat.JSON)
    declared = prologue(base) + text

    def with_rdflib() -> tuple[float, bytes]:
        elapsed = median_ms(rdflib_run(graph, declared), repeats[1])
        data = graph.query(declared).serialize(format="json")
        return elapsed, data or b""

    done = in_child(with_rdflib, rdflib_timeout * (repeats[1] + 1))
    if done is None:
        return Row(name, len(json.loads(ours)["results"]["bindings"]), oxigraph_ms, None, None)
    rdflib_ms, theirs = done
    rows = json.loads(ours).get("results", {}).get("bindings", [])
    return Row(name, len(rows), oxigraph_ms, rdflib_ms, answer_set(ours) == answer_set(theirs))


# --- the report ---------------------------------------------------------------------------------


def table(rows: list[Row], load: tuple[float, float], triples: int, limit: float) -> str:
    width = max(len(r.name) for r in rows)
    lines = [
        f"{'query':<{width}}  {'rows':>7}  {'oxigraph ms':>11}  {'rdflib ms':>10}  "
        f"{'rdflib/oxigraph':>15}  agree",
        "-" * (width + 58),
    ]
    stopped = f">{limit * 1000:.0f}"
    for r in rows:
        rdf = f"{r.rdflib_ms:10.1f}" if r.rdflib_ms is not None else f"{stopped:>10}"
        ratio = f"{r.rdflib_ms / r.oxigraph_ms:14.0f}x" if r.rdflib_ms else f"{'-':>15}"
        agree = {True: "yes", False: "NO", None: "-"}[r.agree]
        lines.append(
            f"{r.name:<{width}}  {r.rows:>7}  {r.oxigraph_ms:11.1f}  {rdf}  {ratio}  {agree}"
        )
    lines.append(
        f"{'load N-Triples (s)':<{width}}  {triples:>7}  {load[0]:11.2f}  {load[1]:10.2f}  "
        f"{load[1] / load[0]:14.0f}x"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=0, help="synthetic events (0: the example)")
    parser.add_argument("--repeat", type=int, default=3, help="Oxigraph runs per query (median)")
    parser.add_argument(
        "--rdflib-repeat",
        type=int,
        help="rdflib runs per query (default: --repeat below 10,000 "
        "events, else 1: rdflib takes seconds there, and each run blocks the next)",
    )
    parser.add_argument(
        "--rdflib-timeout",
        type=float,
        default=120.0,
        help="stop rdflib on a query after this many seconds per run (and one more run, whose "
        "answer is compared)",
    )
    parser.add_argument("--workdir", type=Path, help="keep the synthetic project here")
    args = parser.parse_args(argv)
    rdflib_repeat = args.rdflib_repeat or (args.repeat if args.events < 10_000 else 1)
    with tempfile.TemporaryDirectory(prefix="ld-events-sparql-") as scratch:
        nt, base = dataset(args.events, args.workdir or Path(scratch))
    store, graph, *load = load_both(nt)
    triples = len(graph)
    what = f"{args.events:,} synthetic events" if args.events else "the seed example"
    print(
        f"\n{what}: {triples:,} triples (data and vocabularies); median wall time of "
        f"{args.repeat} Oxigraph and {rdflib_repeat} rdflib runs per query"
    )
    rows = []
    for name, text in queries(store, base).items():
        print(f"  {name} ...", file=sys.stderr, flush=True)
        repeats = (args.repeat, rdflib_repeat)
        rows.append(measure(name, text, base, (store, graph), repeats, args.rdflib_timeout))
    print(table(rows, (load[0], load[1]), triples, args.rdflib_timeout))
    return 1 if any(r.agree is False for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
