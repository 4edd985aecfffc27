"""One row of a mapped table as triples, the way CSVW's csv2rdf makes them (minimal mode).

Each column makes a triple of each cell: its subject the column's ``aboutUrl``, its predicate
the ``propertyUrl``, its object the ``valueUrl`` (an IRI) or the cell as a literal of the
column's datatype and ``lang``. An empty cell (one of the column's ``null`` texts) makes no
triple, nor does a template naming it; a ``separator`` makes a triple of each item. A virtual
column makes its triple from its templates alone (or, ``lde:copyOf``, from another column's
cell). A cell that cannot be read is a :class:`CellProblem` at its column, and the row is not
converted.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

from pyoxigraph import Literal, NamedNode, Triple

from ld_events.report import Code
from ld_events.sources.coded_rdf import term
from ld_events.sources.coded_tables import CellProblem
from ld_events.sources.csvw_columns import Column
from ld_events.sources.csvw_datatypes import CellError
from ld_events.sources.csvw_metadata import Mapping
from ld_events.sources.csvw_templates import SLUG_SUFFIX, Template, resolve, slug


@cache
def _constant(text: str, base: str) -> NamedNode:
    return NamedNode(resolve(text, base))


_CODE_OF = {"date": Code.BAD_DATE, "integer": Code.BAD_NUMBER, "decimal": Code.BAD_NUMBER}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass
class MappedRow:
    """A converted row: its resource (the schema's ``aboutUrl``) and its triples."""

    subject: NamedNode | None = None
    triples: list[Triple] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


@dataclass
class RowConverter:
    """Turns the rows of one mapped table into triples."""

    mapping: Mapping
    base: str
    width: int = 0
    #: Each column's values: (lexical forms, or None for an empty cell), by column index.
    _slugged: set[str] = field(default_factory=set)
    #: Whether a template names the column's own variables (``_name``, ``_column``).
    _column_variables: bool = False
    #: The row's variables, and the IRI each template made of them (by the template's id).
    _row_variables: dict[str, str | None] = field(default_factory=dict)
    _row_iris: dict[int, NamedNode | None] = field(default_factory=dict)
    #: Each copy (``lde:copyOf``) as the column whose cell it reads, for its problems.
    _copies: dict[int, Column] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.width = sum(1 for column in self.mapping.columns if not column.virtual)
        templates = [self.mapping.about]
        for column in self.mapping.columns:
            templates += [t for t in (column.about, column.property, column.value) if t]
        columns = self.mapping.columns
        self._copies = {
            c.index: replace(c, index=c.copy_of, name=columns[c.copy_of].name)
            for c in columns
            if c.copy_of is not None
        }
        variables = {name for template in templates for name in template.variables}
        self._column_variables = bool(variables & {"_name", "_column", "_sourceColumn"})
        self._slugged = {
            name.removesuffix(SLUG_SUFFIX)
            for template in templates
            for name in template.variables
            if name.endswith(SLUG_SUFFIX)
        }

    def header_problems(self, cells: list[str]) -> list[CellProblem]:
        """A header row whose cells are not the columns' titles (or names)."""
        found = [c.strip() for c in cells]
        if len(found) != self.width:
            message = f"the header has {len(found)} columns, the mapping {self.width}"
            return [CellProblem(Code.MISMATCHED_HEADER, 1, "", message)]
        problems = []
        for column in self.mapping.columns[: self.width]:
            titles = column.titles or (column.name,)
            if found[column.index] not in titles:
                message = f"the header '{found[column.index]}' is not the title of column "
                message += f"{column.index + 1} of the mapping, '{titles[0]}'"
                problems.append(
                    CellProblem(Code.MISMATCHED_HEADER, column.index + 1, column.name, message)
                )
        return problems

    def convert(self, cells: list[str], row: int, line: int) -> MappedRow:
        """Row ``row`` of the data (the first after the header is 1), at ``line`` of the file."""
        out = MappedRow()
        if len(cells) != self.width:
            out.problems.append(self.width_problem(len(cells)))
            return out
        values: dict[str, list[str] | None] = {}
        for cell_column in self.mapping.columns[: self.width]:
            values[cell_column.name] = self.cell(cell_column, cells[cell_column.index], out)
        if out.problems:
            return out
        variables: dict[str, str | None] = {"_row": str(row), "_sourceRow": str(line)}
        for name, items in values.items():
            variables[name] = items[0] if items else None
            if name in self._slugged:
                variables[name + SLUG_SUFFIX] = slug(items[0]) if items else None
        self._row_variables, self._row_iris = variables, {}
        subject = self.iri(self.mapping.about, variables, self.mapping.columns[0], out)
        if subject is None:
            named = {v.removesuffix(SLUG_SUFFIX) for v in self.mapping.about.variables}
            empty = next(
                (c for c in self.mapping.columns if c.name in named and not values.get(c.name)),
                self.mapping.columns[0],
            )
            message = f"column {empty.name}: empty, and the row's IRI "
            message += f"({self.mapping.about.source}) is made of it"
            out.problems.append(
                CellProblem(Code.MISSING_VALUE, empty.index + 1, empty.name, message)
            )
            return out
        out.subject = subject
        for each in self.mapping.columns:
            if not each.suppress:
                self.column_triples(each, cells, values, variables, out)
        return out

    def width_problem(self, width: int) -> CellProblem:
        """A short row, at its first missing column; a long one, at its first extra cell."""
        if width < self.width:
            name = self.mapping.columns[width].name
            message = f"column {name}: the row ends after {width} columns, not {self.width}"
            return CellProblem(Code.MALFORMED_ROW, width + 1, name, message)
        message = f"the row has {width} columns, the mapping {self.width}"
        return CellProblem(Code.MALFORMED_ROW, self.width + 1, "", message)

    def cell(self, column: Column, text: str, out: MappedRow) -> list[str] | None:
        """The cell's values in canonical form; None if it is empty."""
        if self.mapping.dialect.trim:
            text = text.strip()
        if text == "" and column.default:
            text = column.default
        if text in column.null:
            if column.required:
                message = f"column {column.name}: empty, and the mapping says it is required"
                out.problems.append(
                    CellProblem(Code.MISSING_VALUE, column.index + 1, column.name, message)
                )
            return None
        items = [i.strip() for i in text.split(column.separator)] if column.separator else [text]
        values = []
        for item in items:
            if item in column.null:
                continue
            try:
                values.append(column.datatype.read(item))
            except CellError as exc:
                code = _CODE_OF.get(column.datatype.base, Code.BAD_VALUE)
                message = f"column {column.name}: {exc}"
                out.problems.append(CellProblem(code, column.index + 1, column.name, message))
                continue
            if column.value_map is not None and values[-1] not in column.value_map:
                message = f"column {column.name}: '{item}' is not in the column's lde:valueMap"
                out.problems.append(
                    CellProblem(Code.BAD_VALUE, column.index + 1, column.name, message)
                )
        return values or None

    def column_triples(
        self,
        column: Column,
        cells: list[str],
        values: dict[str, list[str] | None],
        variables: dict[str, str | None],
        out: MappedRow,
    ) -> None:
        if column.about is None or column.property is None:
            return
        bound = variables
        if self._column_variables:
            bound = variables | {"_name": column.name, "_column": str(column.index + 1)}
            bound["_sourceColumn"] = bound["_column"]
        subject = self.iri(column.about, bound, column, out)
        predicate = self.iri(column.property, bound, column, out)
        if subject is None or predicate is None:
            return
        items: list[str] | None
        if column.copy_of is not None:  # read as the copy says, reported at the cell's column
            items = self.cell(self._copies[column.index], cells[column.copy_of], out)
        elif column.virtual:
            items = [column.default] if column.value is None else [""]
        else:
            items = values[column.name]
        for item in items or ():
            obj = self.object(column, item, bound, out)
            if obj is not None:
                out.triples.append(Triple(subject, predicate, obj))

    def object(
        self, column: Column, item: str, bound: dict[str, str | None], out: MappedRow
    ) -> NamedNode | Literal | None:
        if column.value_map is not None:
            mapped = column.value_map.get(item)
            return term(mapped) if mapped else None  # "": the mapping says no triple
        if column.value is not None:
            if not column.virtual and bound.get(column.name) != item:  # an item of a list
                bound = bound | {column.name: item}
                if column.name in self._slugged:
                    bound[column.name + SLUG_SUFFIX] = slug(item)
            return self.iri(column.value, bound, column, out)
        if column.lang and column.datatype.base == "string":
            return Literal(item, language=column.lang)
        if column.datatype.iri == _XSD_STRING:
            return Literal(item)
        return Literal(item, datatype=term(column.datatype.iri))

    def iri(
        self, template: Template, bound: dict[str, str | None], column: Column, out: MappedRow
    ) -> NamedNode | None:
        """The template expanded and resolved; None if a cell it names is empty. A text that is
        no IRI is a problem of the column."""
        if template.constant is not None:
            return _constant(template.constant, self.base)
        shared = bound is self._row_variables  # the row's own: columns share their templates
        if shared and id(template) in self._row_iris:
            return self._row_iris[id(template)]
        iri = self._expanded(template, bound, column, out)
        if shared:
            self._row_iris[id(template)] = iri
        return iri

    def _expanded(
        self, template: Template, bound: dict[str, str | None], column: Column, out: MappedRow
    ) -> NamedNode | None:
        expanded = template.expand(bound)
        if expanded is None:
            return None
        iri = resolve(expanded, self.base)
        try:
            return NamedNode(iri)
        except ValueError:
            message = f"column {column.name}: <{iri}> is no IRI"
            out.problems.append(CellProblem(Code.BAD_VALUE, column.index + 1, column.name, message))
            return None
