"""Find obligations in a clause's text — 义务/要求.

Pure functions over text (no Django). A sentence is split into obligations at each modal verb
(应当/应/要/须/必须, 不得/严禁/禁止, 宜, 可/可以, 鼓励/支持); each obligation keeps its span and
its parts: duty bearer (named before the modal, or inherited from the heading), action, quantity
(comparator, value, unit), frequency (ISO 8601 duration), deadline and condition.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from content.parse.identifiers import CN_NUM, CN_NUMERAL_CHARS, parse_numeral, to_simplified

MUST, MUST_NOT, SHOULD, MAY, ENCOURAGED, TARGET = "must", "must_not", "should", "may", "encouraged", "target"

# Modal words, longest first within each modality; (word, modality, excluded contexts).
# Exclusions are words that contain the modal character but are not modal (相应, 主要, 可持续…).
MODAL_WORDS: tuple[tuple[str, str], ...] = (
    ("不得", MUST_NOT),
    ("严禁", MUST_NOT),
    ("禁止", MUST_NOT),
    ("不准", MUST_NOT),
    ("不应", MUST_NOT),
    ("必须", MUST),
    ("只准", MUST),
    ("只能", MUST),
    ("方可", MUST),
    ("应当", MUST),
    ("应该", MUST),
    ("务必", MUST),
    ("须", MUST),
    ("应", MUST),
    ("要", MUST),
    ("宜", SHOULD),
    ("可以", MAY),
    ("可", MAY),
    ("鼓励", ENCOURAGED),
    ("支持", ENCOURAGED),
)
NOT_MODAL = (
    # 应
    "相应", "供应", "适应", "对应", "反应", "响应", "呼应", "感应", "效应", "应用", "应急",
    "应对", "应答", "应聘", "应届", "应收", "应付", "应邀", "应有", "应急", "应诊", "顺应",
    "答应", "理应", "回应", "呼应",
    # 要
    "主要", "重要", "需要", "要求", "要点", "要素", "纲要", "必要", "概要", "只要", "将要",
    "首要", "紧要", "要件", "要务", "摘要", "要害", "要闻", "要是", "要领", "扼要", "不要",
    # 须 (必须 itself is a modal word, found before 须)
    "须知", "无须", "毋须", "胡须",
    # 宜
    "事宜", "适宜", "便宜", "宜居", "因地制宜", "机宜",
    # 可
    "可能", "可及", "可持续", "可行", "许可", "认可", "不可", "可靠", "可视", "可控",
    "可操作", "可追溯", "可信", "可比", "可用", "可获得", "可负担", "可复制", "可推广",
    "可供", "可观", "可喜", "宁可", "即可", "尚可", "可承受", "可支配", "可追踪", "可调控",
    "可监管", "可及性", "应予说明", "才可", "才能",
    # 支持
    "技术支持", "提供支持", "给予支持", "政策支持", "予以支持", "支持下", "的支持", "和支持",
    "支持性",
)
NEGATED_MUST = ("不必", "无需", "不须")
ENCOURAGE_LEADS = ("并", "重点", "积极", "大力", "进一步", "同时", "也", "还", "要", "应", "国家", "省", "各地")

SENTENCE_RE = re.compile(r"[^。；！？!?;\n]+[。；！？!?;]?")
SEGMENT_SPLIT = "，,：:"

# Organisations and roles that bear duties: a noun phrase ending in one of these.
BEARER_SUFFIXES = (
    "人民政府", "政府", "党委", "部门", "委员会", "管委会", "领导小组", "卫生健康委", "卫健委",
    "医保局", "财政局", "局", "厅", "委", "办公室", "办", "医院", "卫生院", "卫生室",
    "卫生服务中心", "卫生服务站", "服务站", "中心", "机构", "单位", "医共体", "联合体", "医联体",
    "医师", "医生", "村医", "人员", "专员", "联络员", "负责人", "院长", "书记", "主任", "理事会",
    "各地", "各市", "各县", "各省", "各级", "地区", "县（市、区）", "成员单位", "牵头医院",
    "乡镇", "街道", "社区", "群众", "居民", "患者", "家庭医生", "团队", "诊室", "科室", "科", "学会", "协会", "联盟", "集团", "组织", "党组织",
    "国家", "院", "县", "企业", "网站", "学校", "中小学", "教师", "个人", "双方", "职工", "经营者", "监督员", "护士",
    "总院", "分院",
)
# A phrase that starts with a verb is an action, not a subject (确保每个乡镇卫生院…): no bearer.
BEARER_VERB_LEADS = (
    "确保", "推动", "加强", "督促", "指导", "要求", "保证", "推进", "促进", "实现", "力争", "组织", "引导",
    "鼓励", "支持", "建立", "完善", "落实", "开展", "做好", "提高", "提升", "按照", "依照", "根据", "经",
)
# A time phrase before the subject is not part of it (法定节假日用人单位 → 用人单位).
BEARER_TIME_RE = re.compile(r"^(?:法定节假日|节假日|休息日|工作日|每年|每月|每季度|届时|今后|目前|当年|期间|同时)")
BEARER_LEADING = ("同时", "并且", "并", "且", "其中", "此外", "另外", "原则上", "对此", "因此", "为此", "而")
BEARER_TRAILING = (
    "原则上", "均", "都", "也", "还", "切实", "积极", "进一步", "统一", "共同", "依法",
    "按规定", "定期", "逐步", "每年", "每半年", "要", "应", "需", "原则", "则", "亦", "需要",
    "一般", "必要时", "同时", "原则上均",
)
BEARER_FALSE_ENDINGS = ("布局", "格局", "大局", "全局", "当局", "举办", "创办", "承办", "开办", "督办", "主办")
BEARER_PREPOSITIONS_RE = re.compile(r"(?<=.{2})(?:对|向|在|为|与|按照|通过|根据|依托|结合|围绕)")
BEARER_MAX = 45

COMPARATORS_BEFORE: tuple[tuple[str, str], ...] = (
    # under 不得 the printed word names what is forbidden; the bound is its opposite
    ("不得少于", ">="), ("不得低于", ">="), ("不得小于", ">="), ("不应少于", ">="), ("不应低于", ">="),
    ("不得超过", "<="), ("不得高于", "<="), ("不得多于", "<="), ("不得大于", "<="), ("不应超过", "<="),
    ("不满", "<"), ("不足", "<"), ("未满", "<"), ("提高到", ">="), ("提升到", ">="), ("降低到", "<="),
    ("降至", "<="), ("下降到", "<="),
    ("不少于", ">="), ("不低于", ">="), ("不小于", ">="), ("至少", ">="), ("达到", ">="),
    ("不超过", "<="), ("不高于", "<="), ("不多于", "<="), ("不大于", "<="), ("最多", "<="),
    ("超过", ">"), ("高于", ">"), ("大于", ">"), ("多于", ">"),
    ("低于", "<"), ("少于", "<"), ("小于", "<"), ("控制在", "<="), ("≥", ">="), ("≤", "<="),
)
COMPARATORS_AFTER: tuple[tuple[str, str], ...] = (
    ("以上", ">="), ("及以上", ">="), ("以下", "<="), ("以内", "<="), ("及以下", "<="),
    ("之内", "<="), ("内", "<="),
)
UNITS = (
    "个工作日", "工作日", "周岁", "学时", "名额",
    "平方米", "万元", "元", "张", "名", "人", "个", "家", "所", "次", "项", "台", "辆", "床",
    "天", "日", "小时", "分钟", "周", "个月", "月", "年", "%", "％", "‰", "倍", "套", "间",
    "公里", "米", "万人", "支", "种", "篇", "份", "批",
)
NUMBER = rf"(?:\d+(?:\.\d+)?|{CN_NUM})"
_UNITS_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
FREQUENCIES: tuple[tuple[str, str], ...] = (
    ("每半年", "P6M"), ("每季度", "P3M"), ("每年度", "P1Y"), ("每年", "P1Y"), ("每月", "P1M"),
    ("每周", "P1W"), ("每日", "P1D"), ("每天", "P1D"), ("每两年", "P2Y"), ("每三年", "P3Y"),
    ("每五年", "P5Y"), ("半年一次", "P6M"), ("一年一次", "P1Y"), ("每个月", "P1M"),
)
FREQUENCY_N_RE = re.compile(rf"每(?P<n>{NUMBER})个?(?P<unit>年|月|季度|周|天|日)")
DEADLINE_RE = re.compile(
    r"(?:(?P<pre>到|至|于|在|截至|截止到|力争|力争到)\s*)?"
    r"(?P<year>20\d{2})\s*年\s*(?:(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日)?)?"
    r"\s*(?P<part>底|末|年底|上半年|下半年|前|以前|之前)?(?P<post>前|以前|之前)?"
)
CONDITION_RES = (
    re.compile(r"(?:对于|对|凡|如|若|如果|在)[^，。；]{2,40}?(?:的|时|情况下|条件下|前提下)(?=[，,])"),
    re.compile(
        r"[^，。；]{0,30}?(?:超过|不足|少于|以上|以下|达到|符合|具备|有条件|满足)[^，。；]{0,25}?"
        r"的(?:地区|县|县域|市|机构|单位|医院|医共体|地方|乡镇|村|人员|患者)"
    ),
)


@dataclass(frozen=True)
class ObligationMatch:
    """One obligation found in a text; spans are offsets into that text."""

    start: int
    end: int
    text: str
    modality: str
    modal_word: str
    duty_bearer: str = ""
    duty_bearer_inherited: bool = False
    action: str = ""
    quantity_comparator: str = ""
    quantity_value: Decimal | None = None
    quantity_unit: str = ""
    frequency: str = ""
    deadline: date | None = None
    deadline_text: str = ""  # a relative deadline as printed: 自受理之日起15个工作日内
    quantity_max: Decimal | None = None  # the upper bound of a range (comparator "range")
    condition: str = ""


def cn_number(text: str) -> int | None:
    """``三`` → 3, ``十二`` → 12, ``二十`` → 20, ``一百五十`` → 150; None when not a numeral."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    return parse_numeral(text)


