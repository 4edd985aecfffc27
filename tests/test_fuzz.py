"""The command line, fuzzed (issue #10, hardening): whatever the input, an exit code of 0, 1 or 2
and no traceback; a failure names the file, and the line; nothing is written outside --out (but
its build state beside it); a failed build leaves the previous site byte for byte; a successful
one writes dumps Jena accepts.

Each input is the bundled example with one file mutated (tests/mutations.py): a YAML record
file, the same records as Turtle or JSON-LD, or ld-events.yaml. LD_EVENTS_FUZZ_PROFILE chooses:

- ``ci`` (the default): 80 inputs per format, the same ones on every run (under a minute);
- ``long``: thousands of new inputs per format, for a session of fuzzing (about half an hour):

      LD_EVENTS_FUZZ_PROFILE=long pytest tests/test_fuzz.py --hypothesis-show-statistics
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from ld_events.cli import app
from tests.conftest import EXAMPLE
from tests.mutations import Case, Kind, mutated, seeds
from tests.tools import riot_validate

#: Every example runs the whole command line: slow by Hypothesis's measure, and meant to be.
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]
#: Hypothesis's own defaults, not the profile it loads itself when CI is set (derandomized,
#: without a database): the long run must try new inputs each time, and remember failures.
DEFAULTS = settings.get_profile("default")
settings.register_profile(
    "ld-events-fuzz-ci",
    DEFAULTS,
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=SLOW,
)
settings.register_profile(
    "ld-events-fuzz-long",
    DEFAULTS,
    max_examples=1500,
    deadline=None,
    suppress_health_check=SLOW,
)
PROFILE = os.environ.get("LD_EVENTS_FUZZ_PROFILE", "ci")
FUZZ = settings.get_profile(f"ld-events-fuzz-{PROFILE}")
#: At most this many distinct dump files are kept for the one Jena run at the end.
MAX_DUMPS = 300

runner = CliRunner()
#: Shape results that a change in one file causes in another, located where they are written:
#: a reference to a record the mutated file no longer defines (or defines as another kind).
ELSEWHERE = {"dangling-reference"}
#: A diagnostic as printed: ``path:line:column: severity[code]: message`` (location optional).
DIAGNOSTIC = re.compile(
    r"^(?:(?P<path>[^\s:]+)(?::(?P<line>\d+):(?P<column>\d+))?: )?"
    r"(?P<severity>error|warning)\[(?P<code>[a-z-]+)\]: (?P<message>.*)$",
    re.M,
)


@dataclass(frozen=True)
class Located:
    path: str
    line: int
    severity: str
    code: str
    message: str
    stage: str | None = None  # in JSON only

    def names(self, path: str) -> bool:
        """Located in ``path``, or naming a line of it (duplicate-id: "already defined at")."""
        return self.path == path or bool(re.search(rf"{re.escape(path)}:\d+:\d+", self.message))


@dataclass(frozen=True)
class Command:
    name: str
    json: bool = False
    strict: bool = False
    previous_site: bool = False
    jobs: int | None = 1

    def args(self, project: Path, out: Path) -> list[str]:
        args = [self.name, str(project)]
        if self.name == "build":
            args += ["--out", str(out), "--quiet"]
            args += ["--jobs", str(self.jobs)] if self.jobs else []
        elif self.json:
            args += ["--format", "json"]
        return args + (["--strict"] if self.strict else [])


COMMANDS = st.one_of(
    st.builds(Command, st.just("validate"), json=st.booleans(), strict=st.booleans()),
    st.builds(
        Command,
        st.just("build"),
        strict=st.booleans(),
        previous_site=st.booleans(),
        jobs=st.sampled_from([1, 1, 1, None]),  # None: one worker per CPU, slower to start
    ),
)


class Dumps:
    """Dumps of successful builds, kept (once per content) for one Jena run at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.kept: set[str] = set()

    def add(self, data: bytes, suffix: str) -> None:
        name = hashlib.sha256(data).hexdigest()[:20] + suffix
        if name not in self.kept and len(self.kept) < MAX_DUMPS:
            (self.folder / name).write_bytes(data)
            self.kept.add(name)

    def add_site(self, site: Path) -> None:
        self.add((site / "dump" / "dataset.ttl").read_bytes(), ".ttl")
        self.add(gzip.decompress((site / "dump" / "dataset.nt.gz").read_bytes()), ".nt")
        self.add((site / "void.ttl").read_bytes(), ".ttl")


