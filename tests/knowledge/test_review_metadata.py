"""Detected metadata in the review queue: per work, the seven fields with accept / correct.

A flagged field carries the public mark 自动识别，待审核 until an editor confirms or corrects it;
the decision survives a re-import of the same text (a corrected 文号 still finds the work).
Documents here are written for the test (not from the corpus).
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from content.importer import import_path
from content.models import Work

pytestmark = pytest.mark.django_db

PENDING_MARK = "自动识别，待审核"
TEXT = """卫基发〔1999〕12号
县级医院对口支援工作管理办法

第一条 为规范县级医院对口支援工作，制定本办法。

第二条 县级医院应当每年派出医师到乡镇卫生院坐诊。
"""


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "duikou.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def work(source) -> Work:
    import_path(source)
    work = Work.objects.get(title="县级医院对口支援工作管理办法")
    assert work.metadata_review == ["level"]  # a 卫X发 number: the level is weak evidence
    return work


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("meta-editor", "me@example.org", "pw-meta-editor")
    client.force_login(user)
    return client


def _url(work):
    return reverse("knowledge_review:metadata", args=[work.key])


def _head(client, work) -> str:
    page = client.get(work.get_absolute_url(), follow=True).content.decode()
    start = page.find('<header class="doc-header">')
    return page[start : page.find("</header>", start)]


def test_the_queue_lists_the_detected_fields_with_their_state(editor, work):
    response = editor.get(reverse("knowledge_review:queue", args=[work.key]))
    assert response.status_code == 200
    states = {m.name: m.state for m in response.context["metadata"]}
    assert set(states) == {"title", "doc_number", "issued", "effective", "issuers", "level", "kind"}
    assert states["level"] == "pending" and states["doc_number"] == "given"
    html = response.content.decode()
    assert "文件元数据" in html and "1 项待审核" in html and "卫基发〔1999〕12号" in html
    index = editor.get(reverse("knowledge_review:index"))
    row = next(r for r in index.context["rows"] if r.work.pk == work.pk)
    assert row.metadata_pending == 1


def test_accepting_a_flagged_field_removes_the_public_mark(client, editor, work):
    from django.test import Client

    reader = Client()
    assert PENDING_MARK in _head(reader, work)
    response = editor.post(_url(work), {"action": "accept", "field": ["level"]})
    assert response.status_code == 302 and response["Location"].endswith("#metadata")
    work.refresh_from_db()
    assert work.metadata_review == [] and work.level == "national"
    assert work.metadata_reviewed["level"]["status"] == "confirmed"
    assert work.metadata_reviewed["level"]["by"] == "meta-editor"
    assert PENDING_MARK not in _head(reader, work)
    queue = editor.get(reverse("knowledge_review:queue", args=[work.key]))
    assert {m.name: m.state for m in queue.context["metadata"]}["level"] == "confirmed"
    when = work.metadata_reviewed["level"]["at"][:16].replace("T", " ")
    assert f"meta-editor {when}" in queue.content.decode()  # who and when, to the minute


def test_correcting_a_field_inline_shows_the_new_value_without_the_mark(editor, work):
    from django.test import Client

    response = editor.post(_url(work), {"action": "edit", "field": "level", "metadata-level-level": "provincial"})
    assert response.status_code == 302
    work.refresh_from_db()
    assert work.level == "provincial" and work.metadata_review == []
    assert work.metadata_reviewed["level"] == {**work.metadata_reviewed["level"], "status": "edited", "detected": "national"}
    head = _head(Client(), work)
    assert "省级" in head and PENDING_MARK not in head
    queue = editor.get(reverse("knowledge_review:queue", args=[work.key])).content.decode()
    assert "原识别值：" in queue

    response = editor.post(
        _url(work), {"action": "edit", "field": "issuers", "metadata-issuers-issuers": "甲县卫生健康局、 乙县医疗保障局"}
    )
    work.refresh_from_db()
    assert work.issuers == ["甲县卫生健康局", "乙县医疗保障局"]
    assert "甲县卫生健康局、乙县医疗保障局" in _head(Client(), work)


def test_bad_metadata_input_is_refused_whole(editor, work):
    before = Work.objects.filter(pk=work.pk).values().get()
    cases = [
        ({"action": "edit", "field": "issued", "metadata-issued-date_issued": "1999-13-45"}, "请检查标红的字段"),
        ({"action": "edit", "field": "level", "metadata-level-level": "galactic"}, "请检查标红的字段"),
        ({"action": "edit", "field": "title", "metadata-title-title": "  "}, "请检查标红的字段"),
        ({"action": "edit", "field": "notes", "metadata-notes-notes": "x"}, "未知的元数据字段"),
        ({"action": "accept", "field": ["level", "is_placeholder"]}, "未知的元数据字段"),
        ({"action": "accept"}, "请先勾选"),
        ({"action": "drop", "field": ["level"]}, "未知的操作"),
    ]
    for data, message in cases:
        response = editor.post(_url(work), data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert Work.objects.filter(pk=work.pk).values().get() == before


@pytest.mark.parametrize("who", ["anonymous", "moderator"])
def test_only_editors_decide_on_metadata(who, client, work):
    if who == "moderator":
        user = get_user_model().objects.create_user("meta-mod", "mm@example.org", "pw-meta-mod")
        group = Group.objects.create(name="只读管理员")
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        user.groups.add(group)
        client.force_login(user)
    assert client.post(_url(work), {"action": "accept", "field": ["level"]}).status_code == 403
    work.refresh_from_db()
    assert work.metadata_review == ["level"]


def test_decisions_survive_a_reimport_of_the_same_text(editor, work, source):
    editor.post(_url(work), {"action": "edit", "field": "doc_number", "metadata-doc_number-doc_number": "卫基发〔1999〕21号"})
    editor.post(_url(work), {"action": "edit", "field": "title", "metadata-title-title": "县级医院对口支援管理办法"})
    editor.post(_url(work), {"action": "accept", "field": ["level"]})
    # the same text, changed: a new version of the same work, the editor's values kept
    source.write_text(TEXT.replace("每年派出医师", "每半年派出医师"), encoding="utf-8")
    import_path(source)
    assert Work.objects.filter(versions__clauses__text__contains="每半年派出医师").distinct().count() == 1
    work.refresh_from_db()
    assert work.versions.count() == 2
    assert work.doc_number == "卫基发〔1999〕21号" and work.title == "县级医院对口支援管理办法"
    assert work.metadata_review == [] and work.level == "national"
    assert work.page.title == "县级医院对口支援管理办法"


def test_a_guessed_title_carries_the_mark_on_the_document_page_until_confirmed(client, editor, tmp_path):
    """A text that prints no title line stands in its first line for one: readers see it marked."""
    from django.test import Client

    path = tmp_path / "untitled.txt"
    path.write_text("某某工作情况汇总\n一、总体情况\n今年完成了。\n二、下一步\n继续做好。", encoding="utf-8")
    import_path(path)
    work = Work.objects.get(title="某某工作情况汇总")
    assert "title" in work.metadata_review
    reader = Client()
    title_line = _head(reader, work).split("</h1>")[0]
    assert "某某工作情况汇总" in title_line and PENDING_MARK in title_line
    editor.post(_url(work), {"action": "accept", "field": ["title"]})
    assert PENDING_MARK not in _head(reader, work).split("</h1>")[0]
