"""A deterministic generator of synthetic ld-events projects, for benchmarks.

``write_project(folder, events, source_format)`` writes ``ld-events.yaml`` and source files with
``events`` events, ``events/10`` actors (Person, Organization, Group), ``events/20`` places
(countries with a Wikidata ``sameAs``, cities with ``wgs:lat``/``wgs:long`` inside a country) and
``events/100`` sources. Both formats describe the same graph; only the syntax differs:

- ``ttl``: Turtle files of about 1,000 records each, with absolute IRIs under the project base
  (things are ``B{kind}/{slug}/#it``; owned nodes ``#time``, ``#fatalities``, ``#claim-<id>`` and
  ``#claim-<id>-value`` sit in their record's document);
- ``yaml``: the same records in the YAML authoring format (short forms: slugs, ``time: 2021-06``,
  ``fatalities: 5``, nested ``claims``).

Every event has a label, an action type of ``act:scheme`` (read from ontology/action-types.ttl),
1-3 agents, 0-2 targets, a place, a time span (mostly one day; some months, fuzzy or open ranges,
relative times with verbatim wording), a source it is reported in; 40% have fatalities (some a
minimum with wording), 10% are part of an earlier event (so no cycles), 5% are Statements with a
quote, whose fatality claim sits on the earlier event it is about (claimant, claimProperty
fatalities, claimValue, reportedIn, madeIn).

The output depends only on (events, source_format, seed): two runs give byte-identical files.

Command line: ``python -m benchmarks.synthetic OUT --events 1000 --format ttl``.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pyoxigraph import Literal as OxLiteral
from pyoxigraph import NamedNode, RdfFormat, Store

from ld_events.assets import asset_dir
from ld_events.rdf.vocab import ACT, SKOS

SourceFormat = Literal["ttl", "yaml"]
FORMATS: tuple[SourceFormat, ...] = ("ttl", "yaml")
BASE = "https://example.org/bench/"
DEFAULT_SEED = 2021
RECORDS_PER_FILE = 1000
LANGUAGE = "en"
FIRST_DAY = dt.date(2015, 1, 1)
SPAN_DAYS = 3650

# Real countries and their Wikidata items, with a rough box inside each (lat, lat, long, long)
# in which synthetic cities are placed.
COUNTRIES: tuple[tuple[str, str, str, tuple[float, float, float, float]], ...] = (
    ("iraq", "Iraq", "Q796", (31.0, 36.5, 40.5, 46.5)),
    ("syria", "Syria", "Q858", (33.0, 36.5, 36.5, 41.0)),
    ("iran", "Iran", "Q794", (28.0, 37.0, 46.0, 60.0)),
    ("lebanon", "Lebanon", "Q822", (33.2, 34.6, 35.2, 36.5)),
    ("jordan", "Jordan", "Q810", (29.5, 32.5, 35.5, 38.5)),
    ("turkey", "Turkey", "Q43", (37.0, 41.5, 27.0, 44.0)),
    ("saudi-arabia", "Saudi Arabia", "Q851", (18.0, 30.0, 38.0, 52.0)),
    ("yemen", "Yemen", "Q805", (13.0, 17.5, 43.5, 52.0)),
    ("israel", "Israel", "Q801", (30.0, 33.0, 34.4, 35.5)),
    ("egypt", "Egypt", "Q79", (23.0, 31.0, 26.0, 33.5)),
    ("afghanistan", "Afghanistan", "Q889", (30.0, 37.0, 62.0, 70.0)),
    ("pakistan", "Pakistan", "Q843", (25.0, 35.0, 63.0, 74.0)),
    ("libya", "Libya", "Q1016", (24.0, 32.5, 10.5, 24.5)),
    ("sudan", "Sudan", "Q1049", (10.0, 21.5, 23.0, 36.0)),
    ("somalia", "Somalia", "Q1045", (-1.0, 11.0, 41.5, 50.5)),
    ("mali", "Mali", "Q912", (11.0, 24.0, -11.5, 3.5)),
    ("nigeria", "Nigeria", "Q1033", (5.0, 13.0, 3.5, 13.5)),
    ("ukraine", "Ukraine", "Q212", (45.5, 51.5, 23.0, 39.5)),
    ("russia", "Russia", "Q159", (45.0, 65.0, 35.0, 100.0)),
    ("united-states", "United States", "Q30", (30.0, 47.0, -120.0, -75.0)),
)

_SYLLABLES = (
    "al", "bar", "ka", "mir", "sun", "dar", "tel", "kha", "zan", "ra", "bad", "qa", "sir", "man",
    "hal", "ab", "em", "nor", "ta", "lu", "ve", "os", "jab", "fal", "ham", "ri", "sa", "du",
)  # fmt: skip
_FIRST_NAMES = (
    "Ahmad", "Layla", "John", "Maria", "Omar", "Sara", "Hassan", "Nadia", "Peter", "Amina",
    "Yusuf", "Elena", "Karim", "Fatima", "David", "Rania", "Ali", "Mona", "James", "Zainab",
)  # fmt: skip
_LAST_NAMES = (
    "Haddad", "Smith", "Karimi", "Petrov", "Nasser", "Okafor", "Rahman", "Khalil", "Brown",
    "Yilmaz", "Hussein", "Ivanova", "Mansour", "Diallo", "Farouk", "Johnson", "Saleh", "Aziz",
)  # fmt: skip
_JOB_TITLES = (
    "spokesperson", "defence minister", "commander", "press secretary", "governor",
    "foreign minister", "party leader", "police chief",
)  # fmt: skip
_ORG_PATTERNS = (
    "{} Ministry of Defence", "{} Liberation Front", "{} Police", "{} Press Agency",
    "{} Red Crescent", "{} Revolutionary Guard", "{} Border Guard", "{} Daily News",
    "{} Human Rights Observatory", "{} Armed Forces",
)  # fmt: skip
_GROUP_PATTERNS = (
    "Unidentified gunmen near {}", "Militia groups around {}", "Protesters in {}",
    "Armed tribesmen of {}", "Local fighters in {}", "Insurgent cells near {}",
)  # fmt: skip
_RELATIVE_WORDING = (
    "tonight", "on Sunday", "yesterday", "last week", "earlier this month", "on Friday night",
    "two days ago", "at dawn",
)  # fmt: skip
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


# ---------------------------------------------------------------------------------------------
# The data model of a synthetic project (independent of the output syntax)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A reference to a record: its kind (IRI path segment) and slug."""

    kind: str
    slug: str


