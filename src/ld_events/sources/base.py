"""What a reader returns for one file."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Triple

from ld_events.report import Diagnostic, Location


@dataclass
class FileRead:
    triples: list[Triple] = field(default_factory=list)
    nodes: dict[str, Location] = field(default_factory=dict)
    statements: dict[tuple[str, str], Location] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
