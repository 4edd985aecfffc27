"""What the resource pages list, and how they name it: the properties of each kind of page in
display order with their labels, and the roles a resource plays in an event."""

from __future__ import annotations

from ld_events.rdf.vocab import DCTERMS, GEO, LDE, RDF_TYPE, RDFS, SCHEMA, SKOS, WGS

# Property tables: (predicate, label shown) in display order, per kind of page.
EVENT_FACTS = [
    (LDE + "actionType", "Action"),
    (LDE + "means", "Means"),
    (LDE + "place", "Where"),
    (LDE + "agent", "Carried out by"),
    (LDE + "recommendedBy", "Recommended by"),
    (LDE + "approvedBy", "Approved by"),
    (LDE + "orderedBy", "Ordered by"),
    (LDE + "onBehalfOf", "On behalf of"),
    (LDE + "target", "Target"),
    (LDE + "purpose", "Purpose"),
    (LDE + "basis", "Stated basis"),
    (LDE + "inResponseTo", "In response to"),
    (LDE + "partOf", "Part of"),
    (LDE + "fatalities", "Killed"),
    (LDE + "injuries", "Injured"),
    (LDE + "damage", "Damage"),
    (LDE + "memberCount", "Number of events"),
    (LDE + "reportedIn", "Reported in"),
    (LDE + "codedIn", "Coded in"),
]
ACTOR_FACTS = [
    (SCHEMA + "jobTitle", "Role"),
    (SCHEMA + "memberOf", "Member of"),
    (LDE + "backedBy", "Backed by"),
    (LDE + "alignedWith", "Aligned with"),
    (LDE + "country", "Country"),
]
PLACE_FACTS = [
    (LDE + "placeType", "Kind of place"),
    (GEO + "sfWithin", "Within"),
    (GEO + "sfOverlaps", "Overlaps"),
    (LDE + "near", "Near"),
    (LDE + "distance", "Distance (metres)"),
    (LDE + "country", "Country"),
]
SOURCE_FACTS = [
    (DCTERMS + "date", "Published"),
    (DCTERMS + "creator", "Author"),
    (DCTERMS + "publisher", "Publisher"),
    (SCHEMA + "url", "Address"),
    (DCTERMS + "identifier", "Identifier"),
]
COMMON_FACTS = [
    (SKOS + "altLabel", "Also called"),
    (LDE + "verbatim", "Wording in sources"),
    (SCHEMA + "sameAs", "Same as"),
]
#: Shown elsewhere on the page, or structural: never listed as "other statements".
SHOWN_ELSEWHERE = {
    RDF_TYPE,
    RDFS + "label",
    SCHEMA + "description",
    LDE + "time",
    LDE + "quote",
    WGS + "lat",
    WGS + "long",
}
ROLE_LABELS = {
    LDE + "agent": "carried out",
    LDE + "target": "targeted",
    LDE + "recommendedBy": "recommended",
    LDE + "approvedBy": "approved",
    LDE + "orderedBy": "ordered",
    LDE + "onBehalfOf": "on whose behalf",
}
PLACE_ROLES = {LDE + "place": "took place here", LDE + "target": "targeted"}
