"""The contract of a built site: where each file lives, under what name, with what media type.

The build writes these paths, the templates link to them (they get this module as the Jinja
global ``layout``), the preview server and the generated Apache, nginx and Netlify files serve
them, and harvesters find them. Every file name of a site is spelled here and nowhere else.

A record's IRI is ``{base}{kind}/{slug}/#it``; its page folder is ``{kind}/{slug}/``, holding the
HTML page and the same data in three RDF syntaxes (:data:`VARIANTS`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ld_events.rdf.iris import THING_FRAGMENT
from ld_events.rdf.serialize import DumpFormat
from ld_events.translations import N_

#: A slug: the last segment of a record's IRI and the name of its page's folder. Letters, digits
#: and . _ ~ -, starting with a letter or digit (so never "." or ".."), at most 200 characters
#: (file systems allow 255 bytes for a name).
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._~-]{0,199}")


def is_slug(text: str) -> bool:
    return SLUG.fullmatch(text) is not None


@dataclass(frozen=True)
class Kind:
    """A kind of resource with pages: ``{kind}/{slug}/``, listed in ``{listing}/``."""

    name: str
    title: str  # how readers see the kind named: "Action type" (translated where shown)
    listing: str | None  # the folder of the index page that lists them (None: no list)


KINDS = (
    Kind("event", N_("Event"), "events"),
    Kind("actor", N_("Actor"), "actors"),
    Kind("place", N_("Place"), "places"),
    Kind("source", N_("Source"), "sources"),
    Kind("claim", N_("Claim"), None),
    Kind("type", N_("Action type"), "types"),
    Kind("cameo", N_("CAMEO event code"), "cameo-codes"),
)
KIND_BY_NAME = {kind.name: kind for kind in KINDS}


@dataclass(frozen=True)
class Variant:
    """One representation of a resource folder: its media type and the file holding it."""

    media_type: str
    filename: str
    label: str


HTML = Variant("text/html", "index.html", "HTML")
TURTLE = Variant(DumpFormat.TURTLE.media_type, "data.ttl", "Turtle")
JSONLD = Variant(DumpFormat.JSONLD.media_type, "data.jsonld", "JSON-LD")
NTRIPLES = Variant(DumpFormat.NTRIPLES.media_type, "data.nt", "N-Triples")
#: In the server's order of preference: on a tie the first wins, so HTML is the default.
VARIANTS = (HTML, TURTLE, JSONLD, NTRIPLES)
#: The data files beside each page, in the order pages list them.
DATA_FILES = (TURTLE, NTRIPLES, JSONLD)
#: The data files in the order of the ``Link`` header and of content negotiation.
RDF_VARIANTS = (TURTLE, JSONLD, NTRIPLES)


@dataclass(frozen=True)
class Dump:
    """A whole-dataset download: its path, the media type of its content, how it is named."""

    path: str
    format: DumpFormat
    title: str  # "N-Triples, gzip-compressed": the data page, VoID, DCAT
    short_title: str  # "N-Triples (gzip)": links in the footer and on the home page
    gzipped: bool = False  # a download of the gzip file (application/gzip), not its content

    @property
    def media_type(self) -> str:
        return self.format.media_type


DUMP_FOLDER = "dump"
TURTLE_DUMP = Dump(f"{DUMP_FOLDER}/dataset.ttl", DumpFormat.TURTLE, "Turtle", "Turtle")
#: Plain, for clients that read N-Triples but no gzip (Comunica); and gzipped, for downloads.
NTRIPLES_DUMP = Dump(f"{DUMP_FOLDER}/dataset.nt", DumpFormat.NTRIPLES, "N-Triples", "N-Triples")
NTRIPLES_GZ_DUMP = Dump(
    f"{DUMP_FOLDER}/dataset.nt.gz",
    DumpFormat.NTRIPLES,
    N_("N-Triples, gzip-compressed"),
    N_("N-Triples (gzip)"),
    gzipped=True,
)
JSONLD_DUMP = Dump(f"{DUMP_FOLDER}/dataset.jsonld", DumpFormat.JSONLD, "JSON-LD", "JSON-LD")
DUMPS = (TURTLE_DUMP, NTRIPLES_DUMP, NTRIPLES_GZ_DUMP, JSONLD_DUMP)

# Files and folders at the root of the site.
HOME = "index.html"
NOT_FOUND = "404.html"
VOID = "void.ttl"
CONTEXT = "context.jsonld"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
STATIC = "static"
ONTOLOGY = "ontology"
SHAPES = "shapes"
SHAPES_MERGED = f"{SHAPES}/shapes.ttl"
SERVER = "server"
QUERIES = "queries"
TIMELINE = "events"
#: The overview map of every event.
MAP_PAGE = "map"
#: The overview map's time filter index (``publish.map_index``): its places and months, and
#: its located events by month.
MAP_INDEX = f"{MAP_PAGE}/index"
MAP_PLACES = f"{MAP_INDEX}/places.json"
#: The street map layer (``map: tiles`` in the config): Leaflet, and the script that shows it.
LEAFLET = f"{STATIC}/vendor/leaflet"
STREET_MAP_SCRIPT = f"{STATIC}/street-map.js"
#: The timeline's filter index (``publish.timeline_index``): its facets, and its events by month.
TIMELINE_INDEX = f"{TIMELINE}/index"
TIMELINE_FACETS = f"{TIMELINE_INDEX}/facets.json"
TIMELINE_ACTORS = f"{TIMELINE_INDEX}/actors.json"
DATA_PAGE = "data"
VOCABULARY_PAGE = "vocabulary"
#: The change stream (``publish.stream``): its root document and numbered fragments.
STREAM_FOLDER = "ldes"
STREAM_ROOT = f"{STREAM_FOLDER}/stream.ttl"
#: The Atom feed of new and changed events.
FEED = "feed.atom"
#: The search index (Pagefind's bundle: its script, its WebAssembly and the index's files).
SEARCH = "pagefind"
# Configuration for hosts, written with the site (see publish/hosting.py).
HTACCESS = ".htaccess"
NETLIFY_HEADERS = "_headers"
NETLIFY_REDIRECTS = "_redirects"
NGINX_HTTP = f"{SERVER}/nginx-http.conf"
NGINX_SERVER = f"{SERVER}/nginx-server.conf"
#: The list of every file a build wrote: proof, for the next build, that a folder is ours.
MANIFEST = ".ld-events-manifest"


def stream_fragment(number: int) -> str:
    """The path of the change stream's fragment ``number`` (from 1)."""
    return f"{STREAM_FOLDER}/{number}.ttl"


