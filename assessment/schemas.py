"""Request and response schemas of the assessment API — 自评估接口的数据结构.

Every body is a schema, so the OpenAPI document lists it and a body of the wrong shape answers
400 (through the API's validation handler) before a view runs. Answer values stay text: the
validation of numbers, dates and choices is ``assessment.values`` (one clear sentence per error).
"""

from __future__ import annotations

from ninja import Field, Schema
from pydantic import StrictFloat, StrictInt, StrictStr, field_validator, model_validator

# A JSON string or number (not true/false, not an object); the view validates the meaning.
Scalar = StrictStr | StrictInt | StrictFloat | None


def _text(value: Scalar) -> str:
    return "" if value is None else str(value)


class BodyIn(Schema):
    """A JSON object: an array or a bare value is refused instead of read as "no fields"."""

    @model_validator(mode="wrap")
    @classmethod
    def _an_object(cls, data, handler):
        raw = getattr(data, "_obj", data)
        if not isinstance(raw, dict):
            raise ValueError("请求体应为 JSON 对象")
        return handler(data)


class AssessmentCreateIn(BodyIn):
    region_code: str = Field(..., max_length=20, description="县（市、区）行政区划代码")
    period: str = Field(..., max_length=20, description="评估周期，如 2026、2026H1、2026Q1、2026-03")
    carry_over: bool = Field(True, description="是否沿用上一周期的佐证材料")


class AnswerIn(BodyIn):
    """One answer; ``version`` (or the If-Match header) names the version being replaced."""

    version: int | None = Field(None, ge=0, description="作答的当前版本号；也可放在 If-Match 头中")
    choice: Scalar = Field(None, description="结论：yes/partly/no/na 或 是/部分/否/不适用")
    number: Scalar = Field(None, description="数值（百分比可带 %）")
    date: Scalar = Field(None, description="日期，如 2026-03-31")
    text: Scalar = Field(None, description="文字作答")
    note: Scalar = Field(None, description="说明")

    def values(self) -> dict[str, str]:
        return {k: _text(getattr(self, k)) for k in ("choice", "number", "date", "text", "note")}


class TransitionIn(BodyIn):
    comment: str = Field("", max_length=5000, description="审核意见")
    item_comments: dict[str, str] = Field(default_factory=dict, description="{检查项编号或ID: 意见}")
    judgements: dict[str, str] = Field(
        default_factory=dict, description="{检查项编号或ID: met/partly/not_met 或 达标/部分达标/未达标}（退回、审定时）"
    )

    @field_validator("item_comments", "judgements")
    @classmethod
    def _bounded(cls, value: dict[str, str]) -> dict[str, str]:
        if len(value) > 1000 or any(len(v) > 5000 for v in value.values()):
            raise ValueError("item_comments 过多或过长")
        return value


class JudgementIn(BodyIn):
    judgement: str = Field(..., max_length=20, description="met/partly/not_met 或 达标/部分达标/未达标；空串清除")


class MissingOut(Schema):
    item_id: int
    code: str
    title: str
    reason: str
    reason_label: str


class IncompleteOut(Schema):
    error: str
    missing: list[MissingOut]


class TemplateRef(Schema):
    key: str
    version: int


class AssessmentSummaryOut(Schema):
    id: int
    region_code: str
    region: str
    city: str
    period: str
    period_label: str
    period_type: str
    status: str
    version: int
    template: TemplateRef
    score: float | None
    grade: str
    grade_label: str
    answered: int
    total_items: int
    url: str


class AssessmentListFilter(Schema):
    period: str = Field("", max_length=20, description="只列出该周期")
    status: str = Field("", max_length=20, description="只列出该状态")


class ErrorOut(Schema):
    error: str
