"""What each template receives: one typed context per kind of page, and the values inside them.

Every page is rendered from one :class:`PageContext` subclass, whose class names its template
and whose fields are the template's variables; each field says in its help what it holds
(``tests/test_template_contexts.py`` renders every template from its context type and checks
that each variable a template uses is a field). Links, facts and event rows are named tuples,
not frozen dataclasses: a site makes hundreds of thousands of them, and a frozen dataclass's
``__init__`` costs several times more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from ld_events.publish.basemap import MapGroup, MapView
from ld_events.publish.catalog import Resource
from ld_events.publish.timeline_nav import MonthLink, YearLink
from ld_events.publish.vocabulary_values import Scheme, ShapeRules, Term
from ld_events.sparql.saved import SavedQuery, SavedResult

if TYPE_CHECKING:  # publish.search reads the graph for them, and imports this module
    from ld_events.publish.search import SearchFacets


def about(text: str) -> dict[str, str]:
    """A context field's metadata: its help text (``field(metadata=about("..."))``)."""
    return {"help": text}


# --- the site and the page ---------------------------------------------------------------------


@dataclass(frozen=True)
class SiteInfo:
    """What every page shows about the site: title, licence, navigation."""

    title: str
    description: str
    base: str
    license: str
    #: The language of the site's own words: ``<html lang>`` (``translations``).
    language: str
    generator: str
    license_name: str = ""  # "CC BY 4.0" (publish/licences.py), else the address
    sparql_endpoint: str | None = None
    queries: bool = False  # the site has saved-query pages: a "Queries" link in the menu
    search: bool = True  # pages have a search box (the config's search setting)
    street_map: tuple[str, str] | None = None  # the config's map: tile URL, attribution
    direction: str = "ltr"  # which way the site's language runs: ``<html dir>``
    text_language: str = "en"  # the language of the title and description (the config's)


@dataclass(frozen=True)
class Alternate:
    """Another representation of the page, for ``<link rel="alternate">``."""

    href: str
    media_type: str
    label: str


@dataclass(frozen=True)
class PageInfo:
    """Page-level details: title, where the site root is (relative), canonical URL, formats."""

    title: str
    root: str
    canonical: str
    section: str = ""
    alternates: list[Alternate] = field(default_factory=list)
    schema_json: str | None = None
    description: str = ""


# --- values shown on pages ---------------------------------------------------------------------


class Link(NamedTuple):
    """A value shown on a page: text, and where it links (None: plain text)."""

    text: str
    href: str | None = None
    note: str = ""
    language: str | None = None


class Fact(NamedTuple):
    """One row of a resource's description: a property and its values, and, when sources
    claim values of it, who (``according_to``) and whether their values differ."""

    label: str
    values: list[Link]
    according_to: tuple[Link, ...] = ()
    sources_differ: bool = False
    #: The label's language, when it is not the site's words (a vocabulary's English label).
    label_language: str | None = None


class CodingLink(NamedTuple):
    """A machine coder's reading that a coded event or claim comes from: "GDELT's coding of"
    and the article it read (a link), or its whole label when the data names no article
    ("ICEWS's coding of story 7001")."""

    text: str
    source: Link | None = None


@dataclass(frozen=True)
class ClaimView:
    """Who claims what, where: one attributed statement."""

    label: str
    claimant: Link | None
    value: list[Link]
    made_in: Link | None
    reported_in: list[Link]
    subject: Link | None = None
    property_label: str = ""
    coding: CodingLink | None = None  # the machine coding it comes from (None: an editor's)
    evidence: Link | None = None  # the words it rests on (lde:evidence)


@dataclass(frozen=True)
class ClaimGroup:
    """Every claim about one property of a resource: rival versions side by side."""

    property_label: str
    editorial: list[Link]
    claims: list[ClaimView]
    #: The language of ``property_label`` (a vocabulary's), if not the site's.
    language: str | None = None


class EventRow(NamedTuple):
    link: Link
    when: str
    kind: str
    roles: str = ""
    #: A machine coder's event (lde:codedIn), not an editor's.
    coded: bool = False


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    previous: str | None
    next: str | None
    numbered: list[tuple[int, str | None]]


@dataclass(frozen=True)
class EventList:
    """A chronological list of events, split into pages."""

    key: str
    title: str
    rows: list[EventRow]
    total: int
    pager: Pager | None = None


@dataclass
class ResourceView:
    """Everything a resource page shows."""

    resource: Resource
    title: str
    kind_label: str
    description: list[str] = field(default_factory=list)
    #: The languages of the title and the description (None: untagged).
    title_language: str | None = None
    description_language: str | None = None
    when: str | None = None
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Link] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    claims_made: list[ClaimView] = field(default_factory=list)
    related: list[Fact] = field(default_factory=list)
    event_lists: list[EventList] = field(default_factory=list)
    #: The map of the place, or of where the event happened (None: no map, no note).
    map: MapView | None = None
    #: For a machine-coded event, the coding it comes from.
    coding: CodingLink | None = None


class Stat(NamedTuple):
    """A count on the home page, linking to its list: "16 events"."""

    label: str
    total: int
    href: str


