"""Term names of the ld-events ontology and the vocabularies it reuses: one place for every IRI."""

from __future__ import annotations

LDE = "https://w3id.org/ld-events/ns#"
ACT = "https://w3id.org/ld-events/action#"
PLT = "https://w3id.org/ld-events/place-type#"
MNS = "https://w3id.org/ld-events/means#"
CAS = "https://w3id.org/ld-events/casualty-type#"
CAMEO = "https://w3id.org/ld-events/cameo#"
CTRY = "https://w3id.org/ld-events/country#"
ACLED = "https://w3id.org/ld-events/acled#"
SHP = "https://w3id.org/ld-events/shapes#"
CONTEXT_IRI = "https://w3id.org/ld-events/context.jsonld"
ONTOLOGY_IRI = "https://w3id.org/ld-events/ns"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"
GEO = "http://www.opengis.net/ont/geosparql#"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
PROV = "http://www.w3.org/ns/prov#"
WD = "http://www.wikidata.org/entity/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
LODE = "http://linkedevents.org/ontology/"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
TIME = "http://www.w3.org/2006/time#"
FOAF = "http://xmlns.com/foaf/0.1/"

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
XSD_DATE = XSD + "date"
XSD_DATETIME = XSD + "dateTime"
XSD_INTEGER = XSD + "integer"
XSD_DECIMAL = XSD + "decimal"
XSD_STRING = XSD + "string"
RDF_LANGSTRING = RDF + "langString"

#: Prefixes declared in every Turtle file and SPARQL query the tool writes.
PREFIXES: dict[str, str] = {
    "lde": LDE,
    "act": ACT,
    "plt": PLT,
    "mns": MNS,
    "cas": CAS,
    "cameo": CAMEO,
    "ctry": CTRY,
    "acled": ACLED,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "geo": GEO,
    "wgs": WGS,
    "prov": PROV,
    "wd": WD,
}

#: Each class of record and the path segment of its IRIs (``{base}{kind}/{slug}/#it``).
KIND_OF_CLASS: dict[str, str] = {
    LDE + "Event": "event",
    LDE + "EventSeries": "event",
    LDE + "Statement": "event",
    LDE + "Actor": "actor",
    LDE + "Person": "actor",
    LDE + "Organization": "actor",
    LDE + "Group": "actor",
    LDE + "Place": "place",
    LDE + "Source": "source",
    LDE + "Claim": "claim",
}
