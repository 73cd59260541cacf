"""Finding the standard that is known only from its 编制说明: terms, references, trace, explorer, titles."""

import pytest

from content.models import Term, Work
from content.parse.titles import book_title
from knowledge.extract.term_lists import listed_terms

pytestmark = pytest.mark.django_db

STANDARD = "db21-yigongti-guifan"


@pytest.fixture(autouse=True)
def _local_graph(corpus_graph, settings):
    from knowledge.graph import _stores

    settings.GRAPH_STORE_DIR = next(iter(_stores))
    settings.SPARQL_URL = ""


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("管理规范", "《管理规范》"),
        ("《某规范》编制说明", "《某规范》编制说明"),
        ("关于印发《某办法》的通知", "关于印发《某办法》的通知"),
        ("", ""),
    ],
)
def test_book_title_wraps_once(title, shown):
    assert book_title(title) == shown


def test_listed_terms_read_a_list_and_refuse_pointers():
    found = listed_terms("本规程界定的术语包括：家庭病床、巡诊服务和远程会诊等。")
    assert [m.pref_label for m in found] == ["家庭病床", "巡诊服务", "远程会诊"]
    assert listed_terms("本章术语包括：以下内容，详见附录。") == []


def test_the_standards_listed_terms_are_in_the_glossary(client):
    outline_terms_clause = (
        Work.objects.get(key=STANDARD).versions.get(is_current=True).clauses.get(heading="术语和定义")
    )
    listed = [m.pref_label for m in listed_terms(outline_terms_clause.text)]
    assert len(listed) >= 3
    page = client.get("/glossary/").content.decode()
    for label in listed:
        term = Term.objects.get(pref_label=label)
        assert f'id="term-{term.pk}"' in page
        assert term.source_clause is not None


def test_normative_references_link_to_their_pages(client):
    clause = Work.objects.get(key=STANDARD).versions.get(is_current=True).clauses.get(heading="规范性引用文件")
    page = client.get(clause.get_absolute_url()).content.decode()
    in_portal = Work.objects.get(doc_number="国卫基层发〔2023〕41号")
    assert f'href="{in_portal.get_absolute_url()}"' in page and in_portal.get_absolute_url().startswith("/documents/")
    cited_only = Work.objects.get(standard_code="GB/T 27775-2011")
    assert f'href="/works/{cited_only.key}/"' in page


def test_trace_and_explorer_know_the_standard(client):
    trace = client.get(f"/works/{STANDARD}/trace/").content.decode()
    assert "仅因被引用" not in trace and "结构大纲" in trace
    explorer = client.get("/graph/").content.decode()
    assert f'value="{STANDARD}"' in explorer and f"/works/{STANDARD}/trace/" in explorer
    # a work that only something cites still says so
    cited = Work.objects.cited_only().first()
    assert "仅因被引用" in client.get(f"/works/{cited.key}/trace/").content.decode()


def test_nested_title_marks_render_once(client):
    notes = Work.objects.get(key=f"{STANDARD}-bianzhi-shuoming")
    assert "《" in notes.title
    for url in (f"/works/{notes.key}/", notes.get_absolute_url(), f"/works/{STANDARD}/trace/", "/indicators/"):
        assert "《《" not in client.get(url, follow=True).content.decode(), url
    clause = Work.objects.get(key=STANDARD).versions.get(is_current=True).clauses.get(heading="规范性引用文件")
    page = client.get(clause.get_absolute_url()).content.decode()
    assert "《《" not in page and notes.title in page
