"""Server-rendered assessment pages — 自评估页面. Every view checks scope through ``permissions``.

Pages work without JavaScript (each item is its own form with a 保存 button); autosave.js
enhances the same forms and asks for JSON with ``Accept: application/json``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessment import permissions, workflow
from assessment.answers import Conflict, Locked, response_values, save_answer
from assessment.checklist import (
    copy_template,
    publish_template,
    template_in_use,
    templates_visible_to,
)
from assessment.dashboard import dashboard_data
from assessment.evidence import InvalidEvidence, sniff_uploaded
from assessment.forms import (
    AnswerForm,
    CreateAssessmentForm,
    EvidenceForm,
    ImportForm,
    MergeItemsForm,
    TemplateItemFormSet,
    TransitionForm,
    first_error,
)
from assessment.models import (
    Assessment,
    AuditEntry,
    ChecklistItem,
    ChecklistTemplate,
    Evidence,
    Response,
    original_name,
)
from assessment.periods import PeriodError, parse_period
from assessment.presentation import checklist_context, judgement_label, period_label, score_payload
from assessment.search_units import schedule_reindex
from assessment.values import InvalidAnswer, parse_judgement
from content.models import Dimension


def wants_json(request) -> bool:
    """autosave.js asks for JSON; a browser's own navigation prefers HTML."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def bad_request(request, message: str, assessment=None, item=None, status: int = 400):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return render(request, "assessment/save_error.html", {"assessment": assessment, "item": item, "error": message}, status=status)


def scoped_assessment(request, pk: int) -> Assessment:
    """The assessment if the user may see it; 404 otherwise, so other counties leak nothing."""
    assessment = Assessment.objects.select_related("region", "region__parent", "template").filter(pk=pk).first()
    if assessment is None or not permissions.can_view(request.user, assessment):
        raise Http404(_("没有找到该自评估。"))
    return assessment


@login_required
@require_GET
def index(request):
    scope = permissions.scope_for(request.user)
    assessments = (
        permissions.visible_assessments(request.user).select_related("region", "region__parent", "template").order_by("-period", "region__code")
    )
    return render(
        request,
        "assessment/index.html",
        {
            "assessments": assessments[:500],
            "scope": scope,
            "regions": permissions.creatable_regions(request.user).select_related("parent"),
            "can_dashboard": permissions.can_see_dashboard(request.user),
            "can_manage": permissions.can_manage_templates(request.user),
            "today_period": timezone.localdate().strftime("%Y-%m"),
        },
    )


@login_required
@require_POST
def create(request):
    form = CreateAssessmentForm(request.POST)
    if not form.is_valid():
        if "region" in form.errors:
            raise Http404(_("没有找到该县（市、区），或您无权为其创建自评估。"))
        return bad_request(request, first_error(form))
    region, period = form.cleaned_data["region"], form.cleaned_data["period"]
    if not permissions.can_create_for(request.user, region):
        raise Http404(_("没有找到该县（市、区），或您无权为其创建自评估。"))
    try:
        parse_period(period)
        assessment = workflow.start(region, period, request.user, carry_over=form.cleaned_data["carry_over"])
    except (PeriodError, workflow.WorkflowError) as exc:
        messages.error(request, str(exc))
        return redirect("assessment:index")
    return redirect(assessment.get_absolute_url())


@login_required
@require_GET
def detail(request, pk: int):
    assessment = scoped_assessment(request, pk)
    context = checklist_context(request.user, assessment, show=request.GET.get("show", ""))
    return render(request, "assessment/detail.html", context)


