"""The review queue in the admin (/admin/review/): works with counts by state, and per work its facts.

Editors only (``knowledge.review.can_review``): anyone else gets 403 — the URLs are mounted by
portal/urls.py ahead of Wagtail's admin so an anonymous request is refused, not redirected.
POSTs are CSRF-protected; bad input gives one message and a 400, and changes nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from content.models import Work, min_confidence
from knowledge import review

PAGE_SIZE = 100


def _editor(request) -> None:
    if not review.can_review(request.user):
        raise PermissionDenied(_("只有编辑可以审核自动识别的内容。"))


def _filters(request) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {
        "kind": source.get("kind", ""),
        "state": source.get("state", ""),
        "low": "1" if source.get("low") in ("1", "on", "true") else "",
    }


def _queue_url(work: Work, filters: dict[str, str], page: str = "", anchor: str = "") -> str:
    query = {k: v for k, v in filters.items() if v}
    if page and page != "1":
        query["page"] = page
    url = reverse("knowledge_review:queue", args=[work.key])
    return url + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


@require_http_methods(["GET"])
def review_index(request):
    _editor(request)
    rows = review.work_counts()
    totals = {state: sum(r.by_state[state] for r in rows) for state in review.STATES}
    return render(
        request,
        "knowledge/review/index.html",
        {
            "rows": rows,
            "states": [(key, label) for key, (label, _s) in review.STATES.items()],
            "totals": totals,
            "low_total": sum(r.low for r in rows),
            "metadata_total": sum(r.metadata_pending for r in rows),
            "threshold": min_confidence(),
        },
    )


@require_http_methods(["GET", "POST"])
def review_queue(request, key: str):
    _editor(request)
    work = get_object_or_404(review.reviewable_works(), key=key)
    filters = _filters(request)
    if request.method == "POST":
        try:
            changed = review.decide(work, request.POST.getlist("fact"), request.POST.get("action", ""), request.user)
        except review.ReviewError as exc:
            return _queue_page(request, work, filters, error=str(exc), status=400)
        verb = _("确认") if request.POST.get("action") == "accept" else _("驳回")
        messages.success(request, _("已%(verb)s %(n)d 条。") % {"verb": verb, "n": changed})
        return HttpResponseRedirect(_queue_url(work, filters, request.POST.get("page", "")))
    return _queue_page(request, work, filters)


def _queue_page(
    request, work: Work, filters: dict[str, str], error: str = "", status: int = 200, forms=None, metadata_form=None
):
    try:
        facts = review.queue(work, filters["kind"], filters["state"], bool(filters["low"]))
    except review.ReviewError as exc:
        facts, error, status = [], str(exc), 400
    page = Paginator(facts, PAGE_SIZE).get_page(request.GET.get("page"))
    forms = forms or {}
    for fact in page.object_list:
        fact.form = forms.get(fact.key) or review.form_for(fact.kind, fact.row)
        fact.has_errors = fact.key in forms
    metadata = review.metadata_fields(work)
    for item in metadata:
        bound = metadata_form if metadata_form is not None and metadata_form.prefix == f"metadata-{item.name}" else None
        item.form = bound or review.metadata_form(work, item.name)
        item.has_errors = bound is not None
    return render(
        request,
        "knowledge/review/queue.html",
        {
            "work": work,
            "page": page,
            "facts": page.object_list,
            "metadata": metadata,
            "metadata_pending": sum(1 for m in metadata if m.state == "pending"),
            "filters": filters,
            "kinds": list(review.KINDS.items()),
            "states": [(k, label) for k, (label, _s) in review.STATES.items()],
            "error": error,
            "threshold": min_confidence(),
            "query": urlencode({k: v for k, v in filters.items() if v}),
        },
        status=status,
    )


@require_POST
def review_edit(request, key: str, kind: str, pk: int):
    _editor(request)
    work = get_object_or_404(review.reviewable_works(), key=key)
    filters = _filters(request)
    try:
        saved, form = review.edit(work, kind, pk, request.POST, request.user)
    except review.ReviewError as exc:
        return _queue_page(request, work, filters, error=str(exc), status=400)
    if not saved:
        return _queue_page(
            request, work, filters, error=_("修改未保存：请检查标红的字段。"), status=400,
            forms={f"{kind}:{pk}": form},
        )
    messages.success(request, _("已保存修改。"))
    return HttpResponseRedirect(_queue_url(work, filters, request.POST.get("page", ""), anchor=f"fact-{kind}-{pk}"))


@require_POST
def review_metadata(request, key: str):
    """Accept flagged metadata fields (``field`` repeated) or correct one (``action=edit``)."""
    _editor(request)
    work = get_object_or_404(review.reviewable_works(), key=key)
    filters = _filters(request)
    action = request.POST.get("action", "")
    try:
        if action == "accept":
            changed = review.accept_metadata(work, request.POST.getlist("field"), request.user)
            messages.success(request, _("已确认 %(n)d 项元数据。") % {"n": changed})
        elif action == "edit":
            saved, form = review.edit_metadata(work, request.POST.get("field", ""), request.POST, request.user)
            if not saved:
                work.refresh_from_db()
                return _queue_page(
                    request, work, filters, error=_("修改未保存：请检查标红的字段。"), status=400, metadata_form=form
                )
            messages.success(request, _("已保存元数据修改。"))
        else:
            raise review.ReviewError(_("未知的操作。"))
    except review.ReviewError as exc:
        return _queue_page(request, work, filters, error=str(exc), status=400)
    return HttpResponseRedirect(_queue_url(work, filters, request.POST.get("page", ""), anchor="metadata"))
