"""Every kind of problem is reported like a compiler: exact code, file, line and exit code.

Each case is a small project in ``tests/fixtures/projects/<case>/``. The expectations below are
the whole output: a case passes only if the CLI prints exactly these diagnostics, no more.
"""

from __future__ import annotations

import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ld_events.cli import app
from ld_events.project import load_project
from tests.conftest import FIXTURES

PROJECTS = FIXTURES / "projects"
SKIPPED_NOTE = "validation skipped: fix the errors above, then run again"
#: ``path[:line:column]: severity[code]: message``, as report.Diagnostic.to_text prints it.
DIAGNOSTIC = re.compile(
    r"^(?P<path>[^\s:]+)(?::(?P<line>\d+):(?P<column>\d+))?: "
    r"(?P<severity>error|warning|info)\[(?P<code>[a-z0-9-]+)\]: (?P<message>.*)$"
)
runner = CliRunner()


@dataclass(frozen=True)
class Expect:
    """One diagnostic the CLI must print; ``line`` 0 means the whole file."""

    code: str
    path: str
    line: int
    column: int
    fragment: str = ""
    severity: str = "error"

    @property
    def key(self) -> tuple[str, str, str, int, int]:
        return (self.severity, self.code, self.path, self.line, self.column)


@dataclass(frozen=True)
class Printed:
    severity: str
    code: str
    path: str
    line: int
    column: int
    message: str

    @property
    def key(self) -> tuple[str, str, str, int, int]:
        return (self.severity, self.code, self.path, self.line, self.column)


READ_ERROR = 2
INVALID = 1
OK = 0

#: case folder → (exit code of ``ld-events validate``, every diagnostic it prints).
CASES: dict[str, tuple[int, list[Expect]]] = {
    # --- read errors: exit 2, validation skipped ---
    "yaml-bad-indent": (
        READ_ERROR,
        [Expect("invalid-yaml", "event.yaml", 6, 2, "expected <block end>")],
    ),
    "yaml-tab": (
        READ_ERROR,
        [Expect("invalid-yaml", "event.yaml", 4, 1, "cannot start any token")],
    ),
    # The quote opens at 3:8 and is never closed: the diagnostic must point at the quote, not
    # at the end of the file (line 5 does not exist), and say what was being read.
    "yaml-unclosed-quote": (
        READ_ERROR,
        [Expect("invalid-yaml", "event.yaml", 3, 8, "quoted scalar")],
    ),
    "invalid-turtle": (
        READ_ERROR,
        [Expect("invalid-turtle", "events.ttl", 6, 3, "dot is expected")],
    ),
    "jsonld-invalid-json": (
        READ_ERROR,
        [Expect("invalid-jsonld", "events.jsonld", 6, 1, "double quotes")],
    ),
    "jsonld-bad-id": (
        READ_ERROR,
        [Expect("invalid-jsonld", "events.jsonld", 1, 1, "@id")],
    ),
    "unknown-key": (
        READ_ERROR,
        [Expect("unknown-key", "event.yaml", 5, 1, "unknown key 'agnt' (did you mean 'agent'?)")],
    ),
    # The misspelt type is on line 3, the record starts on line 1: point at the type.
    "unknown-type": (
        READ_ERROR,
        [
            Expect(
                "unknown-type",
                "actor.yaml",
                3,
                1,
                "unknown type 'Organisation' (did you mean 'Organization'?)",
            )
        ],
    ),
    "missing-id": (READ_ERROR, [Expect("missing-id", "actor.yaml", 5, 3, "no 'id'")]),
    "missing-type": (READ_ERROR, [Expect("missing-type", "actor.yaml", 1, 1, "no 'type'")]),
    "bad-date-invalid-day": (
        READ_ERROR,
        [Expect("bad-date", "event.yaml", 4, 1, "'2021-02-30' is not a date")],
    ),
    "bad-date-words": (
        READ_ERROR,
        [Expect("bad-date", "event.yaml", 5, 3, "'27 June 2021' is not a date")],
    ),
    "bad-number": (
        READ_ERROR,
        [Expect("bad-number", "event.yaml", 5, 1, "'five' is not a whole number")],
    ),
    "duplicate-id": (
        READ_ERROR,
        [
            Expect(
                "duplicate-id",
                "actors/b.yaml",
                5,
                3,
                "'some-army' is already defined at actors/a.yaml:2:1",
            )
        ],
    ),
    "invalid-record": (
        READ_ERROR,
        [Expect("invalid-record", "actors.yaml", 4, 3, "expected a record")],
    ),
    "unreadable-file": (
        READ_ERROR,
        [Expect("unreadable-file", "place.yaml", 4, 11, "not UTF-8")],
    ),
    "bad-value": (READ_ERROR, [Expect("bad-value", "event.yaml", 4, 1, "not a list")]),
    "bad-reference": (
        READ_ERROR,
        [Expect("bad-reference", "event.yaml", 5, 1, "'some army' is not a slug or an IRI")],
    ),
    "many-errors": (
        READ_ERROR,
        [
            Expect("bad-number", "a.yaml", 5, 1, "'five'"),
            Expect("invalid-turtle", "b.ttl", 3, 1),
            Expect("unknown-key", "c.yaml", 4, 3, "(did you mean 'memberOf'?)"),
        ],
    ),
    # --- the three scenarios ---
    # `time 2021-06-27` (no colon) is on line 5; the scanner only gives up on line 6.
    "issue-yaml-syntax": (
        READ_ERROR,
        [Expect("invalid-yaml", "events/strike.yaml", 5, 1)],
    ),
    "issue-turtle-empty-event": (
        INVALID,
        [
            Expect("missing-date", "events.ttl", 5, 1, "Event 'event/2021-06-27-strike'"),
            Expect("missing-label", "events.ttl", 5, 1, "Event 'event/2021-06-27-strike'"),
            # what an event should have: warnings
            Expect("missing-action-type", "events.ttl", 5, 1, "no action type", "warning"),
            Expect("missing-place", "events.ttl", 5, 1, "no place", "warning"),
            Expect("missing-source", "events.ttl", 5, 1, "no source", "warning"),
        ],
    ),
    "issue-dangling-actor": (
        INVALID,
        [
            Expect("dangling-reference", "event.yaml", 6, 1, "'actor/ghost-army'"),
            Expect("missing-place", "event.yaml", 1, 1, "no place", "warning"),
            Expect("missing-source", "event.yaml", 1, 1, "no source", "warning"),
        ],
    ),
    # --- valid projects ---
    "warnings-only": (
        OK,
        [Expect("missing-publisher", "source.yaml", 1, 1, "publisher", "warning")],
    ),
    "valid": (OK, []),
}
CONFIG_CASES: dict[str, str] = {
    "config-missing-base": (
        "ld-events.yaml:1:1: error[missing-setting]: missing required setting 'base'"
    ),
    "config-base-without-slash": (
        "ld-events.yaml:3:1: error[bad-setting]: base must be an absolute http(s) IRI ending in "
        "'/', not 'https://example.org/t'"
    ),
    "config-unknown-setting": (
        "ld-events.yaml:5:1: error[unknown-setting]: unknown setting 'langauge' "
        "(did you mean 'language'?)"
    ),
}


