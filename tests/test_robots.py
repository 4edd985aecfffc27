"""robots.txt is read only at the root of a host: a site whose base is in a folder says so, in
its robots.txt and when it is built, with the line to add at the host's root."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest
from typer.testing import CliRunner

from ld_events.cli import app
from tests.conftest import FIXTURES

runner = CliRunner()
PROJECT = FIXTURES / "site-golden"
IN_A_FOLDER = "https://example.org/golden/"


def built(tmp_path: Path, base: str) -> tuple[str, str]:
    """The fixture project built with ``base``: its robots.txt and what ``build`` printed."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    config = project / "ld-events.yaml"
    text = config.read_text(encoding="utf-8")
    assert f"base: {IN_A_FOLDER}\n" in text
    config.write_text(text.replace(IN_A_FOLDER, base), encoding="utf-8")
    out = tmp_path / "site"
    result = runner.invoke(app, ["build", str(project), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return (out / "robots.txt").read_text(encoding="utf-8"), result.output


def read_by_a_crawler(robots: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(robots.splitlines())
    return parser


def test_a_site_in_a_folder_says_where_robots_txt_is_read(tmp_path: Path) -> None:
    robots, output = built(tmp_path, IN_A_FOLDER)
    line = f"Sitemap: {IN_A_FOLDER}sitemap.xml"
    comments = [text for text in robots.splitlines() if text.startswith("#")]
    assert any("https://example.org/robots.txt" in text for text in comments), robots
    assert f"# {line}" in comments  # the exact line to add at the host's root
    crawler = read_by_a_crawler(robots)  # the comments change nothing a crawler reads
    assert crawler.site_maps() == [f"{IN_A_FOLDER}sitemap.xml"]
    assert crawler.can_fetch("*", IN_A_FOLDER + "event/x/")
    notes = [text for text in output.splitlines() if text.startswith("note: ")]
    assert len(notes) == 1, output
    assert "https://example.org/robots.txt" in notes[0]
    assert f"'{line}'" in notes[0]
    *_, before_last, last = output.splitlines()
    assert before_last == notes[0]
    assert last.startswith("built ")  # the summary stays the last line


@pytest.mark.parametrize("base", ["https://events.example.org/", "http://127.0.0.1:8000/"])
def test_a_site_at_a_hosts_root_needs_no_note(tmp_path: Path, base: str) -> None:
    robots, output = built(tmp_path, base)
    assert not [text for text in robots.splitlines() if text.startswith("#")], robots
    assert read_by_a_crawler(robots).site_maps() == [f"{base}sitemap.xml"]
    assert "note: " not in output
    assert "robots.txt" not in output
