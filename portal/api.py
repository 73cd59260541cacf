"""The JSON API under /api/v1/; each app contributes its own router, OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from assessment.api import router as assessment_router
from content.api import router as content_router
from knowledge.api import router as knowledge_router
from search.api import router as search_router

api = NinjaAPI(
    title="医共体规范门户 API",
    version="1",
    description="文件、条款、知识图谱、检索与自评估的 JSON 接口。",
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/documents", content_router, tags=["文件"])
api.add_router("/graph", knowledge_router, tags=["知识图谱"])
api.add_router("/search", search_router, tags=["检索"])
api.add_router("/assessments", assessment_router, tags=["自评估"])
api.add_router("/consultations", "consultation.api.router", tags=["征求意见"])
