"""Admin views for editors' revisions: 修改条款 (a new version with a change note) and 恢复此版本.

Both write through ``content.revisions``; neither changes a version in place. They are
registered under the Wagtail admin (``content.wagtail_hooks``) and linked from the public clause
and versions pages for editors. A user without the permissions gets 403; bad input gets the form
again with one message and a 4xx status, and nothing is changed.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django.views.defaults import permission_denied

from content.diff import ClauseText, diff_clauses, summarise
from content.models import Clause, Version
from content.revisions import (
    CHANGE_NOTE_MAX,
    HEADING_MAX,
    TEXT_MAX,
    RevisionRefused,
    can_revise,
    restore_note,
    restore_version,
    revise_clause,
    revision_blocked,
)


class ClauseRevisionForm(forms.Form):
    heading = forms.CharField(label=gettext_lazy("标题"), required=False, max_length=HEADING_MAX)
    text = forms.CharField(
        label=gettext_lazy("正文"),
        required=False,
        max_length=TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    change_note = forms.CharField(
        label=gettext_lazy("修改说明"),
        max_length=CHANGE_NOTE_MAX,
        help_text=gettext_lazy("必填：改了什么、为什么改、依据什么。显示在版本页，所有读者可见。"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("请填写修改说明：说明改了什么、为什么改。")},
    )


def _forbidden(request):
    return permission_denied(request, PermissionDenied(_("您没有修改文件正文的权限。")))


def versions_url(version: Version) -> str:
    return f"{version.work.get_absolute_url().rstrip('/')}/versions/"


def diff_url(old: Version, new: Version, path: str = "") -> str:
    anchor = f"#diff-{path}" if path else "#diff-h"
    return f"{versions_url(new)}?a={old.number}&b={new.number}{anchor}"


@require_http_methods(["GET", "POST"])
def revise_clause_view(request, pk: int):
    if not can_revise(request.user):
        return _forbidden(request)
    clause = get_object_or_404(Clause.objects.select_related("version__work"), pk=pk)
    version = clause.version
    if request.method == "GET" and not version.is_current:
        # A link to an older version's clause: edit the current version's clause at that path.
        current = Clause.objects.filter(version__work=version.work, version__is_current=True, path=clause.path).first()
        if current is None:
            raise Http404(_("当前版本中没有这个条款。"))
        messages.info(request, _("已转到当前版本的同一条款。"))
        return redirect("content_clause_revise", current.pk)
    form = ClauseRevisionForm(
        request.POST if request.method == "POST" else None,
        initial={"heading": clause.heading, "text": clause.text},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new = revise_clause(
                    clause,
                    text=form.cleaned_data["text"],
                    heading=form.cleaned_data["heading"],
                    change_note=form.cleaned_data["change_note"],
                    user=request.user,
                )
            except RevisionRefused as refused:
                form.add_error(None, str(refused))
                status = refused.status
            else:
                messages.success(
                    request,
                    _("已保存为新版本 v%(n)d：%(label)s 的修改已生效，旧版本 v%(old)d 保留在版本页。")
                    % {"n": new.number, "label": clause.display_label, "old": version.number},
                )
                return redirect(diff_url(version, new, clause.path))
        else:
            status = 400
    return TemplateResponse(
        request,
        "content/admin/revise_clause.html",
        {
            "clause": clause,
            "version": version,
            "work": version.work,
            "form": form,
            "blocked": revision_blocked(version),
            "citation": clause.citation(),
            "public_url": clause.get_absolute_url(),
            "versions_url": versions_url(version),
        },
        status=status,
    )


def _texts(version: Version) -> list[ClauseText]:
    return [
        ClauseText(path=p, label=lbl, heading=h, text=t)
        for p, lbl, h, t in Clause.objects.filter(version=version)
        .order_by("position")
        .values_list("path", "label", "heading", "text")
    ]


@require_http_methods(["GET", "POST"])
def restore_version_view(request, pk: int):
    """GET asks for confirmation (what restoring would change); POST restores."""
    if not can_revise(request.user):
        return _forbidden(request)
    version = get_object_or_404(Version.objects.select_related("work"), pk=pk)
    current = Version.objects.filter(work_id=version.work_id, is_current=True).first()
    error, status = "", 200
    if request.method == "POST":
        try:
            new = restore_version(version, user=request.user)
        except RevisionRefused as refused:
            error, status = str(refused), refused.status
            current = Version.objects.filter(work_id=version.work_id, is_current=True).first()
        else:
            messages.success(
                request,
                _("已生成新版本 v%(n)d，内容与 v%(old)d 相同；此前的版本都保留在版本页。")
                % {"n": new.number, "old": version.number},
            )
            return redirect(diff_url(new.based_on, new))
    summary = None
    if current is not None and current.pk != version.pk:
        summary = summarise(diff_clauses(_texts(current), _texts(version)))
    return TemplateResponse(
        request,
        "content/admin/restore_version.html",
        {
            "version": version,
            "current": current,
            "work": version.work,
            "summary": summary,
            "blocked": revision_blocked(current) if current is not None else "",
            "note": restore_note(version.number),
            "error": error,
            "versions_url": versions_url(version),
            "compare_url": f"{versions_url(version)}?a={current.number}&b={version.number}" if current else "",
            "restore_action": reverse("content_version_restore", args=[version.pk]),
        },
        status=status,
    )
