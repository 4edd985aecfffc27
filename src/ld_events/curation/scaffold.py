"""``ld-events new``: start a project, or add a record to one, from the packaged templates.

``new FOLDER`` writes the starter project (``starter/project/``: a commented config, one
commented example record of each kind, a README for the desk, a saved query) into a new or
empty folder. ``new KIND NAME`` writes one record file from ``starter/records/KIND.yaml``,
with the keys a record needs filled in for the author to edit, and the others as comments.

Everything is checked before anything is written: a folder that is not empty, a name that is
not a slug, a file that exists, a slug another record of the project has. The output depends
only on the arguments: dates come from the slug (``2024-05-01-...``), never from the clock.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ld_events.assets import asset_dir
from ld_events.config import Config, load_config
from ld_events.errors import UsageError
from ld_events.layout import is_slug
from ld_events.rdf.vocab import KIND_OF_CLASS
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.reading import read_sources

__all__ = ["RECORD_KINDS", "Created", "create", "new_project", "new_record"]


@dataclass(frozen=True)
class RecordKind:
    """What ``new KIND NAME`` writes: which template, into which folder, of which page kind."""

    template: str
    folder: str
    kind: str


RECORD_KINDS: dict[str, RecordKind] = {
    "event": RecordKind("event.yaml", "events", "event"),
    "statement": RecordKind("statement.yaml", "events", "event"),
    "actor": RecordKind("actor.yaml", "actors", "actor"),
    "place": RecordKind("place.yaml", "places", "place"),
    "source": RecordKind("source.yaml", "sources", "source"),
}

#: A slug's leading date: a day, a month or a year, followed by the rest of the slug or nothing.
_DATE_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:-|$)")
#: The date a template gets when the slug starts with none: plainly an example, to be replaced.
PLACEHOLDER_DATE = "2000-01-01"


@dataclass(frozen=True)
class Created:
    """What ``new`` wrote, and what to do next."""

    files: list[str]
    folder: str | None = None

    def summary(self) -> str:
        lines = [f"wrote {path}" for path in self.files]
        if self.folder is not None:
            lines.append(f"next: ld-events validate {self.folder}; ld-events serve {self.folder}")
        return "\n".join(lines)


def create(what: str, name: str | None, project: Path | None) -> Created:
    """``new FOLDER`` (``what`` a folder, no name) or ``new KIND NAME`` (into ``project``,
    default the current folder)."""
    if name is None and what not in RECORD_KINDS:
        if project is not None:
            raise UsageError(f"--project is for `new KIND NAME`; to start a project, `new {what}`")
        return Created(new_project(Path(what)), what)
    return Created([new_record(what, name or "", project or Path("."))])


def new_project(folder: Path) -> list[str]:
    """Write the starter project into ``folder`` (created if missing, else it must be empty
    but for hidden entries such as ``.git``); return the files written, relative to it."""
    _check_empty(folder)
    root = asset_dir("starter") / "project"
    values = {"title": _title(folder), "base": f"https://example.org/{_base_slug(folder)}/"}
    files = sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    rendered = {p.relative_to(root).as_posix(): _render(p, values) for p in files}
    for relative, text in rendered.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return list(rendered)


def new_record(kind: str, name: str, project: Path) -> str:
    """Write ``NAME.yaml`` of ``kind`` into its folder of ``project``; return its path,
    relative to the project."""
    record = _record_kind(kind, name)
    config = load_config(project)
    path = config.root / record.folder / f"{name}.yaml"
    problems = _taken(config, record, name, path)
    if problems:
        raise UsageError(Report(problems))
    template = asset_dir("starter") / "records" / record.template
    date, note = _date(name, one_day=record.kind == "source")
    text = _render(template, {"slug": name, "label": _label(name), "date": date, "date_note": note})
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return config.relative(path)


def _record_kind(kind: str, name: str) -> RecordKind:
    kinds = ", ".join(RECORD_KINDS)
    if kind not in RECORD_KINDS:
        close = difflib.get_close_matches(kind, list(RECORD_KINDS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(f"'{kind}' is not a kind of record{hint}: one of {kinds}")
    if not name:
        raise UsageError(
            f"`ld-events new {kind} NAME`: give the record's slug, such as "
            f"{_EXAMPLE_SLUG[kind]}; to start a project in a folder named {kind}, "
            f"write `ld-events new ./{kind}`"
        )
    if not is_slug(name) or name != name.lower():
        raise UsageError(
            f"'{name[:80]}' is not a slug: lowercase letters, digits and . _ ~ -, starting with "
            f"a letter or digit, at most 200 characters (such as {_EXAMPLE_SLUG[kind]})"
        )
    return RECORD_KINDS[kind]


_EXAMPLE_SLUG = {
    "event": "2024-05-01-library-march",
    "statement": "2024-05-01-council-statement",
    "actor": "town-council",
    "place": "town-library",
    "source": "2024-05-02-daily-report",
}


def _taken(config: Config, record: RecordKind, name: str, path: Path) -> list[Diagnostic]:
    """A file that exists, a folder that is a file, a slug a record of the project has."""
    relative = config.relative(path)
    if path.parent.exists() and not path.parent.is_dir():
        return [_usage(f"{record.folder} is a file, not a folder: the record cannot go there")]
    if path.exists():
        return [_usage(f"{relative} exists: not overwritten; choose another name")]
    nodes = read_sources(config).index.nodes
    problems = []
    for kind in sorted(set(KIND_OF_CLASS.values())):
        where = nodes.get(f"{config.base}{kind}/{name}/#it")
        if where is not None:
            message = (
                f"the project has a record '{name}' already ({kind}/{name}, at {where}): a slug "
                "names one record, of any kind (docs/authoring.md §3); choose another name"
            )
            problems.append(_usage(message, where))
    return problems


def _check_empty(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: give a new or empty folder for the project")
    if folder.is_dir():
        visible = sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))
        if visible:
            shown = ", ".join(visible[:3]) + (", ..." if len(visible) > 3 else "")
            raise UsageError(
                f"{folder} is not empty ({shown}): `ld-events new` starts a project only in a "
                "new or empty folder, and writes nothing here; to add a record to a project, "
                "`ld-events new event NAME` (or actor, place, source, statement)"
            )


def _render(template: Path, values: dict[str, str]) -> str:
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    environment.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)
    return environment.from_string(template.read_text(encoding="utf-8")).render(values)


def _date(slug: str, one_day: bool) -> tuple[str, str]:
    """The date a slug starts with (checked to be one; a day if ``one_day``), or the
    placeholder, with a comment saying which."""
    match = _DATE_PREFIX.match(slug)
    if match and (match[3] or not one_day):
        text = "-".join(part for part in match.groups() if part)
        if _is_date(text):
            return text, "from the slug: edit if the source says otherwise"
    return PLACEHOLDER_DATE, "an example date: replace it (2024-05-01, 2024-05 or 2024)"


def _is_date(text: str) -> bool:
    year, month, day = ([*map(int, text.split("-")), 1, 1])[:3]
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _label(slug: str) -> str:
    """``2024-05-01-library-march`` → ``"Library march"``, as a quoted YAML string."""
    words = _DATE_PREFIX.sub("", slug).replace("-", " ").replace("_", " ").strip() or slug
    return json.dumps(words[:1].upper() + words[1:], ensure_ascii=False)


def _title(folder: Path) -> str:
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "My project"
    return name[:1].upper() + name[1:]


def _base_slug(folder: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return slug or "my-project"


def _usage(message: str, where: Location | None = None) -> Diagnostic:
    return Diagnostic(
        Code.BAD_USAGE, Severity.ERROR, message, where or Location(""), stage=Stage.USAGE
    )
