"""Counting the database queries of one request, after a first request has warmed the caches
(Wagtail's site root paths, the glossary's term index)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import Clause, DocumentIndexPage, DocumentPage, Version, Work, WorkRelation


def queries(client, url: str) -> int:
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def document(key: str, n_clauses: int, *, with_page: bool = True) -> tuple[Work, Version, list[Clause]]:
    """A work with a current version of ``n_clauses`` clauses (one chapter holding articles)."""
    work = Work.objects.create(key=key, title=f"测试文件{key}", kind="notice", level="county", has_text=True)
    version = Version.objects.create(work=work, number=1, source_sha256=key, original_text="", text="", is_current=True)
    chapter = Clause.objects.create(version=version, kind="chapter", label="第一章", path="ch1", heading="总则", position=0)
    clauses = [chapter]
    for i in range(1, n_clauses):
        clauses.append(
            Clause.objects.create(
                version=version, parent=chapter, kind="article", label=f"第{i}条", path=f"art{i}",
                text=f"第{i}条的正文。", position=i, depth=1,
            )
        )
    if with_page:
        DocumentIndexPage.objects.first().add_child(instance=DocumentPage(title=work.title, slug=key, work=work))
    return work, version, clauses


def relate(work: Work, n: int) -> list[Work]:
    """``n`` other works related to ``work`` in both directions, half of them with a page."""
    others = []
    for i in range(n):
        other, _version, _clauses = document(f"{work.key}-rel{i}", 2, with_page=i % 2 == 0)
        if i % 2:
            WorkRelation.objects.create(subject=work, kind="cites", object=other)
        else:
            WorkRelation.objects.create(subject=other, kind="implements", object=work)
        others.append(other)
    return others