@dataclass
class Count:
    value: int | None = None
    min_value: int | None = None
    verbatim: str | None = None


@dataclass
class TimeSpec:
    """``form``: day, month (written as a month), range (two bounds), relative (with wording)."""

    form: str
    start: dt.date | None
    end: dt.date | None
    verbatim: str | None = None
    relative_to: Ref | None = None


@dataclass
class Claim:
    ident: str
    claimant: str
    value: Count
    reported_in: str
    made_in: str


@dataclass
class Actor:
    slug: str
    cls: str
    label: str
    job_title: str | None = None
    member_of: str | None = None
    backed_by: str | None = None


@dataclass
class Place:
    slug: str
    label: str
    place_type: str
    same_as: str | None = None
    lat: str | None = None
    long: str | None = None
    within: str | None = None


@dataclass
class Source:
    slug: str
    label: str
    date: dt.date
    publisher: str
    url: str


@dataclass
class Event:
    index: int
    cls: str
    day: dt.date
    action: str
    agents: list[str]
    targets: list[Ref]
    place: str
    time: TimeSpec
    label: str = ""
    slug: str = ""
    fatalities: Count | None = None
    part_of: str | None = None
    reported_in: str = ""
    quote: str | None = None
    claims: list[Claim] = field(default_factory=list)
    #: For a statement: the index of the event its claim is about.
    about: int | None = None


@dataclass
class Dataset:
    events: list[Event]
    actors: list[Actor]
    places: list[Place]
    sources: list[Source]


