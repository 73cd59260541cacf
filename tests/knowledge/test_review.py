"""The editorial review layer: which facts readers see, and the review queue in the admin.

- ``published()``: reviewed rows, and extracted rows with confidence ≥ PORTAL_REVIEW_MIN_CONFIDENCE;
- the queue (/admin/review/): editors only (403 for anyone else), counts by state, filters,
  bulk accept/reject, inline edit, bad input refused with nothing changed;
- decisions reach the clause page, search and the graph at once; accepting a held-back fact
  shows it without the 自动识别，待审核 mark.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from content.models import ReviewStatus, Term, TermDefinition
from knowledge.models import Citation, Obligation

pytestmark = pytest.mark.django_db

WORK = "yiliao-lianheti-guanli-banfa-shixing"
PENDING_MARK = "自动识别，待审核"


@pytest.fixture
def editor_user(db):
    return get_user_model().objects.create_superuser("review-editor", "re@example.org", "pw-review-editor")


@pytest.fixture
def editor(client, editor_user):
    client.force_login(editor_user)
    return client


@pytest.fixture
def moderator(client, db):
    """Admin access (a Wagtail moderator) but no right to change extracted rows."""
    user = get_user_model().objects.create_user("review-mod", "rm@example.org", "pw-review-mod")
    group = Group.objects.create(name="只读管理员")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


def _queue(work_key=WORK):
    return reverse("knowledge_review:queue", args=[work_key])


def _obligation(**filters) -> Obligation:
    return (
        Obligation.objects.filter(clause__version__work__key=WORK, clause__version__is_current=True, **filters)
        .order_by("clause__position", "span_start")
        .first()
    )


# --- the rule ----------------------------------------------------------------------------------


def test_published_holds_reviewed_rows_and_confident_extracted_ones(imported_corpus, settings):
    settings.PORTAL_REVIEW_MIN_CONFIDENCE = 0.6
    ob = _obligation(review_status=ReviewStatus.EXTRACTED)
    published = Obligation.objects.published()
    for confidence, status, shown in [
        (0.9, ReviewStatus.EXTRACTED, True),
        (0.6, ReviewStatus.EXTRACTED, True),
        (0.59, ReviewStatus.EXTRACTED, False),
        (None, ReviewStatus.EXTRACTED, False),
        (0.2, ReviewStatus.CONFIRMED, True),
        (0.2, ReviewStatus.EDITED, True),
        (None, ReviewStatus.ADDED, True),
        (0.99, ReviewStatus.REJECTED, False),
    ]:
        Obligation.objects.filter(pk=ob.pk).update(confidence=confidence, review_status=status)
        ob.refresh_from_db()
        assert published.filter(pk=ob.pk).exists() is shown, (confidence, status)
        assert ob.is_published is shown
        assert Obligation.objects.visible().filter(pk=ob.pk).exists() is (status != ReviewStatus.REJECTED)
    settings.PORTAL_REVIEW_MIN_CONFIDENCE = 0.1
    Obligation.objects.filter(pk=ob.pk).update(confidence=0.2, review_status=ReviewStatus.EXTRACTED)
    assert Obligation.objects.published().filter(pk=ob.pk).exists()  # one setting moves the line


def test_extraction_gives_every_extracted_row_a_confidence(imported_corpus):
    for model in (Obligation, Citation, Term, TermDefinition):
        extracted = model.objects.filter(review_status=ReviewStatus.EXTRACTED)
        assert extracted.exists()
        assert not extracted.filter(confidence__isnull=True).exists(), model
        assert not extracted.filter(confidence__gt=1).exists() and not extracted.filter(confidence__lt=0).exists()
    # some are held back, most are shown
    obligations = Obligation.objects.filter(review_status=ReviewStatus.EXTRACTED)
    held = obligations.low_confidence().count()
    assert 0 < held < obligations.count() / 2


# --- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "moderator"])
def test_only_editors_reach_the_queue(who, client, moderator, imported_corpus):
    if who == "anonymous":
        client.logout()
    ob = _obligation(review_status=ReviewStatus.EXTRACTED)
    for url in (reverse("knowledge_review:index"), _queue()):
        assert client.get(url).status_code == 403
    response = client.post(_queue(), {"fact": f"obligation:{ob.pk}", "action": "reject"})
    assert response.status_code == 403
    edit = reverse("knowledge_review:edit", args=[WORK, "obligation", ob.pk])
    assert client.post(edit, {f"obligation-{ob.pk}-duty_bearer": "改"}).status_code == 403
    ob.refresh_from_db()
    assert ob.review_status == ReviewStatus.EXTRACTED and ob.duty_bearer != "改"


def test_posts_need_the_csrf_token(editor_user, imported_corpus):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor_user)
    ob = _obligation(review_status=ReviewStatus.EXTRACTED)
    assert client.post(_queue(), {"fact": f"obligation:{ob.pk}", "action": "reject"}).status_code == 403
    ob.refresh_from_db()
    assert ob.review_status == ReviewStatus.EXTRACTED


# --- the pages -----------------------------------------------------------------------------------


def test_index_counts_facts_by_state(editor, imported_corpus):
    ob = _obligation(review_status=ReviewStatus.EXTRACTED)
    response = editor.get(reverse("knowledge_review:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("待审核", "已确认", "已修改", "已驳回"):
        assert label in html
    row = next(r for r in response.context["rows"] if r.work.key == WORK)
    before = row.by_state["pending"]
    assert before > 0 and row.by_state["rejected"] == 0
    editor.post(_queue(), {"fact": f"obligation:{ob.pk}", "action": "reject"})
    row = next(r for r in editor.get(reverse("knowledge_review:index")).context["rows"] if r.work.key == WORK)
    assert row.by_state["pending"] == before - 1 and row.by_state["rejected"] == 1


def test_queue_filters_by_kind_state_and_low_confidence(editor, imported_corpus):
    page = editor.get(_queue(), {"kind": "obligation"})
    assert page.status_code == 200
    facts = page.context["facts"]
    assert facts and {f.kind for f in facts} == {"obligation"}
    assert 'data-review-list' in page.content.decode() and "review.js" in page.content.decode()
    low = editor.get(_queue(), {"kind": "obligation", "state": "pending", "low": "1"}).context["facts"]
    assert low and all(f.row.review_status == ReviewStatus.EXTRACTED and not f.row.is_published for f in low)
    everything = editor.get(_queue()).context["page"].paginator.count
    assert everything > editor.get(_queue(), {"kind": "citation"}).context["page"].paginator.count
    bad = editor.get(_queue(), {"kind": "nonsense"})
    assert bad.status_code == 400 and "未知的类型" in bad.content.decode()


def test_bulk_accept_and_reject(editor, editor_user, imported_corpus):
    first, second, third = Obligation.objects.filter(
        clause__version__work__key=WORK, clause__version__is_current=True, review_status=ReviewStatus.EXTRACTED
    ).order_by("pk")[:3]
    response = editor.post(
        _queue(), {"fact": [f"obligation:{first.pk}", f"obligation:{second.pk}"], "action": "accept", "state": "pending"}
    )
    assert response.status_code == 302 and response["Location"].endswith("?state=pending")
    for row in (first, second):
        row.refresh_from_db()
        assert row.review_status == ReviewStatus.CONFIRMED
        assert row.reviewed_by == editor_user and row.reviewed_at is not None
    editor.post(_queue(), {"fact": [f"obligation:{second.pk}", f"obligation:{third.pk}"], "action": "reject"})
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.review_status == third.review_status == ReviewStatus.REJECTED


def test_bad_decisions_change_nothing(editor, imported_corpus):
    ob = _obligation(review_status=ReviewStatus.EXTRACTED)
    other = Obligation.objects.exclude(clause__version__work__key=WORK).filter(review_status=ReviewStatus.EXTRACTED).first()
    for data, message in [
        ({"action": "accept"}, "请先勾选"),
        ({"fact": f"obligation:{ob.pk}", "action": "delete"}, "未知的操作"),
        ({"fact": "obligation:abc", "action": "accept"}, "所选条目无效"),
        # one row of another document spoils the batch: nothing is decided
        ({"fact": [f"obligation:{ob.pk}", f"obligation:{other.pk}"], "action": "reject"}, "不属于本文件"),
    ]:
        response = editor.post(_queue(), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    ob.refresh_from_db()
    other.refresh_from_db()
    assert ob.review_status == other.review_status == ReviewStatus.EXTRACTED


def test_inline_edit_of_an_obligation(editor, editor_user, imported_corpus):
    ob = _obligation(review_status=ReviewStatus.EXTRACTED)
    form = editor.get(_queue(), {"kind": "obligation"}).context["facts"][0].form
    assert form.instance.pk == ob.pk
    prefix = f"obligation-{ob.pk}"
    data = {f"{prefix}-{name}": ("" if value is None else value) for name, value in form.initial.items() if name in form.fields}
    data.update({f"{prefix}-duty_bearer": "县级医共体牵头医院", f"{prefix}-quantity_comparator": ">=",
                 f"{prefix}-quantity_value": "3", f"{prefix}-quantity_unit": "名"})
    url = reverse("knowledge_review:edit", args=[WORK, "obligation", ob.pk])
    response = editor.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"#fact-obligation-{ob.pk}")
    ob.refresh_from_db()
    assert ob.duty_bearer == "县级医共体牵头医院" and ob.quantity_words == "不少于3名"
    assert ob.review_status == ReviewStatus.EDITED and ob.reviewed_by == editor_user
    # an invalid value: one message, the field marked, nothing saved
    data[f"{prefix}-quantity_value"] = "三个"
    data[f"{prefix}-duty_bearer"] = "不该保存"
    response = editor.post(url, data)
    assert response.status_code == 400
    assert "修改未保存" in response.content.decode()
    ob.refresh_from_db()
    assert ob.duty_bearer == "县级医共体牵头医院"
    # a row of another document cannot be edited through this work's queue
    other = Obligation.objects.exclude(clause__version__work__key=WORK).first()
    assert editor.post(reverse("knowledge_review:edit", args=[WORK, "obligation", other.pk]), {}).status_code == 400


def test_inline_edit_of_a_term_and_a_definition(editor, imported_corpus):
    definition = TermDefinition.objects.filter(source_clause__version__is_current=True).select_related(
        "source_clause__version__work", "term"
    ).first()
    work = definition.source_clause.version.work.key
    url = reverse("knowledge_review:edit", args=[work, "definition", definition.pk])
    response = editor.post(url, {f"definition-{definition.pk}-definition": "编辑改写的定义。"})
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.definition == "编辑改写的定义。" and definition.review_status == ReviewStatus.EDITED
    term = Term.objects.filter(source_clause__version__work__key=work).first()
    url = reverse("knowledge_review:edit", args=[work, "term", term.pk])
    editor.post(url, {f"term-{term.pk}-pref_label": term.pref_label, f"term-{term.pk}-definition": term.definition,
                      f"term-{term.pk}-alt_labels": "简称甲、简称乙"})
    term.refresh_from_db()
    assert term.alt_labels == ["简称甲", "简称乙"] and term.review_status == ReviewStatus.EDITED


# --- decisions reach readers, search, the graph and checklists -----------------------------------


@pytest.fixture
def projections(imported_corpus, settings, tmp_path):
    from content.models import Work
    from knowledge.graph import close_store, project_work
    from search.engines import reset_engines
    from search.indexing import reindex_work

    settings.GRAPH_STORE_DIR = tmp_path / "graph"
    settings.SEARCH_INDEX_DIR = tmp_path / "index"
    settings.SPARQL_URL = ""
    settings.ELASTICSEARCH_URL = ""
    settings.PORTAL_SYNC_PROJECTIONS = True
    close_store()
    reset_engines()
    work = Work.objects.get(key=WORK)
    project_work(work.pk, work.key)
    reindex_work(work)
    yield work
    close_store()
    reset_engines()


def _clause_page(client, ob) -> str:
    client.logout()
    return client.get(ob.clause.get_absolute_url()).content.decode()


def _item(html: str, ob) -> str:
    """The obligation's <li> on the clause page ('' when absent)."""
    start = html.find(f'id="obligation-{ob.pk}"')
    return "" if start < 0 else html[start : html.find("</li>", start)]


