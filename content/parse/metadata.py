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
    cn_to_int,
    find_doc_numbers,
    is_placeholder_doc_number,
    normalise_doc_number,
    normalise_standard_code,
    parse_doc_number,
    to_simplified,
)
from content.parse.markers import is_marker_line
from content.parse.normalise import ParseError, fold_width
from content.parse.titles import issued_title, normalise_title

TITLE_SUFFIXES = (
    "办法", "方案", "意见", "通知", "规范", "说明", "标准", "条例", "规定", "细则", "指南", "决定", "法",
    "规则", "准则", "指引", "规划", "计划", "通告", "公告", "复函", "批复", "的函",
)
# The kind of a work from how its title ends (data; the first matching suffix wins).
KIND_BY_SUFFIX = [
    ("编制说明", "explanation"),
    ("规范", "standard"),
    ("标准", "standard"),
    ("准则", "standard"),
    ("指南", "guide"),
    ("指引", "guide"),
    ("办法", "regulation"),
    ("条例", "regulation"),
    ("规定", "regulation"),
    ("细则", "regulation"),
    ("规则", "regulation"),
    ("意见", "opinion"),
    ("方案", "plan"),
    ("规划", "plan"),
    ("计划", "plan"),
    ("通知", "notice"),
    ("通告", "notice"),
    ("公告", "notice"),
    ("法", "law"),
]
STAGE_WORDS = {"征求意见稿": "consultation", "送审稿": "submitted", "报批稿": "approval"}
PROVINCE_PREFIXES = "辽陕晋冀蒙吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏甘青宁新京津沪渝"
FIELDS = (
    "key", "title", "doc_number", "standard_code", "issuers", "date_issued", "date_effective",
    "kind", "level", "stage", "status", "is_placeholder", "notes", "version_label", "source",
)

# --- rules as data ---------------------------------------------------------------------------