@pytest.fixture(scope="module")
def dumps() -> Iterator[Dumps]:
    folder = Path(tempfile.mkdtemp(prefix="ld-events-fuzz-dumps-"))
    try:
        yield Dumps(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def previous_site(dumps: Dumps) -> Iterator[Path]:
    """The example's site, built once: copied into --out before a build that must not harm it."""
    folder = Path(tempfile.mkdtemp(prefix="ld-events-fuzz-site-"))
    try:
        result = runner.invoke(app, ["build", str(EXAMPLE), "--out", str(folder / "site")])
        assert result.exit_code == 0, result.output
        dumps.add_site(folder / "site")
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _ours(relative: str) -> bool:
    """The output folder, and its build state beside it (docs/incremental.md)."""
    return (relative + "/").startswith(("site/", ".site.state/"))


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``."""
    return {
        p.relative_to(folder).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in folder.rglob("*")
    }


def diagnostics(result: Result, command: Command) -> list[Located]:
    if command.json:
        report = json.loads(result.stdout)
        return [
            Located(
                d["location"]["path"],
                d["location"]["line"],
                d["severity"],
                d["code"],
                d["message"],
                d["stage"],
            )
            for d in report["diagnostics"]
        ]
    return [
        Located(m["path"] or "", int(m["line"] or 0), m["severity"], m["code"], m["message"])
        for m in DIAGNOSTIC.finditer(result.output)
    ]


# --- the properties ----------------------------------------------------------------------------


def run_and_check(case: Case, command: Command, previous: Path, dumps: Dumps) -> None:
    with tempfile.TemporaryDirectory(prefix="ld-events-fuzz-") as folder:
        root = Path(folder)
        project, out = root / "project", root / "site"
        case.write(project)
        if command.previous_site:
            shutil.copytree(previous, out)
        before = snapshot(root)
        result = runner.invoke(app, command.args(project, out))
        after = snapshot(root)
        event(f"{case.kind}: {command.name} exit {result.exit_code}")

        shown = f"exit {result.exit_code}, {command}\n{result.output[-5000:]}"
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            trace = "".join(traceback.format_exception(result.exception))
            raise AssertionError(f"unhandled exception\n{trace}\n{shown}")
        assert result.exit_code in (0, 1, 2), shown
        assert "Traceback" not in result.output, shown

        outside = {k: v for k, v in after.items() if not _ours(k)}
        assert outside == {k: v for k, v in before.items() if not _ours(k)}, (
            f"written outside --out: {sorted(set(after) ^ set(before))[:10]}\n{shown}"
        )
        if result.exit_code != 0 and command.name == "build":
            if command.previous_site:
                assert after == before, f"the previous site changed\n{shown}"
            else:
                assert not out.exists(), f"a failed build wrote {out}\n{shown}"
        if result.exit_code == 0 and command.name == "build":
            dumps.add_site(out)
        check_diagnostics(case, command, result, project, shown)


def check_diagnostics(
    case: Case, command: Command, result: Result, project: Path, shown: str
) -> None:
    found = diagnostics(result, command)
    errors = [d for d in found if d.severity == "error"]
    for d in found:
        assert d.path, f"a diagnostic names no file: {d}\n{shown}"
        assert (project / d.path).exists(), (
            f"a diagnostic names no file of the project: {d}\n{shown}"
        )
    for d in errors:
        assert d.line >= 1, f"an error without a line: {d}\n{shown}"
    if command.json:  # exit 2: the input could not be used; 1: it does not conform
        unusable = any(d.stage != "validate" for d in errors)
        assert unusable == (result.exit_code == 2), shown
    if result.exit_code == 0:
        assert not errors, shown
        assert not (command.strict and found), shown
    elif result.exit_code == 2:
        assert any(d.names(case.target) for d in errors), f"{case.target} not named\n{shown}"
    elif errors:
        named = any(d.names(case.target) for d in errors)
        assert named or {d.code for d in errors} <= ELSEWHERE, f"{case.target} not named\n{shown}"
    else:
        assert command.strict, shown
        assert found, shown


@FUZZ
@given(case=mutated("yaml"), command=COMMANDS)
def test_yaml_records(case: Case, command: Command, previous_site: Path, dumps: Dumps) -> None:
    run_and_check(case, command, previous_site, dumps)


@FUZZ
@given(case=mutated("turtle"), command=COMMANDS)
def test_turtle_records(case: Case, command: Command, previous_site: Path, dumps: Dumps) -> None:
    run_and_check(case, command, previous_site, dumps)


@FUZZ
@given(case=mutated("jsonld"), command=COMMANDS)
def test_jsonld_records(case: Case, command: Command, previous_site: Path, dumps: Dumps) -> None:
    run_and_check(case, command, previous_site, dumps)


@FUZZ
@given(case=mutated("config"), command=COMMANDS)
def test_config(case: Case, command: Command, previous_site: Path, dumps: Dumps) -> None:
    run_and_check(case, command, previous_site, dumps)


@pytest.mark.parametrize("kind", ["yaml", "turtle", "jsonld", "config"])
def test_every_seed_is_valid(kind: Kind) -> None:
    """Before mutation, every seed is a valid project (else the fuzzing above proves little)."""
    for case in seeds(kind):
        with tempfile.TemporaryDirectory(prefix="ld-events-fuzz-seed-") as folder:
            case.write(Path(folder))
            result = runner.invoke(app, ["validate", folder])
            assert result.exit_code == 0, (case.target, result.output)


def test_the_dumps_of_successful_builds_pass_jena(dumps: Dumps, previous_site: Path) -> None:
    """Last in the module: every distinct dump the builds above wrote, in one JVM."""
    riot_validate(*sorted(dumps.folder.iterdir()))
