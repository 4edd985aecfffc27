"""The Atom feed (RFC 4287) of new, changed and removed events, for people and feed readers.

It lists the newest :data:`publish.stream.FEED_SIZE` event versions of the change stream, newest
first: each entry is named by its version's IRI in the stream and links to the event's page.
Built from the stream's log, it changes only when the data does.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ld_events.config import Config
from ld_events.layout import FEED, STREAM_ROOT, TIMELINE
from ld_events.publish.stream import StreamLog
from ld_events.translations import N_, Words

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WHAT = {"new": N_("New event"), "changed": N_("Event changed"), "removed": N_("Event removed")}


def atom_feed(config: Config, log: StreamLog, version: str) -> bytes:
    """The feed of ``log``'s newest event versions; ``version``: ld-events' own."""
    base = config.base
    words = Words(config.interface_language)  # the feed's own words, as the pages'
    ET.register_namespace("", ATOM)
    feed = ET.Element(_atom("feed"), {XML_LANG: words.language})
    _text(feed, "title", words("%(title)s: changes to events", title=config.title))
    _text(feed, "id", base + FEED)
    _link(feed, "self", "application/atom+xml", base + FEED)
    _link(feed, "alternate", "text/html", f"{base}{TIMELINE}/")
    _link(feed, "related", "text/turtle", base + STREAM_ROOT)
    # A feed without entries still needs a date: the epoch says "never changed".
    _text(feed, "updated", log.modified or "1970-01-01T00:00:00Z")
    author = ET.SubElement(feed, _atom("author"))
    _text(author, "name", config.publisher or config.title)
    generator = ET.SubElement(
        feed, _atom("generator"), {"uri": "https://w3id.org/ld-events", "version": version}
    )
    generator.text = "ld-events"
    for entry in log.feed:
        item = ET.SubElement(feed, _atom("entry"))
        _text(item, "id", base + entry.version)
        _text(item, "title", entry.title)
        _text(item, "updated", entry.timestamp)
        if entry.page:
            _link(item, "alternate", "text/html", base + entry.page)
        what = words(_WHAT[entry.what])
        _text(item, "summary", words("%(what)s: %(title)s", what=what, title=entry.title))
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, value: str) -> None:
    ET.SubElement(parent, _atom(name)).text = value


def _link(parent: ET.Element, rel: str, media_type: str, href: str) -> None:
    ET.SubElement(parent, _atom("link"), {"rel": rel, "type": media_type, "href": href})