# A line that names a standard's category, printed above its title (中华人民共和国金融行业标准).
STANDARD_CATEGORY_RE = re.compile(r"^(?:中华人民共和国)?(?:国家|.{2,8}行业|.{2,8}地方|地方|团体|企业)?标准$")
# Issuer names by level (data): the first table whose pattern matches an issuer decides.
# 直辖市 are named because their name carries no 省: they are provinces in law.
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
LEVEL_BY_ISSUER: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 中国… (中国科协) and …中央 (共青团中央) name national bodies without a place
    ("national", re.compile(r"^(?:中华人民共和国|中共中央|国务院|全国人民代表大会|国家|最高人民|中国|[\u4e00-\u9fff]{2,4}中央)")),
    # a district or county named under its city (某市某区人民政府, 上海市某某区…) is county-level
    ("county", re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:市|州|盟)[\u4e00-\u9fff]{1,6}?(?<![社小])(?:区|县|旗)(?![域级内])")),
    ("provincial", re.compile(rf"^(?:{'|'.join(MUNICIPALITIES)})")),
    ("provincial", re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|自治区)")),
    ("national", re.compile(r"^[\u4e00-\u9fff]{1,12}(?:部|总局|总署)(?:办公厅|办公室)?$")),
    ("county", re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:县|旗)(?!级)")),
    ("city", re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:市|州|盟|地区)(?![场级民])")),
    ("county", re.compile(r"^[\u4e00-\u9fff]{1,8}?区(?![域级])")),
)
# The place a title starts with (上海市…条例, 某州…实施方案): narrower than the issuer table, because a
# title's first words are often not a place (城市社区…, 民族地区…). Weak evidence: flagged for review.
LEVEL_BY_TITLE_PLACE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("national", re.compile(r"^中华人民共和国")),  # 中华人民共和国精神卫生法: a national law
    ("provincial", re.compile(rf"^(?:{'|'.join(MUNICIPALITIES)})")),
    ("provincial", re.compile(r"^[\u4e00-\u9fff]{2,8}?(?:省|自治区)")),
    ("city", re.compile(r"^[\u4e00-\u9fff]{2,4}(?:市|州|盟)(?![场级民域区])")),
    ("county", re.compile(r"^[\u4e00-\u9fff]{2,4}(?:县|旗)(?![域级])")),
)
# Name endings of an issuing body (signature lines, the prefix of 国务院办公厅关于…).
ISSUER_SUFFIXES = (
    "国务院", "办公厅", "办公室", "委员会", "人民政府", "政府", "常务委员会", "中共中央", "总局", "总署",
    "部", "委", "局", "厅", "署", "院", "司", "中心", "领导小组", "联合会",
)
_ISSUER_END = "|".join(sorted(ISSUER_SUFFIXES, key=len, reverse=True))
ISSUER_NAME_RE = re.compile(rf"^[\u4e00-\u9fff（）()、]{{2,40}}?(?:{_ISSUER_END})$")
# Dates: Arabic (2019年3月1日, 2019-03-01) and Chinese numerals (二〇一九年三月一日).
# ○ (a white circle) and Ｏ stand for 〇 in many web copies (二○○九年十二月二十八日)
_CN_DIGITS = "〇○Ｏ零一二三四五六七八九"
_CN_DIGIT_VALUE = {"〇": 0, "○": 0, "Ｏ": 0, "零": 0} | {ch: i for i, ch in enumerate("一二三四五六七八九", start=1)}
DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    r"|(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})"
    rf"|(?P<cy>[{_CN_DIGITS}]{{4}})\s*年\s*(?P<cm>[一二三四五六七八九十]{{1,3}})\s*月\s*(?P<cd>[一二三四五六七八九十]{{1,3}})\s*日"
)
_DATE_TEXT = r"(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})"
STANDARD_DATES_RE = re.compile(rf"(?P<a>{_DATE_TEXT})\s*发布\s*(?P<b>{_DATE_TEXT})\s*实施")
# What the words around a date say it is (data). A head line: date + verb.
ISSUE_VERBS = ("公布", "发布", "印发", "颁布")
ADOPTED_BY_CONGRESS_RE = re.compile(r"人民代表大会(?:常务委员会)?第.{1,6}次会议通过$|人民代表大会常务委员会会议通过$")
# 经人力资源和社会保障部第6次部务会议通过: the body is the issuer; a meeting date is no issue date
ADOPTED_BY_BODY_RE = re.compile(r"^经?(?P<body>[\u4e00-\u9fff]{2,30}?)第.{1,6}次(?:部务|委务|局务|署务|主任|常务|全体)会议(?:审议)?通过$")
EFFECTIVE_LINE_RE = re.compile(r"^(?:起)?施行$|^实施$|^起施行$")
SELF_REFERENCE = "(?:条例|办法|规定|细则|法|决定|通知|意见|方案|标准|规范|指南|准则|规则|实施方案)"
EFFECTIVE_BODY_RE = re.compile(rf"本{SELF_REFERENCE}自(?P<when>.{{1,24}}?)起(?:施行|实施|执行)")
ORDER_EFFECTIVE_RE = re.compile(r"现予(?:公布|发布|印发)[，,]\s*自(?P<when>.{1,24}?)起(?:施行|实施|执行)")
FROM_PUBLICATION_RE = re.compile(r"^(?:公布|发布|印发|颁布)之日$")
PAGE_ISSUED = ("成文日期", "发文日期")
PAGE_EFFECTIVE = ("生效日期", "实施日期")


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
    review: list[str] = field(default_factory=list)  # fields detected with low confidence
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
    # a web table's cell border left beside the title (``某某的通知 |``) is no part of it
    return re.sub(r"\s+", "", line).strip("：:|｜")


