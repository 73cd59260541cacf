"""A province administrator edits a draft template and publishes it; counties and cities never see drafts."""

import pytest

from assessment.checklist import copy_template
from assessment.models import ChecklistTemplate
from assessment.workflow import active_template
from tests.assessment.test_permissions import ROLES, login


@pytest.fixture
def draft(template):
    return copy_template(template, as_draft=True)


def formset_data(draft, **changes):
    items = list(draft.items.order_by("position", "pk"))
    data = {"form-TOTAL_FORMS": str(len(items) + 1), "form-INITIAL_FORMS": str(len(items)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for n, it in enumerate(items):
        data.update({
            f"form-{n}-id": str(it.pk), f"form-{n}-position": str(it.position), f"form-{n}-code": it.code,
            f"form-{n}-dimension": it.dimension, f"form-{n}-title": it.title, f"form-{n}-response_type": it.response_type,
            f"form-{n}-unit": it.unit, f"form-{n}-comparator": it.comparator,
            f"form-{n}-threshold": "" if it.threshold is None else str(it.threshold), f"form-{n}-direction": it.direction,
            f"form-{n}-weight": str(it.weight), f"form-{n}-applies_to": it.applies_to, f"form-{n}-required": "on" if it.required else "",
        })
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
def test_only_the_province_edits_publishes_or_copies(client, users, draft, template, role):
    login(client, users, role)
    before = ChecklistTemplate.objects.count()
    edit = client.get(f"/assessments/templates/{draft.pk}/edit/")
    publish = client.post(f"/assessments/templates/{draft.pk}/publish/")
    copy = client.post(f"/assessments/templates/{template.pk}/new-draft/")
    expected = {"admin": (200, 302, 302), "anonymous": (302, 302, 302)}.get(role, (403, 403, 403))
    assert (edit.status_code, publish.status_code, copy.status_code) == expected
    draft.refresh_from_db()
    assert draft.is_published == (role == "admin")
    assert ChecklistTemplate.objects.count() == before + (1 if role == "admin" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_drafts_are_never_shown_outside_the_province(client, users, draft, template, role):
    login(client, users, role)
    assert client.get(f"/assessments/templates/{draft.pk}/").status_code == (200 if role == "admin" else 404)
    assert client.get(f"/assessments/templates/{template.pk}/").status_code == 200


def test_a_published_template_is_not_edited_in_place(client, users, template):
    client.force_login(users["admin"])
    assert client.get(f"/assessments/templates/{template.pk}/edit/").status_code == 403


def test_edit_add_remove_merge_and_publish(client, users, draft, template):
    client.force_login(users["admin"])
    items = list(draft.items.order_by("position", "pk"))
    n = len(items)
    data = formset_data(draft, **{
        "form-0-title": "牵头医院每季度派专家下沉（已编辑）", "form-0-weight": "3", "form-0-direction": "higher",
        "form-0-comparator": ">=", "form-0-threshold": "4", "form-0-unit": "名", "form-0-response_type": "number",
        "form-0-applies_to": "community", "form-0-position": "99",
        "form-1-DELETE": "on",
        f"form-{n}-code": "X1", f"form-{n}-position": "0", f"form-{n}-dimension": items[0].dimension,
        f"form-{n}-title": "新增：县级建立医共体管理委员会", f"form-{n}-response_type": "choice", f"form-{n}-weight": "1",
        f"form-{n}-required": "on",
    })
    r = client.post(f"/assessments/templates/{draft.pk}/edit/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    first = draft.items.get(pk=items[0].pk)
    assert first.title.endswith("（已编辑）") and first.weight == 3 and first.threshold == 4 and first.comparator == ">="
    assert first.direction == "higher" and first.applies_to == "community" and first.position == 99 and first.unit == "名"
    assert not draft.items.filter(pk=items[1].pk).exists()
    assert draft.items.get(code="X1").title.startswith("新增")
    # merge the third into the fourth
    keep, gone = items[3], items[2]
    r = client.post(f"/assessments/templates/{draft.pk}/edit/", {"do_merge": "1", "keep": keep.code, "merge": gone.code})
    assert r.status_code == 302
    assert not draft.items.filter(pk=gone.pk).exists()
    assert gone.code in draft.items.get(pk=keep.pk).proposal_reason
    # publish: new assessments start on it; a county now sees it
    client.post(f"/assessments/templates/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.is_published and active_template(draft.key) == draft
    client.force_login(users["assessor"])
    assert client.get(f"/assessments/templates/{draft.pk}/").status_code == 200


def test_bad_edits_are_refused_whole(client, users, draft):
    client.force_login(users["admin"])
    items = list(draft.items.order_by("position", "pk"))
    before = [(i.title, i.weight) for i in items]
    data = formset_data(draft, **{"form-0-title": "改了", "form-1-weight": "abc", "form-2-comparator": ">=", "form-2-threshold": ""})
    r = client.post(f"/assessments/templates/{draft.pk}/edit/", data)
    assert r.status_code == 400
    assert [(i.title, i.weight) for i in draft.items.order_by("position", "pk")] == before
    data = formset_data(draft, **{"form-1-code": items[0].code})
    assert client.post(f"/assessments/templates/{draft.pk}/edit/", data).status_code == 400
