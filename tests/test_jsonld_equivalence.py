"""The YAML sources really are JSON-LD: pyld reads them, through the published context, to the
very triples ld-events' own (faster) reader produces. And the compact JSON-LD export, expanded
by pyld, is the same graph as the Turtle export.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from typer.testing import CliRunner

from ld_events.cli import app
from ld_events.config import Config, load_config
from ld_events.report import Report
from ld_events.sources.reading import source_files
from ld_events.sources.registry import Registry
from ld_events.sources.yaml import ParsedFile, expand_file, expand_to_jsonld, parse_files
from tests.conftest import EXAMPLE, FIXTURES, REPO

CONTEXT_FILE = REPO / "ontology" / "context.jsonld"
#: Fixture projects whose YAML reads without errors (see tests/test_diagnostics.py).
VALID_FIXTURES = ["valid", "warnings-only", "issue-dangling-actor"]
PROJECTS = [EXAMPLE, *(FIXTURES / "projects" / name for name in VALID_FIXTURES)]
runner = CliRunner()


@cache
def published_context() -> dict[str, Any]:
    context: dict[str, Any] = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))["@context"]
    return context


@cache
def parsed_project(root: Path) -> tuple[Config, Registry, dict[Path, ParsedFile]]:
    """Parse every YAML file of a project, so that slugs resolve across files."""
    config = load_config(root)
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in source_files(config)
        if path.suffix in (".yaml", ".yml")
    }
    registry = Registry()
    report = Report()
    parsed = parse_files(texts, config, registry, report)
    assert not report.diagnostics, report.to_text()
    return config, registry, parsed


def yaml_files() -> list[tuple[Path, Path]]:
    found: list[tuple[Path, Path]] = []
    for root in PROJECTS:
        config = load_config(root)
        found.extend((root, path) for path in source_files(config) if path.suffix == ".yaml")
    return found


def _id(case: tuple[Path, Path]) -> str:
    root, path = case
    return f"{root.name}/{path.relative_to(root).as_posix()}"


def graph_from_nquads(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="nt")


def assert_isomorphic(expected: rdflib.Graph, actual: rdflib.Graph, what: str) -> None:
    if isomorphic(expected, actual):
        return
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"{what}: graphs differ"]
    lines += ["  only in the first:"] + [f"    {t}" for t in sorted(only_expected)]
    lines += ["  only in the second:"] + [f"    {t}" for t in sorted(only_actual)]
    print("\n".join(lines))
    pytest.fail("\n".join(lines[:200]))


def test_every_project_has_yaml_files() -> None:
    roots = {root for root, _ in yaml_files()}
    assert roots == set(PROJECTS)


@pytest.mark.parametrize("case", yaml_files(), ids=_id)
def test_yaml_is_json_ld_through_the_published_context(case: tuple[Path, Path]) -> None:
    root, path = case
    config, registry, parsed = parsed_project(root)
    file = parsed[path]
    nodes = expand_to_jsonld(file, config, registry)
    assert nodes, f"{file.path}: no records"
    document = {"@context": [published_context()], "@graph": nodes}
    by_pyld = graph_from_nquads(jsonld.to_rdf(document, {"format": "application/n-quads"}))

    read = expand_file(file, file.path, config, registry)
    assert not read.diagnostics, [d.to_text() for d in read.diagnostics]
    ntriples = "".join(f"{triple} .\n" for triple in read.triples)
    by_reader = rdflib.Graph().parse(data=ntriples, format="nt")

    assert len(by_reader) > 0
    blank = [t for t in by_pyld if any(isinstance(term, rdflib.BNode) for term in t)]
    assert not blank, f"blank nodes in {file.path}: {blank[:5]}"
    assert_isomorphic(by_pyld, by_reader, f"pyld vs ld-events reader, {file.path}")


def _no_fetch(url: str, options: dict[str, Any]) -> dict[str, Any]:
    raise AssertionError(f"an exported file fetched {url}: it should hold its context")


def _export(tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"dataset.{fmt}"
    result = runner.invoke(
        app, ["export", str(EXAMPLE), "--format", fmt, "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("extra", [(), ("--vocabularies",)], ids=["data", "vocabularies"])
def test_exported_json_ld_is_the_turtle_graph(tmp_path: Path, extra: tuple[str, ...]) -> None:
    document = json.loads(_export(tmp_path, "jsonld", *extra).read_text(encoding="utf-8"))
    assert document["@context"] == published_context(), "an export holds its context"
    options = {"format": "application/n-quads", "documentLoader": _no_fetch}
    from_jsonld = graph_from_nquads(jsonld.to_rdf(document, options))
    from_turtle = rdflib.Graph().parse(_export(tmp_path, "ttl", *extra), format="turtle")
    assert len(from_turtle) > 0
    assert len(from_jsonld) == len(from_turtle)
    assert_isomorphic(from_turtle, from_jsonld, "Turtle export vs expanded JSON-LD export")
