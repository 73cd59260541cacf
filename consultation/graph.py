"""Comments as linked data — 意见的 RDF 投影, in a named graph of their own per consultation.

Each comment is a W3C Web Annotation (``oa:Annotation``) whose target is the clause it is on
(the clause URI of the knowledge graph, so ``?comment oa:hasTarget ?clause`` joins the public
clause tree) or the work for a whole-document comment; its creator is the unit (``dcterms:creator``
→ the W3C ORG organisation URI). Our own terms (``ygt:``) only where no standard one exists:
``ygt:Consultation``, ``ygt:proposedWording``, ``ygt:reason``, ``ygt:disposition``
(``ygt:Accepted`` / ``ygt:PartlyAccepted`` / ``ygt:Rejected``), ``ygt:dispositionReason``,
``ygt:duplicateOf``.

Contract for the graph projection: ``comment_triples(consultation)`` is the whole content of the
named graph ``graph_name(consultation)``; it is empty until the drafting group publishes the
summary, so the public store never carries unpublished comments (an empty graph means: drop it).
Pass ``include_unpublished=True`` only for a store the public cannot query.
"""

from __future__ import annotations

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from consultation.models import Comment, Consultation, Decision
from consultation.summary import disposition_of, with_dispositions
from knowledge.graph import YGT as YGT_IRI
from knowledge.graph import base_uri, clause_uri, graph_uri, organisation_uri, work_uri

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
YGT = Namespace(YGT_IRI)
DECISION_CLASS = {Decision.ACCEPTED: YGT.Accepted, Decision.PARTLY: YGT.PartlyAccepted, Decision.REJECTED: YGT.Rejected}


def graph_name(consultation: Consultation) -> URIRef:
    return URIRef(graph_uri(f"_consultation-{consultation.pk}"))


def consultation_uri(consultation: Consultation) -> URIRef:
    return URIRef(f"{base_uri()}/id/consultation/{consultation.pk}")


def comment_uri(comment: Comment) -> URIRef:
    return URIRef(f"{base_uri()}/id/comment/{comment.pk}")


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def comment_triples(consultation: Consultation, *, include_unpublished: bool = False) -> Graph:
    """The named graph of a consultation's comments (empty while the summary is unpublished)."""
    g = Graph(identifier=graph_name(consultation))
    for prefix, ns in (("oa", OA), ("org", ORG), ("ygt", YGT), ("dcterms", DCTERMS), ("skos", SKOS)):
        g.bind(prefix, ns)
    if not (consultation.summary_published or include_unpublished):
        return g
    work = consultation.version.work
    c_uri = consultation_uri(consultation)
    g.add((c_uri, RDF.type, YGT.Consultation))
    g.add((c_uri, DCTERMS.subject, URIRef(work_uri(work.key))))
    g.add((c_uri, YGT.startDate, Literal(consultation.starts_on, datatype=XSD.date)))
    g.add((c_uri, YGT.endDate, Literal(consultation.ends_on, datatype=XSD.date)))
    g.add((c_uri, DCTERMS.title, zh(consultation.display_title)))
    for org in consultation.invited.all():
        g.add((c_uri, YGT.invited, URIRef(organisation_uri(org.key))))
    comments = with_dispositions(Comment.objects.filter(consultation=consultation)).order_by("pk")
    for comment in comments:
        uri = comment_uri(comment)
        org = URIRef(organisation_uri(comment.organisation.key))
        g.add((org, RDF.type, ORG.Organization))
        g.add((org, SKOS.prefLabel, zh(comment.organisation.name)))
        target = clause_uri(work.key, comment.clause_path) if comment.clause_path else work_uri(work.key)
        g.add((uri, RDF.type, OA.Annotation))
        g.add((uri, OA.motivatedBy, OA.editing if comment.proposed_wording else OA.commenting))
        g.add((uri, OA.hasTarget, URIRef(target)))
        g.add((uri, OA.bodyValue, zh(comment.text)))
        g.add((uri, DCTERMS.isPartOf, c_uri))
        g.add((uri, DCTERMS.creator, org))
        g.add((uri, DCTERMS.created, Literal(comment.created_at, datatype=XSD.dateTime)))
        if comment.proposed_wording:
            g.add((uri, YGT.proposedWording, zh(comment.proposed_wording)))
        if comment.reason:
            g.add((uri, YGT.reason, zh(comment.reason)))
        if comment.merged_into_id:
            g.add((uri, YGT.duplicateOf, URIRef(f"{base_uri()}/id/comment/{comment.merged_into_id}")))
        disposition = disposition_of(comment)
        if disposition is not None:
            g.add((uri, YGT.disposition, DECISION_CLASS[disposition.decision]))
            if disposition.reason:
                g.add((uri, YGT.dispositionReason, zh(disposition.reason)))
    return g


def consultation_graphs() -> dict:
    """Every consultation's named graph (empty until its summary is published), for
    ``knowledge.graph.register_graph_provider``."""
    from knowledge.graph import quads_from_rdflib

    out = {}
    for consultation in Consultation.objects.select_related("version__work"):
        name = f"_consultation-{consultation.pk}"
        out[name] = list(quads_from_rdflib(comment_triples(consultation), name))
    return out


def _changed(sender, raw=False, **kwargs) -> None:
    from knowledge.tasks import schedule_shared_graphs

    if not raw:
        schedule_shared_graphs()


def register() -> None:
    """Consultations' graphs join the projection; a change to a comment, a disposition or a
    consultation (publishing its summary) re-projects them after the commit."""
    from django.db.models.signals import post_delete, post_save

    from consultation.models import Disposition
    from knowledge.graph import register_graph_provider

    register_graph_provider("consultation", consultation_graphs)
    for model in (Comment, Disposition, Consultation):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"consultation-graph-{model.__name__}-{id(signal)}")
