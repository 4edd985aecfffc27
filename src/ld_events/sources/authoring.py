"""What the YAML authoring format knows of each term, beyond the JSON-LD context: where a bare
slug points, which vocabulary a value comes from, which values become nodes the record owns
(a time span, a count), and what a claim's value is."""

from __future__ import annotations

import re

from ld_events.rdf.vocab import ACT, CAS, MNS, PLT

#: Where a bare slug points, by property: candidate kinds in order of preference.
REFERENCE_KINDS: dict[str, tuple[str, ...]] = {
    "agent": ("actor",),
    "orderedBy": ("actor",),
    "recommendedBy": ("actor",),
    "approvedBy": ("actor",),
    "affiliation": ("actor",),
    "onBehalfOf": ("actor",),
    "claimant": ("actor",),
    "backedBy": ("actor",),
    "alignedWith": ("actor",),
    "memberOf": ("actor",),
    "publisher": ("actor",),
    "author": ("actor",),
    "target": ("actor", "place"),
    "place": ("place",),
    "within": ("place",),
    "overlaps": ("place",),
    "near": ("place",),
    "partOf": ("event",),
    "inResponseTo": ("event",),
    "madeIn": ("event",),
    "relativeTo": ("event", "source"),
    "reportedIn": ("source",),
    "claimSubject": ("event", "actor", "place", "source"),
}
VOCABULARY_OF: dict[str, str] = {
    "actionType": ACT,
    "purpose": ACT,
    "placeType": PLT,
    "means": MNS,
    "casualtyType": CAS,
}
QUANTITY_TERMS = {
    "fatalities": "fatalities",
    "injuries": "injuries",
    "memberCount": "member-count",
    "distance": "distance",
    "damage": "damage",
}
TIMESPAN_TERMS = {"time": "time"}
CLAIM_VALUE_KIND: dict[str, str] = {
    "fatalities": "quantity",
    "injuries": "quantity",
    "memberCount": "quantity",
    "time": "timespan",
    "actionType": "actionType",
    "purpose": "purpose",
    "means": "means",
    "basis": "text",
    "distance": "quantity",
    "damage": "quantity",
}
NODE_KEYS = {"id", "type"}
#: The keys of a time span and of a count, for "did you mean".
TIME_KEYS = ["earliestStart", "latestEnd", "verbatim", "relativeTo"]
COUNT_KEYS = ["value", "minValue", "maxValue", "verbatim"]
#: What a count may say of what it counts: the people (casualties), the things (damage).
CASUALTY_KEYS = ["casualtyType", "affiliation", "nationality", "likelyToRise", "countOf"]
#: A country of the country table by its ISO 3166-1 alpha-3 code (``IRQ`` for ctry:IRQ).
COUNTRY_CODE = re.compile(r"[A-Z]{3}")
