"""Find obligations in a clause's text — 义务/要求.

Pure functions over text (no Django). A sentence is split into obligations at each modal verb
(应当/应/要/须/必须, 不得/严禁/禁止, 宜, 可/可以/有权, 方可/方能, 鼓励/支持); each obligation keeps
its span and its parts: duty bearer, action, quantity (comparator, value, unit), frequency (ISO 8601
duration), deadline and condition. Duties without a modal: a bound, a period or a time limit given
to a subject, 由X负责…/X负责…, an entitlement (享受/享有), a target under a 到20XX年 lead, and a
sentence with neither subject nor modal right after a duty (it continues that duty).

The bearer is the sentence's own subject (named before the modal, inside its condition, the agent
the sentence opens with, the organisation holding a thing subject); else the subject given earlier
in the text (承前省略: the clause before a ；, or the one agent the text has named — none when it has
named two); else the heading's; never a chapter title. Bearers from the context are marked
``duty_bearer_inherited`` (a lower confidence). Pairs of parties (A与B，C与D) bear a duty jointly;
严禁/禁止 X+verb forbids X; a 由-clause right after the modal's names the agent; a thing that
undergoes its action (样品应当保存…, 《…证》不得涂改) has no bearer. In a notice, 请… and time limits
without a subject (…3日内报告) are its addressee's (the 主送 line, also when run into the body).
"""

from __future__ import annotations

import bisect
import calendar
import itertools
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
    ("方能", MUST),
    ("应当", MUST),
    ("应该", MUST),
    ("务必", MUST),
    ("须", MUST),
    ("应", MUST),
    ("要", MUST),
    ("宜", SHOULD),
    ("有权", MAY),
    ("可以", MAY),
    ("可", MAY),
    ("鼓励", ENCOURAGED),
    ("支持", ENCOURAGED),
)
NOT_MODAL = (
    # 应
    "相应", "供应", "适应", "对应", "反应", "响应", "呼应", "感应", "效应", "应用", "应急",
    "应对", "应答", "应聘", "应届", "应收", "应付", "应邀", "应有的", "应急", "应诊", "顺应",
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
    # 方可 (a noun ending in 方 before 可: 地方可以, 双方可以)
    "地方可", "双方可", "各方可", "对方可", "一方可", "多方可", "甲方可", "乙方可", "药方可", "处方可",
    "地方能", "双方能", "各方能", "对方能", "一方能", "多方能",
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
    "总院", "分院", "实验室", "申请人", "当事人", "法定代表人", "责任人", "媒体", "对象",
    # organisations named by their kind of office (检验所, 单采血浆站, 公安机关, 有限公司, 海关,
    # 总队, 宣传部) and persons (任何人, 监护人)
    "所", "站", "机关", "公司", "海关", "队", "部", "人",
)
# A phrase that starts with a verb is an action, not a subject (确保每个乡镇卫生院…): no bearer.
BEARER_VERB_LEADS = (
    "确保", "推动", "加强", "督促", "指导", "要求", "保证", "推进", "促进", "实现", "力争", "组织", "引导",
    "鼓励", "支持", "建立", "完善", "落实", "开展", "做好", "提高", "提升", "按照", "依照", "根据",
)
# A time phrase before the subject is not part of it (法定节假日用人单位 → 用人单位).
BEARER_TIME_RE = re.compile(r"^(?:法定节假日|节假日|休息日|工作日|每年|每月|每季度|届时|今后|目前|当年|期间|同时)")
BEARER_LEADING = ("同时", "并且", "并", "且", "其中", "此外", "另外", "原则上", "对此", "因此", "为此", "而")
BEARER_TRAILING = (
    "原则上", "均", "都", "也", "还", "切实", "积极", "进一步", "统一", "共同", "依法",
    "按规定", "定期", "逐步", "每年", "每半年", "要", "应", "需", "原则", "则", "亦", "需要",
    "一般", "必要时", "同时", "原则上均", "执业",
)
BEARER_FALSE_ENDINGS = (
    "布局", "格局", "大局", "全局", "当局", "举办", "创办", "承办", "开办", "督办", "主办",
    "住院", "出院", "入院", "转院",  # verbs of a patient, not a hospital
    "场所", "住所", "处所", "居所", "厕所", "寓所",  # places, not offices
    "全部", "局部", "内部", "外部", "头部", "面部", "腹部", "胸部", "背部", "腰部", "颈部", "底部",
    "顶部", "上部", "下部", "中部", "东部", "西部", "南部", "北部", "排队", "梯队",
    "万人", "千人", "百人", "亿人", "每人", "成人",  # counts of people (每万人口…), not a person
)
# a scope (全县医疗卫生服务体系…) is no organisation that acts
SCOPE_RE = re.compile(r"^(?:全|本)(?:国|省|区|市|县|州|盟|旗|镇|乡)$")
BEARER_PREPOSITIONS_RE = re.compile(r"(?<=.{2})(?:对|向|在(?<!所在)|(?<=所)在(?!地|单位|的)|为|与|按照|通过|根据|依托|结合|围绕)")
# characters that continue a word after a one-character suffix (人次, 人身, 所在, 部分, 站点, 队伍):
# a name cut there is no name
WORD_CONTINUES = {
    "人": tuple("次数口均员民力工际格群士们身事体性才造"),
    # 疫区所|在地 is cut inside 所在地; 检验所|在受理…后 is not
    "所": ("在地", "在单位", "在的", "属", "有", "得", "需", "以", "谓", "述"),
    "部": tuple("分署位件门"),
    "站": tuple("点位"),
    "队": tuple("伍员列"),
}


