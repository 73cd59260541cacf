"""Read a source file (.txt, .md, .docx) into plain text, the way the corpus was extracted.

Pure apart from reading bytes: .docx paragraphs become lines and table cells become one
tab-prefixed line each (as in the corpus), Markdown heading marks are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from content.parse.normalise import ParseError, decode

SUPPORTED = {".txt", ".md", ".docx"}
MAX_BYTES = 20 * 1024 * 1024
# A .docx is a zip: its parts are refused by their declared uncompressed size before any is read.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_PARTS = 2000
DTD_RE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)
MD_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
MD_EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1")


def read_source(path: Path, max_bytes: int = MAX_BYTES) -> str:
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ParseError(f"{name}：不支持的文件类型 {suffix or '（无扩展名）'}，只能导入 .txt、.md 或 .docx。")
    size = path.stat().st_size
    if size > max_bytes:
        raise ParseError(f"{name}：文件大小 {size / 1024 / 1024:.1f} MB 超过上限 {max_bytes // 1024 // 1024} MB。")
    data = path.read_bytes()
    if suffix == ".docx":
        return docx_text(data, name)
    text = decode(data, name)
    if suffix == ".md":
        text = markdown_text(text)
    return text


def markdown_text(text: str) -> str:
    """Drop Markdown heading marks and emphasis; the clause markers carry the structure."""
    text = MD_HEADING_RE.sub("", text)
    return MD_EMPHASIS_RE.sub(r"\2", text)


def check_docx_container(data: bytes, name: str = "文件", max_uncompressed: int | None = None) -> None:
    """Refuse a zip bomb (by the sizes its directory declares, before reading a part) and XML
    parts that declare a DTD or entities (a Word document never does)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ParseError(f"{name} 不是有效的 .docx 文件（{type(exc).__name__}），请用 Word 重新保存后再导入。") from exc
    max_uncompressed = MAX_UNCOMPRESSED_BYTES if max_uncompressed is None else max_uncompressed
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise ParseError(f"{name}：压缩包内有 {len(parts)} 个部件，超过上限 {MAX_PARTS}，已拒绝。")
        total = sum(part.file_size for part in parts)
        if total > max_uncompressed:
            raise ParseError(
                f"{name}：解压后大小 {total / 1024 / 1024:.0f} MB 超过上限 {max_uncompressed // 1024 // 1024} MB，已拒绝（可能是压缩炸弹）。"
            )
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels")):
                continue
            tail = b""
            try:
                # zipfile never inflates a part beyond the size its directory declares
                with archive.open(part) as handle:
                    while chunk := handle.read(1 << 16):
                        if DTD_RE.search(tail + chunk):
                            raise ParseError(f"{name}：部件 {part.filename} 含有 DTD 或实体声明，已拒绝（Word 文档不含此类声明）。")
                        tail = chunk[-16:]
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                raise ParseError(f"{name} 不是有效的 .docx 文件（{type(exc).__name__}），请用 Word 重新保存后再导入。") from exc


def docx_text(data: bytes, name: str = "文件") -> str:
    if not data.strip():
        raise ParseError(f"{name} 是空文件，没有可导入的内容。")
    check_docx_container(data, name)
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ParseError(f"{name} 不是有效的 .docx 文件（{type(exc).__name__}），请用 Word 重新保存后再导入。") from exc
    except Exception as exc:  # python-docx raises several internal types for corrupt parts
        raise ParseError(f"{name} 无法读取为 .docx 文件，请用 Word 重新保存后再导入。") from exc
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(node.text or "" for node in child.iter() if node.tag.endswith("}t")))
        elif tag == "tbl":
            for cell in child.iter():
                if cell.tag.endswith("}tc"):
                    text = "".join(node.text or "" for node in cell.iter() if node.tag.endswith("}t"))
                    lines.append("\t" + text)
    text = "\n".join(lines)
    if not text.strip():
        raise ParseError(f"{name} 中没有文字内容。")
    return text
