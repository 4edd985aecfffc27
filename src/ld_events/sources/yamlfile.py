"""Reading YAML with line numbers, turning syntax errors into located diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver

from ld_events.report import Location

try:
    from _ruamel_yaml import CParser
except ImportError:  # ruamel.yaml.clib has no build for this Python: ruamel's parser alone
    CParser = None

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_REPORTED_AT_CONTEXT = {"found unexpected end of stream", "could not find expected ':'"}


def _as_text(constructor: Any, node: Any) -> Any:
    return constructor.construct_scalar(node)


class YamlSyntaxError(Exception):
    """A YAML document could not be parsed; ``location`` points at the problem."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


if CParser is not None:

    class _FastComposer(CParser, VersionedResolver):  # type: ignore[misc]
        """libyaml's parser and composer (ruamel.yaml.clib), resolving tags as ruamel does."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            VersionedResolver.__init__(self)

        @property
        def processing_version(self) -> Any:
            """ruamel's default, YAML 1.2 (a file with a %YAML directive takes the other
            path); looking it up fails and recovers on every scalar otherwise."""
            return _DEFAULT_YAML_VERSION


def _round_trip_parser() -> YAML:
    parser = YAML(typ="rt")
    # Dates stay text: the reader checks them itself and reports bad ones at their line.
    parser.constructor.add_constructor(_TIMESTAMP, _as_text)
    return parser


def load_documents(text: str, path: str) -> list[Any]:
    """Parse every YAML document in ``text``; raise YamlSyntaxError with file:line:column.

    libyaml composes the nodes, five times faster than ruamel's Python parser, and ruamel's
    round-trip constructor builds the same maps and lists with their line numbers. A file
    that fails is read again by ruamel alone, whose messages and positions the diagnostics use.
    """
    # libyaml does not pass a version directive on to the resolver.
    if CParser is not None and "%YAML" not in text:
        try:
            return _load_fast(text)
        except YAMLError:
            pass
    return _load_reporting_errors(text, path)


def _load_fast(text: str) -> list[Any]:
    composer = _FastComposer(text)
    constructor = _round_trip_parser().constructor
    documents = []
    try:
        while composer.check_node():
            document = constructor.construct_document(composer.get_node())
            if document is not None:
                documents.append(document)
    finally:
        composer.dispose()
    return documents


def _load_reporting_errors(text: str, path: str) -> list[Any]:
    parser = _round_trip_parser()
    try:
        return [doc for doc in parser.load_all(text) if doc is not None]
    except MarkedYAMLError as exc:
        problem = exc.problem or exc.context or "invalid YAML"
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and exc.context and problem in _REPORTED_AT_CONTEXT:
            # "unexpected end of stream" is found past the end: the cause is where it began.
            mark, problem = exc.context_mark, f"{exc.context}: {problem}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlSyntaxError(problem, Location(path, line, column)) from exc
    except YAMLError as exc:
        raise YamlSyntaxError(str(exc).splitlines()[0], Location(path, 1, 1)) from exc


def node_location(node: Any, path: str) -> Location:
    """Where a mapping or sequence starts (1-based)."""
    if isinstance(node, CommentedBase) and node.lc.line is not None:
        return Location(path, node.lc.line + 1, node.lc.col + 1)
    return Location(path, 1, 1)


def key_location(mapping: Any, key: str, path: str) -> Location:
    """Where ``key`` is written in ``mapping`` (falls back to the mapping itself)."""
    if isinstance(mapping, CommentedMap):
        try:
            line, column = mapping.lc.key(key)
        except (KeyError, TypeError):
            return node_location(mapping, path)
        return Location(path, line + 1, column + 1)
    return Location(path, 0, 0)


def item_location(sequence: Any, index: int, path: str) -> Location:
    """Where item ``index`` of a YAML sequence is written."""
    if isinstance(sequence, CommentedBase):
        try:
            line, column = sequence.lc.item(index)
        except (KeyError, TypeError, IndexError):
            return node_location(sequence, path)
        return Location(path, line + 1, column + 1)
    return Location(path, 0, 0)


def iter_records(documents: list[Any]) -> Iterator[tuple[Any, Any, int]]:
    """Yield (record, container, index): records are mappings, alone or in top-level lists."""
    for document in documents:
        if isinstance(document, list):
            for index, item in enumerate(document):
                yield item, document, index
        else:
            yield document, None, -1
