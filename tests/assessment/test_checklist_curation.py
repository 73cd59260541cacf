"""The default checklist built on the founding corpus is one a county assessor can fill in.

One test per defect kind the county-checklist issue found (background sentences, fragments,
truncated text, other levels' duties, another province's documents, template documents,
near-duplicates, a year read as a threshold), plus drafts and publishing.
"""

import re
import tomllib
from decimal import Decimal

import pytest

from assessment import curation
from assessment.checklist import (
    add_obligation_item,
    build_template,
    publish_template,
    templates_visible_to,
)
from assessment.models import ChecklistTemplate
from assessment.workflow import WorkflowError, active_template, start
from knowledge.models import Obligation
from tests.conftest import CORPUS


@pytest.fixture
def built(imported_corpus, db):
    from content.seed import seed_reference_data

    seed_reference_data()  # the 附录B indicators (rolled back with the test)
    return build_template()


@pytest.fixture
def items(built):
    return list(built.items.select_related("obligation__clause__version__work").order_by("position"))


def portal_province() -> str:
    with open(CORPUS / "regions.toml", "rb") as fh:
        return tomllib.load(fh)["province"]["name"]


def source_works(item):
    from content.models import Clause

    return {c.version.work for c in Clause.objects.filter(id__in=[s["clause_id"] for s in item.sources]).select_related("version__work")}


def test_the_checklist_is_smaller_and_every_item_says_why(items):
    assert 30 <= len(items) <= 80
    assert all(item.proposal_reason for item in items)
    assert all(item.applies_to in curation.COUNTY_LEVELS for item in items if item.obligation_id)


def test_no_background_sentences(items):
    for item in items:
        assert not item.title.startswith(("”", "“", "，")), item.title
        assert not re.search(r"(发布|印发)《[^》]+》.{0,20}要求", item.title), item.title
        if item.obligation_id:
            assert not curation.is_background(item.obligation.text), item.title
            assert item.obligation.clause.version.work.kind != "explanation"


def test_no_fragments(items):
    for item in items:
        assert not item.title.endswith(("，", "、", ",")), item.title
        assert not item.title.startswith("其中"), item.title
        if item.obligation_id:
            assert not curation.is_fragment(item.obligation.text), item.title
    assert not any("高度重视" in item.title for item in items)


def test_no_truncated_text(items):
    for item in items:
        for opened, closed in ("（）", "()", "《》", "“”"):
            assert item.title.count(opened) == item.title.count(closed), item.title
    assert not any(item.title.endswith("（县级市") for item in items)


def test_no_duties_of_other_levels(items):
    for item in items:
        if not item.obligation_id:
            continue
        assert not re.match(r"(省|全省|市级|各市|各地|各级|国家|全国)", item.title), item.title
        hit = curation.bearer_level(item.obligation.duty_bearer)
        assert hit is None or hit[0] in curation.COUNTY_LEVELS, (item.title, item.obligation.duty_bearer)
    assert not any("省有关部门" in item.title or "市级政府" in item.title for item in items)


def test_no_documents_of_another_province(items):
    province = portal_province()
    for item in items:
        for work in source_works(item):
            if work.level in {"provincial", "city", "county"}:
                assert province in work.title or any(province in i for i in work.issuers), (item.title, work.title)


def test_no_template_documents(items):
    from content.models import Version

    template_works = set(Version.objects.filter(stage="template").values_list("work_id", flat=True))
    assert template_works, "the corpus holds a model (template) document"
    for item in items:
        for work in source_works(item):
            assert work.id not in template_works and not work.is_placeholder, (item.title, work.title)
            assert not curation.is_placeholder_title(work.title)
    # the template's placeholder wording never reaches a county
    assert not any(word in item.title for item in items for word in ("总医院", "卫计部门", "县医管委"))


def test_near_duplicates_are_merged_with_both_sources_kept(items):
    texts = [(i.code, i.obligation.text if i.obligation_id else i.title) for i in items]
    for n, (code_a, a) in enumerate(texts):
        for code_b, b in texts[n + 1 :]:
            assert not curation.is_near_duplicate(a, b), (code_a, code_b)
    # the internal-appraisal duty is in the province's plan and in the national opinion: one item
    appraisal = [i for i in items if "建立健全内部考核机制" in i.title]
    assert len(appraisal) == 1 and len(source_works(appraisal[0])) == 2
    assert "合并相近条款" in appraisal[0].proposal_reason
    # the joint meeting is asked once, with the standard's clause among its sources
    meetings = [i for i in items if "联席会议" in i.title]
    assert len(meetings) == 1 and any(w.kind == "standard" for w in source_works(meetings[0]))
    # two requirements with different numbers stay two items (beds and floor area)
    assert len([i for i in items if "建筑面积不少于" in i.title]) == 2


def test_no_year_read_as_a_threshold(items):
    for item in items:
        if item.threshold is not None:
            assert not (1990 <= item.threshold <= 2100 and item.threshold == int(item.threshold)), (item.title, item.threshold)
    share = next(i for i in items if i.title.startswith("基本建成紧密型县域医共体"))
    assert share.comparator == ">=" and share.threshold == 90 and share.response_type == "percentage"
    coverage = next(i for i in items if i.title == "家庭医生签约服务覆盖率")
    assert coverage.threshold is None and coverage.needs_judgement  # two targets: the reviewer judges


def test_indicator_direction_is_kept(items):
    costs = next(i for i in items if i.title == "医疗费用增长率")
    assert costs.direction == "lower"
    assert next(i for i in items if i.title == "基层就诊率").direction == "higher"


def test_a_built_template_is_a_draft_counties_cannot_use_until_published(built, regions, users):
    assert built.status == "draft" and not built.is_active
    assert built not in ChecklistTemplate.objects.published()
    assert active_template() is None
    assert built not in templates_visible_to(users["assessor"]) and built in templates_visible_to(users["admin"])
    with pytest.raises(WorkflowError, match="尚未发布"):
        start(regions["county"], "2026-03", users["assessor"], built)
    publish_template(built)
    assert active_template() == built and built in templates_visible_to(users["assessor"])
    assert start(regions["county"], "2026-03", users["assessor"]).template == built
    newer = build_template()
    assert active_template() == built and newer.version == built.version + 1  # a new draft changes nothing


def test_an_administrator_adds_an_obligation_the_builder_left_out(built):
    left_out = Obligation.objects.filter(clause__version__stage="template", modality="must").first()
    assert left_out is not None and not built.items.filter(obligation=left_out).exists()
    item = add_obligation_item(built, left_out, "本县参照该模板执行")
    assert item.proposal_reason.startswith("管理员添加：本县参照该模板执行")
    assert item.code[0] in "ABCDE" and built.items.filter(code=item.code).count() == 1
    publish_template(built)
    from assessment.checklist import TemplateNotEditable

    with pytest.raises(TemplateNotEditable):
        add_obligation_item(built, left_out, "再加一次")


def test_quantities_survive_curation(items):
    beds = next(i for i in items if "床位不少于500张" in i.title)
    assert beds.comparator == ">=" and beds.threshold == Decimal(500) and beds.unit == "张"
    assert beds.applies_to == "community" and "据上下文" in beds.proposal_reason
