"""Readers see published facts only, wherever extracted rows reach a public page.

The citation-check report (/references/, its JSON and API, ``check_references``), the home
page's term count and the works a default checklist draws from read ``published()``; editors
(and the command with ``--include-held``) also see findings resting on citations held back for
review, marked 待审核.
"""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F

from content.models import ReviewStatus, Term
from knowledge.models import Citation

pytestmark = pytest.mark.django_db

PLACEHOLDER = "X政办〔20XX〕X号"


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("readers-editor", "ed@example.org", "pw-readers-editor")
    from django.test import Client

    other = Client()
    other.force_login(user)
    return other


def _placeholder_citations(imported_corpus, status, confidence):
    rows = Citation.objects.filter(doc_number=PLACEHOLDER, clause__version__is_current=True)
    assert rows.exists()
    rows.update(review_status=status, confidence=confidence)
    return rows


def _report(client) -> tuple[str, list[dict]]:
    page = client.get("/references/").content.decode()
    data = json.loads(client.get("/references/", {"format": "json"}).content)["findings"]
    return page, data


def _placeholder_findings(findings):
    return [f for f in findings if f["kind"] == "placeholder" and PLACEHOLDER in f["message"]]


def test_held_citations_leave_the_public_report_and_editors_see_them_marked(client, editor_client, imported_corpus):
    _placeholder_citations(imported_corpus, ReviewStatus.EXTRACTED, 0.2)  # held back for review
    page, findings = _report(client)
    assert PLACEHOLDER not in page and not _placeholder_findings(findings)
    api = client.get("/api/v1/graph/references", {"page_size": 500}).json()["items"]
    assert not _placeholder_findings(api)

    page, findings = _report(editor_client)
    held = _placeholder_findings(findings)
    assert held and all(f["held"] for f in held)
    assert PLACEHOLDER in page and "待审核" in page
    assert _placeholder_findings(editor_client.get("/api/v1/graph/references", {"page_size": 500}).json()["items"])


def test_a_confirmed_citation_is_reported_to_everyone_and_a_rejected_one_to_no_one(client, editor_client, imported_corpus):
    rows = _placeholder_citations(imported_corpus, ReviewStatus.CONFIRMED, 0.2)
    page, findings = _report(client)
    assert PLACEHOLDER in page
    assert _placeholder_findings(findings) and not any(f["held"] for f in _placeholder_findings(findings))
    rows.update(review_status=ReviewStatus.REJECTED)
    for who in (client, editor_client):
        page, findings = _report(who)
        assert PLACEHOLDER not in page and not _placeholder_findings(findings)


def test_the_command_checks_held_citations_only_when_asked(imported_corpus):
    _placeholder_citations(imported_corpus, ReviewStatus.EXTRACTED, 0.2)

    def run(*args) -> list[dict]:
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("check_references", "--json", *args, stdout=out)
        return json.loads(out.getvalue())["findings"]

    assert not _placeholder_findings(run())
    assert _placeholder_findings(run("--include-held"))


def test_home_counts_the_terms_the_glossary_lists(client, imported_corpus):
    def shown() -> tuple[int, int]:
        home = client.get("/").context["term_count"]
        glossary = len(client.get("/glossary/").context["terms"])
        return home, glossary

    home, glossary = shown()
    assert home == glossary > 0
    term = Term.objects.published().first()
    Term.objects.filter(pk=term.pk).update(review_status=ReviewStatus.REJECTED)
    assert shown() == (home - 1, glossary - 1)


def test_rejected_facts_do_not_bring_a_work_into_the_default_checklist(imported_corpus):
    from assessment.checklist import default_works
    from content.models import Work, WorkKind, WorkRelation
    from knowledge.models import Obligation

    # without a standard: the works with obligations readers see
    work = default_works()[0]
    Obligation.objects.filter(clause__version__work=work).update(review_status=ReviewStatus.REJECTED)
    assert work not in default_works()

    # with a standard: it and the works its published citations point at
    citing = (
        Citation.objects.published()
        .filter(work__has_text=True, clause__version__is_current=True)
        .exclude(work=None)
        .exclude(work_id=work.pk)
        .exclude(clause__version__work_id=work.pk)
        .exclude(work_id=F("clause__version__work_id"))
        .first()
    )
    standard, cited = citing.clause.version.work, citing.work
    Work.objects.filter(pk=standard.pk).update(kind=WorkKind.STANDARD)
    WorkRelation.objects.filter(subject=standard, object=cited).delete()
    assert cited in default_works()
    Citation.objects.filter(clause__version__work=standard, work=cited).update(review_status=ReviewStatus.REJECTED)
    assert standard in default_works() and cited not in default_works()
