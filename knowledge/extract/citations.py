"""Find citations in a clause's text: 《title》（文号）, bare 文号, standard codes, clause references.

Pure functions over text (no Django). Each match is a span with offsets into the text it was
given, the parsed title / number / code, a clause label when one follows, and the relation that
the wording shows (根据…制定 → based_on, 贯彻落实 → implements, 印发 → issues, 转发 → forwards).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from content.parse.identifiers import (
    CN_NUMERAL_CHARS,
    find_doc_numbers,
    find_standard_codes,
    is_placeholder_doc_number,
    normalise_doc_number,
)

CITES = "cites"
BASED_ON = "based_on"
IMPLEMENTS = "implements"
ISSUES = "issues"
FORWARDS = "forwards"
NORMATIVE_REFERENCE = "normative_reference"

TITLE_MAX = 120
CN_NUM = CN_NUMERAL_CHARS
CLAUSE_REF_RE = re.compile(
    rf"(?P<self>本(?:办法|规范|标准|方案|意见|通知|文件|条例|规定|细则|指南|准则|法))?"
    rf"(?P<label>(?:第[{CN_NUM}\d]+[章节条](?:第[{CN_NUM}\d]+[款项])?(?:第[{CN_NUM}\d]+项)?)"
    rf"|(?:附录[A-ZＡ-Ｚ])|(?:附件\d+))"
)
# Relation triggers, nearest one before the citation in the same sentence wins.
_BEFORE_TRIGGERS = (
    ("为了实施", IMPLEMENTS),  # 为了实施《X》，制定本办法
    ("为实施", IMPLEMENTS),
    ("贯彻落实", IMPLEMENTS),
    ("贯彻", IMPLEMENTS),
    ("根据", BASED_ON),
    ("依据", BASED_ON),
    ("依照", BASED_ON),
    ("按照", BASED_ON),
    ("遵照", BASED_ON),
    ("遵循", BASED_ON),
)
# 落实《X》 only when the verb stands right before the title.
_ADJACENT_TRIGGERS = (("落实", IMPLEMENTS),)
# 落实某部、某委颁布的《X》: the verb and the title with only their issuers between them
_IMPLEMENTS_ISSUED_RE = re.compile(r"落实[^，,。；;《》]{1,40}?(?:颁布|发布|印发|制定|出台)的\s*$")
# 根据《X》（文号）精神/要求: the notice acts on X
_BASED_ON_VERBS = ("制定", "编制", "起草", "制订", "修订")
_AFTER_TRIGGERS = (("印发", ISSUES), ("转发", FORWARDS), ("下发给", ISSUES))
# A covering notice's formula after the titles it issues, in the same sentence: 《X》（和《Y》）已经
# 某会议审议通过/国务院同意，现印发给你们 / 现予以下发 / 现转发给你们.
_COVERING_FORMULA_RE = re.compile(
    r"^(?:\s*[和、及与]\s*《\s*》)*(?P<approved>\s*(?:已经|已|经)[^《》]{0,60}?(?:通过|同意|批准))?[，,]?\s*"
    r"现(?:予以|予|将其|将)?(?P<verb>印发|下发|转发|发布)(?!\s*了?《)"
)
_SENTENCE_BREAK = "。；;！？!?\n"

# What a 《…》 names, told by how its title ends (after a trailing edition note such as （试行）,
# （2016年版）, (草案)). A non-document ending wins: 《…许可证》, 《…登记表》 are licences and forms.
# A title with neither ending is a document only when a 文号 or standard code stands with it.
DOCUMENT_SUFFIXES = (
    "法", "条例", "规定", "办法", "意见", "通知", "通告", "公告", "决定", "决议", "命令", "方案",
    "规划", "计划", "预案", "纲要", "标准", "规范", "指南", "指引", "细则", "规则", "准则", "守则", "章程",
    "制度", "措施", "要求", "批复", "函", "复函", "报告", "纪要", "目录", "清单", "大纲", "路径",
    "公约", "协定", "条约", "解释", "导则", "规程", "手册", "共识", "原则", "指导原则", "药典",
    "通则", "名录", "分类", "规范性文件", "意见稿", "答复", "须知", "通报", "公报", "修订本",
    "文本", "范本", "读本", "版", "要点", "总结",
)
NON_DOCUMENT_SUFFIXES = (
    "许可证", "执照", "证书", "证明书", "执业证", "资格证", "合格证", "登记证", "身份证", "证件",
    "证", "卡", "单", "表", "登记表", "申请表", "审批表", "报表", "登记册", "名册", "花名册",
    "台账", "簿", "册", "笺", "通知书", "告知书", "决定书", "意见书", "申请书", "承诺书", "协议书",
    "合同书", "确认书", "批件", "证明", "名单", "牌", "印章", "日报", "晚报", "周报", "杂志", "期刊",
)
_EDITION_TAIL_RE = re.compile(r"(?:\s*[（(][^（）()]{1,20}[）)])+$")
# （以下简称《X》、《Y》、《Z》）after a series 《A》、《B》、《C》: each short name names the title
# in the same place of the series
ALIAS_LIST_RE = re.compile(
    r"\s*[（(]\s*(?:以下|下文|下)?(?:分别)?(?:简称|称)\s*(?:为)?\s*"
    r"(?P<list>《[^《》]{1,30}》(?:\s*[、和及]\s*《[^《》]{1,30}》)+)\s*[）)]"
)
ALIAS_RE = re.compile(
    r"\s*[（(]\s*(?:以下|下文|下)?(?:简称|称)\s*(?:为)?\s*[《“\"「]?(?P<alias>[^《》“”\"「」（）()，,；;]{1,30})[》”\"」]?"
    r"\s*(?P<close>[）)]|[，,；;][^（）()]{0,60}[）)])"
)


def title_kind_tail(title: str) -> str:
    """The title without a trailing edition note: 《X（2016年版）》 → X."""
    return _EDITION_TAIL_RE.sub("", title.strip()) or title.strip()


def is_document_title(title: str, with_number: bool = False) -> bool:
    """Whether a 《…》 names a document (a law, rule, notice, standard …), not a licence or form.

    ``with_number``: a 文号 or standard code stands with the title, which makes a title of an
    unknown kind a document (a non-document ending still wins).
    """
    tail = title_kind_tail(title)
    if not tail:
        return False
    if with_number:
        return True
    non_doc = max((len(s) for s in NON_DOCUMENT_SUFFIXES if tail.endswith(s)), default=0)
    doc = max((len(s) for s in DOCUMENT_SUFFIXES if tail.endswith(s)), default=0)
    return doc > non_doc


@dataclass(frozen=True)
class CitationMatch:
    """One reference found in a text — 引用."""

    start: int
    end: int
    raw: str
    title: str = ""
    doc_number: str = ""
    standard_code: str = ""
    target_clause_label: str = ""
    relation: str = CITES
    self_reference: bool = False
    placeholder: bool = False
    alias: str = ""  # （以下简称《X》）: X names this work in the rest of the document

    @property
    def key(self) -> tuple:
        return (self.title, self.doc_number, self.standard_code, self.target_clause_label)


def _find_titles(text: str) -> list[tuple[int, int, str]]:
    """Balanced 《…》 spans (a title may contain a nested 《》 as in 关于印发《X》的通知)."""
    spans = []
    i = 0
    while i < len(text):
        if text[i] != "《":
            i += 1
            continue
        depth, j = 0, i
        while j < len(text) and j - i <= TITLE_MAX + 2:
            ch = text[j]
            if ch == "《":
                depth += 1
            elif ch == "》":
                depth -= 1
                if depth == 0:
                    break
            elif ch in "。\n":
                break
            j += 1
        if j < len(text) and text[j] == "》" and depth == 0:
            inner = text[i + 1 : j].strip()
            if inner:
                spans.append((i, j + 1, inner))
            i = j + 1
        else:
            i += 1
    return spans


def _find_doc_numbers(text: str) -> list[tuple[int, int, str]]:
    return [(n.start, n.end, n.normal) for n in find_doc_numbers(text)]


def _find_codes(text: str, strict: bool = True) -> list[tuple[int, int, str]]:
    # In running text a code needs its year or a slash family (GB/T …) to be told from numbers;
    # a 规范性引用文件 list is nothing but codes and titles, so there any code shape counts.
    return [(c.start, c.end, c.normal) for c in find_standard_codes(text, strict=strict)]


def _mask_titles(text: str) -> str:
    """Blank out 《…》 contents so that words inside other titles do not count as triggers."""
    return _TITLE_CONTENT_RE.sub(lambda m: "《" + " " * (len(m.group(0)) - 2) + "》", text)


_TITLE_CONTENT_RE = re.compile(r"《[^《》]*》")
_SENTENCE_BREAK_RE = re.compile(f"[{re.escape(_SENTENCE_BREAK)}]")
# How far a relation's trigger word may stand from the citation (a long sentence of titles):
# it bounds the work per citation, so a clause of any size is read in linear time.
RELATION_WINDOW = 1000
_ISSUED_BY_BEFORE_RE = re.compile(r"\s*(?:公布|发布|印发|颁布)的?\s*$")
_PAREN_NUMBER_RE = re.compile(r"\s*[（(]([^（）()]{2,40})[）)]")
_SPACES_RE = re.compile(r"\s*")


class _Context:
    """A clause's text prepared once for the relation test of each citation in it."""

    def __init__(self, text: str) -> None:
        self.masked = _mask_titles(text)
        self.breaks = [m.start() for m in _SENTENCE_BREAK_RE.finditer(self.masked)]

    def relation(self, start: int, end: int) -> str:
        i = bisect.bisect_left(self.breaks, start)
        sentence_start = self.breaks[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.breaks, end)
        sentence_end = self.breaks[j] if j < len(self.breaks) else len(self.masked)
        before = self.masked[max(sentence_start, start - RELATION_WINDOW) : start]
        after = self.masked[end : min(sentence_end, end + RELATION_WINDOW)]
        following = self.masked[sentence_end + 1 : sentence_end + 40]
        if _MADE_OBJECT_RE.search(before) and _ISSUED_NEXT_RE.match(following):
            # 我委组织制定了《X》……。现印发给你们 — the document this notice issues
            return ISSUES
        covering = _COVERING_FORMULA_RE.match(after)
        # without 已经…通过 the formula binds the title only when nothing before it in the
        # sentence (根据《X》，现印发…) makes it the ground of the notice instead
        if covering and (covering.group("approved") or not _has_before_trigger(before)):
            return FORWARDS if covering.group("verb") == "转发" else ISSUES
        relation = _relation(before, after)
        if relation == CITES and _DERIVED_NEXT_RE.match(following) and _BASED_ON_OPENING_RE.search(before):
            # 根据《X》的规定，……。据此，…… — the next sentence derives this document from X
            return BASED_ON
        return relation


