"""Public pages over the imported corpus: library, document, clause permalink, versions and diff,
works known by citation, glossary, 组织架构 and 指标体系; imported text is always escaped."""

import re

import pytest

from content.models import (
    Clause,
    DocumentIndexPage,
    DocumentPage,
    Indicator,
    Organisation,
    Term,
    Version,
    Work,
)
from content.seed import seed_reference_data

pytestmark = pytest.mark.django_db

OPINION = "/documents/guowei-jicengfa-2023-41/"
MEASURES = "/documents/yiliao-lianheti-guanli-banfa-shixing/"
STANDARD = "/documents/db21-yigongti-guifan/"


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def add_document(title, key, clauses, stage="published", number=1, work=None):
    """A work with one version of (path, label, heading, text) clauses and its page in the library."""
    work = work or Work.objects.create(key=key, title=title, kind="notice", level="county", has_text=True)
    work.versions.update(is_current=False)
    version = Version.objects.create(
        work=work, number=number, stage=stage, source_sha256=f"{key}-{number}", original_text="", text="", is_current=True
    )
    for position, (path, label, heading, text) in enumerate(clauses):
        Clause.objects.create(
            version=version, kind="heading", label=label, path=path, heading=heading, text=text, position=position
        )
    if not DocumentPage.objects.filter(work=work).exists():
        DocumentIndexPage.objects.first().add_child(instance=DocumentPage(title=title, slug=key, work=work))
    return work, version


# --- home and library ----------------------------------------------------------------------


def test_home_page_lists_what_the_portal_holds(client, imported_corpus):
    page = html(client, "/")
    assert "实施者" in page and "标准起草者" in page
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in page
    assert 'href="/documents/"' in page


def test_library_lists_every_document_with_its_stage(client, imported_corpus):
    page = html(client, "/documents/")
    for title in ("医疗联合体管理办法（试行）", "紧密型县域医疗卫生共同体管理规范", "XX县县域紧密型医共体建设试点工作实施方案"):
        assert title in page
    assert "征求意见稿" in page and "发布稿" in page


def test_library_filters_by_level_stage_and_year(client, imported_corpus):
    national = html(client, "/documents/?level=national")
    assert "医疗联合体管理办法（试行）" in national
    assert "辽宁省推进紧密型县域医疗卫生共同体建设三年行动方案" not in national
    drafts = html(client, "/documents/?stage=consultation")
    assert "辽宁省推进紧密型县域医疗卫生共同体建设三年行动方案" in drafts
    assert "医疗联合体管理办法（试行）" not in drafts
    year = html(client, "/documents/?year=2023")
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in year
    assert "医疗联合体管理办法（试行）" not in year
    issuer = html(client, "/documents/?issuer=陕西省卫生健康委员会")
    assert "转发" in issuer and "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" not in issuer


def test_library_sorts_by_date(client, imported_corpus):
    newest = html(client, "/documents/?sort=date_desc")
    oldest = html(client, "/documents/?sort=date_asc")
    a, b = "关于全面推进紧密型县域医疗卫生共同体建设的指导意见", "医疗联合体管理办法（试行）"
    assert newest.index(a) < newest.index(b)
    assert oldest.index(b) < oldest.index(a)
    assert html(client, "/documents/?sort=nonsense")  # unknown sort falls back to the default


# --- a document ----------------------------------------------------------------------------


def test_document_page_anchors_every_clause(client, imported_corpus):
    page = html(client, OPINION)
    version = Work.objects.get(key="guowei-jicengfa-2023-41").versions.get(is_current=True)
    for path in version.clauses.values_list("path", flat=True):
        assert f'id="{path}"' in page
    assert "国卫基层发〔2023〕41号" in page
    assert 'class="toc"' in page and 'href="#s2-3"' in page
    # Glossary terms are highlighted inside the text; the sentence reads contiguously.
    assert "城市公立三级医院对县域医共体要至少派出3名以上专家" in re.sub(r"<[^>]+>", "", page)
    assert "class=\"term\"" in page
    assert "badge-final" in page and "stage-banner" not in page


def test_draft_is_impossible_to_miss(client, imported_corpus):
    page = html(client, "/documents/liaoning-yigongti-sannian-xingdong-2023-2025/")
    assert "badge-draft" in page
    assert re.search(r'class="stage-banner stage-consultation"[^>]*>\s*<strong>征求意见稿</strong>', page)


