"""The local preview: ``ld-events serve`` answers for a built site as its host would
(content negotiation, 404 page) and adds a read-only SPARQL endpoint.
"""
