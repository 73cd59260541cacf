"""Headless Chromium opens the library, a document and a clause permalink.

The server runs in a thread that shares the test's database connection (as Django's
LiveServerTestCase does for in-memory SQLite), inside the ordinary ``db`` transaction: pytest-django's
``live_server`` would force ``transactional_db``, whose flush at teardown would wipe the
session-wide ``imported_corpus`` that later tests read.
"""

import pytest

from tests.browser.conftest import CHROMIUM
from tests.browser.conftest import CHROMIUM_ARGS as ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]



@pytest.fixture
def portal_url(imported_corpus, live_url):
    return live_url


@pytest.fixture
def browser_page():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        yield page
        browser.close()


def test_library_document_and_clause_permalink(portal_url, browser_page):
    page = browser_page
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{portal_url}/documents/")
    assert page.locator("h1").inner_text() == "文件库"
    # Filters apply on change: no button to press when scripts run.
    assert not page.locator("form.filters button[type=submit]").is_visible()
    page.select_option("select[name=level]", "national")
    page.wait_for_url("**/documents/?*level=national*")
    titles = page.locator(".doc-item-title").all_inner_texts()
    assert "医疗联合体管理办法（试行）" in titles
    assert not any("辽宁省" in t for t in titles)

    page.click("text=医疗联合体管理办法（试行）")
    page.wait_for_url("**/documents/yiliao-lianheti-guanli-banfa-shixing/")
    assert page.locator(".doc-title").inner_text() == "医疗联合体管理办法（试行）"
    assert page.locator("section.clause.k-article").count() == 45
    assert page.locator(".toc a").count() > 6
    assert page.locator(".badge-final").first.is_visible()

    # The label of 第十四条 is a permalink; with scripts it copies instead of navigating.
    label = page.locator("#art14 a.clause-label").first
    assert label.get_attribute("href").endswith("/documents/yiliao-lianheti-guanli-banfa-shixing/art14/")
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_selector(".copy-toast:not([hidden])")
    assert "art14" in page.locator(".copy-toast").inner_text()

    page.goto(f"{portal_url}/documents/yiliao-lianheti-guanli-banfa-shixing/art14/")
    assert page.locator("#citation").input_value() == "《医疗联合体管理办法（试行）》第十四条"
    assert "第二章" in page.locator(".breadcrumb").inner_text()
    page.click("a[rel=next]")
    page.wait_for_url("**/art15/")
    assert "第十五条" in page.locator("h1.clause-title").inner_text()
    assert errors == []


@pytest.fixture
def seeded(imported_corpus, db):
    # Before Playwright starts: its event loop makes Django refuse queries in this thread.
    from content.seed import seed_reference_data

    seed_reference_data()


def test_organisation_diagram_draws(portal_url, seeded, browser_page):
    page = browser_page
    page.goto(f"{portal_url}/organisation/")
    page.wait_for_selector("#org-chart svg")
    assert page.locator("#org-chart svg text", has_text="牵头医院").count() >= 1
    assert page.locator(".org-tree .org-name", has_text="村卫生室").count() == 1


def test_cited_only_tab_keeps_its_filters(portal_url, browser_page):
    page = browser_page
    page.goto(f"{portal_url}/documents/")
    page.click(".library-tabs >> text=仅被引用")
    page.wait_for_url("**/documents/?scope=cited")
    assert page.locator(".doc-item-title").count() > 5
    # a filter applies on change and stays on the tab
    page.select_option("select[name=kind]", "standard")
    page.wait_for_url("**/documents/?*kind=standard*")
    assert "scope=cited" in page.url
    links = page.locator(".doc-item-title").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert links and all(link.startswith("/works/") for link in links)
    assert page.locator(".library-tabs [aria-current=page]").inner_text().startswith("仅被引用")
