"""Terms a 术语和定义 clause only lists — 术语清单.

Pure: no Django. A standard known from its explanatory notes (or a summary) often says which terms
it defines without the definitions: ``本标准定义的术语包括：A、B、C。``. Each listed term becomes a
:class:`DefinitionMatch` with an empty definition, so the glossary names it and links to the
clause; the definition is added when the text that gives it is imported.
"""

from __future__ import annotations

import re

from knowledge.extract.definitions import TERM_MAX, DefinitionMatch

# "…术语包括：A、B、C。" / "本文件界定的术语有：A、B和C" — the list runs to the end of the sentence.
_LIST_RE = re.compile(r"术语(?:和定义)?(?:主要)?(?:包括|有|为)[：:]\s*(?P<list>[^。；;\n]+)")
_SEPARATORS_RE = re.compile(r"[、，,]|(?<=[^\s])(?:和|及|以及|与)(?=[^\s、，,]+$)")
_ITEM_RE = re.compile(r"^[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9（）()]*$")
_TRAILING_RE = re.compile(r"(?:等)?(?:术语|概念)?$")
# words that start a pointer or a description, never a term (以下内容, 见附录A, 本章所列…)
_NOT_A_TERM = ("以下", "如下", "下列", "见", "详见", "参见", "本", "该", "其", "上述", "有关", "相关")


def listed_terms(text: str) -> list[DefinitionMatch]:
    """The terms a sentence lists as defined (no definitions); the caller decides the clause is a
    术语和定义 section. An item that is not a plain term (punctuation, too long) ends the list:
    a list that does not read as terms is left alone."""
    found: list[DefinitionMatch] = []
    for match in _LIST_RE.finditer(text or ""):
        start = match.start("list")
        items = []
        position = 0
        for piece in _SEPARATORS_RE.split(match.group("list")):
            at = match.group("list").find(piece, position)
            position = at + len(piece)
            label = _TRAILING_RE.sub("", piece.strip())
            if not label:
                continue
            if not _ITEM_RE.match(label) or not 2 <= len(label) <= TERM_MAX or label.startswith(_NOT_A_TERM):
                items = []
                break
            items.append(DefinitionMatch(start=start + at, end=start + at + len(piece.strip()), pref_label=label))
        found.extend(items)
    return found
