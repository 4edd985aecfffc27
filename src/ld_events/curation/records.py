"""A coded row as a curated event record: YAML in the hand-written format (docs/authoring.md).

The record states what the row says, for an editor to check and correct: label, day, action
type, who did it to whom, where, and the article. It names the coder's own actors, place and
article (the resources the project's table makes of the row: ``actor/gdelt-…``), and links to
the coded event with ``sameAs``. A CAMEO code is the action type of coded events only, so the
record's ``actionType`` is the concept of the action-type scheme that matches the code (or the
nearest broader code) exactly, else closely; if none does, a comment says which code it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from pyoxigraph import NamedNode, RdfFormat, parse

from ld_events.assets import asset_dir
from ld_events.layout import is_slug
from ld_events.rdf.vocab import ACT, CAMEO, SKOS
from ld_events.sources.coded_tables import cameo_labels
from ld_events.sources.gdelt_rdf import Minter, actor_slug, place_slug, source_slug
from ld_events.sources.gdelt_rows import CodedRow
from ld_events.sources.icews_rdf import actor_slug as icews_actor_slug
from ld_events.sources.icews_rows import IcewsRow

#: How an action type may stand for a CAMEO code, best first.
MATCHES = {SKOS + "exactMatch": "exact match", SKOS + "closeMatch": "close match"}
#: Characters a YAML double-quoted scalar cannot hold as they are: controls, DEL, and what
#: YAML 1.1 reads as line breaks (NEL, the Unicode line and paragraph separators).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class CuratedRecord:
    """One record to write: its slug (the file is ``{slug}.yaml``), the coded event it links
    to, and the YAML text."""

    slug: str
    coded_event: str
    text: str


@cache
def action_types() -> dict[str, tuple[str, str]]:
    """CAMEO code → (action type, how it matches), from the mappings of action-types.ttl."""
    found: dict[str, list[tuple[int, str, str]]] = {}
    for triple in parse(path=asset_dir("ontology") / "action-types.ttl", format=RdfFormat.TURTLE):
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if (
            predicate in MATCHES
            and isinstance(subject, NamedNode)
            and isinstance(obj, NamedNode)
            and subject.value.startswith(ACT)
            and obj.value.startswith(CAMEO)
        ):
            rank = list(MATCHES).index(predicate)
            code = obj.value.removeprefix(CAMEO)
            found.setdefault(code, []).append((rank, subject.value.removeprefix(ACT), predicate))
    return {code: min(options)[1:] for code, options in found.items()}


def yaml_text(text: str) -> str:
    """A YAML double-quoted scalar holding ``text`` exactly."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def comment_text(text: str) -> str:
    """``text`` safe in a YAML comment line: controls and line breaks shown as ``?``."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "?", text)


@dataclass
class RecordMaker:
    """Records of the rows of one file (``origin``: how the header names it)."""

    table_format: str
    base: str
    origin: str

    def __post_init__(self) -> None:
        self.labels = cameo_labels()
        self.minter = Minter(self.base, cameo_labels=self.labels)

    def record(self, line: int, row: CodedRow | IcewsRow) -> CuratedRecord:
        if isinstance(row, CodedRow):
            return self._gdelt(line, row)
        return self._icews(line, row)

    def _gdelt(self, line: int, row: CodedRow) -> CuratedRecord:
        coded = f"gdelt-{row.event_id}"
        head = [
            f"GDELT event {row.event_id}, coded as happening on {row.date} (added to GDELT on "
            f"{row.added_date}),",
            f"GDELT's coding of {row.source or 'an article it does not name'}.",
        ]
        refs = [
            ("agent", "actor", actor_slug(row.actor1) if row.actor1 else None),
            ("target", "actor", actor_slug(row.actor2) if row.actor2 else None),
            ("place", "place", place_slug(row.place) if row.place else None),
            ("reportedIn", "source", source_slug(row.source) if row.source else None),
        ]
        return self._record(line, row, coded, "GDELT", self.minter.event_label(row), head, refs)

    def _icews(self, line: int, row: IcewsRow) -> CuratedRecord:
        coded = f"icews-{row.event_id}"
        story = f"story {row.story}" if row.story else "a story it does not name"
        head = [f"ICEWS event {row.event_id}, coded as happening on {row.date}: ICEWS's coding"]
        head += [f"of {story}."]
        refs: list[tuple[str, str, str | None]] = [
            ("agent", "actor", icews_actor_slug(row.agent.name)),
            ("target", "actor", icews_actor_slug(row.target.name)),
        ]
        label = f"{row.agent.name}: {row.action} → {row.target.name}"
        return self._record(line, row, coded, "ICEWS", label, head, refs)

    def _record(
        self,
        line: int,
        row: CodedRow | IcewsRow,
        coded: str,
        coder: str,
        label: str,
        head: list[str],
        refs: list[tuple[str, str, str | None]],
    ) -> CuratedRecord:
        slug = f"{row.date}-{coded}"
        comments = [
            f"Imported by `ld-events import {self.table_format}` from {self.origin}, row {line}:",
            *head,
            "A curated record: check each statement against the source and edit it as",
            "docs/authoring.md says (rename the id, if you like, before publishing, never after).",
            f"{coder}'s own reading stays in the project's table, as the coded event that",
            f"sameAs links to; the actors, place and article named here are {coder}'s too.",
        ]
        lines = [f"# {comment_text(c)}" for c in comments]
        lines += [f"id: {slug}", "type: Event", f"label: {yaml_text(label)}", f"time: {row.date}"]
        lines += self._action_type(row.cameo, coder)
        for key, kind, ref in refs:
            if ref is not None:
                lines.append(f"{key}: {self._reference(kind, ref)}")
        lines.append(f"sameAs: {self._reference('event', coded)}")
        return CuratedRecord(slug, f"{self.base}event/{coded}/#it", "\n".join(lines) + "\n")

    def _action_type(self, code: str, coder: str) -> list[str]:
        """The action type matching ``code``, or its nearest broader code (CAMEO's codes nest
        like their digits: 1952 in 195 in 19)."""
        name = self.labels.get(code, code)
        mapped = action_types()
        for length in range(len(code), 1, -1):
            found = mapped.get(code[:length])
            if found:
                concept, match = found
                how = MATCHES[match] + ("" if length == len(code) else f" of {code[:length]}")
                return [f"actionType: {concept}  # {coder} coded CAMEO {code}, {name} ({how})"]
        return [f"# actionType: {coder} coded CAMEO {code}, {name}: no action type matches it yet"]

    def _reference(self, kind: str, slug: str) -> str:
        """``kind/slug`` (the reader makes ``{base}kind/slug/#it`` of it), or the whole IRI
        for a slug the reader would not take as one."""
        return f"{kind}/{slug}" if is_slug(slug) else f"{self.base}{kind}/{slug}/#it"
