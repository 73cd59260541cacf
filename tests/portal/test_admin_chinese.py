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


# --- Issue 11: the rest of Wagtail's admin (sites, account, workflows, deletion) ---


def _english_lines(text: str, allowed=()) -> list[str]:
    """Visible lines with words in Latin letters and no Chinese, minus data (names, hostnames)
    and the markup that _visible_text lets through (attribute values with =, #, -> or /)."""
    lines = set()
    for line in text.split("\n"):
        line = line.strip()
        if not re.search(r"[A-Za-z]{2,}", line) or CJK.search(line):
            continue
        if re.search(r"[=#/]|->", line) or line in allowed or line in ALLOWED:
            continue
        lines.add(line)
    return sorted(lines)


@pytest.mark.django_db
def test_the_sites_pages_are_chinese(superuser_client):
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    data = {site.hostname, site.root_page.title, str(site.root_page.title)}
    listing = _visible_text(superuser_client.get("/admin/sites/").content.decode())
    for english in ("Port", "Site name", "Root page"):  # headers built from attribute names
        assert english not in listing.split("\n")
    assert "端口号" in listing and "站点名称" in listing and "根页面" in listing
    assert _english_lines(listing, data) == []
    for url in (f"/admin/sites/edit/{site.pk}/", f"/admin/sites/delete/{site.pk}/"):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        assert _english_lines(_visible_text(response.content.decode()), data) == [], url


@pytest.mark.django_db
def test_the_account_page_is_chinese(superuser_client):
    html = superuser_client.get("/admin/account/").content.decode()
    text = _visible_text(html)
    for english in ("Admin theme", "Contrast", "Density", "System"):
        assert english not in text.split("\n"), english
    assert "后台主题" in text and "对比度" in text and "密度" in text
    # The time zone choices are identifiers (Asia/Shanghai, Japan, UTC): options whose text is their value.
    html = re.sub(r'<option value="([^"]*)"[^>]*>\s*\1\s*</option>', " ", html)
    assert _english_lines(_visible_text(html)) == []


@pytest.mark.django_db
def test_the_workflow_pages_are_chinese(superuser_client):
    from wagtail.models import Task, Workflow

    workflow = Workflow.objects.first()
    task = Task.objects.first()
    data = {workflow.name, task.name, "Root"}  # names of data rows, and Wagtail's root page title
    for url in ("/admin/workflows/list/", "/admin/workflows/tasks/index/", f"/admin/workflows/edit/{workflow.pk}/"):
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        assert _english_lines(text, data) == [], url
        assert "Page" not in text.split("\n"), url  # the page chooser's label in the workflow editor


@pytest.mark.django_db
def test_a_page_delete_confirmation_is_chinese(superuser_client):
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    parent = root.add_child(instance=Page(title="待删除页面", slug="zh-delete-parent"))
    parent.add_child(instance=Page(title="其子页面", slug="zh-delete-child"))
    response = superuser_client.get(f"/admin/pages/{parent.pk}/delete/")
    assert response.status_code == 200
    text = _visible_text(response.content.decode())
    assert "will also delete" not in text and "child page" not in text
    assert "删除此页面还将删除 1 个子页面" in text
    assert _english_lines(text) == []


def _lister():
    """portal/locale/untranslated.py (a script in a data directory, not a package)."""
    import importlib.util
    import sys
    from pathlib import Path

    from django.conf import settings

    name = "portal_locale_untranslated"
    if name not in sys.modules:
        path = Path(settings.BASE_DIR) / "portal" / "locale" / "untranslated.py"
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # its dataclass resolves annotations through sys.modules
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_no_wagtail_admin_msgid_is_left_untranslated():
    """portal/locale/untranslated.py lists Wagtail (and taggit) msgids with no Chinese anywhere."""
    lister = _lister()
    assert len(lister.source_catalogues()) >= 10  # the English msgid sources were found
    missing = [(e.source, e.msgctxt, e.msgid) for e in lister.untranslated()]
    assert missing == []


def test_every_override_keeps_its_placeholders():
    """Each entry of our django.po uses exactly the msgid's %(name)s / {name} placeholders
    (for plurals: those of msgid_plural, the one form zh has)."""
    lister = _lister()
    holes = re.compile(r"%\(\w+\)[sd]|\{\w+\}|%[sd]")
    wrong = []
    for entry in lister.parse_po(lister.OURS):
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        if sorted(set(holes.findall(source))) != sorted(set(holes.findall(entry.msgstr[0]))):
            wrong.append(entry.msgid)
        tags = re.compile(r"</?\w+")
        if sorted(tags.findall(source)) != sorted(tags.findall(entry.msgstr[0])):
            wrong.append(("tags", entry.msgid))
    assert wrong == []