def run(*args: str) -> Result:
    """Invoke the CLI in-process; a crash fails the test with its traceback."""
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"ld-events {' '.join(args)} crashed:\n{trace}")
    assert "Traceback" not in result.output, result.output
    return result


def printed(output: str) -> list[Printed]:
    found = []
    for text in output.splitlines():
        if match := DIAGNOSTIC.match(text):
            found.append(
                Printed(
                    severity=match["severity"],
                    code=match["code"],
                    path=match["path"],
                    line=int(match["line"] or 0),
                    column=int(match["column"] or 0),
                    message=match["message"],
                )
            )
    return found


def project(case: str) -> str:
    return str(PROJECTS / case)


@pytest.mark.parametrize("case", sorted(CASES))
def test_validate_prints_exact_diagnostics(case: str) -> None:
    exit_code, expected = CASES[case]
    result = run("validate", project(case))
    assert result.exit_code == exit_code, result.output
    found = printed(result.output)
    assert sorted(p.key for p in found) == sorted(e.key for e in expected), result.output
    by_key = {p.key: p for p in found}
    for item in expected:
        assert item.fragment in by_key[item.key].message, result.output


@pytest.mark.parametrize("case", sorted(c for c, (code, _) in CASES.items() if code == READ_ERROR))
def test_read_errors_skip_validation(case: str) -> None:
    result = run("validate", project(case))
    assert result.exit_code == READ_ERROR, result.output
    assert SKIPPED_NOTE in result.output
    assert "invalid: " in result.output


@pytest.mark.parametrize("case", sorted(c for c, (code, _) in CASES.items() if code != READ_ERROR))
def test_the_reference_engine_prints_the_same_report(case: str) -> None:
    """--engine pyshacl (the reference implementation) agrees with the compiled shapes."""
    default = run("validate", project(case))
    reference = run("validate", "--engine", "pyshacl", project(case))
    assert (reference.exit_code, reference.output) == (default.exit_code, default.output)


def test_an_unknown_engine_is_a_usage_error() -> None:
    result = run("validate", "--engine", "rdfox", project("valid"))
    assert result.exit_code == 2
    assert "rdfox" in result.output


def test_every_problem_is_reported_not_only_the_first() -> None:
    result = run("validate", project("many-errors"))
    assert "invalid: 3 errors, 0 warnings (3 files," in result.output


@pytest.mark.parametrize("case", sorted(CONFIG_CASES))
def test_config_errors(case: str) -> None:
    result = run("validate", project(case))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("ld-events.yaml:"), result.output
    assert "error: ld-events" not in result.output
    assert CONFIG_CASES[case] in result.output