#: The void.ttl anchor naming the dataset (``{base}void.ttl#dataset``).
DATASET_ANCHOR = f"{VOID}#dataset"


@dataclass(frozen=True)
class Section:
    """An entry of the site's navigation: a folder and its name in the menu."""

    folder: str
    title: str


NAVIGATION = (
    Section(TIMELINE, N_("Timeline")),
    Section(MAP_PAGE, N_("Map")),
    Section("actors", N_("Actors")),
    Section("places", N_("Places")),
    Section("types", N_("Action types")),
    Section("sources", N_("Sources")),
    Section(DATA_PAGE, N_("Data")),
    Section(VOCABULARY_PAGE, N_("Vocabulary")),
)
QUERIES_SECTION = Section(QUERIES, N_("Queries"))

#: Content-Type of every file suffix that servers tend to get wrong (``.nt.gz`` is a download).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": f"{TURTLE.media_type}; charset=utf-8",
    ".nt": NTRIPLES.media_type,
    ".jsonld": JSONLD.media_type,
    ".gz": "application/gzip",
    ".atom": "application/atom+xml",
    # Module scripts (the search's) run only when served as JavaScript; some systems' type
    # tables say text/plain for .js.
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}
#: Data files outside the resource folders, which hosts must serve with their media types.
SITE_DATA_FILES = (*(dump.path for dump in DUMPS), VOID, CONTEXT)

#: Sent with every file: a browser takes each file for the type it is served as, and never
#: sniffs a record's text in ``data.ttl`` (or any file) as HTML to run.
NOSNIFF = ("X-Content-Type-Options", "nosniff")

