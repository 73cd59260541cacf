"""Linked-data descriptions: the quads about one URI, from the store or derived from the database."""

from __future__ import annotations

import pyoxigraph as ox

from knowledge import graph as g
from knowledge.sparql import GRAPH_FORMATS

# One table of RDF serialisations, shared with the SPARQL endpoint.
FORMATS = GRAPH_FORMATS


def negotiate(accept: str, fmt: str = "") -> str | None:
    """The RDF format named by ``?format=`` (aliases allowed), or None for the HTML page.

    Accept headers are negotiated by the views with ``request.get_preferred_type``.
    """
    if not fmt or fmt == "html":
        return None
    return {"ttl": "turtle", "json-ld": "jsonld", "rdf": "rdfxml", "xml": "rdfxml"}.get(fmt, fmt)


def describe_from_store(uri: str) -> list[ox.Triple]:
    if g.remote():
        from knowledge.sparql import execute

        result = execute(f"DESCRIBE <{uri}>", fmt="nt")
        return [q.triple if hasattr(q, "triple") else q for q in ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES)]
    store = g.get_store()
    subject = ox.NamedNode(uri)
    triples, blanks = [], []
    for quad in store.quads_for_pattern(subject, None, None, None):
        triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        if isinstance(quad.object, ox.BlankNode):
            blanks.append(quad.object)
    for blank in blanks:
        for quad in store.quads_for_pattern(blank, None, None, None):
            triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return list(dict.fromkeys(triples))


def describe(uri: str, derive) -> list[ox.Triple]:
    """Triples about ``uri``; ``derive()`` yields quads from the database when the store has none."""
    triples = describe_from_store(uri)
    if triples:
        return triples
    subject = ox.NamedNode(uri)
    quads = list(derive())
    blanks = {q.object for q in quads if q.subject == subject and isinstance(q.object, ox.BlankNode)}
    return list(
        dict.fromkeys(
            ox.Triple(q.subject, q.predicate, q.object) for q in quads if q.subject == subject or q.subject in blanks
        )
    )


def serialise(triples: list[ox.Triple], fmt: str) -> tuple[bytes, str]:
    mime, rdf_format = FORMATS[fmt]
    prefixes = g.PREFIXES if rdf_format == ox.RdfFormat.TURTLE else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b"", mime
