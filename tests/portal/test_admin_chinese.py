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


# --- Wagtail's own strings: the project's locale (portal/locale) fills what Wagtail leaves English ---


def _visible_text(html: str) -> str:
    """What a reader sees or hears: text between tags plus title/aria-label/placeholder attributes."""
    import html as html_lib

    body = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", html, flags=re.S)
    attrs = " ".join(re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', body))
    text = re.sub(r"<[^>]+>", "\n", body)
    return html_lib.unescape(text + "\n" + attrs)


@pytest.fixture
def superuser_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("zh-admin", "zh@example.org", "pw-Long-enough-1")
    client.force_login(admin)
    return client


# English Wagtail 8 prints on every admin page (the keyboard-shortcuts dialog, the no-JavaScript
# notice, the upgrade notice) and on listings.
EVERY_PAGE = [
    "Show keyboard shortcuts",
    "Keyboard shortcuts are currently",
    "Toggle minimap",
    "Text formatting",
    "Paste without formatting",
    "Close modal dialogs",
    "JavaScript is required",
    "Sort by '",
    "Actions",
]


@pytest.mark.django_db
def test_wagtails_own_strings_are_chinese_on_the_dashboard_and_listings(superuser_client):
    from content.models import Version, Work

    work = Work.objects.create(key="zh-admin-work", title="中文后台测试文件", has_text=True)
    Version.objects.create(work=work, number=1, is_current=False)
    Version.objects.create(work=work, number=2, is_current=True)
    for url in ("/admin/", "/admin/snippets/content/version/", "/admin/snippets/content/work/", "/admin/account/"):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        assert [s for s in EVERY_PAGE if s in text] == [], url
    dashboard = superuser_client.get("/admin/").content.decode()
    assert "显示键盘快捷键" in dashboard and "文字格式" in dashboard


@pytest.mark.django_db
def test_the_version_listing_shows_the_current_version_as_a_badge_not_true_false(superuser_client):
    from content.models import Version, Work

    work = Work.objects.create(key="zh-admin-versions", title="版本列表测试文件", has_text=True)
    Version.objects.create(work=work, number=1, is_current=False)
    Version.objects.create(work=work, number=2, is_current=True)
    html = superuser_client.get("/admin/snippets/content/version/").content.decode()
    cells = re.findall(r"<td\b[^>]*>(.*?)</td>", html, flags=re.S)
    words = {re.sub(r"<[^>]+>|\s+", "", cell) for cell in cells}
    assert not words & {"True", "False"}
    assert "当前" in words  # the current version's badge
    assert html.count("w-status--primary") >= 1


@pytest.mark.django_db
def test_an_empty_snippet_listing_invites_in_chinese(superuser_client):
    from knowledge.models import Citation

    Citation.objects.all().delete()  # rolled back after the test
    response = superuser_client.get("/admin/snippets/knowledge/citation/")
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert "There are no" not in text and "Why not" not in text and "add one" not in text
    assert "暂无" in text and "添加一个" in text


def test_a_plain_boolean_cell_reads_yes_or_no():
    from django.template.loader import render_to_string

    class Column:
        classname = ""

    assert "是" in render_to_string("wagtailadmin/tables/cell.html", {"value": True, "column": Column()})
    assert "否" in render_to_string("wagtailadmin/tables/cell.html", {"value": False, "column": Column()})
    assert "3" in render_to_string("wagtailadmin/tables/cell.html", {"value": 3, "column": Column()})
    assert "True" not in render_to_string("wagtailadmin/tables/cell.html", {"value": True, "column": Column()})
