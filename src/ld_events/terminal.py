"""What the commands print on the terminal about a run: its diagnostics and its verdict.

``ld-events validate``, ``build`` and ``serve``'s rebuilds print a report alike: compiler-style
lines (``file:line:column: severity[code]: message``), then one verdict line.
"""

from __future__ import annotations

from ld_events.errors import InputError, LdEventsError, ValidationFailed
from ld_events.report import Report


def report_text(report: Report, max_errors: int | None, scope: str) -> str:
    """Every diagnostic (at most ``max_errors``), then ``valid|invalid: counts (scope)``."""
    verdict = "invalid" if report.errors else "valid"
    lines = [report.to_text(max_errors), f"{verdict}: {report.summary()} ({scope})"]
    return "\n".join(line for line in lines if line)


def warnings_text(report: Report) -> str:
    """The warnings (and notes) of a run that succeeded; empty if it had none."""
    return report.to_text() if report.warnings else ""


def failure_text(exc: LdEventsError) -> str:
    """What went wrong, as every stage reports it: invalid or unreadable data with the verdict
    (nothing was written), any other failure as its diagnostics."""
    if isinstance(exc, InputError | ValidationFailed):
        return report_text(exc.report, None, "nothing written")
    return exc.report.to_text()
