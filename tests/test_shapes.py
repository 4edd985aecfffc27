"""The SHACL shapes in shapes/*.ttl, checked against one-mistake-per-file fixtures.

Each fixture in tests/shapes/{valid,invalid}/ is a small Turtle dataset whose leading
``# expect: <code> <focus-node-IRI>`` lines list the results it must produce. Every fixture is
validated as the tool validates a project: the data graph is the fixture merged with
ontology/*.ttl, with pyshacl's inference "none". The code of a result is the ``shp:code`` of its
``sh:sourceShape``; its focus node is the one the tool reports (``result_focus``: a dataset-wide
constraint's result is about the node in its ``sh:value``).

Apache Jena's SHACL validator must report the same (focus node, source shape, severity) set for
every fixture, so that the shapes do not depend on one engine's reading of the spec. To start one
JVM only, every fixture's IRIs are moved under a base of their own (``<FIXTURE_BASE><name>/``),
all fixtures are merged into one data graph with the ontology, and Jena and pyshacl each validate
that graph once; each result is given back to the fixture whose base its focus node starts with.
pyshacl's results on the merged graph must equal its results on each fixture alone, so the
fixtures do not interact (dataset-wide constraints see all of them) and Jena's verdict on the
merged graph holds for each fixture.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from pyshacl import validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from ld_events.validation.shacl import result_focus
from tests import jena as jena_setup

REPO = Path(__file__).resolve().parents[1]
SHAPES_DIR = REPO / "shapes"
#: The shared definitions every other shapes file is loaded with.
HELPERS_FILE = SHAPES_DIR / "helpers.ttl"
ONTOLOGY_DIR = REPO / "ontology"
FIXTURES_DIR = REPO / "tests" / "shapes"
JENA_SHACL_JAR = Path("/usr/share/java/jena-shacl.jar")

SHP = Namespace("https://w3id.org/ld-events/shapes#")
SHP_CODE = SHP.code

#: The base of every fixture's IRIs (written ``@base <https://example.org/t/>``).
FIXTURE_BASE = "https://example.org/t/"

EXPECT_RE = re.compile(r"^#\s*expect:\s*(?P<code>[a-z0-9-]+)\s+(?P<iri>\S+)\s*$")
KEBAB_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Every diagnostic code the shapes must produce, each covered by at least one invalid fixture.
CODES: frozenset[str] = frozenset(
    {
        "missing-date",
        "unbounded-timespan",
        "duplicate-bound",
        "reversed-timespan",
        "mixed-date-types",
        "bad-date",
        "negative-count",
        "inconsistent-count",
        "empty-quantity",
        "missing-label",
        "untagged-label",
        "unknown-action-type",
        "unknown-purpose",
        "unknown-place-type",
        "dangling-reference",
        "incomplete-claim",
        "unknown-claim-property",
        "unlocated-place",
        "out-of-range-coordinates",
        "malformed-wikidata-id",
        "circular-part-of",
        "undated-source",
        "missing-publisher",
        "unattributed-statement",
        "unattributed-coding",
        "out-of-range-tone",
        "out-of-range-goldstein",
        "out-of-range-quadclass",
        "unknown-means",
        "untagged-text",
        "incomplete-distance",
        "unknown-casualty-type",
        "ill-typed-flag",
        "empty-passage",
        "mismatched-evidence",
        "missing-action-type",
        "missing-place",
        "missing-source",
    }
)

#: Codes reported as sh:Warning; every other code is a sh:Violation.
WARNING_CODES: frozenset[str] = frozenset(
    {
        "unlocated-place",
        "missing-publisher",
        "unattributed-statement",
        "missing-action-type",
        "missing-place",
        "missing-source",
    }
)

#: Constraint parameters of SHACL Core and SHACL-SPARQL. sh:property is left out on purpose: a
#: node shape that only groups property shapes never reports a result itself.
CONSTRAINT_PARAMETERS: frozenset[URIRef] = frozenset(
    {
        SH["class"],
        SH.datatype,
        SH.nodeKind,
        SH.minCount,
        SH.maxCount,
        SH.minExclusive,
        SH.minInclusive,
        SH.maxExclusive,
        SH.maxInclusive,
        SH.minLength,
        SH.maxLength,
        SH.pattern,
        SH.languageIn,
        SH.uniqueLang,
        SH.equals,
        SH.disjoint,
        SH.lessThan,
        SH.lessThanOrEquals,
        SH["not"],
        SH["and"],
        SH["or"],
        SH.xone,
        SH.node,
        SH.qualifiedValueShape,
        SH.closed,
        SH.hasValue,
        SH["in"],
        SH.sparql,
    }
)

TARGET_PREDICATES: tuple[URIRef, ...] = (
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
)

#: One validation result, as both engines must agree on it: (focus node, source shape, severity).
Result = tuple[str, str, str]


@dataclass(frozen=True)
class Fixture:
    path: Path
    expected: frozenset[tuple[str, str]]

    @property
    def name(self) -> str:
        return self.path.relative_to(FIXTURES_DIR).with_suffix("").as_posix()

    @property
    def valid(self) -> bool:
        return self.path.parent.name == "valid"

    @property
    def base(self) -> str:
        """The base the fixture's IRIs move to in the merged graph."""
        return f"{FIXTURE_BASE}{self.name}/"

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def renamed_text(self) -> str:
        """The Turtle text with every IRI under FIXTURE_BASE moved under the fixture's base."""
        return self.text().replace(FIXTURE_BASE, self.base)


