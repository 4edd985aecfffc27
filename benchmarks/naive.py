"""The naive pipeline ld-events is compared against: rdflib and pySHACL used the obvious way.

1. Parse every source into one rdflib Graph with ``Graph.parse`` (Turtle and JSON-LD directly;
   YAML records are first expanded to JSON-LD by ld-events' short-form reader, as rdflib has no
   YAML parser), then parse the ontology (ontology/*.ttl) into the same graph.
2. ``pyshacl.validate`` on the whole graph with the shapes (shapes/*.ttl), inference none.
3. For every resource (every subject IRI whose fragment is ``#it``): copy its triples and those
   of the nodes it owns (the other ``#...`` subjects of its document) into a new rdflib Graph,
   serialize it to Turtle, N-Triples and JSON-LD (one rdflib ``serialize`` call each), and render
   an HTML page with a Jinja2 template listing its properties with labels; the four files go to
   ``out/{kind}/{slug}/``.

It is meant as a fair, straightforward implementation of that design: each graph, template and
lookup table is built once, subjects are grouped by document in one pass, nothing is repeated
needlessly. What it does not do (on purpose) is what ld-events does differently: stream, shard,
or use Oxigraph.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import RDFS, SKOS

from ld_events.assets import context_file, ontology_files, shapes_files
from ld_events.config import Config, load_config
from ld_events.rdf.vocab import PREFIXES
from ld_events.report import Report
from ld_events.sources import yaml as yaml_sources
from ld_events.sources.reading import source_files
from ld_events.sources.registry import Registry

PAGE = jinja2.Template(
    """<!DOCTYPE html>
<html lang="{{ language }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<link rel="alternate" type="text/turtle" href="data.ttl">
<link rel="alternate" type="application/n-triples" href="data.nt">
<link rel="alternate" type="application/ld+json" href="data.jsonld">
</head>
<body>
<h1>{{ title }}</h1>
<p><code>{{ iri }}</code></p>
{% for node in nodes %}
<section id="{{ node.fragment }}">
{% if not loop.first %}<h2>{{ node.fragment }}</h2>{% endif %}
<table>
{% for row in node.rows %}
<tr><th title="{{ row.predicate }}">{{ row.predicate_label }}</th>
<td>{% if row.href %}<a href="{{ row.href }}">{{ row.label }}</a>
{%- else %}{{ row.label }}{% endif %}</td></tr>
{% endfor %}
</table>
</section>
{% endfor %}
</body>
</html>
""",
    autoescape=True,
)


def naive_build(project: Path, out: Path) -> int:
    """Build the site of ``project`` into ``out`` the naive way; return the number of events."""
    config = load_config(project)
    graph = rdflib.Graph()
    read_sources(config, graph)
    for path in ontology_files():
        graph.parse(path, format="turtle")
    validate(graph)
    return write_resources(graph, config, out)


def read_sources(config: Config, graph: rdflib.Graph) -> None:
    yaml_files: list[Path] = []
    for path in source_files(config):
        if path.suffix == ".ttl":
            graph.parse(path, format="turtle", publicID=config.base)
        elif path.suffix == ".jsonld":
            graph.parse(path, format="json-ld", base=config.base)
        else:
            yaml_files.append(path)
    if yaml_files:
        graph.parse(data=json.dumps(_yaml_as_jsonld(config, yaml_files)), format="json-ld")


def _yaml_as_jsonld(config: Config, paths: list[Path]) -> dict[str, Any]:
    """YAML records as one JSON-LD document, through ld-events' short-form expansion."""
    registry = Registry()
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    parsed = yaml_sources.parse_files(texts, config, registry, Report())
    nodes: list[dict[str, Any]] = []
    for file in parsed.values():
        nodes.extend(yaml_sources.expand_to_jsonld(file, config, registry))
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    return {"@context": context, "@graph": nodes}


def validate(graph: rdflib.Graph) -> None:
    shapes = rdflib.Graph()
    for path in shapes_files():
        shapes.parse(path, format="turtle")
    conforms, _, text = pyshacl_validate(
        graph, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    if not conforms:
        raise RuntimeError(f"the data does not conform to the shapes:\n{str(text)[:4000]}")


def write_resources(graph: rdflib.Graph, config: Config, out: Path) -> int:
    base = config.base
    documents: dict[str, list[rdflib.URIRef]] = {}
    for subject in graph.subjects(unique=True):
        if isinstance(subject, rdflib.URIRef) and subject.startswith(base):
            documents.setdefault(subject.split("#", 1)[0], []).append(subject)
    context = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    labels = _Labels(graph, config.language)
    events = 0
    for document, subjects in sorted(documents.items()):
        thing = rdflib.URIRef(document + "#it")
        if thing not in subjects:
            continue
        kind, slug = document.removeprefix(base).strip("/").split("/", 1)
        owned = sorted(s for s in subjects if s != thing)
        resource = rdflib.Graph()
        for prefix, namespace in PREFIXES.items():
            resource.bind(prefix, namespace)
        for subject in [thing, *owned]:
            for triple in graph.triples((subject, None, None)):
                resource.add(triple)
        folder = out / kind / slug
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "data.ttl").write_bytes(resource.serialize(format="turtle", encoding="utf-8"))
        (folder / "data.nt").write_bytes(resource.serialize(format="nt", encoding="utf-8"))
        (folder / "data.jsonld").write_bytes(
            resource.serialize(format="json-ld", context=context, encoding="utf-8")
        )
        nodes = [_node(graph, s, labels, base) for s in [thing, *owned]]
        html = PAGE.render(
            language=config.language, title=labels.get(thing), iri=str(thing), nodes=nodes
        )
        (folder / "index.html").write_text(html, encoding="utf-8")
        if kind == "event":
            events += 1
    return events


class _Labels:
    """The label of a resource in the project language if there is one, else any label."""

    def __init__(self, graph: rdflib.Graph, language: str) -> None:
        self.graph = graph
        self.language = language

    def get(self, node: rdflib.term.Node) -> str:
        found: str | None = None
        for predicate in (RDFS.label, SKOS.prefLabel):
            for label in self.graph.objects(node, predicate):
                if isinstance(label, rdflib.Literal):
                    if label.language == self.language:
                        return str(label)
                    found = found or str(label)
        if found is not None:
            return found
        text = str(node)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def _node(
    graph: rdflib.Graph, subject: rdflib.URIRef, labels: _Labels, base: str
) -> dict[str, Any]:
    rows = []
    for predicate, value in sorted(graph.predicate_objects(subject)):
        href: str | None = None
        if isinstance(value, rdflib.URIRef):
            label = labels.get(value)
            href = "/" + value.removeprefix(base) if value.startswith(base) else str(value)
        else:
            label = str(value)
        rows.append(
            {"predicate": str(predicate), "predicate_label": labels.get(predicate),
             "label": label, "href": href}
        )  # fmt: skip
    return {"fragment": subject.split("#", 1)[-1], "rows": rows}
