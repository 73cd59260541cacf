"""Which extracted obligations are worth asking a county — 检查项遴选. Pure, no Django imports.

A checklist item must be something a county-level actor can do and an assessor can verify. The
builder asks these functions, and ``bench/checklist_quality.py`` audits a built template with them:

- ``bearer_level`` — the level of a duty bearer, read from ``ACTORS`` (one table of patterns);
- ``is_background`` — a sentence that reports what happened or what a document required;
- ``is_fragment`` / ``is_truncated`` — a clause cut at a comma, or cut inside brackets;
- ``year_as_quantity`` — a 4-digit year adjacent to 年 that an extractor read as a number;
- ``is_placeholder_title`` — template wording (XX县, 某市, ××局) of a model document;
- ``similarity`` — normalised text similarity for merging near-duplicates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher

# Levels a duty bearer can have. The first three are county-level: a county can be asked about them.
COUNTY, COMMUNITY, MEMBER = "county", "community", "member"
COUNTY_LEVELS = (COUNTY, COMMUNITY, MEMBER)
NATIONAL, PROVINCE, CITY, MULTI, OTHER_FORM = "national", "province", "city", "multi", "other_form"
OTHER_LEVELS = (NATIONAL, PROVINCE, CITY, MULTI, OTHER_FORM)
LEVEL_LABELS = {
    COUNTY: "县级党委政府及部门",
    COMMUNITY: "医共体及牵头医院",
    MEMBER: "医共体成员单位",
    NATIONAL: "国家层面",
    PROVINCE: "省级",
    CITY: "市级或城市医院",
    MULTI: "各级/各地（未指明县级）",
    OTHER_FORM: "其他医联体形式",
}

# Actor patterns, most specific first; levels above the county come first so that
# "医联体牵头医院" is not read as a county's lead hospital. A bearer naming several actors
# ("城市医疗集团和县域医共体") is split into conjuncts and is county-level if any conjunct is.
ACTORS: list[tuple[str, str]] = [
    (r"^(国家|国务院|中央|全国)", NATIONAL),
    (r"^(省|全省|各省)", PROVINCE),
    (r"^(市|各市|全市|设区市|地市|城市)", CITY),
    (r"(二三级|三级|三甲)医院", CITY),
    (r"^(各级|各地|各有关|有关部门|各相关|各部门|相关部门)", MULTI),
    (r"(专科联盟|医联体|医疗集团)", OTHER_FORM),
    (r"^(每个|每|各|全|本)?(紧密型)?(县域)?(医共体|医疗卫生共同体|牵头(县级)?医院|牵头单位医院)", COMMUNITY),
    (r"^(每个|每|各|全|本)?县(级|域)?(综合|中医|公立|人民)?医院", COMMUNITY),
    (
        r"^(每个|每|各|全|本)?(县域医共体|医共体)?(内)?(各)?"
        r"(成员单位|乡镇卫生院|社区卫生服务中心|村卫生室|基层医疗卫生机构|乡村医疗卫生机构|基层医疗机构)",
        MEMBER,
    ),
    (
        r"^(各|全|本)?县(级|域)?(党委|委|政府|人民政府|卫生健康|卫健|医疗保障|医保|财政|人力资源|机构编制|编办|"
        r"发展改革|疾控|疾病预防控制|农业农村|药监|市场监管)",
        COUNTY,
    ),
    (r"^(县域医共体建设)?推进机制", COUNTY),
]
_ACTORS = [(re.compile(p), level) for p, level in ACTORS]
_CONJUNCTS = re.compile(r"以及|和|与|及|、|，|,|或")
# Where the subject of a sentence ends: a modal word, a comparison, or the first comma.
_SUBJECT_END = re.compile(r"要|应当|应|须|必须|不得|严禁|禁止|达到|不少于|不低于|不超过|至少|，|,|：|:")


def classify_actor(text: str) -> tuple[str, str] | None:
    """(level, matched text) for one actor phrase, or None when no pattern knows it."""
    phrase = (text or "").strip(" 　“”\"'（）()")
    for pattern, level in _ACTORS:
        if m := pattern.search(phrase):
            return level, phrase if level in OTHER_LEVELS else phrase[: m.end()] or phrase
    return None


def bearer_level(bearer: str) -> tuple[str, str] | None:
    """The level of a duty bearer: county-level if any conjunct is, else the first other level.

    None when no conjunct matches any pattern (the bearer is unknown, e.g. "各专业科室").
    """
    found: list[tuple[str, str]] = []
    for part in _CONJUNCTS.split(bearer or ""):
        if part.strip() and (hit := classify_actor(part)):
            found.append(hit)
    for level, phrase in found:
        if level in COUNTY_LEVELS:
            return level, phrase
    return found[0] if found else None


def leading_actor(text: str) -> tuple[str, str] | None:
    """The actor a sentence or heading starts with ("乡镇卫生院房屋建筑面积达到…" → member).

    Only the subject before the first modal word or comma is read, and it must start with the
    actor: "加快构建…县域医共体体系" (a verb first) names no actor.
    """
    text = re.sub(r"^[\s　\W\d]+", "", text or "")
    subject = _SUBJECT_END.split(text, maxsplit=1)[0]
    for part in _CONJUNCTS.split(subject):
        part = part.strip()
        if not part:
            continue
        for pattern, level in _ACTORS:
            anchored = pattern.pattern if pattern.pattern.startswith("^") else "^" + pattern.pattern
            if m := re.match(anchored, part):
                return level, part if level in OTHER_LEVELS else part[: m.end()]
        return None  # the first conjunct decides; a later one is an object, not the subject
    return None


def sentence_before(clause_text: str, span_start: int) -> str:
    """The part of the sentence (up to 。；！？ or a line break) that precedes ``span_start``."""
    head = (clause_text or "")[:span_start]
    cut = max(head.rfind(mark) for mark in "。；;！？\n")
    return head[cut + 1 :]


# Sentences that report rather than impose: a document was issued, a document "required", the
# standard "specifies", or something has already been done.
BACKGROUND_PATTERNS = [
    r"(印发|发布|出台|颁布|下发)了?[^。；]{0,40}《",
    r"》\s*(（[^）]*）|\([^)]*\))?\s*[，,]?\s*(要求|提出|明确|规定|指出)",
    r"^\W*\d{4}\s*年(\d{1,2}\s*月)?[，,]?[^。；]{0,30}(印发|发布|出台|颁布|召开|启动)",
    r"^[^，。；]{1,10}方面[，,：:]\s*(规定|明确|提出|要求)",
    r"^(目前|截至|近年来|自\d{4}年|\d{4}年以来)",
    r"已(经)?(建成|完成|印发|出台|开展|实现|取得|发布)(?!的)",
]
_BACKGROUND = [re.compile(p) for p in BACKGROUND_PATTERNS]
# A clause that continues the previous one cannot stand alone as a question.
CONTINUATION_STARTS = ("其中", "并且", "而且", "以及", "并", "及", "和", "或", "但")
MIN_HAN = 6
BRACKETS = ["（）", "()", "《》", "“”", "【】", "〔〕", "「」", "‘’"]


# A document named after one of these words is followed, not reported: "按照《…》要求，…" imposes.
IMPOSING_WORDS = ("按照", "根据", "依据", "落实", "参照", "执行", "遵照", "对照", "贯彻", "遵守", "符合", "依照")


def _follows_document(text: str, at: int) -> bool:
    """Whether the 《 nearest before ``at`` is introduced by an imposing word in its own phrase."""
    k = text.rfind("《", 0, at + 1)
    if k < 0:
        return False
    phrase = re.split(r"[，,。；;]", text[:k])[-1]
    return any(word in phrase for word in IMPOSING_WORDS)


def is_background(text: str) -> bool:
    text = text or ""
    for pattern in _BACKGROUND:
        for m in pattern.finditer(text):
            if "》" in m.group(0) and _follows_document(text, m.start()):
                continue
            return True
    return False


def _han(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def is_fragment(text: str) -> bool:
    """Cut at a comma, continuing the previous clause, or too short to say what to do."""
    t = (text or "").strip()
    return (
        not t
        or t[-1] in "，,、：:"
        or t.lstrip("“”\"' 　").startswith(CONTINUATION_STARTS)
        or _han(t) < MIN_HAN
    )


def is_truncated(text: str) -> bool:
    """Unbalanced brackets or quotes: the text was cut inside them (or starts with a stray ”)."""
    t = text or ""
    for pair in BRACKETS:
        opened, closed = pair
        depth = 0
        for ch in t:
            if ch == opened:
                depth += 1
            elif ch == closed:
                depth -= 1
                if depth < 0:
                    return True
        if depth != 0:
            return True
    return False


YEAR_MIN, YEAR_MAX = 1990, 2100
YEAR_UNITS = {"", "%", "％", "年"}


def year_as_quantity(value: Decimal | None, unit: str, text: str) -> bool:
    """A 4-digit year beside 年 (``到2025年底`` read as ≥ 2025%) is a deadline, never a threshold."""
    if value is None or (unit or "").strip() not in YEAR_UNITS:
        return False
    if value != value.to_integral_value() or not YEAR_MIN <= int(value) <= YEAR_MAX:
        return False
    return bool(re.search(rf"(?<!\d){int(value)}\s*年", text or ""))


# Placeholders of a model (template) document: XX县, X政办, 某市, ××局, 〇〇县.
PLACEHOLDER_PATTERNS = [
    r"(?<![A-Za-z])[XxＸｘ]{1,3}(省|市|县|区|镇|乡|村|局|委|办|政)",
    r"[×╳]{1,3}(省|市|县|区|镇|乡|局|委)",
    r"某(省|市|县|区|镇|乡)",
    r"[〇○]{2,}(省|市|县|区)",
    r"〔\d{0,2}[XxＸｘ×]{1,4}〕",
]
_PLACEHOLDER = [re.compile(p) for p in PLACEHOLDER_PATTERNS]


def is_placeholder_title(text: str) -> bool:
    return any(p.search(text or "") for p in _PLACEHOLDER)


# Near-duplicates: normalised texts at least this similar (difflib ratio) are one item.
DUPLICATE_RATIO = 0.8
_NOISE = re.compile(r"[\s　\W_]+")


def normalise(text: str) -> str:
    return _NOISE.sub("", text or "")


def similarity(a: str, b: str) -> float:
    a, b = normalise(a), normalise(b)
    if not a or not b:
        return 0.0
    if len(min(a, b, key=len)) >= 12 and (a in b or b in a):
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def common_run(a: str, b: str) -> int:
    """Length of the longest run of characters two normalised texts share."""
    a, b = normalise(a), normalise(b)
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def is_near_duplicate(a: str, b: str) -> bool:
    return similarity(a, b) >= DUPLICATE_RATIO


def clean_title(text: str) -> str:
    """An obligation's text as a question: stray leading marks, "X方面，" and trailing commas go."""
    t = (text or "").strip()
    t = re.sub(r"^[\s　”’\"'，,、；;：:。]+", "", t)
    t = re.sub(r"^[^，。；]{1,8}方面[，,：:]\s*", "", t)
    return re.sub(r"[\s　，,、；;：:]+$", "", t)