def parse_number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        value = cn_number(text)
        return Decimal(value) if value is not None else None


def _not_modal_at() -> dict[str, tuple[tuple[str, int], ...]]:
    """For each modal word, the non-modal words holding it and where: (相应, 1) for 应."""
    table: dict[str, list[tuple[str, int]]] = {word: [] for word, _ in MODAL_WORDS}
    for word in table:
        for bad in NOT_MODAL:
            table[word].extend((bad, k) for k in range(len(bad)) if bad[k : k + len(word)] == word)
        for bad in NEGATED_MUST:
            if word in bad:
                table[word].append((bad, bad.index(word)))
    return {word: tuple(entries) for word, entries in table.items()}


_NOT_MODAL_AT = _not_modal_at()


class _Brackets:
    """Where the round brackets of a text open and close, to ask "is this position in an aside?"

    Asked once per modal word, so it answers by bisecting positions found once, not by
    rescanning the text from its start (which made long clauses quadratic).
    """

    def __init__(self, text: str) -> None:
        self.positions = {ch: [m.start() for m in re.finditer(re.escape(ch), text)] for ch in "（）()"}

    def _last(self, ch: str, pos: int) -> int:
        found = self.positions[ch]
        i = bisect.bisect_left(found, pos)
        return found[i - 1] if i else -1

    def inside(self, pos: int) -> bool:
        return self._last("（", pos) > self._last("）", pos) or self._last("(", pos) > self._last(")", pos)


