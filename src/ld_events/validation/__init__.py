"""Stage 3, validation: the SHACL shapes run over the merged graph, results turned into
diagnostics that point at the file and line to fix.

``compiler`` turns the Core shapes into SPARQL, ``shacl`` runs them (or pySHACL, the reference
engine) and ``validate`` locates each result.
"""
