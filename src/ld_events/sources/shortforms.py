"""Expand the short forms authors write in YAML into explicit JSON-LD node objects.

A YAML record is a JSON-LD node object read through the published context; this module fills in
what authors may leave out: full IRIs for slugs, typed literals for dates and counts, hash IRIs
for the nodes a record owns (its time span, its counts, its claims). The result is plain JSON-LD
that any processor reads to the same graph (tests check this with pyld).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ld_events.layout import is_slug
from ld_events.rdf.context import Context, TermDefinition
from ld_events.rdf.iris import THING_FRAGMENT, is_iri
from ld_events.rdf.vocab import CTRY, KIND_OF_CLASS, XSD
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.authoring import (
    CASUALTY_KEYS,
    CLAIM_VALUE_KIND,
    COUNT_KEYS,
    COUNTRY_CODE,
    NODE_KEYS,
    QUANTITY_TERMS,
    REFERENCE_KINDS,
    TIME_KEYS,
    TIMESPAN_TERMS,
    VOCABULARY_OF,
)
from ld_events.sources.registry import ANY_KIND, Registry
from ld_events.sources.texts import NOT_A_SLUG, hint, language_map
from ld_events.sources.values import (
    RecordError,
    boolean,
    decimal,
    integer,
    period,
    publication_date,
)
from ld_events.sources.yamlfile import item_location, key_location, node_location


@dataclass
class Positions:
    """Where each node and each (node, property IRI) was written."""

    nodes: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)


@dataclass
class Expander:
    """Expands the records of one file."""

    context: Context
    base: str
    language: str
    registry: Registry
    path: str
    positions: Positions = field(default_factory=Positions)
    errors: list[Diagnostic] = field(default_factory=list)
    #: The claimed property of each claim: it decides how the claimed value is read.
    claimed_property: dict[str, str] = field(default_factory=dict)

    # -- records ---------------------------------------------------------------------------------

    def record(self, raw: Any, where: Location) -> dict[str, Any] | None:
        """Expand one top-level record; collect errors instead of raising."""
        if not isinstance(raw, Mapping):
            self._error(
                Code.INVALID_RECORD, "expected a record (a mapping with id and type)", where
            )
            return None
        try:
            types = self._types(raw, where)
            iri = self._record_iri(raw, types, where)
            return self.node(raw, iri, types, where)
        except RecordError as exc:
            self.errors.append(exc.diagnostic)
            return None

    def node(
        self, raw: Mapping[str, Any], iri: str, types: list[str], where: Location
    ) -> dict[str, Any]:
        self.positions.nodes.setdefault(iri, where)
        out: dict[str, Any] = {"id": iri}
        if types:
            out["type"] = types
        if isinstance(raw.get("claimProperty"), str):
            self.claimed_property[iri] = raw["claimProperty"].split(":")[-1]
        for key, value in raw.items():
            if key in NODE_KEYS:
                continue
            key_where = key_location(raw, key, self.path)
            try:
                self._property(out, str(key), value, iri, key_where)
            except RecordError as exc:
                self.errors.append(exc.diagnostic)
        return out

    def _types(self, raw: Mapping[str, Any], where: Location) -> list[str]:
        value = raw.get("type")
        if value is None:
            raise RecordError(
                Code.MISSING_TYPE, "record has no 'type' (e.g. Event, Person, Place)", where
            )
        names = value if isinstance(value, list) else [value]
        types = []
        for name in names:
            name = str(name)
            if name not in self.context.terms and not self._curie(name):
                known = [n for n in self.context.terms if n[0].isupper()]
                raise RecordError(
                    Code.UNKNOWN_TYPE,
                    f"unknown type '{name}'{hint(name, known)}",
                    key_location(raw, "type", self.path),
                )
            types.append(name)
        return types

    def _record_iri(self, raw: Mapping[str, Any], types: list[str], where: Location) -> str:
        ident = raw.get("id")
        if ident is None:
            raise RecordError(
                Code.MISSING_ID, "record has no 'id' (a slug such as joe-biden)", where
            )
        ident = str(ident)
        if not is_slug(ident):
            if ":" not in ident and "/" not in ident:  # meant as a slug, but it is not one
                message = NOT_A_SLUG.format(ident[:80]) + " (or write a full IRI)"
                raise RecordError(Code.BAD_SLUG, message, where)
            return self.absolute(ident, where)
        kind = self.kind_of(types)
        if kind is None:
            raise RecordError(
                Code.MISSING_ID, f"'{ident}' needs a full IRI: its type has no page kind", where
            )
        return self.thing(kind, ident)

    def kind_of(self, types: list[str]) -> str | None:
        for name in types:
            term = self.context.terms.get(name)
            iri = term.iri if term else self.context.expand(name)
            if iri in KIND_OF_CLASS:
                return KIND_OF_CLASS[iri]
        return None

    # -- properties ------------------------------------------------------------------------------

    def _property(
        self, out: dict[str, Any], key: str, value: Any, iri: str, where: Location
    ) -> None:
        term = self.context.terms.get(key)
        if term is None:
            if self._curie(key):
                out[self.context.expand(key)] = self._values(value, where, self._literal)
                self.positions.statements.setdefault((iri, self.context.expand(key)), where)
                return
            known = [n for n in self.context.terms if n[0].islower()]
            raise RecordError(Code.UNKNOWN_KEY, f"unknown key '{key}'{hint(key, known)}", where)
        self.positions.statements.setdefault((iri, term.iri), where)
        out[key] = self._term_value(term, value, iri, where)

    def _term_value(self, term: TermDefinition, value: Any, iri: str, where: Location) -> Any:
        name = term.name
        if name == "claims":
            return self._claims(value, iri, where)
        if name in TIMESPAN_TERMS:
            return self._owned(value, iri, TIMESPAN_TERMS[name], where, self._timespan)
        if name in QUANTITY_TERMS:
            return self._owned(value, iri, QUANTITY_TERMS[name], where, self._quantity)
        if name == "claimValue":
            return self._claim_value(value, iri, where)
        if name == "evidence":
            return self._owned(value, iri, "evidence", where, self._passage)
        if term.language_map:
            return language_map(value, where, self.language, self.path)
        if term.coercion == "@id":
            return self._values(value, where, lambda v, w: self.reference(name, v, w))
        if term.coercion == "@vocab":
            return self._values(value, where, self._vocab_term)
        return self._values(value, where, lambda v, w: self._typed(term, v, w))

    def _values(self, value: Any, where: Location, one: Callable[[Any, Location], Any]) -> Any:
        if isinstance(value, list):
            return [one(item, where) for item in value]
        return one(value, where)

    def _owned(
        self,
        value: Any,
        parent: str,
        fragment: str,
        where: Location,
        expand: Callable[[Any, str, Location], dict[str, Any]],
    ) -> dict[str, Any]:
        """A node owned by its record (a time span, a count), with a hash IRI in its document."""
        if isinstance(value, list):
            raise RecordError(Code.BAD_VALUE, f"give one {fragment}, not a list", where)
        return expand(value, self.owned_iri(parent, fragment), where)

    def owned_iri(self, parent: str, fragment: str) -> str:
        document, _, parent_fragment = parent.partition("#")
        if parent_fragment and parent_fragment != THING_FRAGMENT:
            fragment = f"{parent_fragment}-{fragment}"
        return f"{document}#{fragment}"

    def _timespan(self, value: Any, iri: str, where: Location) -> dict[str, Any]:
        node: dict[str, Any] = {"id": iri, "type": ["TimeSpan"]}
        self.positions.nodes.setdefault(iri, where)
        if not isinstance(value, Mapping):
            first, last = period(value, where)
            node["earliestStart"], node["latestEnd"] = first, last
            return node
        for key, item in value.items():
            key_where = key_location(value, key, self.path)
            if key == "earliestStart":
                node[key] = period(item, key_where)[0]
            elif key == "latestEnd":
                node[key] = period(item, key_where)[1]
            elif key in ("verbatim", "relativeTo"):
                node[key] = self._term_value(self.context.terms[key], item, iri, key_where)
            else:
                raise RecordError(
                    Code.UNKNOWN_KEY,
                    f"unknown key '{key}' in a time{hint(str(key), TIME_KEYS)}",
                    key_where,
                )
            self.positions.statements.setdefault((iri, self.context.terms[key].iri), key_where)
        return node

    def _quantity(self, value: Any, iri: str, where: Location) -> dict[str, Any]:
        node: dict[str, Any] = {"id": iri, "type": ["Quantity"]}
        self.positions.nodes.setdefault(iri, where)
        if not isinstance(value, Mapping):
            node["value"] = integer(value, where)
            return node
        for key, item in value.items():
            key_where = key_location(value, key, self.path)
            if key in ("value", "minValue", "maxValue"):
                node[key] = integer(item, key_where)
            elif key in ("verbatim", "countOf"):
                node[key] = language_map(item, key_where, self.language, self.path)
            elif key == "likelyToRise":
                node[key] = boolean(item, key_where)
            elif key in CASUALTY_KEYS:
                node[key] = self._values(item, key_where, partial(self.reference, str(key)))
            else:
                raise RecordError(
                    Code.UNKNOWN_KEY,
                    f"unknown key '{key}' in a count{hint(str(key), COUNT_KEYS + CASUALTY_KEYS)}",
                    key_where,
                )
            self.positions.statements.setdefault((iri, self.context.terms[key].iri), key_where)
        return node

    def _passage(self, value: Any, iri: str, where: Location) -> dict[str, Any]:
        """The words a claim rests on: ``evidence: At least five ...`` (or a language map)."""
        self.positions.nodes.setdefault(iri, where)
        quote = language_map(value, where, self.language, self.path)
        return {"id": iri, "type": ["Passage"], "quote": quote}

    def _claims(self, value: Any, subject: str, where: Location) -> list[dict[str, Any]]:
        items = value if isinstance(value, list) else [value]
        claims = []
        for index, item in enumerate(items):
            item_where = (
                item_location(value, index, self.path) if isinstance(value, list) else where
            )
            if not isinstance(item, Mapping) or "id" not in item:
                raise RecordError(
                    Code.MISSING_ID, "a claim needs an 'id' (a short slug)", item_where
                )
            if not is_slug(str(item["id"])):  # it ends the claim's IRI: #claim-{id}
                text = NOT_A_SLUG.format(str(item["id"])[:80])
                raise RecordError(Code.BAD_SLUG, text, key_location(item, "id", self.path))
            iri = self.owned_iri(subject, f"claim-{item['id']}")
            claim = self.node(item, iri, ["Claim"], node_location(item, self.path))
            claims.append(claim)
        return claims

    def _claim_value(self, value: Any, claim: str, where: Location) -> Any:
        kind = self._claimed_property_kind(claim)
        if kind == "quantity":
            return self._owned(value, claim, "value", where, self._quantity)
        if kind == "timespan":
            return self._owned(value, claim, "value", where, self._timespan)
        if kind in ("actionType", "purpose", "means"):
            return self._values(value, where, lambda v, w: self.reference(kind, v, w))
        if kind == "text":
            texts = language_map(value, where, self.language, self.path).items()
            return [{"@value": t, "@language": lang} for lang, ts in texts for t in ts]
        prop = kind or "claimSubject"
        return self._values(value, where, lambda v, w: self.reference(prop, v, w))

    def _claimed_property_kind(self, claim: str) -> str | None:
        claimed = self.claimed_property.get(claim)
        if claimed is None:
            return None
        return CLAIM_VALUE_KIND.get(claimed, claimed)

    def _vocab_term(self, value: Any, where: Location) -> str:
        text = str(value)
        term = self.context.terms.get(text)
        if term is not None:
            return text
        if self._curie(text):
            return self.context.expand(text)
        raise RecordError(Code.BAD_REFERENCE, f"'{text}' is not a property name", where)

    def _curie(self, text: str) -> bool:
        """A CURIE or an IRI that expands to an IRI RDF can hold (``x:{y}`` does not)."""
        return ":" in text and is_iri(self.context.expand(text))

    def _typed(self, term: TermDefinition, value: Any, where: Location) -> Any:
        datatype = term.coercion
        if datatype == XSD + "integer":
            return integer(value, where)
        if datatype == XSD + "decimal":
            return decimal(value, where)
        if datatype == XSD + "date":
            return publication_date(value, where)
        return self._literal(value, where)

    def _literal(self, value: Any, where: Location) -> Any:
        if isinstance(value, Mapping):
            if "id" in value:  # a slug names its record, of whichever kind; else an IRI
                text = str(value["id"])
                if is_slug(text) and self.registry.defines(text):
                    return {"@id": self.thing(self.registry.kind_for(text, ANY_KIND), text)}
                return {"@id": self.absolute(text, where)}
            raise RecordError(Code.BAD_VALUE, "expected a value or {id: ...}", where)
        if isinstance(value, bool):
            return {"@value": "true" if value else "false", "@type": XSD + "boolean"}
        if isinstance(value, int):
            return {"@value": str(value), "@type": XSD + "integer"}
        return {"@value": str(value), "@language": self.language}

    # -- references ------------------------------------------------------------------------------

    def reference(self, prop: str, value: Any, where: Location) -> str:
        if isinstance(value, Mapping) and set(value) == {"id"}:
            value = value["id"]
        if isinstance(value, Mapping | list) or value is None:
            raise RecordError(Code.BAD_REFERENCE, f"'{prop}' takes a slug or an IRI", where)
        text = str(value).strip()
        if prop == "claimProperty":
            return self._vocab_term(text, where)
        if prop in VOCABULARY_OF and is_slug(text):
            return VOCABULARY_OF[prop] + text
        if prop == "nationality" and COUNTRY_CODE.fullmatch(text):
            return CTRY + text
        if is_slug(text) and prop in REFERENCE_KINDS:
            return self.thing(self.registry.kind_for(text, REFERENCE_KINDS[prop]), text)
        return self.absolute(text, where)

    def absolute(self, text: str, where: Location) -> str:
        iri = self._absolute(text, where)
        if not is_iri(iri):  # a character no IRI holds: {, >, a control character...
            raise RecordError(Code.BAD_REFERENCE, f"'{text}' is not a slug or an IRI", where)
        return iri

    def _absolute(self, text: str, where: Location) -> str:
        if " " in text or not text:
            raise RecordError(Code.BAD_REFERENCE, f"'{text}' is not a slug or an IRI", where)
        expanded = self.context.expand(text)
        if expanded != text or text.startswith(("http://", "https://", "urn:")):
            return expanded
        kind, _, slug = text.strip("/").partition("/")
        if kind in KIND_OF_CLASS.values() and is_slug(slug):
            return self.thing(kind, slug)
        if ":" in text:
            raise RecordError(Code.BAD_REFERENCE, f"unknown prefix in '{text}'", where)
        return self.base + text

    def thing(self, kind: str, slug: str) -> str:
        return f"{self.base}{kind}/{slug}/#{THING_FRAGMENT}"

    def _error(self, code: Code, message: str, where: Location) -> None:
        self.errors.append(Diagnostic(code, Severity.ERROR, message, where, stage=Stage.READ))
