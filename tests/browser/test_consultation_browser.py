"""Headless Chromium: a unit's 意见提交人 comments on a clause of the 征求意见稿, the drafting group
finds it under that clause (with the count in the table of contents) and disposes of it, and the
unit sees the disposition. Pages are plain forms: no JavaScript is needed.

As in the other browser tests, the server thread shares the test's in-memory SQLite connection;
the ORM is used only before and after Playwright's event loop.
"""

import pytest
from django.test import Client

from tests.browser.conftest import CHROMIUM_ARGS
from tests.consultation.conftest import (
    standard_version,  # noqa: F401 — the fixture
    world,  # noqa: F401 — the fixture
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def cookie_for(user, url) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def test_unit_comments_and_drafter_disposes(live_url, world):  # noqa: F811
    from playwright.sync_api import sync_playwright

    from consultation.models import Comment

    c, users = world["c"], world["users"]
    unit_cookie, drafter_cookie = cookie_for(users["a"], live_url), cookie_for(users["drafter"], live_url)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

        unit = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        unit.add_cookies([unit_cookie])
        page = unit.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_url}{c.get_absolute_url()}")
        assert "征求意见中" in page.text_content(".cs-meta")
        page.click("text=提交意见")
        page.select_option("#f-clause", "5")
        page.fill("#f-text", "推进机制应写明由县级党委政府牵头。")
        page.fill("#f-wording", "由县级党委政府牵头，成立医共体管理委员会。")
        page.click("#comment-form button[type=submit]")
        page.wait_for_selector("#own")
        assert "意见已提交（5）" in page.text_content(".cs-msg")
        own = page.text_content("#own table")
        assert "推进机制应写明由县级党委政府牵头。" in own and "待处理" in own
        page.screenshot(path="/tmp/consultation-unit-390.png", full_page=True)

        drafter = browser.new_context(locale="zh-CN")
        drafter.add_cookies([drafter_cookie])
        d = drafter.new_page()
        d.on("pageerror", lambda exc: errors.append(str(exc)))
        d.goto(f"{live_url}/consultation/{c.pk}/dispositions/")
        assert d.text_content("[data-count-for='5']").strip() == "1"
        comment_id = d.get_attribute(".cs-comment", "id")
        card = f"#{comment_id}"
        assert "甲市卫生健康委员会" in d.text_content(card)
        d.select_option(f"{card} select[name=decision]", "partly")
        d.fill(f"{card} textarea[name=reason]", "增加管理委员会，牵头主体以县级政府表述。")
        d.click(f"{card} .cs-dispose button")
        d.wait_for_selector(f"{card} .s-partly")
        assert "部分采纳 1 条" in d.text_content("#cs-summary")
        d.screenshot(path="/tmp/consultation-dispositions.png", full_page=True)

        page.reload()
        own = page.text_content("#own table")
        assert "部分采纳" in own and "增加管理委员会" in own
        browser.close()
    assert not errors
    comment = Comment.objects.get()
    assert comment.clause_path == "5" and comment.disposition.decision == "partly"
    assert comment.disposition.decided_by == users["drafter"]
