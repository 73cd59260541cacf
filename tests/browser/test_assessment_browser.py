"""Headless Chromium: fill part of a checklist, watch the score change, survive a network failure,
reload and find the answers kept; and the same page works without JavaScript.

As in test_reading_browser.py, the server thread shares the test's in-memory SQLite connection
inside the ordinary ``db`` transaction (a transactional flush would wipe the session corpus).
Playwright's sync API runs an event loop, so the ORM is used only before and after it.
"""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]



@pytest.fixture
def checklist(db):
    from assessment.checklist import build_template
    from assessment.models import Membership, Region, Role
    from assessment.workflow import start
    from content.models import Clause, Version, Work
    from knowledge.models import Obligation

    work = Work.objects.create(key="std-b", title="紧密型县域医疗卫生共同体管理规范", kind="standard", has_text=True)
    version = Version.objects.create(work=work, number=1, source_sha256="1" * 64, original_text="x", text="x")
    rows = [
        ("牵头医院每季度至少派出3名以上专家到乡镇卫生院坐诊带教。", ">=", Decimal(3), "名"),
        ("医共体应当建立双向转诊制度。", "", None, ""),
        ("医共体应当统一管理人员编制。", "", None, ""),
    ]
    for pos, (text, comp, value, unit) in enumerate(rows):
        clause = Clause.objects.create(version=version, kind="clause", label=f"6.{pos + 1}", path=f"6.{pos + 1}", text=text, position=pos)
        Obligation.objects.create(clause=clause, confidence=0.9, span_start=0, span_end=len(text) - 1, text=text.rstrip("。"), modality="must",
                                  quantity_comparator=comp, quantity_value=value, quantity_unit=unit)
    template = build_template([work], publish=True)
    province = Region.objects.create(code="210000", name="辽宁省", level="province")
    city = Region.objects.create(code="211200", name="铁岭市", level="city", parent=province)
    county = Region.objects.create(code="211221", name="铁岭县", level="county", parent=city)
    user = get_user_model().objects.create_user("browser-assessor", password="x-browser-1")
    Membership.objects.create(user=user, role=Role.ASSESSOR, region=county)
    assessment = start(county, "2026-03", user, template)
    return {"assessment": assessment, "template": template, "user": user}


@pytest.fixture
def server_url(live_url):
    return live_url


def session_cookie(user, url) -> dict:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def open_page(p, cookie, **options):
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    context = browser.new_context(locale="zh-CN", **options)
    context.add_cookies([cookie])
    return browser, context.new_page()


def test_fill_score_offline_reload(server_url, checklist):
    from playwright.sync_api import sync_playwright

    from assessment.models import Response

    a, template = checklist["assessment"], checklist["template"]
    experts = template.items.get(title__contains="专家")
    referral = template.items.get(title__contains="转诊")
    staff = template.items.get(title__contains="编制")
    cookie = session_cookie(checklist["user"], server_url)
    errors: list[str] = []
    with sync_playwright() as p:
        browser, page = open_page(p, cookie)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        shown = fill_checklist(page, server_url, a, experts, referral, staff)
        browser.close()
    assert not errors
    a.refresh_from_db()
    assert shown == f"{a.score:.1f}"
    assert Response.objects.get(assessment=a, item=experts).number == 3
    assert Response.objects.get(assessment=a, item=staff).choice == "partly"
    assert Response.objects.get(assessment=a, item=referral).choice == "yes"


def fill_checklist(page, server_url, a, experts, referral, staff) -> str:
    page.goto(f"{server_url}/assessments/{a.pk}/")
    assert page.text_content("#as-score").strip() == "—"  # nothing answered yet: 未评定, no score
    assert page.text_content("#as-progress").strip() == "已答 0/3"

    # a yes/no item: the score changes as soon as it saves
    page.check(f"#item-{referral.pk} input[name=choice][value=yes]")
    page.wait_for_selector(f"#item-{referral.pk} .as-state-saved")
    # expect() polls inside the page without eval, which the Content-Security-Policy forbids
    expect(page.locator("#as-progress")).to_have_text("已答 1/3")
    # weights: experts 2 (quantified), referral 1, staff 1, one dimension each → management+orderly+capability
    first_score = page.text_content("#as-score").strip()
    assert first_score != "0.0"

    # a quantified item evaluates itself: 2 fails, 3 passes
    field = f"#item-{experts.pk} input[name=number]"
    page.fill(field, "2")
    page.wait_for_selector(f"#item-{experts.pk} .as-state-saved")
    page.wait_for_selector(f"#item-{experts.pk}.as-fail")
    assert "未达标" in page.text_content(f"#item-{experts.pk} [data-verdict]")
    page.fill(field, "3")
    expect(page.locator(f"#item-{experts.pk}")).to_have_class(re.compile(r"\bas-pass\b"))
    page.wait_for_selector(f"#item-{experts.pk} .as-state-saved")
    assert page.text_content("#as-score").strip() != first_score

    # the network fails while saving: the answer stays in the page and the page says so
    page.route("**/items/**", lambda route: route.abort())
    page.check(f"#item-{staff.pk} input[name=choice][value=partly]")
    page.wait_for_selector(f"#item-{staff.pk} .as-state-offline")
    assert "答案仍保留在页面上" in page.text_content(f"#item-{staff.pk} .as-state")
    assert page.is_checked(f"#item-{staff.pk} input[name=choice][value=partly]")
    assert page.text_content("#as-progress").strip() == "已答 2/3"  # not counted: it did not save
    page.unroute("**/items/**")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector(f"#item-{staff.pk} .as-state-saved")

    # reload: everything is kept
    page.reload()
    assert page.is_checked(f"#item-{referral.pk} input[name=choice][value=yes]")
    assert page.is_checked(f"#item-{staff.pk} input[name=choice][value=partly]")
    assert page.input_value(field) == "3"
    assert page.text_content("#as-progress").strip() == "已答 3/3"
    page.screenshot(path="/tmp/assessment-browser.png", full_page=True)
    return page.text_content("#as-score").strip()