@dataclass(frozen=True)
class ActionTypes:
    """Local names and English labels of act:scheme, split into speech acts and the rest."""

    actions: list[tuple[str, str]]
    statements: list[tuple[str, str]]


def action_types() -> ActionTypes:
    """Read the action types from ontology/action-types.ttl (sorted, so stable)."""
    store = Store()
    store.load(path=str(asset_dir("ontology") / "action-types.ttl"), format=RdfFormat.TURTLE)
    in_scheme = NamedNode(SKOS + "inScheme")
    broader = NamedNode(SKOS + "broader")
    pref_label = NamedNode(SKOS + "prefLabel")
    scheme = NamedNode(ACT + "scheme")
    speech = NamedNode(ACT + "makeStatement")
    actions: list[tuple[str, str]] = []
    statements: list[tuple[str, str]] = []
    concepts = sorted(
        q.subject.value
        for q in store.quads_for_pattern(None, in_scheme, scheme)
        if isinstance(q.subject, NamedNode)
    )
    for iri in concepts:
        node = NamedNode(iri)
        labels = [
            q.object.value
            for q in store.quads_for_pattern(node, pref_label, None)
            if isinstance(q.object, OxLiteral) and q.object.language == "en"
        ]
        is_speech = node == speech or any(
            q.object == speech for q in store.quads_for_pattern(node, broader, None)
        )
        entry = (iri.removeprefix(ACT), labels[0] if labels else iri.removeprefix(ACT))
        (statements if is_speech else actions).append(entry)
    return ActionTypes(actions, statements)


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


def kebab(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)