# 据此 opening the next sentence: what follows is derived from the sentence before
_DERIVED_NEXT_RE = re.compile(r"^\s*据此[，,]")
# the citation's sentence opens with 根据/依据 (nothing but titles between it and the citation)
_BASED_ON_OPENING_RE = re.compile(r"^\s*(?:根据|依据|依照)[^，,。；;]*$")


# …制定了/形成了《X》 followed by a sentence 现印发给你们: the notice issues X
_MADE_OBJECT_RE = re.compile(r"(?:制定|形成|编制|制订|修订|编写|编译|起草)了?\s*$")
_ISSUED_NEXT_RE = re.compile(r"^\s*(?:现|特)?(?:将其|予以|将)?(?:印发|下发)(?:给)?(?:你们|各地|你单位)")


def _has_before_trigger(before: str) -> bool:
    return any(word in before for word, _ in _BEFORE_TRIGGERS) or any(
        before.rstrip("“\"").endswith(word) for word, _ in _ADJACENT_TRIGGERS
    )


def _relation(before: str, after: str) -> str:
    """The relation the words around a citation show (in its sentence, titles masked)."""
    for word, relation in _AFTER_TRIGGERS:
        if after.lstrip("”\"等文件").startswith(word) or after.startswith(f"等{word}"):
            return relation
    for word, relation in _ADJACENT_TRIGGERS:
        if before.rstrip("“\"").endswith(word):
            return relation
    if _IMPLEMENTS_ISSUED_RE.search(before):
        return IMPLEMENTS
    best_pos, best_relation = -1, CITES
    for word, relation in _BEFORE_TRIGGERS:
        pos = before.rfind(word)
        if pos > best_pos:
            best_pos, best_relation = pos, relation
    if best_relation == BASED_ON:
        word = next(w for w, _ in _BEFORE_TRIGGERS if before.startswith(w, best_pos))
        return BASED_ON if _governs_drafting(before[:best_pos], after, word) else CITES
    return best_relation


