"""Typed errors raised by the library; only ``cli.py`` turns them into exit codes."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ld_events.report import Report


class ExitCode(IntEnum):
    """Process exit codes, documented in ``ld-events --help`` and docs/cli.md."""

    OK = 0
    INVALID_DATA = 1
    BAD_INPUT = 2


class LdEventsError(Exception):
    """Base class of every error the library raises on purpose."""

    exit_code = ExitCode.BAD_INPUT


class ConfigError(LdEventsError):
    """The project folder or its config file cannot be used."""


class UsageError(LdEventsError):
    """The caller asked for something that cannot be done (bad option, unsafe output folder)."""


class InputError(LdEventsError):
    """Sources could not be read: the report holds every problem found, with file and line."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report


class ValidationFailed(LdEventsError):
    """The data was read but does not conform to the shapes."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report


class QueryError(LdEventsError):
    """A SPARQL query is malformed or failed."""


class BuildError(LdEventsError):
    """Publishing failed after validation (an unwritable folder, a failing saved query)."""