def parse_date(text: str) -> date | None:
    """The first date in ``text`` (2019年3月1日, 2019-03-01, 二〇一九年三月一日), or None."""
    match = DATE_RE.search(text)
    if not match:
        return None
    try:
        if match.group("y"):
            return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        if match.group("y2"):
            return date(int(match.group("y2")), int(match.group("m2")), int(match.group("d2")))
        year = int("".join(str(_CN_DIGIT_VALUE[ch]) for ch in match.group("cy")))
        return date(year, cn_to_int(match.group("cm")), cn_to_int(match.group("cd")))
    except ValueError:
        return None


def level_of(issuer: str) -> str:
    """national / provincial / city / county from an issuer's name; "" when no rule knows it."""
    name = re.sub(r"\s+", "", issuer or "")
    for level, pattern in LEVEL_BY_ISSUER:
        if pattern.search(name):
            return level
    return ""


def _issuer_of_order(order_issuer: str) -> str:
    """国务院令 → 国务院, 中华人民共和国国务院令 → 国务院, 国家药品监督管理局令 → 国家药品监督管理局."""
    name = order_issuer.removesuffix("令")
    if name.startswith("中华人民共和国") and len(name) > 7:
        name = name.removeprefix("中华人民共和国")
    return "" if name == "主席" or name.endswith("主席") else name


def _congress(line: str) -> str:
    """上海市第十四届人民代表大会常务委员会第三十一次会议通过 → 上海市人民代表大会常务委员会."""
    match = re.search(rf"(?P<place>[\u4e00-\u9fff]{{0,12}}?)(?:第{CN_NUM_RE}届)?(?P<body>(?:全国)?人民代表大会(?:常务委员会)?)", line)
    if not match:
        return ""
    place = re.sub(r"^(?:\d.*?日\s*)", "", match.group("place")).strip()
    return place + match.group("body")


CN_NUM_RE = "[零〇一二三四五六七八九十百]+"


def _head_dates(head: list[str], spec: DocumentSpec) -> None:
    """Dates and issuers from the lines under a title (2008年1月31日 国务院令第517号公布 …)."""
    for index, line in enumerate(head):
        when = parse_date(line) if len(line) <= 80 else None  # a head line, not a paragraph
        if when is None or "修订" in line or "修正" in line or "修改" in line:
            continue
        rest = DATE_RE.sub("", line, count=1).strip().strip("（()）").strip()
        orders = [n for n in find_doc_numbers(line) if n.form in ("order", "joint_order")]
        nxt = head[index + 1] if index + 1 < len(head) else ""
        if rest.endswith(ISSUE_VERBS) or orders:
            spec.date_issued = spec.date_issued or when
            for number in orders + [n for n in find_doc_numbers(nxt) if n.form == "order" and not parse_date(nxt)]:
                names = bodies(number.issuer) if number.form == "joint_order" else [_issuer_of_order(number.issuer)]
                for name in names:
                    if name and name not in spec.issuers:
                        spec.issuers.append(name)
            bare = re.sub(rf"(?:{'|'.join(ISSUE_VERBS)})$", "", rest).strip()
            if not orders and ISSUER_NAME_RE.match(bare) and bare not in spec.issuers:
                spec.issuers.append(bare)
        elif ADOPTED_BY_CONGRESS_RE.search(rest):
            spec.date_issued = spec.date_issued or when
            body = _congress(rest)
            if body and body not in spec.issuers:
                spec.issuers.append(body)
        elif EFFECTIVE_LINE_RE.match(rest):
            spec.date_effective = spec.date_effective or when
        elif (body_match := ADOPTED_BY_BODY_RE.match(rest)) and ISSUER_NAME_RE.match(body_match.group("body")):
            if body_match.group("body") not in spec.issuers:
                spec.issuers.append(body_match.group("body"))
    # A standard's cover: 2024-11-20 发布 2024-11-20 实施
    for line in head:
        match = STANDARD_DATES_RE.search(line) if len(line) <= 60 else None
        if match:
            spec.date_issued = spec.date_issued or parse_date(match.group("a"))
            spec.date_effective = spec.date_effective or parse_date(match.group("b"))


