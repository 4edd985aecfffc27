"""JSON-LD sources. The published context is inlined so no network is needed."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from pyld import jsonld
from pyld.jsonld import JsonLdError
from pyoxigraph import BlankNode, NamedNode, RdfFormat, parse

from ld_events.config import Config
from ld_events.rdf.context import load_context
from ld_events.rdf.labels import is_language_tag
from ld_events.rdf.vocab import CONTEXT_IRI
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.base import FileRead, Reader, SourceFile, empty_file
from ld_events.sources.lexical import lone_surrogate, surrogate_message, unreadable_number

_ID = re.compile(r'"(?:@id|id)"\s*:\s*("(?:[^"\\\n]|\\.)*")')


class JsonLdReader(Reader):
    """JSON-LD documents, expanded by pyld with the published context inlined."""

    suffixes = (".jsonld",)

    def read(self, file: SourceFile) -> None:
        text = self.text(file)
        if text is None:
            return
        found = read(text, file.relative, self.config)
        self.add(found)
        if not found.triples and not found.diagnostics:
            self.into.report.add(empty_file(file.relative))


def read(text: str, path: str, config: Config) -> FileRead:
    result = FileRead()
    try:
        document = json.loads(text, parse_int=_whole_number)
        escape = _surrogate(document)
        if escape is not None:
            where = _first_location(text, escape, path)
            result.diagnostics.append(
                Diagnostic(
                    Code.BAD_TEXT,
                    Severity.ERROR,
                    surrogate_message(escape),
                    where,
                    stage=Stage.READ,
                )
            )
            return result
        nquads = to_nquads(document, config)
    except json.JSONDecodeError as exc:
        result.diagnostics.append(_problem(exc.msg, Location(path, exc.lineno, exc.colno)))
        return result
    except _LongNumber as exc:
        where = _first_location(text, exc.written, path)
        result.diagnostics.append(_problem(exc.problem, where))
        return result
    except JsonLdError as exc:
        while isinstance(exc.__cause__, JsonLdError):
            exc = exc.__cause__
        reason = f"{exc.code or exc.type}: {exc.args[0] if exc.args else exc}"
        result.diagnostics.append(_problem(reason, Location(path, 1, 1)))
        return result
    except RecursionError:
        reason = "nested too deeply for a JSON-LD processor: flatten the document"
        result.diagnostics.append(_problem(reason, Location(path, 1, 1)))
        return result
    try:
        result.triples = [quad.triple for quad in parse(nquads, format=RdfFormat.N_QUADS)]
    except SyntaxError as exc:
        result.diagnostics.append(_problem(_unholdable(exc, nquads), Location(path, 1, 1)))
        return result
    subjects = {t.subject.value for t in result.triples if isinstance(t.subject, NamedNode)}
    result.nodes = _locate(text, path, subjects, config.base)
    # A node without an id is written nowhere one can point at: the document, as pyld's errors.
    named = {t.object.value for t in result.triples if isinstance(t.object, BlankNode)}
    for triple in result.triples:
        if isinstance(triple.subject, BlankNode) and triple.subject.value not in named:
            result.nodes.setdefault(triple.subject.value, Location(path, 1, 1))
    return result


class _LongNumber(Exception):
    def __init__(self, written: str, problem: str) -> None:
        super().__init__(problem)
        self.written, self.problem = written, problem


def _whole_number(written: str) -> int:
    problem = unreadable_number(written)
    if problem is not None:
        raise _LongNumber(written, problem)
    number = int(written)
    try:
        float(number)  # pyld tests every number so: past 1.8e308 an OverflowError
    except OverflowError:
        digits = len(written.lstrip("-"))
        problem = f"a number of {digits:,} digits: more than a JSON-LD processor reads (309)"
        raise _LongNumber(written, problem) from None
    return number


def _surrogate(document: Any) -> str | None:
    """The escape of the first half surrogate pair among the document's keys and texts."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend([*node, *node.values()])
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, str) and (escape := lone_surrogate(node)) is not None:
            return escape
    return None


def _first_location(text: str, written: str, path: str) -> Location:
    """Where ``written`` is first written (JSON writes hex digits in either case)."""
    found = re.search(re.escape(written), text, re.IGNORECASE)
    if found is None:
        return Location(path, 1, 1)
    start = found.start()
    return Location(path, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))


def _unholdable(exc: SyntaxError, nquads: str) -> str:
    """A value pyld let through but RDF cannot hold: most often a bad language tag."""
    position = re.search(r"line (\d+)", str(exc))
    line = nquads.split("\n")[int(position[1]) - 1] if position else ""
    tag = re.search(r'"@(.+?) (?:<[^>]*> )?\.\s*$', line)
    if tag and not is_language_tag(tag[1]):
        return f"'{tag[1]}' is not a language tag: write one like en, fr or ar-SY"
    return f"a value RDF cannot hold: {str(exc).rsplit(': ', 1)[-1]}"


def _problem(reason: str, where: Location) -> Diagnostic:
    return Diagnostic(Code.INVALID_JSONLD, Severity.ERROR, reason, where, stage=Stage.READ)


def to_nquads(document: Any, config: Config) -> str:
    options = {
        "base": config.base,
        "format": "application/n-quads",
        "documentLoader": _no_remote_contexts,
    }
    return str(jsonld.to_rdf(inline_context(document, config), options))


def _no_remote_contexts(url: str, options: Any = None) -> Any:
    """Builds never touch the network: only the published context (inlined) may be used."""
    raise JsonLdError(
        f"remote context {url} is not loaded; use {CONTEXT_IRI} or an inline context",
        "jsonld.LoadDocumentError",
        code="loading remote context failed",
    )


def inline_context(document: Any, config: Config) -> Any:
    """Replace references to the published context by its content, and default @language."""
    published = load_context().document["@context"]
    defaults = {"@base": config.base, "@language": config.language}

    def swap(value: Any) -> Any:
        if value == CONTEXT_IRI:
            return [published, defaults]
        if isinstance(value, list):
            return [swap(item) for item in value]
        return value

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: swap(v) if k == "@context" else walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(document)


def _locate(text: str, path: str, subjects: set[str], base: str) -> dict[str, Location]:
    context = load_context()
    found: dict[str, Location] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # as json counts lines
        for match in _ID.finditer(line):
            try:
                written = json.loads(match[1])  # escapes decoded, as pyld read them
            except ValueError:
                continue
            iri = urljoin(base, context.expand(written))
            if iri in subjects:
                found.setdefault(iri, Location(path, number, match.start() + 1))
    return found
