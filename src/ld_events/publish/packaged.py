"""Files every site carries as the tool ships them: styles, the JSON-LD context, the ontology
and its schemes, and the SHACL shapes (one file each, and all of them merged)."""

from __future__ import annotations

from collections.abc import Iterator

from ld_events.assets import asset_dir, context_file, ontology_files, shapes_files
from ld_events.layout import CONTEXT, ONTOLOGY, SHAPES, SHAPES_MERGED, STATIC


def packaged_files() -> Iterator[tuple[str, bytes]]:
    static = asset_dir("site") / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file():
            yield f"{STATIC}/{path.relative_to(static).as_posix()}", path.read_bytes()
    yield CONTEXT, context_file().read_bytes()
    for path in ontology_files():
        yield f"{ONTOLOGY}/{path.name}", path.read_bytes()
    merged = b""
    for path in shapes_files():
        yield f"{SHAPES}/{path.name}", path.read_bytes()
        merged += path.read_bytes() + b"\n"
    yield SHAPES_MERGED, merged