def bodies(line: str) -> list[str]:
    """The issuing bodies a line names, or []: one body, or several set apart by spaces or 、
    (a joint signature row 青海省卫生厅      青海省教育厅, a title prefix 甲部、乙部)."""
    pieces = [p for p in re.split(r"\s+|、", line.strip()) if p]
    if len(pieces) > 1 and all(ISSUER_NAME_RE.match(p) and len(p) <= 30 for p in pieces):
        return pieces
    name = re.sub(r"\s+", "", line)
    if "、" not in name and ISSUER_NAME_RE.match(name) and len(name) <= 30:
        return [name]
    return []


# A body and its date on one line (某市某局2016年4月20日)
_BODY_DATE_RE = re.compile(rf"^(?P<body>[\u4e00-\u9fff（）()、]{{2,60}}?)(?P<date>{DATE_RE.pattern})$")


def _signature(lines: list[str]) -> tuple[list[str], date | None]:
    """Issuing bodies and date of the signature block at the end (before any 附件 lines)."""
    end = len(lines)
    while end > 0 and (re.match(r"^附\s*件", lines[end - 1]) or re.match(r"^\d{1,2}\s*[.．、]", lines[end - 1])):
        end -= 1
    tail = lines[max(0, end - 12) : end]
    when, names = None, []
    for i in range(len(tail) - 1, max(-1, len(tail) - 7), -1):
        line = re.sub(r"\s+", "", tail[i])
        glued = _BODY_DATE_RE.match(line)
        if DATE_RE.fullmatch(line) or glued and bodies(glued.group("body")):
            when = parse_date(line)
            names = bodies(glued.group("body")) if glued else []
            for j in range(i - 1, -1, -1):
                found = bodies(tail[j])
                if not found:
                    break
                names[:0] = found
            break
    return names, when


def _head_signature(head: list[str]) -> tuple[list[str], date | None]:
    """The signature of a covering notice printed before the document it issues or forwards:
    an issuing body's line, then a date line of its own (国务院办公厅 / 二○○九年十二月二十八日)."""
    for i in range(1, len(head)):
        line = re.sub(r"\s+", "", head[i])
        if DATE_RE.fullmatch(line) and bodies(head[i - 1]):
            return bodies(head[i - 1]), parse_date(line)
    # a date line of its own right after the notice's last sentence (…认真组织实施。/ 二○○七年一月二十三日)
    for i in range(1, len(head)):
        line = re.sub(r"\s+", "", head[i])
        if DATE_RE.fullmatch(line) and head[i - 1].rstrip().endswith("。") and len(head[i - 1]) >= 10:
            return [], parse_date(line)
    return [], None