def _is_modal_at(text: str, pos: int, word: str, brackets: _Brackets | None = None) -> bool:
    for bad, k in _NOT_MODAL_AT[word]:
        if pos >= k and text.startswith(bad, pos - k):
            return False
    after = text[pos + len(word) : pos + len(word) + 1]
    before = text[pos - 1] if pos > 0 else ""
    # an aside in brackets (县级市，有条件的市辖区可参照，下同) is not an obligation
    if (brackets or _Brackets(text)).inside(pos):
        return False
    if word == "可" and before in "的、":
        return False
    if word in {"鼓励", "支持"} and pos > 0 and before not in "，,。；;：:、\n" and not text[
        max(0, pos - 3) : pos
    ].endswith(ENCOURAGE_LEADS):
        return False
    if word in {"宜"} and re.match(r"[\u4e00-\u9fff]则", text[pos + 1 : pos + 3]):
        return False  # 宜乡则乡、宜村则村
    if word in {"要", "应", "须", "可", "宜"} and not re.match(r"[\u4e00-\u9fff（“]", after):
        return False
    return True


def find_modals(text: str) -> list[tuple[int, str, str]]:
    """(position, word, modality) of every modal word, left to right, longest word first."""
    found: list[tuple[int, str, str]] = []
    covered: set[int] = set()
    brackets = _Brackets(text)
    for word, modality in MODAL_WORDS:
        start = 0
        while (pos := text.find(word, start)) >= 0:
            start = pos + 1
            span = set(range(pos, pos + len(word)))
            if span & covered or not _is_modal_at(text, pos, word, brackets):
                continue
            covered |= span
            found.append((pos, word, modality))
    found.sort()
    return found


