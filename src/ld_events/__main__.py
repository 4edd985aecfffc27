"""``python -m ld_events``: the same command as ``ld-events``."""

from ld_events.cli import main

main()
