"""An editor's change to a clause never goes live without a trace: it makes a new current version
with a change note, shown on the versions page and in the diff, and an earlier version can be
restored as a newer one. The clause keeps its URL."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from content.models import Clause, Indicator, ReviewStatus, Version
from content.revisions import RevisionRefused, restore_version, revise_clause
from tests.query_counts import document, queries

pytestmark = pytest.mark.django_db

DOC = "/documents/rev-doc/"
OLD_TEXT = "县级卫生健康行政部门应当每年组织一次绩效评估。"
KEPT_TEXT = "牵头医院应当建立统一的药品目录。"
NEW_TEXT = "县级卫生健康行政部门应当每半年组织一次绩效评估，结果向社会公开。"
NOTE = "评估周期由每年改为每半年（据审查会意见）"


@pytest.fixture
def doc(imported_corpus):
    """A document of a chapter and three articles, its page in the library (version 1)."""
    work, version, clauses = document("rev-doc", 4)
    texts = {"art1": KEPT_TEXT, "art2": OLD_TEXT, "art3": "本办法自发布之日起施行。"}
    for clause in clauses:
        if clause.path in texts:
            clause.text = texts[clause.path]
            clause.save(update_fields=["text"])
    return work


def clause_of(work, path, version=None):
    qs = Clause.objects.filter(version__work=work, path=path)
    return qs.get(version=version) if version else qs.get(version__is_current=True)


def make_user(name, *perms, superuser=False):
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(name, f"{name}@example.org", f"pw-{name}", first_name="", last_name="")
    user = User.objects.create_user(name, f"{name}@example.org", f"pw-{name}")
    for perm in perms:
        app, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
    return user


@pytest.fixture
def editor(client):
    user = make_user("zhang-editor", superuser=True)
    client.force_login(user)
    client.user = user
    return client


def revise_url(clause):
    return reverse("content_clause_revise", args=[clause.pk])


def restore_url(version):
    return reverse("content_version_restore", args=[version.pk])


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


# --- editing a clause -------------------------------------------------------------------------------


def test_an_edit_makes_a_new_current_version_and_keeps_the_old_one(editor, doc):
    clause = clause_of(doc, "art2")
    form = page(editor, revise_url(clause))
    assert "修改说明" in form and OLD_TEXT in form

    response = editor.post(revise_url(clause), {"heading": "", "text": NEW_TEXT, "change_note": NOTE})
    assert response.status_code == 302
    assert response["Location"] == f"{DOC}versions/?a=1&b=2#diff-art2"

    old, new = Version.objects.filter(work=doc).order_by("number")
    assert (old.is_current, new.is_current) == (False, True)
    assert new.based_on == old and new.created_by == editor.user and new.change_note == NOTE
    assert new.label == "修订 v2" and new.stage == old.stage
    # the old version is untouched; the new one has the same tree with the one clause changed
    assert clause_of(doc, "art2", old).text == OLD_TEXT
    assert clause_of(doc, "art2", new).text == NEW_TEXT
    assert clause_of(doc, "art1", new).text == KEPT_TEXT
    assert sorted(new.clauses.values_list("path", "parent__path")) == sorted(old.clauses.values_list("path", "parent__path"))

    # the same URL shows the new text; the old version is still readable
    public = page(editor, f"{DOC}art2/")
    assert NEW_TEXT in public and OLD_TEXT not in public
    assert OLD_TEXT in page(editor, f"{DOC}?version=1")

    # the versions page lists the note and the author; the diff shows the change
    listing = page(editor, f"{DOC}versions/")
    assert NOTE in listing and "zhang-editor" in listing and "修订 v2" in listing
    diff = page(editor, f"{DOC}versions/?a=1&b=2")
    assert "修改 1 条" in diff and "未改动 3 条" in diff
    assert "每<ins>半</ins>年" in diff and "<ins>，结果向社会公开</ins>" in diff
    assert NOTE in diff


def test_a_heading_can_be_changed_too(editor, doc):
    chapter = clause_of(doc, "ch1")
    response = editor.post(revise_url(chapter), {"heading": "总则与适用范围", "text": "", "change_note": "标题补充适用范围"})
    assert response.status_code == 302
    assert "总则与适用范围" in page(editor, f"{DOC}ch1/")
    assert clause_of(doc, "ch1").version.number == 2


def test_an_edit_without_a_change_note_changes_nothing(editor, doc):
    clause = clause_of(doc, "art2")
    for note in ("", "   "):
        response = editor.post(revise_url(clause), {"text": NEW_TEXT, "change_note": note})
        assert response.status_code == 400
        assert "请填写修改说明" in response.content.decode()
    assert doc.versions.count() == 1
    assert clause_of(doc, "art2").text == OLD_TEXT


def test_an_edit_that_changes_nothing_is_refused(editor, doc):
    clause = clause_of(doc, "art2")
    response = editor.post(revise_url(clause), {"text": OLD_TEXT + "\r\n", "change_note": NOTE})
    assert response.status_code == 400
    assert "都没有改动" in response.content.decode()
    assert doc.versions.count() == 1


def test_editing_an_older_version_is_refused(editor, doc):
    clause = clause_of(doc, "art2")
    assert editor.post(revise_url(clause), {"text": NEW_TEXT, "change_note": NOTE}).status_code == 302
    # a second editor still holds the form of version 1
    response = editor.post(revise_url(clause), {"text": "另一位编辑的文字。", "change_note": "另一处修改"})
    assert response.status_code == 409
    assert "已有更新的版本" in response.content.decode()
    assert doc.versions.count() == 2 and clause_of(doc, "art2").text == NEW_TEXT
    # opening the old clause's edit link leads to the current version's clause
    response = editor.get(revise_url(clause))
    assert response.status_code == 302 and response["Location"] == revise_url(clause_of(doc, "art2"))


def test_only_editors_may_edit(client, doc):
    clause = clause_of(doc, "art2")
    data = {"text": NEW_TEXT, "change_note": NOTE}
    # signed out: sent to log in
    response = client.post(revise_url(clause), data)
    assert response.status_code == 302 and "login" in response["Location"]
    assert f'href="{revise_url(clause)}"' not in page(client, f"{DOC}art2/")
    # an admin user without the right to change clauses: 403
    client.force_login(make_user("reader", "wagtailadmin.access_admin"))
    assert client.get(revise_url(clause)).status_code == 403
    assert client.post(revise_url(clause), data).status_code == 403
    assert client.post(restore_url(clause.version), {}).status_code == 403
    assert f'href="{revise_url(clause)}"' not in page(client, f"{DOC}art2/")
    assert "恢复此版本" not in page(client, f"{DOC}versions/")
    assert doc.versions.count() == 1 and clause_of(doc, "art2").text == OLD_TEXT
    # an editor's role (not a superuser) may; the public clause page links to the form
    client.force_login(
        make_user("editor2", "wagtailadmin.access_admin", "content.change_clause", "content.add_version")
    )
    assert f'href="{revise_url(clause)}"' in page(client, f"{DOC}art2/")
    assert client.post(revise_url(clause), data).status_code == 302


def test_the_raw_clause_snippet_cannot_change_the_text(editor, doc):
    clause = clause_of(doc, "art2")
    url = reverse("wagtailsnippets_content_clause:edit", args=[clause.pk])
    form = page(editor, url)
    assert revise_url(clause) in form  # the 修改条款 button
    response = editor.post(url, {"label": "第9条", "heading": "改", "text": NEW_TEXT, "note": "编辑的出处说明"})
    assert response.status_code == 302
    clause.refresh_from_db()
    assert (clause.label, clause.heading, clause.text, clause.note) == ("第2条", "", OLD_TEXT, "编辑的出处说明")
    assert doc.versions.count() == 1


def test_the_current_version_cannot_be_switched_in_the_version_snippet(editor, doc):
    from tests.knowledge.test_projection_edits import form_data, response_form

    revise_clause(clause_of(doc, "art2"), text=NEW_TEXT, heading="", change_note=NOTE, user=editor.user)
    old = doc.versions.get(number=1)
    url = reverse("wagtailsnippets_content_version:edit", args=[old.pk])
    response = editor.post(url, form_data(response_form(editor, url), is_current="on", change_note="篡改"))
    assert response.status_code == 302
    old.refresh_from_db()
    assert not old.is_current and old.change_note == ""
    assert doc.versions.get(is_current=True).number == 2


# --- restoring ------------------------------------------------------------------------------------


def test_restoring_an_earlier_version_makes_a_newer_one(editor, doc):
    revise_clause(clause_of(doc, "art2"), text=NEW_TEXT, heading="", change_note=NOTE, user=editor.user)
    v1 = doc.versions.get(number=1)
    # GET asks for confirmation and changes nothing
    assert f'href="{restore_url(v1)}"' in page(editor, f"{DOC}versions/")
    assert "恢复此版本" not in page(Client(), f"{DOC}versions/")
    confirm = page(editor, restore_url(v1))
    assert "确认恢复至 v1" in confirm and "修改 1 条" in confirm and "恢复至 v1" in confirm
    assert doc.versions.count() == 2
    response = editor.post(restore_url(v1))
    assert response.status_code == 302 and response["Location"] == f"{DOC}versions/?a=2&b=3#diff-h"
    v3 = doc.versions.get(is_current=True)
    assert v3.number == 3 and v3.change_note == "恢复至 v1" and v3.based_on.number == 2
    assert v3.created_by == editor.user
    assert clause_of(doc, "art2").text == OLD_TEXT
    # history is kept: all three versions, the edited text still in v2
    assert list(doc.versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert clause_of(doc, "art2", doc.versions.get(number=2)).text == NEW_TEXT
    assert OLD_TEXT in page(editor, f"{DOC}art2/")
    listing = page(editor, f"{DOC}versions/")
    assert "恢复至 v1" in listing and NOTE in listing
    # restoring what is already the text, or the current version itself, is refused
    for version in (v1, v3):
        response = editor.post(restore_url(version))
        assert response.status_code == 400
    assert doc.versions.count() == 3


def test_restoring_needs_the_csrf_token(doc):
    user = make_user("csrf-editor", superuser=True)
    revise_clause(clause_of(doc, "art2"), text=NEW_TEXT, heading="", change_note=NOTE, user=user)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(restore_url(doc.versions.get(number=1))).status_code == 403
    assert doc.versions.count() == 2


def test_the_service_refuses_an_empty_note():
    with pytest.raises(RevisionRefused):
        revise_clause(Clause(), text="x", heading="", change_note=" ", user=None)


# --- what follows the text -----------------------------------------------------------------------------


def test_reviewed_obligations_keep_their_state_across_an_edit(editor, doc):
    from knowledge.models import Obligation
    from knowledge.pipeline import extract_version

    v1 = doc.versions.get()
    extract_version(v1)
    kept = Obligation.objects.get(clause__version=v1, clause__path="art1")
    kept.review_status = ReviewStatus.CONFIRMED
    kept.save()
    corrected = Obligation.objects.get(clause__version=v1, clause__path="art2")
    corrected.duty_bearer, corrected.review_status = "县卫生健康局", ReviewStatus.EDITED
    corrected.save()

    # the edited clause keeps the reviewed sentence and gains a new one
    added = "成员单位应当按月报送服务数据。"
    response = editor.post(revise_url(clause_of(doc, "art2")), {"text": OLD_TEXT + added, "change_note": NOTE})
    assert response.status_code == 302
    v2 = doc.versions.get(is_current=True)
    on_v2 = {(o.clause.path, o.text): o for o in Obligation.objects.filter(clause__version=v2).select_related("clause")}
    assert on_v2[("art1", kept.text)].review_status == ReviewStatus.CONFIRMED
    carried = on_v2[("art2", corrected.text)]
    assert carried.review_status == ReviewStatus.EDITED and carried.duty_bearer == "县卫生健康局"
    new_row = next(o for (path, text), o in on_v2.items() if path == "art2" and added.rstrip("。") in text)
    assert new_row.review_status == ReviewStatus.EXTRACTED and "成员单位" in new_row.duty_bearer
    # the old version's rows are still there (its history)
    assert Obligation.objects.filter(clause__version=v1).count() >= 2


def test_indicators_cite_the_new_version(editor, doc):
    indicator = Indicator.objects.create(key="rev-ind", name="评估完成率", dimension="management")
    indicator.source_clauses.set([clause_of(doc, "art2")])
    revise_clause(clause_of(doc, "art2"), text=NEW_TEXT, heading="", change_note=NOTE, user=editor.user)
    assert list(indicator.source_clauses.all()) == [clause_of(doc, "art2")]


def test_versions_page_queries_do_not_grow_with_versions(client, doc, imported_corpus):
    user = make_user("qc-editor", superuser=True)
    other, _v, _c = document("rev-many", 4)
    revise_clause(clause_of(doc, "art1"), text="第一次修改。", heading="", change_note="一", user=user)
    for i in range(7):
        revise_clause(clause_of(other, "art1"), text=f"第{i}次修改。", heading="", change_note=f"第{i}次", user=user)
    client.force_login(user)
    few = queries(client, f"{DOC}versions/")
    many = queries(client, "/documents/rev-many/versions/")
    assert many == few
    assert queries(client, "/documents/rev-many/versions/?a=1&b=8") == queries(client, f"{DOC}versions/?a=1&b=2")


def test_restore_as_a_function_keeps_clause_ids_apart(doc):
    """A restored version is a copy: the earlier version's clauses are not moved or shared."""
    user = make_user("fn-editor", superuser=True)
    revise_clause(clause_of(doc, "art2"), text=NEW_TEXT, heading="", change_note=NOTE, user=user)
    v1 = doc.versions.get(number=1)
    v1_ids = set(v1.clauses.values_list("pk", flat=True))
    v3 = restore_version(v1, user=user)
    assert not v1_ids & set(v3.clauses.values_list("pk", flat=True))
    assert set(v1.clauses.values_list("pk", flat=True)) == v1_ids