# 根据《X》…制定本办法 / 本办法根据《X》制定: the drafting verb must be bound to the citation — it
# drafts this document (制定本…/此…), or follows the citation with no clause break between, or
# this document is the subject before 根据. An unrelated 制定 (各地要制定实施方案) does not count.
_SELF_OBJECT_RE = re.compile(
    rf"(?:{'|'.join(_BASED_ON_VERBS)})(?:了)?(?:本|此)"
)

_DRAFTING_SEGMENT_RE = re.compile(rf"[，,]\s*(?:特|现|特此)?(?:{'|'.join(_BASED_ON_VERBS)})")


# an opinion or notice is drafted with 提出如下(实施)意见 / 现就…提出以下要求 (the document itself)
_OPINION_SEGMENT_RE = re.compile(r"[，,]\s*(?:特|现)?(?:就[^，,。；;]{1,30})?提出(?:如下|以下)")
_VERB_BEFORE_TRIGGER_RE = re.compile(rf"(?:{'|'.join(_BASED_ON_VERBS)})(?:的|主要)?\s*$")


_ACTS_ON_RE = re.compile(r"^\s*(?:文件)?(?:的)?(?:精神|要求|部署|安排)")


# Drafting convention: 根据/依据 name a basis; 按照/依照 a procedure followed (按照《X》要求，提出申请)
_BASIS_WORDS = ("根据", "依据")


