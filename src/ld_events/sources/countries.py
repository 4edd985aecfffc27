"""The country table (``ontology/countries.ttl``): its countries by FIPS, CAMEO code and name.

Coded places and actors name their country by a code or a name: GDELT's places by a FIPS 10-4
code, GDELT's actors by a CAMEO country code, ICEWS by an English name. Each is looked up here
and, when the table has it, linked with ``lde:country`` to the table's country, whose
``skos:exactMatch`` is its Wikidata item. A code or name the table lacks is linked to nothing:
the table says which codes it leaves out, and why (scripts/countries.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from pyoxigraph import Literal, NamedNode, RdfFormat, parse

from ld_events.assets import asset_dir
from ld_events.rdf.vocab import CTRY, LDE, SKOS

_NOT_WORD = re.compile(r"[^a-z0-9]+")
_NAMES = (SKOS + "prefLabel", SKOS + "altLabel")


def normalised(name: str) -> str:
    """How names are compared: ASCII, lowercase, punctuation and spacing folded (the same
    folding scripts/countries.py checks the table's names to be unique under)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", ascii_name.lower()).strip()


@dataclass(frozen=True)
class CountryTable:
    """Country IRIs by FIPS 10-4 code, by CAMEO country code, and by normalised name."""

    by_fips: dict[str, NamedNode] = field(default_factory=dict)
    by_cameo: dict[str, NamedNode] = field(default_factory=dict)
    by_name: dict[str, NamedNode] = field(default_factory=dict)

    def fips(self, code: str) -> NamedNode | None:
        return self.by_fips.get(code)

    def cameo(self, code: str) -> NamedNode | None:
        return self.by_cameo.get(code)

    def named(self, name: str) -> NamedNode | None:
        return self.by_name.get(normalised(name))


@cache
def country_table() -> CountryTable:
    """The shipped table, read once."""
    table = CountryTable()
    indexes = {
        LDE + "countryCode": table.by_fips,
        LDE + "cameoCountry": table.by_cameo,
    }
    path = asset_dir("ontology") / "countries.ttl"
    for triple in parse(path=path, format=RdfFormat.TURTLE):
        subject, value = triple.subject, triple.object
        if not (isinstance(subject, NamedNode) and subject.value.startswith(CTRY)):
            continue
        if not isinstance(value, Literal):
            continue
        predicate = triple.predicate.value
        if predicate in indexes:
            indexes[predicate][value.value] = subject
        elif predicate in _NAMES:
            table.by_name[normalised(value.value)] = subject
    return table
