"""Confidence of machine-read facts: the rules of knowledge/extract/confidence.py, case by case.

Sentences here are written for the tests (none comes from corpus/). The last test reads the
development set of unseen documents: confident obligations are right more often than the rest.
"""

from decimal import Decimal

import pytest

from knowledge.extract import confidence as c
from knowledge.extract.citations import extract_citations
from knowledge.extract.definitions import extract_definitions
from knowledge.extract.obligations import extract_obligations

THRESHOLD = 0.6  # settings.PORTAL_REVIEW_MIN_CONFIDENCE's default


def ob(**kw) -> c.ObligationSignals:
    base = {"modal_word": "应当", "modality": "must", "duty_bearer": "县卫生健康部门", "text": "县卫生健康部门应当每年组织一次考核"}
    base.update(kw)
    return c.ObligationSignals(**base)


OBLIGATIONS = [
    # (case, signals, expected score, shown without review?)
    ("explicit modal, named bearer", ob(), 0.90, True),
    ("explicit modal, named bearer, value", ob(has_value=True), 0.99, True),
    ("softer modal 要, named bearer", ob(modal_word="要"), 0.80, True),
    ("explicit modal, bearer from the heading", ob(duty_bearer_inherited=True), 0.75, True),
    ("explicit modal, no bearer (missing, not wrong)", ob(duty_bearer=""), 0.70, True),
    ("no modal (target), no bearer, no value", ob(modal_word="", modality="target", duty_bearer=""), 0.50, False),
    ("no modal, a bound, no bearer", ob(modal_word="", duty_bearer="", has_value=True), 0.60, True),
    ("no modal, named bearer, bound", ob(modal_word="", has_value=True), 0.80, True),
    ("explicit modal, an action as bearer", ob(duty_bearer="确保每个乡镇卫生院"), 0.65, True),
    ("softer modal, an action as bearer", ob(modal_word="要", duty_bearer="确保每个乡镇卫生院"), 0.55, False),
    ("no modal, an action as bearer", ob(modal_word="", duty_bearer="推动各成员单位"), 0.45, False),
    ("fragment starting with a stray quote", ob(text="”要求各地落实"), 0.70, True),
    ("fragment with a cut bracket, no bearer", ob(duty_bearer="", text="各市要高度重视（县级"), 0.50, False),
    ("very short, softer modal, no bearer", ob(modal_word="可", duty_bearer="", text="可以参照"), 0.40, False),
    ("short, softer modal, stray lead, action as bearer", ob(modal_word="要", duty_bearer="推进各地", text="，要推进"), 0.35, False),
]


@pytest.mark.parametrize("case, signals, score, shown", OBLIGATIONS, ids=[o[0] for o in OBLIGATIONS])
def test_obligation_confidence_table(case, signals, score, shown):
    assert c.obligation_confidence(signals) == pytest.approx(score)
    assert (c.obligation_confidence(signals) >= THRESHOLD) is shown


CITATIONS = [
    ("title and 文号, resolved", c.CitationSignals(title="某省卫生条例", has_number=True, resolved_with_text=True), 0.99, True),
    ("title and 文号", c.CitationSignals(title="关于推进某项工作的意见", has_number=True), 0.95, True),
    ("文号 only", c.CitationSignals(has_number=True), 0.80, True),
    ("title only, a kind of document", c.CitationSignals(title="关于推进某项工作的意见"), 0.75, True),
    ("title only, a short law", c.CitationSignals(title="宪法"), 0.65, True),
    ("title only", c.CitationSignals(title="某某工作参考资料"), 0.65, True),
    ("title only, resolved to a document held", c.CitationSignals(title="某省卫生条例", resolved_with_text=True), 0.75, True),
    ("title only, a licence", c.CitationSignals(title="医疗机构执业许可证"), 0.35, False),
    ("title only, a register", c.CitationSignals(title="某某单位人员登记表"), 0.35, False),
    ("title only, short", c.CitationSignals(title="白皮书"), 0.55, False),
    ("placeholder 文号", c.CitationSignals(title="关于某事的通知", has_number=True, placeholder=True), 0.55, False),
]


@pytest.mark.parametrize("case, signals, score, shown", CITATIONS, ids=[x[0] for x in CITATIONS])
def test_citation_confidence_table(case, signals, score, shown):
    assert c.citation_confidence(signals) == pytest.approx(score)
    assert (c.citation_confidence(signals) >= THRESHOLD) is shown