def _governs_drafting(before_trigger: str, after: str, word: str = "根据") -> bool:
    if word in _BASIS_WORDS and _ACTS_ON_RE.match(after):
        return True  # 根据《X》（文号）精神，…: the document acts on X
    if _VERB_BEFORE_TRIGGER_RE.search(before_trigger):
        return True  # 本标准制定依据《X》
    if _SELF_OBJECT_RE.search(after):
        return True
    if _DRAFTING_SEGMENT_RE.search(after) or _OPINION_SEGMENT_RE.search(after):
        return True  # 根据《X》，制定处方药…管理办法。 — a segment that opens with the drafting verb
    head = re.split(r"[，,：:]", after, maxsplit=1)[0]
    if any(v in head for v in _BASED_ON_VERBS):
        return True
    return False


# A law named without 《》 after 根据/依据/依照 (根据传染病防治法): conservative — only a name with
# the state prefix, a short name the document set up itself (以下简称X), or a known-shaped law
# name: one ending in a law-name word of the table below (…防治法, …管理法, …许可法).
BARE_LAW_RE = re.compile(
    r"(?:根据|依据|依照)(?P<name>[^\s，,。；;：:、的及与或《》“”\"（）()本该其各前上]{1,30}?(?:法|条例))"
    r"(?=[，,。；;、和及与的第等（(]|规定|$)"
)
# the next name of a list after the first: 根据传染病防治法和动物防疫法
BARE_LAW_NEXT_RE = re.compile(
    r"(?:和|及|以及|与|、)(?P<name>[^\s，,。；;：:、的及与或《》“”\"（）()本该其各前上]{1,30}?(?:法|条例))"
    r"(?=[，,。；;、和及与的第等（(]|规定|$)"
)
_STATE_PREFIX = "中华人民共和国"
LAW_NAME_ENDINGS = (
    "防治法", "防疫法", "管理法", "保护法", "促进法", "安全法", "许可法", "处罚法", "强制法", "复议法",
    "诉讼法", "组织法", "监督法", "保障法", "救助法", "保险法", "合同法", "劳动法", "教育法", "医师法",
    "统计法", "审计法", "预算法", "会计法", "专利法", "商标法", "著作权法", "责任法", "赔偿法",
    "检疫法", "卫生法", "药品管理法", "标准化法", "计量法", "环境保护法", "宪法",
)
# Laws whose whole short name is three characters or fewer (依照专利法的规定): an ending of the table
# above is no name by itself (管理法, 保护法), these are.
SHORT_LAW_NAMES = ("宪法", "刑法", "专利法", "商标法", "劳动法", "教育法", "医师法", "统计法", "审计法", "预算法", "会计法", "计量法")
_NOT_A_LAW_NAME_RE = re.compile(r"有关|相关|上述|前述|其他|其它|这些|各项")


