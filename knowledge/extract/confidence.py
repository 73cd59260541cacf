"""How much to trust a machine-read fact — 置信度 (0–1), one pure function per kind.

Each kind starts from a base score for *how* the fact was found, then applies a table of rules
over the signals the extractors already give (no second parse of the text). A rule is
``(name, test, delta)``: the deltas of every rule whose test holds are added and the sum is
clamped to 0.05–0.99. The rules are tables so they can be read, tested case by case and
measured: ``bench/confidence.py`` prints the precision of facts above and below
``PORTAL_REVIEW_MIN_CONFIDENCE`` on the development set of unseen documents.

Obligations (``obligation_confidence``)
    base: an explicit modal verb (应当/必须/须/应/不得/严禁/禁止…) 0.80; a softer or ambiguous one
    (要/可/可以/宜/鼓励/支持/方可/方能/有权/享受/负责/请) 0.70; none (a target or a requirement implied by a bound,
    a period or a time limit) 0.60.
    rules: the bearer is named in the sentence +0.10; inherited from a heading −0.05; missing −0.10
    (missing is not wrong); the bearer starts with a verb or is longer than a name usually is −0.25
    (wrong); a bound, a period or a deadline was parsed +0.10; the sentence starts with stray
    punctuation or is very short −0.20; an unbalanced bracket (a truncated span) −0.20.

Citations (``citation_confidence``)
    base 0.50. rules: a 文号 or standard code +0.30; a 《title》 +0.15; resolved to a document whose
    text the portal holds +0.10; a placeholder 文号 (X政办〔20XX〕X号) −0.40; a title only, naming
    a form, licence, register or table −0.30; a title only, very short −0.10; a title only, ending
    in a kind of document (法, 条例, 办法, 意见, 通知, 方案 …) +0.10.

Definitions (``definition_confidence``)
    base by pattern: a clause of a 术语和定义 chapter or a standard's term entry 0.90; 本办法所称X
    是指 0.90; X（以下简称Y） 0.85; X、Y（以下统称Z） 0.75; X是指… at a sentence start 0.65; a bare
    X（Y） abbreviation 0.50. rules: a long label (≥ 16 characters) −0.15; a label holding 的 or
    a punctuation mark −0.10; a label starting with a function word (的, 和, 及, 或, 与, 等 … — cut
    mid-phrase) −0.30; a definition shorter than 4 characters −0.10.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Rule = tuple[str, Callable[[Mapping[str, Any]], bool], float]

FLOOR, CEILING = 0.05, 0.99


def _score(base: float, rules: tuple[Rule, ...], facts: Mapping[str, Any]) -> float:
    total = base + sum(delta for _name, test, delta in rules if test(facts))
    return round(min(CEILING, max(FLOOR, total)), 2)


def explain(rules: tuple[Rule, ...], facts: Mapping[str, Any]) -> list[str]:
    """The names of the rules that hold (for the review queue's tooltip and for tests)."""
    return [name for name, test, _delta in rules if test(facts)]


# --- obligations --------------------------------------------------------------------------------

STRONG_MODALS = ("应当", "必须", "须", "应", "不得", "严禁", "禁止", "不准", "不应", "务必", "应该", "只准", "只能")
# A bearer that starts with one of these is an action, not a subject (确保每个乡镇卫生院…).
VERB_LEADS = (
    "确保", "推动", "加强", "督促", "指导", "要求", "保证", "推进", "促进", "实现", "力争", "组织",
    "引导", "建立", "完善", "落实", "开展", "做好", "提高", "提升", "按照", "依照", "根据", "强化",
)
BEARER_LONG = 24
SHORT_TEXT = 8
STRAY_LEADS = "”’」』）)、，,。；;：:"
_BRACKETS = (("（", "）"), ("(", ")"), ("《", "》"))


def _unbalanced(text: str) -> bool:
    return any(text.count(a) != text.count(b) for a, b in _BRACKETS)


@dataclass(frozen=True)
class ObligationSignals:
    modal_word: str = ""
    modality: str = ""
    duty_bearer: str = ""
    duty_bearer_inherited: bool = False
    has_value: bool = False  # a bound, a period or a deadline was parsed
    text: str = ""


def obligation_base(modal_word: str) -> float:
    if not modal_word:
        return 0.60
    return 0.80 if modal_word in STRONG_MODALS else 0.70


OBLIGATION_RULES: tuple[Rule, ...] = (
    ("bearer named", lambda f: bool(f["duty_bearer"]) and not f["duty_bearer_inherited"], 0.10),
    ("bearer inherited", lambda f: bool(f["duty_bearer"]) and f["duty_bearer_inherited"], -0.05),
    ("bearer missing", lambda f: not f["duty_bearer"], -0.10),
    (
        "bearer not a name",
        lambda f: bool(f["duty_bearer"])
        and (f["duty_bearer"].startswith(VERB_LEADS) or len(f["duty_bearer"]) > BEARER_LONG),
        -0.25,
    ),
    ("value parsed", lambda f: f["has_value"], 0.10),
    (
        "fragment",
        lambda f: len(f["text"].strip()) < SHORT_TEXT or f["text"].lstrip()[:1] in tuple(STRAY_LEADS),
        -0.20,
    ),
    ("truncated", lambda f: _unbalanced(f["text"]), -0.20),
)


def obligation_confidence(signals: ObligationSignals) -> float:
    facts = signals.__dict__
    return _score(obligation_base(signals.modal_word), OBLIGATION_RULES, facts)


def obligation_signals(row: Any) -> ObligationSignals:
    """Signals of an obligation match or row (anything with the extractor's field names)."""
    return ObligationSignals(
        modal_word=row.modal_word or "",
        modality=row.modality or "",
        duty_bearer=row.duty_bearer or "",
        duty_bearer_inherited=bool(row.duty_bearer_inherited),
        has_value=(
            row.quantity_value is not None
            or bool(row.frequency)
            or row.deadline is not None
            or bool(getattr(row, "deadline_text", ""))
        ),
        text=row.text or "",
    )


# --- citations ----------------------------------------------------------------------------------

# A 《》 span naming one of these is a form, licence or register more often than a document.
NOT_DOCUMENT_ENDINGS = ("证", "证书", "表", "登记表", "申请表", "登记簿", "簿", "卡", "单", "册", "证明", "执照", "牌")
SHORT_TITLE = 5
# A title ending in a kind of document names a document (宪法, 某某条例, 关于…的通知).
DOCUMENT_ENDINGS = (
    "法", "法典", "条例", "办法", "规定", "细则", "规则", "意见", "通知", "方案", "规划", "纲要", "决定",
    "标准", "规范", "指南", "指引", "目录", "计划", "通告", "公告", "批复", "函",
)


@dataclass(frozen=True)
class CitationSignals:
    title: str = ""
    has_number: bool = False  # a 文号 or a standard code
    resolved_with_text: bool = False  # resolved to a document the portal holds in full
    placeholder: bool = False


def _title_only(f: Mapping[str, Any]) -> bool:
    return bool(f["title"]) and not f["has_number"] and not f["resolved_with_text"]


CITATION_RULES: tuple[Rule, ...] = (
    ("numbered", lambda f: f["has_number"], 0.30),
    ("titled", lambda f: bool(f["title"]), 0.15),
    ("resolved", lambda f: f["resolved_with_text"], 0.10),
    ("placeholder", lambda f: f["placeholder"], -0.40),
    ("form or licence", lambda f: _title_only(f) and f["title"].rstrip("》").endswith(NOT_DOCUMENT_ENDINGS), -0.30),
    ("short title", lambda f: _title_only(f) and len(f["title"]) <= SHORT_TITLE, -0.10),
    ("document-like title", lambda f: _title_only(f) and f["title"].rstrip("》").endswith(DOCUMENT_ENDINGS), 0.10),
)


def citation_confidence(signals: CitationSignals) -> float:
    return _score(0.50, CITATION_RULES, signals.__dict__)


# --- definitions --------------------------------------------------------------------------------

TERM_CLAUSE, TERM_ENTRY, SO_CALLED, ABBREVIATION, COLLECTIVE, IS_DEFINED, BARE_ABBREVIATION = (
    "term_clause", "term_entry", "so_called", "abbreviation", "collective", "is_defined", "bare_abbreviation",
)
DEFINITION_BASE = {
    TERM_CLAUSE: 0.90,
    TERM_ENTRY: 0.90,
    SO_CALLED: 0.90,
    ABBREVIATION: 0.85,
    COLLECTIVE: 0.75,
    IS_DEFINED: 0.65,
    BARE_ABBREVIATION: 0.50,
}
LONG_LABEL = 16
CUT_LEADS = ("的", "和", "及", "或", "与", "等", "并", "在", "对", "由", "是")
_LABEL_NOISE_RE = re.compile(r"[的，,。；;：:、“”\"]")


def definition_pattern(span: str) -> str:
    """Which written form an inline definition took, read from its span of the text."""
    if "所称" in span:
        return SO_CALLED
    if re.search(r"简称|以下称|或者?称|即", span):
        return ABBREVIATION
    if "统称" in span:
        return COLLECTIVE
    if re.search(r"是指|系指|指", span):
        return IS_DEFINED
    return BARE_ABBREVIATION


@dataclass(frozen=True)
class DefinitionSignals:
    pattern: str = IS_DEFINED
    label: str = ""
    definition: str = ""
    alias_only: bool = False  # an abbreviation: the alias is the fact, no definition text


DEFINITION_RULES: tuple[Rule, ...] = (
    ("long label", lambda f: len(f["label"]) >= LONG_LABEL, -0.15),
    ("label noise", lambda f: bool(_LABEL_NOISE_RE.search(f["label"])), -0.10),
    ("label cut mid-phrase", lambda f: f["label"].startswith(CUT_LEADS), -0.30),
    (
        "short definition",
        lambda f: not f["alias_only"] and len(f["definition"].strip("。 ")) < 4,
        -0.10,
    ),
)


def definition_confidence(signals: DefinitionSignals) -> float:
    return _score(DEFINITION_BASE.get(signals.pattern, 0.5), DEFINITION_RULES, signals.__dict__)
