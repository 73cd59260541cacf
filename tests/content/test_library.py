"""The library: cited-only works are browsable, one issuer option per body, filters without JS."""

import pytest

from content.models import Work
from content.parse.issuers import issuer_facet, issuer_key
from tests.content.test_pages import add_document, html

pytestmark = pytest.mark.django_db


def test_issuer_names_of_one_body_share_a_key():
    assert issuer_key("国家卫生健康委员会") == issuer_key("国家卫生健康委") == issuer_key("国家卫健委")
    assert issuer_key("某市卫生健康委员会办公室") == issuer_key("某市卫生健康委办公室")
    assert issuer_key("国家卫生健康委员会") != issuer_key("国家卫生健康委员会办公厅")
    # a role in parentheses names the same body
    assert issuer_key("某省卫生健康服务中心（牵头起草）") == issuer_key("某省卫生健康服务中心")
    assert [label for _k, label in issuer_facet(["某省某中心（归口）", "某省某中心"])] == ["某省某中心"]
    # the option shows the fullest name that occurs, never one made up
    assert issuer_facet(["某省卫生健康委", "某省卫生健康委"]) == [(issuer_key("某省卫生健康委"), "某省卫生健康委")]
    assert [label for _k, label in issuer_facet(["国家卫健委", "国家卫生健康委员会", "国家卫生健康委"])] == ["国家卫生健康委员会"]


def test_issuer_filter_merges_aliases(client, imported_corpus):
    a, _ = add_document("甲县医共体章程", "jia-zhangcheng", [("1", "第一条", "", "甲。")])
    b, _ = add_document("乙县医共体章程", "yi-zhangcheng", [("1", "第一条", "", "乙。")])
    Work.objects.filter(pk=a.pk).update(issuers=["某某省卫生健康委"])
    Work.objects.filter(pk=b.pk).update(issuers=["某某省卫生健康委员会"])
    page = html(client, "/documents/")
    assert page.count(">某某省卫生健康委员会</option>") == 1 and ">某某省卫生健康委</option>" not in page
    for name in ("某某省卫生健康委员会", "某某省卫生健康委"):
        filtered = html(client, f"/documents/?issuer={name}")
        assert "甲县医共体章程" in filtered and "乙县医共体章程" in filtered
        assert "医疗联合体管理办法（试行）" not in filtered


def test_cited_only_works_have_their_own_tab(client, imported_corpus):
    cited = Work.objects.cited_only()
    assert cited.exists()
    default = html(client, "/documents/")
    assert f"仅被引用（{cited.count()}）" in default and 'href="?scope=cited"' in default
    listing = html(client, "/documents/?scope=cited")
    for work in cited[:5]:
        assert f'href="/works/{work.key}/"' in listing
    assert "医疗联合体管理办法（试行）</a>" not in listing  # a work with text is in the other tab
    # the filters keep the tab, with or without scripts
    assert '<input type="hidden" name="scope" value="cited">' in listing
    standards = html(client, "/documents/?scope=cited&kind=standard")
    assert all(
        f'href="/works/{w.key}/"' in standards for w in cited.filter(kind="standard")
    ) and all(f'href="/works/{w.key}/"' not in standards for w in cited.exclude(kind="standard")[:5])


def test_filters_work_without_scripts_and_apply_on_change_with_them(client, imported_corpus):
    page = html(client, "/documents/")
    assert '<form class="filters" method="get"' in page and 'type="submit"' in page
    assert "reading.js" in page