DEFINITIONS = [
    ("term chapter", c.DefinitionSignals(c.TERM_CLAUSE, "县域医疗资源", "县域内的医疗卫生资源。"), 0.90),
    ("本办法所称 … 是指", c.DefinitionSignals(c.SO_CALLED, "家庭医生", "经注册的全科医生。"), 0.90),
    ("以下简称", c.DefinitionSignals(c.ABBREVIATION, "县域医疗卫生共同体", "", alias_only=True), 0.85),
    ("统称", c.DefinitionSignals(c.COLLECTIVE, "基层机构", "乡镇卫生院、村卫生室"), 0.75),
    ("X是指 at a sentence start", c.DefinitionSignals(c.IS_DEFINED, "远程医疗", "一方邀请另一方提供技术支持。"), 0.65),
    ("bare X（Y）", c.DefinitionSignals(c.BARE_ABBREVIATION, "人工智能辅助诊断", "", alias_only=True), 0.50),
    ("X是指 with a long label", c.DefinitionSignals(c.IS_DEFINED, "开展县域内医疗卫生服务能力提升的工作", "一项工作。"), 0.40),
    ("X是指 with a 的-label", c.DefinitionSignals(c.IS_DEFINED, "医院的制度", "规定。"), 0.45),
    ("以下简称 with a label cut mid-phrase", c.DefinitionSignals(c.ABBREVIATION, "的院前急救服务", "", alias_only=True), 0.45),
]


@pytest.mark.parametrize("case, signals, score", DEFINITIONS, ids=[d[0] for d in DEFINITIONS])
def test_definition_confidence_table(case, signals, score):
    assert c.definition_confidence(signals) == pytest.approx(score)


@pytest.mark.parametrize(
    "span, pattern",
    [
        ("本规定所称社区医生，是指在社区执业的医生", c.SO_CALLED),
        ("某市卫生健康委员会（以下简称市卫健委）", c.ABBREVIATION),
        ("乡镇卫生院、村卫生室（以下统称基层机构）", c.COLLECTIVE),
        ("分级诊疗是指按疾病轻重分级就诊", c.IS_DEFINED),
        ("人工智能辅助诊断（智能诊断）", c.BARE_ABBREVIATION),
    ],
)
def test_the_written_form_of_a_definition(span, pattern):
    assert c.definition_pattern(span) == pattern


def test_signals_from_the_extractors():
    """The functions read what the extractors return, without parsing again."""
    strong, *_ = extract_obligations("县卫生健康部门应当每年对成员单位开展不少于2次督导。")
    assert strong.duty_bearer and c.obligation_confidence(c.obligation_signals(strong)) >= 0.9
    (target,) = extract_obligations("力争到2030年，县域内就诊率提高到90%左右。")  # a target without a bearer
    assert not target.duty_bearer
    assert c.obligation_confidence(c.obligation_signals(target)) < c.obligation_confidence(c.obligation_signals(strong))
    (cited,) = extract_citations("依据《某省基层卫生条例》（某政发〔2021〕7号）制定。")
    signals = c.CitationSignals(title=cited.title, has_number=bool(cited.doc_number))
    assert c.citation_confidence(signals) >= 0.9
    (abbrev,) = extract_definitions("某县医疗卫生共同体（以下简称县医共体）负责统筹。")
    assert c.definition_pattern("某县医疗卫生共同体（以下简称县医共体）") == c.ABBREVIATION
    assert abbrev.alt_labels == ("县医共体",)


def test_scores_stay_between_bounds():
    worst = ob(modal_word="", duty_bearer="", text="”（")
    best = ob(has_value=True)
    assert c.FLOOR <= c.obligation_confidence(worst) < c.obligation_confidence(best) <= c.CEILING
    assert c.explain(c.OBLIGATION_RULES, worst.__dict__) == ["bearer missing", "fragment", "truncated"]


def test_obligation_signals_of_a_stored_row():
    class Row:
        modal_word, modality, duty_bearer, duty_bearer_inherited = "", "must", "乡镇卫生院", False
        quantity_value, frequency, deadline, deadline_text = Decimal(1), "", None, ""
        text = "乡镇卫生院至少配备1名全科医生"

    signals = c.obligation_signals(Row)
    assert signals.has_value and c.obligation_confidence(signals) == pytest.approx(0.80)