@login_required
@require_POST
def save_item(request, pk: int, item_id: int):
    assessment = scoped_assessment(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id, template_id=assessment.template_id)
    if not permissions.can_edit(request.user, assessment):
        message = _("您不能修改该自评估的作答（只有本县填报员可在填报中或退回状态下修改）。")
        if wants_json(request):
            return JsonResponse({"error": message}, status=403)
        raise PermissionDenied(message)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return bad_request(request, first_error(form), assessment, item)
    version = form.cleaned_data["version"]
    version = -1 if version is None else version
    data = form.answer()
    try:
        response, card = save_answer(assessment, item, data, version, request.user)
    except InvalidAnswer as exc:
        if wants_json(request):
            return JsonResponse({"error": str(exc)}, status=400)
        return render(request, "assessment/save_error.html", {"assessment": assessment, "item": item, "error": str(exc)}, status=400)
    except Locked as exc:
        if wants_json(request):
            return JsonResponse({"error": str(exc)}, status=409)
        return render(request, "assessment/save_error.html", {"assessment": assessment, "item": item, "error": str(exc)}, status=409)
    except Conflict as exc:
        payload = {
            "error": _("保存冲突：此项已被他人修改。请对比两个版本后选择保留哪一个。"),
            "current": exc.current, "yours": exc.yours, "current_version": exc.current_version,
        }
        if wants_json(request):
            return JsonResponse(payload, status=409)
        return render(request, "assessment/conflict.html", {"assessment": assessment, "item": item, **payload}, status=409)
    if wants_json(request):
        return JsonResponse(
            {"ok": True, "item": item.id, "version": response.version, "values": response_values(response),
             "saved_at": timezone.localtime(response.updated_at).strftime("%H:%M:%S"), **score_payload(assessment, card, item, response)}
        )
    messages.success(request, _("已保存 %(code)s。") % {"code": item.code})
    return redirect(f"{assessment.get_absolute_url()}#item-{item.id}")


@login_required
@require_POST
def upload_evidence(request, pk: int, item_id: int):
    assessment = scoped_assessment(request, pk)
    item = get_object_or_404(ChecklistItem, pk=item_id, template_id=assessment.template_id)
    if not permissions.can_edit(request.user, assessment):
        raise PermissionDenied(_("您不能为该自评估上传佐证材料。"))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return bad_request(request, first_error(form), assessment, item)
    upload, note = form.cleaned_data["file"], form.cleaned_data["note"].strip()
    if upload is None and not note:
        messages.error(request, _("请选择文件或填写说明。"))
        return redirect(f"{assessment.get_absolute_url()}#item-{item.id}")
    kind = ""
    if upload is not None:
        try:
            kind = sniff_uploaded(upload)
        except InvalidEvidence as exc:
            return render(request, "assessment/save_error.html", {"assessment": assessment, "item": item, "error": str(exc)}, status=400)
    with transaction.atomic():
        response, _c = Response.objects.get_or_create(assessment=assessment, item=item)
        ev = Evidence(response=response, note=note, uploaded_by=request.user)
        if upload is not None:
            # the original name is kept in the database; the file is stored under a short generated name
            sent = (getattr(request, "original_upload_names", {}).get("file") or [upload.name])[-1]
            ev.original_name, ev.kind, ev.size = original_name(sent), kind, upload.size
            ev.file.save(f"upload.{kind}", upload, save=False)
        ev.save()
        AuditEntry.objects.create(
            assessment=assessment, item=item, user=request.user, action="evidence",
            new={"file": ev.original_name, "note": note},
        )
    messages.success(request, _("佐证材料已保存。"))
    return redirect(f"{assessment.get_absolute_url()}#item-{item.id}")


@login_required
@require_GET
def download_evidence(request, pk: int, evidence_id: int):
    assessment = scoped_assessment(request, pk)
    ev = get_object_or_404(Evidence, pk=evidence_id, response__assessment=assessment)
    if not ev.file:
        raise Http404(_("该佐证材料没有文件。"))
    try:
        handle = ev.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("文件已不存在。")) from None
    return FileResponse(handle, as_attachment=True, filename=ev.original_name or "evidence")


ACTION_STYLES = {"submit": "primary", "approve": "primary", "return": "danger", "reopen": "danger"}


