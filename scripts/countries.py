"""Write the country table as a SKOS concept scheme: ontology/countries.ttl.

    python scripts/countries.py --natural-earth ne_50m_admin_0_countries.geojson
        [--data ../shared/data/cameo] [--out ontology/countries.ttl]

Reads (see ../shared/data/README.md for the tables in ``--data``):

- **Natural Earth's admin-0 countries** (1:50m, version 5, public domain): one feature per
  country, dependency or disputed territory, with its ISO 3166-1 codes, FIPS 10-4 code and
  Wikidata item (``WIKIDATAID``). This is the list of countries: each gets a concept, and only
  Natural Earth gives the Wikidata links.
- **GeoNames' countryInfo.txt** (CC BY 4.0): ISO 3166-1 → FIPS 10-4, and names.
- **py-gdelt's countries.json** (MIT): GDELT's own FIPS 10-4 table (FIPS → ISO 3166-1).
- **GDELT's cameoCountry.txt** (spark-gdelt, Apache-2.0): the CAMEO country codes, which are
  ISO 3166-1 alpha-3 codes but for a few older ones (:data:`CAMEO_CODES`) and regions.

How the tables are joined (every decision is printed, and written in the file's header):

- A country's ISO codes are Natural Earth's ``ISO_A2``/``ISO_A3``; where Natural Earth writes
  none (``-99``) or not a code (Taiwan's ``CN-TW``), its ``ISO_A2_EH``/``ISO_A3_EH``, if GeoNames
  lists the country under the same code.
- A country's FIPS code is Natural Earth's ``FIPS_10`` when GeoNames and GDELT's table do not
  contradict it. Where Natural Earth has none, or GeoNames and GDELT's table agree on another
  one, theirs is taken; where the tables disagree otherwise, the country gets no FIPS code.
- A FIPS or CAMEO code that no country gets is reported, never guessed: GDELT places and actors
  with it are linked to no country.

The output is the same bytes for the same input: concepts sorted by their local name, which is
the ISO alpha-3 code (Natural Earth's ``ADM0_A3`` for the few without one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "cameo"
NATURAL_EARTH = REPO.parent / "shared" / "data" / "naturalearth"
NATURAL_EARTH /= "ne_50m_admin_0_countries.geojson"
OUT = REPO / "ontology" / "countries.ttl"

#: CAMEO country codes that are not the ISO alpha-3 code of their country: code → ISO alpha-3.
#: Each was checked by name (CAMEO's label, Natural Earth's and GeoNames' names agree).
CAMEO_CODES = {
    "IMY": "IMN",  # Isle of Man (ISO 3166-1: IMN)
    "MTN": "MNE",  # Montenegro (ISO 3166-1: MNE, since 2006)
    "ROM": "ROU",  # Romania (ISO 3166-1: ROU since 2002; ROM before)
    "TMP": "TLS",  # East Timor (ISO 3166-1: TLS since 2002; TMP before)
}
#: ICEWS's names of countries that match none of the tables' names: name → ISO alpha-3. ICEWS
#: writes some countries in the inverted style of ISO 3166-1's English short names.
ICEWS_NAMES = {
    "Democratic Republic of Congo": "COD",
    "Holy See (Vatican City State)": "VAT",
    "Palestinian Territory, Occupied": "PSE",
    "Virgin Islands, U.S.": "VIR",
}
#: Natural Earth's public-domain notice and the credit it asks for.
NATURAL_EARTH_SITE = "https://www.naturalearthdata.com/"
NATURAL_EARTH_TERMS = "https://www.naturalearthdata.com/about/terms-of-use/"
GEONAMES = "https://download.geonames.org/export/dump/countryInfo.txt"
GEONAMES_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PY_GDELT = "https://github.com/RBozydar/py-gdelt/tree/6d1becc2690cabedcf6f651567e77e5a5ad5838c"
SPARK_GDELT = "https://github.com/aamend/spark-gdelt/tree/c3f4cc548f5cedadacb8c1195e08e66aca2b6f71"
WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class TableError(Exception):
    """The input is not the table this script knows how to read."""


@dataclass
class Country:
    key: str  # the local name: ISO alpha-3, else Natural Earth's ADM0_A3
    name: str
    wikidata: str
    iso2: str | None
    iso3: str | None
    fips: str | None = None
    cameo: str | None = None
    names: set[str] = field(default_factory=set)


@dataclass
class Tables:
    """The three code tables beside Natural Earth's."""

    #: GeoNames: ISO alpha-2 → (ISO alpha-3, FIPS or "", name).
    geonames: dict[str, tuple[str, str, str]]
    #: GDELT's FIPS table (py-gdelt): FIPS → (ISO alpha-2, ISO alpha-3, name).
    gdelt_fips: dict[str, tuple[str, str, str]]
    #: GDELT's CAMEO country codes: code → label.
    cameo: dict[str, str]


