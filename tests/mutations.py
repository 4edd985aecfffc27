"""Hypothesis strategies for tests/test_fuzz.py: the example project, one file of it mutated.

The seeds are the bundled example's files: its YAML records, the same records turned into Turtle
or JSON-LD (the triples one YAML file alone contributes, so the project stays valid), and its
``ld-events.yaml``. A mutation works on the text as a whole (truncation, byte flips, odd
characters, duplicated or swapped lines, a value replaced by an odd one, deep nesting, a
"billion laughs" of aliases) or on the parsed structure, written back by the format's own
dumper (a value of the wrong type, two values swapped, a container shared as an anchor and
its aliases or holding itself, a key renamed or dropped). Each mutation is recorded with
``hypothesis.event`` so that ``--hypothesis-show-statistics`` shows what was tried.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal

from hypothesis import event, note
from hypothesis import strategies as st
from ruamel.yaml import YAML

from ld_events.project import read_project
from ld_events.rdf.compact import compact_nodes
from ld_events.rdf.serialize import jsonld_bytes, sorted_triples, to_turtle
from ld_events.rdf.vocab import CONTEXT_IRI
from tests.conftest import EXAMPLE

Kind = Literal["yaml", "turtle", "jsonld", "config"]
CONFIG = "ld-events.yaml"
#: YAML records of the example whose triples, written as Turtle or JSON-LD instead, leave the
#: project valid (the records others refer to by a bare slug must stay YAML: a slug's kind is
#: looked up among the YAML records).
CONVERTIBLE = (
    "actors/armed-groups.yaml",
    "events/2021-06-erbil-drone-strikes.yaml",
    "events/2021-06-27-us-air-strikes-iraq-syria-border.yaml",
    "places/countries.yaml",
)


class Case:
    """A project as files (relative path → bytes), and the one file that was mutated.

    Not a dataclass: Hypothesis would print every file of a failing case; note() shows the
    mutated one.
    """

    def __init__(self, files: dict[str, bytes], target: str, kind: Kind) -> None:
        self.files, self.target, self.kind = files, target, kind

    def __repr__(self) -> str:
        return f"Case({self.target!r}, {self.kind!r})"

    def write(self, folder: Path) -> None:
        for name, data in self.files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


# --- seeds ------------------------------------------------------------------------------------


@cache
def example_files() -> dict[str, bytes]:
    return {
        p.relative_to(EXAMPLE).as_posix(): p.read_bytes()
        for p in sorted(EXAMPLE.rglob("*"))
        if p.is_file() and "_site" not in p.relative_to(EXAMPLE).parts
    }


@cache
def record_files() -> tuple[str, ...]:
    return tuple(n for n in example_files() if n.endswith(".yaml") and n != CONFIG)


@cache
def converted(name: str, kind: Kind) -> tuple[str, bytes]:
    """The triples that only ``name`` contributes, as a Turtle or JSON-LD file beside it."""
    with tempfile.TemporaryDirectory(prefix="ld-events-seed-") as folder:
        project = Path(folder) / "project"
        shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("_site"))
        everything = set(read_project(project).graph.data_triples())
        (project / name).unlink()
        own = sorted_triples(everything - set(read_project(project).graph.data_triples()))
    if kind == "turtle":
        return name.removesuffix(".yaml") + ".ttl", to_turtle(own)
    return name.removesuffix(".yaml") + ".jsonld", jsonld_bytes(compact_nodes(own), CONTEXT_IRI)


def seed(kind: Kind, name: str) -> Case:
    """The example with ``name`` as the file to mutate (converted to ``kind`` if it must be)."""
    files = dict(example_files())
    if kind in ("turtle", "jsonld"):
        del files[name]
        name, files[name] = converted(name, kind)
    return Case(files, name, kind)


def seeds(kind: Kind) -> list[Case]:
    if kind == "config":
        return [seed(kind, CONFIG)]
    return [seed(kind, name) for name in (record_files() if kind == "yaml" else CONVERTIBLE)]


# --- odd values ---------------------------------------------------------------------------------

#: Characters a careless editor or a hostile source puts in text: controls, NUL, marks that turn
#: text right to left, zero-width ones, a byte-order mark, separators, non-characters and lone
#: surrogates (written as bytes, they make the file invalid UTF-8).
ODD_CHARACTERS = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\x9b",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
    "\u061c", "\ufeff", "\u2028", "\u2029", "\ufffe", "\uffff", "\U0010ffff", "\u0301",
    "\ud800", "\udfff", "\t", "\n", "'", '"', "\\", "#", ":", "&", "*", "!", "%", "@", "{", "[",
]  # fmt: skip
ESCAPES = ["\\ud800", "\\udfff", "\\u0000", "\\u202e", "\\u200b", "\\ufeff", "\\u0085", "\\u001b"]

HUGE_NUMBERS = [
    "9" * 5000,
    "-" + "9" * 400,
    "1e400",
    "-1e-400",
    "1" + "0" * 4301,
    "0." + "1" * 5000,
]
YAML_VALUES = [
    *(f'"x{e}y"' for e in ESCAPES), '"\\0"', '"\\x07"', '"\\U0010FFFF"', '"\\N\\_\\L\\P"',
    *HUGE_NUMBERS, "0x7fffffffffffffffffff", "0o777", ".nan", "-.inf", "1_000", "+12", "-0",
    "true", "no", "~", "null", "", "[]", "{}", "[a, b]", "{a: 1}", "[[[]]]", "*undefined",
    "&anchor value", "!!binary aGk=", "!!python/object/apply:os.system [true]", "!custom x",
    "!!str 5", "!!int x", "!!float 1", "!!float x", "!!bool x", "!!omap x", "!!int [1]",
    "!!timestamp 2021-01-01", "!!set {a}", "!!omap [a: 1]",
    "2021-02-30", "2021-13-01", "0000-01-01", "2021-12-31T23:59:60Z", "2021-06-27T25:00:00Z",
    "-2021-01-01", "20210-01-01", "2021-06", "2021", "'unterminated", '"unterminated', "a: b: c",
    "- x", "@odd", "`tick", "%percent", "? complex", "https://example.org/x y", "http://[::1",
    "javascript:alert(1)", "../../etc/passwd", "event/../../x", "lde:Event", "wd:Q1", "_:b0",
    "urn:x", "actor/", "/", "a/b/c", "{en: x, en-GB: y}", "{e n: x}", "{'': x}", "{verbatim: x}",
]  # fmt: skip
CONFIG_VALUES = [
    "https://example.org/x", "https://ex%zz.org/", "https://example.org/a%20b/",
    "https://example.org:99999/", "http://[::1/", "https://exa\u00e9mple.org/", "http://x/",
    "https://EXAMPLE.org/", "https://example.org/iraq-syria-2021/../", "https://example.org/?q/",
    "https://example.org/#/", "ftp://example.org/", "../x", "/tmp/x", "_site/../..", "events",
    "queries", ".hidden", "a\\b", "_site/", "0", "-1", "1e308", ".inf", ".nan", "'10'",
    "1" + "0" * 400, "e n", "x-private", "en-US-u-ca-gregory", "ar", "i-klingon", "",
]  # fmt: skip
TURTLE_TERMS = [
    *(f'"x{e}y"' for e in ESCAPES), '"\\U0010FFFF"', '"a\\u202Eb"@en', '"\u200b"@en', '"x"@e-n',
    '"x"@', '"x"@123456789', '"5"^^xsd:integer', '"five"^^xsd:integer', '"1e99999"^^xsd:double',
    '"2021-02-30"^^xsd:date', '"2021-06-27T25:00:00Z"^^xsd:dateTime', '"maybe"^^xsd:boolean',
    '"x"^^<http://example.org/odd>', '"x"^^xsd:nope', *HUGE_NUMBERS, "-0.0", "true", "<>",
    "<#>", "<bad iri>", "<javascript:alert(1)>", "<../../etc/passwd>",
    "<https://example.org/iraq-syria-2021/event/../x/#it>", "<https://EXAMPLE.org/x>", "_:b0",
    "[]", "()", "( 1 2 3 )", "[ a lde:Event ]", "nope:x", "a", "lde:", '"""x\ny"""', "'x'",
    ";", ".", ",", "@prefix", "@base <http://other.org/> .", "PREFIX x: <y>",
]  # fmt: skip
JSON_VALUES = [
    *(f'"x{e}y"' for e in ESCAPES), '"\\udfff\\ud800"', *HUGE_NUMBERS, "NaN", "Infinity",
    "-Infinity", "[]", "{}", "null", "true", '{"@id": "x"}', '{"@value": "x", "@language": "e n"}',
    '{"@value": "x", "@type": "xsd:date"}', '{"@list": [1]}', '{"@set": [[]]}',
    '{"@context": "https://example.org/remote"}', '{"@context": {"@vocab": 5}}', '"_:b"',
    '"@id"', '"@type"', '"https://example.org/x y"', '"../../x"', '"x', "{", "]", '"\\x"',
]  # fmt: skip

#: Where a value is written, by format: a key's value (YAML, JSON) or any term (Turtle).
VALUE_SPANS = {
    "yaml": re.compile(r"^(?:[ ]*(?:- )*[A-Za-z@_][\w:@.-]*:[ ]+)([^\s#].*)$", re.M),
    "jsonld": re.compile(
        r'"[^"\n]*"\s*:\s*("(?:[^"\\\n]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)', re.M
    ),
    "turtle": re.compile(
        r'("(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^(?:<[^>\s]*>|[\w-]*:[\w-]*))?'
        r"|<[^>\s]*>|\b[a-z]+:[\w-]+|(?<=\s)-?\d+(?:\.\d+)?(?=\s))"
    ),
}
VALUE_SPANS["config"] = VALUE_SPANS["yaml"]
POOLS = {"yaml": YAML_VALUES, "config": YAML_VALUES + CONFIG_VALUES}
POOLS |= {"jsonld": JSON_VALUES, "turtle": TURTLE_TERMS}

# --- mutations of the text ---------------------------------------------------------------------

Mutation = Callable[[st.DrawFn, bytes, Kind], bytes]


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="surrogateescape")


def encode(text: str) -> bytes:
    """Back to bytes; a lone surrogate becomes the (invalid) bytes that would encode it."""
    return text.encode("utf-8", errors="surrogatepass")


def index(draw: st.DrawFn, size: int) -> int:
    return draw(st.integers(0, max(size - 1, 0)))


def truncate(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    return data[: index(draw, len(data) + 1)]


def flip_bytes(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    mutable = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        if mutable:
            mutable[index(draw, len(mutable))] ^= draw(st.integers(1, 255))
    return bytes(mutable)


def insert_characters(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    text = decode(data)
    at = index(draw, len(text) + 1)
    odd = "".join(draw(st.lists(st.sampled_from(ODD_CHARACTERS), min_size=1, max_size=4)))
    return encode(text[:at] + odd + text[at:])


def duplicate_line(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    """The same key twice in one mapping, mostly (a line copied just below itself)."""
    lines = data.splitlines(keepends=True)
    if not lines:
        return data
    line = index(draw, len(lines))
    copy = lines[line] if lines[line].endswith(b"\n") else lines[line] + b"\n"
    at = draw(st.sampled_from([line + 1, index(draw, len(lines) + 1)]))
    return b"".join([*lines[:at], copy, *lines[at:]])


def swap_lines(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    lines = data.splitlines(keepends=True)
    if len(lines) < 2:
        return data
    first, second = index(draw, len(lines)), index(draw, len(lines))
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


def replace_value(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    """One written value replaced by an odd one, a huge one, or random text."""
    odd = draw(
        st.one_of(
            st.sampled_from(POOLS[kind]),
            st.integers(1_000, 300_000).map(lambda n: "x" * n),
            st.text(max_size=40).map(lambda t: json.dumps(t, ensure_ascii=False)),
        )
    )
    return _replace_span(draw, data, kind, lambda _: odd)


def nest_deeply(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    depth = draw(st.one_of(st.integers(2, 80), st.integers(80, 20_000)))
    opening, inner, closing = draw(st.sampled_from(NESTINGS[kind]))
    return _replace_span(draw, data, kind, lambda _: opening * depth + inner + closing * depth)


NESTINGS = {
    "yaml": [("[", "x", "]"), ("{a: ", "x", "}")],
    "jsonld": [("[", "1", "]"), ('{"@list": ', "[]", "}"), ('{"skos:note": ', '"x"', "}")],
    "turtle": [("[ rdfs:comment ", '"x"', " ]"), ("( ", "1", " )")],
}
NESTINGS["config"] = NESTINGS["yaml"]


def laughs(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    """A one-line "billion laughs": each anchor a list of aliases of the one before."""
    levels, width = draw(st.integers(1, 9)), draw(st.integers(2, 10))
    parts = [f"&a0 [{', '.join(['lol'] * width)}]"]
    parts += [f"&a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, levels)]
    return _replace_span(draw, data, kind, lambda _: f"[{', '.join(parts)}]")


def alias_values(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    """An anchor on one value and its alias in place of another (possibly of another type)."""
    text = decode(data)
    spans = list(VALUE_SPANS[kind].finditer(text))
    if len(spans) < 2:
        return data
    first, second = sorted((spans[index(draw, len(spans))] for _ in range(2)), key=_start)
    if first.start(1) == second.start(1):
        return data
    return encode(
        text[: first.start(1)]
        + "&fuzz "
        + text[first.start(1) : second.start(1)]
        + "*fuzz"
        + text[second.end(1) :]
    )


def _start(match: re.Match[str]) -> int:
    return match.start(1)


def _replace_span(draw: st.DrawFn, data: bytes, kind: Kind, make: Callable[[str], str]) -> bytes:
    text = decode(data)
    spans = list(VALUE_SPANS[kind].finditer(text))
    if not spans:
        return data
    span = spans[index(draw, len(spans))]
    return encode(text[: span.start(1)] + make(span[1]) + text[span.end(1) :])


# --- mutations of the structure, written back by the format's dumper ---------------------------

Slot = tuple[Any, Any]  # (container, key or index)


def _slots(document: Any) -> list[Slot]:
    """Every (container, key) of a document, depth first; each container once, so that a
    YAML container holding itself (an earlier mutation's alias) is walked, not followed forever."""
    found: list[Slot] = []
    stack = [document]
    walked: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in walked:
            continue
        walked.add(id(node))
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            found.append((node, key))
            if isinstance(node[key], dict | list):
                stack.append(node[key])
    return found


ODD_TEXT = st.text(st.sampled_from(ODD_CHARACTERS) | st.characters(), max_size=20)
ODD_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63) - 1, 10**4000, -(10**300)]),
    st.floats(),
    ODD_TEXT,
    st.dates(),
    st.datetimes(),
)
ODD_VALUES = (
    ODD_SCALARS
    | st.lists(ODD_SCALARS, max_size=3)
    | st.dictionaries(ODD_TEXT, ODD_SCALARS, max_size=3)
)
ODD_KEYS = ["id", "type", "label", "time", "@id", "@type", "@context", "@value", "@language",
            "@list", "@reverse", "@graph", "@included", "@nest", "skos:note", "wd", "partOf",
            "rdfs:label", "http://example.org/p", "a b", "", "\u202eid"]  # fmt: skip