def test_page_works_without_javascript(server_url, checklist):
    from playwright.sync_api import sync_playwright

    from assessment.models import Response

    a, template = checklist["assessment"], checklist["template"]
    referral = template.items.get(title__contains="转诊")
    cookie = session_cookie(checklist["user"], server_url)
    with sync_playwright() as p:
        browser, page = open_page(p, cookie, java_script_enabled=False)
        page.goto(f"{server_url}/assessments/{a.pk}/")
        page.check(f"#item-{referral.pk} input[name=choice][value=no]")
        page.click(f"#item-{referral.pk} button.as-save")
        page.wait_for_load_state()
        content = page.content()
        checked = page.is_checked(f"#item-{referral.pk} input[name=choice][value=no]")
        browser.close()
    assert "已保存" in content and checked
    assert Response.objects.get(assessment=a, item=referral).choice == "no"


def confirm(page, action: str):
    """Click a workflow button, then tick and press the confirmation page's button."""
    page.click(f"#as-workflow button[name=action][value={action}]")
    page.wait_for_selector(".as-confirm-form")
    page.check(".as-confirm-form input[name=confirm]")
    page.click(".as-confirm-form button[type=submit]")
    page.wait_for_selector(".as-checklist")


def test_submit_return_fix_approve_and_download(server_url, checklist):
    """County fills → submit refused while incomplete → completes → city returns with an inline
    comment → county fixes → city approves → PDF and xlsx downloaded."""
    from playwright.sync_api import sync_playwright

    from assessment.models import Membership, Response, Role

    a, template = checklist["assessment"], checklist["template"]
    experts = template.items.get(title__contains="专家")
    referral = template.items.get(title__contains="转诊")
    staff = template.items.get(title__contains="编制")
    reviewer = get_user_model().objects.create_user("browser-reviewer", password="x-browser-2")
    Membership.objects.create(user=reviewer, role=Role.REVIEWER, region=a.region.parent)
    county_cookie, city_cookie = session_cookie(checklist["user"], server_url), session_cookie(reviewer, server_url)
    url = f"{server_url}/assessments/{a.pk}/"
    errors: list[str] = []
    with sync_playwright() as p:
        browser, page = open_page(p, county_cookie)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        page.check(f"#item-{referral.pk} input[name=choice][value=yes]")
        page.wait_for_selector(f"#item-{referral.pk} .as-state-saved")
        # incomplete: refused, with a link to each missing item
        page.click("#as-workflow button[name=action][value=submit]")
        page.wait_for_selector("#as-missing")
        assert "不能提交审核" in page.text_content(".as-msg-error")
        assert page.locator(f"#as-missing a[href$='#item-{experts.pk}']").count() == 1
        assert page.text_content(".as-status").strip() == "填报中"
        page.fill(f"#item-{experts.pk} input[name=number]", "3")
        page.wait_for_selector(f"#item-{experts.pk} .as-state-saved")
        page.check(f"#item-{staff.pk} input[name=choice][value=no]")
        page.wait_for_selector(f"#item-{staff.pk} .as-state-saved")
        page.reload()
        # the score and progress stay in view at the bottom of the page
        page.locator("#as-workflow").scroll_into_view_if_needed()
        box = page.locator(".as-scorebox").bounding_box()
        assert box is not None and 0 <= box["y"] < 5, box
        assert page.text_content("#as-progress").strip() == "已答 3/3"
        confirm(page, "submit")
        assert page.text_content(".as-status").strip() == "已提交"
        browser.close()

        browser, page = open_page(p, city_cookie, viewport={"width": 390, "height": 844})
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        page.fill(f"#item-{staff.pk} textarea[name=comment_{staff.pk}]", "请附编制文件")
        confirm(page, "return")
        assert page.text_content(".as-status").strip() == "已退回"
        browser.close()

        browser, page = open_page(p, county_cookie)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        assert "请附编制文件" in page.text_content(f"#item-{staff.pk} .as-item-comment")
        page.goto(url + "?show=commented")
        assert page.locator("article.as-item").count() == 1
        page.goto(url)
        page.check(f"#item-{staff.pk} input[name=choice][value=yes]")
        page.wait_for_selector(f"#item-{staff.pk} .as-state-saved")
        page.reload()
        confirm(page, "submit")
        browser.close()

        browser, page = open_page(p, city_cookie)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url)
        confirm(page, "approve")
        assert page.text_content(".as-status").strip() == "已审定"
        page.screenshot(path="/tmp/assessment-approved.png", full_page=False)
        pdf = page.request.get(f"{server_url}/assessments/{a.pk}/report.pdf")
        xlsx = page.request.get(f"{server_url}/assessments/{a.pk}/export.xlsx")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"
        browser.close()
    assert not errors
    a.refresh_from_db()
    assert a.status == "approved"
    assert Response.objects.get(assessment=a, item=staff).choice == "yes"
