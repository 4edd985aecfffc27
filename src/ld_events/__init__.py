"""ld-events: publish news events as linked data (actors, places, actions), validated with SHACL."""

from ld_events.config import Config, load_config
from ld_events.errors import (
    BuildError,
    ConfigError,
    ExitCode,
    InputError,
    LdEventsError,
    UsageError,
    ValidationFailed,
)
from ld_events.project import LoadedProject, load_project, load_valid_project
from ld_events.report import Diagnostic, Location, Report, Severity

__version__ = "0.1.0"

__all__ = [
    "BuildError",
    "Config",
    "ConfigError",
    "Diagnostic",
    "ExitCode",
    "InputError",
    "LdEventsError",
    "LoadedProject",
    "Location",
    "Report",
    "Severity",
    "UsageError",
    "ValidationFailed",
    "__version__",
    "load_config",
    "load_project",
    "load_valid_project",
]