def normalised(name: str) -> str:
    """How names are compared: ASCII, lowercase, punctuation and spacing folded."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NOT_WORD.sub(" ", ascii_name.lower()).strip()


def _code(value: object, length: int) -> str | None:
    text = str(value or "")
    return text if len(text) == length and text.isalpha() and text.isupper() else None


def read_natural_earth(path: Path) -> list[dict[str, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list) or not features:
        raise TableError(f"{path}: not a GeoJSON feature collection")
    rows = [f.get("properties") for f in features]
    needed = {"ADM0_A3", "ADMIN", "FIPS_10", "ISO_A2", "ISO_A3", "WIKIDATAID"}
    for row in rows:
        if not isinstance(row, dict) or not needed <= set(row):
            raise TableError(f"{path}: a feature lacks one of {sorted(needed)}")
    return rows


def read_tables(data: Path) -> Tables:
    geonames: dict[str, tuple[str, str, str]] = {}
    for line in (data / "countryInfo.txt").read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 5 or cells[0] == "ISO":
            continue
        geonames[cells[0]] = (cells[1], cells[3].strip(), cells[4].strip())
    raw = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    gdelt_fips = {fips: (e["iso2"], e["iso3"], e["name"]) for fips, e in raw.items()}
    lines = (data / "cameoCountry.txt").read_text(encoding="utf-8").splitlines()
    cameo = dict(line.split("\t", 1) for line in lines[1:] if line.strip())
    return Tables(geonames, gdelt_fips, cameo)


def countries(rows: list[dict[str, object]], tables: Tables, say: list[str]) -> list[Country]:
    """Natural Earth's rows as countries, their codes checked against the other tables;
    each decision is appended to ``say``."""
    own = {_code(row[k], n) for row in rows for k, n in (("ISO_A2", 2), ("ISO_A3", 3))}
    found = [_country(row, tables, own, say) for row in rows]
    _fips(found, tables, say)
    _cameo(found, tables, say)
    by_iso3 = {c.iso3: c for c in found if c.iso3}
    for name, iso3 in ICEWS_NAMES.items():
        if iso3 not in by_iso3:
            say.append(f"ICEWS's name '{name}' is ISO {iso3}, no country here: not linked")
            continue
        by_iso3[iso3].names.add(name)
        say.append(f"ICEWS's name '{name}' is {by_iso3[iso3].name}, ISO {iso3}")
    _unique_names(found, say)
    return sorted(found, key=lambda c: c.key)


def _country(
    row: dict[str, object], tables: Tables, own: set[str | None], say: list[str]
) -> Country:
    """One of Natural Earth's rows; ``own`` holds the ISO codes rows give as their own (an
    ``_EH`` code that is another row's own code is that other country's, not this one's)."""
    name = str(row["ADMIN"])
    wikidata = str(row["WIKIDATAID"] or "")
    if not WIKIDATA_ID.fullmatch(wikidata):
        raise TableError(f"{name}: '{wikidata}' is not a Wikidata item")
    iso2, iso3 = _code(row["ISO_A2"], 2), _code(row["ISO_A3"], 3)
    for given, length, eh in ((iso2, 2, "ISO_A2_EH"), (iso3, 3, "ISO_A3_EH")):
        fallback = _code(row.get(eh), length)
        if given is None and fallback is not None:
            by_iso2 = tables.geonames.get(fallback if length == 2 else iso2 or "")
            listed = fallback in tables.geonames or (by_iso2 is not None and by_iso2[0] == fallback)
            if fallback in own:
                say.append(f"{name}: {eh} {fallback} is another country's: no ISO code taken")
            elif listed:
                say.append(f"{name}: ISO {length}-letter code {fallback} from {eh} (and GeoNames)")
                iso2, iso3 = (fallback, iso3) if length == 2 else (iso2, fallback)
            else:
                say.append(f"{name}: {eh} {fallback} is not GeoNames' code: no ISO code taken")
    if iso2 is not None and iso3 is None and iso2 in tables.geonames:
        iso3 = tables.geonames[iso2][0]
        say.append(f"{name}: ISO alpha-3 {iso3} from GeoNames ({iso2})")
    key = iso3 or str(row["ADM0_A3"])
    names = {str(row[k]) for k in ("ADMIN", "NAME", "NAME_LONG", "FORMAL_EN") if row.get(k)}
    if iso2 in tables.geonames:
        names.add(tables.geonames[iso2][2])
    fips = str(row["FIPS_10"]) if _code(row["FIPS_10"], 2) else None
    return Country(key, name, wikidata, iso2, iso3, fips, None, names)


