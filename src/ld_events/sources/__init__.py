"""Stage 1, sources: every file of a project read into triples, with where each came from.

``reading`` finds the files and hands each to the reader of its format; ``yaml``, ``turtle`` and
``jsonld`` are the readers. ``yamlfile`` reads YAML with line numbers (the config uses it too),
``shortforms`` and ``to_rdf`` turn hand-written YAML records into RDF, ``lexical`` rejects
ill-typed literals, and ``provenance`` remembers the file and line of every resource.

This module imports nothing, so that ``ld_events.config`` can read YAML through
``sources.yamlfile`` without importing the readers.
"""
