"""Headless Chromium with every other host cut off (as on a government intranet): the API
documentation still draws, and no page even tries to reach outside. Also printing: the print
button prints, and the printed clause page leaves out navigation and the RDF link."""

import os
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

CLAUSE = "/documents/yiliao-lianheti-guanli-banfa-shixing/art14/"


@pytest.fixture
def offline_page(imported_corpus, live_url):
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    own = urlsplit(live_url).netloc
    outside: list[str] = []

    def only_local(route):
        if urlsplit(route.request.url).netloc in (own, ""):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="zh-CN")
        context.route("**/*", only_local)
        page = context.new_page()
        yield live_url, page, outside
        browser.close()


def test_api_docs_draw_without_other_hosts(offline_page):
    base, page, outside = offline_page
    page.goto(base + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "API" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    assert page.locator(".swagger-ui .opblock").count() > 3
    page.wait_for_timeout(300)  # late fetches (a validator badge, fonts) would show here
    assert outside == []


def test_reading_pages_reach_no_other_host(offline_page):
    base, page, outside = offline_page
    for path in ("/", "/documents/", CLAUSE, "/search/?q=医保", "/glossary/", "/organisation/", "/graph/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
    assert outside == []


def test_print_button_and_printed_clause(offline_page):
    base, page, _ = offline_page
    page.goto(base + CLAUSE)
    # (a trailing expression: Playwright would call a function the snippet evaluates to)
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }; true")
    assert page.locator("button.print-button").count() == 1
    page.click("button.print-button")
    assert page.evaluate("window.__printed") == 1
    rdf = page.locator("a[href*='format=turtle']")
    assert rdf.count() >= 1 and rdf.first.is_visible()
    page.emulate_media(media="print")
    assert not rdf.first.is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator("button.print-button").is_visible()
    assert page.locator(".clause-focus").is_visible()
    assert "第十四条" in page.inner_text(".clause-focus")