def _fips(found: list[Country], tables: Tables, say: list[str]) -> None:
    by_iso2: dict[str, list[str]] = defaultdict(list)
    for fips, (iso2, _, _) in tables.gdelt_fips.items():
        by_iso2[iso2].append(fips)
    for country in found:
        geonames = tables.geonames.get(country.iso2 or "", ("", "", ""))[1] or None
        gdelt = by_iso2.get(country.iso2 or "", [])
        gdelt_one = gdelt[0] if len(gdelt) == 1 else None
        ne = country.fips
        if ne is not None and geonames in (None, ne) and gdelt_one in (None, ne):
            continue
        if geonames is not None and geonames == gdelt_one:
            what = f"Natural Earth gives {ne}" if ne else "Natural Earth gives none"
            agree = "GeoNames and GDELT's table agree"
            say.append(f"{country.name}: FIPS {geonames} ({what}; {agree})")
            country.fips = geonames
        elif ne is None and (geonames or gdelt_one) and not (geonames and gdelt_one):
            only = geonames or gdelt_one
            where = "GeoNames" if geonames else "GDELT's table"
            say.append(f"{country.name}: FIPS {only} (only in {where})")
            country.fips = only
        else:
            tables_say = f"Natural Earth {ne}, GeoNames {geonames}, GDELT {gdelt or None}"
            if ne is not None or geonames or gdelt:
                say.append(f"{country.name}: no FIPS code: the tables disagree ({tables_say})")
            country.fips = None
    owners: dict[str, list[Country]] = defaultdict(list)
    for country in found:
        if country.fips:
            owners[country.fips].append(country)
    for fips, shared in sorted(owners.items()):
        if len(shared) > 1:
            names = ", ".join(c.name for c in shared)
            say.append(f"FIPS {fips} is given to {names}: linked to none of them")
            for country in shared:
                country.fips = None
    for fips, (_, _, name) in sorted(tables.gdelt_fips.items()):
        if fips not in {c.fips for c in found}:
            say.append(f"GDELT's FIPS {fips} ({name}) is no country here: not linked")


def _cameo(found: list[Country], tables: Tables, say: list[str]) -> None:
    by_iso3 = {c.iso3: c for c in found if c.iso3}
    for code, label in sorted(tables.cameo.items()):
        iso3 = CAMEO_CODES.get(code, code)
        country = by_iso3.get(iso3)
        if country is None:
            say.append(f"CAMEO {code} ({label}) is no country here: not linked")
            continue
        country.cameo = code
        country.names.add(label)
        if iso3 != code:
            say.append(f"CAMEO {code} ({label}) is {country.name}, ISO {iso3}")


