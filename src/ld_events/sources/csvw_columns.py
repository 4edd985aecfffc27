"""The columns of a CSVW mapping, read from its JSON: names, titles, datatypes, templates.

A column's annotations are its own or inherited from the table schema and the table (CSVW's
inherited properties: ``aboutUrl``, ``propertyUrl``, ``valueUrl``, ``datatype``, ``null``,
``required``, ``separator``, ``lang``, ``default``). Every problem is a :class:`MappingProblem`
naming the key it is at, for the reader to locate in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ld_events.rdf.labels import is_language_tag
from ld_events.sources.csvw_datatypes import (
    BOUNDS,
    DATATYPES,
    DATE_FORMATS,
    NUMERIC,
    Datatype,
    date_pattern,
)
from ld_events.sources.csvw_templates import (
    Template,
    TemplateError,
    known_variables,
    parse_template,
    resolve,
)

INHERITED = (
    "aboutUrl", "propertyUrl", "valueUrl", "datatype", "null", "required", "separator", "lang",
    "default", "ordered", "textDirection",
)  # fmt: skip
TEMPLATES = ("aboutUrl", "propertyUrl", "valueUrl")
COLUMN_KEYS = frozenset({"name", "titles", "virtual", "suppressOutput", "@id", "@type"})
#: ld-events' additions to a column (docs/importers.md): a virtual column that reads another
#: column's cell, and a table of cell texts to IRIs.
COPY_OF, VALUE_MAP = "lde:copyOf", "lde:valueMap"
_NAME = re.compile(r"^[A-Za-z0-9](?:\.?[A-Za-z0-9_])*\Z")
_PREFIXED_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*:[^/]")


@dataclass(frozen=True)
class MappingProblem:
    """What is wrong, and the keys leading to it from the top of the file."""

    message: str
    keys: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class Column:
    """One column: a cell of each row (or, virtual, none), and the triple it makes."""

    index: int
    name: str
    titles: tuple[str, ...]
    virtual: bool = False
    suppress: bool = False
    datatype: Datatype = field(default_factory=Datatype)
    lang: str = ""
    null: tuple[str, ...] = ("",)
    required: bool = False
    separator: str | None = None
    default: str = ""
    about: Template | None = None
    property: Template | None = None
    value: Template | None = None
    copy_of: int | None = None
    value_map: dict[str, str] | None = None


@dataclass
class ColumnReader:
    """Reads the columns of one table schema; problems go to ``problems``."""

    base: str
    inherited: dict[str, Any]
    problems: list[MappingProblem] = field(default_factory=list)
    #: What templates may name: each column, its slug, the row variables.
    known: set[str] = field(default_factory=set)
    #: The templates columns inherit.
    shared: dict[str, Template | None] = field(default_factory=dict)

    def problem(self, message: str, *keys: str | int) -> None:
        self.problems.append(MappingProblem(message, ("tableSchema", *keys)))

    def columns(self, described: list[Any]) -> list[Column]:
        names = [self.name(item, index) for index, item in enumerate(described)]
        self.check_names(names, described)
        known = self.known = known_variables(names)
        self.shared = {key: self.template(self.inherited, key, known, (key,)) for key in TEMPLATES}
        read = [self.column(item, index, names, known) for index, item in enumerate(described)]
        seen_virtual = False
        for index, column in enumerate(read):
            if seen_virtual and not column.virtual:
                self.problem("a virtual column comes after every column", "columns", index)
            seen_virtual = seen_virtual or column.virtual
        return read

    def name(self, item: Any, index: int) -> str:
        if not isinstance(item, dict):
            return f"_col.{index + 1}"
        titles = _titles(item.get("titles"))
        name = item.get("name", titles[0] if titles else "")
        return str(name) if isinstance(name, str) and _NAME.match(name) else f"_col.{index + 1}"

    def check_names(self, names: list[str], described: list[Any]) -> None:
        for index, item in enumerate(described):
            where = ("columns", index)
            if not isinstance(item, dict):
                self.problem('a column must be an object like {"name": "date"}', *where)
            elif "name" in item and names[index] != item["name"]:
                message = f"'{item['name']}' cannot name a column: letters, digits and _ (and "
                self.problem(
                    message + "'.' between them), starting with a letter or digit", *where, "name"
                )
            elif "name" not in item and not _titles(item.get("titles")) and not item.get("virtual"):
                self.problem("a column needs a name or titles", *where)
            if names.count(names[index]) > 1 and names.index(names[index]) == index:
                self.problem(f"two columns are named '{names[index]}'", *where)

    def column(self, item: Any, index: int, names: list[str], known: set[str]) -> Column:
        if not isinstance(item, dict):
            return Column(index, names[index], ())
        where: tuple[str | int, ...] = ("columns", index)
        for key in item:
            if key not in COLUMN_KEYS and key not in INHERITED and not _PREFIXED_KEY.match(key):
                self.problem(f"unknown column property '{key}'", *where, key)
        own = {**self.inherited, **{k: item[k] for k in INHERITED if k in item}}
        if own.get("ordered") is True:
            self.problem("ordered lists are not read: leave out 'ordered'", *where, "ordered")
        templates = {
            key: self.template(item, key, known, where) if key in item else self.shared[key]
            for key in TEMPLATES
        }
        column = Column(
            index=index,
            name=names[index],
            titles=_titles(item.get("titles")),
            virtual=self.flag(item, "virtual", where),
            suppress=self.flag(item, "suppressOutput", where),
            datatype=self.datatype(own.get("datatype", "string"), where),
            lang=self.lang(own.get("lang", ""), where),
            null=self.null(own.get("null", ""), where),
            required=self.flag(own, "required", where),
            separator=self.text(own, "separator", where) or None,
            default=self.text(own, "default", where),
            about=templates["aboutUrl"],
            property=templates["propertyUrl"],
            value=templates["valueUrl"],
            copy_of=self.copy_of(item, names, where),
            value_map=self.value_map(item, where),
        )
        self.check_column(column, {**own, **item}, where)
        return column

    def check_column(
        self, column: Column, item: dict[str, Any], where: tuple[str | int, ...]
    ) -> None:
        if column.suppress:
            return
        if column.property is None and "propertyUrl" not in item:  # (else: a bad template)
            message = f"column '{column.name}' has no propertyUrl: give one, or "
            self.problem(message + '"suppressOutput": true', *where)
        if column.about is None and "aboutUrl" not in item:
            self.problem(
                f"column '{column.name}' has no aboutUrl (ld-events makes no blank nodes)", *where
            )
        if column.copy_of is not None and not column.virtual:
            self.problem(f"only a virtual column may be a copy ({COPY_OF})", *where, COPY_OF)
        if (
            column.virtual
            and column.value is None
            and column.copy_of is None
            and not column.default
        ):
            self.problem("a virtual column needs a valueUrl, a default or a " + COPY_OF, *where)
        if column.value_map is not None and column.value is not None:
            self.problem(f"give a valueUrl or a {VALUE_MAP}, not both", *where, VALUE_MAP)

    def template(
        self, own: dict[str, Any], key: str, known: set[str], where: tuple[str | int, ...]
    ) -> Template | None:
        source = own.get(key)
        if source is None:
            return None
        if not isinstance(source, str):
            self.problem(f"{key} must be a URI template (a text)", *where, key)
            return None
        try:
            return parse_template(source, known)
        except TemplateError as exc:
            self.problem(f"{key} {exc}", *where, key)
            return None

    def flag(self, item: dict[str, Any], key: str, where: tuple[str | int, ...]) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            self.problem(f"{key} must be true or false, not {value!r}", *where, key)
            return False
        return value

    def text(self, item: dict[str, Any], key: str, where: tuple[str | int, ...]) -> str:
        value = item.get(key, "")
        if not isinstance(value, str):
            self.problem(f"{key} must be a text, not {value!r}", *where, key)
            return ""
        return value

    def lang(self, value: Any, where: tuple[str | int, ...]) -> str:
        if value and (not isinstance(value, str) or not is_language_tag(value)):
            self.problem(f"lang must be a BCP 47 tag such as 'en', not {value!r}", *where, "lang")
            return ""
        return str(value or "")

    def null(self, value: Any, where: tuple[str | int, ...]) -> tuple[str, ...]:
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values):
            self.problem("null must be a text or a list of texts", *where, "null")
            return ("",)
        return tuple(values)

    def datatype(self, value: Any, where: tuple[str | int, ...]) -> Datatype:
        described = value if isinstance(value, dict) else {"base": value}
        at = (*where, "datatype")
        base = described.get("base", "string")
        if base not in DATATYPES:
            known = ", ".join(DATATYPES)
            self.problem(f"unknown datatype {base!r}: one of {known}", *at)
            return Datatype()
        for key in described:
            if key not in ("base", "format", "@id", "@type", *BOUNDS):
                self.problem(f"unknown datatype property '{key}'", *at)
        date_format = described.get("format", "")
        if date_format and (base not in ("date", "boolean") or not isinstance(date_format, str)):
            self.problem(f"a format is read for dates and booleans, not for {base}", *at)
            date_format = ""
        elif base == "date" and date_format and date_format not in DATE_FORMATS:
            self.problem(
                f"unknown date format {date_format!r}: one of {', '.join(DATE_FORMATS)}", *at
            )
            date_format = ""
        elif base == "boolean" and date_format and date_format.count("|") != 1:
            self.problem("a boolean format is 'true text|false text', like 'Y|N'", *at)
            date_format = ""
        return Datatype(base, date_format, self.bounds(described, base, at))

    def bounds(
        self, described: dict[str, Any], base: str, at: tuple[str | int, ...]
    ) -> tuple[tuple[str, Decimal | str], ...]:
        found: list[tuple[str, Decimal | str]] = []
        for key in BOUNDS:
            if key not in described:
                continue
            bound = described[key]
            if (
                base in NUMERIC
                and isinstance(bound, int | float | str)
                and not isinstance(bound, bool)
            ):
                try:
                    found.append((key, Decimal(str(bound))))
                    continue
                except InvalidOperation:
                    pass
            elif (
                base == "date"
                and isinstance(bound, str)
                and date_pattern("yyyy-MM-dd").match(bound)
            ):
                found.append((key, bound))
                continue
            self.problem(f"{key} {bound!r} is no bound of a {base}", *at)
        return tuple(found)

    def copy_of(
        self, item: dict[str, Any], names: list[str], where: tuple[str | int, ...]
    ) -> int | None:
        if COPY_OF not in item:
            return None
        name = item[COPY_OF]
        if not isinstance(name, str) or name not in names:
            self.problem(f"{COPY_OF} names no column: '{name}'", *where, COPY_OF)
            return None
        return names.index(name)

    def value_map(
        self, item: dict[str, Any], where: tuple[str | int, ...]
    ) -> dict[str, str] | None:
        if VALUE_MAP not in item:
            return None
        table = item[VALUE_MAP]
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            self.problem(f"{VALUE_MAP} must map cell texts to IRIs", *where, VALUE_MAP)
            return None
        return {str(text): resolve(iri, self.base) if iri else "" for text, iri in table.items()}


def _titles(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, dict):  # natural-language property: {"en": ["date"]}
        return tuple(str(t) for v in value.values() for t in (v if isinstance(v, list) else [v]))
    return ()
