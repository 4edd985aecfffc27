"""What ``ld-events serve`` answers queries over when given a built site: its dumps, read back.

The data (``dump/dataset.nt.gz``) and the vocabularies (``ontology/*.ttl``) go to the same two
named graphs as a project's graph; the base and the title come from the site's ``void.ttl``. A
file that no longer parses is named, with its line, as a :class:`UsageError`.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, cast

from pyoxigraph import Literal, NamedNode, RdfFormat, Store, parse

from ld_events.errors import UsageError
from ld_events.layout import DATASET_ANCHOR, NTRIPLES_GZ_DUMP, ONTOLOGY
from ld_events.layout import VOID as VOID_FILE
from ld_events.rdf.terms import DATA_GRAPH, VOCABULARY_GRAPH
from ld_events.rdf.vocab import DCTERMS, RDF_TYPE, VOID
from ld_events.report import Location

#: The dump the endpoint of a built site loads.
SITE_DUMP = NTRIPLES_GZ_DUMP.path  # the smallest to read


def load_site_store(site: Path) -> tuple[Store, str | None, str]:
    """The data of a built site (``dump/dataset.nt.gz`` and ``ontology/*.ttl``), its base, title.

    Data and vocabularies go to the same two named graphs as a project's graph. The base and the
    title come from the site's ``void.ttl`` (its dataset is ``{base}void.ttl#dataset``).
    """
    dump = site / SITE_DUMP
    if not dump.is_file():
        raise UsageError(f"{site} has no {SITE_DUMP}: is it a site built by ld-events?")
    store = Store()
    with _site_file(dump), gzip.open(dump) as data:
        stream = cast(IO[bytes], data)
        store.bulk_load(input=stream, format=RdfFormat.N_TRIPLES, to_graph=DATA_GRAPH)
    for path in sorted((site / ONTOLOGY).glob("*.ttl")):
        with _site_file(path):
            store.bulk_load(path=str(path), format=RdfFormat.TURTLE, to_graph=VOCABULARY_GRAPH)
    with _site_file(site / VOID_FILE):
        base, title = _void_description(site / VOID_FILE)
    return store, base, title or site.name


def site_base(site: Path) -> str | None:
    """The base IRI a built site was made for (from its ``void.ttl``), if it says."""
    with _site_file(site / VOID_FILE):
        return _void_description(site / VOID_FILE)[0]


@contextmanager
def _site_file(path: Path) -> Iterator[None]:
    """A site file that cannot be read or parsed becomes a :class:`UsageError` naming it."""
    try:
        yield
    except SyntaxError as exc:
        where = Location(str(path), exc.lineno or 0, exc.offset or 0)
        raise UsageError(
            f"not as ld-events wrote it ({exc.msg}): rebuild the site", where
        ) from None
    except (OSError, EOFError) as exc:  # gzip's errors are OSError or EOFError
        problem = exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)
        raise UsageError(
            f"cannot be read ({problem}): rebuild the site", Location(str(path))
        ) from None


def _void_description(path: Path) -> tuple[str | None, str | None]:
    if not path.is_file():
        return None, None
    base = title = None
    for triple in parse(path=str(path), format=RdfFormat.TURTLE):
        subject = triple.subject.value if isinstance(triple.subject, NamedNode) else ""
        if not subject.endswith(DATASET_ANCHOR):
            continue
        if triple.predicate.value == RDF_TYPE and triple.object.value == VOID + "Dataset":
            base = subject.removesuffix(DATASET_ANCHOR)
        if triple.predicate.value == DCTERMS + "title" and isinstance(triple.object, Literal):
            title = triple.object.value
    return base, title
