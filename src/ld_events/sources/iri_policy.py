"""Every IRI under the project's base stays where it says it is.

A page's folder comes from its record's IRI (``{base}{kind}/{slug}/#it``), so an IRI that
looks like another one would write where the other's page lives: ``event/../#it`` is the home
page, ``%2e%2e`` is ``..``, ``HTTPS://EXAMPLE.ORG/`` is the base. Checked once all sources are
read, on every IRI the data names: it must be in normal form (RFC 3986: no dot segments, no
escaped letters or digits, lower-case scheme and host), and the slug of a record under the base
must be a folder name (``layout.SLUG``), unique even where case does not count (macOS, Windows).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit, urlunsplit

from pyoxigraph import NamedNode, QuerySolutions, Store

from ld_events.layout import KIND_BY_NAME, SLUG, is_slug
from ld_events.rdf.iris import THING_FRAGMENT
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.provenance import SourceIndex, locate_in

_ESCAPED_UNRESERVED = re.compile(r"%(?:2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
#: Bidirectional formatting characters, which no IRI may hold (RFC 3987, section 4.1).
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def misplaced_iris(store: Store, base: str, index: SourceIndex) -> list[Diagnostic]:
    """A diagnostic for each IRI that is not in normal form or whose slug cannot be a folder."""
    found = []
    folders: dict[str, str] = {}
    for iri in _named_iris(store):
        problem = _problem(iri, base)
        if problem is None and iri.startswith(base):
            problem = _case_collision(iri, base, folders)
        if problem is not None:
            code, message = problem
            if code is Code.DUPLICATE_ID:  # the message names the other IRI: say where it is
                other = folders[iri.removeprefix(base).casefold()]
                message += f" (<{other}> is at {_where(store, index, other)})"
            where = _where(store, index, iri)
            found.append(
                Diagnostic(code, Severity.ERROR, message, where, focus=iri, stage=Stage.READ)
            )
    return found


def _where(store: Store, index: SourceIndex, iri: str) -> Location:
    return locate_in(store, index, NamedNode(iri)) or Location("?")


def normal_form(iri: str) -> str:
    """The IRI as RFC 3986 normalises it: scheme and host lower-case, escapes of unreserved
    characters decoded, other escapes upper-case, dot segments removed."""
    parts = urlsplit(iri)
    path = _ESCAPED_UNRESERVED.sub(lambda m: unquote(m[0]), parts.path)
    path = _ESCAPE.sub(lambda m: m[0].upper(), _remove_dot_segments(path))
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), path, parts.query, parts.fragment)
    )


def _remove_dot_segments(path: str) -> str:
    """RFC 3986, section 5.2.4."""
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(output) > 1:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/".join(output)


def _named_iris(store: Store) -> Iterator[str]:
    """Every IRI in the data graph, as subject or object (each once)."""
    query = (
        f"SELECT DISTINCT ?iri WHERE {{ GRAPH <{DATA_GRAPH.value}> "
        "{ { ?iri ?p ?o } UNION { ?s ?p ?iri } } FILTER isIRI(?iri) }"
    )
    solutions = store.query(query)
    assert isinstance(solutions, QuerySolutions)
    for solution in solutions:
        yield solution[0].value


def _problem(iri: str, base: str) -> tuple[Code, str] | None:
    if _suspect(iri, base):
        look_alike = _look_alike(iri)
        if look_alike is not None:
            return Code.UNSAFE_IRI, f"<{iri}> {look_alike}: it would show as another IRI"
        normal = normal_form(iri)
        if normal != iri:
            return Code.UNSAFE_IRI, (
                f"<{iri}> is not written in normal form: write <{normal}> (dot segments, "
                "escaped characters and capitals in the scheme or host make one IRI look like "
                "another, and a page land in another's place)"
            )
    if not iri.startswith(base):
        return None
    kind, _, rest = iri.removeprefix(base).partition("/")
    slug = rest.split("/", 1)[0].split("#", 1)[0]
    if kind in KIND_BY_NAME and rest and not is_slug(slug):
        return Code.BAD_SLUG, (
            f"'{slug}' in <{iri}> cannot name a page's folder: a slug has at most 200 "
            f"letters, digits and . _ ~ -, and starts with a letter or digit ({SLUG.pattern})"
        )
    return None


def _look_alike(iri: str) -> str | None:
    """A bidirectional formatting character, or a host that is no internationalized domain
    name (an invisible character in it, which IDNA drops or refuses)."""
    if found := _BIDI.search(iri):
        return f"holds U+{ord(found[0]):04X}, a bidirectional formatting character (RFC 3987, 4.1)"
    host = urlsplit(iri).hostname or ""
    try:
        if host.isascii() or host.encode("idna").decode("idna") == host:
            return None
    except UnicodeError:
        pass
    shown = host.encode("ascii", "backslashreplace").decode()
    return f"has a host, '{shown}', that is no internationalized domain name"


def _suspect(iri: str, base: str) -> bool:
    """Cheap tests first: most IRIs of a big project need no normalising."""
    return (
        "%" in iri
        or "/." in iri
        or not iri.isascii()
        or (not iri.startswith(base) and iri.casefold().startswith(base.casefold()))
        or not iri.split(":", 1)[0].islower()
    )


def _case_collision(iri: str, base: str, folders: dict[str, str]) -> tuple[Code, str] | None:
    """Two records whose folders differ only in case overwrite each other on some hosts."""
    if not iri.endswith(f"/#{THING_FRAGMENT}"):
        return None
    folder = iri.removeprefix(base).casefold()
    first = folders.setdefault(folder, iri)
    if first == iri:
        return None
    return Code.DUPLICATE_ID, (
        f"<{iri}> and <{first}> differ only in case: their pages would be one folder on "
        "macOS, Windows and some hosts; give one another slug"
    )
