"""Hostile .docx files: entity declarations and zip bombs are one error line, nothing imported."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from content.models import Version, Work

pytestmark = pytest.mark.django_db


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("县域医共体药品管理办法")
    document.add_paragraph("第一条 为规范药品管理，制定本办法。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _replace_part(data: bytes, part: str, content: bytes, compress_level: int | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compress_level) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == part else source.read(info.filename))
    return out.getvalue()


def _snapshot():
    return (Work.objects.count(), Version.objects.count())


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""


@pytest.mark.parametrize("payload", [LAUGHS, EXTERNAL])
def test_entity_declarations_are_one_error_line(tmp_path, payload):
    path = tmp_path / "entities.docx"
    path.write_bytes(_replace_part(_docx_bytes(), "word/document.xml", payload))
    before = _snapshot()
    with pytest.raises(CommandError, match="实体声明") as excinfo:
        call_command("import_documents", str(path), stdout=io.StringIO())
    assert "\n" not in str(excinfo.value) and "root:" not in str(excinfo.value)
    assert _snapshot() == before


def test_zip_bomb_is_refused_by_its_declared_size_before_reading(tmp_path, monkeypatch):
    # 120 MB of one byte deflates to about 120 KB: well under the file limit, far over the unpacked one
    bomb = _replace_part(_docx_bytes(), "word/document.xml", b" " * (120 * 1024 * 1024), compress_level=9)
    assert len(bomb) < 1024 * 1024
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)

    def no_reading(*args, **kwargs):
        raise AssertionError("a part was opened before the size check")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    before = _snapshot()
    with pytest.raises(CommandError, match="压缩炸弹") as excinfo:
        call_command("import_documents", str(path), stdout=io.StringIO())
    assert "\n" not in str(excinfo.value)
    assert _snapshot() == before


def test_a_normal_docx_still_imports(tmp_path):
    path = tmp_path / "drugs.docx"
    path.write_bytes(_docx_bytes())
    call_command("import_documents", str(path), stdout=io.StringIO())
    assert Work.objects.filter(title="县域医共体药品管理办法").exists()
