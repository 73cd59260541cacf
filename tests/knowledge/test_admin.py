"""Editors review extracted rows in the Wagtail admin: an edit marks the row so a re-import keeps it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from content.models import ReviewStatus
from knowledge.models import Obligation

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("kg-editor", "kg@example.org", "pw-kg-editor")
    client.force_login(user)
    return client


def _form(obligation, **changes):
    data = {
        "clause": obligation.clause_id,
        "span_start": obligation.span_start,
        "span_end": obligation.span_end,
        "text": obligation.text,
        "modality": obligation.modality,
        "modal_word": obligation.modal_word,
        "duty_bearer": obligation.duty_bearer,
        "action": obligation.action,
        "quantity_comparator": obligation.quantity_comparator,
        "quantity_value": "" if obligation.quantity_value is None else str(obligation.quantity_value),
        "quantity_unit": obligation.quantity_unit,
        "frequency": obligation.frequency,
        "deadline": obligation.deadline.isoformat() if obligation.deadline else "",
        "condition": obligation.condition,
        "review_status": obligation.review_status,
    }
    if obligation.duty_bearer_inherited:
        data["duty_bearer_inherited"] = "on"
    data.update(changes)
    return data


def test_admin_lists_extracted_rows(editor, imported_corpus):
    assert editor.get(reverse("wagtailsnippets_knowledge_obligation:list")).status_code == 200
    assert editor.get(reverse("wagtailsnippets_knowledge_citation:list")).status_code == 200


def test_correcting_a_row_marks_it_edited(editor, imported_corpus):
    obligation = Obligation.objects.filter(clause__version__work__key="yiliao-lianheti-guanli-banfa-shixing").first()
    url = reverse("wagtailsnippets_knowledge_obligation:edit", args=[obligation.pk])
    response = editor.post(url, _form(obligation, duty_bearer="城市医疗集团"))
    assert response.status_code in (200, 302)
    obligation.refresh_from_db()
    assert obligation.duty_bearer == "城市医疗集团"
    assert obligation.review_status == ReviewStatus.EDITED


def test_rejecting_a_row(editor, imported_corpus):
    obligation = Obligation.objects.filter(clause__version__work__key="guowei-jicengfa-2023-41").first()
    url = reverse("wagtailsnippets_knowledge_obligation:edit", args=[obligation.pk])
    editor.post(url, _form(obligation, review_status=ReviewStatus.REJECTED))
    obligation.refresh_from_db()
    assert obligation.review_status == ReviewStatus.REJECTED
