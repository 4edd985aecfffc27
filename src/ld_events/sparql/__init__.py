"""SPARQL over a project's graph: ``ld-events query``, the saved queries of ``queries/*.rq``,
and ``ld-events push`` to a triple store.

It needs only the merged graph (stage 2), so the build can run the saved queries before it
publishes their results, and the preview server can answer queries on the same engine.
"""
