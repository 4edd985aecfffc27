"""``ld-events merge A B --into C``: projects that share records, merged into a new project.

The two examples (examples/linked-story links to examples/iraq-syria-2021) merge into a project
that builds; a second desk's copy of the 2021 strikes that disagrees on some facts is reported,
every conflict at the file and line of both sides, and nothing is written; shared records that
agree are kept once, facts only one side gives and both sides' claims are kept.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import rdflib
from typer.testing import CliRunner

from ld_events.build import build
from ld_events.cli import app
from ld_events.config import load_config
from ld_events.project import load_project
from tests.conftest import EXAMPLE, REPO
from tests.tools import riot_validate

STORY = REPO / "examples" / "linked-story"
BASE = "https://example.org/iraq-syria-2021/"
DESK_B = "https://example.org/desk-b/"
LDE = rdflib.Namespace("https://w3id.org/ld-events/ns#")
SCHEMA = rdflib.Namespace("http://schema.org/")
runner = CliRunner()

KIRBY = "jobTitle: Pentagon press secretary"
SYRIA = "sameAs: wd:Q858"
#: A claim of desk B about the strikes that the example does not have.
B_CLAIM = """  - id: factions-four-killed
    label: "Iraqi factions: four of their fighters were killed"
    claimant: iraqi-factions-linked-to-iran
    claimProperty: fatalities
    claimValue: {value: 4, verbatim: four fighters}
    reportedIn: 2021-06-28-us-strikes-iraq-syria-border
