"""JSON API for assessments under /api/v1/assessments/ — 自评估接口.

Session (with CSRF) or bearer-token authentication. Scope is checked on every endpoint: an
assessment outside the caller's scope answers 404, an action their role may not take 403.
Updating a response names its version (in the body as ``version`` or in ``If-Match``); a stale
version answers 409 with both values, an invalid value 400, and nothing is stored.
"""


from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer, django_auth

from assessment import permissions, workflow
from assessment.answers import Conflict, Locked, response_values, save_answer
from assessment.models import ApiToken, Assessment, ChecklistItem, Region, Response
from assessment.periods import PeriodError, parse_period
from assessment.presentation import (
    grade_label,
    grade_rule_text,
    judgement_label,
    period_label,
    score_payload,
)
from assessment.schemas import (
    AnswerIn,
    AssessmentCreateIn,
    AssessmentListFilter,
    AssessmentSummaryOut,
    IncompleteOut,
    JudgementIn,
    TransitionIn,
)
from assessment.values import InvalidAnswer


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        row = ApiToken.objects.select_related("user").filter(key_hash=ApiToken.hash(token)).first()
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


router = Router(auth=[TokenAuth(), django_auth])


def error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False})


def ok(data, status: int = 200, **headers) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    for key, value in headers.items():
        response[key] = value
    return response


def _user(request):
    return request.auth


def _scoped(request, pk: int) -> Assessment | None:
    a = Assessment.objects.select_related("region", "region__parent", "template").filter(pk=pk).first()
    if a is None or not permissions.can_view(_user(request), a):
        return None
    return a


def summary(a: Assessment) -> dict:
    return {
        "id": a.pk,
        "region_code": a.region.code,
        "region": a.region.name,
        "city": a.region.parent.name if a.region.parent else "",
        "period": a.period,
        "period_label": period_label(a.period),
        "period_type": a.period_type,
        "status": a.status,
        "version": a.version,
        "template": {"key": a.template.key, "version": a.template.version},
        "score": None if a.score is None else float(a.score),
        "grade": a.grade,
        "grade_label": grade_label(a.grade),
        "answered": a.answered,
        "total_items": a.total_items,
        "url": a.get_absolute_url(),
    }


def item_payload(item: ChecklistItem, r: Response | None) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "dimension": item.dimension,
        "title": item.title,
        "response_type": item.response_type,
        "unit": item.unit,
        "comparator": item.comparator,
        "threshold": None if item.threshold is None else float(item.threshold),
        "deadline": item.deadline.isoformat() if item.deadline else None,
        "weight": float(item.weight),
        "rule": item.rule_text,
        "direction": item.direction,
        "required": item.required,
        "needs_judgement": item.needs_judgement,
        "sources": item.sources,
        "response": None if r is None else {
            **response_values(r), "version": r.version, "review_comment": r.review_comment, "judgement": r.judgement,
            "updated_at": r.updated_at.isoformat() if r.updated_at else None,
            "evidence": [{"id": e.pk, "name": e.original_name, "note": e.note, "size": e.size} for e in r.evidence.all()],
        },
    }


@router.get("/", response=list[AssessmentSummaryOut], summary="我可见的自评估列表（分页：page、page_size）")
@paginate(PageNumberPagination, page_size=100, max_page_size=500)
def list_assessments(request, filters: Query[AssessmentListFilter]):
    qs = permissions.visible_assessments(_user(request)).select_related("region", "region__parent", "template")
    if filters.period:
        qs = qs.filter(period=filters.period)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return _Summaries(qs.order_by("-period", "region__code", "pk"))


class _Summaries:
    """A queryset that yields summaries when the paginator slices it."""

    def __init__(self, qs):
        self.qs = qs

    def all(self):
        return self.qs

    def __getitem__(self, key):
        return [summary(a) for a in self.qs[key]]


@router.post("/", response={201: AssessmentSummaryOut}, summary="新建自评估")
def create_assessment(request, body: AssessmentCreateIn):
    region = Region.objects.filter(code=body.region_code).first()
    if region is None or not permissions.can_create_for(_user(request), region):
        return error(404, _("没有找到该县（市、区），或您无权为其创建自评估。"))
    try:
        parse_period(body.period)
        a = workflow.start(region, body.period, _user(request), carry_over=body.carry_over)
    except PeriodError as exc:
        return error(400, str(exc))
    except workflow.WorkflowError as exc:
        return error(409, str(exc))
    return ok(summary(a), status=201)


@router.get("/{int:pk}", summary="自评估详情（检查项、作答、得分与等级）")
def read_assessment(request, pk: int):
    a = _scoped(request, pk)
    if a is None:
        return error(404, _("没有找到该自评估。"))
    responses = {r.item_id: r for r in Response.objects.filter(assessment=a).prefetch_related("evidence")}
    items = ChecklistItem.objects.filter(template_id=a.template_id).order_by("position")
    return ok({
        **summary(a),
        "dimension_scores": a.dimension_scores,
        "review_comment": a.review_comment,
        "grade_rule": grade_rule_text(),
        "items": [item_payload(i, responses.get(i.pk)) for i in items],
    }, ETag=f'"{a.version}"')


