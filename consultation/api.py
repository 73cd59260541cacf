"""JSON API for consultations under /api/v1/consultations/ — 征求意见接口.

Same permissions as the pages (``consultation.permissions``): reading needs no login but shows
only what the caller may see (the public: announcements, and comments once the summary is
published; a 意见提交人: their unit's comments; the drafting group: everything). Writing needs a
session login (with CSRF). A comment or object the caller may not see answers 404, an action
their role may not take 403, a closed consultation 403, invalid input 400.
"""


from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from consultation import permissions, services
from consultation.models import Comment, Consultation
from consultation.summary import (
    PENDING,
    STATE_LABELS,
    consultation_rows,
    counts,
    disposition_of,
    summary_line,
    with_dispositions,
)

router = Router()

State = Literal["accepted", "partly", "rejected", "pending"]


class OrganisationOut(Schema):
    key: str
    name: str


class SummaryOut(Schema):
    line: str = Field(description="收到 N 个单位 M 条意见，采纳 …，部分采纳 …，未采纳 …")
    units: int
    comments: int
    accepted: int
    partly: int
    rejected: int
    pending: int


class ConsultationOut(Schema):
    id: int
    title: str
    work_key: str
    work_title: str
    version_number: int
    version_label: str
    stage: str
    starts_on: date
    ends_on: date
    state: Literal["upcoming", "open", "closed"]
    invited: list[OrganisationOut]
    summary_published: bool
    url: str
    summary: SummaryOut | None = Field(None, description="仅起草组可见，或汇总处理表公开后")


class DispositionOut(Schema):
    decision: Literal["accepted", "partly", "rejected"]
    decision_label: str
    reason: str
    decided_at: datetime


class CommentOut(Schema):
    id: int
    consultation_id: int
    clause_path: str = Field(description="为空表示针对全文")
    clause_label: str
    organisation: OrganisationOut
    text: str
    proposed_wording: str
    reason: str
    source: str
    created_at: datetime
    merged_into: int | None
    state: State
    state_label: str
    disposition: DispositionOut | None


class CommentIn(Schema):
    clause: str = Field("", description="章条编号或条款路径（如 5.2.1、第十四条（三））；留空或“全文”表示针对全文")
    organisation: str | None = Field(None, description="提出单位标识；属于多个受邀单位时必填")
    text: str = Field(..., min_length=1, max_length=services.MAX_TEXT)
    proposed_wording: str = Field("", max_length=services.MAX_TEXT)
    reason: str = Field("", max_length=services.MAX_TEXT)


class CommentFilters(Schema):
    organisation: str | None = Field(None, description="提出单位标识")
    state: State | None = None
    clause: str | None = Field(None, description="条款路径；“_whole” 表示针对全文的意见")


class DispositionIn(Schema):
    decision: Literal["accepted", "partly", "rejected"]
    reason: str = Field("", max_length=services.MAX_TEXT, description="部分采纳、未采纳必填")


class MergeIn(Schema):
    into: int = Field(..., description="合并到的意见编号（共用其处理意见）")


class ErrorOut(Schema):
    detail: str


def _consultation_out(c: Consultation, user) -> ConsultationOut:
    summary = None
    if permissions.can_see_all_comments(user, c):
        n = counts(consultation_rows(c))
        summary = SummaryOut(line=summary_line(n), **n)
    return ConsultationOut(
        id=c.pk, title=c.display_title, work_key=c.version.work.key, work_title=c.version.work.title,
        version_number=c.version.number, version_label=c.version.display_label, stage=c.version.stage,
        starts_on=c.starts_on, ends_on=c.ends_on, state=c.state(),
        invited=[OrganisationOut(key=o.key, name=o.name) for o in c.invited.all()],
        summary_published=c.summary_published, url=c.get_absolute_url(), summary=summary,
    )


def _comment_out(comment: Comment) -> CommentOut:
    d = disposition_of(comment)
    state = d.decision if d else PENDING
    return CommentOut(
        id=comment.pk, consultation_id=comment.consultation_id, clause_path=comment.clause_path,
        clause_label=comment.clause_label, organisation=OrganisationOut(key=comment.organisation.key, name=comment.organisation.name),
        text=comment.text, proposed_wording=comment.proposed_wording, reason=comment.reason, source=comment.source,
        created_at=comment.created_at, merged_into=comment.merged_into_id, state=state, state_label=STATE_LABELS[state],
        disposition=DispositionOut(decision=d.decision, decision_label=d.get_decision_display(), reason=d.reason, decided_at=d.decided_at) if d else None,
    )


