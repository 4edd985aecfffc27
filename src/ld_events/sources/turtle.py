"""Turtle sources, loaded by Oxigraph; subjects are located by scanning the text when asked."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, Store, parse

from ld_events.config import Config
from ld_events.rdf.terms import DATA_GRAPH
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import Reader, SourceFile, empty_file
from ld_events.sources.provenance import Locator

_POSITION = re.compile(r"line (\d+) column (\d+)")
_PREFIX = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
_BASE = re.compile(r"^\s*(?:@base|BASE)\s+<([^>]*)>", re.IGNORECASE)
#: An IRI as Turtle writes it (IRIREF: no space, control or <>"{}|^` but escapes), or a CURIE.
_TOKEN = re.compile(r'<([^\x00-\x20<>"{}|^`]*)>|(?<![\w<])([A-Za-z][\w.-]*)?:([\w.:%-]*[\w:%-]|)')
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class TurtleReader(Reader):
    """Turtle, loaded by Oxigraph straight into the store; located only when a diagnostic
    needs a line (``subject_locator``)."""

    suffixes = (".ttl",)

    def read(self, file: SourceFile) -> None:
        text = self.text(file)
        if text is None:
            return
        problems, unnamed = load(text, file.relative, self.config, self.into.store)
        self.into.report.extend(problems)
        self.into.index.update(unnamed, {})
        if not problems and not _has_a_triple(text, self.config.base):
            self.into.report.add(empty_file(file.relative))
        self.into.index.defer(subject_locator(file.path, file.relative, self.config))


def _has_a_triple(text: str, base: str) -> bool:
    """Parses only as far as the first triple (the parser is lazy)."""
    return next(iter(parse(text, format=RdfFormat.TURTLE, base_iri=base)), None) is not None


def load(
    text: str, path: str, config: Config, store: Store
) -> tuple[list[Diagnostic], dict[str, Location]]:
    """Load the file into the data graph, all or nothing: Oxigraph parses and inserts it without
    a Python object per triple, the largest cost of reading a big project otherwise.

    Also returns where its blank nodes that nothing names are (``[] a lde:Event``): the parser
    names them anew, so the file is where they can be found (line 1, as for JSON-LD). Only a
    file that can hold one (``[`` or ``_:`` in it) goes through a graph of its own for this.
    """
    holds_blank_nodes = "[" in text or "_:" in text
    graph = _READING if holds_blank_nodes else DATA_GRAPH
    try:
        store.load(text, format=RdfFormat.TURTLE, base_iri=config.base, to_graph=graph)
    except SyntaxError as exc:
        if holds_blank_nodes:
            store.remove_graph(_READING)
        return [syntax_error(Code.INVALID_TURTLE, exc, path)], {}
    if not holds_blank_nodes:
        return [], {}
    quads = list(store.quads_for_pattern(None, None, None, _READING))
    store.remove_graph(_READING)
    store.extend(Quad(q.subject, q.predicate, q.object, DATA_GRAPH) for q in quads)
    named = {q.object for q in quads if isinstance(q.object, BlankNode)}
    unnamed = {q.subject.value for q in quads if isinstance(q.subject, BlankNode)} - {
        node.value for node in named
    }
    return [], {node: Location(path, 1, 1) for node in sorted(unnamed)}


#: A Turtle file with blank nodes is loaded here first, to learn which are its own.
_READING = NamedNode("urn:ld-events:reading")


def subject_locator(file: Path, path: str, config: Config) -> Locator:
    """Where the file's subjects are written, found by reading it again when first needed."""

    def locate() -> dict[str, Location]:
        try:
            text = file.read_text(encoding="utf-8")
            quads = parse(text, format=RdfFormat.TURTLE, base_iri=config.base)
            subjects = {q.subject.value for q in quads if isinstance(q.subject, NamedNode)}
        except (OSError, UnicodeDecodeError, SyntaxError):
            return {}  # changed since it was loaded: its subjects stay unlocated
        return locate_subjects(text, path, subjects, config.base)

    return locate


def syntax_error(code: Code, exc: SyntaxError, path: str) -> Diagnostic:
    """Oxigraph says 'Parser error between line L column C and ...': keep the first position."""
    message = str(exc)
    match = _POSITION.search(message)
    line, column = (int(match[1]), int(match[2])) if match else (exc.lineno or 1, exc.offset or 1)
    reason = message.split(": ", 1)[-1] if ": " in message else message
    return Diagnostic(code, Severity.ERROR, reason, Location(path, line, column), stage=Stage.READ)


def locate_subjects(text: str, path: str, subjects: set[str], base: str) -> dict[str, Location]:
    """First line where each subject starts a statement (a token at column 1), else appears.
    Lines end at line feeds only, as the parser counts them (not at U+2028, U+0085...)."""
    lines = text.split("\n")
    found = _scan(lines, path, subjects, base, line_starts_only=True)
    missing = subjects - found.keys()
    if missing:
        found.update(_scan(lines, path, missing, base, line_starts_only=False))
    return found


def _scan(
    lines: list[str], path: str, wanted: set[str], base: str, line_starts_only: bool
) -> dict[str, Location]:
    prefixes: dict[str, str] = {}
    found: dict[str, Location] = {}
    for number, line in enumerate(lines, start=1):
        if line[:1] in ("@", "P", "p", "B", "b"):
            if match := _BASE.match(line):
                base = urljoin(base, match[1])
            if match := _PREFIX.match(line):
                prefixes[match[1] or ""] = urljoin(base, match[2])
                continue
        if line_starts_only and (not line or line[0].isspace() or line[0] == "#"):
            continue
        tokens = [_TOKEN.match(line)] if line_starts_only else list(_TOKEN.finditer(line))
        for token in tokens:
            if token is None:
                continue
            iri = _resolve(token, prefixes, base)
            if iri in wanted and iri not in found:
                found[iri] = Location(path, number, token.start() + 1)
    return found


def _resolve(token: re.Match[str], prefixes: dict[str, str], base: str) -> str | None:
    if token[1] is not None:
        written = _UCHAR.sub(_character, str(token[1]))
        return written if written.startswith(("http://", "https://")) else urljoin(base, written)
    prefix = token[2] or ""
    if prefix in prefixes:
        return prefixes[prefix] + str(token[3])
    return None


def _character(escape: re.Match[str]) -> str:
    code = int(escape[1] or escape[2], 16)
    return chr(code) if code <= 0x10FFFF else escape[0]