def test_a_text_out_for_consultation_cannot_be_edited_until_it_closes(editor, doc):
    import datetime

    from consultation.models import Consultation

    v1 = doc.versions.get()
    today = datetime.date.today()
    consultation = Consultation.objects.create(
        version=v1, starts_on=today - datetime.timedelta(days=3), ends_on=today + datetime.timedelta(days=10)
    )
    clause = clause_of(doc, "art2")
    assert "截止前不能修改" in page(editor, revise_url(clause))
    response = editor.post(revise_url(clause), {"text": NEW_TEXT, "change_note": NOTE})
    assert response.status_code == 409 and "截止前不能修改" in response.content.decode()
    assert doc.versions.count() == 1
    # once it closed, the revision is the next draft
    consultation.ends_on = today - datetime.timedelta(days=1)
    consultation.save()
    assert editor.post(revise_url(clause), {"text": NEW_TEXT, "change_note": NOTE}).status_code == 302
    assert doc.versions.get(is_current=True).stage == v1.stage


def test_citations_of_the_clause_from_other_documents_follow_the_new_version(editor, doc):
    from knowledge.models import Citation

    citing_work, _v, citing = document("rev-citing", 2)
    raw = "《测试文件rev-doc》第2条"
    citation = Citation.objects.create(
        clause=citing[1], span_start=0, span_end=len(raw), raw_text=raw, target_clause_label="第2条",
        work=doc, target_clause=clause_of(doc, "art2"), review_status=ReviewStatus.CONFIRMED,
    )
    other = Citation.objects.create(
        clause=citing[1], span_start=0, span_end=3, raw_text="第9条", work=doc, target_clause=clause_of(doc, "art3"),
    )
    assert "测试文件rev-citing" in page(editor, f"{DOC}art2/")
    assert editor.post(revise_url(clause_of(doc, "art2")), {"text": NEW_TEXT, "change_note": NOTE}).status_code == 302
    citation.refresh_from_db()
    assert citation.target_clause == clause_of(doc, "art2") and citation.target_clause.version.number == 2
    # the new version's clause page lists the citing clause under 被引用
    assert "测试文件rev-citing" in page(editor, f"{DOC}art2/")
    other.refresh_from_db()
    assert other.target_clause == clause_of(doc, "art3")  # an unchanged clause: its copy in the new version


