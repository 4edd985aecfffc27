"""``ld-events import``: rows of an event table turned into hand-editable YAML records.

A desk that wants to curate a few coded events imports their rows: each becomes a curated
event record in the format of docs/authoring.md (``records``), linked to the coded event the
project's table makes of the same row (``schema:sameAs``), naming the coder's actors, place and
article. ``rows`` picks the rows of the file; ``importer`` checks them against the project and
writes the records, never over a file that exists. See docs/importers.md.
"""