def test_standard_outline_says_where_it_comes_from(client, imported_corpus):
    page = html(client, STANDARD)
    assert "结构大纲" in page and "编制说明" in page
    assert 'id="appA"' in page and 'id="appB"' in page


def test_related_works_are_shown_both_ways(client, imported_corpus):
    notice = html(client, "/documents/shaanxi-zhuanfa-yiliao-lianheti-banfa-2020/")
    assert "本文件转发" in notice and "关于印发医疗联合体管理办法（试行）的通知" in notice
    measures = html(client, MEASURES)
    assert "印发本文件的文件" in measures


def test_unknown_version_and_bad_version_parameter(client, imported_corpus):
    html(client, OPINION + "?version=99", status=404)
    html(client, OPINION + "?version=abc", status=400)


# --- clause permalink -----------------------------------------------------------------------


def test_clause_permalink_in_context(client, imported_corpus):
    page = html(client, MEASURES + "art14/")
    assert "《医疗联合体管理办法（试行）》第十四条" in page
    assert "第二章" in page  # breadcrumb
    assert f'href="{MEASURES}art13/"' in page and f'href="{MEASURES}art15/"' in page
    assert "检查检验结果互认" in page


def test_clause_page_lists_sub_clauses(client, imported_corpus):
    page = html(client, OPINION + "s2/")
    assert "下级条款" in page
    assert f'href="{OPINION}s2-1/"' in page and f'href="{OPINION}s2-4/"' in page


def test_dotted_standard_clause_paths_have_permalinks(client, imported_corpus):
    notes = "/documents/db21-yigongti-guifan-bianzhi-shuoming/"
    page = html(client, notes + "2.6/")
    assert "优秀" in page and "评价维度" in page
    assert f'href="{notes}2.6/"' in html(client, notes)
    html(client, notes + "9.9/", status=404)
    html(client, "/documents/no-such-document/2.6/", status=404)


def test_unknown_clause_is_404(client, imported_corpus):
    html(client, MEASURES + "art99/", status=404)


def test_clause_page_renders_without_any_panel_hook(client, imported_corpus, monkeypatch):
    """Content stands alone: with no app registering a clause panel, the clause still renders."""
    from wagtail import hooks

    from content.panels import CLAUSE_PANELS

    hooks.search_for_hooks()
    monkeypatch.setitem(hooks._hooks, CLAUSE_PANELS, [])
    page = html(client, MEASURES + "art14/")
    assert "《医疗联合体管理办法（试行）》第十四条" in page
    assert 'class="knowledge"' not in page


def test_clause_permalink_survives_reimport_of_unchanged_text(client, imported_corpus, corpus_dir):
    from content.importer import import_path

    before = html(client, MEASURES + "art14/")
    import_path(corpus_dir / "003_b023f94f9138adfc.txt")
    assert html(client, MEASURES + "art14/") == before


# --- escaping ---------------------------------------------------------------------------------


def test_script_in_imported_text_is_inert(client, imported_corpus):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    add_document(
        f"恶意标题{evil}",
        "evil-doc",
        [("s1", "一、", f"标题{evil}", f"正文{evil}"), ("s2", "二、", "", "普通正文")],
    )
    Term.objects.create(pref_label=f"术语{evil}", definition=f"定义{evil}")
    for url in ("/documents/", "/documents/evil-doc/", "/documents/evil-doc/s1/", "/documents/evil-doc/versions/", "/glossary/", "/"):
        page = html(client, url)
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html(client, "/documents/evil-doc/")


# --- versions and diff -------------------------------------------------------------------------


def test_versions_list_and_clause_diff(client, imported_corpus):
    work, _ = add_document("版本测试", "versioned", [("s1", "一、", "总则", "到2025年底基本建成。"), ("s2", "二、", "", "将删除的条款。")])
    add_document(
        "版本测试",
        "versioned",
        [("s1", "一、", "总则", "到2027年底基本建成。"), ("s3", "三、", "", "新增的条款。")],
        number=2,
        work=work,
    )
    listing = html(client, "/documents/versioned/versions/")
    assert listing.count("<tr") >= 3 and "比对" in listing
    page = html(client, "/documents/versioned/versions/?a=1&b=2")
    assert "新增 1 条" in page and "删除 1 条" in page and "修改 1 条" in page
    assert "<del>2025</del><ins>2027</ins>" in page
    assert 'diff-added" id="diff-s3"' in page and 'diff-removed" id="diff-s2"' in page


