"""Extraction as editable rows: re-imports keep reviewed rows; cited-only works get completed."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from content.importer import import_path
from content.models import ReviewStatus, Work
from knowledge.extract.citations import extract_citations
from knowledge.extract.definitions import extract_definitions
from knowledge.models import Citation, Obligation
from knowledge.pipeline import extract_version


@pytest.fixture(autouse=True)
def _no_projection_sync(settings):
    # on-commit callbacks never run inside a test transaction; keep other apps' batches empty
    settings.PORTAL_SYNC_PROJECTIONS = False


LAW = """# {title}

## 第一章 总则

第一条 为规范县域医共体人员管理，根据《医疗联合体管理办法（试行）》，制定本办法。

第二条 牵头医院应当每年至少派出3名以上专家到成员单位坐诊。

第三条 本办法所称牵头医院，是指在县域医共体中承担牵头职责的县级医院。

第四条 违反本办法第二条规定的，由县级卫生健康行政部门责令改正。
"""


@pytest.mark.django_db
def test_importing_a_cited_law_completes_the_same_node(imported_corpus, tmp_path):
    cited = Work.objects.get(title="中华人民共和国基本医疗卫生与健康促进法")
    assert not cited.has_text
    incoming = Citation.objects.filter(work=cited).count()
    assert incoming >= 2
    source = tmp_path / "law.md"
    source.write_text(LAW.format(title="中华人民共和国基本医疗卫生与健康促进法"), encoding="utf-8")
    import_path(source)
    work = Work.objects.get(pk=cited.pk)
    assert work.has_text and work.versions.exists()
    assert Work.objects.filter(title="中华人民共和国基本医疗卫生与健康促进法").count() == 1
    assert Citation.objects.filter(work=work).count() >= incoming


@pytest.mark.django_db
def test_imported_law_gets_rows_with_spans_and_internal_references(imported_corpus, tmp_path):
    source = tmp_path / "staff.md"
    source.write_text(LAW.format(title="县域医共体人员管理试行办法"), encoding="utf-8")
    import_path(source)
    work = Work.objects.get(title="县域医共体人员管理试行办法")
    version = work.versions.get(is_current=True)
    obligation = Obligation.objects.get(clause__version=version, clause__path="art2")
    assert (obligation.duty_bearer, obligation.quantity_comparator, obligation.quantity_value, obligation.frequency) == (
        "牵头医院", ">=", 3, "P1Y"
    )
    assert obligation.clause.text[obligation.span_start : obligation.span_end] == obligation.text
    internal = Citation.objects.get(clause__version=version, clause__path="art4")
    assert internal.work == work and internal.target_clause.path == "art2"
    external = Citation.objects.get(clause__version=version, clause__path="art1")
    assert external.work.key == "yiliao-lianheti-guanli-banfa-shixing" and external.relation == "based_on"


@pytest.mark.django_db
def test_reextraction_keeps_confirmed_edited_added_and_rejected_rows(imported_corpus):
    work = Work.objects.get(key="yiliao-lianheti-guanli-banfa-shixing")
    version = work.versions.get(is_current=True)
    rows = list(Obligation.objects.filter(clause__version=version).order_by("pk")[:3])
    edited, rejected, confirmed = rows
    edited.duty_bearer, edited.review_status = "编辑改过的主体", ReviewStatus.EDITED
    edited.save()
    rejected.review_status = ReviewStatus.REJECTED
    rejected.save()
    confirmed.review_status = ReviewStatus.CONFIRMED
    confirmed.save()
    added = Obligation.objects.create(
        clause=edited.clause, span_start=0, span_end=2, text=edited.clause.text[:2], modality="may",
        review_status=ReviewStatus.ADDED,
    )
    before = Obligation.objects.filter(clause__version=version).count()
    extract_version(version)
    assert Obligation.objects.get(pk=edited.pk).duty_bearer == "编辑改过的主体"
    assert Obligation.objects.get(pk=rejected.pk).review_status == ReviewStatus.REJECTED
    assert Obligation.objects.filter(pk__in=[confirmed.pk, added.pk]).count() == 2
    # no duplicate extracted row over a reviewed span
    for row in (edited, rejected, confirmed):
        assert Obligation.objects.filter(clause=row.clause, span_start=row.span_start, span_end=row.span_end).count() == 1
    assert Obligation.objects.filter(clause__version=version).count() == before


@pytest.mark.django_db
def test_a_new_version_carries_reviewed_rows_over(imported_corpus, tmp_path):
    source = tmp_path / "carry.md"
    source.write_text(LAW.format(title="县域医共体人员管理细则"), encoding="utf-8")
    import_path(source)
    work = Work.objects.get(title="县域医共体人员管理细则")
    first = Obligation.objects.get(clause__version__work=work, clause__path="art2")
    first.duty_bearer, first.review_status = "牵头医院（编辑确认）", ReviewStatus.EDITED
    first.save()
    source.write_text(LAW.format(title="县域医共体人员管理细则") + "\n第五条 本办法自2027年1月1日起施行。\n", encoding="utf-8")
    import_path(source)
    current = work.versions.get(is_current=True)
    assert current.pk != first.clause.version_id
    carried = Obligation.objects.get(clause__version=current, clause__path="art2")
    assert carried.duty_bearer == "牵头医院（编辑确认）" and carried.review_status == ReviewStatus.EDITED


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_citation_extractor_never_crashes(text):
    for citation in extract_citations(text):
        assert 0 <= citation.start <= citation.end <= len(text)
        assert text[citation.start : citation.end] == citation.raw


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="《》（）()〔〕[]第条章款项一二三十0123456789号发函GB/T- 国卫办基层根据制定贯彻落实印发转发本办法附录A", max_size=150))
def test_citation_extractor_never_crashes_on_dense_markup(text):
    for citation in extract_citations(text, normative=True):
        assert text[citation.start : citation.end] == citation.raw


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="（）()以下简称“”本办法所称是指县域医共体医联体，。X", max_size=150))
def test_definition_extractor_never_crashes(text):
    for definition in extract_definitions(text):
        assert 0 <= definition.start <= definition.end <= len(text)
        assert definition.pref_label


@pytest.mark.django_db
def test_a_reference_in_arabic_digits_reaches_the_article_printed_in_chinese(tmp_path):
    """第2条 and 第二条第一款 name the article labelled 第二条: one grammar reads both."""
    source = tmp_path / "digits.md"
    text = LAW.format(title="县域医共体人员管理数字办法").replace(
        "违反本办法第二条规定的", "违反本办法第2条规定的，或者违反本办法第三条第一款规定的"
    )
    source.write_text(text, encoding="utf-8")
    import_path(source)
    version = Work.objects.get(title="县域医共体人员管理数字办法").versions.get(is_current=True)
    targets = {
        c.target_clause_label: c.target_clause.path if c.target_clause else None
        for c in Citation.objects.filter(clause__version=version, clause__path="art4")
    }
    assert targets == {"第2条": "art2", "第三条第一款": "art3"}


NOTICE = """# 关于印发《某县村医轮训办法》的通知

来源：<http://example.org/notice.html>

存档：<https://archive.example.org/notice.html>

---

某卫发〔2024〕3号

各乡镇卫生院、县直各医疗卫生单位：

为加强村医队伍建设，我局对原办法进行了修订，形成了《某县村医轮训办法》。

现印发给你们，请认真贯彻执行。

2024年3月1日
"""


@pytest.mark.django_db
def test_a_covering_notice_issues_the_document_its_title_names_and_its_addressee_bears_duties(tmp_path):
    source = tmp_path / "notice.md"
    source.write_text(NOTICE, encoding="utf-8")
    import_path(source)
    work = Work.objects.get(title="关于印发《某县村医轮训办法》的通知")
    version = work.versions.get(is_current=True)
    # 制定了《X》。 and 现印发给你们 are two sentences: the notice's own title says it issues X
    citation = Citation.objects.get(clause__version=version, title="某县村医轮训办法")
    assert citation.relation == "issues"
    # lines of a web archive's furniture stand before the addressee: it is still found in the lead
    duty = Obligation.objects.get(clause__version=version, text__contains="贯彻执行")
    assert duty.duty_bearer == "各乡镇卫生院、县直各医疗卫生单位"
