"""Reading YAML with line numbers, turning syntax errors into located diagnostics.

YAML can say more than a record needs, and some of it is dangerous: an alias repeats what it
points to, so nine lines can stand for a billion values; nesting can go deeper than any parser's
stack (libyaml's composer then crashes the process); tags ask for Python objects. Text that
might nest deeply is composed by ruamel's Python parser, which stops at Python's recursion
limit, and :func:`value_problems` checks every document before anything is built from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap
from ruamel.yaml.compat import _DEFAULT_YAML_VERSION
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver

from ld_events.report import Code, Location
from ld_events.sources.lexical import lone_surrogate, surrogate_message, unreadable_number

try:
    from _ruamel_yaml import CParser
except ImportError:  # ruamel.yaml.clib has no build for this Python: ruamel's parser alone
    CParser = None

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_INT = "tag:yaml.org,2002:int"
#: Deeper than this, a document is refused (records nest four or five levels).
MAX_DEPTH = 64
#: More values than this in one document, counting what aliases repeat, and it is refused.
MAX_VALUES = 100_000
_BRACKETS = re.compile(r"[\[\]{}]")
_BLOCK_PREFIX = re.compile(r"^[ \t?-]*", re.MULTILINE)
_REPORTED_AT_CONTEXT = {"found unexpected end of stream", "could not find expected ':'"}


def _as_text(constructor: Any, node: Any) -> Any:
    return constructor.construct_scalar(node)


def _as_int(constructor: Any, node: Any) -> Any:
    """A whole number, or a located YAML error for one with too many digits to read."""
    problem = unreadable_number(node.value) if isinstance(node.value, str) else None
    if problem is not None:
        raise ConstructorError(None, None, problem, node.start_mark)
    return constructor.construct_yaml_int(node)


class _Constructor(RoundTripConstructor):
    """ruamel's round-trip constructor, its failures located: a tag that forces a type on a
    value that has not got it (``!!int x``, ``!!bool x``, ``!!omap x``) raised a bare
    ValueError, KeyError or AttributeError from inside ruamel."""

    def construct_non_recursive_object(self, node: Any, tag: str | None = None) -> Any:
        try:
            return super().construct_non_recursive_object(node, tag)
        except YAMLError:
            raise
        except Exception as exc:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            what = repr(node.value[:40]) if isinstance(node.value, str) else f"a {node.id}"
            message = f"{what} cannot be read as {tag}"
            raise ConstructorError(None, None, message, node.start_mark) from exc


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
    parser.Constructor = _Constructor
    # Dates stay text: the reader checks them itself and reports bad ones at their line.
    parser.constructor.add_constructor(_TIMESTAMP, _as_text)
    parser.constructor.add_constructor(_INT, _as_int)
    # YAML 1.2 lets an anchor name be used again (an alias means the latest): ruamel would
    # warn on stderr, outside any diagnostic (libyaml refuses it, so such a file comes here).
    parser.composer.warn_double_anchors = False
    return parser


def load_documents(text: str, path: str) -> list[Any]:
    """Parse every YAML document in ``text``; raise YamlSyntaxError with file:line:column.

    libyaml composes the nodes, five times faster than ruamel's Python parser, and ruamel's
    round-trip constructor builds the same maps and lists with their line numbers. A file
    that fails is read again by ruamel alone, whose messages and positions the diagnostics use.
    """
    # libyaml does not pass a version directive on to the resolver.
    if CParser is not None and "%YAML" not in text and _nesting_bound(text) <= MAX_DEPTH:
        try:
            return _load_fast(text)
        except YAMLError:
            pass
    return _load_reporting_errors(text, path)


def _nesting_bound(text: str) -> int:
    """At least the depth of the deepest value: flow brackets open at once, plus the longest
    indentation (each block level adds at least one character of it)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(0, depth - 1)
        deepest = max(deepest, depth)
    return deepest + max(map(len, _BLOCK_PREFIX.findall(text)), default=0)


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
    except RecursionError as exc:
        message = f"nested too deeply: a record has at most {MAX_DEPTH} levels"
        raise YamlSyntaxError(message, Location(path, 1, 1)) from exc


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


@dataclass(frozen=True)
class YamlProblem:
    """Something a document holds that no record may: see :func:`value_problems`."""

    code: Code
    message: str
    location: Location


def value_problems(document: Any, path: str) -> list[YamlProblem]:
    """What no record may hold, found without recursion and before anything is expanded: more
    than MAX_VALUES values (aliases count what they repeat), more than MAX_DEPTH levels, an
    explicit tag (``!!python/...``, ``!!binary``, ``!!set``), an empty value (``null``, or an
    alias of itself, which ruamel reads as null), half a surrogate pair (``"\\ud800"``)."""
    problems: list[YamlProblem] = []
    stack: list[tuple[Any, int, Any, Any]] = [(document, 1, None, None)]
    seen = 0
    while stack:
        value, depth, parent, key = stack.pop()
        seen += 1
        if seen > MAX_VALUES:
            message = (
                f"more than {MAX_VALUES:,} values in one document: aliases (*name) repeat "
                "what they point to, and here they multiply"
            )
            return [YamlProblem(Code.OVERSIZED_RECORD, message, node_location(document, path))]
        if depth > MAX_DEPTH:
            message = f"nested too deeply: a record has at most {MAX_DEPTH} levels"
            return [YamlProblem(Code.OVERSIZED_RECORD, message, _where(parent, key, path))]
        problem = _value_problem(value, parent, key, path)
        if problem is not None:
            problems.append(problem)
        elif isinstance(value, Mapping):
            stack.extend((item, depth + 1, value, name) for name, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, depth + 1, value, index) for index, item in enumerate(value))
    return problems


def _value_problem(value: Any, parent: Any, key: Any, path: str) -> YamlProblem | None:
    if value is None and parent is not None:
        name = f"'{key}'" if isinstance(parent, Mapping) else "this item"
        message = f"{name} has no value (null, or an alias of itself): leave it out or give one"
        return YamlProblem(Code.MISSING_VALUE, message, _where(parent, key, path))
    for text in (key, value):
        escape = lone_surrogate(text) if isinstance(text, str) else None
        if escape is not None:
            return YamlProblem(Code.BAD_TEXT, surrogate_message(escape), _where(parent, key, path))
    tag = _explicit_tag(value)
    if tag is None:
        return None
    message = (
        f"the YAML tag {tag} is not allowed: a record holds text, numbers, dates, lists and "
        "mappings"
    )
    return YamlProblem(Code.FORBIDDEN_TAG, message, _where(parent, key, path))


def _explicit_tag(value: Any) -> str | None:
    if isinstance(value, bytes):
        return "!!binary"
    if isinstance(value, set | frozenset):
        return "!!set"
    tag = getattr(value, "tag", None)
    text = getattr(tag, "value", tag)
    return str(text).replace("tag:yaml.org,2002:", "!!") if text else None


def _where(parent: Any, key: Any, path: str) -> Location:
    if isinstance(parent, Mapping):
        return key_location(parent, key, path)
    if isinstance(parent, list):
        return item_location(parent, key, path)
    return Location(path, 1, 1)
