"""Checking evidence uploads — 佐证材料校验: size, allowed type, and content matching the extension.

Limits come from settings.EVIDENCE_MAX_BYTES and settings.EVIDENCE_ALLOWED_TYPES. The content
is sniffed with ``filetype`` (magic numbers); plain text must decode as UTF-8 or GB18030.
"""

from __future__ import annotations

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

# Sniffed kind → the extensions it may arrive under.
EQUIVALENT = {"jpg": {"jpg", "jpeg"}, "jpeg": {"jpg", "jpeg"}}
TEXT_KINDS = {"txt"}


class InvalidEvidence(ValueError):
    pass


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 3:
                return True
    return False


def check_upload(name: str, size: int, head: bytes) -> str:
    """Return the file's kind (its extension) or raise ``InvalidEvidence`` with one clear message."""
    allowed = [t.lower() for t in settings.EVIDENCE_ALLOWED_TYPES]
    limit = settings.EVIDENCE_MAX_BYTES
    ext = extension_of(name)
    if ext not in allowed:
        raise InvalidEvidence(
            _("不支持的文件类型“%(ext)s”：只接受 %(allowed)s。") % {"ext": ext or _("无扩展名"), "allowed": "、".join(allowed)}
        )
    if size > limit:
        raise InvalidEvidence(
            _("文件过大（%(size).1f MB）：单个佐证文件不能超过 %(limit).1f MB。") % {"size": size / 1048576, "limit": limit / 1048576}
        )
    if size == 0:
        raise InvalidEvidence(_("文件是空的，请重新选择。"))
    if ext in TEXT_KINDS:
        if filetype.guess(head) is not None or not _looks_like_text(head):
            raise InvalidEvidence(_("文件内容与扩展名 .%(ext)s 不符：它不是纯文本文件。") % {"ext": ext})
        return ext
    kind = filetype.guess(head)
    sniffed = kind.extension if kind else ""
    if ext not in EQUIVALENT.get(sniffed, {sniffed}):
        raise InvalidEvidence(
            _("文件内容与扩展名 .%(ext)s 不符（实际内容像是 %(sniffed)s）。请上传真实的 %(ext)s 文件。")
            % {"ext": ext, "sniffed": sniffed or _("未知格式")}
        )
    return ext


def sniff_uploaded(upload) -> str:
    """Check a Django UploadedFile; reads only the head of the file."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    return check_upload(upload.name, upload.size, head)
