"""The admin speaks Chinese: every model and field name of the project's apps, and every menu label."""

import json
import re

import pytest
from django.apps import apps

PROJECT_APPS = ("content", "knowledge", "search", "assessment", "consultation", "portal")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Names that are the same in Chinese (an identifier, a format name).
ALLOWED = {"ID", "URL", "API", "SHA-256", "JSON"}


def _own_fields(model):
    """Fields the project declares (not Wagtail's Page fields, not reverse relations)."""
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations are named by the other model
        declaring = getattr(field, "model", model)
        if declaring._meta.app_label not in PROJECT_APPS:
            continue
        if not hasattr(field, "verbose_name") or field.name == "index_entries" or field.name.startswith("_"):
            continue  # Wagtail's search entries, revisions and workflow states on every page
        if getattr(field.remote_field, "parent_link", False):
            continue  # page_ptr: the link to Wagtail's Page row
        yield field


def test_every_model_and_field_of_the_project_has_a_chinese_name():
    english = []
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            meta = model._meta
            for label in (meta.verbose_name, meta.verbose_name_plural):
                if not CJK.search(str(label)):
                    english.append(f"{meta.label}: {label}")
            for field in _own_fields(model):
                name = str(field.verbose_name)
                if not CJK.search(name) and name not in ALLOWED:
                    english.append(f"{meta.label}.{field.name}: {name}")
                if field.help_text and not CJK.search(str(field.help_text)):
                    english.append(f"{meta.label}.{field.name} help: {field.help_text}")
                for _value, choice in field.choices or []:
                    if not isinstance(choice, (list, tuple)) and not CJK.search(str(choice)) and str(choice) not in ALLOWED:
                        english.append(f"{meta.label}.{field.name} choice: {choice}")
    assert english == []


def _labels(node):
    if isinstance(node, dict):
        if isinstance(node.get("label"), str):
            yield node["label"]
        for value in node.values():
            yield from _labels(value)
    elif isinstance(node, list):
        for value in node:
            yield from _labels(value)


@pytest.mark.django_db
def test_admin_menu_has_no_english_label(client, django_user_model):
    admin = django_user_model.objects.create_superuser("menu-admin", "m@example.org", "pw-Long-enough-1")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S)
    labels = list(_labels(json.loads(props.group(1))))
    assert len(labels) > 15  # the menu, its submenus (settings, reports, help) and the account menu
    assert "抽取审核" in labels or "条款树" in labels  # the project's own items are there
    assert [label for label in labels if not CJK.search(label)] == []