def _known_law_name(name: str, aliases) -> bool:
    if name in aliases or name.startswith(_STATE_PREFIX):
        return True
    if _NOT_A_LAW_NAME_RE.search(name):
        return False
    return name in SHORT_LAW_NAMES or (len(name) >= 4 and name.endswith(LAW_NAME_ENDINGS))
_NOT_LAW_ENDINGS = ("办法", "方法", "做法", "说法", "立法", "执法", "司法", "违法", "合法", "依法", "用法", "算法")


def is_self_citation(match: CitationMatch, own_title: str, own_numbers) -> bool:
    """Whether a citation names the citing document itself or its own covering notice."""
    if match.self_reference:
        return False
    numbers = [n for n in own_numbers if n]
    if match.doc_number and numbers:
        if not any(_same_number(match.doc_number, n) for n in numbers):
            return False  # the same title under another 文号: an earlier document of that name
        return not match.title or _same_title(match.title, own_title) or bool(_covering(match.title))
    if match.title and own_title:
        if _same_title(match.title, own_title):
            return True
        inner = _covering(match.title)
        if inner and _same_title(inner, own_title):
            return True
    return False


def _norm_title(title: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"]", "", title).replace("（", "(").replace("）", ")")


def _same_title(a: str, b: str) -> bool:
    a, b = _norm_title(a), _norm_title(b)
    if not a:
        return False
    if a == b or a.removeprefix(_STATE_PREFIX) == b.removeprefix(_STATE_PREFIX):
        return True
    # the place named without its 市/省 (《上海某某条例》 for 上海市某某条例): a news headline's way
    short, long = sorted((a, b), key=len)
    return len(short) >= 6 and len(long) == len(short) + 1 and any(
        long[k] in "市省" and long[:k] + long[k + 1 :] == short for k in range(2, min(6, len(long)))
    )


_COVERING_RE = re.compile(r"^.*?关于(?:印发|转发|发布|颁布|公布|下发)(?P<inner>.+?)的(?:通知|决定|公告|令|函)$")


def _covering(title: str) -> str:
    """关于印发《X》的通知 → X (the title of the document a covering notice issues)."""
    m = _COVERING_RE.match(_norm_title(title))
    return m.group("inner") if m else ""


_OWN_COVERING_RE = re.compile(
    r"^.*?关于(?P<verb>印发|转发|发布|颁布|公布|下发)(?P<inner>.+?)的(?:通知|决定|公告|令|函)$"
)
_ISSUER_ENDINGS = ("部", "委", "局", "厅", "院", "署", "办公室", "政府", "委员会", "中心")


def own_notice_relation(match: CitationMatch, own_title: str) -> str:
    """How a covering notice (its own title 关于印发X（和Y）的通知) relates to a 《X》 it cites in its
    text: issues (forwards, for 关于转发); "" when its title names no such document.

    The text alone cannot always tell (我部…形成了《X》。 and 现印发给你们 in the next paragraph);
    the notice's own title does.
    """
    if not match.title or not own_title:
        return ""
    found = _OWN_COVERING_RE.match(_norm_title(own_title))
    if not found:
        return ""
    inner, title = found.group("inner"), _norm_title(match.title)
    relation = FORWARDS if found.group("verb") == "转发" else ISSUES
    if not title or title not in inner:
        return ""
    if inner == title:
        return relation
    for sep in "和及与、":
        if inner.startswith(title + sep) or inner.endswith(sep + title) or f"{sep}{title}{sep}" in inner:
            return relation
    # 关于转发某部某部X的通知: the issuing bodies' names before X
    if inner.endswith(title) and inner[: -len(title)].endswith(_ISSUER_ENDINGS):
        return relation
    return ""


