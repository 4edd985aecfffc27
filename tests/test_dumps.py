"""The whole-dataset dumps are byte for byte what ``ld-events export`` writes.

The build's workers each serialise a run of the dumps as they render the resources; the parent
joins the runs. These tests build with many small chunks in forked workers, on a project whose
subjects do not fall neatly into one run per page (a document's own IRI, a node inside an
event's folder that sorts between the event's nodes, a subject outside the base), and compare
each dump with the export of the same syntax.
"""

from __future__ import annotations

import gzip
import shutil
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ld_events.build import build
from ld_events.cli import app
from ld_events.layout import MANIFEST
from ld_events.output import parallel
from ld_events.output.parallel import Unit, plan_units
from ld_events.project import load_project
from ld_events.publish.catalog import build_catalog

VALID = Path(__file__).parent / "fixtures" / "projects" / "valid"
EXTRA = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/t/event/2021-06-27-strike/> rdfs:comment "the document itself"@en .
<https://example.org/t/event/2021-06-27-strike/2/#it> rdfs:comment "a node in the folder"@en .
<http://www.wikidata.org/entity/Q42> rdfs:label "Douglas Adams"@en .
"""
STRIKE = "https://example.org/t/event/2021-06-27-strike/#it"


@pytest.fixture(params=["plain", "awkward"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(VALID, folder)
    if request.param == "awkward":
        (folder / "extra.ttl").write_text(EXTRA, encoding="utf-8")
    return folder


def exported(project: Path, syntax: str, out: Path) -> bytes:
    arguments = ["export", str(project), "--format", syntax, "--out", str(out)]
    result = CliRunner().invoke(app, arguments)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def gzip_members(path: Path) -> int:
    data, members = path.read_bytes(), 0
    while data:
        member = zlib.decompressobj(wbits=31)
        member.decompress(data)
        assert member.eof, "truncated"
        data, members = member.unused_data, members + 1
    return members


@pytest.mark.parametrize("jobs", [1, 2])
def test_dumps_are_the_export_byte_for_byte(
    project: Path, jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "CHUNK", 2)  # many parts, joined in order
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)  # forked workers even for a few pages
    site = build(project, tmp_path / "site", jobs=jobs).out
    dump = site / "dump"
    assert (dump / "dataset.ttl").read_bytes() == exported(project, "ttl", tmp_path / "d.ttl")
    nt = gzip.decompress((dump / "dataset.nt.gz").read_bytes())
    assert nt == exported(project, "nt", tmp_path / "d.nt")
    assert (dump / "dataset.nt").read_bytes() == nt
    assert gzip_members(dump / "dataset.nt.gz") == 1, "readers that stop after one member"
    jsonld = (dump / "dataset.jsonld").read_bytes()
    assert jsonld == exported(project, "jsonld", tmp_path / "d.jsonld")
    leftovers = [p for p in site.rglob("*") if "scratch" in p.name or "part" in p.name]
    assert not leftovers, "the parts are not published"
    manifest = (site / MANIFEST).read_text(encoding="utf-8").split()
    assert sorted(manifest) == sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.name != MANIFEST
    ), "the manifest lists exactly the files written"


def test_every_subject_is_dumped_once_and_every_resource_rendered_once(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    shutil.copytree(VALID, folder)
    (folder / "extra.ttl").write_text(EXTRA, encoding="utf-8")
    catalog = build_catalog(load_project(folder).graph)
    resources = sorted(catalog.resources.values(), key=lambda r: r.path)
    units = plan_units(catalog, resources)
    dumped = [subject for unit in units for subject in unit.dump_run]
    assert dumped == catalog.dump_subjects
    rendered = [unit.resource for unit in units if unit.resource is not None]
    assert sorted(rendered, key=lambda r: r.path) == resources
    # The strike's folder holds a node sorting between its own nodes: its document is split,
    # so the strike renders on its own and its pieces are dumped as runs without a page.
    strike = catalog.resources[STRIKE]
    assert Unit(strike) in units
    assert all(unit.resource != strike for unit in units if unit.dump_run)
