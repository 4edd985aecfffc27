"""Typed errors raised by the library; only ``cli.py`` turns them into exit codes.

Every error carries a :class:`~ld_events.report.Report`, so a failure prints in the same shape
as a finding, as text or as JSON: raise one with a report of its problems, or with a message
(and a location, if there is one), which becomes a one-diagnostic report with the class's code.
"""

from __future__ import annotations

from enum import IntEnum

from ld_events.report import NOWHERE, Code, Diagnostic, Location, Report, Severity, Stage


class ExitCode(IntEnum):
    """Process exit codes, documented in ``ld-events --help``, README.md and
    docs/diagnostics.md."""

    OK = 0
    INVALID_DATA = 1
    BAD_INPUT = 2


class LdEventsError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = ExitCode.BAD_INPUT
    code: str = Code.BAD_USAGE
    stage = Stage.USAGE

    def __init__(self, problem: str | Report, location: Location = NOWHERE) -> None:
        if isinstance(problem, Report):
            self._report = problem
            message = problem.to_text()
        else:
            diagnostic = Diagnostic(self.code, Severity.ERROR, problem, location, stage=self.stage)
            self._report = Report([diagnostic])
            message = problem
        super().__init__(message)

    @property
    def report(self) -> Report:
        return self._report


class ConfigError(LdEventsError):
    """The project folder or its config file cannot be used."""

    code = Code.INVALID_CONFIG
    stage = Stage.CONFIG


class UsageError(LdEventsError):
    """The caller asked for something that cannot be done (bad option, unsafe output folder)."""


class InputError(LdEventsError):
    """Sources could not be read: the report holds every problem found, with file and line."""

    stage = Stage.READ

    def __init__(self, report: Report) -> None:
        super().__init__(report)


class ValidationFailed(LdEventsError):
    """The data was read but does not conform to the shapes."""

    exit_code = ExitCode.INVALID_DATA
    stage = Stage.VALIDATE

    def __init__(self, report: Report) -> None:
        super().__init__(report)


class MergeConflict(LdEventsError):
    """Projects being merged disagree (the same record, different facts), or their merged
    records do not validate: invalid data, nothing written."""

    exit_code = ExitCode.INVALID_DATA
    code = Code.CONFLICTING_FACT
    stage = Stage.MERGE

    def __init__(self, report: Report) -> None:
        super().__init__(report)


class QueryError(LdEventsError):
    """A SPARQL query is malformed or failed."""

    code = Code.FAILED_QUERY
    stage = Stage.QUERY


class BuildError(LdEventsError):
    """Publishing failed after validation (an unwritable folder, a failing saved query)."""

    code = Code.FAILED_BUILD
    stage = Stage.PUBLISH