def _strip_affixes(phrase: str) -> str:
    phrase = phrase.strip(" ，,、：:“”\"")
    changed = True
    while changed and phrase:
        changed = False
        for word in BEARER_LEADING:
            if phrase.startswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[len(word) :], True
        for word in BEARER_TRAILING:
            if phrase.endswith(word) and len(phrase) > len(word):
                phrase, changed = phrase[: -len(word)], True
        phrase = phrase.strip(" ，,、")
    return phrase


def find_bearer(phrase: str) -> str:
    """The organisation or role a phrase names, or ``""`` (used on text before a modal)."""
    # the bearer is in the comma segment right before the modal
    phrase = _strip_affixes(re.split(r"[，,；;。：:]", phrase)[-1] if phrase else "")
    phrase = BEARER_TIME_RE.sub("", phrase)
    if not phrase or len(phrase) > BEARER_MAX or phrase.startswith(BEARER_VERB_LEADS):
        return ""
    for candidate in (BEARER_PREPOSITIONS_RE.split(phrase, maxsplit=1)[0], phrase):
        core = re.sub(r"[（(][^（）()]*[）)]$", "", candidate)
        if core.endswith(BEARER_FALSE_ENDINGS):
            continue
        if any(core.endswith(s) for s in BEARER_SUFFIXES):
            return candidate
    return ""


HEADING_VERBS = re.compile(
    r"^(?:加强|推进|合理|建立|健全|完善|优化|提升|强化|推动|落实|深化|创新|实行|实施|开展|组建|促进|加快|"
    r"全面|统一|探索|规范|发挥|坚持|明确|做好|构建|保障|拓展|调整|选强|加大|提高|严格|鼓励|支持|改革|"
    r"畅通|补齐|整合|筑牢|夯实|增强|扩大|引导|营造|注重|突出|聚焦|切实|认真|确保)"
)


def heading_bearer(heading: str) -> str:
    """A duty bearer named by a heading (``牵头医院职责`` → 牵头医院), or ``""``."""
    heading = re.sub(r"(?:的)?(?:主要)?(?:职责|责任|任务|要求|义务|工作)$", "", heading.strip())
    if HEADING_VERBS.match(heading):
        return ""
    return find_bearer(heading)


VALUE_UNIT_RE = re.compile(rf"(?P<value>{NUMBER})\s*(?P<unit>{_UNITS_RE})")
_AFTER_WORDS = sorted(COMPARATORS_AFTER, key=lambda x: -len(x[0]))