class _Slugs:
    """Slugs unique across every kind, so that a bare slug in YAML is never ambiguous."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, text: str) -> str:
        base = kebab(text)
        slug, number = base, 2
        while slug in self.used:
            slug, number = f"{base}-{number}", number + 1
        self.used.add(slug)
        return slug


def generate(events: int, seed: int = DEFAULT_SEED, busy_actor: int = 0) -> Dataset:
    """The records of a project with ``events`` events; the same arguments give the same data.

    ``busy_actor``: the first actor takes part in (at least) this many events, as the first
    agent of plain events drawn at random; 0 leaves the data as generated.
    """
    if events < 1:
        raise ValueError("events must be at least 1")
    rng = random.Random(f"ld-events-benchmark-{seed}-{events}")
    slugs = _Slugs()
    places = _places(rng, slugs, max(2, events // 20))
    actors = _actors(rng, slugs, max(5, events // 10), places)
    types = action_types()
    event_list = _events(rng, events, actors, places, types)
    if busy_actor:
        _make_busy(random.Random(f"busy-{seed}-{events}"), actors[0].slug, event_list, busy_actor)
    sources = _sources(rng, slugs, max(1, events // 100), event_list, actors)
    _finish_events(slugs, event_list, actors, places, sources, types)
    return Dataset(event_list, actors, places, sources)


def _place_name(rng: random.Random) -> str:
    syllables = [rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))]
    return "".join(syllables).capitalize()


def _decimal(value: float) -> str:
    text = f"{value:.4f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _places(rng: random.Random, slugs: _Slugs, count: int) -> list[Place]:
    n_countries = min(len(COUNTRIES), max(1, count // 5))
    places: list[Place] = []
    for slug, label, qid, _ in COUNTRIES[:n_countries]:
        places.append(Place(slugs.new(slug), label, "country", same_as=qid))
    for _ in range(count - n_countries):
        index = rng.randrange(n_countries)
        country = places[index]
        lat0, lat1, long0, long1 = COUNTRIES[index][3]
        name = _place_name(rng)
        places.append(
            Place(
                slugs.new(name),
                name,
                "city",
                lat=_decimal(rng.uniform(lat0, lat1)),
                long=_decimal(rng.uniform(long0, long1)),
                within=country.slug,
            )
        )
    return places


def _actors(rng: random.Random, slugs: _Slugs, count: int, places: list[Place]) -> list[Actor]:
    actors: list[Actor] = []
    organizations: list[str] = []
    for number in range(count):
        roll = rng.random()
        # The first two actors are organizations, so that sources always have a publisher.
        if number < 2 or 0.3 <= roll < 0.7:
            label = rng.choice(_ORG_PATTERNS).format(rng.choice(places).label)
            actor = Actor(slugs.new(label), "Organization", label)
            organizations.append(actor.slug)
        elif roll < 0.3:
            label = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
            member = rng.choice(organizations) if rng.random() < 0.6 else None
            actor = Actor(
                slugs.new(label),
                "Person",
                label,
                job_title=rng.choice(_JOB_TITLES),
                member_of=member,
            )
        else:
            label = rng.choice(_GROUP_PATTERNS).format(rng.choice(places).label)
            backer = rng.choice(organizations) if rng.random() < 0.5 else None
            actor = Actor(slugs.new(label), "Group", label, backed_by=backer)
        actors.append(actor)
    return actors


def _time(rng: random.Random, day: dt.date) -> TimeSpec:
    roll = rng.random()
    if roll < 0.70:
        return TimeSpec("day", day, day)
    if roll < 0.80:
        last = calendar.monthrange(day.year, day.month)[1]
        return TimeSpec("month", day.replace(day=1), day.replace(day=last))
    if roll < 0.90:
        if rng.random() < 0.25:
            return TimeSpec("range", None, day)
        return TimeSpec("range", day, day + dt.timedelta(days=rng.randint(1, 6)))
    end = day + dt.timedelta(days=rng.choice((0, 0, 1)))
    return TimeSpec("relative", day, end, verbatim=rng.choice(_RELATIVE_WORDING))


def _count(rng: random.Random) -> Count:
    number = min(int(rng.expovariate(0.25)), 200)
    if rng.random() < 0.25:
        low = max(number, 2)
        return Count(min_value=low, verbatim=f"at least {_number_words(low)}")
    return Count(value=number)


def _number_words(number: int) -> str:
    return _NUMBER_WORDS[number] if number < len(_NUMBER_WORDS) else str(number)


def _events(
    rng: random.Random, count: int, actors: list[Actor], places: list[Place], types: ActionTypes
) -> list[Event]:
    """Events in date order; statements, parents and claims only point back to earlier events."""
    actor_slugs = [a.slug for a in actors]
    countries = [p for p in places if p.place_type == "country"]
    events: list[Event] = []
    plain: list[int] = []  # indices of events that are not statements
    for index in range(count):
        day = FIRST_DAY + dt.timedelta(days=index * SPAN_DAYS // count)
        if plain and rng.random() < 0.05:
            action = rng.choice(types.statements)[0]
            event = Event(
                index, "Statement", day, action, [rng.choice(actor_slugs)], [],
                rng.choice(places).slug, _time(rng, day),
            )  # fmt: skip
            _add_claim(rng, event, events[rng.choice(plain[-50:])])
        else:
            action = rng.choice(types.actions)[0]
            agents = rng.sample(actor_slugs, rng.choice((1, 1, 1, 2, 2, 3)))
            place = rng.choice(countries if rng.random() < 0.15 else places)
            event = Event(
                index, "Event", day, action, agents, _targets(rng, agents, actor_slugs, places),
                place.slug, _time(rng, day),
            )  # fmt: skip
            if rng.random() < 0.4:
                event.fatalities = _count(rng)
            if plain and rng.random() < 0.1:
                event.part_of = str(rng.choice(plain[-200:]))  # an index; a slug once known
            plain.append(index)
        events.append(event)
    return events


def _targets(
    rng: random.Random, agents: list[str], actor_slugs: list[str], places: list[Place]
) -> list[Ref]:
    targets: list[Ref] = []
    for _ in range(rng.choice((0, 0, 0, 0, 1, 1, 1, 2))):
        if rng.random() < 0.3:
            ref = Ref("place", rng.choice(places).slug)
        else:
            ref = Ref("actor", rng.choice(actor_slugs))
        if ref not in targets and ref.slug not in agents:
            targets.append(ref)
    return targets


def events_of(actor: str, events: list[Event]) -> list[Event]:
    """The events an actor takes part in, as an agent or a target."""
    return [e for e in events if actor in e.agents or Ref("actor", actor) in e.targets]


def _make_busy(rng: random.Random, actor: str, events: list[Event], count: int) -> None:
    """Make ``actor`` the first agent of plain events until it takes part in ``count``."""
    missing = count - len(events_of(actor, events))
    free = [e for e in events if e.cls == "Event" and actor not in e.agents]
    free = [e for e in free if Ref("actor", actor) not in e.targets]
    for event in rng.sample(free, min(max(missing, 0), len(free))):
        event.agents[0] = actor


def _add_claim(rng: random.Random, statement: Event, subject: Event) -> None:
    value = _count(rng)
    statement.about = subject.index
    subject.claims.append(
        Claim(f"fatalities-{statement.index}", statement.agents[0], value, "", str(statement.index))
    )


def _sources(
    rng: random.Random, slugs: _Slugs, count: int, events: list[Event], actors: list[Actor]
) -> list[Source]:
    """Source j reports a block of consecutive events and is dated after the last of them."""
    publishers = [a for a in actors if a.cls == "Organization"]
    last_day: list[dt.date] = [FIRST_DAY] * count
    for event in events:
        j = event.index * count // len(events)
        event.reported_in = str(j)
        end = event.time.end or event.day
        last_day[j] = max(last_day[j], end)
    sources: list[Source] = []
    for j in range(count):
        publisher = rng.choice(publishers)
        date = last_day[j] + dt.timedelta(days=rng.randint(1, 2))
        label = f"{publisher.label} report of {date.isoformat()}"
        slug = slugs.new(f"{date.isoformat()}-{publisher.slug}-report")
        url = f"https://news.example.com/{publisher.slug}/{slug}"
        sources.append(Source(slug, label, date, publisher.slug, url))
    return sources


def _finish_events(
    slugs: _Slugs,
    events: list[Event],
    actors: list[Actor],
    places: list[Place],
    sources: list[Source],
    types: ActionTypes,
) -> None:
    """Labels and slugs (which need places and dates), then resolve indices to slugs."""
    actor_label = {a.slug: a.label for a in actors}
    place_label = {p.slug: p.label for p in places}
    labels = dict(types.actions + types.statements)
    for event in events:
        where = place_label[event.place]
        who = actor_label[event.agents[0]]
        action = labels[event.action]
        if event.about is not None:
            subject = events[event.about]
            event.label = f"{who}: statement on the {labels[subject.action]} in {where}"
        else:
            event.label = f"{action[0].upper()}{action[1:]} by {who} in {where}"
        event.slug = slugs.new(f"{_slug_date(event.time)}-{action}-{where}")
        source = sources[int(event.reported_in)]
        event.reported_in = source.slug
        if event.time.form == "relative":
            event.time.relative_to = Ref("source", source.slug)
    for event in events:
        if event.part_of is not None:
            event.part_of = events[int(event.part_of)].slug
        for claim in event.claims:
            statement = events[int(claim.made_in)]
            claim.made_in = statement.slug
            claim.reported_in = statement.reported_in
            statement.quote = _quote(claim.value, event.label)


def _quote(count: Count, about: str) -> str:
    number = count.value if count.value is not None else count.min_value or 0
    prefix = "At least " if count.value is None else ""
    words = _number_words(number)
    return f"{prefix}{words[0].upper()}{words[1:]} people were killed in the {about.lower()}."


def _slug_date(time: TimeSpec) -> str:
    """The event's date at its known precision: a day, a month or a year."""
    start = time.start or time.end
    end = time.end or time.start
    assert start is not None
    assert end is not None
    if time.form != "month" and start == end:
        return start.isoformat()
    if (start.year, start.month) == (end.year, end.month):
        return start.isoformat()[:7]
    return str(start.year)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def write_project(
    folder: Path,
    events: int,
    source_format: SourceFormat,
    seed: int = DEFAULT_SEED,
    busy_actor: int = 0,
) -> Dataset:
    """Write a valid ld-events project with ``events`` events into ``folder`` (created); the
    records written."""
    if source_format not in FORMATS:
        raise ValueError(f"source_format must be one of {FORMATS}, not {source_format!r}")
    data = generate(events, seed, busy_actor)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ld-events.yaml").write_text(_config(events, source_format), encoding="utf-8")
    writer = record_writer(source_format)
    for path, blocks in project_files(data, source_format).items():
        (folder / path).parent.mkdir(exist_ok=True)
        (folder / path).write_text(writer.file(blocks), encoding="utf-8")
    return data


