"""What the commands print on the terminal about a run: its diagnostics and its verdict.

``ld-events validate``, ``build`` and ``serve``'s rebuilds print a report alike: compiler-style
lines (``file:line:column: severity[code]: message``), then one verdict line.
"""

from __future__ import annotations

from ld_events.errors import InputError, LdEventsError, ValidationFailed
from ld_events.report import Report

#: Where every code is explained: its row in this page has the code as its anchor.
DOCS = "docs/diagnostics.md"


def report_text(report: Report, max_errors: int | None, scope: str) -> str:
    """Every diagnostic (at most ``max_errors``), where their codes are explained, then
    ``valid|invalid: counts (scope)``."""
    verdict = "invalid" if report.errors else "valid"
    lines = [
        report.to_text(max_errors),
        docs_line(report),
        f"{verdict}: {report.summary()} ({scope})",
    ]
    return "\n".join(line for line in lines if line)


def warnings_text(report: Report) -> str:
    """The warnings (and notes) of a run that succeeded; empty if it had none."""
    if not report.warnings:
        return ""
    return "\n".join(line for line in (report.to_text(), docs_line(report)) if line)


def docs_line(report: Report) -> str:
    """Once for all: 'codes explained in docs/diagnostics.md#a, #b' (empty for no code)."""
    codes = sorted(report.codes())
    if not codes:
        return ""
    return f"codes explained in {DOCS}#{codes[0]}" + "".join(f", #{c}" for c in codes[1:])


def failure_text(exc: LdEventsError) -> str:
    """What went wrong, as every stage reports it: invalid or unreadable data with the verdict
    (nothing was written), any other failure as its diagnostics."""
    if isinstance(exc, InputError | ValidationFailed):
        return report_text(exc.report, None, "nothing written")
    return "\n".join(line for line in (exc.report.to_text(), docs_line(exc.report)) if line)
