"""What the vocabulary page shows of the ontology, its SKOS schemes and its shapes: the values
inside its context (``contexts.VocabularyPage``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # contexts imports this module
    from ld_events.publish.contexts import Link


@dataclass(frozen=True)
class Term:
    """A class or property of the ontology, on the vocabulary page."""

    anchor: str
    label: str
    curie: str
    comment: str
    parents: list[str]
    domain: list[str]
    range: list[str]


@dataclass(frozen=True)
class Concept:
    link: Link
    notation: str
    definition: str
    mappings: list[str]


@dataclass(frozen=True)
class Scheme:
    """A SKOS scheme on the vocabulary page: what it is, whose it is, and its concepts."""

    label: str
    concepts: list[Concept]
    anchor: str = ""
    notes: list[str] = field(default_factory=list)  # definition, citation, credits
    licenses: list[Link] = field(default_factory=list)
    #: The page listing every concept, when the table shows only the top concepts.
    everything: Link | None = None


@dataclass(frozen=True)
class Rule:
    severity: str
    code: str
    message: str


@dataclass(frozen=True)
class ShapeRules:
    """The rules a kind of record must follow."""

    target: str
    rules: list[Rule]
