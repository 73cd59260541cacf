"""Pages of a consultation — 征求意见页面. Permission checks go through ``permissions``: what a
user may not see answers 404, what they may not do 403."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultation import exports, permissions, services
from consultation.clauses import clause_refs
from consultation.models import Comment, Consultation, Decision
from consultation.summary import (
    PENDING,
    STATE_LABELS,
    counts,
    rows,
    summary_line,
    with_dispositions,
)
from consultation.xlsx_import import (
    MAX_UPLOAD_BYTES,
    ImportFailed,
    import_comments,
    template_workbook,
)
from content.models import Organisation, Stage, Version

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _consultation(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("version__work"), pk=pk)


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    # RFC 5987: the Chinese file name survives every browser.
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def index_view(request):
    consultations = permissions.visible_consultations(request.user).prefetch_related("invited")
    return TemplateResponse(request, "consultation/index.html", {
        "consultations": consultations, "openable": permissions.openable_versions(request.user),
    })


def detail_view(request, pk: int):
    c = _consultation(pk)
    user = request.user
    is_drafter = permissions.is_drafter(user, c)
    own_orgs = list(permissions.commenting_organisations(user, c))
    context = {
        "c": c,
        "state": c.state(),
        "is_drafter": is_drafter,
        "can_comment": permissions.can_comment(user, c),
        "own_orgs": own_orgs,
        "can_import": permissions.importable_organisations(user, c).exists() and (is_drafter or c.is_open),
        "invited": list(c.invited.all()),
    }
    if own_orgs and not c.summary_published:
        own = rows(Comment.objects.filter(consultation=c, organisation__in=own_orgs))
        context["own_rows"] = own
    if permissions.can_see_all_comments(user, c):
        all_rows = rows(Comment.objects.filter(consultation=c))
        context["summary_rows"] = all_rows
        context["summary_line"] = summary_line(counts(all_rows))
        context["has_next_version"] = Version.objects.filter(work_id=c.version.work_id, number__gt=c.version.number).exists()
    return TemplateResponse(request, "consultation/detail.html", context)


def _clause_options(c: Consultation):
    return [{"path": r.clause.path, "label": r.label, "heading": r.clause.heading, "indent": "　" * r.depth} for r in clause_refs(c.version)]


@login_required
@require_http_methods(["GET", "POST"])
def comment_view(request, pk: int):
    c = _consultation(pk)
    orgs = list(permissions.commenting_organisations(request.user, c))
    if not orgs:
        raise PermissionDenied(_("您不是受邀单位的意见提交人。"))
    form = {"clause": request.GET.get("clause", ""), "organisation": str(orgs[0].pk), "text": "", "proposed_wording": "", "reason": ""}
    status, error = 200, ""
    if request.method == "POST":
        form.update({k: request.POST.get(k, "") for k in form})
        if not form["organisation"] and len(orgs) == 1:
            form["organisation"] = str(orgs[0].pk)
        org = next((o for o in orgs if str(o.pk) == form["organisation"]), None)
        try:
            if org is None:
                raise services.ConsultationError(_("请选择提出单位。"))
            comment = services.submit_comment(
                request.user, c, organisation=org, clause_ref=form["clause"], text=form["text"],
                proposed_wording=form["proposed_wording"], reason=form["reason"],
            )
        except services.ConsultationClosed as exc:
            status, error = 403, str(exc)
        except services.ConsultationError as exc:
            status, error = 400, str(exc)
        else:
            messages.success(request, _("意见已提交（%(where)s）。") % {"where": comment.where})
            return HttpResponseRedirect(f"{c.get_absolute_url()}#own")
    elif not c.is_open:
        status, error = 403, _("当前不在征求意见期限内，不能提交意见。")
    context = {"c": c, "orgs": orgs, "form": form, "error": error, "clauses": _clause_options(c), "is_open": c.is_open}
    return TemplateResponse(request, "consultation/comment.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request, pk: int):
    c = _consultation(pk)
    orgs = list(permissions.importable_organisations(request.user, c))
    if not orgs:
        raise PermissionDenied(_("您不能为任何受邀单位导入意见。"))
    errors, status = [], 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        org = next((o for o in orgs if str(o.pk) == request.POST.get("organisation", "")), None)
        try:
            if org is None:
                raise ImportFailed([_("请选择提出单位。")])
            if upload is None:
                raise ImportFailed([_("请选择要导入的 .xlsx 文件。")])
            if upload.size > MAX_UPLOAD_BYTES:
                raise ImportFailed([_("文件过大：请上传不超过 %(mb)d MB 的 .xlsx 文件。") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}])
            created = import_comments(request.user, c, org, upload.read(), upload.name)
        except ImportFailed as exc:
            errors, status = exc.errors, 400
        except services.ConsultationClosed as exc:
            errors, status = [str(exc)], 403
        else:
            messages.success(request, _("已导入 %(n)d 条意见（%(org)s）。") % {"n": len(created), "org": org.name})
            return HttpResponseRedirect(c.get_absolute_url())
    return TemplateResponse(request, "consultation/import.html", {"c": c, "orgs": orgs, "errors": errors}, status=status)


def template_view(request, pk: int):
    c = _consultation(pk)
    orgs = list(permissions.importable_organisations(request.user, c))
    if not orgs:
        raise PermissionDenied(_("您不能下载该征求意见的意见表。"))
    org = orgs[0] if len(orgs) == 1 else None
    return _download(template_workbook(c, org), f"{_('意见表')}-{c.pk}.xlsx", XLSX)


def _require_drafter(request, c: Consultation) -> None:
    if not permissions.is_drafter(request.user, c):
        if permissions.can_see_all_comments(request.user, c) or permissions.is_participant(request.user, c):
            raise PermissionDenied(_("只有起草组可以处理意见。"))
        raise Http404(_("没有这个页面。"))


def dispositions_view(request, pk: int):
    c = _consultation(pk)
    _require_drafter(request, c)
    refs = clause_refs(c.version)
    all_comments = list(with_dispositions(Comment.objects.filter(consultation=c)).in_reading_order())
    numbered = rows(all_comments)
    number_of = {r.comment.pk: r.number for r in numbered}
    # Counts per clause for the table of contents (every comment, before filters).
    per_path: dict[str, int] = {}
    for comment in all_comments:
        per_path[comment.clause_path] = per_path.get(comment.clause_path, 0) + 1
    toc = [{"path": r.clause.path, "label": r.label, "heading": r.clause.heading, "indent": "　" * r.depth,
            "count": per_path.get(r.clause.path, 0)} for r in refs]
    f = {k: request.GET.get(k, "") for k in ("organisation", "state", "clause")}
    shown = []
    for r in numbered:
        comment = r.comment
        if f["organisation"] and str(comment.organisation_id) != f["organisation"]:
            continue
        if f["state"] and r.decision != f["state"]:
            continue
        if f["clause"] and comment.clause_path != ("" if f["clause"] == "_whole" else f["clause"]):
            continue
        comment.number, comment.state, comment.state_label = r.number, r.decision, r.decision_label
        comment.merged_number = number_of.get(comment.merged_into_id)
        comment.disp = comment.disposition_or_none()
        shown.append(comment)
    clause_at = {r.clause.path: r.clause for r in refs}
    groups: list[dict] = []
    for comment in shown:
        if not groups or groups[-1]["path"] != comment.clause_path:
            clause = clause_at.get(comment.clause_path)
            groups.append({"path": comment.clause_path, "where": comment.where, "clause": clause, "comments": []})
        groups[-1]["comments"].append(comment)
    context = {
        "c": c, "toc": toc, "whole_count": per_path.get("", 0), "groups": groups, "filters": f,
        "organisations": c.invited.all(), "states": [(k, v) for k, v in STATE_LABELS.items()],
        "decisions": Decision.choices, "summary_line": summary_line(counts(numbered)),
        "primaries": [(r.number, r.comment.pk) for r in numbered if not r.comment.merged_into_id],
        "shown": len(shown), "total": len(numbered), "pending": PENDING,
    }
    return TemplateResponse(request, "consultation/dispositions.html", context)


def _comment_of(c: Consultation, cid: int) -> Comment:
    return get_object_or_404(Comment.objects.select_related("consultation__version", "merged_into"), pk=cid, consultation=c)


def _back(request, c: Consultation, anchor: str = "") -> HttpResponseRedirect:
    query = request.POST.get("back", "")
    query = query if query.startswith("?") else ""
    return HttpResponseRedirect(f"/consultation/{c.pk}/dispositions/{query}{anchor}")


@require_POST
def dispose_view(request, pk: int, cid: int):
    c = _consultation(pk)
    _require_drafter(request, c)
    comment = _comment_of(c, cid)
    try:
        services.dispose(request.user, comment, decision=request.POST.get("decision", ""), reason=request.POST.get("reason", ""))
    except services.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已保存处理意见（%(where)s）。") % {"where": comment.where})
    return _back(request, c, f"#comment-{comment.pk}")


@require_POST
def merge_view(request, pk: int, cid: int):
    c = _consultation(pk)
    _require_drafter(request, c)
    comment = _comment_of(c, cid)
    into_id = request.POST.get("into", "")
    into = Comment.objects.filter(consultation=c, pk=int(into_id)).first() if into_id.isdigit() else None
    try:
        if into is None:
            raise services.ConsultationError(_("请选择要合并到的意见。"))
        services.merge(request.user, comment, into)
    except services.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已合并，两条意见共用一个处理意见。"))
    return _back(request, c, f"#comment-{comment.pk}")


@require_POST
def unmerge_view(request, pk: int, cid: int):
    c = _consultation(pk)
    _require_drafter(request, c)
    services.unmerge(request.user, _comment_of(c, cid))
    return _back(request, c, f"#comment-{cid}")


@require_POST
def publish_view(request, pk: int):
    c = _consultation(pk)
    _require_drafter(request, c)
    try:
        services.publish_summary(request.user, c, published=request.POST.get("published", "1") == "1")
    except services.ConsultationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("汇总处理表已公开。") if c.summary_published else _("已撤回公开。"))
    return HttpResponseRedirect(c.get_absolute_url())


def _export_allowed(request, c: Consultation) -> None:
    if not permissions.can_export(request.user, c):
        raise Http404(_("汇总处理表尚未公开。"))


def summary_export_view(request, pk: int, fmt: str):
    c = _consultation(pk)
    _export_allowed(request, c)
    if fmt == "xlsx":
        return _download(exports.summary_xlsx(c), f"{exports.summary_title(c)}.xlsx", XLSX)
    return _download(exports.summary_docx(c), f"{exports.summary_title(c)}.docx", DOCX)


def changes_export_view(request, pk: int, fmt: str):
    c = _consultation(pk)
    _export_allowed(request, c)
    try:
        data = exports.changes_xlsx(c) if fmt == "xlsx" else exports.changes_docx(c)
    except exports.NoNextVersion as exc:
        raise Http404(str(exc)) from None
    return _download(data, f"{exports.changes_title(c)}.{fmt}", XLSX if fmt == "xlsx" else DOCX)


@login_required
@require_http_methods(["GET", "POST"])
def open_view(request, version_id: int):
    version = get_object_or_404(Version.objects.select_related("work"), pk=version_id)
    if not permissions.can_open(request.user, version):
        raise PermissionDenied(_("只有该文件的起草组可以发起征求意见。"))
    organisations = Organisation.objects.all()
    form = {"title": "", "starts_on": "", "ends_on": "", "invited": [], "notes": ""}
    error, status = "", 200
    if request.method == "POST":
        form = {"title": request.POST.get("title", ""), "starts_on": request.POST.get("starts_on", ""),
                "ends_on": request.POST.get("ends_on", ""), "invited": request.POST.getlist("invited"),
                "notes": request.POST.get("notes", "")}
        try:
            try:
                starts, ends = date.fromisoformat(form["starts_on"]), date.fromisoformat(form["ends_on"])
            except ValueError:
                raise services.ConsultationError(_("请按 YYYY-MM-DD 填写开始和截止日期。")) from None
            invited = list(organisations.filter(pk__in=[i for i in form["invited"] if i.isdigit()]))
            c = services.open_consultation(request.user, version, starts_on=starts, ends_on=ends, invited=invited,
                                           title=form["title"], notes=form["notes"])
        except services.ConsultationError as exc:
            error, status = str(exc), 400
        else:
            messages.success(request, _("已发起征求意见。"))
            return HttpResponseRedirect(c.get_absolute_url())
    context = {"version": version, "organisations": organisations, "form": form, "error": error,
               "stage_ok": version.stage == Stage.CONSULTATION}
    return TemplateResponse(request, "consultation/open.html", context, status=status)
