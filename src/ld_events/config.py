"""The project: a folder with an ``ld-events.yaml`` config file and its sources."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ld_events.errors import ConfigError
from ld_events.rdf.iris import is_iri
from ld_events.report import Code, Diagnostic, Location, Report, Severity, Stage
from ld_events.sources.base import byte_location
from ld_events.sources.iri_policy import normal_form
from ld_events.sources.language_config import (
    check_languages,
    language_warnings,
    reading_languages,
    source_language,
)
from ld_events.sources.link_config import LinkSource, check_links, link_sources
from ld_events.sources.tile_config import check_street_map, street_map
from ld_events.sources.yamlfile import (
    YamlSyntaxError,
    item_location,
    key_location,
    load_documents,
    value_problems,
)
from ld_events.translations import interface_language

CONFIG_NAME = "ld-events.yaml"

_KEYS = {
    "title": "the dataset's title (required)",
    "base": "absolute http(s) IRI ending in '/', the prefix of every IRI minted (required)",
    "license": "IRI of the data licence (required)",
    "language": "BCP 47 tag of the text written untagged in the sources (default: en, or the "
    "first of languages)",
    "languages": "the site's languages in order of preference, e.g. [ar, en]: labels are shown "
    "in the first one has, the site's own words in the first with a catalogue (docs/languages.md)",
    "description": "one or two sentences about the dataset",
    "sparql_endpoint": "IRI of a public SPARQL endpoint serving this dataset, if any",
    "publisher": "name of the person or organisation publishing the site",
    "output": "build output folder inside the project (default: _site)",
    "query_timeout": "seconds a saved query may run at build time (default: 30, at most a day)",
    "search": "a search box on every page and its index (default: true; see docs/search.md)",
    "tables": "event tables read at build time: a list of {format, path[, mapping]} (importers)",
    "links": "other datasets referred to: a list of {project: folder} or {dump: file or URL, base}",
    "map": "a street map under the maps, when online: {tiles: URL template, attribution} (maps)",
}
CONFIG_KEYS: dict[str, str] = dict(_KEYS)

#: The formats of ``tables:`` entries, each read by the reader registered for it in
#: ``sources.reading`` (docs/importers.md).
TABLE_FORMATS: dict[str, str] = {
    "gdelt-2.0": "GDELT 2.0 event export: 61 tab-separated columns, no header",
    "gdelt-1.0": "GDELT 1.0 event export: 57 or 58 tab-separated columns, no header",
    "icews": "ICEWS coded events: actor, action, actor, date; or the codebook's 20 columns",
    "table": "any table (CSV, a spreadsheet's export), read by its mapping file: CSVW metadata",
}
#: The keys of one ``tables:`` entry.
TABLE_KEYS: dict[str, str] = {
    "format": "the table's format, one of TABLE_FORMATS (required)",
    "path": "a glob of the table files, relative to the project (required)",
    "max_bad_rows": "bad rows skipped (each a warning) before one stops the build (default 0)",
    "mapping": "format table: the CSVW metadata file mapping its columns (required for table)",
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+\Z")
#: A day: longer is no time limit at all, and the fork server's wait() cannot take an infinity.
MAX_QUERY_TIMEOUT = 86_400


@dataclass(frozen=True)
class TableSource:
    """One ``tables:`` entry: files of one format, found by a glob inside the project."""

    format: str
    path: str
    #: Bad rows of the entry's files skipped (each reported as a warning) before the next one
    #: stops the build; 0: every bad row stops it (docs/importers.md).
    max_bad_rows: int = 0
    #: The mapping file of a ``table`` entry, relative to the project.
    mapping: str = ""


@dataclass(frozen=True)
class Config:
    """A checked project configuration."""

    root: Path
    title: str
    base: str
    license: str
    language: str = "en"
    #: The languages readers of the site read, in order of preference (``languages:``; the
    #: one-item form is ``language:``): labels are shown in the first a resource has.
    languages: tuple[str, ...] = ()
    description: str = ""
    sparql_endpoint: str | None = None
    publisher: str = ""
    output: str = "_site"
    query_timeout: float = 30.0
    #: Pages get a search box, and the build a Pagefind index of them (``output.search``).
    search: bool = True
    tables: tuple[TableSource, ...] = ()
    #: The other datasets this one refers to (``links:``, ``sources.link_config``).
    links: tuple[LinkSource, ...] = ()
    #: The street map layer (``map:``): its tile URL template and attribution (None: none).
    street_map: tuple[str, str] | None = None
    #: What the config is worth a warning for (a language without an interface catalogue).
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.languages:
            object.__setattr__(self, "languages", (self.language,))

    @property
    def interface_language(self) -> str:
        """The language of the site's own words: the first of ``languages`` with a catalogue
        (``site/locale``), else English."""
        return interface_language(self.languages)

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    def relative(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def load_config(project: Path) -> Config:
    """Read and check ``project/ld-events.yaml``; raise ConfigError listing every problem."""
    path = project / CONFIG_NAME
    if not project.is_dir():
        raise ConfigError(_problem(Code.MISSING_PROJECT, "no such project folder", str(project)))
    if not path.is_file():
        message = (
            f"not found (a project folder holds an {CONFIG_NAME} file; "
            "`ld-events new FOLDER` starts one)"
        )
        raise ConfigError(_problem(Code.MISSING_CONFIG, message, str(path)))
    data = _read_mapping(path)
    problems = _check(data, path) + _check_tables(data, path.name, project)
    problems += check_links(data, path.name, str(data.get("base") or ""))
    problems += check_street_map(data, path.name)
    if problems:
        raise ConfigError(Report(problems))
    return Config(
        root=project.resolve(),
        title=str(data["title"]),
        base=str(data["base"]),
        license=str(data["license"]),
        language=source_language(data),
        languages=reading_languages(data),
        description=str(data.get("description", "")),
        sparql_endpoint=str(data["sparql_endpoint"]) if data.get("sparql_endpoint") else None,
        publisher=str(data.get("publisher", "")),
        output=str(data.get("output", "_site")),
        query_timeout=float(data.get("query_timeout", 30)),
        search=data.get("search", True) is not False,
        tables=tuple(
            TableSource(
                str(entry["format"]),
                str(entry["path"]),
                max_bad_rows=int(entry.get("max_bad_rows", 0)),
                mapping=str(entry.get("mapping", "")),
            )
            for entry in data.get("tables", [])
        ),
        links=link_sources(data, path.name),
        street_map=street_map(data),
        warnings=tuple(language_warnings(data, path.name)),
    )


def allowing_bad_rows(config: Config, count: int | None) -> Config:
    """The config with every table's ``max_bad_rows`` set to ``count`` (``--max-bad-rows``);
    unchanged if ``count`` is None."""
    if count is None:
        return config
    tables = tuple(replace(table, max_bad_rows=count) for table in config.tables)
    return replace(config, tables=tables)


def table_files(root: Path, pattern: str) -> list[Path]:
    """The files a ``tables:`` glob matches, sorted: never a folder, a symbolic link, or a file
    outside the project."""
    inside = root.resolve()
    return sorted(
        path
        for path in root.glob(pattern)
        if path.is_file() and not path.is_symlink() and path.resolve().is_relative_to(inside)
    )


def _inside_the_project(output: str) -> bool:
    """A relative path of plain segments: not the project itself, never above it."""
    parts = output.replace("\\", "/").split("/")
    return not output.startswith("/") and all(part not in ("", ".", "..") for part in parts)


def _problem(code: Code, message: str, path: str, line: int = 0, column: int = 0) -> Report:
    return Report([_diagnostic(code, message, Location(path, line, column))])


def _diagnostic(code: Code, message: str, where: Location) -> Diagnostic:
    return Diagnostic(code, Severity.ERROR, message, where, stage=Stage.CONFIG)


def _read_mapping(path: Path) -> Any:
    name = path.name
    data = path.read_bytes()
    try:
        documents = load_documents(data.decode("utf-8"), name)
    except YamlSyntaxError as exc:
        report = Report([_diagnostic(Code.INVALID_YAML, exc.message, exc.location)])
        raise ConfigError(report) from exc
    except UnicodeDecodeError as exc:
        where = byte_location(data, exc.start, name)
        message = f"not UTF-8 text: byte 0x{data[exc.start]:02x} ({exc.reason})"
        report = Report([_diagnostic(Code.UNREADABLE_FILE, message, where)])
        raise ConfigError(report) from exc
    if len(documents) != 1 or not isinstance(documents[0], dict):
        message = "expected one mapping of settings"
        raise ConfigError(_problem(Code.INVALID_CONFIG, message, name, 1, 1))
    problems = value_problems(documents[0], name)
    if problems:
        raise ConfigError(Report([_diagnostic(p.code, p.message, p.location) for p in problems]))
    return documents[0]


def _is_iri(value: str) -> bool:
    """An absolute http(s) IRI that RDF can hold: parsed as the build will parse the IRIs it
    makes of it (the pattern alone let ']' or '%zz' through, to fail there)."""
    return bool(_IRI.match(value)) and is_iri(value)


def _check(data: Any, path: Path) -> list[Diagnostic]:
    name = path.name
    problems: list[Diagnostic] = []

    def problem(code: Code, key: str, text: str) -> None:
        problems.append(_diagnostic(code, text, key_location(data, key, name)))

    for key in data:
        if key not in CONFIG_KEYS:
            hint = difflib.get_close_matches(str(key), CONFIG_KEYS, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            problem(Code.UNKNOWN_SETTING, key, f"unknown setting '{key}'{suggestion}")
    for key in ("title", "base", "license"):
        if not data.get(key):
            message = f"missing required setting '{key}'"
            problems.append(_diagnostic(Code.MISSING_SETTING, message, Location(name, 1, 1)))
    base = str(data.get("base", ""))
    if base and (not _is_iri(base) or not base.endswith("/")):
        message = f"base must be an absolute http(s) IRI ending in '/', not '{base}'"
        problem(Code.BAD_SETTING, "base", message)
    elif "#" in base:
        message = f"base must not hold '#' (every IRI made of it ends in #it), not '{base}'"
        problem(Code.BAD_SETTING, "base", message)
    elif normal_form(base) != base:
        message = (
            f"base is not written in normal form: write '{normal_form(base)}' (else every "
            "IRI made of it is reported as unsafe-iri, at its record)"
        )
        problem(Code.BAD_SETTING, "base", message)
    for key in ("license", "sparql_endpoint"):
        value = data.get(key)
        if value and not _is_iri(str(value)):
            problem(Code.BAD_SETTING, key, f"{key} must be an absolute http(s) IRI, not '{value}'")
    for key in ("title", "description", "publisher"):
        if _CONTROL.search(str(data.get(key, ""))):
            problem(Code.BAD_SETTING, key, f"{key} holds a control character: remove it")
    output = str(data.get("output", "_site"))
    if not _inside_the_project(output):
        message = f"output must be a folder inside the project, like _site, not '{output}'"
        problem(Code.BAD_SETTING, "output", message)
    timeout = data.get("query_timeout", 30)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not 0 < timeout <= MAX_QUERY_TIMEOUT
    ):
        message = (
            f"query_timeout must be a number of seconds above 0 and at most "
            f"{MAX_QUERY_TIMEOUT:,} (a day), not '{timeout}'"
        )
        problem(Code.BAD_SETTING, "query_timeout", message)
    if not isinstance(data.get("search", True), bool):
        problem(Code.BAD_SETTING, "search", "search must be true or false")
    problems += check_languages(data, name)
    return problems


def _check_tables(data: Any, name: str, root: Path) -> list[Diagnostic]:
    """The ``tables:`` list: each entry a mapping of a known format and a glob that matches."""
    tables = data.get("tables", [])
    if not isinstance(tables, list):
        message = "tables must be a list of entries like {format: gdelt-2.0, path: data/*.csv}"
        return [_diagnostic(Code.BAD_SETTING, message, key_location(data, "tables", name))]
    problems: list[Diagnostic] = []
    for index, entry in enumerate(tables):
        where = item_location(tables, index, name)
        if not isinstance(entry, dict):
            message = "a tables entry must be a mapping like {format: gdelt-2.0, path: data/*.csv}"
            problems.append(_diagnostic(Code.BAD_SETTING, message, where))
        else:
            problems += _check_table(entry, name, root, where)
    return problems


def _check_table(entry: Any, name: str, root: Path, where: Location) -> list[Diagnostic]:
    problems = [
        _diagnostic(
            Code.UNKNOWN_SETTING,
            f"unknown table setting '{key}'{_hint(key, TABLE_KEYS)}",
            key_location(entry, key, name),
        )
        for key in entry
        if key not in TABLE_KEYS
    ]
    for key in ("format", "path"):
        if not entry.get(key):
            message = f"missing table setting '{key}'"
            problems.append(_diagnostic(Code.MISSING_SETTING, message, where))
    table_format, pattern = entry.get("format"), entry.get("path")
    if table_format and table_format not in TABLE_FORMATS:
        known = ", ".join(TABLE_FORMATS)
        message = f"unknown table format '{table_format}'{_hint(table_format, TABLE_FORMATS)}: "
        message += f"one of {known}"
        problems.append(
            _diagnostic(Code.UNKNOWN_TABLE_FORMAT, message, key_location(entry, "format", name))
        )
    if pattern:
        problems += _check_table_path(str(pattern), root, key_location(entry, "path", name))
    allowed = entry.get("max_bad_rows", 0)
    if isinstance(allowed, bool) or not isinstance(allowed, int) or allowed < 0:
        message = f"max_bad_rows must be a whole number of rows, 0 or more, not '{allowed}'"
        problems.append(
            _diagnostic(Code.BAD_SETTING, message, key_location(entry, "max_bad_rows", name))
        )
    return problems + _check_mapping(entry, name, root, where)


def _check_mapping(entry: Any, name: str, root: Path, where: Location) -> list[Diagnostic]:
    """A ``table`` entry names its mapping file, inside the project; no other entry has one."""
    mapping, table_format = entry.get("mapping"), entry.get("format")
    at = key_location(entry, "mapping", name)
    if table_format == "table" and not mapping:
        message = "missing table setting 'mapping': a table is read by its mapping file"
        return [_diagnostic(Code.MISSING_SETTING, message, where)]
    if mapping and table_format in TABLE_FORMATS and table_format != "table":
        message = f"a {table_format} table has no mapping: 'mapping' is for format table"
        return [_diagnostic(Code.BAD_SETTING, message, at)]
    if not mapping:
        return []
    path = root / str(mapping)
    if not _inside_the_project(str(mapping)) or not path.resolve().is_relative_to(root.resolve()):
        message = (
            f"a mapping must be a file inside the project, like data/x.csvw.json, not '{mapping}'"
        )
        return [_diagnostic(Code.BAD_SETTING, message, at)]
    if not path.is_file() or path.is_symlink():
        message = f"no mapping file '{mapping}' in the project"
        return [_diagnostic(Code.BAD_SETTING, message, at)]
    return []


def _check_table_path(pattern: str, root: Path, where: Location) -> list[Diagnostic]:
    if not _inside_the_project(pattern):
        message = (
            f"a table path must be a glob inside the project, like data/*.csv, not '{pattern}'"
        )
        return [_diagnostic(Code.BAD_SETTING, message, where)]
    if not table_files(root, pattern):
        message = f"no file of the project matches the table path '{pattern}'"
        return [_diagnostic(Code.EMPTY_TABLE_PATH, message, where)]
    return []


def _hint(word: Any, known: dict[str, str]) -> str:
    hint = difflib.get_close_matches(str(word), known, n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""
