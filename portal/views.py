"""Context for the home page: what the portal holds and where each kind of user starts."""

from content.models import Clause, DocumentPage, Indicator, Term, Version, Work, WorkKind


def home_context() -> dict:
    live = DocumentPage.objects.live().select_related("work")
    recent = list(live.order_by("-work__date_issued", "title")[:8])
    current = {
        v.work_id: v
        for v in Version.objects.current().filter(work_id__in=[d.work_id for d in recent]).only(
            "id", "work_id", "stage", "number", "label"
        )
    }
    for doc in recent:
        doc.current = current.get(doc.work_id)
    standard_page = live.filter(work__kind=WorkKind.STANDARD).first()
    return {
        "document_count": live.count(),
        "work_count": Work.objects.count(),
        "cited_only_count": Work.objects.filter(has_text=False).count(),
        "clause_count": Clause.objects.in_current_versions().count(),
        "term_count": Term.objects.published().count(),  # what the glossary lists
        "indicator_count": Indicator.objects.count(),
        "recent_documents": recent,
        "standard_page": standard_page,
    }
