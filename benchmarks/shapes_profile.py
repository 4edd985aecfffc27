"""Time pySHACL per top-level shape on a project, to find the shapes that make validation slow.

The project is read and merged as ``ld-events validate`` does (config, sources, graph merged with
the ontology) and converted to an rdflib graph once. It is then validated with all shapes, with no
targets at all (pySHACL's fixed cost: parsing the shapes), and once per top-level shape: a shape
with a target (``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf`` or
``sh:targetObjectsOf``), run with the targets of every other top-level shape removed from a copy
of the shapes graph, so only that shape and the shapes it reaches are evaluated. With
``--properties``, each property shape of a top-level node shape is also timed alone (the node
shape keeping only that ``sh:property``): pySHACL validates such property shapes once per focus
node, which is what made the shapes slow before they became top-level property shapes. Each run
is pySHACL with the tool's options (inference "none", warnings allowed, no meta-SHACL).

The table is sorted by CPU time, slowest first: on a shared machine CPU time is the steadier
figure. Each per-shape run also pays the fixed cost.

Command line (from the repository root)::

    python -m benchmarks.synthetic /tmp/b1k --events 1000 --format ttl
    python -m benchmarks.shapes_profile /tmp/b1k
    python -m benchmarks.shapes_profile /tmp/b1k --only TimeSpan Quantity
    python -m benchmarks.shapes_profile /tmp/b1k --shapes /tmp/old-shapes --properties
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from ld_events.assets import shapes_files
from ld_events.config import load_config
from ld_events.graph import build_graph
from ld_events.rdf.terms import rdflib_graph
from ld_events.sources.reading import read_sources

TARGETS: tuple[rdflib.URIRef, ...] = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
)
SHP_CODE = rdflib.URIRef("https://w3id.org/ld-events/shapes#code")

T = TypeVar("T")


@dataclass(frozen=True)
class Timing:
    name: str
    code: str
    wall: float
    cpu: float
    results: int


def timed(action: Callable[[], T]) -> tuple[T, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = action()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def load_data(project: Path) -> rdflib.Graph:
    """The project's data merged with the ontology, as the tool hands it to pySHACL."""
    config = load_config(project)
    sources = read_sources(config)
    graph = build_graph(config, sources.store, sources.index)
    return rdflib_graph(quad.triple for quad in graph.store)


def load_shapes(folder: Path | None) -> rdflib.Graph:
    paths = sorted(folder.glob("*.ttl")) if folder is not None else shapes_files()
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def top_level_shapes(shapes: rdflib.Graph) -> list[rdflib.term.Node]:
    return sorted({s for p in TARGETS for s in shapes.subjects(p, None)}, key=str)


def only(
    shapes: rdflib.Graph, keep: rdflib.term.Node, prop: rdflib.term.Node | None = None
) -> rdflib.Graph:
    """A copy of the shapes graph in which only ``keep`` has targets (and, if ``prop`` is given,
    ``prop`` is the only property shape of ``keep``)."""
    sub = rdflib.Graph()
    for triple in shapes:
        subject, predicate, obj = triple
        if predicate in TARGETS and subject != keep:
            continue
        if prop is not None and subject == keep and predicate == SH.property and obj != prop:
            continue
        sub.add(triple)
    return sub


def run(data: rdflib.Graph, shapes: rdflib.Graph) -> int:
    """Validate as the tool does; the number of top-level results."""
    _, report, _ = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        meta_shacl=False,
        advanced=False,
    )
    assert isinstance(report, rdflib.Graph)
    return sum(1 for _ in report.subject_objects(SH.result))


def short(node: rdflib.term.Node) -> str:
    text = str(node)
    return "shp:" + text.rsplit("#", 1)[-1] if "#" in text else text


def profile(
    data: rdflib.Graph,
    shapes: rdflib.Graph,
    names: Sequence[str] = (),
    properties: bool = False,
) -> tuple[Timing, list[Timing]]:
    results, wall, cpu = timed(partial(run, data, shapes))
    total = Timing("(all shapes)", "", wall, cpu, results)
    results, wall, cpu = timed(partial(run, data, only(shapes, rdflib.BNode())))
    timings: list[Timing] = [Timing("(no targets: pySHACL's fixed cost)", "", wall, cpu, results)]
    for shape in top_level_shapes(shapes):
        if names and not any(name in str(shape) for name in names):
            continue
        results, wall, cpu = timed(partial(run, data, only(shapes, shape)))
        code = shapes.value(shape, SHP_CODE)
        timings.append(Timing(short(shape), str(code or ""), wall, cpu, results))
        if not properties:
            continue
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            results, wall, cpu = timed(partial(run, data, only(shapes, shape, prop)))
            code = shapes.value(prop, SHP_CODE)
            name = f"{short(shape)} > {short(prop)}"
            timings.append(Timing(name, str(code or ""), wall, cpu, results))
    timings.sort(key=lambda timing: timing.cpu, reverse=True)
    return total, timings


def table(total: Timing, timings: Sequence[Timing]) -> str:
    width = max([len(t.name) for t in timings] + [len(total.name), len("shape")])
    code_width = max([len(t.code) for t in timings] + [len("code")])
    header = f"{'wall s':>8} {'cpu s':>8} {'results':>8}  {'shape':<{width}}  code"
    lines = [header, "-" * (len(header) + code_width)]
    for timing in [*timings, total]:
        lines.append(
            f"{timing.wall:8.2f} {timing.cpu:8.2f} {timing.results:8d}"
            f"  {timing.name:<{width}}  {timing.code}"
        )
    lines.append(
        f"{sum(t.wall for t in timings):8.2f} {sum(t.cpu for t in timings):8.2f}"
        f" {'':8}  (sum of the rows above)"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="project folder (with ld-events.yaml)")
    parser.add_argument(
        "--shapes", type=Path, default=None, help="folder of *.ttl shapes (default: the tool's)"
    )
    parser.add_argument(
        "--only",
        nargs="*",
        default=(),
        metavar="NAME",
        help="time only the top-level shapes whose IRI contains one of these strings",
    )
    parser.add_argument(
        "--properties",
        action="store_true",
        help="also time each property shape of a top-level shape on its own",
    )
    args = parser.parse_args(argv)
    data, wall, cpu = timed(partial(load_data, args.project))
    print(f"read + merge + to rdflib: {wall:.2f} s wall, {cpu:.2f} s CPU, {len(data)} triples")
    shapes = load_shapes(args.shapes)
    total, timings = profile(data, shapes, args.only, args.properties)
    print(table(total, timings))


if __name__ == "__main__":
    main()
