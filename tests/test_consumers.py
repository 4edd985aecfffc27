"""The built example as a downstream consumer meets it, served by `ld-events serve` on 127.0.0.1
(issue #14): its JSON-LD reads wherever the site is, not only at its production base.

Each client runs with its own defaults and a guard that lets it fetch from 127.0.0.1 only:
pyld (its requests loader), jsonld.js under Node (its node loader) and Comunica 4.5 (querying
the JSON-LD dump, and dereferencing an actor by content negotiation). Every JSON-LD file must
give the graph of its Turtle twin on disk.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld

from tests.conftest import require, require_command
from tests.test_sparql_endpoint import COMUNICA, serving
from tests.tools import NODE_MODULES, assert_isomorphic

BASE = "https://example.org/iraq-syria-2021/"
LOCAL = "http://127.0.0.1:"
#: jsonld.js with its default Node loader, guarded: each URL given is read and turned into
#: N-Quads; prints {url: nquads}.
JSONLD_JS = """
const jsonld = require("jsonld");
const node = jsonld.documentLoaders.node();
const guarded = async (url) => {
  if (!url.startsWith("http://127.0.0.1:")) throw new Error("fetched " + url);
  return node(url);
};
(async () => {
  const out = {};
  for (const url of process.argv.slice(2)) {
    out[url] = await jsonld.toRDF(url, {format: "application/n-quads", documentLoader: guarded});
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
"""


@pytest.fixture(scope="module")
def root(example_site: Path) -> Iterator[str]:
    with serving(example_site) as url:
        yield url


def jsonld_files(site: Path) -> list[str]:
    """Every JSON-LD file of the site but the context, relative to the site folder."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.jsonld"))
    files.remove("context.jsonld")
    assert "dump/dataset.jsonld" in files
    assert len(files) > 300
    return files


def turtle_twin(site: Path, relative: str) -> rdflib.Graph:
    twin = (
        "dump/dataset.ttl" if relative.startswith("dump/") else relative[: -len("jsonld")] + "ttl"
    )
    return rdflib.Graph().parse(site / twin, format="turtle")


def nquads_graph(nquads: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=nquads, format="nt")


def only_local(url: str, options: dict[str, Any]) -> Any:
    assert url.startswith(LOCAL), f"pyld fetched {url}"
    return jsonld.requests_document_loader()(url, options)


def test_pyld_reads_every_json_ld_file_from_the_preview(example_site: Path, root: str) -> None:
    for relative in jsonld_files(example_site):
        options = {"format": "application/n-quads", "documentLoader": only_local}
        read = nquads_graph(jsonld.to_rdf(root + relative, options))
        assert_isomorphic(turtle_twin(example_site, relative), read, f"pyld: {relative}")


def test_jsonld_js_reads_every_json_ld_file_from_the_preview(
    example_site: Path, root: str, tmp_path: Path
) -> None:
    node = require_command("node")
    require((NODE_MODULES / "jsonld").is_dir(), "jsonld.js is missing (npm install jsonld)")
    script = tmp_path / "read.js"
    script.write_text(JSONLD_JS)
    files = jsonld_files(example_site)
    done = subprocess.run(
        [node, str(script), *(root + relative for relative in files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={"NODE_PATH": str(NODE_MODULES), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    read = json.loads(done.stdout)
    for relative in files:
        graph = nquads_graph(read[root + relative])
        assert_isomorphic(turtle_twin(example_site, relative), graph, f"jsonld.js: {relative}")


def comunica_bindings(source: str, query: str) -> list[dict[str, Any]]:
    require(COMUNICA.exists(), f"{COMUNICA} is missing (npm install --prefix .ci/node ...)")
    command = [str(COMUNICA), source, query, "-t", "application/sparql-results+json"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    bindings: list[dict[str, Any]] = json.loads(done.stdout)["results"]["bindings"]
    return bindings


@pytest.mark.parametrize("dump", ["dataset.jsonld", "dataset.nt"])
def test_comunica_queries_the_dumps(example_site: Path, root: str, dump: str) -> None:
    """The JSON-LD dump (its context inside) and the plain N-Triples (Comunica reads no gzip)."""
    expected = len(turtle_twin(example_site, "dump/dataset.jsonld"))
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (answer,) = comunica_bindings(root + "dump/" + dump, query)
    assert int(answer["n"]["value"]) == expected > 400


def test_comunica_dereferences_an_actor_through_the_preview(example_site: Path, root: str) -> None:
    """Comunica's Accept header prefers JSON-LD to Turtle: serve answers with data.jsonld."""
    folder = "actor/joe-biden/"
    thing = BASE + folder + "#it"
    query = f"SELECT ?p ?o WHERE {{ <{thing}> ?p ?o }}"
    answer = comunica_bindings(root + folder, query)
    expected = list(
        turtle_twin(example_site, folder + "data.jsonld").predicate_objects(rdflib.URIRef(thing))
    )
    assert len(answer) == len(expected) > 3
    predicates = {binding["p"]["value"] for binding in answer}
    assert predicates == {str(p) for p, _ in expected}
