"""One view per kind of page: what an event, actor, place, source, action type or CAMEO code
page shows."""

from __future__ import annotations

from collections import defaultdict

from ld_events.layout import KIND_BY_NAME
from ld_events.publish.catalog import Resource
from ld_events.publish.contexts import Fact, Link, ResourceView
from ld_events.publish.fact_tables import (
    ACTOR_FACTS,
    COMMON_FACTS,
    EVENT_FACTS,
    PLACE_FACTS,
    PLACE_ROLES,
    ROLE_LABELS,
    SOURCE_FACTS,
)
from ld_events.publish.gather import Gatherer
from ld_events.publish.maps import event_map, place_map
from ld_events.rdf.vocab import CAMEO, DCTERMS, GEO, LDE, SCHEMA, SKOS, WGS
from ld_events.translations import N_

TYPE_FACTS = [
    (SKOS + "notation", N_("Code")),
    (SKOS + "broader", N_("Broader")),
    (SKOS + "inScheme", N_("In scheme")),
    (SKOS + "exactMatch", N_("Same as (exact match)")),
    (SKOS + "closeMatch", N_("Close match")),
    (SKOS + "broadMatch", N_("Broader match")),
    (SKOS + "narrowMatch", N_("Narrower match")),
    (SKOS + "relatedMatch", N_("Related")),
]

CAMEO_FACTS = [
    (SKOS + "notation", N_("Code")),
    (SKOS + "broader", N_("Broader code")),
    (SKOS + "inScheme", N_("In scheme")),
]
#: What the quad classes of CAMEO codes (lde:quadClass) stand for.
QUAD_CLASSES = {
    "1": N_("verbal cooperation"),
    "2": N_("material cooperation"),
    "3": N_("verbal conflict"),
    "4": N_("material conflict"),
}
#: The action types that map to a CAMEO code, read from the code's side.
MAPPED_TYPES = [
    (SKOS + "exactMatch", N_("Action types: the same (exact match)")),
    (SKOS + "closeMatch", N_("Action types: close (close match)")),
    (SKOS + "broadMatch", N_("Action types: narrower (broad match)")),
    (SKOS + "narrowMatch", N_("Action types: broader (narrow match)")),
    (SKOS + "relatedMatch", N_("Action types: related (related match)")),
]


def resource_view(gather: Gatherer, resource: Resource) -> ResourceView:
    builders = {
        "event": event_view,
        "actor": actor_view,
        "place": place_view,
        "source": source_view,
        "type": type_view,
        "cameo": cameo_view,
        "claim": claim_view,
    }
    return builders[resource.kind](gather, resource)


def _base_view(gather: Gatherer, resource: Resource, kind_label: str) -> ResourceView:
    iri = resource.iri
    view = ResourceView(
        resource=resource,
        title=gather.catalog.label(iri),
        kind_label=gather.catalog.words(kind_label),
        title_language=gather.catalog.label_language(iri),
    )
    _describe(view, gather.text(iri, SCHEMA + "description"))
    return view


def _describe(view: ResourceView, paragraphs: list[Link]) -> None:
    """The view's description: its paragraphs (in one language, ``Gatherer.text``)."""
    view.description = [link.text for link in paragraphs]
    view.description_language = paragraphs[0].language if paragraphs else None


#: What a page calls a kind of resource, by its class (the first of the ontology's it has).
KIND_LABELS = {
    "EventSeries": N_("Series of events"),
    "Statement": N_("Statement"),
    "Group": N_("Group"),
    "Event": N_("Event"),
    "Actor": N_("Actor"),
    "Person": N_("Person"),
    "Organization": N_("Organization"),
}


def _kind_label(gather: Gatherer, iri: str, default: str) -> str:
    names = [t.removeprefix(LDE) for t in _types(gather, iri) if t.startswith(LDE)]
    for name in names:
        if name in ("EventSeries", "Statement", "Group"):
            return KIND_LABELS[name]
    return KIND_LABELS.get(names[0], names[0]) if names else default