def _in_search(ob) -> bool:
    from search.service import search

    words = ob.text[:12]
    return any(f"obligation:{ob.pk}" in h.get("members", [h["id"]]) for h in search(words, per_page=50).hits)


def _in_graph(ob) -> bool:
    from knowledge.graph import obligation_uri
    from knowledge.sparql import run_select

    return bool(run_select(f"SELECT ?t WHERE {{ <{obligation_uri(ob.pk)}> ygt:text ?t }}"))


def test_reject_and_accept_in_the_queue_reach_the_page_search_and_graph(
    client, editor_user, projections, django_capture_on_commit_callbacks
):
    shown = _obligation(review_status=ReviewStatus.EXTRACTED, confidence__gte=0.8, duty_bearer__gt="")
    item = _item(_clause_page(client, shown), shown)
    assert item and PENDING_MARK in item  # unreviewed: shown, and marked
    assert _in_search(shown) and _in_graph(shown)

    # a held-back one: not on the page, nor in search or the graph
    held = _obligation(review_status=ReviewStatus.EXTRACTED, confidence__lt=0.6)
    assert held is not None
    assert not _item(_clause_page(client, held), held)
    assert not _in_search(held) and not _in_graph(held)

    client.force_login(editor_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_queue(), {"fact": f"obligation:{shown.pk}", "action": "reject"})
    assert response.status_code == 302
    assert not _item(_clause_page(client, shown), shown)
    assert not _in_search(shown) and not _in_graph(shown)

    client.force_login(editor_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_queue(), {"fact": f"obligation:{held.pk}", "action": "accept"})
    item = _item(_clause_page(client, held), held)
    assert item and PENDING_MARK not in item
    assert _in_search(held) and _in_graph(held)