def _get_consultation(pk: int) -> Consultation:
    return get_object_or_404(Consultation.objects.select_related("version__work"), pk=pk)


def _visible_comment(request, cid: int) -> Comment:
    comment = with_dispositions(Comment.objects.select_related("consultation__version__work")).filter(pk=cid).first()
    if comment is None or not permissions.can_view_comment(request.user, comment):
        raise HttpError(404, _("没有这条意见。"))
    return comment


@router.get("", response=list[ConsultationOut], summary="征求意见列表", auth=None)
@paginate(PageNumberPagination, page_size=50)
def list_consultations(request):
    return [_consultation_out(c, request.user) for c in permissions.visible_consultations(request.user).prefetch_related("invited")]


@router.get("/{int:consultation_id}", response=ConsultationOut, summary="一次征求意见", auth=None)
def get_consultation(request, consultation_id: int):
    return _consultation_out(_get_consultation(consultation_id), request.user)


@router.get("/{int:consultation_id}/comments", response=list[CommentOut], summary="意见列表（按可见范围）", auth=None)
@paginate(PageNumberPagination, page_size=100)
def list_comments(request, consultation_id: int, filters: Query[CommentFilters]):
    c = _get_consultation(consultation_id)
    qs: QuerySet[Comment] = permissions.visible_comments(request.user, c).select_related("organisation")
    if filters.organisation:
        qs = qs.filter(organisation__key=filters.organisation)
    if filters.clause is not None:
        qs = qs.filter(clause_path="" if filters.clause == "_whole" else filters.clause)
    comments = [_comment_out(x) for x in with_dispositions(qs).in_reading_order()]
    if filters.state:
        comments = [x for x in comments if x.state == filters.state]
    return comments


@router.post(
    "/{int:consultation_id}/comments", response={201: CommentOut, 400: ErrorOut, 403: ErrorOut},
    summary="提交意见（意见提交人）", auth=django_auth,
)
def create_comment(request, consultation_id: int, body: CommentIn):
    c = _get_consultation(consultation_id)
    orgs = list(permissions.commenting_organisations(request.user, c))
    if not orgs:
        raise HttpError(403, _("您不是受邀单位的意见提交人。"))
    if body.organisation:
        org = next((o for o in orgs if o.key == body.organisation), None)
        if org is None:
            raise HttpError(403, _("您不是该单位的意见提交人。"))
    elif len(orgs) == 1:
        org = orgs[0]
    else:
        raise HttpError(400, _("您属于多个受邀单位，请指明提出单位（organisation）。"))
    try:
        comment = services.submit_comment(
            request.user, c, organisation=org, clause_ref=body.clause, text=body.text,
            proposed_wording=body.proposed_wording, reason=body.reason, source=Comment.Source.API,
        )
    except services.ConsultationClosed as exc:
        raise HttpError(403, str(exc)) from None
    except services.ConsultationError as exc:
        raise HttpError(400, str(exc)) from None
    return Status(201, _comment_out(comment))


@router.get("/comments/{int:comment_id}", response=CommentOut, summary="一条意见", auth=None)
def get_comment(request, comment_id: int):
    return _comment_out(_visible_comment(request, comment_id))


@router.put(
    "/comments/{int:comment_id}/disposition", response={200: DispositionOut, 400: ErrorOut, 403: ErrorOut},
    summary="记录处理意见（起草组）", auth=django_auth,
)
def put_disposition(request, comment_id: int, body: DispositionIn):
    comment = _visible_comment(request, comment_id)
    try:
        d = services.dispose(request.user, comment, decision=body.decision, reason=body.reason)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except services.ConsultationError as exc:
        raise HttpError(400, str(exc)) from None
    return DispositionOut(decision=d.decision, decision_label=d.get_decision_display(), reason=d.reason, decided_at=d.decided_at)


@router.post(
    "/comments/{int:comment_id}/merge", response={200: CommentOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="合并重复意见（起草组）", auth=django_auth,
)
def merge_comment(request, comment_id: int, body: MergeIn):
    comment = _visible_comment(request, comment_id)
    into = Comment.objects.filter(pk=body.into, consultation_id=comment.consultation_id).first()
    if into is None:
        raise HttpError(404, _("没有要合并到的意见。"))
    try:
        services.merge(request.user, comment, into)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except services.ConsultationError as exc:
        raise HttpError(400, str(exc)) from None
    return _comment_out(_visible_comment(request, comment_id))
