"""Every page kind at a phone width (390 px) and a laptop width (1366 px): nothing overflows
sideways, the text column stays readable, and on a phone the header leaves room for the text.

Playwright's sync API runs an event loop, so the ORM is used only before it starts (fixtures).
Screenshots land in $LAYOUT_SHOTS (if set) so a person can look at them.
"""

import os
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
# The narrowest a text column may be: a phone column is the screen less its margins; on a
# laptop the column is a reading measure, not a sidebar.
MIN_COLUMN = {390: 300, 1366: 560}
MAX_PHONE_HEADER = 120

DOCUMENT = "/documents/yiliao-lianheti-guanli-banfa-shixing/"

# (name, path or callable(ids) -> path, selector of the main text column, who signs in)
PAGES = [
    ("home", "/", ".hero", None),
    ("library", "/documents/", ".doc-list", None),
    ("cited-only", "/documents/?scope=cited", ".doc-list", None),
    ("document", DOCUMENT, ".doc-text", None),
    ("clause", DOCUMENT + "art14/", ".clause-focus", None),
    # an editor's revision: the clause with its change note and edit link, the versions and diff
    ("clause-editor", DOCUMENT + "art14/", ".clause-focus", "editor"),
    ("versions", DOCUMENT + "versions/?a=1&b=2", ".site-main", "editor"),
    ("search", "/search/?q=医保", ".hits", None),
    ("glossary", "/glossary/", ".glossary", None),
    ("checklist", lambda ids: f"/assessments/{ids['assessment']}/", ".as-item", "assessor"),
    ("dashboard", "/assessments/dashboard/", ".as-dashboard", "admin"),
    # and the pages around them, measured by the main column
    ("explorer", "/graph/?work=guowei-jicengfa-2023-41", ".kg-page", None),
    ("trace", "/works/guowei-jicengfa-2023-41/trace/", ".kg-page", None),
    ("sparql", "/sparql", ".kg-page", None),
    ("references", "/references/", ".site-main", None),
    ("indicators", "/indicators/", ".site-main", None),
    ("organisation", "/organisation/", ".site-main", None),
    ("login", "/accounts/login/", ".site-main", None),
    ("not-found", "/no-such-page/", ".error-page", None),
]
STATUS = {"not-found": 404}


@pytest.fixture
def people(imported_corpus, db):
    """A county assessor with a started checklist and a province admin (before Playwright starts)."""
    from assessment.checklist import build_template
    from assessment.models import Membership, Region, Role
    from assessment.workflow import start
    from content.models import Clause, Version, Work
    from content.revisions import revise_clause
    from knowledge.models import Obligation

    work = Work.objects.create(key="layout-std", title="县域医共体管理规范（版式测试）", kind="standard", has_text=True)
    version = Version.objects.create(work=work, number=1, source_sha256="2" * 64, original_text="x", text="x")
    rows = [
        ("牵头医院每季度至少派出3名以上专家到乡镇卫生院坐诊带教，并建立带教档案备查。", ">=", Decimal(3), "名"),
        ("医共体应当建立双向转诊制度，畅通上下转诊通道。", "", None, ""),
    ]
    for pos, (text, comp, value, unit) in enumerate(rows):
        clause = Clause.objects.create(version=version, kind="clause", label=f"6.{pos + 1}", path=f"6.{pos + 1}", text=text, position=pos)
        Obligation.objects.create(clause=clause, confidence=0.9, span_start=0, span_end=len(text) - 1, text=text.rstrip("。"), modality="must",
                                  quantity_comparator=comp, quantity_value=value, quantity_unit=unit)
    template = build_template([work], publish=True)
    province = Region.objects.create(code="910000", name="样例省", level="province")
    city = Region.objects.create(code="911200", name="样例市", level="city", parent=province)
    county = Region.objects.create(code="911221", name="样例县", level="county", parent=city)
    other = Region.objects.create(code="911222", name="样例二县", level="county", parent=city)
    users = get_user_model().objects
    assessor = users.create_user("layout-assessor", password="x-layout-1")
    Membership.objects.create(user=assessor, role=Role.ASSESSOR, region=county)
    other_assessor = users.create_user("layout-assessor-2", password="x-layout-2")
    Membership.objects.create(user=other_assessor, role=Role.ASSESSOR, region=other)
    admin = users.create_user("layout-admin", password="x-layout-3")
    Membership.objects.create(user=admin, role=Role.ADMIN, region=province)
    assessment = start(county, "2026-03", assessor, template)
    start(other, "2026-03", other_assessor, template)
    editor = users.create_superuser("layout-editor", "le@example.org", "x-layout-4")
    measures = Clause.objects.get(version__work__key=DOCUMENT.split("/")[2], version__is_current=True, path="art14")
    revise_clause(
        measures, text=measures.text + "牵头医院应当每季度向成员单位通报一次远程会诊情况。", heading=measures.heading,
        change_note="增加牵头医院每季度通报远程会诊情况的要求（据版式测试的修改意见，较长的说明用于检查换行）", user=editor,
    )
    cookies = {}
    for role, user in (("assessor", assessor), ("admin", admin), ("editor", editor)):
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies["sessionid"].value
    return {"assessment": assessment.pk, "cookies": cookies}


MEASURE = """(selector) => {
  const column = document.querySelector(selector);
  const header = document.querySelector('.site-header');
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(el => !el.closest(".table-wrap, .as-table, .site-nav, .toc-list, .kg-results"))
    .slice(0, 5).map(el => el.tagName + '.' + el.className);
  return {
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
    column: column ? column.getBoundingClientRect().width : null,
    header: header ? header.getBoundingClientRect().height : null,
    wide: wide,
  };
}"""


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_no_sideways_overflow_and_a_readable_column(live_url, people, viewport):
    playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    shots = os.environ.get("LAYOUT_SHOTS")
    width = viewport["width"]
    problems = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, selector, role in PAGES:
            context = browser.new_context(locale="zh-CN", viewport=viewport)
            if role:
                context.add_cookies([{"name": "sessionid", "value": people["cookies"][role], "url": live_url}])
            page = context.new_page()
            url = live_url + (path(people) if callable(path) else path)
            response = page.goto(url)
            assert response.status == STATUS.get(name, 200), f"{name}: {url} answered {response.status}"
            m = page.evaluate(MEASURE, selector)
            if shots:
                page.screenshot(path=os.path.join(shots, f"{name}-{width}.png"), full_page=False)
            context.close()
            if m["scroll"] > m["inner"]:
                problems.append(f"{name}: page is {m['scroll']} px wide in a {m['inner']} px window ({m['wide']})")
            if m["column"] is None:
                problems.append(f"{name}: no text column {selector}")
            elif m["column"] < MIN_COLUMN[width]:
                problems.append(f"{name}: text column {selector} is {m['column']:.0f} px wide")
            if width == PHONE["width"] and m["header"] > MAX_PHONE_HEADER:
                problems.append(f"{name}: header takes {m['header']:.0f} px of the phone screen")
        browser.close()
    assert not problems, "\n".join(problems)