def detect(text: str, found: dict | None = None) -> DocumentSpec:
    """Guess title, 文号, standard code, dates, issuers, kind, level and stage from the text.

    Reads a simplified fold of the text (traditional characters folded one for one); a field
    read from weak evidence is named in ``spec.review``.
    """
    found = found or {}
    spec = DocumentSpec()
    # Fold only what is read: the head, the signature and lines that may say when it takes effect.
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    lines = [to_simplified(line) if i < 15 or i >= len(lines) - 12 or "起" in line else line for i, line in enumerate(lines)]
    head = lines[:15]
    # an order's heading printed over two lines: 国家某某委员会令 / 第2号
    numbers = [
        normalise_doc_number(line + head[i + 1])
        for i, line in enumerate(head[:-1])
        if line.endswith("令") and len(line) <= 30 and _ORDER_SERIAL_RE.match(head[i + 1])
    ]
    # a 文号 in an attachment's line or file name (附件:某函〔2016〕94号.pdf) names the attached
    # document, not this one
    numbers += [normalise_doc_number(line) for line in head if len(line) <= 30 and not _ATTACHMENT_LINE_RE.search(line)]
    spec.doc_number = next((n for n in numbers if n), "")
    page_number = found.get("page:文号") or found.get("page:发文字号")
    if not spec.doc_number and page_number:
        spec.doc_number = normalise_doc_number(page_number)
    codes = [normalise_standard_code(line) for line in head[:5] if "《" not in line]
    spec.standard_code = next((c for c in codes if c), "")
    title = found.get("title", "")
    title_index = -1
    if not title:
        # a line that is a title by itself wins over lines joined into one (a web page's headline
        # or breadcrumb above the title would otherwise be joined to it)
        for index, line in enumerate(head[:6]):
            candidate = _clean_title(line)
            if not _is_title(candidate) or _WEB_SEPARATOR_RE.search(candidate):
                # a web headline (标题 | 栏目 | 网站, or 栏目 | 标题) is not the printed title: only the
                # title before the site's names counts
                candidate = _title_before_site_name(line)
            if not _is_title(candidate) or _not_a_title(candidate):
                continue
            previous = head[index - 1].strip() if index else ""
            own_issuer = bool(bodies(re.split(r"关于", candidate, maxsplit=1)[0])) if "关于" in candidate[1:] else False
            if previous and not own_issuer and _title_fragment(previous) and _is_title(_clean_title(previous) + candidate):
                continue  # the second line of a title broken over lines (…医疗卫生 / 共同体建设实施方案)
            title, title_index = candidate, index
            # …三年行动计划 / (2023—2025年)的通知: the line below ends the same title
            nxt = _clean_title(head[index + 1]) if index + 1 < len(head) else ""
            if nxt and _TITLE_TAIL_RE.match(nxt) and len(title + nxt) <= 80:
                title, title_index = title + nxt, index + 1
            break
    if not title:
        for index, line in enumerate(head[:6]):
            candidate = _clean_title(line)
            if _not_a_title(candidate):
                continue
            if _is_title(candidate):
                title, title_index = candidate, index
                break
            # A title broken over two or three lines; a signature (a body's name over a date
            # line) and a date line are never part of it.
            if index + 1 < len(head) and _is_date_line(head[index + 1]):
                continue
            joined = candidate
            for k in range(index + 1, min(index + 3, len(head))):
                nxt = _clean_title(head[k])
                if re.search(r"[。；，,;]", nxt) or len(joined) > 60 or _not_a_title(nxt):
                    break
                joined += nxt
                if _is_title(joined):
                    title, title_index = joined, k
                    break
            if title:
                break
    if not title and not found.get("title"):
        # No line reads as a title: the first substantive line stands in, for an editor to check
        # (a real document is not refused because a title rule failed).
        title = _best_title_candidate(head[:6])
        if title:
            spec.review.append("title")
    title = to_simplified(title)
    # 关于印发X的通知 followed by X printed as a heading of its own: the file is X itself.
    inner = re.match(r"^(?:.{0,40}?)关于(?:印发|转发)(?P<inner>.+)的通知$", _clean_title(title).strip("《》"))
    if inner and title_index >= 0:
        wanted = inner.group("inner").strip("《》")
        joined = ""
        for k in range(title_index + 1, min(title_index + 4, len(head))):
            joined += _clean_title(head[k])
            if joined == wanted:
                title = wanted
                break
            if not wanted.startswith(joined):
                break
    spec.title = _clean_title(title).strip("《》") if title else ""
    for word, stage in STAGE_WORDS.items():
        if word in "".join(head[:4]):
            spec.stage = stage
            spec.title = re.sub(rf"[（(]{word}[)）]", "", spec.title)
    bare = re.sub(r"[（(].*?[)）]$", "", spec.title)
    spec.kind = next((kind for suffix, kind in KIND_BY_SUFFIX if bare.endswith(suffix)), "other")
    if spec.kind == "other" and not _is_title(spec.title) and any(COVERING_SENTENCE_RE.search(line) for line in head[:8]):
        spec.kind = "notice"
    _detect_dates_and_issuers(spec, lines, head, found)
    if spec.kind == "standard" and not spec.standard_code and _issued_by_order(spec):
        # a rule published by an order (某局令第27号) is a regulation whatever its title's last word
        # (…质量管理规范); a standard carries its code
        spec.kind = "regulation"
    _detect_level(spec)
    placeholder_number = bool(spec.doc_number) and is_placeholder_doc_number(spec.doc_number)
    if "XX" in spec.title or placeholder_number:
        spec.is_placeholder = placeholder_number
        spec.stage = spec.stage or "template"
        spec.level = "county" if "县" in spec.title[:4] else spec.level
    if found.get("issuer"):
        spec.issuers = [found["issuer"]]
    return spec


