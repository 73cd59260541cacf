"""Clause-level diff between two versions: added, removed and changed clauses, changed words."""

from content.diff import ClauseText, diff_clauses, diff_words, summarise, tokenize


def c(path, text, label="", heading=""):
    return ClauseText(path=path, label=label or path, heading=heading, text=text)


def test_tokens_keep_numbers_and_latin_words_whole():
    assert tokenize("到2025年底GB/T 27775") == ["到", "2025", "年", "底", "GB", "/", "T", " ", "27775"]


def test_changed_number_is_one_deletion_and_one_insertion():
    segments = diff_words("到2025年底基本建成", "到2027年底基本建成")
    assert [(s.op, s.text) for s in segments] == [
        ("equal", "到"),
        ("delete", "2025"),
        ("insert", "2027"),
        ("equal", "年底基本建成"),
    ]


def test_inserted_chinese_words_are_marked():
    segments = diff_words("牵头医院负责", "牵头医院统一负责")
    assert ("insert", "统一") in [(s.op, s.text) for s in segments]
    assert "".join(s.text for s in segments if s.op != "delete") == "牵头医院统一负责"
    assert "".join(s.text for s in segments if s.op != "insert") == "牵头医院负责"


def test_added_removed_and_changed_clauses_matched_by_path():
    old = [c("art1", "第一条原文。"), c("art2", "将被删除。"), c("art3", "每年考核一次。")]
    new = [c("art1", "第一条原文。"), c("art3", "每半年考核一次。"), c("art4", "新增的条款。")]
    diffs = diff_clauses(old, new)
    status = {d.path: d.status for d in diffs}
    assert status == {"art1": "unchanged", "art2": "removed", "art3": "changed", "art4": "added"}
    assert summarise(diffs) == {"added": 1, "removed": 1, "changed": 1, "unchanged": 1}
    changed = next(d for d in diffs if d.path == "art3")
    assert [(s.op, s.text) for s in changed.text] == [("equal", "每"), ("insert", "半"), ("equal", "年考核一次。")]
    added = next(d for d in diffs if d.path == "art4")
    assert [(s.op, s.text) for s in added.text] == [("insert", "新增的条款。")]


def test_removed_clause_stays_where_it_stood():
    old = [c("s1", "一"), c("s2", "二"), c("s3", "三")]
    new = [c("s1", "一"), c("s3", "三")]
    assert [d.path for d in diff_clauses(old, new)] == ["s1", "s2", "s3"]


def test_moved_clause_is_compared_not_duplicated():
    old = [c("a", "甲"), c("b", "乙"), c("c", "丙")]
    new = [c("c", "丙"), c("a", "甲"), c("b", "乙改")]
    diffs = diff_clauses(old, new)
    assert sorted(d.path for d in diffs) == ["a", "b", "c"]
    assert {d.path: d.status for d in diffs}["b"] == "changed"


def test_heading_change_alone_counts_as_changed():
    diffs = diff_clauses([c("s1", "正文", heading="总体要求")], [c("s1", "正文", heading="基本原则")])
    assert diffs[0].status == "changed"
    assert any(s.op == "insert" for s in diffs[0].heading)


def test_identical_versions_have_no_changes():
    clauses = [c("s1", "一"), c("s2", "二")]
    assert summarise(diff_clauses(clauses, list(clauses)))["unchanged"] == 2
