"""Pages as a reader meets them: error pages in Chinese and in the portal's layout, the portal's
name on the sign-in pages, and no page that loads anything from another host (portals like this
run on government intranets)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory, override_settings

pytestmark = pytest.mark.django_db

DOCUMENT = "/documents/yiliao-lianheti-guanli-banfa-shixing/"


# --- error pages ---------------------------------------------------------------------------------


def test_missing_page_is_a_chinese_404_in_the_portal_layout(imported_corpus, client):
    for url in ("/no-such-page/", DOCUMENT + "art999/", "/documents/no-such-document/"):
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert "页面不存在" in html, url
        assert 'class="site-nav"' in html and settings.WAGTAIL_SITE_NAME in html, url
        assert "Not Found" not in html and "Page not found" not in html, url


def test_forbidden_page_is_a_chinese_403_that_says_why(db):
    user = get_user_model().objects.create_user("reader-403", password="x-403")
    client = Client()
    client.force_login(user)
    response = client.get("/assessments/dashboard/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "无权访问" in html
    assert "只有市级审核员和省级管理员可以查看汇总看板" in html  # the view's own reason
    assert 'class="site-nav"' in html and "reader-403" in html  # the layout, signed in
    assert "Forbidden" not in html


def failing_view(request):
    raise RuntimeError("boom")


def _failing_urlconf():
    """The portal's URLs (and its handler500) plus one view that fails."""
    import types

    from django.urls import path

    import portal.urls

    module = types.ModuleType("failing_urls")
    module.urlpatterns = [path("boom/", failing_view), *portal.urls.urlpatterns]
    module.handler500 = portal.urls.handler500
    return module


def test_server_error_is_a_chinese_500_in_the_portal_layout(db):
    with override_settings(ROOT_URLCONF=_failing_urlconf()):
        response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错了" in html
    assert 'class="site-nav"' in html and settings.WAGTAIL_SITE_NAME in html
    assert "Server Error" not in html