TIME_UNITS = ("个工作日", "工作日", "日", "天", "小时", "分钟", "周", "个月", "月", "年")
PERCENT_RE = re.compile(rf"百分之(?P<value>{NUMBER})")
FRACTION_RE = re.compile(rf"(?P<den>{CN_NUM}|\d+)分之(?P<num>{CN_NUM}|\d+)")
RANGE_RE = re.compile(
    rf"(?P<low>{NUMBER})\s*(?P<unit1>{_UNITS_RE})?\s*(?:以上|至|到|-|—|～|~)\s*(?P<high>{NUMBER})\s*(?P<unit>{_UNITS_RE})(?:以下|之间)?"
)
# a share of a population that reaches something (90%的乡镇卫生院达到…) is at least that share
SHARE_REACHES_RE = re.compile(r"^的[^，,。；;]{1,20}?(?:达到|实现|建成|具备|开展|覆盖|完成|配备|设置)")
# N年…一次 is a frequency, not a quantity
ONCE_AFTER_RE = re.compile(r"^[^，,。；;]{0,10}?[一1]次")


@dataclass(frozen=True)
class Quantity:
    comparator: str = ""
    value: Decimal | None = None
    unit: str = ""
    maximum: Decimal | None = None


def _percent(match: re.Match, group: str) -> Decimal | None:
    return parse_number(match.group(group))


def find_quantity_bound(text: str, skip: tuple[tuple[int, int], ...] = ()) -> Quantity:
    """The first bounded quantity of ``text``, ignoring spans in ``skip`` (a condition's numbers).

    Comparators before (不少于, 不得超过) or after (以上, 以下, 以内, 内, 左右) the number; 以上/以下
    are inclusive as in Chinese legal usage; a range (二倍以上五倍以下) keeps both ends; numbers of
    a frequency (每2年, 两年复核一次) and calendar years are not quantities.
    """
    def skipped(pos: int) -> bool:
        return any(a <= pos < b for a, b in skip)

    range_match = next((m for m in RANGE_RE.finditer(text) if not skipped(m.start())), None)
    candidates: list[tuple[int, int, Decimal, str]] = []  # (start, end, value, unit)
    for match in VALUE_UNIT_RE.finditer(text):
        value = parse_number(match.group("value"))
        if value is not None:
            candidates.append((match.start(), match.end(), value, match.group("unit").replace("％", "%")))
    for match in PERCENT_RE.finditer(text):
        value = parse_number(match.group("value"))
        if value is not None:
            candidates.append((match.start(), match.end(), value, "%"))
    for match in FRACTION_RE.finditer(text):
        den, num = parse_number(match.group("den")), parse_number(match.group("num"))
        if den and num is not None:
            candidates.append((match.start(), match.end(), (num * 100 / den).quantize(Decimal("0.01")), "%"))
    candidates.sort()
    for start, end, value, unit in candidates:
        if skipped(start):
            continue
        before_text = text[max(0, start - 10) : start]
        if before_text.endswith(("每", "每隔")) or (unit == "年" and value >= 1900):
            continue
        after = text[end : end + 12]
        if unit in TIME_UNITS and ONCE_AFTER_RE.match(after):
            continue
        if range_match and range_match.start() <= start < range_match.end():
            high = parse_number(range_match.group("high"))
            low = parse_number(range_match.group("low"))
            if low is not None and high is not None and high > low:
                return Quantity("range", low, range_match.group("unit").replace("％", "%"), high)
        before = re.split(r"[，,。；;、\d]", before_text)[-1]
        comparator = ""
        best = (-1, 0)
        for word, symbol in COMPARATORS_BEFORE:
            k = before.rfind(word)
            # the comparator nearest the number; 不少于 over its tail 少于
            if k >= 0 and (k + len(word), len(word)) > best:
                best, comparator = (k + len(word), len(word)), symbol
        for word, symbol in _AFTER_WORDS:
            if after.startswith(word):
                comparator = comparator or symbol
                break
        if not comparator and after.startswith("左右"):
            comparator = "≈"
        if not comparator and unit in TIME_UNITS and before_text.endswith("前"):
            comparator = ">="  # 届满前30日: at least 30 days before
        if not comparator and unit == "%" and SHARE_REACHES_RE.match(after):
            comparator = ">="
        if comparator:
            return Quantity(comparator, value, unit)
    return Quantity()


