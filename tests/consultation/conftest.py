"""A consultation on the corpus standard's 征求意见稿 (its 结构概要 version), two invited units with
one 意见提交人 each, a drafting group member, and an outsider."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

STANDARD_KEY = "db21-yigongti-guifan"


@pytest.fixture
def standard_version(imported_corpus, db):
    from content.models import Version

    return Version.objects.get(work__key=STANDARD_KEY, stage="consultation")


def make_user(name: str):
    return get_user_model().objects.create_user(name, password=f"pw-{name}")


@pytest.fixture
def world(standard_version):
    from consultation import services
    from consultation.models import ConsultationMember, DraftingGroupMember
    from content.models import Organisation

    unit_a = Organisation.objects.create(key="cs-unit-a", name="甲市卫生健康委员会")
    unit_b = Organisation.objects.create(key="cs-unit-b", name="乙县人民医院")
    unit_c = Organisation.objects.create(key="cs-unit-c", name="未受邀单位")
    users = {name: make_user(f"cs-{name}") for name in ("a", "b", "c", "drafter", "outsider", "other_drafter")}
    ConsultationMember.objects.create(user=users["a"], organisation=unit_a)
    ConsultationMember.objects.create(user=users["b"], organisation=unit_b)
    ConsultationMember.objects.create(user=users["c"], organisation=unit_c)
    DraftingGroupMember.objects.create(user=users["drafter"], work=standard_version.work)
    from content.models import Work

    other_work = Work.objects.exclude(pk=standard_version.work_id).filter(has_text=True).first()
    DraftingGroupMember.objects.create(user=users["other_drafter"], work=other_work)
    today = timezone.localdate()
    consultation = services.open_consultation(
        users["drafter"], standard_version, starts_on=today - timedelta(days=3), ends_on=today + timedelta(days=10),
        invited=[unit_a, unit_b],
    )
    return {"c": consultation, "version": standard_version, "a": unit_a, "b": unit_b, "c_unit": unit_c, "users": users}


def clause(version, label):
    from content.models import Clause

    return Clause.objects.get(version=version, label=label)


def close(consultation, days_ago: int = 1):
    """Move the consultation's end date into the past (its start before it)."""
    today = timezone.localdate()
    consultation.starts_on = today - timedelta(days=days_ago + 10)
    consultation.ends_on = today - timedelta(days=days_ago)
    consultation.save()


@pytest.fixture
def deep_version(db):
    """A small consultation draft with articles, paragraphs and items (two items both labelled （一）)."""
    from content.models import Clause, Version, Work

    work = Work.objects.create(key="cs-deep", title="测试管理办法", kind="regulation", has_text=True)
    version = Version.objects.create(work=work, number=1, stage="consultation", source_sha256="0" * 64, original_text="x", text="x")
    rows = [
        ("art5", "第五条", "article", None, "医共体应当建立以下制度："),
        ("art5-i1", "（一）", "item", "art5", "双向转诊制度；"),
        ("art5-i2", "（二）", "item", "art5", "远程会诊制度。"),
        ("art6", "第六条", "article", None, "县级卫生健康行政部门负责："),
        ("art6-p1", "", "paragraph", "art6", "统筹规划。"),
        ("art6-i1", "（一）", "item", "art6", "组织考核；"),
    ]
    made = {}
    for pos, (path, label, kind, parent, text) in enumerate(rows):
        made[path] = Clause.objects.create(
            version=version, path=path, label=label, kind=kind, parent=made.get(parent), text=text, position=pos
        )
    return version