def test_missing_project_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-project"
    result = run("validate", str(missing))
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"{missing}: error[missing-project]: "), result.output
    assert "no such project folder" in result.output


def test_folder_without_config(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 2, result.output
    assert "ld-events.yaml: error[missing-config]: not found" in result.output


def test_strict_fails_on_warnings() -> None:
    relaxed = run("validate", project("warnings-only"))
    assert relaxed.exit_code == 0, relaxed.output
    assert "valid: 0 errors, 1 warning" in relaxed.output
    strict = run("validate", "--strict", project("warnings-only"))
    assert strict.exit_code == 1, strict.output
    assert "source.yaml:1:1: warning[missing-publisher]" in strict.output


def test_strict_keeps_a_clean_project_valid() -> None:
    result = run("validate", "--strict", project("valid"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("case", "shown", "hidden"),
    [("issue-turtle-empty-event", "missing-action-type", 4), ("many-errors", "bad-number", 2)],
)
def test_max_errors_caps_the_output(case: str, shown: str, hidden: int) -> None:
    result = run("validate", "--max-errors", "1", project(case))
    assert result.exit_code == CASES[case][0], result.output
    found = printed(result.output)
    assert [p.code for p in found] == [shown], result.output
    assert f"... {hidden} more not shown (--max-errors)" in result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_json_report_matches_text_and_library(case: str) -> None:
    text = run("validate", project(case))
    data = run("validate", "--format", "json", project(case))
    assert data.exit_code == text.exit_code, data.output
    report = json.loads(data.stdout)
    from_json = sorted(
        (
            d["severity"],
            d["code"],
            d["location"]["path"],
            d["location"]["line"],
            d["location"]["column"],
        )
        for d in report["diagnostics"]
    )
    assert from_json == sorted(p.key for p in printed(text.output))
    library = load_project(PROJECTS / case).report
    assert report["diagnostics"] == [d.to_dict() for d in library.sorted()]
    assert report["errors"] == library.errors
    assert report["warnings"] == library.warnings
    assert report["valid"] is (library.errors == 0)


JSON_FAILURES = {
    # case: (exit code, the code of the first diagnostic, its stage)
    "valid": (OK, None, None),
    "issue-dangling-actor": (INVALID, "dangling-reference", "validate"),
    "yaml-tab": (2, "invalid-yaml", "read"),
    "config-base-without-slash": (2, "bad-setting", "config"),
    "no-such-project": (2, "missing-project", "config"),
}


@pytest.mark.parametrize("case", sorted(JSON_FAILURES))
def test_json_for_every_kind_of_outcome(case: str, tmp_path: Path) -> None:
    """--format json prints JSON whatever happens: nothing else on stdout, the same shape."""
    folder = tmp_path / case if case == "no-such-project" else Path(project(case))
    result = run("validate", "--format", "json", str(folder))
    exit_code, code, stage = JSON_FAILURES[case]
    assert result.exit_code == exit_code, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"valid", "errors", "warnings", "diagnostics", "notes"}
    assert report["valid"] is (exit_code == OK)
    if code is None:
        assert report["diagnostics"] == []
        return
    first = next(d for d in report["diagnostics"] if d["severity"] == "error")
    assert (first["code"], first["stage"], first["severity"]) == (code, stage, "error")
    assert set(first["location"]) == {"path", "line", "column"}
    assert first["message"]


def _all_projects() -> list[str]:
    return sorted(p.name for p in PROJECTS.iterdir() if (p / "ld-events.yaml").is_file())


def test_every_fixture_project_has_a_case() -> None:
    assert set(_all_projects()) == set(CASES) | set(CONFIG_CASES)


@pytest.mark.parametrize("case", _all_projects())
def test_failures_name_existing_files_and_never_crash(case: str, tmp_path: Path) -> None:
    runs = [
        run("validate", project(case)),
        run("validate", "--format", "json", project(case)),
        run("export", project(case), "--out", str(tmp_path / "out.ttl")),
    ]
    for result in runs:
        if result.exit_code == 0:
            continue
        assert result.output.strip(), "a failing run must say why"
        for item in printed(result.output):
            assert (PROJECTS / case / item.path).is_file(), result.output


@pytest.mark.parametrize(
    ("case", "exit_code"),
    [
        ("issue-yaml-syntax", 2),
        ("issue-turtle-empty-event", 1),
        ("issue-dangling-actor", 1),
        ("warnings-only", 0),
        ("valid", 0),
    ],
)
def test_export_refuses_what_validate_rejects(case: str, exit_code: int, tmp_path: Path) -> None:
    out = tmp_path / "dataset.ttl"
    result = run("export", project(case), "--out", str(out))
    assert result.exit_code == exit_code, result.output
    assert out.exists() is (exit_code == 0)
    if exit_code:
        assert "nothing written" in result.output
