"""Made-up rows in ACLED's export format: ``python -m benchmarks.acled_rows N out.csv``.

Never real ACLED data (which may not be redistributed): every actor, place, source and note
is invented from a fixed seed, so the same N always writes the same file. The columns are
those the ACLED mapping reads (docs/mappings/acled.csvw.json), the sub-event types those of
its crosswalk, with a few hundred actors and places that recur as in a real export.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import random
from pathlib import Path

MAPPING = Path(__file__).resolve().parent.parent / "docs" / "mappings" / "acled.csvw.json"
COLUMNS = [
    "event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2",
    "interaction", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities",
]  # fmt: skip
COUNTRIES = ["Ruritania", "Syldavia", "Borduria", "Freedonia", "Genovia"]
GROUPS = ["Liberation Front", "Defence Militia", "Youth Movement", "Farmers Union", "Brigade"]
SCALES = ["Local", "National", "Regional", "International", "National-International"]


def sub_event_types() -> list[str]:
    """The sub-event types of the ACLED mapping's crosswalk."""
    mapping = json.loads(MAPPING.read_text("utf-8"))
    column = next(c for c in mapping["tableSchema"]["columns"] if c.get("name") == "sub_event_type")
    return sorted(column["lde:valueMap"])


def write_rows(count: int, out: Path, seed: int = 12) -> None:
    chance = random.Random(seed)
    kinds = sub_event_types()
    actors = [f"{g} of {c}" for c in COUNTRIES for g in GROUPS]
    actors += [f"Military Forces of {c} (2020-)" for c in COUNTRIES]
    places = [
        (
            country,
            f"Region {r}",
            f"District {r}-{d}",
            "" if t else f"Area {r}-{d}",
            f"Town {r}-{d}-{t}",
        )
        for country in COUNTRIES
        for r in range(6)
        for d in range(4)
        for t in range(3)
    ]
    coordinates = {
        place: (round(chance.uniform(-60, 60), 4), round(chance.uniform(-170, 170), 4))
        for place in places
    }
    start = datetime.date(2020, 1, 1)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number in range(1, count + 1):
            place = chance.choice(places)
            lat, long = coordinates[place]
            kind = chance.choice(kinds)
            actor1, actor2 = chance.choice(actors), chance.choice(["", *actors])
            day = start + datetime.timedelta(days=chance.randrange(1500))
            sources = chance.sample(["Herald", "Gazette", "Courier", "Radio Free Zenda"], 2)
            writer.writerow([
                f"{place[0][:3].upper()}{number}", day.isoformat(), "Made-up type", kind,
                actor1, actor2, str(chance.randrange(10, 88)), *place, str(lat), str(long),
                str(chance.randint(1, 3)), "; ".join(sources), chance.choice(SCALES),
                f"On {day:%d %B %Y}, {actor1} ({kind.lower()}) in {place[4]}, made up.",
                str(chance.choice([0, 0, 0, 1, 2, 5])),
            ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    write_rows(args.rows, args.out)


if __name__ == "__main__":
    main()
