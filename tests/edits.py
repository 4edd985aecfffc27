"""Edits of a project's sources that keep it valid, for tests/test_incremental.py.

A project is held in memory as records, one backend per syntax, and only the files an edit
touched are written back (:meth:`Sources.flush`), so that every other file keeps its bytes:

- :class:`YamlSources`: YAML records (the bundled example, a synthetic YAML project). A reference
  is a string value equal to the slug of a record; renaming a record rewrites every such value.
  Small Turtle and JSON-LD files that add an ``altLabel`` to a YAML record can be added beside
  them (the example has no Turtle or JSON-LD of its own).
- :class:`TurtleSources`: Turtle files with absolute IRIs (a synthetic Turtle project), read as
  triples; an edited file is written back as N-Triples lines, which are Turtle too.

Both offer the same operations: change a label, a date, a count or a reference; add, rename or
delete a record (a deleted record's references are dropped where the property is optional and
the value one of several, else pointed at another record of the same type); add, rename or
delete a file. The saved queries (``queries/*.rq``) and ``ld-events.yaml`` are edited as text.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, RdfFormat, parse
from ruamel.yaml import YAML

from ld_events.rdf.vocab import CONTEXT_IRI, LDE, RDF_TYPE, RDFS_LABEL, SKOS, XSD_DATE, XSD_INTEGER

KIND_OF_TYPE = {
    "Event": "event",
    "EventSeries": "event",
    "Statement": "event",
    "Person": "actor",
    "Organization": "actor",
    "Group": "actor",
    "Actor": "actor",
    "Place": "place",
    "Source": "source",
}
#: Reference keys whose value may go when the record it names is deleted: optional properties.
DROPPABLE = frozenset(
    {"target", "inResponseTo", "orderedBy", "onBehalfOf", "involved", "backedBy", "alignedWith"}
    | {"memberOf", "within", "sfWithin", "overlaps", "publisher"}
)
#: Keys whose string values are never references, whatever they spell.
NOT_REFERENCES = frozenset(
    {"id", "type", "label", "description", "verbatim", "altLabel", "quote", "url", "sameAs"}
    | {"actionType", "purpose", "placeType", "claimProperty", "jobTitle"}
)
#: Reference keys that can neither go nor point elsewhere: a sub-event takes its date from the
#: event it is part of, and another parent could make a cycle.
KEPT = frozenset({"partOf"})
QUERIES = "queries"
CONFIG = "ld-events.yaml"
XSD_INTEGER_NODE = NamedNode(XSD_INTEGER)


class Sources:
    """The records of a project, by slug, and the operations every backend offers."""

    def __init__(self, root: Path, base: str, language: str) -> None:
        self.root, self.base, self.language = root, base, language
        self.dirty: set[str] = set()
        self.removed: set[str] = set()

    # --- what a backend provides ------------------------------------------------------------

    def slugs(self) -> list[str]:
        raise NotImplementedError

    def type_of(self, slug: str) -> str:
        raise NotImplementedError

    def file_of(self, slug: str) -> str:
        raise NotImplementedError

    def files(self) -> dict[str, list[str]]:
        """Every data file this backend manages, with the slugs of the records it defines."""
        raise NotImplementedError

    def inbound(self, slug: str) -> list[tuple[str, str]]:
        """(referring record, key) of every reference to ``slug``."""
        raise NotImplementedError

    def value(self, slug: str, key: str) -> list[str]:
        """The slugs a record's ``key`` (agent, place, time...) names (``time``: its dates)."""
        raise NotImplementedError

    def set_label(self, slug: str, text: str) -> None:
        raise NotImplementedError

    def set_date(self, slug: str, day: dt.date) -> None:
        raise NotImplementedError

    def set_count(self, slug: str, count: int) -> None:
        raise NotImplementedError

    def set_reference(self, slug: str, key: str, old: str, new: str, kind: str) -> None:
        raise NotImplementedError

    def add_event(self, slug: str, like: str, file: str, label: str) -> None:
        raise NotImplementedError

    def new_file(self, name: str) -> str:
        """An empty data file of the backend's syntax named ``name`` (no suffix); its path."""
        raise NotImplementedError

    def rename(self, slug: str, new: str) -> None:
        raise NotImplementedError

    def delete(self, slug: str, avoid: frozenset[str] = frozenset()) -> None:
        """Delete a record; a reference to it that must stay points at a record not in ``avoid``."""
        raise NotImplementedError

    def rename_file(self, old: str, new: str) -> None:
        raise NotImplementedError

    def delete_file(self, file: str) -> None:
        raise NotImplementedError

    def render(self, file: str) -> bytes:
        raise NotImplementedError

    # --- shared -----------------------------------------------------------------------------

    def kind(self, slug: str) -> str:
        return KIND_OF_TYPE[self.type_of(slug)]

    def of_types(self, *types: str) -> list[str]:
        return [s for s in self.slugs() if self.type_of(s) in types]

    def replacement(self, slug: str, avoid: set[str]) -> str | None:
        """Another record of the same type (else kind) that a reference can point at instead."""
        same_type = [s for s in self.of_types(self.type_of(slug)) if s not in avoid | {slug}]
        same_kind = [s for s in self.slugs() if self.kind(s) == self.kind(slug)]
        same_kind = [s for s in same_kind if s not in avoid | {slug}]
        found = same_type or same_kind
        return found[0] if found else None

    def deletable(self, slug: str, avoid: frozenset[str] = frozenset()) -> bool:
        """Every reference to it can be dropped or pointed at another record not in ``avoid``."""
        inbound = [(who, key) for who, key in self.inbound(slug) if who not in avoid]
        return all(
            key in DROPPABLE or (key not in KEPT and self.replacement(slug, {who} | avoid))
            for who, key in inbound
        )

    def rewrite_queries(self, kind: str, old: str, new: str) -> None:
        """Saved queries name records by IRI: follow a rename."""
        pattern = re.compile(rf"(?<=[</]){kind}/{re.escape(old)}/")
        for path in sorted((self.root / QUERIES).glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            changed = pattern.sub(f"{kind}/{new}/", text)
            if changed != text:
                path.write_text(changed, encoding="utf-8")

    def flush(self) -> None:
        """Write the files edits touched; remove the deleted ones."""
        for file in sorted(self.removed - self.dirty):
            (self.root / file).unlink(missing_ok=True)
        for file in sorted(self.dirty):
            path = self.root / file
            path.parent.mkdir(parents=True, exist_ok=True)
            data = self.render(file)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        self.dirty.clear()
        self.removed.clear()


# ---------------------------------------------------------------------------------------------
# YAML records
# ---------------------------------------------------------------------------------------------


def _walk(node: Any, key: str | None = None) -> Iterator[tuple[dict[str, Any], str, Any, Any]]:
    """(mapping holding the key, key, container of the value, index in it) of every string."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name in NOT_REFERENCES:
                continue
            if isinstance(value, str):
                yield node, name, node, name
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        yield node, name, value, index
                    else:
                        yield from _walk(item, name)
            else:
                yield from _walk(value, name)


class YamlSources(Sources):
    """YAML records; ``comments``: keep comments (ruamel round-trip, slower) when rewriting."""

    SUFFIXES = (".yaml", ".yml")

    def __init__(self, root: Path, base: str, language: str, comments: bool = True) -> None:
        super().__init__(root, base, language)
        self.yaml = YAML(typ="rt" if comments else "safe")
        self.yaml.width = 4096
        self.yaml.indent(mapping=2, sequence=4, offset=2)
        self.docs: dict[str, list[dict[str, Any]]] = {}
        #: Turtle and JSON-LD files adding an altLabel to a record: file → (slug, text).
        self.labels: dict[str, tuple[str, str]] = {}
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.suffix in self.SUFFIXES and relative != CONFIG and "_site" not in relative:
                self.docs[relative] = [d for d in self.yaml.load_all(path.read_text()) if d]
        self.where = {d["id"]: f for f, docs in self.docs.items() for d in docs}
        self.by_id = {d["id"]: d for docs in self.docs.values() for d in docs}

    def doc(self, slug: str) -> dict[str, Any]:
        return self.by_id[slug]

    def touch(self, slug: str) -> dict[str, Any]:
        self.dirty.add(self.where[slug])
        return self.doc(slug)

    def slugs(self) -> list[str]:
        return sorted(self.where)

    def type_of(self, slug: str) -> str:
        return str(self.doc(slug)["type"])

    def file_of(self, slug: str) -> str:
        return self.where[slug]

    def files(self) -> dict[str, list[str]]:
        found = {f: [str(d["id"]) for d in docs] for f, docs in self.docs.items()}
        return found | {f: [] for f in self.labels}

    def references(self) -> Iterator[tuple[str, dict[str, Any], str, Any, Any]]:
        for docs in self.docs.values():
            for doc in docs:
                for holder, key, container, index in _walk(doc):
                    if container[index] in self.where:
                        yield doc["id"], holder, key, container, index

    def inbound(self, slug: str) -> list[tuple[str, str]]:
        return [(who, key) for who, _, key, c, i in self.references() if c[i] == slug]

    def value(self, slug: str, key: str) -> list[str]:
        value = self.doc(slug).get(key)
        if key == "time" and isinstance(value, dict):
            return [str(v) for k, v in value.items() if k in ("earliestStart", "latestEnd")]
        return [str(v) for v in (value if isinstance(value, list) else [value]) if v is not None]

    def set_label(self, slug: str, text: str) -> None:
        self.touch(slug)["label"] = text

    def set_date(self, slug: str, day: dt.date) -> None:
        self.touch(slug)["time"] = day

    def set_count(self, slug: str, count: int) -> None:
        self.touch(slug)["fatalities"] = count

    def set_reference(self, slug: str, key: str, old: str, new: str, kind: str) -> None:
        doc = self.touch(slug)
        value = doc[key]
        doc[key] = [new if v == old else v for v in value] if isinstance(value, list) else new

    def add_event(self, slug: str, like: str, file: str, label: str) -> None:
        model = self.doc(like)
        doc = {"id": slug, "type": "Event", "label": label}
        for key in ("actionType", "agent", "place", "time", "reportedIn"):
            if key in model:
                doc[key] = copy.deepcopy(model[key])
        self.docs.setdefault(file, []).append(doc)
        self.where[slug], self.by_id[slug] = file, doc
        self.dirty.add(file)

    def new_file(self, name: str) -> str:
        file = f"{name}.yaml"
        self.docs[file] = []
        return file

    def add_label_file(self, name: str, suffix: str, slug: str, text: str) -> str:
        """A Turtle or JSON-LD file giving a YAML record one more (Arabic) altLabel."""
        file = f"{name}{suffix}"
        self.labels[file] = (slug, text)
        self.dirty.add(file)
        return file

    def rename(self, slug: str, new: str) -> None:
        kind = self.kind(slug)
        for who, _, _, container, index in list(self.references()):
            if container[index] == slug:
                container[index] = new
                self.dirty.add(self.where[who])
        self.touch(slug)["id"] = new
        self.where[new] = self.where.pop(slug)
        self.by_id[new] = self.by_id.pop(slug)
        for file, (labelled, text) in self.labels.items():
            if labelled == slug:
                self.labels[file] = (new, text)
                self.dirty.add(file)
        self.rewrite_queries(kind, slug, new)

    def delete(self, slug: str, avoid: frozenset[str] = frozenset()) -> None:
        # One reference at a time: dropping a value from a list moves the ones after it.
        while found := next((r for r in self.references() if r[3][r[4]] == slug), None):
            who, holder, key, container, index = found
            self.dirty.add(self.where[who])
            if container is not holder and len(container) > 1:
                del container[index]
            elif key in DROPPABLE:
                del holder[key]
            else:
                replacement = self.replacement(slug, {who} | avoid)
                assert replacement is not None, f"{slug} is not deletable"
                container[index] = replacement
        file = self.where.pop(slug)
        del self.by_id[slug]
        self.docs[file] = [d for d in self.docs[file] if d["id"] != slug]
        self.dirty.add(file)
        if not self.docs[file]:
            del self.docs[file]
            self.dirty.discard(file)
            self.removed.add(file)
        for label_file in [f for f, (s, _) in self.labels.items() if s == slug]:
            self.delete_file(label_file)

    def rename_file(self, old: str, new: str) -> None:
        if old in self.labels:
            self.labels[new] = self.labels.pop(old)
        else:
            self.docs[new] = self.docs.pop(old)
            self.where.update({d["id"]: new for d in self.docs[new]})
        self.removed.add(old)
        self.dirty.add(new)
        self.dirty.discard(old)

    def delete_file(self, file: str) -> None:
        if file in self.labels:
            del self.labels[file]
        else:
            records = frozenset(d["id"] for d in self.docs[file])
            for slug in sorted(records):
                self.delete(slug, records)
        self.docs.pop(file, None)
        self.dirty.discard(file)
        self.removed.add(file)

    def render(self, file: str) -> bytes:
        if file in self.labels:
            slug, text = self.labels[file]
            thing = f"{self.kind(slug)}/{slug}/#it"
            if file.endswith(".ttl"):
                literal = json.dumps(text, ensure_ascii=False)
                body = f"@prefix skos: <{SKOS}> .\n\n<{thing}> skos:altLabel {literal}@ar .\n"
            else:
                node = {"@context": CONTEXT_IRI, "id": thing, "altLabel": {"ar": text}}
                body = json.dumps(node, ensure_ascii=False, indent=2) + "\n"
            return body.encode()
        out = io.StringIO()
        self.yaml.dump_all(self.docs[file], out)
        return out.getvalue().encode()


# ---------------------------------------------------------------------------------------------
# Turtle (absolute IRIs), held as triples
# ---------------------------------------------------------------------------------------------

Triple = tuple[NamedNode, NamedNode, NamedNode | Literal]
_PREDICATES = {
    "agent": LDE + "agent",
    "place": LDE + "place",
    "time": LDE + "time",
    "fatalities": LDE + "fatalities",
}


def _key(predicate: NamedNode) -> str:
    return re.split(r"[#/]", predicate.value)[-1]


class TurtleSources(Sources):
    """Turtle files of records ``{base}{kind}/{slug}/#it`` and their owned ``#…`` nodes."""

    def __init__(self, root: Path, base: str, language: str) -> None:
        super().__init__(root, base, language)
        self.triples: dict[str, list[Triple]] = {}
        for path in sorted(root.rglob("*.ttl")):
            parsed = parse(path=path, format=RdfFormat.TURTLE, base_iri=base)
            found = [(t.subject, t.predicate, t.object) for t in parsed]
            self.triples[path.relative_to(root).as_posix()] = found
        self.thing = re.compile(rf"^{re.escape(base)}(event|actor|place|source)/([^/]+)/#it\Z")
        self.index()

    def index(self) -> None:
        self.types: dict[str, str] = {}
        self.where: dict[str, str] = {}
        self.by_subject: dict[NamedNode, list[Triple]] = {}
        for file, triples in self.triples.items():
            for s, p, o in triples:
                self.by_subject.setdefault(s, []).append((s, p, o))
                match = self.thing.match(s.value)
                if match and p.value == RDF_TYPE:
                    self.types[match[2]] = _key(o)  # type: ignore[arg-type]
                    self.where[match[2]] = file

    def iri(self, slug: str, kind: str | None = None, part: str = "it") -> NamedNode:
        return NamedNode(f"{self.base}{kind or self.kind(slug)}/{slug}/#{part}")

    def slug_of(self, term: object) -> str | None:
        match = self.thing.match(term.value) if isinstance(term, NamedNode) else None
        return match[2] if match and match[2] in self.where else None

    def slugs(self) -> list[str]:
        return sorted(self.where)

    def type_of(self, slug: str) -> str:
        return self.types[slug]

    def file_of(self, slug: str) -> str:
        return self.where[slug]

    def files(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {file: [] for file in self.triples}
        for slug, file in sorted(self.where.items()):
            found[file].append(slug)
        return found

    def inbound(self, slug: str) -> list[tuple[str, str]]:
        target = self.iri(slug)
        return [
            (self.record_of(s), _key(p))
            for triples in self.triples.values()
            for s, p, o in triples
            if o == target
        ]

    def record_of(self, subject: NamedNode) -> str:
        return subject.value.removeprefix(self.base).split("/")[1]

    def objects(self, subject: NamedNode, predicate: str) -> list[NamedNode | Literal]:
        return [o for _, p, o in self.by_subject.get(subject, []) if p.value == predicate]

    def value(self, slug: str, key: str) -> list[str]:
        found = self.objects(self.iri(slug), _PREDICATES[key])
        if key == "time":
            node = found[0]
            assert isinstance(node, NamedNode)
            bounds = (LDE + "earliestStart", LDE + "latestEnd")
            return [o.value for b in bounds for o in self.objects(node, b)]
        return [self.slug_of(o) or o.value for o in found]

    def replace(self, subject: NamedNode, predicate: str, new: list[NamedNode | Literal]) -> None:
        file = self.file_of(self.record_of(subject))
        added = [(subject, NamedNode(predicate), o) for o in new]
        kept = [t for t in self.triples[file] if not (t[0] == subject and t[1].value == predicate)]
        self.triples[file] = kept + added
        mine = self.by_subject.get(subject, [])
        self.by_subject[subject] = [t for t in mine if t[1].value != predicate] + added
        self.dirty.add(file)

    def set_label(self, slug: str, text: str) -> None:
        self.replace(self.iri(slug), RDFS_LABEL, [Literal(text, language=self.language)])

    def set_date(self, slug: str, day: dt.date) -> None:
        node = self.objects(self.iri(slug), _PREDICATES["time"])[0]
        assert isinstance(node, NamedNode)
        date = Literal(day.isoformat(), datatype=NamedNode(XSD_DATE))
        for name in ("verbatim", "relativeTo"):
            self.replace(node, LDE + name, [])
        self.replace(node, LDE + "earliestStart", [date])
        self.replace(node, LDE + "latestEnd", [date])

    def set_count(self, slug: str, count: int) -> None:
        thing = self.iri(slug)
        found = self.objects(thing, LDE + "fatalities")
        node = found[0] if found else self.iri(slug, part="fatalities")
        assert isinstance(node, NamedNode)
        self.replace(thing, LDE + "fatalities", [node])
        self.replace(node, RDF_TYPE, [NamedNode(LDE + "Quantity")])
        for name in ("minValue", "verbatim"):
            self.replace(node, LDE + name, [])
        self.replace(node, LDE + "value", [Literal(str(count), datatype=XSD_INTEGER_NODE)])

    def set_reference(self, slug: str, key: str, old: str, new: str, kind: str) -> None:
        thing, predicate, before = self.iri(slug), _PREDICATES[key], self.iri(old, kind)
        values = [self.iri(new, kind) if o == before else o for o in self.objects(thing, predicate)]
        self.replace(thing, predicate, values)

    def add_event(self, slug: str, like: str, file: str, label: str) -> None:
        model, thing = self.iri(like), self.iri(slug, "event")
        copied = {RDF_TYPE, LDE + "actionType", LDE + "agent", LDE + "place", LDE + "reportedIn"}
        mine = self.by_subject[model]
        added: list[Triple] = [(thing, p, o) for _, p, o in mine if p.value in copied]
        added = [
            (s, p, NamedNode(LDE + "Event") if p.value == RDF_TYPE else o) for s, p, o in added
        ]
        added.append((thing, NamedNode(RDFS_LABEL), Literal(label, language=self.language)))
        time = self.iri(slug, "event", "time")
        added.append((thing, NamedNode(LDE + "time"), time))
        old_time = self.objects(model, LDE + "time")[0]
        added += [(time, p, o) for _, p, o in self.by_subject[old_time]]  # type: ignore[index]
        self.triples.setdefault(file, []).extend(added)
        self.dirty.add(file)
        self.index()

    def new_file(self, name: str) -> str:
        file = f"{name}.ttl"
        self.triples[file] = []
        return file

    def rename(self, slug: str, new: str) -> None:
        kind = self.kind(slug)
        old_doc, new_doc = f"{self.base}{kind}/{slug}/", f"{self.base}{kind}/{new}/"

        def moved(term: Any) -> Any:
            if isinstance(term, NamedNode) and term.value.startswith(old_doc):
                return NamedNode(new_doc + term.value.removeprefix(old_doc))
            return term

        for file, triples in self.triples.items():
            changed = [(moved(s), p, moved(o)) for s, p, o in triples]
            if changed != triples:
                self.triples[file] = changed
                self.dirty.add(file)
        self.index()
        self.rewrite_queries(kind, slug, new)

    def delete(self, slug: str, avoid: frozenset[str] = frozenset()) -> None:
        doc, target = f"{self.base}{self.kind(slug)}/{slug}/", self.iri(slug)
        for file, triples in self.triples.items():
            kept: list[Triple] = []
            for s, p, o in triples:
                if s.value.startswith(doc):
                    continue
                if o == target:
                    others = [t for t in triples if t[0] == s and t[1] == p and t[2] != target]
                    if others or _key(p) in DROPPABLE:
                        continue
                    replacement = self.replacement(slug, {self.record_of(s)} | avoid)
                    assert replacement is not None, f"{slug} is not deletable"
                    o = self.iri(replacement)
                kept.append((s, p, o))
            if kept != triples:
                self.triples[file] = kept
                self.dirty.add(file)
        self.index()

    def rename_file(self, old: str, new: str) -> None:
        self.triples[new] = self.triples.pop(old)
        self.removed.add(old)
        self.dirty.discard(old)
        self.dirty.add(new)
        self.index()

    def delete_file(self, file: str) -> None:
        records = frozenset(self.files()[file])
        for slug in sorted(records):
            self.delete(slug, records)
        del self.triples[file]
        self.dirty.discard(file)
        self.removed.add(file)
        self.index()

    def render(self, file: str) -> bytes:
        lines = sorted({f"{s} {p} {o} .\n" for s, p, o in self.triples[file]})
        return "".join(lines).encode()


# ---------------------------------------------------------------------------------------------
# The config and the saved queries, as text
# ---------------------------------------------------------------------------------------------


def set_title(root: Path, title: str) -> None:
    path = root / CONFIG
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r"(?m)^title: .*$", f"title: {json.dumps(title)}", text)
    assert count == 1, f"no title line in {path}"
    path.write_text(changed, encoding="utf-8")


def saved_queries(root: Path) -> list[str]:
    return sorted(p.name for p in (root / QUERIES).glob("*.rq"))


def write_query(root: Path, name: str, title: str, limit: int) -> None:
    """A saved query of events and their places (every project has some)."""
    text = (
        f"# title: {title}\n"
        "# description: Events and where they happened, added by the incremental build test.\n"
        "SELECT ?event ?label ?place WHERE {\n"
        "  ?event lde:place ?place ; rdfs:label ?label .\n"
        f"}}\nORDER BY ?event ?label ?place\nLIMIT {limit}\n"
    )
    (root / QUERIES).mkdir(exist_ok=True)
    (root / QUERIES / name).write_text(text, encoding="utf-8")


def retitle_query(root: Path, name: str, title: str) -> None:
    path = root / QUERIES / name
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r"(?m)^#\s*title:.*$", f"# title: {title}", text, count=1)
    assert count == 1, f"no title line in {path}"
    path.write_text(changed, encoding="utf-8")
