"""What the model says beyond who, what, where and when: a chain of decisions and its stated
basis, the means used, who the casualties were, and places near other places. Each is read
from YAML, checked, shown on the pages and the maps, and answered by SPARQL over the dump."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, XSD
from typer.testing import CliRunner

from ld_events.cli import app

LDE = Namespace("https://w3id.org/ld-events/ns#")
MNS = Namespace("https://w3id.org/ld-events/means#")
CAS = Namespace("https://w3id.org/ld-events/casualty-type#")
CTRY = Namespace("https://w3id.org/ld-events/country#")
BASE = "https://example.org/t/"
EXAMPLE_BASE = "https://example.org/iraq-syria-2021/"

CONFIG = f"title: T\nbase: {BASE}\nlicense: https://example.org/licence\n"
RECORDS = """\
id: lloyd-austin
type: Person
label: Lloyd Austin
---
id: joe-biden
type: Person
label: Joe Biden
---
id: militia
type: Group
label: Militia groups
---
id: us-department-of-defense
type: Organization
label: US Department of Defense
---
id: albu-kamal
type: Place
label: Albu Kamal
lat: 34.45
long: 40.92
---
id: border-crossing
type: Place
label: Border crossing
near: albu-kamal
distance: {minValue: 5000, maxValue: 10000, verbatim: a few kilometres}
---
id: source
type: Source
label: An article
date: 2021-02
author: jim-garamone
publisher: us-department-of-defense
---
id: jim-garamone
type: Person
label: Jim Garamone
---
id: strikes
type: Event
label: Air strikes at a border crossing
actionType: airStrike
means: [aircraft, missile]
recommendedBy: lloyd-austin
approvedBy: joe-biden
place: border-crossing
time: 2021-02-25
reportedIn: source
fatalities:
  minValue: 17
  verbatim: at least 17 fighters
  casualtyType: combatant
  affiliation: militia
  nationality: IRQ
  likelyToRise: true
damage: {value: 9, countOf: buildings, verbatim: nine buildings}
claims:
  - id: basis
    label: "Pentagon: a response to attacks on American personnel"
    claimant: us-department-of-defense
    claimProperty: basis
    claimValue: in response to recent attacks against American and Coalition personnel
    reportedIn: source