@login_required
@require_POST
def transition(request, pk: int):
    """Submit / return / approve / reopen. A first POST shows a confirmation page (works without
    JavaScript); only a POST carrying ``confirm`` changes the state. An incomplete assessment is
    refused with the list of what is missing, each linked to its item."""
    assessment = scoped_assessment(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return bad_request(request, first_error(form), assessment)
    action = form.cleaned_data["action"]
    chosen = workflow.TRANSITIONS[action]
    if not chosen.allowed(request.user, assessment):
        raise PermissionDenied(_("您的角色不能执行“%(label)s”。") % {"label": chosen.label})
    valid_ids = set(assessment.template.items.values_list("id", flat=True))
    item_comments = form.item_comments(request.POST, valid_ids)
    judgements = form.judgements(request.POST, valid_ids) if action in {"return", "approve"} else {}
    try:
        judgements = {i: parse_judgement(v) for i, v in judgements.items()}
    except InvalidAnswer as exc:
        return bad_request(request, str(exc), assessment)
    if not form.cleaned_data["confirm"]:
        if assessment.status not in chosen.sources:
            messages.error(request, _("当前状态为“%(status)s”，不能%(label)s。") % {
                "status": assessment.get_status_display(), "label": chosen.label})
            return redirect(assessment.get_absolute_url())
        missing = []
        if action == "submit":
            missing = workflow.missing_items(assessment)
        elif action == "approve":
            # judgements sent with this approval count as given
            missing = [m for m in workflow.missing_items(assessment, for_approval=True)
                       if not (m.reason == workflow.AWAITING_JUDGEMENT and m.item_id in judgements)]
        if missing:
            messages.error(request, str(workflow.Incomplete(str(chosen.label), missing)))
            return redirect(f"{assessment.get_absolute_url()}#as-missing")
        titles = dict(assessment.template.items.values_list("id", "code"))
        return render(request, "assessment/confirm.html", {
            "assessment": assessment, "transition": chosen, "style": ACTION_STYLES.get(action, "primary"),
            "period_label": period_label(assessment.period),
            "comment": form.cleaned_data["comment"],
            "item_comments": [(i, titles.get(i, ""), text) for i, text in sorted(item_comments.items())],
            "judgements": [(i, titles.get(i, ""), v, judgement_label(v)) for i, v in sorted(judgements.items()) if v],
        })
    try:
        workflow.apply(assessment, action, request.user, form.cleaned_data["comment"], item_comments, judgements=judgements)
    except workflow.NotAllowed as exc:
        raise PermissionDenied(str(exc)) from None
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect(f"{assessment.get_absolute_url()}#as-missing")
    messages.success(request, _("状态已更新为“%(status)s”。") % {"status": assessment.get_status_display()})
    return redirect(assessment.get_absolute_url())


@login_required
@require_GET
def audit(request, pk: int):
    assessment = scoped_assessment(request, pk)
    entries = AuditEntry.objects.filter(assessment=assessment).select_related("user", "item")[:1000]
    return render(request, "assessment/audit.html", {"assessment": assessment, "entries": entries})


@login_required
@require_GET
def export_xlsx(request, pk: int):
    from assessment.xlsx import export_assessment

    assessment = scoped_assessment(request, pk)
    data = export_assessment(assessment)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.region.code}-{assessment.period}.xlsx"'
    return response


@login_required
def import_xlsx(request, pk: int):
    from assessment.xlsx import ImportFailed, import_assessment

    assessment = scoped_assessment(request, pk)
    if not permissions.can_edit(request.user, assessment):
        raise PermissionDenied(_("您不能导入该自评估（只有本县填报员可在填报中或退回状态下导入）。"))
    errors: list[str] = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        upload = form.cleaned_data["file"] if form.is_valid() else None
        if upload is None or not upload.name.lower().endswith(".xlsx"):
            errors = [_("请选择从本系统导出的 .xlsx 文件。")]
        else:
            try:
                count = import_assessment(assessment, upload.read(), request.user)
            except ImportFailed as exc:
                errors = exc.errors
            else:
                messages.success(request, _("已导入 %(n)d 项作答。") % {"n": count})
                return redirect(assessment.get_absolute_url())
    return render(
        request, "assessment/import.html", {"assessment": assessment, "errors": errors}, status=400 if errors else 200
    )


