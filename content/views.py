"""Public views of documents: the library, a document, its versions and clause permalinks."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from content.models import Clause, DocumentPage


def library_context(request, page) -> dict:
    documents = DocumentPage.objects.live().child_of(page).select_related("work")
    return {"documents": documents}


def document_view(request, page: DocumentPage):
    version = page.current_version
    clauses = list(version.clauses.all()) if version else []
    return TemplateResponse(
        request, "content/document_page.html", {"page": page, "version": version, "clauses": clauses}
    )


def versions_view(request, page: DocumentPage):
    versions = page.work.versions.all()
    return TemplateResponse(request, "content/versions.html", {"page": page, "versions": versions})


def clause_view(request, page: DocumentPage, clause_path: str):
    version = page.current_version
    if version is None:
        raise Http404
    clause = get_object_or_404(Clause, version=version, path=clause_path)
    return TemplateResponse(request, "content/clause.html", {"page": page, "version": version, "clause": clause})
