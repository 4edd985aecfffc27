"""Files every site carries as the tool ships them: styles, the JSON-LD context, the ontology
and its schemes, and the SHACL shapes (one file each, and all of them merged)."""

from __future__ import annotations

from collections.abc import Iterator

from ld_events.assets import asset_dir, context_file, ontology_files, shapes_files
from ld_events.layout import (
    CONTEXT,
    LEAFLET,
    ONTOLOGY,
    SHAPES,
    SHAPES_MERGED,
    STATIC,
    STREET_MAP_SCRIPT,
)


def packaged_files(street_map: bool = False) -> Iterator[tuple[str, bytes]]:
    """The files; Leaflet and the street map's script only with a street map (``map:``), so a
    site without one references nothing it cannot show offline."""
    static = asset_dir("site") / "static"
    for path in sorted(static.rglob("*")):
        name = f"{STATIC}/{path.relative_to(static).as_posix()}"
        street = name.startswith(f"{LEAFLET}/") or name == STREET_MAP_SCRIPT
        if path.is_file() and (street_map or not street):
            yield name, path.read_bytes()
    yield CONTEXT, context_file().read_bytes()
    for path in ontology_files():
        yield f"{ONTOLOGY}/{path.name}", path.read_bytes()
    merged = b""
    for path in shapes_files():
        yield f"{SHAPES}/{path.name}", path.read_bytes()
        merged += path.read_bytes() + b"\n"
    yield SHAPES_MERGED, merged
