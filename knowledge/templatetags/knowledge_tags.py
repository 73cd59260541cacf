"""Clause-page panels: what a clause cites, what cites it, its obligations and terms.

``{% load knowledge_tags %}{% clause_knowledge clause %}`` renders the panel (content's clause
page shows it through the ``content_clause_panels`` hook, see knowledge/wagtail_hooks.py).
"""

from __future__ import annotations

from django import template

from content.models import Term
from content.terms import terms_in
from knowledge import graph as g
from knowledge.models import Citation, Obligation

register = template.Library()


@register.inclusion_tag("knowledge/_clause_knowledge.html")
def clause_knowledge(clause):
    cites = list(
        Citation.objects.published().filter(clause=clause)
        .select_related("work__document_page", "target_clause__version__work__document_page")
        .order_by("span_start")
    )
    cited_by = list(
        Citation.objects.published().filter(target_clause=clause)
        .exclude(clause=clause)
        .select_related("clause__version__work__document_page")
        .order_by("clause__version__work__title", "clause__position")[:50]
    )
    work_cited_by = (
        Citation.objects.published().in_current_versions().filter(work=clause.version.work)
        .exclude(clause__version__work=clause.version.work)
        .values("clause__version__work")
        .distinct()
        .count()
    )
    obligations = list(Obligation.objects.published().filter(clause=clause).order_by("span_start"))
    found = terms_in((clause.heading or "") + "\n" + (clause.text or ""))
    terms = list({t.pk: t for _s, _e, t in found}.values())
    defined = list(Term.objects.published().filter(source_clause=clause))
    return {
        "clause": clause,
        "cites": cites,
        "cited_by": cited_by,
        "work_cited_by": work_cited_by,
        "work": clause.version.work,
        "obligations": obligations,
        "terms": terms,
        "defined": defined,
        # a path, not the stored IRI: the link works on whatever host the page was served from
        "clause_uri": g.relative(g.clause_uri(clause.version.work.key, clause.path)),
    }
