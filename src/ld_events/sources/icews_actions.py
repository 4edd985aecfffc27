"""ICEWS action names → CAMEO event codes, by the names in ``ontology/cameo.ttl``.

ICEWS writes the CAMEO name of an event's code, not the code ("Make statement",
"Arrest, detain, or charge with legal action"). A name is matched to a code by its normalised
form: lowercase, every run of characters other than letters and digits one space, and CAMEO's
own suffix ", not specified below" dropped (CAMEO names a code that has children that way:
"Make statement, not specified below" is 010). When two codes then share a name, the more
specific one wins: "Consult" is 040 (the code events are coded with), not the branch 04.

The names that match no code so are in :data:`LEFTOVERS`, each with its code and why.
"""

from __future__ import annotations

import re

SUFFIX = ", not specified below"
_NOT_WORD = re.compile(r"[^a-z0-9]+")

#: ICEWS action names no name of the CAMEO scheme matches, and the code each is read as.
LEFTOVERS: dict[str, str] = {
    # CAMEO 1.1b3 has no "reject judicial cooperation" (1213 in later ICEWS codebooks); it is
    # read as its broader code, 121 "Reject material cooperation".
    "Reject judicial cooperation": "121",
}


def normalised(name: str) -> str:
    """The form names are matched by: lowercase, punctuation and spacing folded, no suffix."""
    lowered = name.strip().lower().removesuffix(SUFFIX)
    return _NOT_WORD.sub(" ", lowered).strip()


def action_codes(cameo_labels: dict[str, str]) -> dict[str, str]:
    """Every normalised CAMEO name (and leftover) → its code; the longer code wins a tie."""
    codes: dict[str, str] = {}
    for code in sorted(cameo_labels, key=lambda c: (len(c), c)):
        codes[normalised(cameo_labels[code])] = code
    for name, code in LEFTOVERS.items():
        codes[normalised(name)] = code
    return codes