@login_required
@require_GET
def report_pdf(request, pk: int):
    from assessment.pdf import render_report

    assessment = scoped_assessment(request, pk)
    response = HttpResponse(render_report(assessment, base=request.build_absolute_uri("/").rstrip("/")), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="assessment-{assessment.region.code}-{assessment.period}.pdf"'
    return response


@login_required
@require_GET
def dashboard(request):
    if not permissions.can_see_dashboard(request.user):
        raise PermissionDenied(_("只有市级审核员和省级管理员可以查看汇总看板。"))
    data = dashboard_data(request.user, request.GET.get("period", ""), request.GET.get("sort", "total"), request.GET.get("dir", "desc"))
    return render(request, "assessment/dashboard.html", data)


@require_GET
def template_detail(request, pk: int):
    """The questions of a template and the clauses they trace to (public: no county data; drafts only for the province)."""
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    if not permissions.can_see_template(request.user, template):
        raise Http404(_("没有找到该模板。"))
    items = list(template.items.all())
    groups = [(value, label, [i for i in items if i.dimension == value]) for value, label in Dimension.choices]
    return render(
        request, "assessment/template_detail.html",
        {"template": template, "groups": groups, "can_manage": permissions.can_manage_templates(request.user),
         "can_edit": permissions.can_edit_template(request.user, template)},
    )


@login_required
def template_list(request):
    if not permissions.can_manage_templates(request.user):
        raise PermissionDenied(_("只有省级管理员可以管理自评估模板。"))
    templates = templates_visible_to(request.user).annotate(n_items=Count("items"))
    return render(request, "assessment/template_list.html", {"templates": templates})


def _template_admin(request, pk: int, *, draft: bool = True) -> ChecklistTemplate:
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    if not permissions.can_manage_templates(request.user):
        raise PermissionDenied(_("只有省级管理员可以编辑自评估模板。"))
    if draft and not permissions.can_edit_template(request.user, template):
        raise PermissionDenied(_("已发布的模板不能直接修改：请先复制为新的草稿版本。"))
    return template


@login_required
def template_edit(request, pk: int):
    """Edit a draft template's items: text, answer type, unit, rule and direction, weight, level, dimension, order;
    add (the empty row), remove (删除) and merge items."""
    template = _template_admin(request, pk)
    qs = template.items.order_by("position", "pk")
    errors: list[str] = []
    if request.method == "POST" and "do_merge" in request.POST:
        form = MergeItemsForm(request.POST)
        if not form.is_valid():
            errors.append(first_error(form))
        else:
            keep = template.items.filter(code=form.cleaned_data["keep"].strip()).first()
            gone = template.items.filter(code=form.cleaned_data["merge"].strip()).first()
            if keep is None or gone is None or keep.pk == gone.pk:
                errors.append(_("请填写本模板中两个不同的检查项编号。"))
            else:
                with transaction.atomic():
                    keep.clauses.add(*gone.clauses.all())
                    seen = {s.get("url") for s in keep.sources}
                    keep.sources = keep.sources + [s for s in gone.sources if s.get("url") not in seen]
                    note = _("已合并 %(code)s：%(title)s") % {"code": gone.code, "title": gone.title}
                    keep.proposal_reason = f"{keep.proposal_reason}\n{note}".strip()
                    keep.save(update_fields=["sources", "proposal_reason"])
                    gone.delete()
                messages.success(request, _("已将 %(gone)s 并入 %(keep)s。") % {"gone": gone.code, "keep": keep.code})
                return redirect("assessment:template_edit", pk=template.pk)
        formset = TemplateItemFormSet(queryset=qs)
    elif request.method == "POST":
        formset = TemplateItemFormSet(request.POST, queryset=qs)
        if formset.is_valid():
            kept = [f for f in formset.forms if f.has_changed() or f.instance.pk]
            kept = [f for f in kept if not f.cleaned_data.get("DELETE")]
            codes = [f.cleaned_data.get("code") or f.instance.code for f in kept if f.cleaned_data]
            dupes = sorted({c for c in codes if codes.count(c) > 1})
            if dupes:
                errors.append(_("检查项编号重复：%(codes)s。") % {"codes": "、".join(dupes)})
            else:
                with transaction.atomic():
                    for obj in formset.save(commit=False):
                        obj.template = template
                        obj.save()
                    for obj in formset.deleted_objects:
                        obj.delete()
                messages.success(request, _("模板草稿已保存。"))
                return redirect("assessment:template_edit", pk=template.pk)
        else:
            errors.append(_("请更正标出的错误后再保存；没有保存任何内容。"))
    else:
        formset = TemplateItemFormSet(queryset=qs)
    return render(
        request, "assessment/template_edit.html",
        {"template": template, "formset": formset, "errors": errors, "merge_form": MergeItemsForm()},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def template_publish(request, pk: int):
    template = _template_admin(request, pk)
    if not template.items.exists():
        messages.error(request, _("模板没有检查项，不能发布。"))
        return redirect("assessment:template_edit", pk=template.pk)
    publish_template(template)
    schedule_reindex()
    messages.success(request, _("已发布 %(t)s；新建的自评估将使用此版本。") % {"t": template})
    return redirect("assessment:template_detail", pk=template.pk)


@login_required
@require_POST
def template_new_draft(request, pk: int):
    """Copy a (published) template into a new draft version to edit."""
    template = _template_admin(request, pk, draft=False)
    draft = copy_template(template, as_draft=True)
    messages.success(request, _("已复制为新的草稿版本 v%(v)d。") % {"v": draft.version})
    return redirect("assessment:template_edit", pk=draft.pk)


@login_required
def template_weights(request, pk: int):
    """Edit item and dimension weights; a template already in use gets a new version instead."""
    if not permissions.can_manage_templates(request.user):
        raise PermissionDenied(_("只有省级管理员可以修改权重。"))
    template = get_object_or_404(ChecklistTemplate, pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        def parse_weight(raw: str, label: str) -> Decimal | None:
            try:
                value = Decimal(raw.strip())
            except InvalidOperation:
                errors.append(_("%(label)s 的权重“%(raw)s”不是数字。") % {"label": label, "raw": raw})
                return None
            if not value.is_finite() or value < 0 or value > 1000:
                errors.append(_("%(label)s 的权重必须在 0 到 1000 之间。") % {"label": label})
                return None
            return value

        dims = {}
        for value, label in Dimension.choices:
            raw = request.POST.get(f"dim_{value}")
            if raw is not None:
                w = parse_weight(raw, label)
                if w is not None:
                    dims[value] = float(w)
        item_weights = {}
        for item in template.items.all():
            raw = request.POST.get(f"item_{item.id}")
            if raw is not None:
                w = parse_weight(raw, item.code)
                if w is not None:
                    item_weights[item.code] = w
        if not errors:
            target = copy_template(template) if template_in_use(template) else template
            with transaction.atomic():
                target.dimension_weights = {**target.dimension_weights, **dims}
                target.save(update_fields=["dimension_weights"])
                for item in target.items.all():
                    if item.code in item_weights and item.weight != item_weights[item.code]:
                        item.weight = item_weights[item.code]
                        item.save(update_fields=["weight"])
            if target.pk != template.pk:
                schedule_reindex()
                messages.success(request, _("该模板已被使用，已生成新版本 v%(v)d 并保存权重；已有自评估仍使用原版本。") % {"v": target.version})
            else:
                messages.success(request, _("权重已保存。"))
            return redirect(reverse("assessment:template_weights", args=[target.pk]))
    return render(
        request, "assessment/template_weights.html",
        {"template": template, "items": template.items.all(), "dimensions": [
            (value, label, template.dimension_weights.get(value, 1)) for value, label in Dimension.choices
        ], "errors": errors, "in_use": template_in_use(template)},
        status=400 if errors else 200,
    )