def _unique_names(found: list[Country], say: list[str]) -> None:
    """Names that would match two countries are dropped from both (ICEWS matches by name)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for country in found:
        for name in country.names:
            owners[normalised(name)].add(country.key)
    for country in found:
        for name in sorted(country.names):
            if len(owners[normalised(name)]) > 1 and name != country.name:
                say.append(f"{country.name}: name '{name}' is another country's too: dropped")
                country.names.discard(name)


# -- Turtle -------------------------------------------------------------------------------------

PREFIXES = {
    "ctry": "https://w3id.org/ld-events/country#",
    "dcterms": "http://purl.org/dc/terms/",
    "lde": "https://w3id.org/ld-events/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
}
CREDIT = (
    "Made with Natural Earth: the countries, their ISO 3166-1 and FIPS 10-4 codes and their "
    "Wikidata items are Natural Earth's admin-0 countries (1:50m, version 5; public domain). "
    "FIPS codes Natural Earth lacks, and the check of every code, from GeoNames' countryInfo.txt "
    "(GeoNames, CC BY 4.0) and from GDELT's FIPS table as distributed with py-gdelt (MIT License, "
    "Copyright (c) 2026 RBozydar); CAMEO country codes from GDELT's cameoCountry.txt as "
    "distributed with spark-gdelt (Apache License 2.0)."
)


def literal(text: str, language: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{language}" if language else "")


def header(found: list[Country], say: list[str], digest: str) -> Iterator[str]:
    yield "# Countries as a SKOS concept scheme (ctry:scheme), linked to Wikidata."
    yield "#"
    yield "# GENERATED by scripts/countries.py from Natural Earth's admin-0 countries and the"
    yield "# code tables in ../shared/data/cameo; do not edit by hand. Rerun the script instead:"
    yield "# it writes the same bytes from the same input."
    yield "#"
    yield f"# {len(found)} countries, dependencies and disputed territories (Natural Earth's"
    yield "# admin-0 units). Each: skos:prefLabel its name, skos:altLabel other names (matched"
    yield "# by ICEWS's country names), lde:isoAlpha2 / lde:isoAlpha3 its ISO 3166-1 codes,"
    yield "# lde:countryCode its FIPS 10-4 code (GDELT's), lde:cameoCountry its CAMEO code, and"
    yield "# skos:exactMatch its Wikidata item. What the script decided, table by table:"
    yield "#"
    for line in say:
        yield f"#   {line}"
    yield "#"
    yield "# Sources and licences:"
    yield "#   Natural Earth admin-0 countries: ne_50m_admin_0_countries.geojson, SHA-256"
    yield f"#     {digest}, {NATURAL_EARTH_SITE} (public domain,"
    yield f'#     {NATURAL_EARTH_TERMS}); "Made with Natural Earth".'
    yield f"#   GeoNames countryInfo.txt: {GEONAMES}, CC BY 4.0 ({GEONAMES_LICENSE})."
    yield f"#   countries.json: {PY_GDELT}, MIT License, Copyright (c) 2026 RBozydar."
    yield f"#   cameoCountry.txt: {SPARK_GDELT}, Apache License 2.0."
    yield ""


def scheme() -> Iterator[str]:
    definition = (
        "The countries, dependencies and disputed territories of Natural Earth's admin-0 map "
        "units, with the codes event data sets name them by (ISO 3166-1, the FIPS 10-4 codes "
        "of GDELT's places, the CAMEO country codes of GDELT's actors) and their Wikidata "
        "items. The local name of each concept is its ISO 3166-1 alpha-3 code."
    )
    yield "ctry:scheme"
    yield "  a skos:ConceptScheme ;"
    yield f"  skos:prefLabel {literal('Countries')} ;"
    yield f"  skos:definition {literal(definition)} ;"
    yield f"  dcterms:rights {literal(CREDIT)} ;"
    yield f"  dcterms:license <{NATURAL_EARTH_TERMS}> ,"
    yield f"    <{GEONAMES_LICENSE}> ,"
    yield "    <https://opensource.org/license/mit> ,"
    yield "    <https://www.apache.org/licenses/LICENSE-2.0> ;"
    yield f"  dcterms:source <{NATURAL_EARTH_SITE}> ,"
    yield f"    <{GEONAMES}> ,"
    yield f"    <{PY_GDELT}> ,"
    yield f"    <{SPARK_GDELT}> ."
    yield ""


def concept(country: Country) -> Iterator[str]:
    yield f"ctry:{country.key}"
    yield "  a lde:Country , skos:Concept ;"
    yield f"  skos:prefLabel {literal(country.name)} ;"
    for name in sorted(n for n in country.names if n != country.name):
        yield f"  skos:altLabel {literal(name)} ;"
    yield f"  skos:notation {literal(country.key, None)} ;"
    yield "  skos:inScheme ctry:scheme ;"
    yield "  skos:topConceptOf ctry:scheme ;"
    codes = [("isoAlpha2", country.iso2), ("isoAlpha3", country.iso3)]
    codes += [("countryCode", country.fips), ("cameoCountry", country.cameo)]
    for prop, code in codes:
        if code:
            yield f"  lde:{prop} {literal(code, None)} ;"
    yield f"  skos:exactMatch wd:{country.wikidata} ."
    yield ""


def turtle(found: list[Country], say: list[str], digest: str) -> str:
    lines = [*header(found, say, digest)]
    lines += [f"@prefix {name}: <{iri}> ." for name, iri in PREFIXES.items()]
    lines.append("")
    lines += scheme()
    for country in found:
        lines += concept(country)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--natural-earth", type=Path, default=NATURAL_EARTH, help="the GeoJSON")
    parser.add_argument("--data", type=Path, default=DATA, help="the folder of the code tables")
    parser.add_argument("--out", type=Path, default=OUT, help="the Turtle file to write")
    args = parser.parse_args(argv)
    say: list[str] = []
    try:
        found = countries(read_natural_earth(args.natural_earth), read_tables(args.data), say)
        digest = hashlib.sha256(args.natural_earth.read_bytes()).hexdigest()
    except (OSError, ValueError, KeyError, TableError) as error:
        print(f"countries: {error}", file=sys.stderr)
        return 2
    text = turtle(found, say, digest)
    args.out.write_bytes(text.encode("utf-8"))
    print("\n".join(say))
    print(f"wrote {args.out}: {len(found)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