_ATTACHMENT_LINE_RE = re.compile(r"^附\s*件|\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar)$", re.I)
# A covering notice's own sentence (现将…转发给你们 / 现印发给你们): the document is a notice even
# when no title line names it.
COVERING_SENTENCE_RE = re.compile(r"现(?:将|把)?.{0,60}?(?:转发|印发|印送)给你们")
_ORDER_SERIAL_RE = re.compile(r"^[（(]?第\s*[0-9零〇一二三四五六七八九十百千]{1,8}\s*号[)）]?$")


def _issued_by_order(spec: DocumentSpec) -> bool:
    number = parse_doc_number(spec.doc_number) if spec.doc_number else None
    return number is not None and number.form in ("order", "joint_order") and not number.issuer.endswith("主席令")


# The last line of a title broken before its edition note or its 的通知: (2023—2025年)的通知, （试行）
_TITLE_TAIL_RE = re.compile(
    r"^(?:[（(][^（）()]{1,20}[)）])?(?:的(?:通知|意见|决定|批复|函|通告|公告|实施意见|指导意见))?$"
)


def _title_fragment(line: str) -> bool:
    """A line that may be the first part of a broken title: no sentence or page furniture in it
    (no 《》 quoting another title, no spaces between words, no breadcrumb >, no punctuation)."""
    return not (
        re.search(r"[《》>|。；，,;：:!！?？]", line)
        or re.search(r"\S\s+\S", line)
        or _is_title(_clean_title(line))
        or _not_a_title(_clean_title(line))
    )


# A web page's headline: the title, then the column and the site after _ or | or " - "
# (某某的通知_政策文件_某某市人民政府门户网站).
_SITE_SEPARATOR_RE = re.compile(r"\s*(?:_|\||｜|\s[-–—]\s)\s*")


def _title_before_site_name(line: str) -> str:
    pieces = [piece for piece in _SITE_SEPARATOR_RE.split(line.strip()) if piece]
    if len(pieces) < 2:
        return ""
    first = _clean_title(pieces[0])
    rest = [_clean_title(piece) for piece in pieces[1:]]
    if _is_title(first) and all(len(piece) <= 24 and not re.search(r"[《》。；，,]", piece) for piece in rest):
        return first
    return ""


def _is_date_line(line: str) -> bool:
    return bool(DATE_RE.fullmatch(re.sub(r"\s+", "", line)))


def _best_title_candidate(head: list[str]) -> str:
    """The first line of the head that could name the document: short, not a sentence, not an
    addressee (…：), a clause, a 文号, a code, a date or a link. A head that says it publishes
    a 《title》 (某某办公厅发布《X实施细则》) names the document first."""
    for line in head:
        published = re.search(r"(?:发布|印发|公布|颁布)了?《(?P<title>[^《》]{4,80})》", line)
        if published and _is_title(_clean_title(published.group("title"))):
            return _clean_title(published.group("title"))
    for line in head:
        candidate = _clean_title(line)
        if (
            4 <= len(candidate) <= 80
            and not re.search(r"[。；;]|https?:|[：:]$", line.strip())
            and not _not_a_title(candidate)
            and not is_marker_line(line.strip())
        ):
            return candidate
    return ""


# A page's stamp: a poster and a time of day (某网 发表于 2020-1-26 21:33:07): never a title nor a
# piece of one.
_STAMP_RE = re.compile(r"发表于|\d{1,2}:\d{2}(?::\d{2})?$")


