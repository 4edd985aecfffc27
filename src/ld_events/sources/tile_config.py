"""The ``map:`` of ``ld-events.yaml``: the street map shown under the site's maps when online.

``map: {tiles: "https://tile.openstreetmap.org/{z}/{x}/{y}.png", attribution: "..."}``: a tile
server's URL template and the credit its terms ask for, given together. Without it the site
has no street map, and loads nothing from anywhere else (docs/maps.md).
"""

from __future__ import annotations

import re
from typing import Any

from ld_events.rdf.iris import is_iri
from ld_events.report import Code, Diagnostic, Location, Severity, Stage
from ld_events.sources.yamlfile import key_location

#: https, or http to this machine (a tile server run for a preview or a test).
_TILES = re.compile(r"(https://|http://(127\.0\.0\.1|localhost)[:/])[^\s<>\"'\\^`|]+\Z")
_SLOTS = re.compile(r"\{[^}]*\}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
EXAMPLE = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def street_map(data: Any) -> tuple[str, str] | None:
    """The checked ``map:``'s tile URL template and attribution (None: not set)."""
    setting = data.get("map")
    return None if setting is None else (str(setting["tiles"]), str(setting["attribution"]))


def check_street_map(data: Any, name: str) -> list[Diagnostic]:
    """``map:``: a tile URL template (https, with {z} {x} {y}) and the tiles' attribution."""
    if "map" not in data:
        return []
    setting = data["map"]
    if not isinstance(setting, dict) or set(setting) != {"tiles", "attribution"}:
        message = "map must be a mapping of tiles (a URL template) and attribution, both given"
        return [_problem(message, key_location(data, "map", name))]
    tiles, attribution = setting["tiles"], setting["attribution"]
    problems = []
    if not is_tile_template(tiles):
        message = (
            "map tiles must be an https URL template with {z}, {x} and {y} (and at most {s}, "
            f"{{r}}), like {EXAMPLE}, not '{tiles}'"
        )
        problems.append(_problem(message, key_location(setting, "tiles", name)))
    if not isinstance(attribution, str) or not attribution.strip() or _CONTROL.search(attribution):
        message = (
            "map attribution must be the text crediting the tiles (one line), "
            "like '© OpenStreetMap contributors'"
        )
        problems.append(_problem(message, key_location(setting, "attribution", name)))
    return problems


def is_tile_template(tiles: Any) -> bool:
    if not isinstance(tiles, str) or not _TILES.match(tiles):
        return False
    slots = set(_SLOTS.findall(tiles)) - {"{s}", "{r}"}
    return slots == {"{z}", "{x}", "{y}"} and is_iri(_SLOTS.sub("0", tiles))


def _problem(message: str, where: Location) -> Diagnostic:
    return Diagnostic(Code.BAD_SETTING, Severity.ERROR, message, where, stage=Stage.CONFIG)
