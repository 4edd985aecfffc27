"""The pieces of CSVW mappings: URI templates (RFC 6570 levels 1 and 2) and datatypes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ld_events.sources.csvw_datatypes import CellError, Datatype
from ld_events.sources.csvw_templates import (
    TemplateError,
    known_variables,
    parse_template,
    resolve,
    slug,
)

BASE = "https://example.org/t/"
KNOWN = known_variables(["who", "url", "n"])


@pytest.mark.parametrize(
    ("template", "values", "expanded"),
    [
        ("actor/{who}/#it", {"who": "Zenda Front (ZLF)"}, "actor/Zenda%20Front%20%28ZLF%29/#it"),
        (
            "actor/{who.slug}/#it",
            {"who.slug": slug("Zenda Front (ZLF)")},
            "actor/zenda-front-zlf/#it",
        ),
        ("{+url}", {"url": "https://example.org/a b?x=1"}, "https://example.org/a%20b?x=1"),
        ("{url}", {"url": "a/b"}, "a%2Fb"),
        ("doc{#n}", {"n": "x/y"}, "doc#x/y"),
        ("row-{_row}", {"_row": "7"}, "row-7"),
        ("actor/{who}/#it", {"who": None}, None),  # an empty cell names nothing
    ],
)
def test_templates_expand_as_rfc_6570_says(
    template: str, values: dict[str, str | None], expanded: str | None
) -> None:
    assert parse_template(template, KNOWN).expand(values) == expanded


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("actor/{whom}/#it", "'{whom}' names no column of the mapping"),
        ("actor/{who/#it", "has an unmatched brace"),
        ("actor/{/who}", "the operator '/' is not read"),
        ("actor/{who:3}", "modifiers"),
    ],
)
def test_a_template_that_cannot_be_read_says_why(template: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message.replace("{", r"\{").replace("}", r"\}")):
        parse_template(template, KNOWN)


@pytest.mark.parametrize(
    ("text", "iri"),
    [
        ("lde:agent", "https://w3id.org/ld-events/ns#agent"),
        ("event/x/#it", BASE + "event/x/#it"),
        ("https://acleddata.com/", "https://acleddata.com/"),
    ],
)
def test_expanded_templates_resolve_against_the_base(text: str, iri: str) -> None:
    assert resolve(text, BASE) == iri


def test_a_cell_without_latin_letters_slugs_to_a_hash() -> None:
    assert slug("Ruritanian Army") == "ruritanian-army"
    assert slug("Żółw") == "zow"
    assert len(slug("القوات")) == 16


@pytest.mark.parametrize(
    ("datatype", "text", "lexical"),
    [
        (Datatype("date"), "2024-03-04", "2024-03-04"),
        (Datatype("date", "dd/MM/yyyy"), "04/03/2024", "2024-03-04"),
        (Datatype("date", "M/d/yyyy"), "3/4/2024", "2024-03-04"),
        (Datatype("date", "d MMMM yyyy"), "4 March 2024", "2024-03-04"),
        (Datatype("decimal"), "47.9120", "47.912"),
        (Datatype("decimal"), "100", "100.0"),
        (Datatype("integer"), "+12", "12"),
        (Datatype("boolean", "Y|N"), "N", "false"),
        (Datatype("decimal", bounds=(("maximum", Decimal(90)),)), "90", "90.0"),
    ],
)
def test_cells_read_into_canonical_lexical_forms(
    datatype: Datatype, text: str, lexical: str
) -> None:
    assert datatype.read(text) == lexical


@pytest.mark.parametrize(
    ("datatype", "text", "message"),
    [
        (Datatype("date"), "2024-02-30", "'2024-02-30' is not a date (yyyy-MM-dd)"),
        (Datatype("date", "dd/MM/yyyy"), "2024-03-04", "is not a date (dd/MM/yyyy)"),
        (Datatype("date", "d MMMM yyyy"), "4 Marsh 2024", "is not a date"),
        (Datatype("integer"), "1.5", "'1.5' is not a whole number"),
        (Datatype("decimal"), "NaN", "'NaN' is not a number"),
        (Datatype("decimal", bounds=(("maximum", Decimal(90)),)), "200", "200 is above"),
        (Datatype("integer", bounds=(("minExclusive", Decimal(0)),)), "0", "0 is not above"),
        (Datatype("date", bounds=(("minimum", "2000-01-01"),)), "1999-12-31", "is below"),
        (Datatype("boolean"), "yes", "'yes' is not a boolean"),
    ],
)
def test_cells_a_datatype_cannot_read_say_why(datatype: Datatype, text: str, message: str) -> None:
    with pytest.raises(CellError, match=message.replace("(", r"\(").replace(")", r"\)")):
        datatype.read(text)