def cut_inside_word(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends inside a word (县域内住院人|次, 疫区所|在地)."""
    follows = WORD_CONTINUES.get(text[end - 1 : end])
    return bool(follows) and text.startswith(follows, end)
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
# comparators that describe a state (不满18周岁的…) rather than require a bound (不少于2名)
STATE_COMPARATORS = ("不满", "未满", "不足", "超过", "低于", "少于", "高于", "多于", "大于", "小于")
COMPARATORS_AFTER: tuple[tuple[str, str], ...] = (
    ("以上", ">="), ("及以上", ">="), ("以下", "<="), ("以内", "<="), ("及以下", "<="),
    ("之内", "<="), ("内", "<="),
)
UNITS = (
    "个工作日", "工作日", "周岁", "学时", "名额",
    "平方米", "万元", "元", "张", "名", "人", "个", "家", "所", "次", "项", "台", "辆", "床",
    "天", "日", "小时", "分钟", "周", "个月", "月", "年", "%", "％", "‰", "倍", "套", "间",
    "公里", "米", "万人", "支", "种", "篇", "份", "批", "岁",
)
NUMBER = rf"(?:\d+(?:\.\d+)?|{CN_NUM})"
_UNITS_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
FREQUENCIES: tuple[tuple[str, str], ...] = (
    ("每半年", "P6M"), ("每季度", "P3M"), ("每季", "P3M"), ("每年度", "P1Y"), ("每年", "P1Y"), ("每月", "P1M"),
    ("每周", "P1W"), ("每日", "P1D"), ("每天", "P1D"), ("每两年", "P2Y"), ("每三年", "P3Y"),
    ("每五年", "P5Y"), ("半年一次", "P6M"), ("一年一次", "P1Y"), ("每个月", "P1M"),
)
FREQUENCY_N_RE = re.compile(rf"每(?P<n>{NUMBER})个?(?P<unit>年|月|季度|周|天|日)")
DEADLINE_RE = re.compile(
    r"(?:(?P<pre>到|至|于|在|截至|截止到|力争|力争到|自)\s*)?"
    r"(?P<year>20\d{2})\s*年\s*(?:(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日)?)?"
    r"\s*(?P<part>底|末|年底|上半年|下半年|前|以前|之前)?(?P<post>前|以前|之前|起)?"
)
CONDITION_RES = (
    # a leading 的-clause or 时-clause (护士执业注册有效期届满需要继续执业的，…; …监督检查时，…),
    # possibly after one short clause (有效期届满，需要继续…的，)
    # (a lead clause may be a date with spaces, 自 2019 年 3 月 1 日起, or the first half of an
    # either-or condition: …仍有困难，或者不能…的); a time clause ends in 时, 后 or 前
    re.compile(
        r"^(?:[^，,。；;]{2,20}[，,]|[^，,。；;]{2,50}[，,](?=或者|或|并且|且))?"
        r"[^，,。；;]{2,40}?(?:的|(?<![小同按及准适临暂])时|后|前|情况下|条件下|前提下)(?=[，,])"
    ),
    re.compile(r"(?:对于|对|凡|如|若|如果|(?<![存现所实正内外自好])在)[^，。；]{2,40}?(?:的|时|情况下|条件下|前提下)(?=[，,])"),
    # a time clause right before the modal, without a comma (现场检查时不得少于两人)
    re.compile(r"^[^，,。；;]{2,30}?(?<![小同按及准适临暂])时(?=不得|应当|应|须|必须|可以|可|严禁|禁止)"),
    # a fronted 对…的<people>， names whom the duty concerns under a condition (对怀孕7个月以上的
    # 女职工，用人单位不得…); an object inside the clause (加强对…的领导) is none
    re.compile(
        r"^(?:对于|对)[^，。；]{2,40}?的[^，,。；;的]{0,10}?"
        r"(?:人员|职工|患者|单位|个人|机构|地区|学生|儿童|妇女|老年人|家庭|企业|医院|学校)(?=[，,])"
    ),
    # an event that opens the sentence (发生医疗纠纷，…应当…; 出现疫情，…): a condition without 的/时
    re.compile(r"^(?:发生|出现|遇有|遇到)[^，,。；;的]{2,20}(?=[，,])"),
    # 经…批准的 (the approval that allows the bearer after it)
    re.compile(r"^经[^，,。；;]{2,40}?(?:批准|同意|许可|备案|认定)的"),
    # the 的-phrase of a qualified subject (床位不满100张的医疗机构, 不具备…条件的农村): found from
    # its verb by _qualified_subject below (one regex from every start position was the slowest step)
)
CONDITION_VERB_RE = re.compile(r"超过|不足|不满|未满|少于|以上|以下|达到|符合|具备|有条件|满足")
CONDITION_TAIL_RE = re.compile(
    r"[^，。；]{0,25}?的[^，,。；;的]{0,6}?(?:地区|县|县域|市|机构|单位|医院|医共体|地方|乡镇|农村|村|人员|患者|学校|企业)"
)
CONDITION_STOPS = "，。；"


def _qualified_subject(text: str) -> str:
    for verb in CONDITION_VERB_RE.finditer(text):
        if verb.group() in ("以上", "以下") and text[verb.start() - 1 : verb.start()] == "级":
            continue  # 县级以上地方人民政府: part of a name, no condition
        tail = CONDITION_TAIL_RE.match(text, verb.end())
        if tail:
            start = max(verb.start() - 30, max(text.rfind(ch, 0, verb.start()) for ch in CONDITION_STOPS) + 1, 0)
            return text[start : tail.end()]
    return ""
_ANY_MODAL_RE = re.compile("|".join(re.escape(w) for w, _m in MODAL_WORDS))
# Sentences that punish or deem, not oblige (处…罚款, 视为…): no obligation is taken from them.
NOT_OBLIGATION_RE = re.compile(
    r"罚款|没收违法所得|吊销|暂扣|给予[^，。；]{0,8}处分|追究[^，。；]{0,8}责任|依法赔偿|视为|以[^，。；]{0,10}论处|处[^，。；]{0,12}拘留"
)
# A condition must not itself be the obligation (a modal word inside it) nor the whole sentence.
CONDITION_MAX = 60


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


_BRACKET_RE = re.compile(r"[（）()]")


class _Brackets:
    """Where the round brackets of a text open and close, to ask "is this position in an aside?"

    Asked once per modal word, so it answers by bisecting positions found once, not by
    rescanning the text from its start (which made long clauses quadratic).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._positions: dict[str, list[int]] | None = None

    @property
    def positions(self) -> dict[str, list[int]]:
        if self._positions is None:  # found on first use: most texts are never asked
            text = self.text
            self._positions = {ch: [i for i, c in enumerate(text) if c == ch] if ch in text else [] for ch in "（）()"}
        return self._positions

    def _last(self, ch: str, pos: int) -> int:
        found = self.positions[ch]
        i = bisect.bisect_left(found, pos)
        return found[i - 1] if i else -1

    def inside(self, pos: int) -> bool:
        if not _BRACKET_RE.search(self.text):
            return False
        return self._last("（", pos) > self._last("）", pos) or self._last("(", pos) > self._last(")", pos)


# 应X未X (应休未休, 应缴未缴) and 应 right after a comparison (少于应休…天数) say "due", not "shall"
_DUE_NOT_DONE_RE = re.compile(r"应(\w)未\1")
_DUE_AFTER = ("少于", "多于", "低于", "高于", "超过", "不足", "等于", "大于", "小于")


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
    if word == "应" and (_DUE_NOT_DONE_RE.match(text, pos) or text[max(0, pos - 2) : pos] in _DUE_AFTER):
        return False  # 应休未休 (due but not taken), 少于应休年休假天数: 应 is "due", no modal
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


# verbs that may follow a subject inside the segment before a modal (…委员会调解医疗纠纷，不得…)
SUBJECT_VERBS = (
    "调解", "执业", "进行", "发现", "开展", "使用", "收到", "接到", "办理", "提供", "设立", "发布",
    "对", "在", "向", "按照", "依照", "根据", "自", "于", "为", "将",
)


def subject_prefix(phrase: str) -> str:
    """The organisation a phrase opens with when a verb follows it (…委员会调解医疗纠纷 → …委员会)."""
    phrase = phrase.strip(" ，,、“”\"")
    if phrase.startswith("《"):
        return ""  # 《医疗机构执业许可证》不得…: a title, not an organisation that acts
    for end in range(min(len(phrase), BEARER_MAX), 1, -1):
        head = phrase[:end]
        if phrase[end:].startswith(SUBJECT_VERBS) and head.endswith(BEARER_SUFFIXES) and not head.endswith(
            BEARER_FALSE_ENDINGS
        ) and not cut_inside_word(phrase, end):
            if "《" in head or "》" in head or head.startswith(("其", "该", "本")):
                return ""
            return "" if head.startswith(BEARER_VERB_LEADS) and "的" not in head else head
    return ""


_CLAUSE_SPLIT_RE = re.compile(r"[，,；;。：:]")
_SEGMENT_END_RE = re.compile(r"[，,；;。]")
# a condition that only points to the list after it (有下列情形之一的) states none itself
CATAPHORIC_CONDITION_RE = re.compile(r"(?:有|具有|发生|出现)?(?:下列|以下)[^，,。；;]{0,8}之一的")
_STOP_AT_END_RE = re.compile(r"[；;。：:]\s*$")
_TRAILING_ASIDE_RE = re.compile(r"[（(][^（）()]*[）)]$")
_QUANTITY_LEAD_SPLIT_RE = re.compile(r"[，,。；;、\d]")


def find_bearer(phrase: str) -> str:
    """The organisation or role a phrase names, or ``""`` (used on text before a modal)."""
    # the bearer is in the comma segment right before the modal
    # the bearer is in the last non-empty comma segment before the modal (护士执业，应当…)
    parts = [p for p in _CLAUSE_SPLIT_RE.split(phrase) if p.strip(" 、“”\"")] if phrase else []
    if phrase and _STOP_AT_END_RE.search(phrase):
        parts = []
    phrase = _strip_affixes(parts[-1] if parts else "")
    phrase = BEARER_TIME_RE.sub("", phrase)
    if not phrase or len(phrase) > BEARER_MAX:
        return ""
    if phrase.startswith(BEARER_VERB_LEADS) and "的" not in phrase:
        return ""  # a verb phrase (确保每个乡镇卫生院…), unless it is a relative clause (开展帮扶的医院)
    for candidate in (BEARER_PREPOSITIONS_RE.split(phrase, maxsplit=1)[0], phrase):
        core = _TRAILING_ASIDE_RE.sub("", candidate) if candidate.endswith(("）", ")")) else candidate
        if core.endswith(BEARER_FALSE_ENDINGS):
            continue
        if core.endswith(BEARER_SUFFIXES):
            return candidate
    return subject_prefix(phrase)


# --- the sentence's own subject when it is no organisation (处方药必须…, 每辆救护车应当…) -------
# Part-of-speech tags (jieba's tag set, through rjieba) of the words a noun phrase is made of.
NOUN_TAGS = ("n", "l", "eng", "j", "vn", "nz", "nt", "nr", "ns", "ng", "an")
NOUN_MODIFIER_TAGS = ("m", "q", "mq", "f", "b", "c", "x", "r")  # 每辆, 链上, 主要, 及其, 、
# words that open a phrase that is not a subject: a pronoun or a demonstrative (其, 本条例, 该),
# a preposition or conjunction of a condition (对, 经, 如, 凡…)
SUBJECT_BAD_OPENERS = ("其", "本", "该", "此", "上述", "前款", "对", "经", "如", "若", "凡", "因", "由", "自",
                       "从", "于", "当", "除", "为", "与", "向", "按照", "依照", "根据", "通过")
# a phrase ending in a time word is a time, not a subject (本条例施行前, 检查期间)
SUBJECT_TIME_ENDINGS = ("前", "后", "时", "期间", "以来", "之日", "内", "以后", "以前", "之前", "之后")
SUBJECT_MAX = 30
# words that end a subject whatever their tag (经 is tagged a noun in 用人单位经职工同意…)
SUBJECT_STOP_WORDS = ("经", "对", "向", "在", "为", "按", "按照", "凭", "由", "自", "从", "于", "将", "把", "被")


def _tags(phrase: str) -> list[tuple[str, str]]:
    import rjieba  # the search app's segmenter (pinned in requirements.lock); imported on first use

    return [(w, t) for w, t in rjieba.tag(phrase) if w.strip()]


def noun_subject(phrase: str) -> str:
    """The noun phrase a clause opens with when it names no organisation or role: ``处方药``,
    ``每辆救护车``, ``非处方药的包装``, ``在缺碘地区销售的碘盐``; ``医疗机构配制制剂`` → 医疗机构
    (the nouns before the first verb); ``""`` for a time, a pronoun or a prepositional phrase."""
    phrase = _TRAILING_ASIDE_RE.sub("", phrase.strip(" ，,、“”\"")) if phrase else ""
    if not 2 <= len(phrase) <= SUBJECT_MAX or phrase.startswith(SUBJECT_BAD_OPENERS):
        return ""
    if phrase.endswith(SUBJECT_TIME_ENDINGS) or "《" in phrase or find_modals(phrase):
        return ""
    if phrase.endswith("者") and len(phrase) > 2:
        return phrase  # 体表有伤口者: a 者-phrase names who, whatever its verbs
    words = _tags(phrase)
    if not words:
        return ""
    # X的Y: everything up to the last 的 modifies the head Y (a 的-phrase is nominal whatever its verbs)
    last_de = max((i for i, (w, _t) in enumerate(words) if w == "的"), default=-1)
    if last_de == 0:
        return ""
    if last_de < 0 and words[0][1].startswith("p"):
        return ""
    head = words[last_de + 1 :]
    if not head:
        return ""
    taken = 0
    for word, tag in head:
        if word not in SUBJECT_STOP_WORDS and (tag.startswith(NOUN_TAGS) or tag in NOUN_MODIFIER_TAGS):
            taken += 1
            continue
        break
    if last_de >= 0 and taken and taken == len(head) - 1 and head[-1][1].startswith("v"):
        taken += 1  # 的节点RPC接口: a noun compound whose last word is tagged a verb
    if last_de >= 0 and taken == 0:
        # the head of a 的-phrase is a noun even when tagged a verb (的包装, 的诊断)
        if len(head) == 1 or head[1][1] in NOUN_MODIFIER_TAGS:
            taken = 1
        else:
            return ""
    clause_follows = taken < len(head)
    kept = head[:taken]
    while kept and (kept[-1][1] in NOUN_MODIFIER_TAGS):
        kept.pop()  # a subject ends in a noun, not in 、 or 及其
    if not kept or (last_de < 0 and not any(t.startswith(("n", "l", "eng", "j")) for _w, t in kept)):
        return ""
    subject = "".join(w for w, _t in words[: last_de + 1]) + "".join(w for w, _t in kept)
    if last_de < 0 and clause_follows and not subject.endswith(BEARER_SUFFIXES):
        # 医疗机构配制制剂 → 医疗机构; but 死者尸体存放时间, 信息发布 are one noun phrase, not S + V
        return ""
    if len(subject) < 2 or subject.endswith(SUBJECT_TIME_ENDINGS):
        return ""
    return subject if phrase.startswith(subject) else ""


# verbs a thing undergoes (kept, altered, handed on): with a thing subject the sentence is passive
PASSIVE_ACTION_RE = re.compile(
    r"(?:至少|妥善|一律|一并|依法)?(?:保存|保管|存放|留存|存档|归档|销毁|涂改|伪造|变造|转让|出租|出借|出卖|买卖|更改|篡改)"
)
# A thing subject that is a measure of the duty (医疗废物暂时贮存的时间不得超过2天, 病历资料保存期限
# 不得少于三十年) names no one who acts: the bearer comes from the context.
MEASURE_NOUNS = (
    "时间", "期限", "时限", "年限", "期间", "人数", "数量", "比例", "天数", "次数", "面积", "间隔", "周期",
    "时长", "距离", "标准", "额度", "金额", "费用", "比率", "保存期",
)
# qualifiers that add nothing to who the bearer is (依法设立的X: every lawful X) or that state a
# passing condition, not a kind (尚未达到…标准的X: X until it meets the standard)
BEARER_NONRESTRICTIVE_RE = re.compile(r"^依法(?:设立|成立|登记|注册|举办|开办)的")
BEARER_PASSING_STATE_RE = re.compile(r"^尚未[^，,。；;的]{2,30}的")
_CONDITION_SUBJECT_AFTER = (*SUBJECT_VERBS, "经", "确", "因", "已", "未", "不", "尚", "没有", "连续", "跨", "在", "对")


ORGANISATION_SUFFIXES = (
    "人民政府", "政府", "部门", "委员会", "机构", "单位", "企业", "医院", "卫生院", "中心", "学校", "局", "厅",
    "委", "办公室", "站", "协会", "学会", "集团", "组织", "网站", "医共体", "医联体",
)


_QUALIFIED_END_RE = re.compile(r"的[^，,。；;的]{1,12}$")


def is_measure(subject: str) -> bool:
    return bool(subject) and subject.endswith(MEASURE_NOUNS) and not subject.endswith(BEARER_SUFFIXES)


def possessor(subject: str) -> str:
    """The organisation that holds a thing subject (院前急救机构的…记录资料 → 院前急救机构), or ``""``."""
    if "的" not in subject or subject.endswith(BEARER_SUFFIXES):
        return ""
    owner = subject.split("的", 1)[0]
    if owner.startswith(SUBJECT_BAD_OPENERS) or owner.startswith(BEARER_VERB_LEADS) or "《" in owner:
        return ""
    # an organisation keeps its records (患者的病历 is kept by the hospital, not by the patient)
    return owner if owner.endswith(ORGANISATION_SUFFIXES) and not owner.endswith(BEARER_FALSE_ENDINGS) else ""


def condition_subject(condition: str) -> str:
    """The subject a condition clause opens with (乡村医生经考核合格的 → 乡村医生, 医患双方人数较多的
    → 医患双方, 用人单位确因工作需要…的 → 用人单位); ``""`` when it opens with no organisation or role."""
    clause = re.split(r"[，,]", condition)[-1].strip()
    if len(clause) < 4 or clause.startswith(SUBJECT_BAD_OPENERS) or clause.startswith(BEARER_VERB_LEADS):
        return ""
    if "《" in clause:
        return ""
    heads = [
        end for end in range(2, min(len(clause) - 2, BEARER_MAX) + 1)
        if clause[:end].endswith(BEARER_SUFFIXES) and not clause[:end].endswith(BEARER_FALSE_ENDINGS)
        and not clause[end:].startswith("的") and not cut_inside_word(clause, end)
    ]
    # the first head a verb, an adverb or a measure follows (乡村医生|经…, 用人单位|确因…, 医患双方|人数…)
    for end in heads:
        if clause[end:].startswith(_CONDITION_SUBJECT_AFTER) or clause[end:].startswith(MEASURE_NOUNS):
            return clause[:end]
    if not heads:
        return ""
    # else the longest head, when it ends a word that a non-noun follows and holds no verb itself
    end = heads[-1]
    words = _tags(clause[: end + 4])
    ends = list(itertools.accumulate(len(w) for w, _t in words))
    if end not in ends or ends.index(end) + 1 >= len(words):
        return ""
    i = ends.index(end)
    if words[i + 1][1].startswith(("n", "uj")) or not all(t.startswith(NAME_TAGS) for _w, t in words[: i + 1]):
        return ""
    return clause[:end]


# verbs and adverbs that follow the subject a sentence opens with (用人单位|经职工同意…, 省人民政府|组织制定…)
LEADING_AGENT_VERBS = (*_CONDITION_SUBJECT_AFTER, "组织", "负责", "制定", "建立", "统筹", "会同", "保证", "确保", "根据",
                       "按照", "依照", "结合", "从事", "应", "须", "必须", "可", "不得", "要")


def leading_agent(phrase: str) -> str:
    """The organisation or role a sentence opens with, before its first verb (用人单位经职工同意不安排…
    → 用人单位); ``""`` when it opens with anything else."""
    phrase = phrase.strip(" ，,、“”\"\t　")
    if phrase.startswith(("《", *SUBJECT_BAD_OPENERS)) or phrase.startswith(BEARER_VERB_LEADS) or HEADING_VERBS.match(phrase):
        return ""
    for end in range(2, min(len(phrase) - 1, BEARER_MAX) + 1):
        head = phrase[:end]
        if head.endswith(BEARER_SUFFIXES) and not head.endswith(BEARER_FALSE_ENDINGS) and not cut_inside_word(phrase, end):
            if phrase[end:].startswith(LEADING_AGENT_VERBS):
                # a name, not a clause (总医院实行…的院长|负责制)
                return head if all(t.startswith(NAME_TAGS) for _w, t in _tags(head)) else ""
    return ""


def segment_subject(lead: str) -> str:
    """A comma segment of the lead that is a bearer by itself (公共场所直接为顾客服务的人员，持有…方能…):
    the topic of a sentence whose later segments are its predicate."""
    for segment in reversed([p for p in _CLAUSE_SPLIT_RE.split(lead) if p.strip(" 、“”\"")]):
        phrase = _strip_affixes(segment)
        opener = phrase.startswith(SUBJECT_BAD_OPENERS) and not phrase.startswith("从事")
        if opener or phrase.endswith(("的", *SUBJECT_TIME_ENDINGS)):
            continue
        if find_bearer(phrase) == phrase:
            if "的" not in phrase and (HEADING_VERBS.match(phrase) or _tags(phrase)[0][1].startswith("v")):
                return ""  # 选强配齐…负责人员: an action, not who acts
            return phrase
    return ""


def clean_bearer(bearer: str) -> tuple[str, str]:
    """(bearer, condition): 依法设立的X → X; 尚未达到…的X → X with the passing state as a condition."""
    bearer = BEARER_NONRESTRICTIVE_RE.sub("", bearer)
    state = BEARER_PASSING_STATE_RE.match(bearer)
    if state and bearer[state.end() :].endswith(BEARER_SUFFIXES):
        return bearer[state.end() :], state.group(0)
    return bearer, ""


# 鼓励/支持 name who is encouraged after them (鼓励乡村医生通过…): with no subject before the verb, that party acts
ENCOURAGED_VERBS = (
    "开展", "参与", "参加", "通过", "举办", "兴办", "创办", "提供", "采取", "建立", "利用", "设立", "发展",
    "运用", "组织", "研究", "投资", "从事", "依法", "积极", "按照", "根据", "为", "在", "对", "向", "与", "以",
    "加入", "申请", "实行", "实施", "探索", "推行", "承担", "使用", "捐赠", "资助", "加强", "提高", "培养",
    "开发", "到", "进入", "结合", "推广", "自愿", "主动", "优先", "做好", "共同",
)


def encouraged_party(action: str) -> str:
    """Who a 鼓励/支持 sentence encourages: 乡村医生通过医学教育… → 乡村医生; ``""`` for a thing."""
    action = re.sub(r"^(?:和|、|并)?(?:鼓励|支持|引导)", "", action.strip(" ，,"))
    for end in range(2, min(len(action), BEARER_MAX) + 1):
        head = action[:end]
        if (
            head.endswith(BEARER_SUFFIXES)
            and not head.endswith(BEARER_FALSE_ENDINGS)
            and action[end:].startswith(ENCOURAGED_VERBS)
            and not head.startswith(BEARER_VERB_LEADS)
            and not cut_inside_word(action, end)
        ):
            return head
    return ""


def forbidden_party(action: str) -> str:
    """Who a sentence that opens with 严禁/禁止 forbids to act: 严禁采血站采集… → 采血站,
    禁止任何单位和个人买卖… → 任何单位和个人; ``""`` when a place, a manner or a thing follows
    (禁止在公共场所吸烟, 禁止非法采集血液)."""
    action = action.strip(" ，,")
    if action.startswith(SUBJECT_BAD_OPENERS) or action.startswith(BEARER_VERB_LEADS) or "《" in action[:BEARER_MAX]:
        return ""
    for end in range(2, min(len(action) - 1, BEARER_MAX) + 1):
        head = action[:end]
        if not head.endswith(BEARER_SUFFIXES) or head.endswith(BEARER_FALSE_ENDINGS) or cut_inside_word(action, end):
            continue
        words = _tags(action[: end + 4])
        ends = list(itertools.accumulate(len(w) for w, _t in words))
        if end not in ends:
            continue
        i = ends.index(end)
        # a name followed by a verb; the name holds no preposition, adverb or particle (a word such
        # as 采血站 is often tagged as verbs: 采血/v 站/v)
        if i + 1 < len(words) and words[i + 1][1].startswith(("v", "p")) and not any(
            t.startswith(("p", "d", "u")) for _w, t in words[: i + 1]
        ):
            return head
    return ""


JOINT_RE = re.compile(r"与|和|及|以及|同")


def joint_bearer(lead: str) -> str:
    """Pairs of parties that bear one duty together (市、区卫生健康部门与公安机关，医院与属地公安
    派出所应当…): the pair before the modal, with a pair of the same form before it; ``""`` else."""
    parts = [p for p in _CLAUSE_SPLIT_RE.split(lead) if p.strip(" 、“”\"")] if lead else []
    if not parts or _STOP_AT_END_RE.search(lead):
        return ""

    def pair(part: str) -> bool:
        part = _strip_affixes(part)
        sides = JOINT_RE.split(part, maxsplit=1)
        return (
            len(sides) == 2 and "与" in part and "的" not in part and len(part) <= BEARER_MAX
            and not part.startswith((*SUBJECT_BAD_OPENERS, *BEARER_VERB_LEADS))
            and all(side.endswith(BEARER_SUFFIXES) and not side.endswith(BEARER_FALSE_ENDINGS) for side in sides)
        )

    if not pair(parts[-1]):
        return ""
    if len(parts) >= 2 and pair(parts[-2]):
        first = lead.rfind(parts[-2].strip())
        return _strip_affixes(lead[first:])
    return _strip_affixes(parts[-1])


def later_agent(after_modal: str) -> str:
    """The agent of a 由-clause right after the modal's own (应当在…前六个月，由生产企业…申报), or
    ``""`` (a 由-clause further on, after 经审核后，, names who acts on a later step)."""
    comma = _SEGMENT_END_RE.search(after_modal)
    if not comma or comma.group() not in "，,":
        return ""
    segment = after_modal[comma.end() :].lstrip()
    return agent_of(segment) if segment.startswith("由") else ""


# 由X负责/作出/审批… names the agent of a duty (诊断应当由精神科执业医师作出; …，由县级人民政府审批)
AGENT_RE = re.compile(
    r"由(?P<who>[^，,。；;、“”《》由]{2,40}?)(?=负责|组织|承担|审批|审核|确定|办理|直接|制定|制订|实施|决定|"
    r"作出|做出|按照|依照|根据|会同|统一|提出|出具|核发|颁发|进行|开展|指定|公布|发布|备案|登记|管理)"
)


def agent_of(text: str) -> str:
    """The X of 由X负责/作出/审批… in ``text``, when X names an organisation or role; or ``""``."""
    match = AGENT_RE.search(text)
    if not match:
        return ""
    who = _strip_affixes(match.group("who"))
    if who.endswith(BEARER_SUFFIXES) and not who.endswith(BEARER_FALSE_ENDINGS) and not who.startswith(
        ("其", "该", "本", "上述")
    ):
        return who
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
_HAS_NUMBER_RE = re.compile(rf"[0-9{CN_NUMERAL_CHARS}]")
_RANGE_HINT_RE = re.compile(r"以下|之间|[至到\-—～~]\s*(?:\d|[一二三四五六七八九十两])")
# An amount without a comparator is the amount required (产假98天, 安排1小时哺乳时间) when a noun or a
# verb follows it — not a time limit (30日内), a date (3月31日), a count of times or an ordinal.
BARE_UNITS = ("个工作日", "工作日", "天", "日", "小时", "分钟", "周", "个月", "年", "%", "元", "万元")
BARE_AFTER_RE = re.compile(r"[\u4e00-\u9fff](?<![以之内前后起的左或至到每次及不（])")
# … and only an amount granted or paid: 享受98天产假, 安排1小时哺乳时间, 收入的300%支付 (not 国家规定的11天…)
BARE_GRANT_VERBS = ("享受", "安排", "给予", "支付", "发放", "发给", "增加", "延长", "补助", "补贴", "休假", "休息", "缴纳")
BARE_GRANTED_BEFORE_RE = re.compile("(?:" + "|".join(BARE_GRANT_VERBS) + r")(?:[^，,。；;\d]{0,2}|[^，,。；;\d]{0,12}?[为给向])$")
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


# a modal with a verb of having right before the number: the number is what is required
REQUIRED_HAVING_RE = re.compile(r"(?:应当|应|须|必须)(?:有|配备|配有|具有|具备)$")


def find_quantity_bound(text: str, skip: tuple[tuple[int, int], ...] = ()) -> Quantity:
    """The first bounded quantity of ``text``, ignoring spans in ``skip`` (a condition's numbers).

    Comparators before (不少于, 不得超过) or after (以上, 以下, 以内, 内, 左右) the number; 以上/以下
    are inclusive as in Chinese legal usage; a range (二倍以上五倍以下) keeps both ends; numbers of
    a frequency (每2年, 两年复核一次) and calendar years are not quantities.
    """
    if not _HAS_NUMBER_RE.search(text):
        return Quantity()

    def skipped(pos: int) -> bool:
        return any(a <= pos < b for a, b in skip)

    range_match = (
        next((m for m in RANGE_RE.finditer(text) if not skipped(m.start())), None)
        if _RANGE_HINT_RE.search(text)
        else None
    )
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
    bare: Quantity | None = None  # an amount without a comparator, kept when no bound is found
    for start, end, value, unit in candidates:
        if skipped(start):
            continue
        before_text = text[max(0, start - 10) : start]
        if before_text.endswith(("每", "每隔")) or (unit == "年" and value >= 1900):
            continue
        if (unit == "日" and before_text.endswith("月")) or (unit == "月" and before_text.endswith("年")):
            continue  # 3月31日前: a calendar date, not a number of days
        after = text[end : end + 12]
        if unit in TIME_UNITS and ONCE_AFTER_RE.match(after):
            continue
        if unit in TIME_UNITS and before_text.endswith("前") and after.startswith(("内", "以内", "之内")):
            continue  # 届满前6个月内: a window before an event, neither at least nor at most
        if range_match and range_match.start() <= start < range_match.end():
            high = parse_number(range_match.group("high"))
            low = parse_number(range_match.group("low"))
            if low is not None and high is not None and high > low:
                return Quantity("range", low, range_match.group("unit").replace("％", "%"), high)
        before = _QUANTITY_LEAD_SPLIT_RE.split(before_text)[-1]
        comparator = ""
        best = (-1, 0)
        for word, symbol in COMPARATORS_BEFORE:
            k = before.rfind(word)
            # the comparator nearest the number; 不少于 over its tail 少于
            if k >= 0 and (k + len(word), len(word)) > best:
                best, comparator = (k + len(word), len(word)), symbol
        qualifier = False
        for word, symbol in _AFTER_WORDS:
            if after.startswith(word):
                comparator = comparator or symbol
                # 怀孕7个月以上的女职工: the number qualifies a noun, it is no requirement
                # (a share, 90%以上的县, is what a target counts: kept)
                qualifier = (
                    after[len(word) : len(word) + 1] == "的"
                    and word in ("以上", "以下", "及以上", "及以下")
                    and unit != "%"
                    # 应当有2名以上的工作人员: what the duty requires to have, no qualifier
                    and not REQUIRED_HAVING_RE.search(before_text)
                ) or (
                    # 5岁以下儿童, 65岁以上老年人: an age group, no bound (年龄在18岁以上。 is one)
                    unit == "岁"
                    and word in ("以上", "以下", "及以上", "及以下")
                    and after[len(word) : len(word) + 1] not in ("", *"，,。；;、）)")
                )
                break
        if not qualifier and after.startswith("的") and unit != "%" and best[0] >= 0:
            # 不满18周岁的未成年人, 床位不满100张的医疗机构: a state that qualifies a noun, no bound
            qualifier = before[best[0] - best[1] : best[0]] in STATE_COMPARATORS
        if qualifier:
            continue
        if after.startswith("左右"):
            comparator = "≈"  # 提高到55%左右: about, not at least
        if not comparator and unit in TIME_UNITS and (before_text.endswith("前") or after.startswith(("前", "以前", "之前"))):
            comparator = ">="  # 届满前30日, 施药7日前: at least 30 (7) days before
        if not comparator and unit == "%" and SHARE_REACHES_RE.match(after):
            comparator = ">="
        if comparator:
            return Quantity(comparator, value, unit)
        if (
            bare is None and unit in BARE_UNITS and BARE_AFTER_RE.match(after)
            and (BARE_GRANTED_BEFORE_RE.search(before_text) or after.startswith(BARE_GRANT_VERBS))
        ):
            bare = Quantity("=", value, unit)  # 享受98天产假, 安排1小时哺乳时间, 工资收入的300%支付
    return bare or Quantity()


def find_quantity(text: str) -> tuple[str, Decimal | None, str]:
    """The first bounded quantity: (comparator, value, unit) such as (">=", 3, "名"), or ("", None, "")."""
    q = find_quantity_bound(text)
    return q.comparator, q.value, q.unit


EVERY_N_ONCE_RE = re.compile(rf"(?<![每\d])(?P<n>{NUMBER})个?(?P<unit>年|月|季度|周|天|日)[^，,。；;\d]{{0,6}}?[一1]次")
# 定期 (regularly) is a frequency without a period: kept as printed, never turned into a duration.
# 不定期, 经常, 适时, 及时 say nothing about a recurrence: no frequency.
REGULAR_RE = re.compile(r"(?<!不)定期")


def find_frequency(text: str) -> str:
    """An ISO 8601 period (每半年 → P6M, 每2年一次 → P2Y, 两年复核一次 → P2Y); ``定期`` as printed
    when no period is (a reader still sees that the duty recurs); ``""`` otherwise."""
    match = EVERY_N_ONCE_RE.search(text)
    if match and not FREQUENCY_N_RE.search(text) and not any(w in text for w, _d in FREQUENCIES):
        n = parse_number(match.group("n"))
        if n:
            unit = match.group("unit")
            if unit == "季度":
                return f"P{3 * int(n)}M"
            return f"P{int(n)}{ {'年': 'Y', '月': 'M', '周': 'W', '天': 'D', '日': 'D'}[unit] }"
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
    if REGULAR_RE.search(text):
        return "定期"
    return ""


# A time limit counted from an event: 自受理之日起15个工作日内, 接到报告后2小时内, 届满前30日.
RELATIVE_DEADLINE_RE = re.compile(
    rf"(?P<n>{NUMBER})\s*(?P<unit>个工作日|工作日|个月|小时|日|天|年|周)(?P<tail>之内|以内|内|之前|以前|前(?![款条项]))?"
)
RELATIVE_DEADLINE_LEADS = ("应当在", "应在", "须在", "必须在", "应当于", "应于", "在", "于")
RELATIVE_DEADLINE_MAX = 40
# the 自/从 that opens a time limit counted from an event (自收到…之日起); not the 自 of 自治区/自行 nor
# the 从 of 从事 (自收到从事…活动的申请之日起 starts at 自, not inside the event)
RELATIVE_START_RE = re.compile(r"(?:自(?![治行身愿主])|从(?![事业]))(?=[^，,；;。]*?起)")


# a duty to be done before an event, with no number (应当在抽样前提供…, 须于开业前备案): the event
BEFORE_EVENT_RE = re.compile(
    r"(?:应当|应|须|必须)(?:在|于)(?P<event>[^，,。；;、\d年月日号前]{2,12}?(?:前|之前|以前))(?![款条项])"
)


def find_relative_deadline(text: str) -> str:
    """The time limit of ``text`` as printed (自收到申请之日起20个工作日内, 抽样前), or ``""``."""
    if not _HAS_NUMBER_RE.search(text):
        return _before_event(text)
    for match in RELATIVE_DEADLINE_RE.finditer(text):
        before = text[: match.start()]
        if before.endswith(("每", "每隔", "至少每")):
            continue
        if match.group("unit") == "日" and before.endswith("月"):
            continue  # 2025年3月31日前: a date (find_deadline), not a time limit
        if not match.group("tail") and not before.endswith("前"):
            continue
        seg_start = max(before.rfind(ch) for ch in "，,；;。：:") + 1
        lead = before[seg_start:]
        k = max((m.start() for m in RELATIVE_START_RE.finditer(lead)), default=-1)
        if k >= 0:
            start = seg_start + k
        else:
            start = match.start()
            for word in RELATIVE_DEADLINE_LEADS:
                j = lead.rfind(word)
                if j >= 0:
                    start = seg_start + j + len(word)
                    break
            else:
                # a modal word right before the number: 应当15日内 (nothing to anchor it)
                start = match.start()
        phrase = text[start : match.end()].strip()
        if len(phrase) > RELATIVE_DEADLINE_MAX or not phrase:
            continue
        if any(w in phrase[: match.start() - start] for w, _m in MODAL_WORDS[:12]):
            phrase = text[match.start() : match.end()]
        return phrase
    return _before_event(text)


def _before_event(text: str) -> str:
    before_event = BEFORE_EVENT_RE.search(text) if "前" in text else None
    return before_event.group("event") if before_event else ""


def find_deadline(text: str) -> date | None:
    return next((deadline for _end, deadline in _deadlines(text)), None)


def _deadlines(text: str):
    """(end offset, date) of each deadline in ``text``, in reading order."""
    for match in DEADLINE_RE.finditer(text):
        pre, part, post = match.group("pre"), match.group("part"), match.group("post")
        if not (pre in {"到", "至", "于", "在", "力争", "力争到", "自"} or part or post):
            continue
        if pre in {"截至", "截止到"}:
            continue
        if (pre == "自") != (post == "起"):
            continue  # 自2019年3月1日起 is a start date; 自… without 起 is no date phrase
        if pre == "自" and not match.group("day"):
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
    """The 的-clause or 时-clause that conditions an obligation, or ``""``."""
    for pattern in (*CONDITION_RES, None):
        if pattern is None:
            condition = _qualified_subject(text).strip("，, ")
        else:
            match = pattern.search(text)
            condition = match.group(0).strip("，, ") if match else ""
        if not condition or len(condition) > CONDITION_MAX:
            continue
        if _ANY_MODAL_RE.search(condition) and find_modals(condition):
            continue
        for word, _modality in MODAL_WORDS:
            if condition.startswith(word):
                condition = condition[len(word) :]
        return re.sub(r"^(?:力争|到|并|同时|其中)", "", condition)
    return ""


_SEGMENT_MARKS_RE = re.compile(f"[（()）{re.escape(SEGMENT_SPLIT)}]")


def _segments(sentence: str, offset: int) -> list[tuple[int, int]]:
    """Comma segments of a sentence; a comma inside brackets (县级市，下同) does not split."""
    spans, start, depth = [], 0, 0
    for m in _SEGMENT_MARKS_RE.finditer(sentence):
        ch, i = m.group(), m.start()
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        elif not depth:
            spans.append((offset + start, offset + i + 1))
            start = i + 1
    if start < len(sentence):
        spans.append((offset + start, offset + len(sentence)))
    return spans


TARGET_WORDS = ("力争",)
# a target's achievement verbs (到2025年底，…达到85%; …提高到55%左右; 基本建成…)
# (under a 到20XX年 lead or a 目标 heading, a state to reach without a number is a target too:
# 到2025年，服务体系进一步健全，服务能力明显提升)
TARGET_VERBS_RE = re.compile(
    r"达到|提高到|提升到|降低到|降至|下降到|建成|实现|覆盖|完善|形成|不低于|超过|以上|"
    # better than an average (优于全国平均水平) is a level to reach
    r"优于[^，,。；;]{0,12}平均水平|"
    r"(?:进一步|基本|全面|明显|显著|持续|不断|稳步|有效|初步)(?:健全|提升|提高|增强|改善|优化|建立|规范|加强|降低|下降)"
)
# a level to be moved to is a target even without a date (诊疗量占比提高到55%左右)
TARGET_MOVE_RE = re.compile(r"(?:提高|提升|降低|下降|增加|减少)(?:到|至)\s*(?:\d|百分之|[一二三四五六七八九十])")
TARGET_LEAD_RE = re.compile(r"(?:到|至|力争到|力争)\s*20\d{2}\s*年")
TARGET_HEADING_RE = re.compile(r"目标|指标")
TARGET_DATE_LEAD_RE = re.compile(r"^(?:力争)?(?:到|至|在)?\s*20\d{2}\s*年(?:\d{1,2}月)?(?:底|末|前|以前|之前)?")
TARGET_SUBJECT_STRIP_RE = re.compile(rf"^(?:{NUMBER}\s*[%％]|百分之{NUMBER})的")
# people whose state a target measures (居民健康素养水平, 人民群众满意度): no bearer of the target
TARGET_POPULATIONS = ("居民", "群众", "患者", "老年人", "儿童", "孕产妇", "学生", "职工")
TARGET_ADVERBS = ("基本", "全部", "全面", "普遍", "均", "都", "进一步", "总体", "逐步", "稳步", "力争")
# 请…执行/落实/实施 in a covering notice: the addressee must act
# (请 inside a word is no request: 申请, 邀请, 提请, 报请, 请示, 请求, 请假…)
PLEASE_RE = re.compile(
    r"(?<![申邀提报聘敬恳呈宴催吁声])请(?![示求假柬教愿托缨功客])(?P<who>[^，,。；;请]{0,40}?)"
    r"(?:结合|按照|认真|参照|遵照|切实|抓好|指导|督促|组织|做好|执行|落实|实施|贯彻|"
    r"及时|尽快|抓紧|按时|务必|立即|于|在|以|将|把|反馈|报送|上报|报告|函告|告知|转告|转发|通知|填写|核实|确认)"
)
ADDRESSEE_DIVISIONS = ("自治区", "直辖市", "自治州", "自治县", "计划单列市", "兵团", "市", "区", "旗", "盟", "地区")
ADDRESSEE_RE = re.compile(r"^[ \t　]*(?P<who>[^。；;\n：:]{2,400}?)[：:][ \t　]*$", re.M)
# an addressee run into the body on one line (各省、自治区…管理部门,…卫生局: 8月31日,我局…)
INLINE_ADDRESSEE_RE = re.compile(r"^[ \t　]*(?P<who>[^。；;\n：:]{2,200}?)[：:](?=[ \t　]*\S)", re.M)
ADDRESSEE_PART_MAX = 30


def _addressed_party(part: str) -> bool:
    """One name of an addressee list: an organisation or role, a division (自治区), or a place that
    stands for its government (西宁市, 海东地区)."""
    if not part or len(part) > ADDRESSEE_PART_MAX:
        return False
    if part in ADDRESSEE_DIVISIONS or find_bearer(part) == part:
        return True
    return len(part) <= 8 and part.endswith(ADDRESSEE_DIVISIONS) and not part.startswith(("本", "全"))


def find_addressee(text: str) -> str:
    """The 主送 line of a notice (各省、自治区、直辖市卫生计生委，…：), or ``""``."""
    for pattern, inline in ((ADDRESSEE_RE, False), (INLINE_ADDRESSEE_RE, True)):
        for match in pattern.finditer(text):
            who = match.group("who").strip()
            parts = [p.strip() for p in re.split(r"[，,、]", who) if p.strip()]
            if inline and len(parts) < 2 and not who.startswith("各"):
                continue  # 责任单位：… is a label, not an addressee
            # 各省、自治区、直辖市卫生健康委: the divisions of an enumeration share the organisation named last
            if parts and all(_addressed_party(p) for p in parts) and any(p.endswith(BEARER_SUFFIXES) for p in parts):
                return who
    return ""


def notice_bearer(text: str) -> str:
    """Who a covering notice tells to act: the subject of its 请… sentence, else its addressee."""
    fold = _fold(text)
    for match in PLEASE_RE.finditer(fold):
        who = find_bearer(match.group("who"))
        if who:
            return who
    return find_addressee(fold)


def _fold(text: str) -> str:
    """Simplified characters and half-width digits for analysis; offsets are kept."""
    if _needs_fold(text):
        text = to_simplified(text)
    return text.translate(_DIGITS) if _FULLWIDTH_DIGIT_RE.search(text) else text


def _needs_fold(text: str) -> bool:
    """Characters outside GB 2312 (traditional ones among them): checked by the codec, in C."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return True
    return False


_FULLWIDTH_DIGIT_RE = re.compile("[０-９％]")


_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")


def _target_bearer(lead: str) -> str:
    """The subject of a target segment: 90%的乡镇卫生院 → 乡镇卫生院, 基层医疗卫生机构诊疗量占比 → 基层医疗卫生机构."""
    lead = TARGET_SUBJECT_STRIP_RE.sub("", lead.strip(" ，,"))
    lead = TARGET_DATE_LEAD_RE.sub("", lead)  # 到2030年县域医共体… → 县域医共体…
    for word in TARGET_ADVERBS:
        lead = lead.removesuffix(word)
    if not lead or "的" in lead or lead.startswith(BEARER_VERB_LEADS):
        return ""
    for end in range(len(lead), 1, -1):
        head = lead[:end]
        if head.endswith(BEARER_SUFFIXES) and not head.endswith(BEARER_FALSE_ENDINGS):
            if cut_inside_word(lead, end):
                return ""  # 县域内住院人|次占比: a measure, no organisation
            if head.endswith(TARGET_POPULATIONS):
                return ""  # 居民主要健康指标优于…: whose health is measured, not who acts
            return "" if SCOPE_RE.match(head) else head
    return ""


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \n\t，,。；;":
        end -= 1
    while start < end and text[start] in " \n\t，,":
        start += 1
    return start, end


def _match(text: str, fold: str, start: int, end: int, modality: str, modal_word: str, bearer: str,
           inherited: bool, action: str, deadline: date | None = None, skip_condition: bool = False,
           condition: str | None = None, modal_at: int | None = None) -> ObligationMatch:
    span = fold[start:end]
    if condition is None:
        condition = "" if skip_condition else find_condition(span)
    skip = ()
    if condition:
        k = span.find(condition)
        if k >= 0:
            skip = ((k, k + len(condition)),)
    quantity = Quantity()
    if modal_at is not None:
        quantity = find_quantity_bound(fold[modal_at:end])
    if quantity.value is None:
        quantity = find_quantity_bound(span, skip)
    return ObligationMatch(
        start=start,
        end=end,
        text=text[start:end],
        modality=modality,
        modal_word=modal_word,
        duty_bearer=bearer,
        duty_bearer_inherited=inherited,
        action=action,
        quantity_comparator=quantity.comparator,
        quantity_value=quantity.value,
        quantity_unit=quantity.unit,
        quantity_max=quantity.maximum,
        frequency=find_frequency(span),
        deadline=deadline if deadline is not None else find_deadline(span),
        deadline_text=find_relative_deadline(span),
        condition=condition,
    )


def _target_obligations(text: str, fold: str, s_start: int, sentence: str, deadline: date | None) -> list[ObligationMatch]:
    """Each comma segment of a target sentence that states an achievement is one target."""
    results = []
    for seg_start, seg_end in _segments(sentence, s_start):
        segment = fold[seg_start:seg_end]
        lead_match = TARGET_LEAD_RE.search(segment)
        body_start = seg_start
        if lead_match:
            # 到2025年底前，… : the date phrase itself is no target
            rest = re.sub(r"^[^，,]*?(?:年底前|年底|年末|年前|月底前|月底|前)", "", segment[lead_match.start():])
            if not rest.strip(" ，,。；;"):
                continue
            body_start = seg_end - len(rest)
        verb = TARGET_VERBS_RE.search(fold, body_start, seg_end)
        if not verb:
            continue
        start, end = _clean_span(text, body_start, seg_end)
        if end <= start:
            continue
        bearer = _target_bearer(fold[start : verb.start()])
        results.append(_match(text, fold, start, end, TARGET, "", bearer, False, fold[verb.start():end], deadline,
                              condition=""))
    return results


# a clause that opens with its period and then its action (每月评选出…, 每季度通报…): a recurring duty
PERIOD_LEAD_RE = re.compile(r"[ \t　]*(?:每半年|每季度|每季|每月|每年|每周)(?![的底末初度内中])[\u4e00-\u9fff]")


def _implied_obligations(text: str, fold: str, s_start: int, sentence: str, inherited: str,
                         context: str = "", addressee: str = "") -> list[ObligationMatch]:
    """A requirement stated without a modal verb: a bound (设置床位不少于500张), a period
    (每年校验1次, 两年复核一次) or a time limit given to a named subject (…部门自受理之日起45日内…)
    or, in a notice, to its addressee (领导批示3日内报告，…)."""
    results: list[ObligationMatch] = []
    lead_start, last_bearer = None, ""
    first_deadline = next(_deadlines(sentence), None)
    whole_condition = find_condition(sentence)
    for seg_start, seg_end in _segments(sentence, s_start):
        segment = fold[seg_start:seg_end]
        skip = ()
        if whole_condition:
            k = segment.find(whole_condition)
            skip = ((k, k + len(whole_condition)),) if k >= 0 else ()
            if k < 0 and segment.strip(" ，,") and segment.strip(" ，,") in whole_condition:
                skip = ((0, len(segment)),)
        quantity = find_quantity_bound(segment, skip)
        # a period with a count (每年校验1次) or a list item that opens with its period (每月评选…)
        frequency = find_frequency(segment) if re.search(r"[一1]次", segment) or PERIOD_LEAD_RE.match(segment) else ""
        relative = find_relative_deadline(segment)
        has_quantity = quantity.value is not None and quantity.comparator not in ("=", "")
        if not (has_quantity or frequency or relative):
            lead_start = seg_start if lead_start is None else lead_start
            continue
        start = lead_start if lead_start is not None else seg_start
        lead_start = None
        first = next((m for m in VALUE_UNIT_RE.finditer(segment)), None)
        lead = segment[: first.start()] if first else segment
        for word, _symbol in COMPARATORS_BEFORE:
            lead = lead.split(word)[0] if word in lead else lead
        if relative or frequency:
            opener = [m.start() for m in re.finditer(r"[自从](?!治)(?=[^，,]*?起)", lead)]
            lead = re.split(r"在|于|每", lead[: opener[-1]] if opener else lead)[0]
        bearer = find_bearer(re.sub(r"(?:至少|最多)?(?:配备|配有|设置|有|达到|保持|召开|开展)$", "", lead.strip()))
        if not bearer and start < seg_start:
            # 床位不满100张的医疗机构，其…每年校验1次; 省人民政府组织制定…规划，保证…每2年…一次
            bearer = find_bearer(fold[start:seg_start]) or leading_agent(fold[start:seg_start])
        if relative and not has_quantity and not frequency and not (bearer or addressee):
            continue  # a time limit alone obliges only a named subject (or a notice's addressee)
        inherited_flag = False
        if not bearer and last_bearer:
            bearer = last_bearer
        elif not bearer and context:
            bearer, inherited_flag = context, True  # 学校应当…。学生每日学习时间…不超过六小时
        elif not bearer and inherited:
            bearer, inherited_flag = inherited, True
        elif not bearer and addressee and (relative or frequency):
            bearer, inherited_flag = addressee, True  # a notice's time limit: its addressee reports
        if bearer and not inherited_flag:
            last_bearer = bearer
        start, end = _clean_span(text, start, seg_end)
        if end <= start:
            continue
        deadline = first_deadline[1] if first_deadline and s_start + first_deadline[0] <= seg_end else None
        condition = whole_condition if whole_condition and whole_condition in fold[start:end] else None
        results.append(_match(text, fold, start, end, MUST, "", bearer, inherited_flag, text[start:end], deadline,
                              condition=condition))
    return results


ENTITLED_WORDS = ("享受", "享有")


def _entitlements(text: str, fold: str, s_start: int, sentence: str, context: str) -> list[ObligationMatch]:
    """职工连续工作满12个月以上的，享受带薪年休假: an entitlement stated without a modal (享受/享有
    opening a clause, after a condition or the subject) is a permission of its subject."""
    if "享" not in sentence:
        return []  # most sentences: no per-segment work
    results: list[ObligationMatch] = []
    lead_start = s_start
    for seg_start, seg_end in _segments(sentence, s_start):
        segment = fold[seg_start:seg_end].strip(" \t　")
        if "享" not in segment:
            continue
        agent = leading_agent(segment) if not segment.startswith(ENTITLED_WORDS) else ""
        if not (segment.startswith(ENTITLED_WORDS) or (agent and segment[len(agent) :].startswith(ENTITLED_WORDS))):
            continue
        start, end = _clean_span(text, lead_start, seg_end)
        lead_start = seg_end
        if end <= start:
            continue
        span = fold[start:end]
        condition = find_condition(span)
        bearer = agent or (condition_subject(condition) if condition else "") or leading_agent(span)
        inherited = False
        if not bearer and context:
            bearer, inherited = context, True
        if bearer and condition.startswith(bearer):
            condition = condition[len(bearer) :]
        word = next(w for w in ENTITLED_WORDS if w in segment)
        results.append(_match(text, fold, start, end, MAY, word, bearer, inherited,
                              span[span.find(word) + len(word) :], condition=condition))
    return results


# the modal words whose duty a following sentence without subject or modal continues
CONTINUED_MODALS = ("应当", "应", "必须", "须")
# a sentence that continues a duty opens with its action (根据条件定期对学生进行体格检查…)
CONTINUED_OPENERS = ("根据", "按照", "依照", "参照", "定期", "及时", "并", "同时", "建立", "制定", "组织", "开展",
                     "做好", "落实", "配备", "设置", "保证", "确保", "加强", "完善", "采取", "对")
CONTINUED_NOT = ("但", "其中", "除", "本", "该", "此", "前款", "上述", "具体")


def _continued_duty(text: str, fold: str, s_start: int, sentence: str, previous: ObligationMatch) -> list[ObligationMatch]:
    """学校应当建立学生健康管理制度。根据条件定期对学生进行体格检查，…。 — a sentence that names
    no subject and no modal, right after a duty of the same paragraph, continues that duty."""
    body = sentence.strip(" \t　")
    if not body.startswith(CONTINUED_OPENERS) or body.startswith(CONTINUED_NOT) or "除外" in body or "是指" in body:
        return []
    start, end = _clean_span(text, s_start, s_start + len(sentence))
    if end - start < 6:
        return []
    # no modal is printed: modal_word stays empty (a lower confidence: the reader checks it)
    return [_match(text, fold, start, end, previous.modality, "", previous.duty_bearer, True, fold[start:end])]


# X负责…: the subject is charged with the work (县级以上地方人民政府卫生行政部门负责本行政区域内的…工作)
RESPONSIBLE_RE = re.compile(r"^[ \t　]*(?P<who>[^，,。；;：:]{2,45}?)负责(?!人|同志|制|任)")
# the parts of speech a name is made of (县级以上地方人民政府卫生行政部门: b nt an n …)
NAME_TAGS = ("n", "b", "f", "x", "j", "m", "q", "a", "vn", "eng", "l", "r")


def responsible_of(sentence: str) -> str:
    match = RESPONSIBLE_RE.match(sentence)
    if not match:
        return ""
    who = _strip_affixes(match.group("who"))
    if who.startswith(SUBJECT_BAD_OPENERS) or find_bearer(who) != who or "由" in who or "的" in who:
        return ""
    # a name, not a clause (总医院实行党委领导下的院长负责制)
    return who if all(t.startswith(NAME_TAGS) for _w, t in _tags(who)) else ""


def _agent_obligations(text: str, fold: str, s_start: int, sentence: str) -> list[ObligationMatch]:
    """A duty assigned without a modal verb: …，由县级人民政府医疗保障部门直接办理 / 由X负责… / X负责…"""
    agent = agent_of(sentence)
    if not agent and (who := responsible_of(sentence)):
        start, end = _clean_span(text, s_start, s_start + len(sentence))
        if end <= start:
            return []
        k = sentence.find("负责")
        return [_match(text, fold, start, end, MUST, "负责", who, False, fold[s_start + k + 2 : end])]
    if not agent:
        return []
    start, end = _clean_span(text, s_start, s_start + len(sentence))
    if end <= start:
        return []
    match = AGENT_RE.search(sentence)
    action = fold[s_start + match.end() : end] if match else ""
    return [_match(text, fold, start, end, MUST, "由", agent, False, action)]


def bearer_heading(chain: list[tuple[str, str]]) -> str:
    """The heading that may lend its duty bearer: the nearest heading of a clause's chain
    ((kind, heading) from the clause up), unless that is the title of a chapter, section or part."""
    for kind, heading in chain:
        if heading:
            return "" if kind in ("chapter", "section", "part", "preamble", "annex") else heading
    return ""


def extract_obligations(text: str, heading: str = "", default_bearer: str = "") -> list[ObligationMatch]:
    """Every obligation in ``text``; ``heading`` lends its duty bearer to sentences without one.

    ``default_bearer`` (the addressee of a covering notice) is the bearer of imperative sentences
    (要…, 请…) that name none and sit under no bearer heading.
    """
    if not text:
        return []
    fold = _fold(text)
    heading = _fold(heading) if heading else ""
    inherited = heading_bearer(heading) if heading else ""
    addressee = (find_addressee(fold) if "：" in fold or ":" in fold else "") or default_bearer
    target_context = bool(heading and TARGET_HEADING_RE.search(heading))
    results: list[ObligationMatch] = []
    paragraph_deadline: tuple[int, date] | None = None  # (line start, date) of a 到20XX年… lead
    carried_bearer = ""  # the addressee named by 请…, for later imperatives without a subject
    carried = None  # (line start, modality, word, bearer, inherited) of a 要-sentence ending in ；
    # The subject given earlier carries to a sentence that names none (承前省略): the agent of the
    # sentence before when that one ended in ；, else the agent of the text (the article's topic) —
    # none when the text has named two (which one is meant is not known).
    agents_seen: set[str] = set()
    mark, previous_line, previous_semicolon = 0, -1, False
    previous_agent, previous_must = "", None
    for sentence_match in SENTENCE_RE.finditer(fold):
        s_start = sentence_match.start()
        sentence = sentence_match.group(0)
        line_start = fold.rfind("\n", 0, s_start) + 1
        previous_agent, previous_must = "", None
        if len(results) > mark:  # what the sentence before found (most sentences find nothing)
            found_before = results[mark:]
            agents = [o.duty_bearer for o in found_before if not o.duty_bearer_inherited and o.modal_word
                      and o.modal_word not in ("由", "请") and o.duty_bearer.endswith(BEARER_SUFFIXES)]
            previous_agent = agents[-1] if agents else ""
            # the article's topic is who bears its duties: one who may (患者及其监护人可以查阅…) is
            # no second candidate for a later duty without a subject (…保存期限不得少于三十年)
            agents_seen.update(o.duty_bearer for o in found_before if o.duty_bearer in agents
                               and o.modality in (MUST, MUST_NOT))
            if previous_line == line_start:
                previous_must = next(
                    (o for o in found_before if o.modality == MUST and o.modal_word in CONTINUED_MODALS
                     and not o.duty_bearer_inherited and o.duty_bearer.endswith(BEARER_SUFFIXES)),
                    None,
                )
        topic = next(iter(agents_seen)) if len(agents_seen) == 1 else ""
        context_chained = previous_line == line_start and previous_semicolon and bool(previous_agent)
        context = previous_agent if context_chained else topic
        mark, previous_line = len(results), line_start
        previous_semicolon = sentence.rstrip().endswith(("；", ";"))
        if paragraph_deadline and paragraph_deadline[0] != line_start:
            paragraph_deadline = None
        if NOT_OBLIGATION_RE.search(sentence):
            carried_bearer = ""
            continue
        lead_deadline = TARGET_LEAD_RE.search(sentence)
        if lead_deadline:
            found = find_deadline(sentence[lead_deadline.start():])
            if found:
                paragraph_deadline = (line_start, found)
        modals = find_modals(sentence)
        please = PLEASE_RE.search(sentence)
        if please and not any(m[0] < please.start() for m in modals):
            # who is asked: named after 请 (请各地…), or right before it (各单位请于…报送)
            named = find_bearer(please.group("who"))
            before = sentence[: please.start()]
            if not named and not please.group("who") and before.strip() and not before.rstrip().endswith(("，", ",")):
                named = find_bearer(before)
            who = named or (addressee if please.group("who") in ("", "你们", "你单位", "各单位") else "")
            start, end = _clean_span(text, s_start + please.start(), s_start + len(sentence))
            results.append(_match(text, fold, start, end, MUST, "请", who or addressee, not named,
                                  fold[s_start + please.end(): end]))
            if who:
                carried_bearer = who
            continue
        ends_clause = sentence.rstrip().endswith(("；", ";"))
        if not modals or all(m[1] in TARGET_WORDS for m in modals):
            is_target = (
                (paragraph_deadline is not None or target_context or "力争" in sentence)
                and TARGET_VERBS_RE.search(sentence)
            ) or TARGET_MOVE_RE.search(sentence)
            if is_target:
                results.extend(_target_obligations(text, fold, s_start, sentence, paragraph_deadline[1] if paragraph_deadline else None))
            elif carried and carried[0] == line_start:
                # 各三级综合医院要…；明确…；充分发挥…。 — the modal and its subject carry across ；
                _line, modality, word, bearer, was_inherited = carried
                start, end = _clean_span(text, s_start, s_start + len(sentence))
                if end > start:
                    results.append(_match(text, fold, start, end, modality, word, bearer, was_inherited, fold[start:end]))
            else:
                implied = _implied_obligations(text, fold, s_start, sentence, inherited, context, addressee)
                if not implied:
                    implied = _agent_obligations(text, fold, s_start, sentence)
                if not implied:
                    implied = _entitlements(text, fold, s_start, sentence, context)
                if not implied and previous_must is not None:
                    implied = _continued_duty(text, fold, s_start, sentence, previous_must)
                results.extend(implied)
            if not ends_clause:
                carried = None
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
        carried = None
        for g_start, g_end, modal in merged:
            if modal is None:
                continue
            pos, word, modality = modal
            m_abs = s_start + pos
            lead = fold[g_start:m_abs]
            # a condition stands before its duty: one after the modal's segment (…做出决定，对具备
            # 条件的，准予注册) conditions a later clause
            stop = _SEGMENT_END_RE.search(fold, m_abs, g_end)
            condition = find_condition(fold[g_start : stop.end() if stop else g_end])
            if CATAPHORIC_CONDITION_RE.fullmatch(condition):
                condition = ""  # 有下列情形之一的: the conditions are the items that follow
            lead_for_bearer = lead.replace(condition, "") if condition else lead
            bearer, passing = clean_bearer(joint_bearer(lead_for_bearer) or find_bearer(lead_for_bearer))
            if bearer and condition and cut_inside_word(bearer + condition, len(bearer)) and bearer + condition in lead:
                bearer = ""  # 常住人|口较多…的县: a condition cut out of a word leaves no name before it
            condition = condition or passing
            # 自受理申请后 / 自…起: the start of a time limit, no condition
            condition = re.sub(r"^[自从][^，,]*?起[，,]\s*", "", condition)
            if condition.startswith(("自", "从")):
                condition = ""
            bare_rest = _strip_affixes(lead_for_bearer.replace("，", "").replace(",", ""))
            if not bearer and condition and bare_rest in {"", "均", "都", "也", "还", "亦", "则"}:
                # 公共场所卫生监督员在执行任务时，应… / 患者死亡，医患双方对死因有异议的，应当…
                bearer = subject_prefix(re.split(r"[，,]", condition)[-1]) or condition_subject(condition)
                if bearer and condition.startswith(bearer):
                    condition = condition[len(bearer) :]  # the subject is no part of its condition
                    if condition.startswith(("自", "从")):
                        condition = ""  # …部门自受理申请后: a start, no condition
            is_inherited = False
            thing_subject = False  # a thing (检查方式, 处方药) is no subject that later clauses continue
            passive_thing = False  # a thing that undergoes the action (样品应当保存…): no bearer at all
            bare_lead = _strip_affixes(lead_for_bearer) in {"", "并", "且", "同时"}
            after_modal = fold[m_abs + len(word) : g_end]
            if word in ("鼓励", "支持"):
                # The sentence's own subject first (国家鼓励乡村医生… → 国家); with none
                # (鼓励社会力量办医), the party encouraged is the one to act.
                # 国家建立…制度，鼓励… → 国家: the subject the sentence opens with is the one encouraging
                opener = _CLAUSE_SPLIT_RE.split(lead_for_bearer)[0] if _CLAUSE_SPLIT_RE.search(lead_for_bearer) else ""
                bearer = bearer or (leading_agent(opener) if opener else "") or encouraged_party(after_modal)
            elif after_modal.startswith("由") and (agent := agent_of(after_modal)):
                bearer = agent  # 诊断应当由精神科执业医师作出: the agent, not the thing done
            elif not bearer and bare_lead and word in ("严禁", "禁止") and (party := forbidden_party(after_modal)):
                bearer = party  # 严禁采血站采集…: the party forbidden to act
            elif not bearer and not bare_lead:
                # the sentence's own subject when it names no organisation (处方药必须…)
                segments = [p for p in _CLAUSE_SPLIT_RE.split(lead_for_bearer) if p.strip(" 、“”\"")]
                if segments and not _STOP_AT_END_RE.search(lead_for_bearer):
                    subject_segment = segments[-1]
                    if _strip_affixes(subject_segment).startswith("其") and len(segments) > 1:
                        subject_segment = segments[-2]  # 发布的中医医疗广告，其内容应当…
                    bearer = noun_subject(_strip_affixes(BEARER_TIME_RE.sub("", _strip_affixes(subject_segment))))
                    if is_measure(bearer):
                        bearer = ""  # 医疗废物暂时贮存的时间不得超过2天: who keeps it comes from the context
                    # 院前急救机构的…资料应当至少保存两年: the organisation that holds the thing
                    bearer = possessor(bearer or _strip_affixes(subject_segment)) or bearer
                    thing_subject = bool(bearer) and not bearer.endswith(BEARER_SUFFIXES)
                    if thing_subject and PASSIVE_ACTION_RE.match(after_modal):
                        # 进口药品的检验样品应当保存至…, 《…证》不得涂改: the thing undergoes the action;
                        # who acts is not printed (no bearer, none taken from the context either)
                        bearer, passive_thing = "", True
                if not bearer and condition and not passive_thing:
                    bearer = condition_subject(condition)  # 参保人员跨省流动就业的，…，其…应…
                if not bearer:
                    bearer = segment_subject(lead_for_bearer)  # X，持有…方能…
                if not bearer and _CLAUSE_SPLIT_RE.search(lead_for_bearer):
                    bearer = leading_agent(_CLAUSE_SPLIT_RE.split(lead_for_bearer)[0])  # 用人单位经…不安排…，应当…
            if (not bearer or thing_subject) and (agent := later_agent(after_modal)):
                bearer, thing_subject = agent, False  # X，应当在…前，由生产企业申报: the agent, not the thing
            if (
                not bearer and condition and _QUALIFIED_END_RE.search(condition)
                and any(_strip_affixes(p) == condition for p in _CLAUSE_SPLIT_RE.split(lead))
                and condition.endswith((*BEARER_SUFFIXES, "地方")) and not condition.startswith(SUBJECT_BAD_OPENERS)
                and "，" not in condition and "," not in condition
            ):
                bearer = condition  # 学生人数不足六百人的学校，可以…: the qualified subject is the bearer
            if passive_thing:
                pass
            elif not bearer and bare_lead and last_bearer:
                bearer = last_bearer  # 医共体应…，并应… — same bearer continues
            if not bearer and not passive_thing and context and word not in ("鼓励", "支持") and (word != "要" or context_chained):
                # the subject given earlier in the article (not for 鼓励, whose encourager is unnamed, nor
                # for a 要 of policy text beyond a ；-chain)
                bearer, is_inherited = context, True
            if not bearer and not passive_thing and inherited:
                bearer, is_inherited = inherited, True
            if not bearer and bare_lead and word == "要" and (carried_bearer or addressee):
                bearer, is_inherited = carried_bearer or addressee, True  # an imperative of a notice
            last_bearer = "" if thing_subject else bearer if not is_inherited else last_bearer
            action = fold[m_abs + len(word) : g_end].strip(" ，,。；;：:")
            start, end = _clean_span(text, g_start, g_end)
            if end <= start:
                continue
            results.append(_match(text, fold, start, end, modality, word, bearer, is_inherited, action,
                                  condition=condition, modal_at=m_abs))
            if word in ("要", "应", "应当", "必须", "须") and ends_clause:
                carried = (line_start, modality, word, bearer, is_inherited)
    return results