def _same_number(a: str, b: str) -> bool:
    a, b = normalise_doc_number(a) or a, normalise_doc_number(b) or b
    short, long = sorted((a, b), key=len)
    return len(short) >= 5 and long.endswith(short)


def apply_aliases(matches: list[CitationMatch], aliases: dict[str, tuple[str, str]]) -> list[CitationMatch]:
    """Record the short names set up by ``matches`` and rewrite later citations of them.

    ``aliases`` is carried across a document's clauses: 《X》（以下简称《Y》） makes a later 《Y》 (or a
    bare Y after 根据) a citation of X with X's 文号, not of a new work called Y.
    """
    out = []
    for m in matches:
        if m.alias and m.title:
            aliases.setdefault(m.alias, (m.title, m.doc_number))
        elif m.title in aliases and not m.doc_number and not m.alias:
            title, number = aliases[m.title]
            m = replace(m, title=title, doc_number=m.doc_number or number)
        out.append(m)
    return out


_HEADER_WORDS_RE = re.compile(r"[《]|根据|依据|依照|按照|贯彻|落实|参照|执行|废止|修改|修正")


def header_number_spans(text: str) -> list[tuple[int, int]]:
    """Lines of a document's head that print its own number (1990年6月4日 国家教育委员会令第10号 /
    卫生部令第1号发布): a line holding 文号 with no title and no relation word. Their numbers are
    the document's own, not citations (a jointly issued rule prints one 令 number per issuer)."""
    spans = []
    offset = 0
    for line in text.splitlines(keepends=True):
        numbers = find_doc_numbers(line)
        if numbers and not _HEADER_WORDS_RE.search(line):
            rest = len(line.strip()) - sum(n.end - n.start for n in numbers)
            if rest <= 24:
                spans.append((offset, offset + len(line)))
        offset += len(line)
    return spans


