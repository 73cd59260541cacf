"""content.bulk writes what bulk_create / bulk_update write, without their statement building."""

import pytest
from django.db.models.signals import post_save

from content.bulk import insert_rows, update_fields
from content.models import Clause, Version, Work

pytestmark = pytest.mark.django_db


def _version(key: str) -> Version:
    work = Work.objects.create(key=key, title=f"测试文件{key}", has_text=True)
    return Version.objects.create(work=work, number=1, source_sha256=key, original_text="", text="", is_current=True)


def _clauses(version: Version, n: int) -> list[Clause]:
    return [
        Clause(version=version, kind="article", label=f"第{i}条", path=f"art{i}", text=f"第{i}条的正文。", position=i, table=[["甲", "乙"]] if i == 1 else None)
        for i in range(n)
    ]


def _stored(version: Version) -> list[tuple]:
    fields = ("kind", "label", "path", "heading", "text", "position", "depth", "table", "note", "parent_id")
    return list(Clause.objects.filter(version=version).order_by("pk").values_list(*fields))


def test_insert_rows_stores_what_bulk_create_stores_in_the_same_order():
    by_django, by_insert = _version("bulk-a"), _version("bulk-b")
    Clause.objects.bulk_create(_clauses(by_django, 5))
    assert insert_rows(Clause, _clauses(by_insert, 5)) == 5
    assert _stored(by_insert) == _stored(by_django)
    # ids follow the order of the rows, as bulk_create gives them
    pks = list(Clause.objects.filter(version=by_insert).order_by("position").values_list("pk", flat=True))
    assert pks == sorted(pks)


def test_insert_rows_refuses_saved_rows_and_accepts_none():
    version = _version("bulk-c")
    saved = Clause.objects.create(version=version, kind="article", label="第1条", path="art1", position=0)
    with pytest.raises(ValueError):
        insert_rows(Clause, [saved])
    assert insert_rows(Clause, []) == 0


def test_update_fields_stores_what_bulk_update_stores_and_sends_no_signal():
    by_django, by_update = _version("bulk-d"), _version("bulk-e")
    for version, write in ((by_django, lambda rows: Clause.objects.bulk_update(rows, ["parent", "text"])),
                           (by_update, lambda rows: update_fields(Clause, rows, ["parent", "text"]))):
        Clause.objects.bulk_create(_clauses(version, 4))
        rows = list(Clause.objects.filter(version=version).order_by("position"))
        for row in rows[1:]:
            row.parent_id, row.text = rows[0].pk, f"改：{row.text}"
        write(rows[1:])
    saves = []
    post_save.connect(saves.append, sender=Clause, weak=False, dispatch_uid="test-bulk")
    try:
        rows = list(Clause.objects.filter(version=by_update).order_by("position"))
        rows[2].heading = "标题"
        assert update_fields(Clause, rows[2:3], ["heading"]) == 1
    finally:
        post_save.disconnect(sender=Clause, dispatch_uid="test-bulk")
    assert saves == []
    stored_django, stored_update = _stored(by_django), _stored(by_update)
    first_django, first_update = stored_django[0][-1], stored_update[0][-1]
    assert first_django is None and first_update is None
    # the same values, each parent pointing at its own version's first clause
    strip = lambda rows, root: [(*r[:3], r[4], r[-1] is not None and r[-1] == root) for r in rows]  # noqa: E731
    root_django = Clause.objects.filter(version=by_django, position=0).values_list("pk", flat=True).get()
    root_update = Clause.objects.filter(version=by_update, position=0).values_list("pk", flat=True).get()
    assert strip(stored_update, root_update) == strip(stored_django, root_django)
    assert Clause.objects.get(version=by_update, position=2).heading == "标题"


def test_update_fields_refuses_unsaved_rows():
    with pytest.raises(ValueError):
        update_fields(Clause, _clauses(_version("bulk-f"), 1), ["text"])