@dataclass(frozen=True)
class DocumentFacts:
    """What the builder knows about the document an obligation comes from."""

    title: str = ""
    kind: str = ""
    level: str = ""
    issuers: tuple[str, ...] = ()
    doc_number: str = ""
    stage: str = ""
    is_placeholder: bool = False


@dataclass(frozen=True)
class PortalRegion:
    """The province the portal serves and the names of its cities and counties (regions.toml)."""

    province: str = ""
    places: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        short = self.province[:2] if len(self.province) > 2 else ""
        return tuple(n for n in (self.province, short, *self.places) if n)


def region_from_tree(data: dict) -> PortalRegion:
    """The portal's region from the parsed region tree (``corpus/regions.toml``)."""
    places = []
    for city in data.get("city", []):
        places.append(city.get("name", ""))
        places += [name for _code, name in city.get("counties", [])]
    return PortalRegion(province=data.get("province", {}).get("name", ""), places=tuple(p for p in places if p))


def document_scope(doc: DocumentFacts, region: PortalRegion) -> str:
    """standard | own | national | unknown, or why the document is left out
    (template_document | explanation | other_region)."""
    if doc.stage == "template" or doc.is_placeholder or is_placeholder_title(doc.title) or (
        doc.doc_number and is_placeholder_title(doc.doc_number)
    ):
        return "template_document"
    if doc.kind == "explanation":
        return "explanation"
    if doc.level in {"provincial", "city", "county"}:
        haystack = " ".join((doc.title, *doc.issuers))
        if not (region.names and any(name in haystack for name in region.names)):
            return "other_region"
        return "standard" if doc.kind == "standard" else "own"
    if doc.kind == "standard":
        return "standard"
    return "national" if doc.level == "national" else "unknown"
