"""The JSON API under /api/v1/; each app contributes its own router, OpenAPI at /api/v1/openapi.json.

Every body and query parameter is a schema, so the OpenAPI document lists them. A body or
parameter of the wrong shape answers 400 ``{"error": one sentence, "detail": [...]}``; nothing
is changed.
"""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.parser import Parser

from assessment.api import router as assessment_router
from content.api import router as content_router
from knowledge.api import router as knowledge_router
from search.api import router as search_router


class BodyParser(Parser):
    """JSON bodies; a form-encoded body (a browser form, an empty POST) is read as its fields."""

    def parse_body(self, request):
        if request.content_type in {"multipart/form-data", "application/x-www-form-urlencoded"}:
            return request.POST.dict()
        return super().parse_body(request)


api = NinjaAPI(
    parser=BodyParser(),
    title="医共体规范门户 API",
    version="1",
    description="文件、条款、知识图谱、检索与自评估的 JSON 接口。列表均分页（page、page_size）。",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/documents", content_router, tags=["文件"])
api.add_router("/graph", knowledge_router, tags=["知识图谱"])
api.add_router("/search", search_router, tags=["检索"])
api.add_router("/assessments", assessment_router, tags=["自评估"])
api.add_router("/consultations", "consultation.api.router", tags=["征求意见"])


def _where(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ()) if part not in {"body", "query", "path", "payload", "filters", "params"}]
    return ".".join(loc) or _("请求")


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    message = _("参数“%(field)s”无效：%(reason)s。") % {"field": _where(first), "reason": first.get("msg", "")}
    detail = [{"loc": list(map(str, e.get("loc", ()))), "msg": e.get("msg", "")} for e in exc.errors]
    return api.create_response(request, {"error": message, "detail": detail}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = str(exc)
    if message.startswith("Cannot parse request body"):
        message = _("请求体不是有效的 JSON 对象。")
    return api.create_response(request, {"error": message}, status=exc.status_code)
