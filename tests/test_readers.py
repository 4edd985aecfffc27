"""Source formats are readers looked up by suffix: a new format is one class, not an edit."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import ClassVar

import pytest
from pyoxigraph import RdfFormat

from ld_events.config import load_config
from ld_events.rdf.terms import DATA_GRAPH, term_value
from ld_events.sources import reading
from ld_events.sources.base import Reader, SourceFile
from ld_events.sources.reading import READERS, read_sources, source_files
from tests.conftest import FIXTURES

VALID = FIXTURES / "projects" / "valid"
EXTRA = (
    "<https://example.org/t/actor/someone/#it> "
    '<http://www.w3.org/2000/01/rdf-schema#label> "Someone"@en .\n'
)


class NTriplesReader(Reader):
    """A format the tool does not have: N-Triples, loaded as the Turtle reader loads Turtle."""

    suffixes = (".nt",)
    seen: ClassVar[list[str]] = []

    def read(self, file: SourceFile) -> None:
        text = self.text(file)
        if text is not None:
            self.seen.append(file.relative)
            self.into.store.load(text, format=RdfFormat.N_TRIPLES, to_graph=DATA_GRAPH)


def test_every_suffix_has_one_reader() -> None:
    suffixes = [suffix for reader in READERS for suffix in reader.suffixes]
    assert sorted(suffixes) == sorted(set(suffixes)) == [".jsonld", ".ttl", ".yaml", ".yml"]


def test_a_new_format_is_one_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    (project / "extra.nt").write_text(EXTRA, encoding="utf-8")
    config = load_config(project)
    assert project / "extra.nt" not in source_files(config)

    monkeypatch.setitem(reading.READER_BY_SUFFIX, ".nt", NTriplesReader)
    assert project / "extra.nt" in source_files(config)
    sources = read_sources(config)
    assert NTriplesReader.seen == ["extra.nt"]
    quads = sources.store.quads_for_pattern(None, None, None, DATA_GRAPH)
    labels = [term_value(q.object) for q in quads]
    assert "Someone" in labels
    assert not sources.report.diagnostics, sources.report.to_text()


def test_an_unreadable_file_is_reported_by_any_reader(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(VALID, project)
    (project / "latin1.ttl").write_bytes('<urn:x> <urn:y> "caf\xe9" .\n'.encode("latin-1"))
    sources = read_sources(load_config(project))
    [problem] = sources.report.diagnostics
    assert (problem.code, problem.location.path) == ("unreadable-file", "latin1.ttl")
