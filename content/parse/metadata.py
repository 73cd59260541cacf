"""Document metadata: detected from the text, given or corrected by a manifest or sidecar file.

Pure: no Django. A manifest (``corpus/manifest.toml``) or a sidecar (``NAME.meta.toml`` beside a
file) may describe a file as several nested documents (``[[documents.parts]]``), each starting
at a line, and may declare works known only from another document (``[[works]]``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from content.parse.identifiers import (
    is_placeholder_doc_number,
    normalise_doc_number,
    normalise_standard_code,
)
from content.parse.normalise import ParseError, fold_width
from content.parse.titles import normalise_title

TITLE_SUFFIXES = ("办法", "方案", "意见", "通知", "规范", "说明", "标准", "条例", "规定", "细则", "指南", "决定", "法")
KIND_BY_SUFFIX = [
    ("编制说明", "explanation"),
    ("规范", "standard"),
    ("标准", "standard"),
    ("指南", "guide"),
    ("办法", "regulation"),
    ("条例", "regulation"),
    ("规定", "regulation"),
    ("细则", "regulation"),
    ("意见", "opinion"),
    ("方案", "plan"),
    ("通知", "notice"),
    ("法", "law"),
]
STAGE_WORDS = {"征求意见稿": "consultation", "送审稿": "submitted", "报批稿": "approval"}
PROVINCE_PREFIXES = "辽陕晋冀蒙吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏甘青宁新京津沪渝"
FIELDS = (
    "key", "title", "doc_number", "standard_code", "issuers", "date_issued", "date_effective",
    "kind", "level", "stage", "status", "is_placeholder", "notes", "version_label", "source",
)


@dataclass
class DocumentSpec:
    """What the importer needs to know about one document in a file."""

    title: str = ""
    key: str = ""
    doc_number: str = ""
    standard_code: str = ""
    issuers: list[str] = field(default_factory=list)
    date_issued: date | None = None
    date_effective: date | None = None
    kind: str = ""
    level: str = ""
    stage: str = ""
    status: str = ""
    is_placeholder: bool = False
    notes: str = ""
    version_label: str = ""
    source: str = ""  # for a derived work: the key of the document it is represented from
    starts: str = ""  # the line this part starts at, for files holding several documents
    relations: list[tuple[str, str]] = field(default_factory=list)  # (kind, other key)
    outline: list[dict] = field(default_factory=list)  # derived clauses, for works like the standard
    text: str = ""  # the part's normalised text

    def update(self, values: dict) -> None:
        for name in FIELDS:
            if name in values and values[name] not in (None, ""):
                value = values[name]
                if name in {"date_issued", "date_effective"} and isinstance(value, str):
                    value = date.fromisoformat(value)
                setattr(self, name, value)
        for rel in values.get("relations", []):
            self.relations.append((rel["kind"], rel["object"]))
        self.outline = values.get("outline", self.outline)
        self.starts = values.get("starts", self.starts)


@dataclass
class FileSpec:
    parts: list[DocumentSpec]


def _clean_title(line: str) -> str:
    return re.sub(r"\s+", "", line).strip("：:")


def detect(text: str, found: dict | None = None) -> DocumentSpec:
    """Guess title, 文号, standard code, kind, level and stage from the text."""
    found = found or {}
    spec = DocumentSpec()
    head = [line.strip() for line in text.split("\n")[:15] if line.strip()]
    numbers = [normalise_doc_number(line) for line in head if len(line) <= 30]
    spec.doc_number = next((n for n in numbers if n), "")
    codes = [normalise_standard_code(line) for line in head[:5] if "《" not in line]
    spec.standard_code = next((c for c in codes if c), "")
    title = found.get("title", "")
    if not title:
        for line in head[:6]:
            candidate = _clean_title(line)
            if 4 <= len(candidate) <= 80 and candidate.rstrip("）)").endswith(
                TITLE_SUFFIXES
            ) or re.search(r"（(?:征求意见稿|试行)）$", candidate):
                title = candidate
                break
    spec.title = _clean_title(title).strip("《》") if title else ""
    for word, stage in STAGE_WORDS.items():
        if word in "".join(head[:4]):
            spec.stage = stage
            spec.title = re.sub(rf"[（(]{word}[)）]", "", spec.title)
    bare = re.sub(r"[（(].*?[)）]$", "", spec.title)
    spec.kind = next((kind for suffix, kind in KIND_BY_SUFFIX if bare.endswith(suffix)), "other")
    first = spec.doc_number[:1] or spec.title[:1]
    if first == "国" or spec.standard_code.startswith(("GB", "WS")):
        spec.level = "national"
    elif first in PROVINCE_PREFIXES or spec.standard_code.startswith("DB"):
        spec.level = "provincial"
    placeholder_number = bool(spec.doc_number) and is_placeholder_doc_number(spec.doc_number)
    if "XX" in spec.title or placeholder_number:
        spec.is_placeholder = placeholder_number
        spec.stage = spec.stage or "template"
        spec.level = "county" if "县" in spec.title[:4] else spec.level
    if found.get("issuer"):
        spec.issuers = [found["issuer"]]
    return spec


def load_manifest(path: Path) -> dict[str, FileSpec]:
    """Read a manifest: ``[[documents]]`` per file (with optional ``[[documents.parts]]``)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(f"元数据文件 {path.name} 格式错误：{exc}") from exc
    specs: dict[str, FileSpec] = {}
    for entry in data.get("documents", []):
        parts_data = entry.get("parts") or [entry]
        parts = []
        for part_data in parts_data:
            spec = DocumentSpec()
            spec.update(part_data)
            parts.append(spec)
        specs[entry["file"]] = FileSpec(parts=parts)
    return specs


def load_derived_works(path: Path) -> list[DocumentSpec]:
    """``[[works]]`` of a manifest: works represented from what another document says."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    works = []
    for entry in data.get("works", []):
        spec = DocumentSpec()
        spec.update(entry)
        works.append(spec)
    return works


def split_parts(text: str, parts: list[DocumentSpec]) -> list[str]:
    """Cut ``text`` where each part's ``starts`` line begins (the first part starts at the top)."""
    if len(parts) == 1:
        return [text]
    lines = text.split("\n")
    starts = [0]
    cursor = 0
    for part in parts[1:]:
        target = _clean_title(part.starts)
        index = next((i for i in range(cursor + 1, len(lines)) if _clean_title(lines[i]).startswith(target)), None)
        if index is None:
            raise ParseError(f"元数据中的分段起始行「{part.starts}」在文件中找不到。")
        starts.append(index)
        cursor = index
    starts.append(len(lines))
    return ["\n".join(lines[a:b]) for a, b in zip(starts, starts[1:], strict=False)]


def strip_title_lines(preamble: list[str], spec: DocumentSpec) -> list[str]:
    """Drop the lines of a preamble that only repeat the title, 文号 or 'XX文件' header."""
    title = normalise_title(spec.title)
    kept = []
    for line in preamble:
        flat = normalise_title(line)
        if not flat:
            continue
        if title and (flat in title or title in flat and (flat.endswith(("...", "…")) or len(flat) <= len(title) + 12)):
            continue
        if spec.doc_number and fold_width(flat) == spec.doc_number:
            continue
        if flat.endswith("文件") and len(flat) <= 30:
            continue
        if title and flat.startswith(title[:8]) and flat.endswith(("...", "…")):
            continue
        kept.append(line)
    return kept