def test_diff_rejects_bad_parameters(client, imported_corpus):
    html(client, OPINION + "versions/?a=1&b=x", status=400)
    html(client, OPINION + "versions/?a=1&b=9", status=404)


# --- works known only by citation -----------------------------------------------------------------


def test_cited_only_work_has_a_page(client, imported_corpus):
    Work.objects.create(key="guobanfa-2017-32", title="关于推进医疗联合体建设和发展的指导意见", doc_number="国办发〔2017〕32号")
    page = html(client, "/works/guobanfa-2017-32/")
    assert "国办发〔2017〕32号" in page and "未收录全文" in page
    html(client, "/works/no-such-work/", status=404)


def test_work_with_a_page_links_to_it(client, imported_corpus):
    page = html(client, "/works/guowei-jicengfa-2023-41/")
    assert f'href="{OPINION}"' in page


# --- glossary, organisation, indicators ------------------------------------------------------------


def test_glossary_shows_definition_and_source_clause(client, imported_corpus):
    clause = Clause.objects.get(version__work__key="db21-yigongti-guifan", version__is_current=True, path="3")
    Term.objects.update_or_create(
        pref_label="牵头医院", defaults={"definition": "县域医共体中牵头的县级公立医院。", "source_clause": clause}
    )
    page = html(client, "/glossary/")
    assert "牵头医院" in page and "县域医共体中牵头的县级公立医院。" in page
    assert f'href="{STANDARD}3/"' in page


def test_seed_is_idempotent_and_links_every_row_to_a_clause(imported_corpus):
    first = seed_reference_data()
    counts = (Organisation.objects.count(), Indicator.objects.count())
    links = Organisation.source_clauses.through.objects.count() + Indicator.source_clauses.through.objects.count()
    second = seed_reference_data()
    assert (Organisation.objects.count(), Indicator.objects.count()) == counts
    assert Organisation.source_clauses.through.objects.count() + Indicator.source_clauses.through.objects.count() == links
    assert first.unmatched == [] and second.unmatched == []
    groups = set(Organisation.objects.values_list("group", flat=True))
    assert {"governance", "governance_member", "administration", "lead", "member", "management_centre", "shared_centre", "clinical_centre"} <= groups
    names = set(Organisation.objects.values_list("name", flat=True))
    assert {"乡镇卫生院", "社区卫生服务中心", "村卫生室", "牵头医院", "县级卫生健康行政部门"} <= names
    assert Organisation.objects.get(key="xiangzhen-weishengyuan").parent.key == "chengyuan-danwei"
    expert = Indicator.objects.get(key="sanji-yiyuan-paichu-zhuanjia")
    assert any("至少派出3名以上专家" in c.text for c in expert.source_clauses.all())


def test_organisation_page_draws_tree_with_fallback_list(client, imported_corpus):
    seed_reference_data()
    page = html(client, "/organisation/")
    assert 'id="org-chart"' in page and "vendor/echarts/echarts.min.js" in page
    assert 'id="org-data"' in page
    for name in ("县域医共体建设推进机制", "牵头医院", "村卫生室", "统一管理中心", "资源共享中心", "临床服务中心"):
        assert f'<span class="org-name">{name}</span>' in page
    assert f'href="{STANDARD}5/"' in page  # 推进机制 links to its source clause


def test_indicators_page_shows_dimensions_cycles_bands(client, imported_corpus):
    seed_reference_data()
    page = html(client, "/indicators/")
    for text in ("紧密型管理成效", "同质化服务能力提升", "有序就医与分工协作", "运营与基金使用效能", "健康保障与群众满意度"):
        assert text in page
    for text in ("月度", "半年", "年度", "优秀", "≥ 90", "合格", "60–89", "不合格", "&lt; 60"):
        assert text in page
    assert "基层就诊率" in page and f'href="{OPINION}s5-16/"' in page


def test_empty_reference_pages_still_render(client, db):
    Term.objects.all().delete()
    Organisation.objects.all().delete()
    Indicator.objects.all().delete()
    assert "还没有组织架构数据" in html(client, "/organisation/")
    assert "术语表还是空的" in html(client, "/glossary/")
    assert html(client, "/indicators/")


def test_login_page_renders(client, db):
    page = html(client, "/accounts/login/")
    assert 'name="username"' in page and 'name="password"' in page
