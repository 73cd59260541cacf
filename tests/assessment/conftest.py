"""Fixtures: a small region tree, users in each role, and a template built from hand-made obligations."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from assessment.checklist import build_template
from assessment.models import Membership, Region, Role
from content.models import Clause, Indicator, Version, Work
from knowledge.models import Obligation

OBLIGATIONS = [
    # (clause heading, clause text, obligation text, modality, comparator, value, unit, deadline)
    ("人才下沉", "牵头医院每季度至少派出3名以上专家到乡镇卫生院坐诊带教。", "牵头医院每季度至少派出3名以上专家到乡镇卫生院坐诊带教",
     "must", ">=", Decimal(3), "名", None),
    ("资源共享", "到2025年底前建成县域医学影像、检验、心电诊断中心。", "到2025年底前建成县域医学影像、检验、心电诊断中心",
     "must", "", None, "", date(2025, 12, 31)),
    ("分级诊疗", "医共体应当建立双向转诊制度，畅通上下转诊通道。", "医共体应当建立双向转诊制度",
     "must", "", None, "", None),
    ("分级诊疗", "县域内住院人次占比达到90%以上。", "县域内住院人次占比达到90%以上",
     "must", ">=", Decimal(90), "%", None),
    ("医保", "医保基金不得用于与医疗服务无关的支出。", "医保基金不得用于与医疗服务无关的支出",
     "must_not", "", None, "", None),
    ("健康", "鼓励开展健康教育进社区活动。", "鼓励开展健康教育进社区活动", "encouraged", "", None, "", None),
]


@pytest.fixture
def standard(db):
    work = Work.objects.create(key="std", title="紧密型县域医疗卫生共同体管理规范", kind="standard", has_text=True)
    version = Version.objects.create(work=work, number=1, source_sha256="0" * 64, original_text="x", text="x")
    for pos, (heading, text, ob_text, modality, comp, value, unit, deadline) in enumerate(OBLIGATIONS):
        clause = Clause.objects.create(
            version=version, kind="clause", label=f"5.{pos + 1}", path=f"5.{pos + 1}", heading=heading, text=text, position=pos,
        )
        start = text.index(ob_text[:4])
        Obligation.objects.create(
            clause=clause, span_start=start, span_end=start + len(ob_text), text=ob_text, modality=modality, confidence=0.9,
            quantity_comparator=comp, quantity_value=value, quantity_unit=unit, deadline=deadline,
        )
    return work


@pytest.fixture
def template(standard):
    Indicator.objects.create(
        key="satisfaction", name="群众满意度", dimension="health", unit="%", direction="higher", target="≥85%", weight=2,
    )
    return build_template([standard], publish=True)


@pytest.fixture
def regions(db):
    province = Region.objects.create(code="210000", name="辽宁省", level="province")
    city = Region.objects.create(code="211200", name="铁岭市", level="city", parent=province)
    other_city = Region.objects.create(code="211300", name="朝阳市", level="city", parent=province)
    return {
        "province": province,
        "city": city,
        "other_city": other_city,
        "county": Region.objects.create(code="211221", name="铁岭县", level="county", parent=city),
        "sibling": Region.objects.create(code="211223", name="西丰县", level="county", parent=city),
        "far": Region.objects.create(code="211321", name="朝阳县", level="county", parent=other_city),
    }


def make_user(username, role=None, region=None, **extra):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username, **extra)
    if role:
        Membership.objects.create(user=user, role=role, region=region)
    return user


@pytest.fixture
def users(regions):
    return {
        "assessor": make_user("assessor", Role.ASSESSOR, regions["county"]),
        "sibling_assessor": make_user("sibling", Role.ASSESSOR, regions["sibling"]),
        "far_assessor": make_user("far", Role.ASSESSOR, regions["far"]),
        "reviewer": make_user("reviewer", Role.REVIEWER, regions["city"]),
        "other_reviewer": make_user("other_reviewer", Role.REVIEWER, regions["other_city"]),
        "admin": make_user("admin", Role.ADMIN, regions["province"]),
        "public": make_user("public"),
    }


@pytest.fixture
def assessment(template, regions, users):
    from assessment.workflow import start

    return start(regions["county"], "2026-03", users["assessor"], template)


@pytest.fixture
def far_assessment(template, regions, users):
    from assessment.workflow import start

    return start(regions["far"], "2026-03", users["far_assessor"], template)


def complete(assessment):
    """Answer every item still unanswered (no audit entries), so the assessment can be submitted."""
    from datetime import date as _date

    from assessment.answers import rescore
    from assessment.models import Response

    for it in assessment.template.items.all():
        response, _created = Response.objects.get_or_create(assessment=assessment, item=it)
        if response.choice or response.number is not None or response.date or response.text:
            continue
        values = {
            "choice": {"choice": "yes"},
            "number": {"number": it.threshold if it.threshold is not None else Decimal(1)},
            "percentage": {"number": it.threshold if it.threshold is not None else Decimal(50)},
            "date": {"date": it.deadline or _date(2026, 1, 1)},
            "text": {"text": "已落实"},
        }[it.response_type]
        Response.objects.filter(pk=response.pk).update(**values)
    rescore(assessment)
    return assessment


# -- an assessment with an item only the reviewer can judge ---------------------------------------


@pytest.fixture
def judged_template(standard):
    Indicator.objects.create(key="primary-care", name="基层就诊率", dimension="orderly_care", unit="%", direction="higher")
    Indicator.objects.create(key="costs", name="医疗费用增长率", dimension="operations", unit="%", direction="lower", target="10%")
    return build_template([standard], publish=True)


@pytest.fixture
def judged(judged_template, regions, users):
    from assessment.workflow import start

    return start(regions["county"], "2026-03", users["assessor"], judged_template)