_WEB_SEPARATOR_RE = re.compile(r"[|｜]")
# A letter's closing formula (特此批复, 特此通知, 此复) ends a text; it never names one.
_CLOSING_FORMULA_RE = re.compile(r"^(?:特此|此)(?:通知|批复|函复|函告|复函|公告|通告|报告|复|函)?[。.]?$")


def _not_a_title(candidate: str) -> bool:
    return bool(
        _CLOSING_FORMULA_RE.match(candidate)
        or _is_date_line(candidate)
        or _STAMP_RE.search(candidate)
        or STANDARD_CATEGORY_RE.match(candidate)
        or normalise_standard_code(candidate)
        or normalise_doc_number(candidate)
    )


def _is_title(candidate: str) -> bool:
    return bool(
        4 <= len(candidate) <= 80
        and candidate.rstrip("）)").endswith(TITLE_SUFFIXES)
        or re.search(r"（(?:征求意见稿|试行)）$", candidate)
    )


def _detect_dates_and_issuers(spec: DocumentSpec, lines: list[str], head: list[str], found: dict) -> None:
    _head_dates(head[:8], spec)
    names, signed = _signature(lines)
    if not signed:
        names, signed = _head_signature(lines[:20])
    if signed and not spec.date_issued:
        spec.date_issued = signed
    if not spec.issuers and names:
        spec.issuers = names
    if not spec.date_issued and parse_date(found.get("page:header_date", "")):
        # a date printed above the 文号 in a law database's header: likely the issue date, for review
        spec.date_issued = parse_date(found["page:header_date"])
        spec.review.append("issued")
    if not spec.date_issued:
        for label in PAGE_ISSUED:
            if found.get(f"page:{label}") and parse_date(found[f"page:{label}"]):
                spec.date_issued = parse_date(found[f"page:{label}"])
                break
    # 本条例自2021年1月1日起施行 / 自公布之日起施行
    for line in reversed(lines):
        match = EFFECTIVE_BODY_RE.search(line) if "起" in line else None
        if not match:
            continue
        when = match.group("when")
        if FROM_PUBLICATION_RE.match(when):
            if spec.date_issued and not spec.date_effective:
                spec.date_effective = spec.date_issued
        elif parse_date(when) and not spec.date_effective:
            spec.date_effective = parse_date(when)
        break
    if not spec.date_effective:
        # an order's sentence: 《X》已经…通过，现予公布，自2023年7月1日起施行。
        for line in head[:8]:
            match = ORDER_EFFECTIVE_RE.search(line)
            if match and parse_date(match.group("when")):
                spec.date_effective = parse_date(match.group("when"))
                break
            if match and FROM_PUBLICATION_RE.match(match.group("when")) and spec.date_issued:
                spec.date_effective = spec.date_issued
                break
    if not spec.date_effective and any(re.fullmatch(r"(?:自)?(?:公布|发布)之日(?:起)?施行", h) for h in head[:8]):
        spec.date_effective = spec.date_issued
    if not spec.date_effective:
        for label in PAGE_EFFECTIVE:
            if found.get(f"page:{label}") and parse_date(found[f"page:{label}"]):
                spec.date_effective = parse_date(found[f"page:{label}"])
                break
    if not spec.issuers and _issued_by_order(spec):
        # the body whose order (令) published the document
        number = parse_doc_number(spec.doc_number)
        if number.form == "joint_order":
            spec.issuers = bodies(number.issuer)
        else:
            name = _issuer_of_order(number.issuer)
            if name and ISSUER_NAME_RE.match(name):
                spec.issuers = [name]
    if not spec.issuers:
        # the issuer prefix of the title, one body or several (甲部办公厅、乙部办公厅关于…)
        prefix = re.match(r"^(?P<p>[^《》关]{2,120}?)关于", spec.title)
        if prefix and "title" not in spec.review:
            spec.issuers = bodies(prefix.group("p"))


