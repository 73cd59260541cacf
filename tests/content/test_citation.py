"""Copyable citations of clauses, as an implementer pastes them into a document."""

import pytest

from content.models import Clause

pytestmark = pytest.mark.django_db


def current(work_key, path):
    return Clause.objects.get(version__work__key=work_key, version__is_current=True, path=path)


def test_article_citation(imported_corpus):
    assert current("yiliao-lianheti-guanli-banfa-shixing", "art14").citation() == "《医疗联合体管理办法（试行）》第十四条"


def test_standard_numbered_clause_is_cited_by_its_own_number(imported_corpus):
    clause = current("db21-yigongti-guifan-bianzhi-shuoming", "2.5")
    # The title already carries book-title marks; they are not doubled.
    assert clause.citation() == "《紧密型县域医疗卫生共同体管理规范》编制说明2.5"


def test_outline_item_is_cited_with_its_parents(imported_corpus):
    assert current("guowei-jicengfa-2023-41", "s2-1").citation() == "《关于全面推进紧密型县域医疗卫生共同体建设的指导意见》二（一）"
