"""Headless Chromium in the review queue: the keyboard decides (j moves, a accepts, r rejects,
e opens the inline edit) and the queue keeps the editor's place in a filtered list."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from content.models import ReviewStatus
from knowledge.models import Obligation
from tests.browser.conftest import CHROMIUM
from tests.browser.conftest import CHROMIUM_ARGS as ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WORK = "yiliao-lianheti-guanli-banfa-shixing"


def test_keyboard_review_in_the_queue(imported_corpus, live_url):
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    user = get_user_model().objects.create_superuser("kbd-editor", "kbd@example.org", "pw-kbd-editor")
    client = Client()
    client.force_login(user)
    pending = list(
        Obligation.objects.filter(
            clause__version__work__key=WORK, clause__version__is_current=True, review_status=ReviewStatus.EXTRACTED
        )
    )
    assert len(pending) >= 3
    url = f"{live_url}/admin/review/{WORK}/?kind=obligation&state=pending"
    errors: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="zh-CN")
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}])
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        facts = page.locator("li.fact")
        first, second = facts.nth(0).get_attribute("data-fact"), facts.nth(1).get_attribute("data-fact")
        assert "is-current" in facts.nth(0).get_attribute("class")
        page.keyboard.press("j")
        assert "is-current" in facts.nth(1).get_attribute("class")
        with page.expect_navigation():
            page.keyboard.press("a")  # accept the second
        # the accepted fact left the pending list; the place is kept, so the third is now current
        assert page.locator(f'li.fact[data-fact="{second}"]').count() == 0
        assert "is-current" in page.locator("li.fact").nth(1).get_attribute("class")
        page.keyboard.press("k")
        assert page.locator("li.fact.is-current").get_attribute("data-fact") == first
        with page.expect_navigation():
            page.keyboard.press("r")  # reject the first
        page.keyboard.press("e")  # the inline edit opens with the focus in its first field
        assert page.locator("li.fact.is-current details.fact-edit").get_attribute("open") is not None
        assert page.evaluate("document.activeElement.closest('details.fact-edit') !== null")
        browser.close()
    assert not errors
    kind, pk = second.split(":")
    assert Obligation.objects.get(pk=int(pk)).review_status == ReviewStatus.CONFIRMED
    assert Obligation.objects.get(pk=int(first.split(":")[1])).review_status == ReviewStatus.REJECTED