#: Sent with every answer: the site's data is public, so a client running in a browser page on
#: another origin (YASGUI, Comunica, a notebook) may read any file, and the Link header that
#: names a resource's RDF files.
CORS = (("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "Link"))
#: What a static site answers to: every host configuration allows these (and OPTIONS).
STATIC_METHODS = ("GET", "HEAD")


def cors_preflight(methods: tuple[str, ...] = STATIC_METHODS) -> tuple[tuple[str, str], ...]:
    """The answer to a browser's preflight (OPTIONS), besides :data:`CORS`.

    A browser asks first before a POST to ``/sparql``, or a GET whose Accept header is long
    (Comunica's) or holds a quoted JSON-LD profile; a day later it asks again.
    """
    return (
        ("Access-Control-Allow-Methods", ", ".join([*methods, "OPTIONS"])),
        ("Access-Control-Allow-Headers", "Accept, Content-Type"),
        ("Access-Control-Max-Age", "86400"),
    )


#: ``Link`` header value sent on resource folders (relative: it resolves against the folder URL).
LINK_HEADER = ", ".join(
    f'<{v.filename}>; rel="alternate"; type="{v.media_type}"' for v in RDF_VARIANTS
)


def resource_folder(iri: str, base: str) -> tuple[Kind, str] | None:
    """The kind and page folder (``event/e1/``) of a record's IRI ``{base}event/e1/#it``."""
    if not iri.startswith(base) or not iri.endswith(f"/#{THING_FRAGMENT}"):
        return None
    path = iri.removeprefix(base).removesuffix(f"#{THING_FRAGMENT}")
    kind_name, _, slug = path.removesuffix("/").partition("/")
    kind = KIND_BY_NAME.get(kind_name)
    if kind is None or not is_slug(slug):
        return None  # never a folder outside its kind's (the check at reading says why)
    return kind, path


def type_folder(local_name: str) -> str:
    """The page folder of an action type or purpose (``type/airStrike/``)."""
    return f"type/{local_name}/"


def cameo_folder(notation: str) -> str:
    """The page folder of a CAMEO event code (``cameo/1952/``), named by its notation."""
    return f"cameo/{notation}/"


def timeline_folder(page: int) -> str:
    """The folder of page ``page`` of the timeline (``events/``, ``events/2/``)."""
    return f"{TIMELINE}/" + ("" if page == 1 else f"{page}/")


def timeline_month_file(month: str) -> str:
    """The filter index's events of ``month`` (``2021-06``, or ``undated``)."""
    return f"{TIMELINE_INDEX}/{month}.json"


def map_month_file(month: str) -> str:
    """The map filter index's located events of ``month`` (``2021-06``)."""
    return f"{MAP_INDEX}/{month}.json"


def listing_folder(listing: str, page: int) -> str:
    """The folder of page ``page`` of a kind's list (``actors/``, ``actors/2/``)."""
    return f"{listing}/" + ("" if page == 1 else f"{page}/")


def list_page_folder(key: str, page: int) -> str:
    """The folder of page ``page`` of a resource's list ``key``, inside the resource's folder."""
    return "" if page == 1 else f"{key}/{page}/"


#: The files beside a saved query's page: the query with its prefixes, and its answer.
QUERY_FILE = "query.rq"
RESULTS_JSON = Variant("application/sparql-results+json", "results.json", "SPARQL JSON")
RESULTS_CSV = Variant("text/csv", "results.csv", "CSV")
RESULTS_TURTLE = Variant(TURTLE.media_type, "results.ttl", "Turtle")


def query_folder(name: str) -> str:
    """The folder of a saved query's page (``queries/events-per-month/``)."""
    return f"{QUERIES}/{name}/"


def relative(here: str, target: str) -> str:
    """Relative URL from page folder ``here`` to page folder ``target`` (both end with '/')."""
    depth = here.count("/")
    return "../" * depth + target if target else ("../" * depth or "./")


def page_of(folder: str) -> str:
    """The HTML file of a page folder (``""`` is the home page)."""
    return folder + HTML.filename


def is_resource_folder(parts: tuple[str, ...]) -> bool:
    """Whether the path segments of a site folder are ``(kind, slug)`` (negotiated by hosts)."""
    return len(parts) == 2 and parts[0] in KIND_BY_NAME