def _types(gather: Gatherer, iri: str) -> list[str]:
    return [v.value for v in gather.objects(iri, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")]


def event_view(gather: Gatherer, resource: Resource) -> ResourceView:
    iri, here = resource.iri, resource.path
    view = _base_view(gather, resource, _kind_label(gather, iri, N_("Event")))
    times = gather.value_links(iri, LDE + "time", here)
    summary = gather.catalog.summary(iri)
    assert summary is not None, "an event's page is rendered from its summary"
    inherited = summary.bounds
    view.when = times[0].text if times else summary.when
    words = gather.catalog.words
    if times and times[0].note:
        view.facts.append(Fact(words("When"), times))
    elif not times and (inherited.start or inherited.end):
        note = words("from the event it is part of")
        view.facts.append(Fact(words("When"), [Link(view.when, note=note)]))
    view.facts += gather.facts(iri, EVENT_FACTS + COMMON_FACTS, here)
    view.facts += gather.other_facts(iri, [p for p, _ in EVENT_FACTS + COMMON_FACTS], here)
    view.quotes = gather.text(iri, LDE + "quote")
    view.coding = gather.coding(iri, here)
    view.claim_groups = gather.claim_groups(iri, here)
    view.claims_made = [gather.claim(c, here) for c in gather.subjects(LDE + "madeIn", iri)]
    parts = {e: {"part"} for e in gather.subjects(LDE + "partOf", iri)}
    responses = {e: {"response"} for e in gather.subjects(LDE + "inResponseTo", iri)}
    view.event_lists += gather.event_list("parts", words("Parts of this event"), parts, here)
    responses_title = words("Events in response")
    view.event_lists += gather.event_list("responses", responses_title, responses, here)
    same_as = words("Same as")
    view.facts = [
        _coded_noted(gather, iri, here, f) if f.label == same_as else f for f in view.facts
    ]
    also = [(SCHEMA + "sameAs", N_("Also recorded as"))]
    view.related = _inverse_facts(gather, iri, here, also)
    view.map = event_map(gather, iri, here)
    return _drop_empty_lists(view)


def _coded_noted(gather: Gatherer, iri: str, here: str, fact: Fact) -> Fact:
    """The events a record is the same as, the machine-coded ones noted as such (a curated
    record of a coded event links to it, ``ld-events import``)."""
    links = []
    for value in gather.objects(iri, SCHEMA + "sameAs"):
        link = gather.links([value], here)[0]
        summary = gather.catalog.summary(value.value)
        coded = summary is not None and summary.coded
        links.append(link._replace(note=gather.catalog.words("machine-coded")) if coded else link)
    return Fact(fact.label, links)


def actor_view(gather: Gatherer, resource: Resource) -> ResourceView:
    iri, here = resource.iri, resource.path
    view = _base_view(gather, resource, _kind_label(gather, iri, N_("Actor")))
    table = ACTOR_FACTS + COMMON_FACTS
    view.facts = gather.facts(iri, table, here) + gather.other_facts(
        iri, [p for p, _ in table], here
    )
    roles = gather.involvement(iri, ROLE_LABELS)
    view.event_lists = gather.event_list("events", gather.catalog.words("Events"), roles, here)
    view.claims_made = [gather.claim(c, here) for c in gather.subjects(LDE + "claimant", iri)]
    view.related = _inverse_facts(
        gather,
        iri,
        here,
        [
            (SCHEMA + "memberOf", N_("Members")),
            (LDE + "backedBy", N_("Backs")),
            (LDE + "alignedWith", N_("Aligned with it")),
            (DCTERMS + "creator", N_("Sources written")),
            (DCTERMS + "publisher", N_("Sources published")),
        ],
    )
    return _drop_empty_lists(view)


def place_view(gather: Gatherer, resource: Resource) -> ResourceView:
    iri, here = resource.iri, resource.path
    words = gather.catalog.words
    view = _base_view(gather, resource, N_("Place"))
    table = PLACE_FACTS + COMMON_FACTS
    view.facts = gather.facts(iri, table, here) + gather.other_facts(
        iri, [p for p, _ in table], here
    )
    lat, long = gather.objects(iri, WGS + "lat"), gather.objects(iri, WGS + "long")
    if lat and long:
        position = Link(f"{lat[0].value}, {long[0].value}", language="en")  # written as data
        view.facts.insert(0, Fact(words("Coordinates"), [position]))
    roles: dict[str, set[str]] = defaultdict(set)
    within = _places_within(gather, iri)
    view.map = place_map(gather, iri, here, within)
    for place in within:
        inside = "" if place == iri else gather.catalog.label(place)
        for event, event_roles in gather.involvement(place, PLACE_ROLES).items():
            roles[event].update(
                words("%(role)s (in %(place)s)", role=r, place=inside) if inside else r
                for r in event_roles
            )
    for place in gather.subjects(LDE + "near", iri):
        label = gather.catalog.label(place)
        for event, event_roles in gather.involvement(place, PLACE_ROLES).items():
            roles[event].update(
                words("%(role)s (nearby, at %(place)s)", role=r, place=label) for r in event_roles
            )
    view.event_lists = gather.event_list("events", words("What happened here"), roles, here)
    view.related = _inverse_facts(
        gather,
        iri,
        here,
        [
            (GEO + "sfWithin", N_("Places within")),
            (GEO + "sfOverlaps", N_("Overlapped by")),
            (LDE + "near", N_("Places near it")),
        ],
    )
    return _drop_empty_lists(view)


def _places_within(gather: Gatherer, iri: str) -> list[str]:
    """The place and every place inside it, transitively (cycles are harmless)."""
    found, queue = {iri}, [iri]
    while queue:
        for inner in gather.subjects(GEO + "sfWithin", queue.pop()):
            if inner not in found:
                found.add(inner)
                queue.append(inner)
    return sorted(found)


def source_view(gather: Gatherer, resource: Resource) -> ResourceView:
    iri, here = resource.iri, resource.path
    view = _base_view(gather, resource, N_("Source"))
    table = SOURCE_FACTS + COMMON_FACTS
    view.facts = gather.facts(iri, table, here) + gather.other_facts(
        iri, [p for p, _ in table], here
    )
    reported = {e: {"reported"} for e in gather.subjects(LDE + "reportedIn", iri)}
    title = gather.catalog.words("Events reported")
    view.event_lists = gather.event_list("events", title, reported, here)
    reporting = gather.subjects(LDE + "reportedIn", iri)
    claims = [c for c in reporting if gather.catalog.summary(c) is None]
    view.claims_made = [gather.claim(c, here) for c in claims if not gather.catalog.page_of(c)]
    return _drop_empty_lists(view)


def type_view(gather: Gatherer, resource: Resource) -> ResourceView:
    iri, here = resource.iri, resource.path
    view = _base_view(gather, resource, KIND_BY_NAME["type"].title)
    _describe(view, gather.text(iri, SKOS + "definition"))
    view.facts = gather.facts(iri, TYPE_FACTS, here)
    view.facts += gather.facts(
        iri, [(SKOS + "scopeNote", N_("Note")), (SKOS + "altLabel", N_("Also called"))], here
    )
    view.related = _inverse_facts(gather, iri, here, [(SKOS + "broader", N_("Narrower types"))])
    used = {LDE + "actionType": N_("action"), LDE + "purpose": N_("purpose")}
    roles = gather.involvement(iri, used)
    view.event_lists = gather.event_list("events", gather.catalog.words("Events"), roles, here)
    return _drop_empty_lists(view)


def cameo_view(gather: Gatherer, resource: Resource) -> ResourceView:
    """A CAMEO event code: its place in the codebook, its usage notes and examples, and the
    action types of ld-events mapped to it."""
    iri, here = resource.iri, resource.path
    view = _base_view(gather, resource, KIND_BY_NAME["cameo"].title)
    words = gather.catalog.words
    _describe(view, gather.text(iri, SKOS + "scopeNote"))
    view.facts = gather.facts(iri, CAMEO_FACTS, here)
    for quad in gather.objects(iri, LDE + "quadClass"):
        meaning = QUAD_CLASSES.get(quad.value)
        text = quad.value
        if meaning:
            text = words("%(code)s (%(meaning)s)", code=quad.value, meaning=words(meaning))
        view.facts.append(Fact(words("Quad class"), [Link(text)]))
    view.facts += gather.facts(iri, [(SKOS + "example", N_("Examples"))], here)
    narrower = sorted(gather.subjects(SKOS + "broader", iri))  # in the order of their codes
    if narrower:
        links = [gather.link(s, here)._replace(note=s.removeprefix(CAMEO)) for s in narrower]
        view.related.append(Fact(words("Narrower codes"), links))
    view.related += _inverse_facts(gather, iri, here, MAPPED_TYPES)
    return view


def claim_view(gather: Gatherer, resource: Resource) -> ResourceView:
    view = _base_view(gather, resource, N_("Claim"))
    view.claims_made = [gather.claim(resource.iri, resource.path)]
    return view


def _inverse_facts(
    gather: Gatherer, iri: str, here: str, table: list[tuple[str, str]]
) -> list[Fact]:
    facts = []
    for predicate, label in table:
        links = sorted(
            (gather.link(s, here) for s in gather.subjects(predicate, iri)), key=_by_text
        )
        if links:
            facts.append(Fact(gather.catalog.words(label), links))
    return facts


def _by_text(link: Link) -> str:
    return link.text.casefold()


def _drop_empty_lists(view: ResourceView) -> ResourceView:
    view.event_lists = [lst for lst in view.event_lists if lst.total]
    return view