def read_expectations(path: Path) -> frozenset[tuple[str, str]]:
    """The (code, focus node IRI) pairs declared by the fixture's leading comment lines."""
    expected: set[tuple[str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = EXPECT_RE.match(line)
        if match:
            expected.add((match["code"], match["iri"]))
    return frozenset(expected)


def discover_fixtures() -> list[Fixture]:
    paths = sorted(FIXTURES_DIR.glob("valid/*.ttl")) + sorted(FIXTURES_DIR.glob("invalid/*.ttl"))
    return [Fixture(path, read_expectations(path)) for path in paths]


FIXTURES = discover_fixtures()
FIXTURE_IDS = [fixture.name for fixture in FIXTURES]


def parse_all(paths: Iterable[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    paths = sorted(SHAPES_DIR.glob("*.ttl"))
    assert paths, f"no shapes in {SHAPES_DIR}"
    return parse_all(paths)


@cache
def ontology_graph() -> Graph:
    paths = sorted(ONTOLOGY_DIR.glob("*.ttl"))
    assert paths, f"no ontology in {ONTOLOGY_DIR}"
    return parse_all(paths)


def data_graph(fixture: Fixture) -> Graph:
    """The fixture merged with the ontology, as the tool builds the data graph."""
    graph = Graph()
    for triple in ontology_graph():
        graph.add(triple)
    graph.parse(fixture.path, format="turtle")
    return graph


@cache
def merged_data_graph() -> Graph:
    """Every fixture, each under its own base, merged with the ontology (once)."""
    graph = Graph()
    for triple in ontology_graph():
        graph.add(triple)
    for fixture in FIXTURES:
        graph.parse(data=fixture.renamed_text(), format="turtle", publicID=fixture.base)
    return graph


def term_key(term: Node, what: str, where: str) -> str:
    if isinstance(term, BNode):
        pytest.fail(f"{where}: {what} is a blank node; results could not be matched")
    return str(term)


def results_of(report: Graph, where: str, engine: str) -> frozenset[Result]:
    """The (focus node, source shape, severity) of every result in a validation report.

    The focus node is the one the tool reports: the offending node (sh:value) for results of
    dataset-wide constraints, whose focus node is the ontology IRI.
    """
    results: set[Result] = set()
    reports = list(report.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1, f"{where}: {engine} gave {len(reports)} validation reports"
    # Only top-level results: pyshacl also types the nested sh:detail results as results.
    for result in report.objects(reports[0], SH.result):
        focus = report.value(result, SH.focusNode)
        shape = report.value(result, SH.sourceShape)
        severity = report.value(result, SH.resultSeverity)
        if focus is None or shape is None or severity is None:
            pytest.fail(f"{where}: incomplete {engine} result {result}")
        value = report.value(result, SH.value)
        node, _ = result_focus(
            term_key(focus, f"{engine} focus node", where),
            None if value is None else term_key(value, f"{engine} value", where),
        )
        results.add(
            (
                node,
                term_key(shape, f"{engine} source shape", where),
                term_key(severity, f"{engine} severity", where),
            )
        )
    return frozenset(results)


#: rdflib's prepared form of every SPARQL query pyshacl has run, by (text, namespaces, base).
PREPARED_QUERIES: dict[tuple[str, tuple[tuple[str, Any], ...], str | None], Query] = {}


@contextmanager
def prepared_queries() -> Iterator[None]:
    """Parse each SPARQL constraint's query once per session, not once per pyshacl run.

    pyshacl hands rdflib every query as text, and rdflib parses it again on each run (about
    0.05 s a query, most of the time of a run on a small fixture). Here a text is parsed once
    into the prepared query that ``rdflib.plugins.sparql.prepareQuery`` gives, which rdflib
    evaluates as it would the text: the results are the same.
    """
    original = SPARQLProcessor.query

    def query(
        self: SPARQLProcessor,
        strOrQuery: str | Query,
        initBindings: Any = None,
        initNs: Any = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Any:
        if isinstance(strOrQuery, str):
            key = (strOrQuery, tuple(sorted((initNs or {}).items())), base)
            if key not in PREPARED_QUERIES:
                PREPARED_QUERIES[key] = prepareQuery(strOrQuery, initNs=initNs, base=base)
            strOrQuery = PREPARED_QUERIES[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    with mock.patch.object(SPARQLProcessor, "query", query):
        yield


def run_pyshacl(data: Graph, where: str, shapes: Graph | None = None) -> frozenset[Result]:
    """pyshacl's results on ``data``, with every shapes file merged unless ``shapes`` is given."""
    with prepared_queries():
        conforms, report, text = validate(
            data,
            shacl_graph=shapes_graph() if shapes is None else shapes,
            inference="none",
            meta_shacl=False,
            advanced=False,
            allow_warnings=True,
        )
    assert isinstance(report, Graph), text
    results = results_of(report, where, "pyshacl")
    assert conforms == all(severity != str(SH.Violation) for _, _, severity in results)
    return results


@cache
def pyshacl_results(fixture: Fixture) -> frozenset[Result]:
    """pyshacl's results on the fixture alone, in the fixture's own IRIs."""
    return run_pyshacl(data_graph(fixture), fixture.name)


@dataclass(frozen=True)
class MergedResults:
    """One engine's results on the merged graph, given back to the fixtures."""

    by_fixture: Mapping[str, frozenset[Result]]
    #: Results whose focus node lies under no fixture's base.
    stray: frozenset[Result]


def split_merged(results: Iterable[Result]) -> MergedResults:
    """Give each result to the fixture whose base its focus node starts with, its focus node
    moved back from the fixture's base to FIXTURE_BASE."""
    # Longest base first, should one fixture's base ever start with another's.
    fixtures = sorted(FIXTURES, key=lambda fixture: len(fixture.base), reverse=True)
    grouped: dict[str, set[Result]] = {fixture.name: set() for fixture in FIXTURES}
    stray: set[Result] = set()
    for focus, shape, severity in results:
        owner = next((f for f in fixtures if focus.startswith(f.base)), None)
        if owner is None:
            stray.add((focus, shape, severity))
        else:
            original = FIXTURE_BASE + focus.removeprefix(owner.base)
            grouped[owner.name].add((original, shape, severity))
    return MergedResults({name: frozenset(rs) for name, rs in grouped.items()}, frozenset(stray))


@cache
def merged_pyshacl_results() -> MergedResults:
    return split_merged(run_pyshacl(merged_data_graph(), "merged fixtures"))


def code_of(shape: str) -> str | None:
    code = shapes_graph().value(URIRef(shape), SHP_CODE)
    return str(code) if code is not None else None


def describe(results: Iterable[Result]) -> str:
    lines = [
        f"  {code_of(shape)} {focus} [{shape.rsplit('#', 1)[-1]}, {severity.rsplit('#', 1)[-1]}]"
        for focus, shape, severity in sorted(results)
    ]
    return "\n".join(lines) or "  (none)"


# -------------------------------------------------------------------------------------------
# pyshacl: each fixture gives exactly the results it declares
# -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_fixture_gives_expected_results(fixture: Fixture) -> None:
    if fixture.valid:
        unexpected_codes = {code for code, _ in fixture.expected} - WARNING_CODES
        assert not unexpected_codes, f"valid fixtures may only expect warnings: {unexpected_codes}"
    else:
        assert fixture.expected, f"{fixture.name} declares no '# expect:' line"
    results = pyshacl_results(fixture)
    uncoded = {shape for _, shape, _ in results if code_of(shape) is None}
    assert not uncoded, f"results from shapes without shp:code: {sorted(uncoded)}"
    got = {(code_of(shape) or "", focus) for focus, shape, _ in results}
    assert got == set(fixture.expected), (
        f"{fixture.name}\nexpected:\n"
        + "\n".join(f"  {code} {iri}" for code, iri in sorted(fixture.expected))
        + f"\ngot:\n{describe(results)}"
    )
    for _, shape, severity in results:
        wanted = SH.Warning if code_of(shape) in WARNING_CODES else SH.Violation
        assert severity == str(wanted), f"{shape} reports {severity}, expected {wanted}"


# -------------------------------------------------------------------------------------------
# Jena: the same results as pyshacl
# -------------------------------------------------------------------------------------------


def jena_unavailable_reason() -> str | None:
    reason = jena_setup.missing()
    if reason is None and not JENA_SHACL_JAR.is_file():
        reason = f"Apache Jena's SHACL jar is missing: {JENA_SHACL_JAR} (libapache-jena-java)"
    return reason


#: JVM options for one short run: C1 only, a serial GC, JVM log lines kept off stdout (the
#: report is read from stdout).
JVM_OPTIONS = (
    "-XX:TieredStopAtLevel=1",
    "-XX:+UseSerialGC",
    "-Xlog:disable",
    "-Xlog:all=warning:stderr",
)


def run_jena(classpath: str, shapes: Path, data: Path) -> str:
    completed = subprocess.run(
        [
            "java",
            *JVM_OPTIONS,
            "-cp",
            classpath,
            "shacl.shacl",
            "validate",
            "--shapes",
            str(shapes),
            "--data",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"Jena failed on {data.name}:\n{completed.stderr}")
    return completed.stdout


@pytest.fixture(scope="session")
def jena_results(tmp_path_factory: pytest.TempPathFactory) -> MergedResults:
    """Jena's results on the merged fixtures (one JVM), given back to the fixtures."""
    reason = jena_unavailable_reason()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Jena is required in CI: {reason}")
        pytest.skip(f"Jena cross-check skipped: {reason}")
    workdir = tmp_path_factory.mktemp("jena")
    classpath = jena_setup.classpath()
    # Both engines read exactly the same triples: the graphs pyshacl gets, as N-Triples.
    shapes = workdir / "shapes.nt"
    shapes_graph().serialize(shapes, format="nt", encoding="utf-8")
    data = workdir / "fixtures.nt"
    merged_data_graph().serialize(data, format="nt", encoding="utf-8")
    report = Graph().parse(data=run_jena(classpath, shapes, data), format="turtle")
    return split_merged(results_of(report, "merged fixtures", "Jena"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_fixtures_do_not_interact(fixture: Fixture) -> None:
    """pyshacl gives the same results for the fixture alone and inside the merged graph."""
    merged = merged_pyshacl_results().by_fixture[fixture.name]
    alone = pyshacl_results(fixture)
    assert merged == alone, (
        f"{fixture.name}\nonly when merged:\n{describe(merged - alone)}"
        f"\nonly alone:\n{describe(alone - merged)}"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_fixture_describes_only_its_own_nodes(fixture: Fixture) -> None:
    """Every subject is under FIXTURE_BASE, so renaming keeps the fixtures apart when merged."""
    graph = Graph().parse(fixture.path, format="turtle")
    foreign = {str(s) for s in graph.subjects() if not str(s).startswith(FIXTURE_BASE)}
    assert not foreign, f"{fixture.name} describes nodes outside {FIXTURE_BASE}: {sorted(foreign)}"


def test_merged_results_belong_to_fixtures() -> None:
    stray = merged_pyshacl_results().stray
    assert not stray, f"pyshacl results outside every fixture:\n{describe(stray)}"


def test_jena_results_belong_to_fixtures(jena_results: MergedResults) -> None:
    assert not jena_results.stray, (
        f"Jena results outside every fixture:\n{describe(jena_results.stray)}"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_jena_agrees_with_pyshacl(fixture: Fixture, jena_results: MergedResults) -> None:
    jena = jena_results.by_fixture[fixture.name]
    pyshacl = merged_pyshacl_results().by_fixture[fixture.name]
    assert jena == pyshacl, (
        f"{fixture.name}\nonly Jena:\n{describe(jena - pyshacl)}"
        f"\nonly pyshacl:\n{describe(pyshacl - jena)}"
    )


# -------------------------------------------------------------------------------------------
# The shapes themselves
# -------------------------------------------------------------------------------------------


def reporting_shapes(graph: Graph) -> set[Node]:
    """Shapes whose results reach the report: targeted shapes and their property shapes."""
    targeted = {s for p in TARGET_PREDICATES for s in graph.subjects(p, None)}
    return targeted | {o for s in targeted for o in graph.objects(s, SH.property)}


def test_reporting_shapes_are_named_and_coded() -> None:
    graph = shapes_graph()
    shapes = reporting_shapes(graph)
    assert shapes
    problems: list[str] = []
    for shape in sorted(shapes, key=str):
        if not (isinstance(shape, URIRef) and shape.startswith(str(SHP))):
            problems.append(f"{shape!r}: a reporting shape must be a named IRI in shp:")
            continue
        if not any(p in CONSTRAINT_PARAMETERS for p in graph.predicates(shape, None)):
            continue
        messages = [m for m in graph.objects(shape, SH.message) if isinstance(m, Literal)]
        if not any(m.language == "en" for m in messages):
            problems.append(f"{shape}: no sh:message in English")
        codes = list(graph.objects(shape, SHP_CODE))
        if len(codes) != 1:
            problems.append(f"{shape}: needs exactly one shp:code, has {len(codes)}")
        else:
            code = codes[0]
            if not (isinstance(code, Literal) and code.datatype is None and code.language is None):
                problems.append(f"{shape}: shp:code must be a plain string")
            elif not KEBAB_RE.match(str(code)) or str(code) not in CODES:
                problems.append(f"{shape}: unknown shp:code {code!r}")
        severity = graph.value(shape, SH.severity)
        wanted = SH.Warning if str(graph.value(shape, SHP_CODE)) in WARNING_CODES else SH.Violation
        if severity != wanted:
            problems.append(f"{shape}: sh:severity should be {wanted}, is {severity}")
    assert not problems, "\n".join(problems)


def test_only_reporting_shapes_carry_codes() -> None:
    graph = shapes_graph()
    coded = set(graph.subjects(SHP_CODE, None))
    stray = coded - reporting_shapes(graph)
    assert not stray, f"shp:code on shapes that never report: {sorted(map(str, stray))}"


def test_every_code_has_a_shape_and_an_invalid_fixture() -> None:
    shape_codes = {str(code) for code in shapes_graph().objects(None, SHP_CODE)}
    assert shape_codes == CODES, (
        f"codes without shapes: {sorted(CODES - shape_codes)}; "
        f"undocumented codes: {sorted(shape_codes - CODES)}"
    )
    fixture_codes = {code for f in FIXTURES if not f.valid for code, _ in f.expected}
    assert fixture_codes >= CODES, (
        f"codes without an invalid fixture: {sorted(CODES - fixture_codes)}"
    )


@pytest.mark.parametrize("fixture", FIXTURES, ids=FIXTURE_IDS)
def test_focus_nodes_start_exactly_one_line(fixture: Fixture) -> None:
    """The tool reports file:line of a focus node: each must open exactly one subject block."""
    lines = fixture.path.read_text(encoding="utf-8").splitlines()
    for _, iri in fixture.expected:
        assert iri.startswith(FIXTURE_BASE), f"{iri} is not under {FIXTURE_BASE}"
        subject = f"<{iri.removeprefix(FIXTURE_BASE)}> "
        starts = [n for n, line in enumerate(lines, 1) if line.startswith(subject)]
        assert len(starts) == 1, f"{fixture.name}: {iri} opens a block on lines {starts}"


def test_fixtures_exist() -> None:
    assert any(f.valid for f in FIXTURES), "no valid fixtures"
    assert any(not f.valid for f in FIXTURES), "no invalid fixtures"


# -------------------------------------------------------------------------------------------
# Each shapes file stands alone, loaded with helpers.ttl and nothing else
# -------------------------------------------------------------------------------------------

SHAPES_FILES = sorted(SHAPES_DIR.glob("*.ttl"))
SHAPES_FILE_IDS = [path.name for path in SHAPES_FILES]

#: Predicates whose object names another node a shape needs: a shape (nested or a list of them),
#: or the node declaring the prefixes of a SPARQL constraint (sh:prefixes). Checked here because
#: pySHACL does not notice either one missing: it reads an undefined shape as one without
#: constraints (so does the spec), and rdflib runs the query with whatever prefixes its graphs
#: bind, where Jena rejects the query.
REFERENCE_PREDICATES: tuple[URIRef, ...] = (
    SH.node,
    SH["not"],
    SH["or"],
    SH["and"],
    SH.xone,
    SH.qualifiedValueShape,
    SH.property,
    SH.prefixes,
)
#: Of those, the ones whose object is an RDF list of shapes.
LIST_PREDICATES: frozenset[URIRef] = frozenset({SH["or"], SH["and"], SH.xone})


def files_needed(path: Path) -> list[Path]:
    """The file and every file it is loaded with: helpers.ttl, which itself needs nothing."""
    return [path] if path == HELPERS_FILE else [path, HELPERS_FILE]


def referenced_iris(graph: Graph) -> set[URIRef]:
    """The named nodes the graph refers to through REFERENCE_PREDICATES (blank nodes are
    always defined in the file that holds the reference)."""
    found: set[URIRef] = set()
    for predicate in REFERENCE_PREDICATES:
        for node in graph.objects(None, predicate):
            members = Collection(graph, node) if predicate in LIST_PREDICATES else [node]
            found.update(member for member in members if isinstance(member, URIRef))
    return found


def test_helpers_file_exists() -> None:
    assert HELPERS_FILE in SHAPES_FILES, f"{HELPERS_FILE} is missing"


@pytest.mark.parametrize("path", SHAPES_FILES, ids=SHAPES_FILE_IDS)
def test_shapes_file_parses_alone(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0, f"{path.name} holds no triples"


@pytest.mark.parametrize("path", SHAPES_FILES, ids=SHAPES_FILE_IDS)
def test_shapes_file_refers_only_to_itself_and_helpers(path: Path) -> None:
    loaded = parse_all(files_needed(path))
    missing = referenced_iris(loaded) - set(loaded.subjects())
    assert not missing, (
        f"{path.name} refers to shapes defined in neither it nor {HELPERS_FILE.name}: "
        f"{sorted(map(str, missing))}"
    )


def test_helpers_report_nothing_on_their_own() -> None:
    helpers = Graph().parse(HELPERS_FILE, format="turtle")
    targeted = {str(s) for p in TARGET_PREDICATES for s in helpers.subjects(p, None)}
    assert not targeted, f"{HELPERS_FILE.name} has targeted shapes: {sorted(targeted)}"
    coded = {str(s) for s in helpers.subjects(SHP_CODE, None)}
    assert not coded, f"{HELPERS_FILE.name} has shapes with a shp:code: {sorted(coded)}"


def uses(graph: Graph, node: URIRef) -> bool:
    """Whether the graph uses the node as a predicate or an object."""
    return (None, node, None) in graph or (None, None, node) in graph


def test_helpers_hold_only_what_several_files_share() -> None:
    """A helper that one class file uses belongs in that file, next to the shape that uses it."""
    classes = [
        Graph().parse(path, format="turtle") for path in SHAPES_FILES if path != HELPERS_FILE
    ]
    helpers = Graph().parse(HELPERS_FILE, format="turtle")
    defined = {node for node in helpers.subjects() if isinstance(node, URIRef)}
    assert defined, f"{HELPERS_FILE.name} defines nothing"
    lonely = sorted(str(node) for node in defined if sum(uses(g, node) for g in classes) < 2)
    assert not lonely, f"used by fewer than two class files, move each into its user: {lonely}"


@cache
def shape_iris_in(path: Path) -> frozenset[str]:
    return frozenset(str(s) for s in Graph().parse(path, format="turtle").subjects())


VALID_FIXTURES = [fixture for fixture in FIXTURES if fixture.valid]


@pytest.mark.parametrize("path", SHAPES_FILES, ids=SHAPES_FILE_IDS)
@pytest.mark.parametrize("fixture", VALID_FIXTURES, ids=[f.name for f in VALID_FIXTURES])
def test_shapes_file_runs_alone_in_pyshacl(path: Path, fixture: Fixture) -> None:
    """The file with helpers.ttl gives exactly its own shapes' share of the merged results."""
    alone = run_pyshacl(
        data_graph(fixture), f"{fixture.name}, {path.name}", parse_all(files_needed(path))
    )
    own = shape_iris_in(path)
    share = {result for result in pyshacl_results(fixture) if result[1] in own}
    assert alone == share, (
        f"{path.name} on {fixture.name}\nonly alone:\n{describe(alone - share)}"
        f"\nonly merged:\n{describe(share - alone)}"
    )