def record_writer(source_format: SourceFormat) -> _TurtleWriter | _YamlWriter:
    """What writes records in that syntax: ``.place(p)``, ``.event(e)``...; ``.file(blocks)``."""
    return _TurtleWriter(BASE) if source_format == "ttl" else _YamlWriter()


def project_files(data: Dataset, source_format: SourceFormat) -> dict[str, list[str]]:
    """The project's source files (relative paths) and the records each holds, written."""
    writer = record_writer(source_format)
    groups: list[tuple[str, list[str]]] = [
        ("places", [writer.place(p) for p in data.places]),
        ("actors", [writer.actor(a) for a in data.actors]),
        ("sources", [writer.source(s) for s in data.sources]),
        ("events", [writer.event(e) for e in data.events]),
    ]
    files: dict[str, list[str]] = {}
    for name, blocks in groups:
        for number, chunk in enumerate(_chunks(blocks, RECORDS_PER_FILE), start=1):
            files[f"{name}/{name}-{number:03d}.{source_format}"] = chunk
    return files


def _config(events: int, source_format: str) -> str:
    return (
        f'title: "Synthetic benchmark project ({events} events, {source_format})"\n'
        f"base: {BASE}\n"
        "license: https://creativecommons.org/licenses/by/4.0/\n"
        f"language: {LANGUAGE}\n"
        "description: Generated by benchmarks/synthetic.py; the records are fictional.\n"
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _TurtleWriter:
    PREFIXES = (
        ("act", ACT),
        ("dcterms", "http://purl.org/dc/terms/"),
        ("geo", "http://www.opengis.net/ont/geosparql#"),
        ("lde", "https://w3id.org/ld-events/ns#"),
        ("plt", "https://w3id.org/ld-events/place-type#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("schema", "http://schema.org/"),
        ("wd", "http://www.wikidata.org/entity/"),
        ("wgs", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    )

    def __init__(self, base: str) -> None:
        self.base = base

    def file(self, blocks: list[str]) -> str:
        header = "".join(f"@prefix {name}: <{iri}> .\n" for name, iri in self.PREFIXES)
        return header + "\n" + "\n".join(blocks)

    def doc(self, kind: str, slug: str) -> str:
        return f"{self.base}{kind}/{slug}/"

    def thing(self, ref: Ref) -> str:
        return f"<{self.doc(ref.kind, ref.slug)}#it>"

    @staticmethod
    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False) + f"@{LANGUAGE}"

    @staticmethod
    def node(subject: str, pairs: Iterable[tuple[str, str]]) -> str:
        body = " ;\n".join(f"  {p} {o}" for p, o in pairs)
        return f"{subject}\n{body} .\n"

    def place(self, place: Place) -> str:
        pairs = [("a", "lde:Place"), ("rdfs:label", self.text(place.label))]
        pairs.append(("lde:placeType", f"plt:{place.place_type}"))
        if place.same_as:
            pairs.append(("schema:sameAs", f"wd:{place.same_as}"))
        if place.lat is not None and place.long is not None:
            pairs += [("wgs:lat", place.lat), ("wgs:long", place.long)]
        if place.within:
            pairs.append(("geo:sfWithin", self.thing(Ref("place", place.within))))
        return self.node(self.thing(Ref("place", place.slug)), pairs)

    def actor(self, actor: Actor) -> str:
        pairs = [("a", f"lde:{actor.cls}"), ("rdfs:label", self.text(actor.label))]
        if actor.job_title:
            pairs.append(("schema:jobTitle", self.text(actor.job_title)))
        if actor.member_of:
            pairs.append(("schema:memberOf", self.thing(Ref("actor", actor.member_of))))
        if actor.backed_by:
            pairs.append(("lde:backedBy", self.thing(Ref("actor", actor.backed_by))))
        return self.node(self.thing(Ref("actor", actor.slug)), pairs)

    def source(self, source: Source) -> str:
        pairs = [
            ("a", "lde:Source"),
            ("rdfs:label", self.text(source.label)),
            ("dcterms:date", f'"{source.date.isoformat()}"^^xsd:date'),
            ("dcterms:publisher", self.thing(Ref("actor", source.publisher))),
            ("schema:url", f"<{source.url}>"),
        ]
        return self.node(self.thing(Ref("source", source.slug)), pairs)

    def event(self, event: Event) -> str:
        doc = self.doc("event", event.slug)
        pairs = [
            ("a", f"lde:{event.cls}"),
            ("rdfs:label", self.text(event.label)),
            ("lde:actionType", f"act:{event.action}"),
            ("lde:agent", ", ".join(self.thing(Ref("actor", a)) for a in event.agents)),
        ]
        if event.targets:
            pairs.append(("lde:target", ", ".join(self.thing(t) for t in event.targets)))
        pairs.append(("lde:place", self.thing(Ref("place", event.place))))
        pairs.append(("lde:time", f"<{doc}#time>"))
        if event.fatalities is not None:
            pairs.append(("lde:fatalities", f"<{doc}#fatalities>"))
        if event.part_of:
            pairs.append(("lde:partOf", self.thing(Ref("event", event.part_of))))
        if event.quote:
            pairs.append(("lde:quote", self.text(event.quote)))
        pairs.append(("lde:reportedIn", self.thing(Ref("source", event.reported_in))))
        blocks = [self.node(f"<{doc}#it>", pairs), self.timespan(f"<{doc}#time>", event.time)]
        if event.fatalities is not None:
            blocks.append(self.quantity(f"<{doc}#fatalities>", event.fatalities))
        for claim in event.claims:
            blocks += self.claim(doc, claim)
        return "".join(blocks)

    def timespan(self, subject: str, time: TimeSpec) -> str:
        pairs = [("a", "lde:TimeSpan")]
        if time.start:
            pairs.append(("lde:earliestStart", f'"{time.start.isoformat()}"^^xsd:date'))
        if time.end:
            pairs.append(("lde:latestEnd", f'"{time.end.isoformat()}"^^xsd:date'))
        if time.verbatim:
            pairs.append(("lde:verbatim", self.text(time.verbatim)))
        if time.relative_to:
            pairs.append(("lde:relativeTo", self.thing(time.relative_to)))
        return self.node(subject, pairs)

    def quantity(self, subject: str, count: Count) -> str:
        pairs = [("a", "lde:Quantity")]
        if count.value is not None:
            pairs.append(("lde:value", str(count.value)))
        if count.min_value is not None:
            pairs.append(("lde:minValue", str(count.min_value)))
        if count.verbatim:
            pairs.append(("lde:verbatim", self.text(count.verbatim)))
        return self.node(subject, pairs)

    def claim(self, doc: str, claim: Claim) -> list[str]:
        subject = f"<{doc}#claim-{claim.ident}>"
        value = f"<{doc}#claim-{claim.ident}-value>"
        pairs = [
            ("a", "lde:Claim"),
            ("lde:claimSubject", f"<{doc}#it>"),
            ("lde:claimant", self.thing(Ref("actor", claim.claimant))),
            ("lde:claimProperty", "lde:fatalities"),
            ("lde:claimValue", value),
            ("lde:reportedIn", self.thing(Ref("source", claim.reported_in))),
            ("lde:madeIn", self.thing(Ref("event", claim.made_in))),
        ]
        return [self.node(subject, pairs), self.quantity(value, claim.value)]


class _YamlWriter:
    @staticmethod
    def file(blocks: list[str]) -> str:
        return "---\n".join(blocks)

    @staticmethod
    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    @staticmethod
    def record(pairs: Iterable[tuple[str, str]]) -> str:
        return "".join(f"{key}: {value}\n" for key, value in pairs)

    @staticmethod
    def many(values: list[str]) -> str:
        return values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"

    def place(self, place: Place) -> str:
        pairs = [("id", place.slug), ("type", "Place"), ("label", self.text(place.label))]
        pairs.append(("placeType", place.place_type))
        if place.same_as:
            pairs.append(("sameAs", f"wd:{place.same_as}"))
        if place.lat is not None and place.long is not None:
            pairs += [("lat", place.lat), ("long", place.long)]
        if place.within:
            pairs.append(("within", place.within))
        return self.record(pairs)

    def actor(self, actor: Actor) -> str:
        pairs = [("id", actor.slug), ("type", actor.cls), ("label", self.text(actor.label))]
        if actor.job_title:
            pairs.append(("jobTitle", self.text(actor.job_title)))
        if actor.member_of:
            pairs.append(("memberOf", actor.member_of))
        if actor.backed_by:
            pairs.append(("backedBy", actor.backed_by))
        return self.record(pairs)

    def source(self, source: Source) -> str:
        pairs = [
            ("id", source.slug),
            ("type", "Source"),
            ("label", self.text(source.label)),
            ("date", source.date.isoformat()),
            ("publisher", source.publisher),
            ("url", source.url),
        ]
        return self.record(pairs)

    def event(self, event: Event) -> str:
        pairs = [
            ("id", event.slug),
            ("type", event.cls),
            ("label", self.text(event.label)),
            ("actionType", event.action),
            ("agent", self.many(event.agents)),
        ]
        if event.targets:
            pairs.append(("target", self.many([t.slug for t in event.targets])))
        pairs.append(("place", event.place))
        pairs.append(("time", self.timespan(event.time)))
        if event.fatalities is not None:
            pairs.append(("fatalities", self.quantity(event.fatalities)))
        if event.part_of:
            pairs.append(("partOf", event.part_of))
        if event.quote:
            pairs.append(("quote", self.text(event.quote)))
        pairs.append(("reportedIn", event.reported_in))
        text = self.record(pairs)
        if event.claims:
            text += "claims:\n" + "".join(self.claim(c) for c in event.claims)
        return text

    def timespan(self, time: TimeSpec) -> str:
        if time.form == "day" and time.start:
            return time.start.isoformat()
        if time.form == "month" and time.start:
            return f'"{time.start.isoformat()[:7]}"'
        items: list[str] = []
        if time.start:
            items.append(f"earliestStart: {time.start.isoformat()}")
        if time.end:
            items.append(f"latestEnd: {time.end.isoformat()}")
        if time.verbatim:
            items.append(f"verbatim: {self.text(time.verbatim)}")
        if time.relative_to:
            items.append(f"relativeTo: {time.relative_to.slug}")
        return "{" + ", ".join(items) + "}"

    def quantity(self, count: Count) -> str:
        if count.value is not None and count.min_value is None and not count.verbatim:
            return str(count.value)
        items: list[str] = []
        if count.value is not None:
            items.append(f"value: {count.value}")
        if count.min_value is not None:
            items.append(f"minValue: {count.min_value}")
        if count.verbatim:
            items.append(f"verbatim: {self.text(count.verbatim)}")
        return "{" + ", ".join(items) + "}"

    def claim(self, claim: Claim) -> str:
        return (
            f"  - id: {claim.ident}\n"
            f"    claimant: {claim.claimant}\n"
            "    claimProperty: fatalities\n"
            f"    claimValue: {self.quantity(claim.value)}\n"
            f"    reportedIn: {claim.reported_in}\n"
            f"    madeIn: {claim.made_in}\n"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic", description="Write a synthetic ld-events project."
    )
    parser.add_argument("out", type=Path, help="project folder to write (created)")
    parser.add_argument("--events", type=int, default=1000, help="number of events (default 1000)")
    parser.add_argument("--format", choices=FORMATS, default="ttl", help="source syntax")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    write_project(args.out, args.events, args.format, args.seed)
    print(f"wrote {args.out} ({args.events} events, {args.format})")


if __name__ == "__main__":
    main()