def test_500_page_renders_without_the_database(django_assert_num_queries):
    from portal.errors import server_error

    request = RequestFactory().get("/anything/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()


# --- sign-in pages name the portal ---------------------------------------------------------------


def test_login_pages_show_the_portal_name_not_the_host(db, client):
    name = settings.WAGTAIL_SITE_NAME
    portal_login = client.get("/accounts/login/").content.decode()
    assert re.search(r"<title>[^<]*" + name, portal_login)
    assert name in re.search(r"<h1>(.*?)</h1>", portal_login).group(1)
    assert "testserver" not in portal_login
    admin_login = client.get("/admin/login/").content.decode()
    assert name in re.search(r"<title>(.*?)</title>", admin_login, re.S).group(1)
    assert name in re.search(r"<h1>(.*?)</h1>", admin_login, re.S).group(1)
    assert "Wagtail" not in re.search(r"<h1>(.*?)</h1>", admin_login, re.S).group(1)


# --- no page loads anything from another host ----------------------------------------------------

# Attributes that make a browser fetch something (an <a href> is a link a reader may follow, not
# a fetch; <link rel=alternate|canonical> names a resource without loading it).
FETCHING = {"src", "srcset", "poster", "data", "action", "formaction", "background"}
NOT_FETCHED_LINK_RELS = {"alternate", "canonical"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if not value:
                continue
            if name == "srcset":
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(","))
            elif name in FETCHING:
                self.urls.append(value)
            if name == "style":
                self.css.append(value)
        if tag == "link" and attrs.get("href") and not NOT_FETCHED_LINK_RELS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs["href"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.css.append(data)


def outside(url: str, own_hosts: set[str]) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname not in own_hosts


def stylesheet_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def local_static_css(url: str) -> str | None:
    if not url.startswith(settings.STATIC_URL) or not url.split("?")[0].endswith(".css"):
        return None
    found = finders.find(url.split("?")[0][len(settings.STATIC_URL):])
    return Path(found).read_text(encoding="utf-8", errors="replace") if found else None


@pytest.fixture
def signed_in(imported_corpus, db):
    """A county assessor with a checklist, and a province admin (for the dashboard)."""
    from assessment.checklist import build_template
    from assessment.models import Membership, Region, Role
    from assessment.workflow import start
    from content.models import Work

    template = build_template([Work.objects.filter(has_text=True).order_by("pk").first()], publish=True)
    province = Region.objects.create(code="920000", name="样例省", level="province")
    city = Region.objects.create(code="921200", name="样例市", level="city", parent=province)
    county = Region.objects.create(code="921221", name="样例县", level="county", parent=city)
    users = get_user_model().objects
    assessor = users.create_user("hosts-assessor", password="x-hosts-1")
    Membership.objects.create(user=assessor, role=Role.ASSESSOR, region=county)
    admin = users.create_user("hosts-admin", password="x-hosts-2")
    Membership.objects.create(user=admin, role=Role.ADMIN, region=province)
    assessment = start(county, "2026-03", assessor, template)
    clients = {}
    for role, user in (("assessor", assessor), ("admin", admin)):
        clients[role] = Client()
        clients[role].force_login(user)
    return {"clients": clients, "assessment": assessment}


def test_no_page_loads_anything_from_another_host(signed_in, client):
    from content.models import Work

    work = Work.objects.filter(has_text=True).order_by("pk").first()
    public = [
        "/", "/documents/", DOCUMENT, DOCUMENT + "art14/", DOCUMENT + "versions/", "/search/?q=医保",
        "/glossary/", "/organisation/", "/indicators/", "/references/", f"/graph/?work={work.key}",
        f"/works/{work.key}/trace/", "/sparql", "/api/v1/docs", "/accounts/login/", "/admin/login/",
        "/django-admin/login/", "/no-such-page/",
    ]
    pages = [(client, url) for url in public] + [
        (signed_in["clients"]["assessor"], f"/assessments/{signed_in['assessment'].pk}/"),
        (signed_in["clients"]["assessor"], "/assessments/"),
        (signed_in["clients"]["admin"], "/assessments/dashboard/"),
    ]
    own_hosts = {"testserver", urlsplit(settings.PORTAL_BASE_URI).hostname}
    found = []
    checked_css: set[str] = set()
    for who, url in pages:
        response = who.get(url, follow=True, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        parser = References()
        parser.feed(response.content.decode())
        urls = list(parser.urls)
        for css in parser.css:
            urls.extend(stylesheet_urls(css))
        for ref in list(urls):
            if ref in checked_css:
                continue
            text = local_static_css(ref)
            if text is not None:
                checked_css.add(ref)
                urls.extend(stylesheet_urls(text))
        found.extend(f"{url}: {ref}" for ref in urls if outside(ref, own_hosts))
        assert parser.urls, f"{url}: no assets found — is the parser reading the page?"
    assert found == []
    assert any(ref.endswith(".css") for ref in checked_css)  # the stylesheets themselves were read


# --- navigation and the explorer ------------------------------------------------------------------


def test_navigation_reaches_sparql_explorer_and_tracing(imported_corpus, client):
    home = client.get("/").content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', home, re.S).group(0)
    assert 'href="/sparql"' in nav and 'href="/graph/"' in nav
    explorer = client.get("/graph/").content.decode()
    trace_links = re.findall(r'href="(/works/[^"/]+/trace/)"', explorer)
    assert trace_links  # every document's 追溯与影响 page is one click from the explorer
    assert client.get(trace_links[0]).status_code == 200
    trace = client.get(trace_links[0]).content.decode()
    assert re.search(r'<nav class="breadcrumb"[^>]*><a href="/">首页</a>', trace)


def test_breadcrumbs_start_at_home(imported_corpus, client):
    for url in (DOCUMENT, DOCUMENT + "art14/", DOCUMENT + "versions/"):
        html = client.get(url).content.decode()
        crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
        assert re.search(r'^<nav[^>]*>\s*<a href="/">首页</a>', crumbs), url


def test_explorer_names_relations_in_chinese(imported_corpus, client):
    from knowledge.tracing import neighbourhood

    html = client.get("/graph/", {"work": "guowei-jicengfa-2023-41"}).content.decode()
    labels = re.findall(r'</a> <span class="muted">([^<]*)</span></li>', html)
    assert labels
    english = {"cites", "based_on", "implements", "issues", "forwards", "normative_reference", "annex", "explains", "related"}
    for label in labels:
        parts = set(label.split("、"))
        assert not parts & english, label
    assert any(p in {"引用", "依据", "规范性引用", "贯彻落实", "印发", "转发"} for label in labels for p in label.split("、"))
    edges = neighbourhood("guowei-jicengfa-2023-41")["edges"]
    assert all(set(e["data"]["relations"]) <= english for e in edges)  # programs still get the keys


def test_copy_citation_carries_the_document_number_and_a_drafts_stage(imported_corpus, client):
    from content.models import Clause, Stage

    numbered = Clause.objects.filter(version__is_current=True, version__work__doc_number__gt="").exclude(label="").select_related("version__work").first()
    html = client.get(numbered.get_absolute_url()).content.decode()
    value = re.search(r'id="citation"[^>]*value="([^"]*)"', html).group(1)
    assert value.startswith(numbered.citation()) and numbered.version.work.doc_number in value
    draft = Clause.objects.filter(version__is_current=True, version__stage=Stage.CONSULTATION).exclude(label="").select_related("version").first()
    html = client.get(draft.get_absolute_url()).content.decode()
    value = re.search(r'id="citation"[^>]*value="([^"]*)"', html).group(1)
    assert value.startswith(draft.citation()) and "征求意见稿" in value
    published = Clause.objects.get(version__work__key="yiliao-lianheti-guanli-banfa-shixing", version__is_current=True, path="art14")
    html = client.get(published.get_absolute_url()).content.decode()
    value = re.search(r'id="citation"[^>]*value="([^"]*)"', html).group(1)
    assert "发布稿" not in value  # a published text needs no stage


def test_library_level_options_follow_the_administrative_order(imported_corpus, client):
    from content.models import Level

    html = client.get("/documents/").content.decode()
    select = re.search(r'<select name="level">(.*?)</select>', html, re.S).group(1)
    shown = [v for v in re.findall(r'<option value="([^"]*)"', select) if v]
    assert len(shown) >= 2
    order = [v for v, _ in Level.choices]
    assert shown == sorted(shown, key=order.index)
    # and it works without scripts: a plain GET form with a submit button
    form = re.search(r'<form class="filters" method="get".*?</form>', html, re.S).group(0)
    assert '<button type="submit">' in form
    filtered = client.get("/documents/", {"level": shown[0]}).content.decode()
    assert f'<option value="{shown[0]}" selected>' in filtered
