"""The citation resolver remembers what it read and wrote, and one import shares one resolver:
the same works as a fresh resolver would find, without asking the database again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import knowledge.resolve
from content.importer import import_path
from content.models import Work
from knowledge.models import Citation
from knowledge.resolve import Resolver

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "doc_number", "code"),
    [
        ("某县医共体采购管理办法", "", ""),
        ("某县医共体采购管理办法", "某卫发〔2030〕5号", ""),
        ("", "某卫发〔2030〕6号", ""),
        ("社区卫生服务规范", "", "WS/T 999-2030"),
    ],
)
def test_a_reference_resolved_again_is_the_same_work_without_a_query(title, doc_number, code):
    resolver = Resolver()
    first = resolver.resolve(title, doc_number, code)
    with CaptureQueriesContext(connection) as again:
        second = resolver.resolve(title, doc_number, code)
    assert second == first and len(again.captured_queries) == 0
    # a fresh resolver, reading the database, finds the same work (and creates none)
    fresh = Resolver()
    assert fresh.resolve(title, doc_number, code) == first and fresh.created == []


def test_an_alias_written_by_the_resolver_is_known_to_it():
    resolver = Resolver()
    work = resolver.resolve("某县医共体采购管理办法", "某卫发〔2030〕5号")
    resolver.add_alias(work, "《某县医共体药品采购管理办法》")
    with CaptureQueriesContext(connection) as lookups:
        assert resolver._matches_title(work, knowledge.resolve.normalise_title("某县医共体药品采购管理办法"))
    assert len(lookups.captured_queries) == 0
    assert work.aliases.filter(normalised=knowledge.resolve.normalise_title("某县医共体药品采购管理办法")).exists()


DOC = """某卫发〔2031〕{n}号

# 县域医共体{topic}管理办法

第一条 为规范{topic}管理，依据《县域医共体采购管理办法》（某卫发〔2030〕5号），制定本办法。

第二条 牵头医院应当统一{topic}目录。
"""


def test_one_import_of_a_folder_shares_one_resolver(tmp_path, monkeypatch):
    made = []

    class Counting(Resolver):
        def __init__(self, *args, **kwargs):
            made.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(knowledge.resolve, "Resolver", Counting)
    for n, topic in enumerate(("药品", "设备", "耗材"), start=1):
        (tmp_path / f"{n}.md").write_text(DOC.format(n=n, topic=topic), encoding="utf-8")
    import_path(tmp_path)
    assert len(made) == 1
    # every file's citation names the one cited-only work
    cited = Work.objects.get(doc_number="某卫发〔2030〕5号")
    assert not cited.has_text
    rows = Citation.objects.filter(doc_number="某卫发〔2030〕5号")
    assert rows.count() == 3 and {row.work_id for row in rows} == {cited.pk}