def wrong_type(draw: st.DrawFn, document: Any, slots: list[Slot]) -> str:
    container, key = draw(st.sampled_from(slots))
    container[key] = draw(ODD_VALUES)
    return "wrong type"


def swap_values(draw: st.DrawFn, document: Any, slots: list[Slot]) -> str:
    (a, i), (b, j) = draw(st.sampled_from(slots)), draw(st.sampled_from(slots))
    first, second = a[i], b[j]
    if first is b or second is a:
        return "swap (skipped: one holds the other)"
    a[i], b[j] = second, first
    return "swap values"


def share_value(draw: st.DrawFn, document: Any, slots: list[Slot]) -> str:
    """The same container in two places (YAML: an anchor and an alias), or inside itself."""
    containers = [(c, k) for c, k in slots if isinstance(c[k], dict | list)]
    if not containers:
        return "share (skipped: no container)"
    container, key = draw(st.sampled_from(containers))
    value = container[key]
    if draw(st.booleans()):
        if isinstance(value, list):
            value.append(value)
        else:
            value[draw(st.sampled_from(ODD_KEYS))] = value
        return "value inside itself"
    other, other_key = draw(st.sampled_from(slots))
    other[other_key] = value
    return "value shared"


def rename_key(draw: st.DrawFn, document: Any, slots: list[Slot]) -> str:
    mappings = [(c, k) for c, k in slots if isinstance(c, dict)]
    if not mappings:
        return "rename (skipped)"
    container, key = draw(st.sampled_from(mappings))
    value = container.pop(key)
    if draw(st.booleans()):  # dropped
        return "drop key"
    new = draw(st.sampled_from(ODD_KEYS) | st.sampled_from([f"{key}x", str(key).upper(), ""]))
    container[new] = value
    return "rename key"