def _detect_level(spec: DocumentSpec) -> None:
    levels = {level_of(issuer) for issuer in spec.issuers} - {""}
    if len(levels) == 1:
        spec.level = levels.pop()
        return
    code = spec.doc_number
    if code and (code.startswith("国") or re.match(r"^[\u4e00-\u9fff]{1,4}部[\u4e00-\u9fff]*[发令函字]", code)):
        spec.level = "national"
    elif code and re.match(r"^卫[\u4e00-\u9fff]{0,4}[发函字]", code):
        spec.level = "national"  # 卫X发: the former Ministry of Health (a province's code opens with its place)
        spec.review.append("level")
    elif spec.standard_code.startswith(("GB", "WS")) or re.match(r"^[A-Z]{2,3}/T\s", spec.standard_code) and not spec.standard_code.startswith("DB"):
        spec.level = "national"
    elif spec.standard_code.startswith("DB"):
        spec.level = "provincial"
    elif code and code[:1] in PROVINCE_PREFIXES:
        spec.level = "provincial"
        spec.review.append("level")
    else:
        # The place a title starts with, when it names one (上海市…条例); weak evidence.
        level = next((lv for lv, pattern in LEVEL_BY_TITLE_PLACE if pattern.search(spec.title)), "")
        if level:
            spec.level = level
            spec.review.append("level")
    if not spec.level and spec.issuers:
        # named issuers whose names tell no level (a body without a place): empty, for an editor
        spec.review.append("level")


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


def _is_title_of_issued(flat: str) -> bool:
    """A whole title of an issued document (…工作要点, …实施方案), not a fragment of one."""
    return bool(re.search(r"(?:要点|总结|" + "|".join(TITLE_SUFFIXES) + r")(?:[（(][^（）()]{1,20}[)）])?$", flat))


def strip_title_lines(preamble: list[str], spec: DocumentSpec) -> list[str]:
    """Drop the lines of a preamble that only repeat the title, 文号, standard code or 'XX文件'
    header."""
    title = normalise_title(spec.title)
    # a covering notice (关于印发X的通知) followed by X: after the notice's signature date, X's own
    # heading (a part of the notice's title) opens the issued document and stays
    issued = issued_title(spec.title)
    signed = False
    kept = []
    for line in preamble:
        flat = normalise_title(line)
        if not flat:
            continue
        if signed and issued and flat != title and flat in issued and _is_title_of_issued(flat):
            kept.append(line)
            continue
        signed = signed or _is_date_line(line)
        if title and (flat in title or title in flat and (flat.endswith(("...", "…")) or len(flat) <= len(title) + 12)):
            continue
        if spec.doc_number and fold_width(flat) == spec.doc_number:
            continue
        if spec.standard_code and normalise_standard_code(line) == normalise_standard_code(spec.standard_code):
            continue  # the document's own code on its cover (JR/T 0314—2024) is no citation
        if flat.endswith("文件") and len(flat) <= 30:
            continue
        if title and flat.startswith(title[:8]) and flat.endswith(("...", "…")):
            continue
        kept.append(line)
    return kept


_ARTICLE_LINE_RE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条", re.M)


def issued_headings(spec: DocumentSpec, text: str) -> frozenset[str]:
    """The titles (normalised) of the documents a covering notice (关于印发X和Y的通知) issues,
    when its text prints them after its signature as headings of their own and carries no
    articles; empty otherwise."""
    inner = issued_title(spec.title)
    if not inner or _ARTICLE_LINE_RE.search(text):
        return frozenset()
    pieces = {inner} | {p for p in re.split(r"[和及、]", inner) if _is_title_of_issued(p)}
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    signed = next((i for i, line in enumerate(lines) if _is_date_line(line)), None)
    if signed is None:
        return frozenset()
    found = {normalise_title(line) for line in lines[signed + 1 :]} & pieces
    return frozenset(found)
