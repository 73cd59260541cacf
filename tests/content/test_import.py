"""Importing documents: the corpus, Markdown laws, GB/T standards, idempotence, bad input."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from content.importer import import_path
from content.models import Clause, DocumentPage, Version, Work, WorkRelation

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db


def db_snapshot():
    return (
        Work.objects.count(),
        Version.objects.count(),
        Clause.objects.count(),
        DocumentPage.objects.count(),
        WorkRelation.objects.count(),
    )


def test_corpus_imports_every_document(imported_corpus):
    titles = set(Work.objects.filter(has_text=True).values_list("title", flat=True))
    assert "医疗联合体管理办法（试行）" in titles
    assert "关于全面推进紧密型县域医疗卫生共同体建设的指导意见" in titles
    assert "关于印发医疗联合体管理办法（试行）的通知" in titles
    measures = Work.objects.get(title="医疗联合体管理办法（试行）").versions.get(is_current=True)
    assert measures.clauses.filter(kind="chapter").count() == 6
    assert measures.clauses.filter(kind="article").count() == 45
    assert not Clause.objects.filter(text__contains="[bookmark:").exists()
    opinion = Work.objects.get(doc_number="国卫基层发〔2023〕41号").versions.get(is_current=True)
    assert opinion.clauses.filter(kind="heading", depth=0).count() == 6
    assert opinion.clauses.filter(kind="item", depth=1).count() == 20
    assert opinion.clauses.filter(text__contains="城市公立三级医院对县域医共体要至少派出3名以上专家").exists()


def test_nested_documents_are_linked_not_merged(imported_corpus):
    notice = Work.objects.get(doc_number="国卫医发〔2020〕13号")
    measures = Work.objects.get(title="医疗联合体管理办法（试行）")
    shaanxi = Work.objects.get(key="shaanxi-zhuanfa-yiliao-lianheti-banfa-2020")
    kinds = set(WorkRelation.objects.values_list("subject__key", "kind", "object__key"))
    assert (shaanxi.key, "forwards", notice.key) in kinds
    assert (notice.key, "issues", measures.key) in kinds
    assert (shaanxi.key, "annex", measures.key) in kinds


def test_standard_is_represented_from_its_explanatory_notes(imported_corpus):
    standard = Work.objects.get(key="db21-yigongti-guifan")
    assert standard.kind == "standard" and standard.status == "draft"
    version = standard.versions.get(is_current=True)
    assert version.get_stage_display() == "征求意见稿"
    labels = list(version.clauses.values_list("label", flat=True))
    assert labels == ["1", "2", "3", "4", "5", "6", "7", "附录A", "附录B"]
    references = version.clauses.get(path="2")
    assert "GB/T 27775-2011" in references.text
    assert "编制说明" in references.note
    explains = WorkRelation.objects.get(kind="explains")
    assert explains.object == standard


def test_reimport_is_idempotent(imported_corpus, corpus_dir):
    before = db_snapshot()
    report = import_path(corpus_dir)
    assert not [d for d in report.documents if d.changed]
    assert db_snapshot() == before


def test_markdown_law_imports_with_chapters_and_articles():
    import_path(FIXTURES / "law.md")
    work = Work.objects.get(title="县域医共体人员管理办法")
    clauses = work.versions.get().clauses
    assert list(clauses.filter(kind="chapter").values_list("label", flat=True)) == ["第一章", "第二章", "第三章"]
    assert list(clauses.filter(kind="article").values_list("path", flat=True)) == [f"art{i}" for i in range(1, 6)]
    # Two paragraphs (款) in article 3, numbered by position; items (项) in article 4.
    assert list(clauses.filter(parent__path="art3").values_list("path", flat=True)) == ["art3-p1", "art3-p2"]
    assert list(clauses.filter(parent__path="art4", kind="item").values_list("label", flat=True)) == ["（一）", "（二）"]


def test_gbt_standard_imports_numbered_clauses_and_appendices():
    import_path(FIXTURES / "standard.txt")
    work = Work.objects.get(standard_code="DB21/T 9999-2026")
    assert work.title == "医共体信息平台建设规范"
    clauses = work.versions.get().clauses
    c411 = clauses.get(path="4.1.1")
    assert c411.parent.path == "4.1" and c411.parent.parent.path == "4"
    assert "互联互通" in c411.text
    annex = clauses.get(path="appA")
    assert annex.kind == "annex" and clauses.get(path="A.1").parent == annex
    assert clauses.get(path="appB").heading.startswith("（资料性）")


def test_changed_file_becomes_a_new_version(tmp_path):
    source = tmp_path / "law.md"
    source.write_text((FIXTURES / "law.md").read_text(encoding="utf-8"), encoding="utf-8")
    import_path(source)
    source.write_text(source.read_text(encoding="utf-8").replace("3名以上", "5名以上"), encoding="utf-8")
    import_path(source, stage="published")
    work = Work.objects.get(title="县域医共体人员管理办法")
    assert list(work.versions.values_list("number", "is_current")) == [(1, False), (2, True)]
    assert DocumentPage.objects.filter(work=work).count() == 1
    old, new = work.versions.order_by("number")
    # Unchanged clauses keep their permalink paths across versions.
    assert set(old.clauses.values_list("path", flat=True)) == set(new.clauses.values_list("path", flat=True))


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not-xml")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "空文件"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "二进制"),
        ("broken.docx", b"PK\x03\x04 not really a zip", ".docx"),
        ("corrupt.docx", _corrupt_docx(), ".docx"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 20, "编码"),
        ("flat.txt", "这是一段没有任何条款编号的普通文字。\n第二段也没有。".encode(), "条款结构"),
        ("notes.pdf", b"%PDF-1.4", "不支持"),
    ],
)
def test_bad_file_fails_cleanly_and_changes_nothing(tmp_path, imported_corpus, name, content, message):
    good = tmp_path / "law.md"
    good.write_text((FIXTURES / "law.md").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    before = db_snapshot()
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("import_documents", str(good), str(bad), stdout=io.StringIO())
    assert "\n" not in str(excinfo.value)
    assert db_snapshot() == before


def test_every_file_is_parsed_before_the_database_is_written(tmp_path):
    """A bad last file is found before the transaction opens: no write, no lock taken."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from content.importer import ImportFailed, import_paths

    good = tmp_path / "law.md"
    good.write_text((FIXTURES / "law.md").read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "zz_flat.txt"
    bad.write_text("这是一段没有任何条款编号的普通文字。", encoding="utf-8")
    with CaptureQueriesContext(connection) as queries, pytest.raises(ImportFailed, match="条款结构"):
        import_paths([good, bad])
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []


def test_a_document_without_a_title_line_is_read_with_its_first_line_for_review(tmp_path):
    """No line reads as a title: the document is not refused; its first substantive line stands
    in, flagged for review. Text with no structure is still refused (the guess vouches for
    nothing)."""
    from content.importer import read_documents
    from content.parse.normalise import ParseError

    path = tmp_path / "untitled.txt"
    path.write_text("某某工作情况汇总\n一、总体情况\n今年完成了。\n二、下一步\n继续做好。", encoding="utf-8")
    (document,) = read_documents(path)
    assert (document.spec.title, document.spec.review) == ("某某工作情况汇总", ["title"])
    assert [n.label for n in document.parsed.nodes] == ["一、", "二、"]
    # no line could be a title: a Chinese file name stands in, flagged; otherwise it is refused
    named = tmp_path / "03_某某管理条例.txt"
    named.write_text("第一条 为了规范某某工作，制定本条例。\n第二条 本条例自公布之日起施行。", encoding="utf-8")
    (document,) = read_documents(named)
    assert (document.spec.title, document.spec.review) == ("某某管理条例", ["title"])
    unnamed = tmp_path / "doc_03.txt"
    unnamed.write_text(named.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ParseError, match="无法识别文件标题"):
        read_documents(unnamed)
    flat = tmp_path / "flat.txt"
    flat.write_text("某某工作情况汇总\n今年完成了。", encoding="utf-8")
    with pytest.raises(ParseError, match="条款结构"):
        read_documents(flat)
    # …unless it is signed: a 批复 with no numbered part, its issuer and date under it, is read
    # as paragraphs under a guessed title
    reply = tmp_path / "reply.txt"
    reply.write_text(
        "某卫复〔2015〕11号\n某某区卫生局：\n你委的请示收悉。现批复如下：\n同意按规定执行。\n特此批复\n"
        "某某市卫生局\n2015年1月15日",
        encoding="utf-8",
    )
    (document,) = read_documents(reply)
    assert "title" in document.spec.review and document.spec.title != "特此批复"
    assert document.spec.issuers == ["某某市卫生局"]
    assert len(document.parsed.nodes) >= 2


def test_oversized_file_is_refused(tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 1024
    big = tmp_path / "big.txt"
    big.write_text("第一条 医共体应当建立章程。\n" * 200, encoding="utf-8")
    before = db_snapshot()
    with pytest.raises(CommandError, match="超过上限"):
        call_command("import_documents", str(big), stdout=io.StringIO())
    assert db_snapshot() == before


def test_gbk_file_imports(tmp_path):
    source = tmp_path / "gbk.txt"
    source.write_bytes((FIXTURES / "law.md").read_text(encoding="utf-8").replace("# ", "").encode("gb18030"))
    import_path(source)
    assert Work.objects.filter(title="县域医共体人员管理办法").exists()


def test_dry_run_prints_the_tree_and_writes_nothing():
    before = db_snapshot()
    out = io.StringIO()
    call_command("import_documents", str(FIXTURES / "law.md"), "--dry-run", stdout=out)
    assert "art3-p2" in out.getvalue()
    assert db_snapshot() == before


def test_docx_imports_paragraphs_and_tables(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("县域医共体药品管理办法")
    document.add_paragraph("第一条 为规范药品管理，制定本办法。")
    document.add_paragraph("第二条 医共体应当统一药品目录。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "序号", "名称"
    table.cell(1, 0).text, table.cell(1, 1).text = "1", "阿莫西林"
    path = tmp_path / "drugs.docx"
    document.save(path)
    import_path(path)
    work = Work.objects.get(title="县域医共体药品管理办法")
    clauses = work.versions.get().clauses
    assert clauses.get(path="art2").text == "医共体应当统一药品目录。"
    assert clauses.get(kind="table").table == [["序号", "名称"], ["1", "阿莫西林"]]


def test_a_guessed_title_is_queued_for_review(tmp_path):
    from content.importer import import_paths

    path = tmp_path / "untitled.txt"
    path.write_text("某某工作情况汇总\n一、总体情况\n今年完成了。\n二、下一步\n继续做好。", encoding="utf-8")
    import_paths([path])
    work = Work.objects.get(title="某某工作情况汇总")
    assert work.metadata_review == ["title"]