def find_quantity(text: str) -> tuple[str, Decimal | None, str]:
    """The first bounded quantity: (comparator, value, unit) such as (">=", 3, "名"), or ("", None, "")."""
    q = find_quantity_bound(text)
    return q.comparator, q.value, q.unit


def find_frequency(text: str) -> str:
    for word, duration in FREQUENCIES:
        if word in text:
            return duration
    match = FREQUENCY_N_RE.search(text)
    if match:
        n = parse_number(match.group("n"))
        if n:
            unit = match.group("unit")
            n = int(n)
            if unit == "季度":
                return f"P{3 * n}M"
            return f"P{n}{ {'年': 'Y', '月': 'M', '周': 'W', '天': 'D', '日': 'D'}[unit] }"
    return ""


def find_deadline(text: str) -> date | None:
    return next((deadline for _end, deadline in _deadlines(text)), None)


def _deadlines(text: str):
    """(end offset, date) of each deadline in ``text``, in reading order."""
    for match in DEADLINE_RE.finditer(text):
        pre, part, post = match.group("pre"), match.group("part"), match.group("post")
        if not (pre in {"到", "至", "于", "在", "力争", "力争到"} or part or post):
            continue
        if pre in {"截至", "截止到"}:
            continue
        year = int(match.group("year"))
        month = int(match.group("month")) if match.group("month") else None
        day = int(match.group("day")) if match.group("day") else None
        if month and not 1 <= month <= 12:
            continue
        if part == "上半年":
            month, day = 6, 30
        if month is None:
            month = 12
        last = calendar.monthrange(year, month)[1]
        if day is None or not 1 <= day <= last:
            day = last
        yield match.end(), date(year, month, day)


def find_condition(text: str) -> str:
    for pattern in CONDITION_RES:
        match = pattern.search(text)
        if match:
            condition = match.group(0).strip("，, ")
            for word, _modality in MODAL_WORDS:
                if condition.startswith(word):
                    condition = condition[len(word) :]
            return re.sub(r"^(?:力争|到|并|同时|其中)", "", condition)
    return ""


