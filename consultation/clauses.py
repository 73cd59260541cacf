"""The clauses of a consultation's version as commenters name them — 章条编号.

A reference in a form, a spreadsheet or the API is a clause path (``5.2.1``, ``art14-p2-i3``), a
printed label when it is unique in the document (``5.2.1``, ``第十四条``), or the full printed
chain (``第十四条（三）``). An empty reference, 全文 or 整体 means the whole document.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from content.models import Clause, Version

WHOLE_DOCUMENT_WORDS = {"", "全文", "整体", "总体", "全文整体", "—", "-", "/"}
STRIP = " \t\u3000、．.。"


class UnknownClause(ValueError):
    """A reference that names no clause, or more than one, of the version."""


@dataclass(frozen=True)
class ClauseRef:
    clause: Clause
    label: str  # the full printed chain, e.g. 第十四条（三） or 5.2.1
    depth: int


def clause_refs(version: Version) -> list[ClauseRef]:
    """Every clause of the version in reading order with its full printed label (one query)."""
    clauses = list(Clause.objects.filter(version=version).order_by("position"))
    by_id = {c.pk: c for c in clauses}
    refs = []
    for clause in clauses:
        clause.version = version
        chain, node, depth = [], clause, 0
        while node is not None:
            if node.label:
                chain.append(node.label.rstrip("、."))
            node = by_id.get(node.parent_id) if node.parent_id else None
            depth += 1
        label = "".join(reversed(chain)) or clause.heading or clause.path
        refs.append(ClauseRef(clause=clause, label=label, depth=depth - 1))
    return refs


def _norm(text: str) -> str:
    return "".join(str(text).split()).strip(STRIP).replace("(", "（").replace(")", "）")


def resolve(refs: list[ClauseRef], reference: str | None) -> ClauseRef | None:
    """The clause a reference names, or None for the whole document; UnknownClause otherwise."""
    wanted = _norm(reference or "")
    if wanted in WHOLE_DOCUMENT_WORDS:
        return None
    for ref in refs:
        if ref.clause.path == wanted:
            return ref
    for key in (lambda r: _norm(r.label), lambda r: _norm(r.clause.label)):
        hits = [r for r in refs if key(r) == wanted]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            raise UnknownClause(
                _("章条编号“%(ref)s”在文中出现 %(n)d 处，请写完整编号，如“%(example)s”。")
                % {"ref": reference, "n": len(hits), "example": hits[0].label}
            )
    raise UnknownClause(_("章条编号“%(ref)s”不在征求意见稿中。") % {"ref": reference})
