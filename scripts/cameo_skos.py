"""Write the CAMEO event codebook as a SKOS concept scheme: ontology/cameo.ttl.

    python scripts/cameo_skos.py [--data ../shared/data/cameo] [--out ontology/cameo.ttl]

Reads the codebook as data (see ../shared/data/README.md for where each file comes from):

- ``cameo_codes.json`` (py-gdelt, MIT): every code of the CAMEO manual 1.1b3 with its name,
  parent, quad class, usage notes and example sentences. This is the list of concepts.
- ``cameoEvent.txt`` (spark-gdelt, Apache-2.0): GDELT's table of the codes it uses. Only
  checked against: every GDELT code must be a concept, and the codes GDELT lacks are named in
  the output's header.

The output is the same bytes for the same input: concepts sorted by code, no timestamps.

What is corrected, and why (each correction is checked to still apply, so a fixed input fails
loudly instead of being "corrected" again):

- Code ``1883`` is CAMEO 183 misprinted: its parent ``188`` does not exist, its name is that of
  183 in the manual and in GDELT's table, and 1831-1834 name ``183`` as their parent.
- ``Threate n``, split by the PDF's line breaks, is ``Threaten`` (18 names).
- Three names cut short at a line break are completed as in the manual (and GDELT's table).
- The root names, set in capitals in the manual, are written in sentence case.

Goldstein scores come from GDELT's own lookup table, ``CAMEO.goldsteinscale.txt``, shipped in
``scripts/data/`` (see its README): every real GDELT row in ../shared/data/gdelt carries the
score it gives the row's code (tests/test_cameo.py). Not taken: py-gdelt's
``cameo_goldstein.json``, which disagrees with those rows for 46 of the 53 codes they use (020:
3.0 in GDELT, 1.0 in the table; 0874: 10.0 and 8.0; 190: -10.0 and -8.0).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "cameo"
OUT = REPO / "ontology" / "cameo.ttl"
GOLDSTEIN = REPO / "scripts" / "data" / "CAMEO.goldsteinscale.txt"
GOLDSTEIN_SOURCE = "http://gdeltproject.org/data/lookups/CAMEO.goldsteinscale.txt"
_SCORE = re.compile(r"-?(?:10|[0-9])\.[0-9]")

#: Codes misprinted in cameo_codes.json: the printed code and the real one.
CODE_FIXES = {"1883": "183"}
#: Names cut short at a line break of the manual, completed.
NAME_FIXES = {
    "125": ("Reject proposal to meet,", "Reject proposal to meet, discuss, or negotiate"),
    "127": ("Reject plan, agreement", "Reject plan, agreement to settle dispute"),
    "128": ("Defy", "Defy norms, law"),
}
SPLIT_WORD = re.compile(r"\bThreate n\b")
#: What the quad classes of cameo_codes.json mean.
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

PY_GDELT = "https://github.com/RBozydar/py-gdelt/tree/6d1becc2690cabedcf6f651567e77e5a5ad5838c"
SPARK_GDELT = "https://github.com/aamend/spark-gdelt/tree/c3f4cc548f5cedadacb8c1195e08e66aca2b6f71"
MANUAL = "http://data.gdeltproject.org/documentation/CAMEO.Manual.1.1b3.pdf"
CITATION = (
    "Schrodt, Philip A. (2012). CAMEO: Conflict and Mediation Event Observations Event and Actor "
    "Codebook, version 1.1b3. Pennsylvania State University."
)


@dataclass(frozen=True)
class Code:
    notation: str
    label: str
    parent: str | None
    quad_class: int
    usage_notes: str | None
    examples: tuple[str, ...]
    goldstein: str | None = None  # GDELT's score, as written ("-9.5")


class CodebookError(Exception):
    """The input is not the codebook this script knows how to read."""


def read_codes(data: Path) -> list[Code]:
    raw = json.loads((data / "cameo_codes.json").read_text(encoding="utf-8"))
    codes = [_code(notation, entry) for notation, entry in raw.items()]
    _check_hierarchy(codes)
    return sorted(codes, key=lambda c: c.notation)


def _code(printed: str, entry: dict[str, object]) -> Code:
    notation = CODE_FIXES.get(printed, printed)
    parent = entry.get("parent")
    if printed in CODE_FIXES:
        parent = notation[:-1]
    if not (isinstance(parent, str) or (parent is None and entry.get("root") is True)):
        raise CodebookError(f"{printed}: neither a parent nor a root")
    quad = entry["quad_class"]
    notes = entry.get("usage_notes")
    examples = entry.get("examples", [])
    if not isinstance(quad, int) or quad not in QUAD_CLASSES:
        raise CodebookError(f"{printed}: unexpected quad class {quad!r}")
    if not (notes is None or isinstance(notes, str)):
        raise CodebookError(f"{printed}: usage notes are not text")
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise CodebookError(f"{printed}: examples are not a list of strings")
    return Code(
        notation=notation,
        label=_label(notation, str(entry["name"]), is_root=parent is None),
        parent=parent,
        quad_class=quad,
        usage_notes=_clean(notes) if notes else None,
        examples=tuple(_clean(e) for e in examples if e.strip()),
    )


def _label(notation: str, name: str, *, is_root: bool) -> str:
    if notation in NAME_FIXES:
        cut, whole = NAME_FIXES[notation]
        if name != cut:
            raise CodebookError(f"{notation}: name {name!r} is no longer {cut!r}: drop the fix")
        name = whole
    name = SPLIT_WORD.sub("Threaten", _clean(name))
    return name.capitalize() if is_root else name


def _clean(text: str) -> str:
    return " ".join(text.split())


def _check_hierarchy(codes: list[Code]) -> None:
    by_notation = {c.notation: c for c in codes}
    if len(by_notation) != len(codes):
        raise CodebookError("a code is listed twice")
    for code in codes:
        if code.parent is None:
            if len(code.notation) != 2:
                raise CodebookError(f"{code.notation}: a root code has two digits")
        elif code.parent not in by_notation or code.notation[:-1] != code.parent:
            raise CodebookError(f"{code.notation}: parent {code.parent} is not its prefix code")


def read_goldstein(path: Path) -> dict[str, str]:
    """GDELT's Goldstein score of each code, as written: ``CAMEOEVENTCODE<TAB>GOLDSTEINSCALE``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != ["CAMEOEVENTCODE", "GOLDSTEINSCALE"]:
        raise CodebookError(f"{path}: not GDELT's Goldstein table (its header)")
    scores = {}
    for number, line in enumerate(lines[1:], start=2):
        code, _, score = line.partition("\t")
        if not code.isdigit() or not _SCORE.fullmatch(score):
            raise CodebookError(f"{path}:{number}: not a code and a score: {line!r}")
        scores[code] = score
    return scores