class DateRange(NamedTuple):
    first: str
    last: str


class LinkGroup(NamedTuple):
    """A heading and its links, on a listing page."""

    heading: str
    links: list[Link]


class MonthGroup(NamedTuple):
    label: str
    anchor: str
    rows: list[EventRow]


class YearGroup(NamedTuple):
    year: str
    months: list[MonthGroup]


class Download(NamedTuple):
    href: str
    label: str
    size: str = ""


class QueryEntry(NamedTuple):
    """A saved query in the list of queries."""

    href: str
    title: str
    description: list[str]
    summary: str


class Prefix(NamedTuple):
    name: str
    iri: str


# --- one context per kind of page --------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PageContext:
    """What every template gets; subclasses add what their page shows."""

    template: ClassVar[str]
    site: SiteInfo = field(metadata=about("the site: title, licence, language, menu"))
    page: PageInfo = field(
        metadata=about("this page: title, path to the site root, canonical URL, alternates")
    )


@dataclass(frozen=True, kw_only=True)
class HomePage(PageContext):
    template = "home.html"
    stats: list[Stat] = field(metadata=about("how many events, actors, places and sources"))
    latest: EventList = field(metadata=about("the most recent events, newest first"))
    date_range: DateRange | None = field(
        metadata=about("the first and last day of any event (None: no dates)")
    )


@dataclass(frozen=True, kw_only=True)
class TimelinePage(PageContext):
    template = "timeline.html"
    total: int = field(metadata=about("how many events the whole timeline has"))
    groups: list[YearGroup] = field(metadata=about("this page's events, by year and month"))
    years: list[YearLink] = field(
        metadata=about("every year of the timeline, with its months, linking to where they start")
    )
    strip: list[MonthLink] = field(
        metadata=about("the density strip: every month from the first to the last, with events")
    )
    timeline_pager: Pager | None = field(
        metadata=about("links to the other pages (None: one page)")
    )
    page_number: int = field(metadata=about("this page's number, from 1"))


@dataclass(frozen=True, kw_only=True)
class ListingPage(PageContext):
    template = "listing.html"
    groups: list[LinkGroup] = field(metadata=about("this page's resources, under headings"))
    intro: str = field(metadata=about("a sentence saying what is listed"))
    listing_pager: Pager | None = field(metadata=about("the list's other pages (None: one)"))


@dataclass(frozen=True, kw_only=True)
class ResourcePage(PageContext):
    template = "resource.html"
    view: ResourceView = field(metadata=about("what the resource's page shows"))
    list_page: EventList | None = field(
        metadata=about("a later page of one of its event lists (None: the page)")
    )
    back_href: str = field(
        default="", metadata=about("on a later list page, the link back to the resource")
    )
    search: SearchFacets | None = field(default=None, metadata=about("its search filters, if any"))


@dataclass(frozen=True, kw_only=True)
class MapPage(PageContext):
    template = "map.html"
    map: MapView = field(metadata=about("the map of every located event, and what it shows"))
    groups: list[MapGroup] = field(metadata=about("the places of each cluster of the map"))
    time_filter: bool = field(metadata=about("a time filter (the events are of several months)"))


@dataclass(frozen=True, kw_only=True)
class DataPage(PageContext):
    template = "data.html"
    downloads: list[Download] = field(metadata=about("the whole-dataset dumps, with their sizes"))
    triples: int = field(metadata=about("how many triples the dataset has"))
    entities: int = field(metadata=about("how many resources have a page"))
    skipped_rows: list[tuple[str, int]] = field(
        metadata=about("bad rows of the event tables left out (max_bad_rows): file, count")
    )


@dataclass(frozen=True, kw_only=True)
class VocabularyPage(PageContext):
    template = "vocabulary.html"
    ontology_iri: str = field(metadata=about("the ontology's IRI"))
    classes: list[Term] = field(metadata=about("the ontology's classes"))
    properties: list[Term] = field(metadata=about("the ontology's properties"))
    schemes: list[Scheme] = field(
        metadata=about("the SKOS schemes: action types, purposes, place types, ...")
    )
    shapes: list[ShapeRules] = field(
        metadata=about("the validation rules, by the kind of record they check")
    )
    shape_files: list[Download] = field(
        metadata=about("the published shapes files, each usable with the helpers file alone")
    )


@dataclass(frozen=True, kw_only=True)
class NotFoundPage(PageContext):
    template = "404.html"


@dataclass(frozen=True, kw_only=True)
class QueryPage(PageContext):
    template = "query.html"
    query: SavedQuery = field(
        metadata=about("the saved query: its title, description, text and file")
    )
    result: SavedResult = field(
        metadata=about("its answer: the query form, the variables, the boolean")
    )
    rows: list[list[Link | None]] = field(
        metadata=about("the answer's rows, each term as a link or text")
    )
    downloads: list[Download] = field(metadata=about("the answer's files and the query's own file"))
    prefixes: list[Prefix] = field(metadata=about("the prefixes every query may use undeclared"))


@dataclass(frozen=True, kw_only=True)
class QueriesPage(PageContext):
    template = "queries.html"
    entries: list[QueryEntry] = field(metadata=about("every saved query, with its answer in brief"))
