"""Embedded schema.org JSON-LD for search engines, escaped so no label can end the script."""

from __future__ import annotations

from typing import Any

import orjson
from pyoxigraph import NamedNode

from ld_events.publish.catalog import Resource
from ld_events.publish.gather import Gatherer
from ld_events.publish.wording import at_their_precision
from ld_events.rdf.vocab import DCTERMS, GEO, LDE, RDF_TYPE, SCHEMA, SKOS, WGS

#: The schema.org type of a resource by its ld-events class, the first that applies: the same
#: on the resource's own page and wherever another page names it.
SCHEMA_TYPES = (
    (LDE + "Person", "Person"),
    (LDE + "EventSeries", "EventSeries"),
    (LDE + "Event", "Event"),
    (LDE + "Statement", "Event"),
    (LDE + "Organization", "Organization"),
    (LDE + "Group", "Organization"),
    (LDE + "Actor", "Organization"),
    (LDE + "Place", "Place"),
    (LDE + "Source", "CreativeWork"),
)

_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' survives as itself."""
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode()
    for raw, escaped in _SAFE.items():
        text = text.replace(raw, escaped)
    return text


def schema_org(gather: Gatherer, resource: Resource, page_url: str) -> dict[str, Any]:
    builders = {"event": _event, "actor": _actor, "place": _place, "source": _source}
    build = builders.get(resource.kind, _defined_term)
    data: dict[str, Any] = {"@context": "https://schema.org", "@id": resource.iri, "url": page_url}
    data.update(build(gather, resource))
    return {k: v for k, v in data.items() if v not in (None, [], "")}


def _name(gather: Gatherer, iri: str) -> str:
    return gather.catalog.label(iri)


def schema_type(gather: Gatherer, iri: str, default: str) -> str:
    """The schema.org type of ``iri`` by its class (:data:`SCHEMA_TYPES`), else ``default``."""
    classes = {value.value for value in gather.objects(iri, RDF_TYPE)}
    return next((name for cls, name in SCHEMA_TYPES if cls in classes), default)


def _refs(gather: Gatherer, iri: str, predicate: str, default: str) -> list[dict[str, Any]]:
    return [
        {
            "@type": schema_type(gather, value.value, default),
            "@id": value.value,
            "name": _name(gather, value.value),
        }
        for value in gather.objects(iri, predicate)
        if isinstance(value, NamedNode)
    ]


def _texts(gather: Gatherer, iri: str, predicate: str) -> list[str]:
    return [link.text for link in gather.text(iri, predicate)]


def _event(gather: Gatherer, resource: Resource) -> dict[str, Any]:
    iri = resource.iri
    bounds = at_their_precision(gather.bounds(iri))  # 2021-04, not 2021-04-01 to 2021-04-30
    agents = _refs(gather, iri, LDE + "agent", "Organization")
    return {
        "@type": schema_type(gather, iri, "Event"),
        "name": _name(gather, iri),
        "description": " ".join(_texts(gather, iri, SCHEMA + "description")) or None,
        "startDate": bounds.start,
        "endDate": bounds.end,
        "location": _refs(gather, iri, LDE + "place", "Place"),
        "organizer": agents,
        "about": [
            {"@type": "DefinedTerm", "@id": v.value, "name": _name(gather, v.value)}
            for v in gather.objects(iri, LDE + "actionType")
        ],
        "superEvent": _refs(gather, iri, LDE + "partOf", "Event"),
        "subjectOf": _refs(gather, iri, LDE + "reportedIn", "CreativeWork"),
    }


def _actor(gather: Gatherer, resource: Resource) -> dict[str, Any]:
    iri = resource.iri
    return {
        "@type": schema_type(gather, iri, "Organization"),
        "name": _name(gather, iri),
        "alternateName": _texts(gather, iri, SKOS + "altLabel"),
        "jobTitle": _texts(gather, iri, SCHEMA + "jobTitle") or None,
        "memberOf": _refs(gather, iri, SCHEMA + "memberOf", "Organization"),
        "sameAs": [v.value for v in gather.objects(iri, SCHEMA + "sameAs")],
        "description": " ".join(_texts(gather, iri, SCHEMA + "description")) or None,
    }


def _place(gather: Gatherer, resource: Resource) -> dict[str, Any]:
    iri = resource.iri
    lat, long = gather.objects(iri, WGS + "lat"), gather.objects(iri, WGS + "long")
    geo = (
        {"@type": "GeoCoordinates", "latitude": lat[0].value, "longitude": long[0].value}
        if lat and long
        else None
    )
    return {
        "@type": "Place",
        "name": _name(gather, iri),
        "alternateName": _texts(gather, iri, SKOS + "altLabel"),
        "geo": geo,
        "containedInPlace": _refs(gather, iri, GEO + "sfWithin", "Place"),
        "sameAs": [v.value for v in gather.objects(iri, SCHEMA + "sameAs")],
    }


def _source(gather: Gatherer, resource: Resource) -> dict[str, Any]:
    iri = resource.iri
    dates = gather.objects(iri, DCTERMS + "date")
    return {
        "@type": "CreativeWork",
        "name": _name(gather, iri),
        "datePublished": dates[0].value if dates else None,
        "author": _refs(gather, iri, DCTERMS + "creator", "Person"),
        "publisher": _refs(gather, iri, DCTERMS + "publisher", "Organization"),
        "sameAs": [v.value for v in gather.objects(iri, SCHEMA + "url")],
    }


def _defined_term(gather: Gatherer, resource: Resource) -> dict[str, Any]:
    iri = resource.iri
    notation = gather.objects(iri, SKOS + "notation")
    return {
        "@type": "DefinedTerm",
        "name": _name(gather, iri),
        "description": " ".join(_texts(gather, iri, SKOS + "definition")) or None,
        "termCode": notation[0].value if notation else None,
        "inDefinedTermSet": [v.value for v in gather.objects(iri, SKOS + "inScheme")],
    }
