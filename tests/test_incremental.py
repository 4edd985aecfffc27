"""Issue #11: after any edit of the sources, the incremental build equals a full build.

Seeded random sequences of edits (tests/edits.py) are applied to a copy of the bundled example
and to generated 2,000-event projects (benchmarks/synthetic.py, Turtle and YAML). After each
edit, the default build updates out A in place, reusing its previous output and build state; a
full build (``full=True``) of the same sources goes to a fresh folder B; the two trees must be
byte-identical, every file included (manifest, dumps, gzip files, sitemap, VoID). Edits of data
records and of saved queries must build incrementally (except the first saved query added or the
last deleted, which changes every page's menu: then a full build is as right, if it says why);
edits the tool cannot scope (the config ``ld-events.yaml``) must build in full and say why. An
invalid edit (a dangling reference, a syntax error) must make the build fail and leave out A and
its state folder as they were; it is then undone, and the next valid edit is checked as usual.

Each sequence's seed is printed with any failure, with the edits so far; to replay one:
``LD_EVENTS_INCREMENTAL_SEED=<seed> pytest tests/test_incremental.py -k <case>``.
``LD_EVENTS_INCREMENTAL_PROFILE=long`` runs more seeds and longer sequences (minutes).

Project-level templates, shapes and ontologies are not edited: a project cannot have its own
(config.py has no such setting; every ``.ttl`` in the project is read as data).
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from benchmarks.synthetic import SourceFormat, write_project

from ld_events.build import BuildResult, build
from ld_events.config import load_config
from ld_events.errors import LdEventsError
from ld_events.output.state import StateFolder
from tests import edits
from tests.conftest import EXAMPLE
from tests.edits import Sources, TurtleSources, YamlSources

LONG = os.environ.get("LD_EVENTS_INCREMENTAL_PROFILE") == "long"
SEED = os.environ.get("LD_EVENTS_INCREMENTAL_SEED")

DATA = ("label", "date", "count", "reference", "add_record", "rename_record", "delete_record")
FILES = ("add_file", "rename_file", "delete_file")
QUERIES = ("query_add", "query_edit", "query_delete")
CONFIG = ("config",)
INVALID = ("dangling_reference", "syntax_error")
KINDS = DATA + FILES + QUERIES + CONFIG + INVALID
#: (what must come first, what needs it): a project may have no small file or no saved query.
NEEDS = (("add_file", "delete_file"), ("query_add", "query_edit"), ("query_add", "query_delete"))
EVENT_TYPES = ("Event", "EventSeries", "Statement")


@dataclass
class Edit:
    kind: str
    description: str
    undo: Callable[[], None] | None = None
    #: The first saved query added, or the last deleted: every page gains or loses the
    #: "Queries" menu link, so a full build (saying why) is as right as an incremental one.
    every_page: bool = False

    @property
    def category(self) -> str:
        if self.kind in INVALID:
            return "invalid"
        if self.every_page:
            return "either"
        return "config" if self.kind in CONFIG else "incremental"

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}"


def schedule(rng: random.Random, count: int) -> list[str]:
    """``count`` edit kinds: every kind once in a random order (as many as fit), then any."""
    kinds = list(KINDS)
    rng.shuffle(kinds)
    kinds = kinds[:count] + [rng.choice(KINDS) for _ in range(count - len(kinds))]
    for first, then in NEEDS:
        if then in kinds and first not in kinds[: kinds.index(then)]:
            kinds.insert(kinds.index(then), first)
    return kinds


# ---------------------------------------------------------------------------------------------
# One edit of each kind
# ---------------------------------------------------------------------------------------------


def apply(kind: str, project: Path, sources: Sources, rng: random.Random, step: int) -> Edit:
    # A kind drawn again after what it edits is gone: make some first.
    if kind in ("query_edit", "query_delete") and not edits.saved_queries(project):
        kind = "query_add"
    if kind == "delete_file" and not _small_files(sources):
        kind = "add_file"
    had_queries = bool(edits.saved_queries(project))
    edit = EDITS[kind](project, sources, rng, step)
    sources.flush()
    done = Edit(kind, *edit) if isinstance(edit, tuple) else Edit(kind, edit)
    done.every_page = had_queries != bool(edits.saved_queries(project))
    return done


def _label(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    slug = rng.choice(sources.slugs())
    sources.set_label(slug, f"Label edited at step {step}")
    return f"label of {slug}"


def _earlier_month(value: str, months: int) -> dt.date:
    month = int(value[:4]) * 12 + int(value[5:7]) - 1 - months
    return dt.date(month // 12, month % 12 + 1, 15)


def _date(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    dated = [s for s in sources.of_types(*EVENT_TYPES) if sources.value(s, "time")]
    slug = rng.choice(dated)
    day = _earlier_month(min(sources.value(slug, "time")), rng.randint(1, 6))
    sources.set_date(slug, day)
    return f"{slug} moved to {day}"


def _count(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    slug, count = rng.choice(sources.of_types("Event")), rng.randint(0, 300)
    sources.set_count(slug, count)
    return f"fatalities of {slug} set to {count}"


def _reference(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    choices = [
        (slug, key)
        for slug in sources.of_types("Event", "Statement")
        for key in ("place", "agent")
        if sources.value(slug, key)
    ]
    slug, key = rng.choice(choices)
    kind = "place" if key == "place" else "actor"
    values = sources.value(slug, key)
    old = rng.choice(values)
    new = rng.choice([s for s in sources.slugs() if sources.kind(s) == kind and s not in values])
    sources.set_reference(slug, key, old, new, kind)
    return f"{key} of {slug}: {old} -> {new}"


def _models(sources: Sources) -> list[str]:
    """Events a new event can copy: with an agent, a place, a time and a source."""
    keys = ("agent", "place", "time", "reportedIn")
    return [s for s in sources.of_types("Event") if all(_has(sources, s, k) for k in keys)]


def _has(sources: Sources, slug: str, key: str) -> bool:
    return key == "reportedIn" or bool(sources.value(slug, key))


def _add_record(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    like = rng.choice(_models(sources))
    slug = f"added-event-{step}"
    sources.add_event(slug, like, sources.file_of(like), f"Event added at step {step}")
    return f"{slug} (like {like}) in {sources.file_of(slug)}"


def _rename_record(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    slug = rng.choice(sources.slugs())
    new = f"{slug[:40].rstrip('-')}-r{step}"
    sources.rename(slug, new)
    return f"{slug} -> {new}"


def _delete_record(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    slugs = sources.slugs()
    rng.shuffle(slugs)
    slug = next(s for s in slugs if sources.deletable(s))
    referrers = sorted({who for who, _ in sources.inbound(slug)})
    sources.delete(slug)
    return f"{slug} (referred to by {len(referrers)} records)"


def _add_file(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    syntax = rng.choice(("yaml", ".ttl", ".jsonld")) if isinstance(sources, YamlSources) else ""
    if syntax.startswith("."):
        assert isinstance(sources, YamlSources)
        slug = rng.choice(sources.slugs())
        file = sources.add_label_file(f"added/label-{step}", syntax, slug, f"تسمية {step}")
        return f"{file}: an altLabel of {slug}"
    file = sources.new_file(f"added/file-{step}")
    likes = rng.sample(_models(sources), 2)
    for number, like in enumerate(likes, start=1):
        label = f"Event {number} of the file added at step {step}"
        sources.add_event(f"added-{step}-{number}", like, file, label)
    return f"{file}: 2 events"


def _rename_file(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    old = rng.choice(sorted(sources.files()))
    path = Path(old)
    new = path.with_name(f"renamed-{step}-{path.name}").as_posix()
    sources.rename_file(old, new)
    return f"{old} -> {new}"


def _small_files(sources: Sources) -> list[str]:
    """Files of at most 10 records, each of which can go (see Sources.deletable)."""
    files = sources.files()
    small = [file for file, slugs in sorted(files.items()) if len(slugs) <= 10]
    return [f for f in small if all(sources.deletable(s, frozenset(files[f])) for s in files[f])]


def _delete_file(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    file = rng.choice(_small_files(sources))
    records = len(sources.files()[file])
    sources.delete_file(file)
    return f"{file} ({records} records)"


def _config(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    edits.set_title(project, f"Title edited at step {step}")
    return "title of ld-events.yaml"


def _query_add(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    name = f"added-{step}.rq"
    edits.write_query(project, name, f"Query added at step {step}", rng.randint(3, 20))
    return name


def _query_edit(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    name = rng.choice(edits.saved_queries(project))
    edits.retitle_query(project, name, f"Query retitled at step {step}")
    return f"title of {name}"


def _query_delete(project: Path, sources: Sources, rng: random.Random, step: int) -> str:
    name = rng.choice(edits.saved_queries(project))
    (project / edits.QUERIES / name).unlink()
    return name


def _dangling(
    project: Path, sources: Sources, rng: random.Random, step: int
) -> tuple[str, Callable[[], None]]:
    slug = rng.choice([s for s in sources.of_types(*EVENT_TYPES) if sources.value(s, "place")])
    old, missing = sources.value(slug, "place")[0], f"no-such-place-{step}"
    sources.set_reference(slug, "place", old, missing, "place")

    def undo() -> None:
        sources.set_reference(slug, "place", missing, old, "place")
        sources.flush()

    return f"place of {slug} -> {missing} (no such record)", undo


BROKEN = {".yaml": "\n---\nid: [unclosed\n", ".ttl": "\n<broken-turtle\n", ".jsonld": "\n{\n"}


def _syntax_error(
    project: Path, sources: Sources, rng: random.Random, step: int
) -> tuple[str, Callable[[], None]]:
    file = rng.choice(sorted(sources.files()))
    path = project / file
    before = path.read_bytes()
    path.write_bytes(before + BROKEN[path.suffix].encode())

    def undo() -> None:
        path.write_bytes(before)

    return f"{file} ends in a syntax error", undo


EDITS: dict[str, Callable[..., str | tuple[str, Callable[[], None]]]] = {
    "label": _label,
    "date": _date,
    "count": _count,
    "reference": _reference,
    "add_record": _add_record,
    "rename_record": _rename_record,
    "delete_record": _delete_record,
    "add_file": _add_file,
    "rename_file": _rename_file,
    "delete_file": _delete_file,
    "config": _config,
    "query_add": _query_add,
    "query_edit": _query_edit,
    "query_delete": _query_delete,
    "dangling_reference": _dangling,
    "syntax_error": _syntax_error,
}


# ---------------------------------------------------------------------------------------------
# Comparing trees
# ---------------------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``, hidden ones included."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def differences(a: dict[str, bytes | None], b: dict[str, bytes | None], shown: int = 3) -> str:
    """'' if the trees are identical; else the differing paths, the first with a diff."""
    only_a, only_b = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    changed = sorted(name for name in a.keys() & b.keys() if a[name] != b[name])
    if not (only_a or only_b or changed):
        return ""
    lines = [f"only in A (incremental): {only_a[:20]}", f"only in B (full): {only_b[:20]}"]
    lines.append(f"{len(changed)} files differ: {changed[:20]}")
    for name in changed[:shown]:
        lines += _diff(name, a[name] or b"", b[name] or b"")
    return "\n".join(lines)


def _diff(name: str, a: bytes, b: bytes) -> list[str]:
    if name.endswith(".gz"):
        a, b = gzip.decompress(a), gzip.decompress(b)
        if a == b:
            return [f"--- {name}: same content, different gzip bytes ({len(a)} bytes)"]
    try:
        text_a, text_b = a.decode().splitlines(), b.decode().splitlines()
    except UnicodeDecodeError:
        return [f"--- {name}: binary, {len(a)} vs {len(b)} bytes"]
    diff = difflib.unified_diff(text_a, text_b, f"A/{name}", f"B/{name}", n=2, lineterm="")
    return list(diff)[:40]


# ---------------------------------------------------------------------------------------------
# The sequences
# ---------------------------------------------------------------------------------------------


def _example(folder: Path) -> Sources:
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("_site"))
    config = load_config(folder)
    return YamlSources(folder, config.base, config.language, comments=True)


def _synthetic(source_format: SourceFormat) -> Callable[[Path], Sources]:
    def make(folder: Path) -> Sources:
        write_project(folder, 2000, source_format)
        # The search index is checked on the example; re-indexing 2,000 events' pages after
        # every edit would double this file's time in CI for nothing more.
        with (folder / "ld-events.yaml").open("a", encoding="utf-8") as config_file:
            config_file.write("search: false\n")
        config = load_config(folder)
        if source_format == "ttl":
            return TurtleSources(folder, config.base, config.language)
        return YamlSources(folder, config.base, config.language, comments=False)

    return make


#: case: (make the project, seeds, edits per sequence). By default the file takes about three
#: minutes on two cores; the synthetic YAML sequence is the short one (the example is YAML too).
CASES: dict[str, tuple[Callable[[Path], Sources], list[int], int]] = {
    "example": (_example, list(range(100, 106)) if LONG else [100], 40 if LONG else 16),
    "synthetic-ttl": (
        _synthetic("ttl"),
        list(range(200, 203)) if LONG else [200],
        25 if LONG else 8,
    ),
    "synthetic-yaml": (
        _synthetic("yaml"),
        list(range(300, 303)) if LONG else [300],
        25 if LONG else 4,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_incremental_build_equals_full_build(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    make, seeds, count = CASES[case]
    for seed in [int(SEED)] if SEED else seeds:
        run_sequence(make, seed, count, tmp_path / f"seed-{seed}")


def run_sequence(make: Callable[[Path], Sources], seed: int, count: int, work: Path) -> None:
    project, out = work / "project", work / "a" / "site"
    sources = make(project)
    first = build(project, out)
    assert not first.incremental, "the first build of a project had nothing to reuse"
    assert first.full_reason, "a full build must say why it was full"
    rng = random.Random(seed)
    log: list[str] = []
    for step, kind in enumerate(schedule(rng, count), start=1):
        edit = apply(kind, project, sources, rng, step)
        log.append(f"  {step}. {edit}")
        context = f"seed {seed} (LD_EVENTS_INCREMENTAL_SEED={seed}), edits:\n" + "\n".join(log)
        if edit.category == "invalid":
            check_failed_build(project, out, context)
            assert edit.undo is not None
            edit.undo()
            continue
        full_out = work / f"b{step}" / "site"
        # The change stream is history, not a cache: the full build starts from the same one.
        shutil.copytree(StateFolder(out).stream, StateFolder(full_out).stream)
        result = build(project, out)
        full = build(project, full_out, full=True)
        assert not full.incremental, context
        diff = differences(tree(out), tree(full_out))
        assert not diff, f"incremental build differs from a full build after {context}\n{diff}"
        check_scope(result, edit, context)
        # B stays until pytest clears its temporary folders: ext4 creates files several times
        # slower for minutes after many were deleted (benchmarks/README.md, "How it measures").


def check_failed_build(project: Path, out: Path, context: str) -> None:
    """The build raises, and out A and its state (all beside it) keep every byte."""
    before = tree(out.parent)
    try:
        build(project, out)
    except LdEventsError:
        pass
    else:
        pytest.fail(f"an invalid edit built without an error: {context}")
    diff = differences(before, tree(out.parent))
    assert not diff, f"a failed build changed the previous output or its state: {context}\n{diff}"


def check_scope(result: BuildResult, edit: Edit, context: str) -> None:
    if edit.category == "incremental":
        assert result.incremental, f"full build ({result.full_reason!r}) after {context}"
        assert result.full_reason == "", context
    elif edit.category == "either":
        assert result.incremental != bool(result.full_reason), context
    else:
        assert not result.incremental, f"incremental build after {context}"
        assert result.full_reason, f"a full build must say why: {context}"