def test_checklist_candidates_follow_decisions(imported_corpus, editor, settings):
    from assessment.checklist import propose

    settings.PORTAL_REVIEW_MIN_CONFIDENCE = 0.6
    proposed = {d.obligation_id for d in propose().drafts}
    considered = set(proposed)
    for ids in propose().left_out_ids.values():
        considered |= set(ids)
    candidate = Obligation.objects.filter(pk__in=proposed).select_related("clause__version__work").first()
    assert candidate is not None
    held = Obligation.objects.filter(review_status=ReviewStatus.EXTRACTED).low_confidence().first()
    assert held.pk not in considered  # waits for review: not even considered
    editor.post(_queue(candidate.clause.version.work.key), {"fact": f"obligation:{candidate.pk}", "action": "reject"})
    assert candidate.pk not in {d.obligation_id for d in propose().drafts}


def test_glossary_marks_unreviewed_terms_and_holds_back_low_ones(client, imported_corpus):
    term = Term.objects.filter(review_status=ReviewStatus.EXTRACTED, definitions__isnull=False).first()
    assert term is not None
    Term.objects.filter(pk=term.pk).update(confidence=0.9)
    term.definitions.update(confidence=0.9, review_status=ReviewStatus.EXTRACTED)

    def entry() -> str:
        html = client.get("/glossary/").content.decode()
        start = html.find(f'<div class="term" id="term-{term.pk}"')
        return "" if start < 0 else html[start : html.find("</dl>", start)].split('<div class="term"')[1]

    assert PENDING_MARK in entry()
    Term.objects.filter(pk=term.pk).update(confidence=0.3)
    assert entry() == ""  # waits for review
    Term.objects.filter(pk=term.pk).update(review_status=ReviewStatus.CONFIRMED)
    term.definitions.update(review_status=ReviewStatus.CONFIRMED)
    assert entry() and PENDING_MARK not in entry()


