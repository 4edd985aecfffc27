"""Shared RDF plumbing, used by every stage and owned by none.

Term names (``vocab``), conversions between Oxigraph and rdflib terms (``terms``), the published
JSON-LD context (``context``) and compaction with it (``compact``). Nothing here reads a
project or writes a file.
"""
