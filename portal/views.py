from content.models import DocumentPage, Indicator, Term, Work


def home_context() -> dict:
    return {
        "document_count": DocumentPage.objects.live().count(),
        "work_count": Work.objects.count(),
        "term_count": Term.objects.count(),
        "indicator_count": Indicator.objects.count(),
        "recent_documents": DocumentPage.objects.live().select_related("work").order_by("-work__date_issued")[:6],
    }