class _Spans:
    """Spans taken so far; ``covers`` asks whether one of them contains a span (bisect, not scan)."""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(itertools.accumulate((e for _, e in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end


def extract_citations(
    text: str, normative: bool = False, aliases: Mapping[str, tuple[str, str]] | None = None
) -> list[CitationMatch]:
    """Every citation in ``text`` in reading order.

    ``normative`` marks the text as a 规范性引用文件 clause: its citations get that relation.
    ``aliases``: short names the document set up earlier (以下简称《X》), which count as
    documents here (see ``apply_aliases``).
    Linear in the text: each citation looks at a bounded window around it.
    """
    aliases = aliases or {}
    if not text:
        return []
    results: list[CitationMatch] = []
    taken: list[tuple[int, int]] = []
    titles = _find_titles(text)
    numbers = _find_doc_numbers(text)
    codes = _find_codes(text, strict=not normative)
    codes_by_start = {c_start: (c_end, c) for c_start, c_end, c in codes}
    codes_by_end = {c_end: (c_start, c) for c_start, c_end, c in codes}
    numbers_by_end = {n_end: (n_start, n) for n_start, n_end, n in numbers}
    context = _Context(text)

    def relation(start: int, end: int) -> str:
        return NORMATIVE_REFERENCE if normative else context.relation(start, end)

    alias_spans: list[tuple[int, int]] = []
    for t_start, t_end, inner in titles:
        if any(a_start <= t_start and t_end <= a_end for a_start, a_end in alias_spans):
            continue  # the 《X》 of （以下简称《X》）: a short name, not another work
        start, end = t_start, t_end
        doc_number = code = clause_label = alias = ""
        # （文号） right after the title
        paren = _PAREN_NUMBER_RE.match(text, end)
        if paren:
            number = normalise_doc_number(paren.group(1))
            if number:
                doc_number = number
                end = paren.end()
        # a standard code right before the title (GB/T 1.1-2020 《…》) or right after it
        before_title = t_start
        while before_title > 0 and text[before_title - 1].isspace():
            before_title -= 1
        if before_title in codes_by_end:
            start, code = codes_by_end[before_title]
        # 国家某某局令第8号公布的《X》: the number that issued the title, printed before it
        issued_by = _ISSUED_BY_BEFORE_RE.search(text, max(0, t_start - 8), t_start)
        if issued_by and issued_by.start() in numbers_by_end and not (code or doc_number):
            n_start, number = numbers_by_end[issued_by.start()]
            start, doc_number = n_start, number
        code_after = codes_by_start.get(_SPACES_RE.match(text, end).end())
        if code_after is not None:
            end, code = code_after
        # 《X》第十四条
        clause = CLAUSE_REF_RE.match(text, end)
        if clause and not clause.group("self"):
            clause_label = clause.group("label")
            end = clause.end()
        # 《X》（以下简称《Y》）: Y is a short name of X for the rest of the document
        short = ALIAS_RE.match(text, end)
        listed = None if short else ALIAS_LIST_RE.match(text, end)
        if short:
            alias = short.group("alias").strip()
            alias_spans.append((short.start(), short.end()))
        elif listed:
            names = re.findall(r"《([^《》]{1,30})》", listed.group("list"))
            alias_spans.append((listed.start(), listed.end()))
            alias = names[-1].strip()
            # the titles before this one in the series (《A》、《B》、《C》) take the earlier names
            series = [i for i, r in enumerate(results) if r.title]
            k = len(names) - 2
            cursor = t_start
            for i in reversed(series):
                if k < 0:
                    break
                if not re.fullmatch(r"\s*[、和及与]\s*", text[results[i].end : cursor]):
                    break
                results[i] = replace(results[i], alias=names[k].strip())
                cursor, k = results[i].start, k - 1
        if inner not in aliases and not is_document_title(inner, with_number=bool(doc_number or code)):
            continue  # a licence, certificate, form or register: not a document
        title = re.sub(r"\s+", " ", inner)
        results.append(
            CitationMatch(
                start=start,
                end=end,
                raw=text[start:end],
                title=title,
                doc_number=doc_number,
                standard_code=code,
                target_clause_label=clause_label,
                relation=relation(start, end),
                placeholder=bool(doc_number) and is_placeholder_doc_number(doc_number),
                alias=alias,
            )
        )
        taken.append((start, end))

    title_spans = [(s, e) for s, e, _ in titles]
    spans = _Spans([*taken, *title_spans])
    for n_start, n_end, number in numbers:
        if spans.covers(n_start, n_end):
            continue
        results.append(
            CitationMatch(
                start=n_start,
                end=n_end,
                raw=text[n_start:n_end],
                doc_number=number,
                relation=context.relation(n_start, n_end),
                placeholder=is_placeholder_doc_number(number),
            )
        )
        taken.append((n_start, n_end))

    spans = _Spans([*taken, *title_spans])
    for c_start, c_end, code in codes:
        if spans.covers(c_start, c_end):
            continue
        results.append(
            CitationMatch(
                start=c_start,
                end=c_end,
                raw=text[c_start:c_end],
                standard_code=code,
                relation=relation(c_start, c_end),
            )
        )
        taken.append((c_start, c_end))

    spans = _Spans([*taken, *title_spans])
    for first in BARE_LAW_RE.finditer(text):
        match = first
        while match is not None:
            name = match.group("name")
            n_start, n_end = match.start("name"), match.end("name")
            if (
                spans.covers(n_start, n_end)
                or not _known_law_name(name, aliases)
                or name.endswith(_NOT_LAW_ENDINGS)
            ):
                break
            clause_match = CLAUSE_REF_RE.match(text, n_end)
            clause_label = ""
            if clause_match and not clause_match.group("self"):
                clause_label, n_end = clause_match.group("label"), clause_match.end()
            results.append(
                CitationMatch(
                    start=n_start,
                    end=n_end,
                    raw=text[n_start:n_end],
                    title=name,
                    target_clause_label=clause_label,
                    relation=relation(n_start, n_end),
                )
            )
            taken.append((n_start, n_end))
            match = BARE_LAW_NEXT_RE.match(text, n_end)

    spans = _Spans([*taken, *title_spans])
    for match in CLAUSE_REF_RE.finditer(text):
        if spans.covers(match.start(), match.end()):
            continue
        results.append(
            CitationMatch(
                start=match.start(),
                end=match.end(),
                raw=match.group(0),
                target_clause_label=match.group("label"),
                self_reference=True,
            )
        )
    results.sort(key=lambda c: (c.start, c.end))
    return results