def test_document_page_marks_detected_metadata(client, imported_corpus):
    from content.models import Work

    work = Work.objects.filter(key=WORK).get()
    page = client.get(work.get_absolute_url(), follow=True).content.decode()
    start = page.find('<header class="doc-header">')
    head = page[start : page.find("</header>", start)]
    assert PENDING_MARK not in head or "level" in work.metadata_review
    Work.objects.filter(pk=work.pk).update(metadata_review=["issued"], date_issued="2020-01-02")
    page = client.get(work.get_absolute_url(), follow=True).content.decode()
    start = page.find('<header class="doc-header">')
    head = page[start : page.find("</header>", start)]
    assert head.count(PENDING_MARK) == 1


def test_the_queue_says_why_a_fact_is_held(editor, imported_corpus):
    held = editor.get(_queue(), {"kind": "obligation", "state": "pending", "low": "1"}).context["facts"]
    assert held
    html = editor.get(_queue(), {"kind": "obligation", "state": "pending", "low": "1"}).content.decode()
    assert "未向读者显示" in html and "置信度依据：" in html
    assert all(f.reasons for f in held)


def test_decisions_survive_extraction_again(editor, editor_user, imported_corpus):
    from content.models import Version
    from knowledge.pipeline import extract_version

    accepted = _obligation(review_status=ReviewStatus.EXTRACTED)
    rejected = (
        Obligation.objects.filter(clause__version__work__key=WORK, clause__version__is_current=True,
                                  review_status=ReviewStatus.EXTRACTED)
        .exclude(pk=accepted.pk)
        .first()
    )
    editor.post(_queue(), {"fact": f"obligation:{accepted.pk}", "action": "accept"})
    editor.post(_queue(), {"fact": f"obligation:{rejected.pk}", "action": "reject"})
    extract_version(Version.objects.get(work__key=WORK, is_current=True))
    kept = Obligation.objects.get(pk=accepted.pk)
    assert kept.review_status == ReviewStatus.CONFIRMED and kept.reviewed_by == editor_user
    assert Obligation.objects.get(pk=rejected.pk).review_status == ReviewStatus.REJECTED
    # the rejected span is not extracted again beside it
    assert Obligation.objects.filter(clause=rejected.clause, span_start=rejected.span_start,
                                     span_end=rejected.span_end).count() == 1