def test_a_restore_brings_back_the_review_of_the_restored_text(editor, doc):
    """An obligation confirmed on v1, whose sentence an edit removed (v2), is confirmed again on
    the version that restores v1; v2's own decisions win where both had one."""
    from knowledge.models import Obligation
    from knowledge.pipeline import extract_version

    v1 = doc.versions.get()
    extract_version(v1)
    confirmed = Obligation.objects.get(clause__version=v1, clause__path="art2")
    confirmed.review_status = ReviewStatus.CONFIRMED
    confirmed.save()
    kept = Obligation.objects.get(clause__version=v1, clause__path="art1")
    kept.review_status = ReviewStatus.CONFIRMED
    kept.save()
    revise_clause(clause_of(doc, "art2"), text="本条删除。", heading="", change_note="删除本条要求", user=editor.user)
    v2 = doc.versions.get(is_current=True)
    on_v2 = Obligation.objects.get(clause__version=v2, clause__path="art1")
    on_v2.review_status, on_v2.duty_bearer = ReviewStatus.EDITED, "牵头医院（已核）"
    on_v2.save()
    assert not Obligation.objects.filter(clause__version=v2, clause__path="art2", text=confirmed.text).exists()

    v3 = restore_version(v1, user=editor.user)
    assert v3.restored_from == v1 and v3.based_on == v2
    art2 = Obligation.objects.filter(clause__version=v3, clause__path="art2", text=confirmed.text)
    assert [o.review_status for o in art2] == [ReviewStatus.CONFIRMED]
    art1 = Obligation.objects.filter(clause__version=v3, clause__path="art1", text=kept.text)
    assert [(o.review_status, o.duty_bearer) for o in art1] == [(ReviewStatus.EDITED, "牵头医院（已核）")]


def test_the_admin_listings_link_to_edit_and_restore(editor, doc):
    revise_clause(clause_of(doc, "art2"), text=NEW_TEXT, heading="", change_note=NOTE, user=editor.user)
    clauses = page(editor, reverse("wagtailsnippets_content_clause:list") + "?q=第2条")
    assert revise_url(clause_of(doc, "art2")) in clauses
    versions = page(editor, reverse("wagtailsnippets_content_version:list") + "?is_current=false")
    assert restore_url(doc.versions.get(number=1)) in versions
    assert restore_url(doc.versions.get(number=2)) not in versions  # the current one