def wrap_deeply(draw: st.DrawFn, document: Any, slots: list[Slot]) -> str:
    """Nested lists around one value; 64 levels is where YAML records are refused."""
    container, key = draw(st.sampled_from(slots))
    value = container[key]
    for _ in range(draw(st.integers(1, 70))):
        value = [value]
    container[key] = value
    return "wrap deeply"


STRUCTURAL = [wrong_type, swap_values, share_value, rename_key, wrap_deeply]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 100
    return yaml


def mutate_structure(draw: st.DrawFn, data: bytes, kind: Kind) -> bytes:
    """Parse, change the structure, write back with the format's dumper (a text that does not
    parse any more is left for the text mutations)."""
    try:
        text = data.decode("utf-8")
        documents = list(_yaml().load_all(text)) if kind != "jsonld" else [json.loads(text)]
    except Exception:  # an earlier mutation broke it: nothing to parse
        return data
    documents = [d for d in documents if isinstance(d, dict | list)]
    slots = [slot for document in documents for slot in _slots(document)]
    if not slots:
        return data
    mutation = draw(
        st.sampled_from([m for m in STRUCTURAL if kind != "jsonld" or m is not share_value])
    )
    event(f"{kind}: {mutation(draw, documents, slots)}")
    if kind == "jsonld":
        ascii_only = draw(st.booleans())
        return encode(json.dumps(documents[0], indent=2, ensure_ascii=ascii_only, default=str))
    stream = io.StringIO()
    _yaml().dump_all(documents, stream)
    return encode(stream.getvalue())


# --- the strategy -------------------------------------------------------------------------------

TEXTUAL: list[Mutation] = [
    truncate,
    flip_bytes,
    insert_characters,
    duplicate_line,
    swap_lines,
    replace_value,
    nest_deeply,
]
YAML_ONLY: list[Mutation] = [laughs, alias_values]


@st.composite
def mutated(draw: st.DrawFn, kind: Kind) -> Case:
    """A seed of ``kind`` with one to three mutations of its file, in order."""
    case = draw(st.sampled_from(seeds(kind)))
    choices = [*TEXTUAL, *(YAML_ONLY if kind in ("yaml", "config") else [])]
    if kind != "turtle":  # as likely as all mutations of the text but three
        choices += [mutate_structure] * 3
    data = case.files[case.target]
    for mutation in draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3)):
        if mutation is not mutate_structure:
            event(f"{kind}: {mutation.__name__.replace('_', ' ')}")
        data = mutation(draw, data, kind)
    note(f"{case.target} became:\n{data[:3000]!r}")
    return Case({**case.files, case.target: data}, case.target, kind)