"""
DOD_DESCRIPTION = (
    "id: us-department-of-defense\n"
    "type: Organization\n"
    "description: The federal department in charge of the US armed forces.\n"
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


@pytest.fixture
def desk_b(tmp_path: Path) -> Path:
    """Desk B's copy of the 2021 strikes, under its own base: Kirby's job title and Syria's
    Wikidata item differ; it says more of the Department of Defense, and adds a claim."""
    project = tmp_path / "desk-b"
    shutil.copytree(EXAMPLE, project)
    edit(project / "ld-events.yaml", f"base: {BASE}", f"base: {DESK_B}")
    edit(project / "ld-events.yaml", "title: ", "title: Desk B on ")
    edit(project / "actors" / "people.yaml", KIRBY, "jobTitle: Spokesman")
    edit(project / "places" / "countries.yaml", SYRIA, "sameAs: wd:Q859")
    edit(
        project / "actors" / "us-government.yaml",
        "id: us-department-of-defense\ntype: Organization\n",
        DOD_DESCRIPTION,
    )
    strikes = project / "events" / "2021-06-27-us-air-strikes-iraq-syria-border.yaml"
    edit(strikes, "claims:\n", "claims:\n" + B_CLAIM)
    return project


def merge(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["merge", *map(str, args)])
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.output


# -- the two examples ---------------------------------------------------------------------------


def test_the_linked_examples_merge_into_a_project_that_builds(tmp_path: Path) -> None:
    into = tmp_path / "merged"
    code, output = merge(EXAMPLE, STORY, "--into", into)
    assert code == 0, output
    assert "merged into" in output
    config = load_config(into)
    assert config.base == BASE
    assert config.links == ()  # the story's link was to the other project, now merged in
    records = sorted(into.glob("records/**/*.ttl"))
    assert (into / "records" / "actor" / "wayne-marotto.ttl") in records
    riot_validate(*records)
    report = load_project(into).report
    assert report.errors == 0, report.to_text()
    result = build(into, tmp_path / "site")
    assert result.events == 16 + 3
    graph = rdflib.Graph().parse(tmp_path / "site" / "dump" / "dataset.ttl")
    marotto = rdflib.URIRef(BASE + "actor/wayne-marotto/#it")
    coalition = rdflib.URIRef(BASE + "actor/international-coalition/#it")
    assert (marotto, SCHEMA.memberOf, coalition) in graph
    assert (coalition, rdflib.RDFS.label, None) in graph
    # the story's page is now a page of the merged site, linked to the coalition's own page
    page = (tmp_path / "site" / "actor" / "wayne-marotto" / "index.html").read_text()
    assert 'href="../../actor/international-coalition/"' in page


# -- conflicts ------------------------------------------------------------------------------------


def test_conflicts_are_reported_at_both_sides_and_nothing_is_written(
    desk_b: Path, tmp_path: Path
) -> None:
    into = tmp_path / "merged"
    code, output = merge(EXAMPLE, desk_b, "--into", into)
    assert code == 1, output
    assert not into.exists()
    errors = [line for line in output.splitlines() if "error[" in line]
    assert len(errors) == 2, output
    assert all("error[conflicting-fact]" in line for line in errors)
    sides = [
        ("actors/people.yaml", KIRBY, "jobTitle: Spokesman", "schema:jobTitle"),
        ("places/countries.yaml", SYRIA, "sameAs: wd:Q859", "schema:sameAs"),
    ]
    for (file, ours, theirs, prop), line in zip(sides, sorted(errors), strict=True):
        a_line, b_line = line_of(EXAMPLE / file, ours), line_of(desk_b / file, theirs)
        assert line.startswith(f"{EXAMPLE}/{file}:{a_line}:"), line
        assert f"(at {desk_b}/{file}:{b_line}:" in line, line
        assert prop in line


def test_every_conflict_is_reported_not_only_the_first(desk_b: Path, tmp_path: Path) -> None:
    for slug in ("joe-biden", "john-kirby"):
        person = f"id: {slug}\ntype: Person\nlabel: {{en: "
        edit(desk_b / "actors" / "people.yaml", person, person + "Not ")
    code, output = merge(EXAMPLE, desk_b, "--into", tmp_path / "merged")
    assert code == 1, output
    conflicts = re.findall(r"error\[conflicting-fact\]: (actor|place)/([a-z-]+) (\S+):", output)
    assert sorted(conflicts) == [
        ("actor", "joe-biden", "rdfs:label"),
        ("actor", "john-kirby", "rdfs:label"),
        ("actor", "john-kirby", "schema:jobTitle"),
        ("place", "syria", "schema:sameAs"),
    ]


def test_agreeing_records_are_kept_once_and_claims_of_both_sides_kept(
    desk_b: Path, tmp_path: Path
) -> None:
    edit(desk_b / "actors" / "people.yaml", "jobTitle: Spokesman", KIRBY)
    edit(desk_b / "places" / "countries.yaml", "sameAs: wd:Q859", SYRIA)
    into = tmp_path / "merged"
    code, output = merge(EXAMPLE, desk_b, "--into", into)
    assert code == 0, output
    records = len(list(into.glob("records/**/*.ttl")))
    assert f": {records} records ({records} shared: {records - 2} the same" in output
    assert "2 completed from several" in output
    build(into, tmp_path / "site")
    graph = rdflib.Graph().parse(tmp_path / "site" / "dump" / "dataset.ttl")
    strikes = rdflib.URIRef(BASE + "event/2021-06-27-us-air-strikes-iraq-syria-border/#it")
    claims = {str(c).rsplit("#", 1)[1] for c in graph.subjects(LDE.claimSubject, strikes)}
    assert {"claim-sohr-killed-five", "claim-factions-four-killed"} <= claims
    dod = rdflib.URIRef(BASE + "actor/us-department-of-defense/#it")
    assert len(list(graph.objects(dod, SCHEMA.description))) == 1
    biden = list(graph.objects(rdflib.URIRef(BASE + "actor/joe-biden/#it"), rdflib.RDFS.label))
    languages = sorted(str(label.language) for label in biden if isinstance(label, rdflib.Literal))
    assert languages == ["ar", "en"]  # once in each language
    page = (tmp_path / "site" / "event" / strikes.split("/")[-2] / "index.html").read_text()
    assert "Iraqi factions: four of their fighters were killed" in page
    assert "SOHR, as paraphrased in the lede" in page


# -- what the command refuses ---------------------------------------------------------------------


def test_a_folder_with_files_is_written_into_only_with_force(tmp_path: Path, desk_b: Path) -> None:
    into = tmp_path / "merged"
    into.mkdir()
    (into / "notes.txt").write_text("mine", encoding="utf-8")
    code, output = merge(EXAMPLE, STORY, "--into", into)
    assert code == 2, output
    assert "not empty" in output
    assert sorted(p.name for p in into.iterdir()) == ["notes.txt"]
    code, output = merge(EXAMPLE, STORY, "--into", into, "--force")
    assert code == 0, output
    marotto = into / "records" / "actor" / "wayne-marotto.ttl"
    assert marotto.is_file()
    # merged again from other projects: what the first merge wrote and this one does not goes
    edit(desk_b / "actors" / "people.yaml", "jobTitle: Spokesman", KIRBY)
    edit(desk_b / "places" / "countries.yaml", "sameAs: wd:Q859", SYRIA)
    code, output = merge(EXAMPLE, desk_b, "--into", into, "--force")
    assert code == 0, output
    assert not marotto.exists()
    assert (into / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert load_project(into).report.errors == 0


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["{a}", "--into", "{out}"], "two projects or more"),
        (["{a}", "{a}", "--into", "{out}"], "named twice"),
        (["{a}", "{b}", "--into", "{a}/merged"], "overlaps the project"),
        (["{a}", "{b}", "--into", "{out}", "--base", "ftp://x/"], "--base must be"),
        (["{a}", "{missing}", "--into", "{out}"], "no such project folder"),
    ],
)
def test_what_cannot_be_merged_is_a_usage_error(
    tmp_path: Path, args: list[str], problem: str
) -> None:
    a = tmp_path / "a"
    shutil.copytree(EXAMPLE, a)
    names = {"a": a, "b": STORY, "out": tmp_path / "out", "missing": tmp_path / "nothing"}
    code, output = merge(*(arg.format(**names) for arg in args))
    assert code == 2, output
    assert problem in output
    assert not (tmp_path / "out").exists()
    assert not (a / "merged").exists()


def test_different_licences_need_license(tmp_path: Path) -> None:
    story = tmp_path / "linked-story"
    shutil.copytree(STORY, story)
    shutil.copytree(EXAMPLE, tmp_path / "iraq-syria-2021")
    cc0 = "https://creativecommons.org/publicdomain/zero/1.0/"
    edit(
        story / "ld-events.yaml",
        "license: https://creativecommons.org/licenses/by/4.0/",
        f"license: {cc0}",
    )
    code, output = merge(tmp_path / "iraq-syria-2021", story, "--into", tmp_path / "out")
    assert code == 2, output
    assert "--license" in output
    code, output = merge(
        tmp_path / "iraq-syria-2021", story, "--into", tmp_path / "out", "--license", cc0
    )
    assert code == 0, output
    assert load_config(tmp_path / "out").license == cc0


def test_a_project_that_cannot_be_read_is_named_in_its_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(STORY, broken)
    shutil.copytree(EXAMPLE, tmp_path / "iraq-syria-2021")
    (broken / "events" / "bad.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    code, output = merge(tmp_path / "iraq-syria-2021", broken, "--into", tmp_path / "out")
    assert code == 2, output
    assert f"{broken}/events/bad.yaml:" in output
    assert not (tmp_path / "out").exists()


def test_a_fact_one_side_added_conflicts_at_that_side(desk_b: Path, tmp_path: Path) -> None:
    """Three projects: B adds a description of the Department of Defense that A lacks, C gives
    another one; the conflict is between B and C, at B's line, not A's."""
    edit(desk_b / "actors" / "people.yaml", "jobTitle: Spokesman", KIRBY)
    edit(desk_b / "places" / "countries.yaml", "sameAs: wd:Q859", SYRIA)
    desk_c = tmp_path / "desk-c"
    shutil.copytree(desk_b, desk_c)
    edit(desk_c / "ld-events.yaml", f"base: {DESK_B}", "base: https://example.org/desk-c/")
    edit(desk_c / "actors" / "us-government.yaml", "in charge of the US", "running the US")
    code, output = merge(EXAMPLE, desk_b, desk_c, "--into", tmp_path / "merged")
    assert code == 1, output
    errors = [line for line in output.splitlines() if "error[" in line]
    file = desk_b / "actors" / "us-government.yaml"
    line = line_of(file, DOD_DESCRIPTION.splitlines()[-1])
    assert len(errors) == 1, output
    assert errors[0].startswith(f"{file}:{line}:"), errors[0]
    assert f"(at {desk_c}/actors/us-government.yaml:{line}:" in errors[0]
    assert "actor/us-department-of-defense schema:description" in errors[0]