"""


def write(folder: Path, records: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ld-events.yaml").write_text(CONFIG, encoding="utf-8")
    (folder / "records.yaml").write_text(records, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write(tmp_path_factory.mktemp("model"), RECORDS)
    result = CliRunner().invoke(app, ["build", str(project)])
    assert result.exit_code == 0, result.output
    return project / "_site"


def dump(site: Path) -> Graph:
    data = gzip.decompress((site / "dump" / "dataset.nt.gz").read_bytes())
    return Graph().parse(data=data, format="nt")


def text_of(page: Path) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_short_forms_write_the_model(built: Path) -> None:
    graph = dump(built)
    strikes = URIRef(BASE + "event/strikes/#it")
    count = URIRef(BASE + "event/strikes/#fatalities")
    crossing = URIRef(BASE + "place/border-crossing/#it")
    expected = [
        (strikes, LDE.means, MNS.aircraft),
        (strikes, LDE.means, MNS.missile),
        (strikes, LDE.recommendedBy, URIRef(BASE + "actor/lloyd-austin/#it")),
        (strikes, LDE.approvedBy, URIRef(BASE + "actor/joe-biden/#it")),
        (count, LDE.casualtyType, CAS.combatant),
        (count, LDE.affiliation, URIRef(BASE + "actor/militia/#it")),
        (count, LDE.nationality, CTRY.IRQ),
        (count, LDE.likelyToRise, Literal(True)),
        (strikes, LDE.damage, URIRef(BASE + "event/strikes/#damage")),
        (URIRef(BASE + "event/strikes/#damage"), LDE.countOf, Literal("buildings", lang="en")),
        (crossing, LDE.near, URIRef(BASE + "place/albu-kamal/#it")),
        (crossing, LDE.distance, URIRef(BASE + "place/border-crossing/#distance")),
        (URIRef(BASE + "place/border-crossing/#distance"), LDE.minValue, Literal(5000)),
    ]
    for triple in expected:
        assert triple in graph, triple
    assert graph.value(count, LDE.likelyToRise).datatype == XSD.boolean  # type: ignore[union-attr]
    claimed = graph.value(URIRef(BASE + "event/strikes/#claim-basis"), LDE.claimValue)
    assert claimed == Literal(
        "in response to recent attacks against American and Coalition personnel", lang="en"
    )


def test_the_event_page_shows_the_decisions_the_means_and_who_was_killed(built: Path) -> None:
    text = text_of(built / "event/strikes/index.html")
    assert "Means aircraft missile" in text
    assert "Recommended by Lloyd Austin" in text
    assert "Approved by Joe Biden" in text
    assert "at least 17 (combatant, of Militia groups, from Iraq; likely to rise;" in text
    assert "Damage 9 buildings (“nine buildings”)" in text
    assert "Stated basis" in text  # the claim's card names the property
    assert "in response to recent attacks against American and Coalition personnel" in text


def test_a_source_dated_to_its_month_with_its_author(built: Path) -> None:
    source = URIRef(BASE + "source/source/#it")
    graph = dump(built)
    assert graph.value(source, DCTERMS.date) == Literal("2021-02", datatype=XSD.gYearMonth)
    assert graph.value(source, DCTERMS.creator) == URIRef(BASE + "actor/jim-garamone/#it")
    page = built / "source/source/index.html"
    assert "Published February 2021" in text_of(page)
    assert "Author Jim Garamone" in text_of(page)
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page.read_text(), flags=re.S
    )
    assert found is not None
    described = json.loads(found[1])
    assert described["datePublished"] == "2021-02"
    assert [a["name"] for a in described["author"]] == ["Jim Garamone"]


def test_a_place_near_another_is_listed_and_mapped_there(built: Path) -> None:
    near = text_of(built / "place/border-crossing/index.html")
    assert "Near Albu Kamal" in near
    assert "Distance (metres) 5,000 to 10,000 (“a few kilometres”)" in near
    town = built / "place/albu-kamal/index.html"
    assert "Places near it Border crossing" in text_of(town)
    assert "took place here (nearby, at Border crossing)" in text_of(town)
    crossing_map = (built / "place/border-crossing/index.html").read_text(encoding="utf-8")
    marker = re.search(r'<a [^>]*data-lat="([-\d.]+)" data-long="([-\d.]+)"[^>]*>', crossing_map)
    assert marker is not None
    assert marker.groups() == ("34.45", "40.92")
    assert "placed at Albu Kamal, which it is near" in crossing_map


def test_events_in_or_near_erbil_are_found_through_the_data(example_site: Path) -> None:
    """The question the authoring issue could only answer by matching names: now a path."""
    query = """
        PREFIX lde: <https://w3id.org/ld-events/ns#>
        PREFIX geo: <http://www.opengis.net/ont/geosparql#>
        SELECT ?event WHERE { ?event lde:place/(geo:sfWithin|lde:near)* ?erbil }
    """
    erbil = URIRef(EXAMPLE_BASE + "place/erbil/#it")
    rows = dump(example_site).query(query, initBindings={"erbil": erbil})
    found = {str(row[0]) for row in rows}  # type: ignore[index]
    assert found == {
        EXAMPLE_BASE + "event/2021-04-erbil-airport-drone-attack/#it",
        EXAMPLE_BASE + "event/2021-06-erbil-drone-strikes/#it",
    }


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        ("  likelyToRise: true", "  likelyToRise: maybe", "at", "expected true or false"),
        ("means: [aircraft, missile]", "means: [aircraft, jet]", "", "one of aircraft, artillery"),
        ("  casualtyType: combatant", "  casualtyType: fighter", "", "one of aidWorker, civilian"),
        ("near: albu-kamal", "near: albu-kamall", "", "dangling-reference"),
        ("  nationality: IRQ", "  nationality: XYZ", "", "dangling-reference"),
        ("  casualtyType: combatant", "  casualty: combatant", "at", "casualtyType"),
        ("near: albu-kamal\n", "near: [albu-kamal, strikes-site]\n", "", "incomplete-distance"),
        ("author: jim-garamone", "author: jim-garamon", "", "dangling-reference"),
        ("date: 2021-02\n", "date: 2021-02-30\n", "at", "is not a date"),
        ("date: 2021-02\n", "date: Feb 2021\n", "at", "is not a date"),
    ],
)
def test_mistakes_are_reported_at_their_line(
    tmp_path: Path, old: str, new: str, where: str, message: str
) -> None:
    assert old in RECORDS
    records = RECORDS.replace(old, new, 1)
    if "strikes-site" in new:
        records += "---\nid: strikes-site\ntype: Place\nlabel: Site\nlat: 34.4\nlong: 40.9\n"
    result = CliRunner().invoke(app, ["validate", str(write(tmp_path, records))])
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    line = next(line for line in result.output.splitlines() if message in line)
    assert line.startswith("records.yaml:"), line
    if where == "at":  # found while reading: at the key's own line and column
        row = records.splitlines().index(new.rstrip("\n")) + 1
        column = len(new) - len(new.lstrip()) + 1
        assert line.startswith(f"records.yaml:{row}:{column}:"), line


OWN_TYPES = """\
@prefix act: <https://w3id.org/ld-events/action#> .
@prefix cameo: <https://w3id.org/ld-events/cameo#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<type/kidnapping> a skos:Concept ;
  skos:prefLabel "kidnapping"@en ;
  skos:definition "Taking a person by force and holding them."@en ;
  skos:inScheme act:scheme ;
  skos:broader act:attack ;
  skos:closeMatch cameo:181 .