def with_scores(codes: list[Code], scores: dict[str, str]) -> list[Code]:
    unknown = sorted(set(scores) - {c.notation for c in codes})
    if unknown:
        raise CodebookError(f"Goldstein scores of codes the codebook lacks: {unknown}")
    return [replace(c, goldstein=scores.get(c.notation)) for c in codes]


def gdelt_codes(data: Path) -> list[str]:
    """The codes of GDELT's table (cameoEvent.txt: a header, then code TAB description)."""
    lines = (data / "cameoEvent.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.split("\t")[0] for line in lines[1:] if line.strip())


# -- Turtle -------------------------------------------------------------------------------------


def literal(text: str, language: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{language}" if language else "")


def header(codes: list[Code], gdelt: list[str], only_in_codebook: list[str]) -> Iterator[str]:
    yield "# CAMEO event codes as a SKOS concept scheme (cameo:scheme)."
    yield "#"
    yield "# GENERATED by scripts/cameo_skos.py from the CAMEO codebook as data; do not edit by"
    yield "# hand. Rerun the script instead: it writes the same bytes from the same input."
    yield "#"
    yield f"# {len(codes)} codes: every event code of the CAMEO manual 1.1b3, as listed in"
    yield "# py-gdelt's cameo_codes.json. GDELT's table of event codes (cameoEvent.txt,"
    extra = ", ".join(only_in_codebook)
    yield f"# {len(gdelt)} codes) lacks {len(only_in_codebook)} of them: {extra}."
    yield "# These are codes of the manual all the same (cyber forces and attacks, location"
    yield "# bombing, precision-guided and remotely piloted aerial munitions; GDELT's line for 106"
    yield "# is run into 1056's), and ld-events' own action types map to one of them"
    yield "# (act:droneAttack is cameo:1952)."
    yield "#"
    yield "# Each concept: skos:notation the code as written (leading zeros kept), skos:prefLabel"
    yield "# the codebook's name, skos:broader its parent (the 20 roots are top concepts),"
    yield "# skos:scopeNote the manual's usage notes, skos:example its example sentences, and"
    yield "# lde:quadClass its quad class (1 verbal cooperation, 2 material cooperation, 3 verbal"
    yield "# conflict, 4 material conflict; roots 01-05, 06-08, 09-13, 14-20). GDELT's own event"
    yield "# rows class root 09 as material cooperation and root 14 as verbal conflict instead."
    scored = sum(1 for c in codes if c.goldstein is not None)
    unscored = ", ".join(c.notation for c in codes if c.goldstein is None)
    yield f"# lde:goldsteinScale the score GDELT gives the code ({scored} codes; not {unscored}),"
    yield "# from GDELT's own CAMEO.goldsteinscale.txt (see the script)."
    yield "#"
    yield "# Sources and licences:"
    yield f"#   CAMEO manual: {CITATION}"
    yield f"#     {MANUAL}"
    yield f"#   cameo_codes.json: {PY_GDELT}"
    yield "#     MIT License, Copyright (c) 2026 RBozydar; the notice below."
    yield f"#   cameoEvent.txt (checked against): {SPARK_GDELT}"
    yield "#     Apache License 2.0, https://www.apache.org/licenses/LICENSE-2.0"
    yield f"#   Goldstein scores: the GDELT Project, {GOLDSTEIN_SOURCE}"
    yield "#     free and open for any use, citing the GDELT Project (https://www.gdeltproject.org/)"
    yield "#"
    for line in MIT_NOTICE.strip().splitlines():
        yield f"#   {line}".rstrip()
    yield ""


MIT_NOTICE = """
Copyright (c) 2026 RBozydar

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

PREFIXES = {
    "cameo": "https://w3id.org/ld-events/cameo#",
    "dcterms": "http://purl.org/dc/terms/",
    "lde": "https://w3id.org/ld-events/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


def scheme(codes: list[Code]) -> Iterator[str]:
    roots = [f"cameo:{c.notation}" for c in codes if c.parent is None]
    definition = (
        "The event codes of CAMEO (Conflict and Mediation Event Observations), the codebook with "
        "which GDELT and other event data sets code who did what to whom: 20 root codes, from "
        "public statements to mass violence, and the codes under them. The notation of each "
        "concept is its CAMEO code, as written (leading zeros kept)."
    )
    credit = (
        "CAMEO event codebook by Philip A. Schrodt et al. Converted to SKOS by ld-events from "
        "py-gdelt's cameo_codes.json (MIT License, Copyright (c) 2026 RBozydar), checked against "
        "GDELT's event-code table as distributed with spark-gdelt (Apache License 2.0). Goldstein "
        "scores from the GDELT Project's CAMEO.goldsteinscale.txt (https://www.gdeltproject.org/)."
    )
    yield "cameo:scheme"
    yield "  a skos:ConceptScheme ;"
    yield f"  skos:prefLabel {literal('CAMEO event codes')} ;"
    yield f"  skos:definition {literal(definition)} ;"
    yield f"  dcterms:bibliographicCitation {literal(CITATION)} ;"
    yield f"  dcterms:rights {literal(credit)} ;"
    yield "  dcterms:license <https://opensource.org/license/mit> ,"
    yield "    <https://www.apache.org/licenses/LICENSE-2.0> ;"
    yield f"  dcterms:source <{PY_GDELT}> ,"
    yield f"    <{SPARK_GDELT}> ,"
    yield f"    <{GOLDSTEIN_SOURCE}> ;"
    yield f"  rdfs:seeAlso <{MANUAL}> ;"
    yield "  skos:hasTopConcept " + " ,\n    ".join(roots) + " ."
    yield ""


def concept(code: Code) -> Iterator[str]:
    yield f"cameo:{code.notation}"
    yield "  a skos:Concept ;"
    yield f"  skos:prefLabel {literal(code.label)} ;"
    yield f"  skos:notation {literal(code.notation, None)} ;"
    yield "  skos:inScheme cameo:scheme ;"
    if code.parent is None:
        yield "  skos:topConceptOf cameo:scheme ;"
    else:
        yield f"  skos:broader cameo:{code.parent} ;"
    if code.usage_notes:
        yield f"  skos:scopeNote {literal(code.usage_notes)} ;"
    for example in code.examples:
        yield f"  skos:example {literal(example)} ;"
    if code.goldstein is not None:
        yield f"  lde:goldsteinScale {code.goldstein} ;"
    yield f"  lde:quadClass {code.quad_class} ."
    yield ""


def turtle(codes: list[Code], gdelt: list[str]) -> str:
    known = {c.notation for c in codes}
    missing = [g for g in gdelt if g not in known]
    if missing:
        raise CodebookError(f"GDELT codes missing from the codebook: {missing}")
    only_in_codebook = sorted(known - set(gdelt))
    lines = [*header(codes, gdelt, only_in_codebook)]
    lines += [f"@prefix {name}: <{iri}> ." for name, iri in PREFIXES.items()]
    lines.append("")
    lines += scheme(codes)
    for code in codes:
        lines += concept(code)
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DATA, help="the folder of the codebook files")
    parser.add_argument("--out", type=Path, default=OUT, help="the Turtle file to write")
    parser.add_argument("--goldstein", type=Path, default=GOLDSTEIN, help="GDELT's score table")
    args = parser.parse_args(argv)
    try:
        codes = with_scores(read_codes(args.data), read_goldstein(args.goldstein))
        text = turtle(codes, gdelt_codes(args.data))
    except (OSError, ValueError, KeyError, CodebookError) as error:
        print(f"cameo_skos: {error}", file=sys.stderr)
        return 2
    args.out.write_bytes(text.encode("utf-8"))
    print(f"wrote {args.out}: {text.count(' a skos:Concept ;')} concepts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
