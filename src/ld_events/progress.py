"""The build's progress, as the stages report it and as the terminal shows it.

A stage calls ``progress(stage, done, total)``: ``total`` 0 when the stage begins, then counts
of its items (the pages rendered). :class:`TerminalProgress` shows them on stderr from the first
second: on a terminal one line rewritten in place, otherwise (a pipe, a CI log) plain lines.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

Progress = Callable[[str, int, int], None]

#: What each stage is doing, as the line says it.
STAGES = {
    "reading": "reading the sources",
    "validating": "validating",
    "publishing": "planning the site",
    "pages": "rendering pages",
    "dumps": "writing the dumps",
    "search": "indexing pages for search",
    "site": "writing the site",
}
#: Piped output: a line per tenth of the pages, not one per page.
_STEPS = 10


class TerminalProgress:
    """Shows the stages of a build on ``stream``; silent when not ``enabled``."""

    def __init__(self, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.live = enabled and self.stream.isatty()
        self.started = time.monotonic()
        self._shown_step = -1
        self._line = ""

    def __enter__(self) -> TerminalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        doing = STAGES.get(stage, stage)
        if total == 0:
            self._shown_step = -1
            self._show(f"{doing}…")
        elif self.live:
            self._show(f"{doing}: {done:,}/{total:,} ({100 * done // total}%)")
        elif (step := _STEPS * done // total) > self._shown_step:
            self._shown_step = step
            self._show(f"{doing}: {done:,}/{total:,}")

    def _show(self, text: str) -> None:
        line = f"[{time.monotonic() - self.started:5.1f} s] {text}"
        if self.live:
            padding = " " * max(0, len(self._line) - len(line))
            self.stream.write(f"\r{line}{padding}")
        else:
            self.stream.write(line + "\n")
        self._line = line
        self.stream.flush()

    def close(self) -> None:
        """Clear the live line (the command's own output follows)."""
        if self.live and self._line:
            self.stream.write("\r" + " " * len(self._line) + "\r")
            self.stream.flush()
        self._line = ""
