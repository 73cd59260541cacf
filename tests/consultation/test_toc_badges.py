"""Comment counts beside the document's table of contents, for the drafting group only."""

import re

import pytest

from consultation import services
from tests.consultation.conftest import clause

pytestmark = pytest.mark.django_db


def toc_of(client, version, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    page = version.work.document_page
    response = client.get(page.url, {"version": version.number})
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('class="toc"') : html.index("</aside>")]


def badge_of(toc: str, path: str) -> str | None:
    match = re.search(rf'data-toc-target="{re.escape(path)}">(.*?)</a>', toc)
    assert match, path
    badge = re.search(r'<span class="toc-badge">([^<]*)</span>', match.group(1))
    return badge.group(1) if badge else None


def test_drafting_group_sees_comment_counts_in_the_toc(client, world):
    c, users, version = world["c"], world["users"], world["version"]
    fifth = clause(version, "5")
    services.submit_comment(users["a"], c, organisation=world["a"], clause_ref="5", text="牵头部门应写明。")
    services.submit_comment(users["b"], c, organisation=world["b"], clause_ref="5", text="建议补充时限。")
    services.submit_comment(users["b"], c, organisation=world["b"], clause_ref="", text="全文术语应统一。")
    toc = toc_of(client, version, users["drafter"])
    assert badge_of(toc, fifth.path) == "意见 2"
    assert toc.count('class="toc-badge"') == 1  # the whole-document comment has no TOC entry
    for user in (None, users["a"], users["outsider"], users["other_drafter"]):
        assert 'class="toc-badge"' not in toc_of(client, version, user)
    # a section counts the comments on the clauses below it
    from content.models import Clause

    section = fifth
    child = Clause.objects.create(
        version=version, parent=fifth, path=f"{fifth.path}-t1", label="（一）", kind="item",
        text="子条款。", position=fifth.position, depth=fifth.depth + 1,
    )
    services.submit_comment(users["a"], c, organisation=world["a"], clause_ref=child.path, text="子条款意见。")
    services.submit_comment(users["b"], c, organisation=world["b"], clause_ref=section.path, text="本节意见。")
    toc = toc_of(client, version, users["drafter"])
    assert badge_of(toc, section.path) == "意见 4"