<type/intimidate> a skos:Concept ;
  skos:prefLabel "intimidate"@en ;
  skos:inScheme act:purposes ;
  skos:topConceptOf act:purposes .
<type/attack> a skos:Concept ;
  skos:prefLabel "our attack"@en ;
  skos:inScheme act:scheme ;
  skos:broader act:attack .
"""
KIDNAPPING = """\
id: kidnapping-1
type: Event
label: Kidnapping of a journalist
actionType: type/kidnapping
purpose: type/intimidate
time: 2021-05-01
"""


def test_a_project_adds_its_own_action_types_and_purposes(tmp_path: Path) -> None:
    """docs/authoring.md, section 13: Turtle concepts under the base, used by their path."""
    project = write(tmp_path, KIDNAPPING)
    (project / "types.ttl").write_text(OWN_TYPES, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(project)])
    assert result.exit_code == 0, result.output
    site = project / "_site"
    event = (site / "event/kidnapping-1/index.html").read_text(encoding="utf-8")
    assert '<a href="../../type/kidnapping/">kidnapping</a>' in event
    assert '<a href="../../type/intimidate/">intimidate</a>' in event
    kidnapping = text_of(site / "type/kidnapping/index.html")
    assert "Broader attack" in kidnapping
    assert "Kidnapping of a journalist" in kidnapping
    assert "kidnapping" in text_of(site / "cameo/181/index.html")
    # One of ld-events' own types has that name: the project's gets no page over it.
    attack = (site / "type/attack/index.html").read_text(encoding="utf-8")
    assert "<h1>attack</h1>" in attack
    assert "<h1>our attack</h1>" not in attack


def test_an_own_type_outside_the_schemes_is_unknown(tmp_path: Path) -> None:
    project = write(tmp_path, KIDNAPPING)
    (project / "types.ttl").write_text(
        OWN_TYPES.replace("skos:inScheme act:scheme ;\n  skos:broader act:attack ;\n", "", 1),
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(project)])
    assert result.exit_code == 1, result.output
    assert "unknown-action-type" in result.output