def _version_from(request, body: AnswerIn) -> int | None:
    if body.version is not None:
        return body.version
    raw = request.headers.get("If-Match", "").strip().removeprefix("W/").strip('"')
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


@router.put("/{int:pk}/responses/{int:item_id}", summary="更新一项作答（需带版本号）")
def update_response(request, pk: int, item_id: int, body: AnswerIn):
    a = _scoped(request, pk)
    if a is None:
        return error(404, _("没有找到该自评估。"))
    item = ChecklistItem.objects.filter(pk=item_id, template_id=a.template_id).first()
    if item is None:
        return error(404, _("该自评估没有这个检查项。"))
    if a.region_id not in permissions.scope_for(_user(request)).assessor_counties:
        return error(403, _("只有本县填报员可以修改作答。"))
    version = _version_from(request, body)
    if version is None:
        return error(428, _("请在请求体 version 或 If-Match 头中提供作答的版本号。"))
    data = body.values()
    try:
        response, card = save_answer(a, item, data, version, _user(request))
    except InvalidAnswer as exc:
        return error(400, str(exc))
    except Locked as exc:
        return error(409, str(exc))
    except Conflict as exc:
        return error(
            409, _("保存冲突：此项已被他人修改。"), current=exc.current, yours=exc.yours, current_version=exc.current_version
        )
    return ok(
        {"item": item.pk, "version": response.version, "values": response_values(response), **score_payload(a, card, item, response)},
        ETag=f'"{response.version}"',
    )


def _transition(request, pk: int, action: str, body: TransitionIn | None):
    a = _scoped(request, pk)
    if a is None:
        return error(404, _("没有找到该自评估。"))
    body = body or TransitionIn()
    items = {i.code: i.pk for i in a.template.items.all()}
    ids = set(items.values())

    def by_item(values: dict[str, str]) -> dict[int, str] | None:
        out = {}
        for key, text in values.items():
            item_id = items.get(str(key)) or (int(key) if str(key).isdigit() and int(key) in ids else None)
            if item_id is None:
                return None
            out[item_id] = str(text)
        return out

    item_comments, judgements = by_item(body.item_comments), by_item(body.judgements)
    if item_comments is None or judgements is None:
        unknown = next(k for k in [*body.item_comments, *body.judgements] if k not in items and not (str(k).isdigit() and int(k) in ids))
        return error(400, _("检查项“%(key)s”不存在。") % {"key": unknown})
    try:
        workflow.apply(a, action, _user(request), body.comment, item_comments, judgements=judgements or None)
    except workflow.NotAllowed as exc:
        return error(403, str(exc))
    except workflow.Incomplete as exc:
        return error(409, str(exc), missing=[m.as_dict() for m in exc.missing])
    except workflow.WorkflowError as exc:
        return error(409, str(exc))
    return ok(summary(a))


@router.post("/{int:pk}/submit", response={200: AssessmentSummaryOut, 409: IncompleteOut}, summary="提交审核")
def submit(request, pk: int, body: TransitionIn | None = None):
    return _transition(request, pk, "submit", body)


@router.post("/{int:pk}/return", summary="退回修改（附意见）")
def return_(request, pk: int, body: TransitionIn | None = None):
    return _transition(request, pk, "return", body)


@router.post("/{int:pk}/approve", response={200: AssessmentSummaryOut, 409: IncompleteOut}, summary="审定通过（锁定）")
def approve(request, pk: int, body: TransitionIn | None = None):
    return _transition(request, pk, "approve", body)


@router.post("/{int:pk}/reopen", summary="重新开放（省级）")
def reopen(request, pk: int, body: TransitionIn | None = None):
    return _transition(request, pk, "reopen", body)


@router.put("/{int:pk}/judgements/{int:item_id}", summary="审核评定一项（无判定规则的检查项：达标/部分达标/未达标）")
def judge_item(request, pk: int, item_id: int, body: JudgementIn):
    a = _scoped(request, pk)
    if a is None:
        return error(404, _("没有找到该自评估。"))
    item = ChecklistItem.objects.filter(pk=item_id, template_id=a.template_id).first()
    if item is None:
        return error(404, _("该自评估没有这个检查项。"))
    try:
        response = workflow.judge(a, item, body.judgement, _user(request))
    except workflow.NotAllowed as exc:
        return error(403, str(exc))
    except workflow.WorkflowError as exc:
        return error(409, str(exc))
    a.refresh_from_db()
    return ok({"item": item.pk, "judgement": response.judgement, "judgement_label": judgement_label(response.judgement),
               **summary(a)})
