"""What the resource pages list, and how they name it: the properties of each kind of page in
display order with their labels, and the roles a resource plays in an event."""

from __future__ import annotations

from ld_events.rdf.vocab import DCTERMS, GEO, LDE, RDF_TYPE, RDFS, SCHEMA, SKOS, WGS
from ld_events.translations import N_

# Property tables: (predicate, label shown) in display order, per kind of page.
EVENT_FACTS = [
    (LDE + "actionType", N_("Action")),
    (LDE + "means", N_("Means")),
    (LDE + "place", N_("Where")),
    (LDE + "agent", N_("Carried out by")),
    (LDE + "recommendedBy", N_("Recommended by")),
    (LDE + "approvedBy", N_("Approved by")),
    (LDE + "orderedBy", N_("Ordered by")),
    (LDE + "onBehalfOf", N_("On behalf of")),
    (LDE + "target", N_("Target")),
    (LDE + "purpose", N_("Purpose")),
    (LDE + "basis", N_("Stated basis")),
    (LDE + "inResponseTo", N_("In response to")),
    (LDE + "partOf", N_("Part of")),
    (LDE + "fatalities", N_("Killed")),
    (LDE + "injuries", N_("Injured")),
    (LDE + "damage", N_("Damage")),
    (LDE + "memberCount", N_("Number of events")),
    (LDE + "reportedIn", N_("Reported in")),
    (LDE + "codedIn", N_("Coded in")),
]
ACTOR_FACTS = [
    (SCHEMA + "jobTitle", N_("Role")),
    (SCHEMA + "memberOf", N_("Member of")),
    (LDE + "backedBy", N_("Backed by")),
    (LDE + "alignedWith", N_("Aligned with")),
    (LDE + "country", N_("Country")),
]
PLACE_FACTS = [
    (LDE + "placeType", N_("Kind of place")),
    (GEO + "sfWithin", N_("Within")),
    (GEO + "sfOverlaps", N_("Overlaps")),
    (LDE + "near", N_("Near")),
    (LDE + "distance", N_("Distance (metres)")),
    (LDE + "country", N_("Country")),
]
SOURCE_FACTS = [
    (DCTERMS + "date", N_("Published")),
    (DCTERMS + "creator", N_("Author")),
    (DCTERMS + "publisher", N_("Publisher")),
    (SCHEMA + "url", N_("Address")),
    (DCTERMS + "identifier", N_("Identifier")),
]
COMMON_FACTS = [
    (SKOS + "altLabel", N_("Also called")),
    (LDE + "verbatim", N_("Wording in sources")),
    (SCHEMA + "sameAs", N_("Same as")),
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
    LDE + "agent": N_("carried out"),
    LDE + "target": N_("targeted"),
    LDE + "recommendedBy": N_("recommended"),
    LDE + "approvedBy": N_("approved"),
    LDE + "orderedBy": N_("ordered"),
    LDE + "onBehalfOf": N_("on whose behalf"),
}
PLACE_ROLES = {LDE + "place": N_("took place here"), LDE + "target": N_("targeted")}