def _segments(sentence: str, offset: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(sentence):
        if ch in SEGMENT_SPLIT:
            spans.append((offset + start, offset + i + 1))
            start = i + 1
    if start < len(sentence):
        spans.append((offset + start, offset + len(sentence)))
    return spans


def _implied_obligations(text: str, s_start: int, sentence: str, inherited: str) -> list[ObligationMatch]:
    """A requirement stated as a bound without a modal verb (设置床位不少于500张) is a must."""
    results: list[ObligationMatch] = []
    lead_start, last_bearer = None, ""
    # a deadline anywhere earlier in the sentence holds for the segment (found once per sentence;
    # a deadline never spans a comma, so one that ends by the segment's end is found the same)
    first_deadline = next(_deadlines(sentence), None)
    for seg_start, seg_end in _segments(sentence, s_start):
        segment = text[seg_start:seg_end]
        comparator, value, unit = find_quantity(segment)
        if value is None or comparator == "=":
            lead_start = seg_start if lead_start is None else lead_start
            continue
        start = lead_start if lead_start is not None else seg_start
        lead_start = None
        first = next((m for m in VALUE_UNIT_RE.finditer(segment)), None)
        lead = segment[: first.start()] if first else ""
        for word, _symbol in COMPARATORS_BEFORE:
            lead = lead.split(word)[0] if word in lead else lead
        bearer = find_bearer(re.sub(r"(?:至少|最多)?(?:配备|配有|设置|有|达到|保持|召开|开展)$", "", lead.strip()))
        inherited_flag = False
        if not bearer and last_bearer:
            bearer = last_bearer
        elif not bearer and inherited:
            bearer, inherited_flag = inherited, True
        if bearer and not inherited_flag:
            last_bearer = bearer
        end = seg_end
        while end > start and text[end - 1] in " \n，,。；;":
            end -= 1
        while start < end and text[start] in " \n，,":
            start += 1
        span = text[start:end]
        results.append(
            ObligationMatch(
                start=start,
                end=end,
                text=span,
                modality=MUST,
                modal_word="",
                duty_bearer=bearer,
                duty_bearer_inherited=inherited_flag,
                action=span,
                quantity_comparator=comparator,
                quantity_value=value,
                quantity_unit=unit,
                frequency=find_frequency(span),
                deadline=first_deadline[1] if first_deadline and s_start + first_deadline[0] <= seg_end else None,
                condition=find_condition(span),
            )
        )
    return results


def extract_obligations(text: str, heading: str = "") -> list[ObligationMatch]:
    """Every obligation in ``text``; ``heading`` lends its duty bearer to sentences without one."""
    if not text:
        return []
    inherited = heading_bearer(heading) if heading else ""
    results: list[ObligationMatch] = []
    for sentence_match in SENTENCE_RE.finditer(text):
        s_start = sentence_match.start()
        sentence = sentence_match.group(0)
        modals = find_modals(sentence)
        if not modals:
            results.extend(_implied_obligations(text, s_start, sentence, inherited))
            continue
        # group comma segments: a new obligation starts at a segment that holds a new modal
        groups: list[list] = []  # [start, end, modal]
        k = 0  # modals are sorted and segments ordered: walk both once
        for seg_start, seg_end in _segments(sentence, s_start):
            while k < len(modals) and s_start + modals[k][0] < seg_start:
                k += 1
            seg_modals = modals[k : k + 1] if k < len(modals) and s_start + modals[k][0] < seg_end else []
            if seg_modals and (not groups or groups[-1][2] is not None):
                groups.append([seg_start, seg_end, seg_modals[0]])
            elif groups:
                groups[-1][1] = seg_end
                if groups[-1][2] is None and seg_modals:
                    groups[-1][2] = seg_modals[0]
            else:
                groups.append([seg_start, seg_end, None])
        # a lead-in without a modal belongs to the first obligation
        merged: list[list] = []
        for group in groups:
            if merged and merged[-1][2] is None:
                merged[-1][1], merged[-1][2] = group[1], group[2]
            else:
                merged.append(group)
        last_bearer = ""
        for g_start, g_end, modal in merged:
            if modal is None:
                continue
            pos, word, modality = modal
            m_abs = s_start + pos
            span_text = text[g_start:g_end].strip()
            lead = text[g_start:m_abs]
            condition = find_condition(text[g_start:g_end])
            lead_for_bearer = lead.replace(condition, "") if condition else lead
            bearer = find_bearer(lead_for_bearer)
            is_inherited = False
            if not bearer and _strip_affixes(lead_for_bearer) in {"", "并", "且", "同时"} and last_bearer:
                bearer = last_bearer  # 医共体应…，并应… — same bearer continues
            if not bearer and inherited:
                bearer, is_inherited = inherited, True
            last_bearer = bearer if not is_inherited else last_bearer
            action = text[m_abs + len(word) : g_end].strip(" ，,。；;：:")
            comparator, value, unit = find_quantity(span_text)
            # strip trailing whitespace from the span but keep offsets exact
            end = g_end
            while end > g_start and text[end - 1] in " \n":
                end -= 1
            start = g_start
            while start < end and text[start] in " \n，,":
                start += 1
            results.append(
                ObligationMatch(
                    start=start,
                    end=end,
                    text=text[start:end],
                    modality=modality,
                    modal_word=word,
                    duty_bearer=bearer,
                    duty_bearer_inherited=is_inherited,
                    action=action,
                    quantity_comparator=comparator,
                    quantity_value=value,
                    quantity_unit=unit,
                    frequency=find_frequency(span_text),
                    deadline=find_deadline(span_text),
                    condition=condition,
                )
            )
    return results
