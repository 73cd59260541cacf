"""One grammar for the identifiers of Chinese policy text — 文号、标准编号、条款编号、中文数字.

Pure: no Django. The importer, the citation resolver, the extractors and search all parse and
normalise identifiers here, so that a 文号 or a standard code written one way in a document and
another way in a query or a citation meets itself.

- Numerals: ``cn_to_int`` reads 一/十四/一百零五/两/〇, Arabic and full-width digits and ①…⑳
  (Chinese numerals through ``cn2an``).
- 文号 (发文字号, GB/T 9704—2012 7.2.4): ``parse_doc_number`` and ``find_doc_numbers`` know three
  forms (``FORMS``): an issuer code with a bracketed year (国卫基层发〔2023〕41号, any bracket,
  traditional 號/發), an order (国家卫生健康委员会令第2号, 主席令第八十一号) and an
  announcement (国家卫生健康委员会公告2023年第5号). A template's placeholder (X政办〔20XX〕X号)
  parses, marked ``placeholder``.
- Standard codes (标准编号): ``parse_standard_code`` and ``find_standard_codes`` read the
  families in ``STANDARD_FAMILIES`` (GB, GB/T, WS/T, DB21/T, T/CHIA …) → ``GB/T 27775-2011``.
- Clause labels (条款编号): ``parse_clause_label`` reads 第十四条第二款第三项, 第三章, （一）,
  附录A, 5.2.1, 专栏一 into parts and a path written as ``content.parse.structure`` writes it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cn2an

# --- characters ----------------------------------------------------------------------------

# Full-width ASCII (digits, Latin letters, slash, hyphen, brackets) → half-width.
_FULLWIDTH = str.maketrans({chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "})
DASHES = "-—–－―‐‑‒−"


def to_halfwidth(text: str) -> str:
    """Full-width ASCII letters, digits and signs → half-width; other characters unchanged."""
    return text.translate(_FULLWIDTH)


@lru_cache(maxsize=1)
def _t2s() -> dict[int, int]:
    """Traditional → simplified, one character to one, from OpenCC's own character table."""
    import opencc

    table: dict[int, int] = {}
    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and len(target) == 1 and source != target:
            table[ord(source)] = ord(target)
    return table


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """The characters the fold changes: most text has none and is returned as it is."""
    return frozenset(chr(code) for code in _t2s())


def to_simplified(text: str) -> str:
    """國衛辦發 → 国卫办发 (character for character, so offsets are kept)."""
    if _traditional().isdisjoint(text):
        return text
    return text.translate(_t2s())


# --- numerals ------------------------------------------------------------------------------

CN_NUMERAL_CHARS = "零〇一二三四五六七八九十百千两"
CN_NUM = f"[{CN_NUMERAL_CHARS}]+"
# A number as printed in a label: Chinese numerals, Arabic or full-width digits.
ANY_NUM = rf"(?:{CN_NUM}|[0-9０-９]+)"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@lru_cache(maxsize=4096)
def cn_to_int(text: str) -> int:
    """一 → 1, 十四 → 14, 一百零五 → 105, 两 → 2, ２１ → 21, ③ → 3; ValueError otherwise."""
    text = to_halfwidth(text.strip())
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1 and text in CIRCLED:
        return CIRCLED.index(text) + 1
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a number: {text!r}")
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError) as exc:  # cn2an's own errors are ValueError
        raise ValueError(f"not a number: {text!r}") from exc
    if value != int(value):
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)


def parse_numeral(text: str) -> int | None:
    """``cn_to_int`` that answers None instead of raising."""
    try:
        return cn_to_int(text)
    except ValueError:
        return None


def int_to_cn(n: int) -> str:
    """14 → 十四, 105 → 一百零五 (as labels print them)."""
    return cn2an.an2cn(str(n), "low")


# --- 文号 ----------------------------------------------------------------------------------

# Brackets that people type around a 文号 year, all meaning 〔〕 (GB/T 9704—2012, 7.2.4).
YEAR_OPEN = "〔[［【（(﹝{｛〖"
YEAR_CLOSE = "〕]］】）)﹞}｝〗"
# Characters a template uses in place of a digit or an issuer code (X政办〔20XX〕X号).
PLACEHOLDER_CHARS = "XxＸｘ×＊*"
_HAO = "号號"
_PH = re.escape(PLACEHOLDER_CHARS)
_DIGIT = "0-9０-９"
_ISSUER = rf"[\u4e00-\u9fffA-Za-zＡ-Ｚａ-ｚ{_PH}]"
# Words that end the left context of an issuer code: the 文号 starts after the last of them.
LEFT_STOPS = (
    "根据", "依据", "依照", "按照", "参照", "贯彻落实", "贯彻", "落实", "印发", "转发", "关于",
    "以及", "文件", "通过", "执行", "遵守", "实施", "施行", "发布", "公布", "和", "及", "与", "的",
    "见", "即", "是", "为", "以", "在", "将",
)

# Words of names that hold a left-context stop (和): never cut inside them.
NAME_WORDS = ("中华人民共和国", "共和国")

# An order (令) is issued by an organisation or office whose name ends in one of these.
ORDER_ISSUER_SUFFIXES = ("主席", "国务院", "委员会", "总局", "办公厅", "人民政府", "政府", "部", "委", "局", "署")

# The forms of a 文号, as data: (name, pattern). Each pattern names ``issuer``, ``year``
# (may be absent) and ``serial``.
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "bracket",  # 国卫基层发〔2023〕41号, 国办发[2015]70号, 國辦發〔2015〕70號
        re.compile(
            rf"(?P<issuer>{_ISSUER}{{1,12}}?)\s*[{re.escape(YEAR_OPEN)}]\s*"
            rf"(?P<year>(?:19|20|１９|２０)[{_DIGIT}{_PH}]{{2}}|[{_DIGIT}]{{4}})\s*[{re.escape(YEAR_CLOSE)}]\s*"
            rf"(?:第\s*)?(?P<serial>[{_DIGIT}]{{1,5}}|[{_PH}]{{1,3}})\s*[{_HAO}]"
        ),
    ),
    (
        "order",  # 国家卫生健康委员会令第2号, 中华人民共和国主席令第八十一号, 国务院令（第732号）
        re.compile(
            rf"(?P<issuer>[\u4e00-\u9fff]{{0,20}}?(?:{'|'.join(ORDER_ISSUER_SUFFIXES)})令)\s*[（(]?\s*第\s*"
            rf"(?P<serial>[{_DIGIT}]{{1,5}}|{CN_NUM}|[{_PH}]{{1,3}})\s*[{_HAO}][)）]?"
        ),
    ),
    (
        "joint_order",  # an order of several bodies, its serial before 令: 甲局、乙总署第4号令
        re.compile(
            rf"(?P<issuer>(?:[\u4e00-\u9fff]{{2,20}}?(?:{'|'.join(ORDER_ISSUER_SUFFIXES)})、){{1,6}}"
            rf"[\u4e00-\u9fff]{{2,20}}?(?:{'|'.join(ORDER_ISSUER_SUFFIXES)}))\s*第\s*"
            rf"(?P<serial>[{_DIGIT}]{{1,5}}|{CN_NUM})\s*[{_HAO}]令"
        ),
    ),
    (
        "announcement",  # 国家卫生健康委员会公告2023年第5号, 公告〔2023〕5号 is the bracket form
        re.compile(
            rf"(?P<issuer>[\u4e00-\u9fff]{{0,24}}?公告)\s*[（(]?\s*(?P<year>(?:19|20)[{_DIGIT}{_PH}]{{2}})\s*年\s*"
            rf"第\s*(?P<serial>[{_DIGIT}]{{1,5}}|{CN_NUM}|[{_PH}]{{1,3}})\s*[{_HAO}][)）]?"
        ),
    ),
)


@dataclass(frozen=True)
class DocNumber:
    """A parsed 文号 — 发文字号: issuer code, year, serial; ``normal`` is how GB/T 9704 prints it."""

    form: str  # bracket, order, joint_order, announcement
    issuer: str  # 国卫基层发 / 国家卫生健康委员会令 / 国家卫生健康委员会公告
    year: str  # "2023", "20XX" for a placeholder, "" for an order
    serial: str  # "41", "X" for a placeholder
    placeholder: bool
    start: int = 0
    end: int = 0

    @property
    def normal(self) -> str:
        if self.form == "order":
            return f"{self.issuer}第{self.serial}号"
        if self.form == "joint_order":
            return f"{self.issuer}第{self.serial}号令"
        if self.form == "announcement":
            return f"{self.issuer}{self.year}年第{self.serial}号"
        return f"{self.issuer}〔{self.year}〕{self.serial}号"


def _is_placeholder(value: str) -> bool:
    return any(ch in PLACEHOLDER_CHARS for ch in value)


def _placeholder_upper(value: str) -> str:
    return re.sub(f"[{_PH}]", "X", value)


def _trim_issuer(issuer: str) -> int:
    """How many characters of left context (根据、的、和…) to drop from a matched issuer code."""
    best = 0
    for stop in LEFT_STOPS:
        k = issuer.rfind(stop)
        if k >= 0 and k + len(stop) > best and k + len(stop) < len(issuer):
            best = k + len(stop)
    # A stop inside a name is no stop: 中华人民共和国国务院令 keeps its 和.
    for word in NAME_WORDS:
        k = issuer.rfind(word)
        if k >= 0 and k < best < k + len(word):
            best = _trim_issuer(issuer[:k]) if k else 0
    return best


_DATE_IN_ISSUER_RE = re.compile(rf"^(?:[{CN_NUMERAL_CHARS}〇○]*年)?(?:[{CN_NUMERAL_CHARS}]{{1,3}}月)?[{CN_NUMERAL_CHARS}]{{0,3}}日")


def _doc_number(form: str, match: re.Match, trim: bool) -> DocNumber | None:
    issuer = match.group("issuer") or ""
    start = match.start("issuer") if issuer else match.start()
    if trim:
        cut = _trim_issuer(issuer)
        issuer, start = issuer[cut:], start + cut
        # a date printed right before the number (2014年7月30日国务院令…, 一九九〇年六月四日国家…令)
        # is no part of it
        date = _DATE_IN_ISSUER_RE.match(issuer)
        if date and (date.group(0) != "日" or start > 0 and re.match(rf"[{_DIGIT}]", match.string[start - 1])):
            issuer, start = issuer[date.end() :], start + date.end()
        # 经原…令 / 原…令 (the former body): 原卫生部令第1号 is 卫生部令第1号
        if form == "order":
            former = re.match(r"^经?原(?=国|.+部令$)", issuer)
            if former:
                issuer, start = issuer[former.end() :], start + former.end()
    issuer = to_simplified(to_halfwidth(issuer)).replace(" ", "")
    year = to_halfwidth(match.groupdict().get("year") or "")
    serial = to_halfwidth(match.group("serial"))
    placeholder = _is_placeholder(issuer) or _is_placeholder(year) or _is_placeholder(serial)
    issuer = re.sub(f"^[{_PH}]+", lambda m: "X" * len(m.group(0)), issuer)
    year, serial = _placeholder_upper(year), _placeholder_upper(serial)
    if serial.isdigit():
        serial = str(int(serial))
    elif not _is_placeholder(serial):
        value = parse_numeral(serial)
        if value is None:
            return None
        serial = str(value)
    if form == "bracket" and not issuer:
        return None
    return DocNumber(form, issuer, year, serial, placeholder, start, match.end())


# What each form cannot do without (a bracketed year, 令第, 公告+year): the full pattern, whose
# issuer code is matched lazily from every position, runs only in a window around these, so a
# long text costs one cheap scan, not a dozen backtracking attempts per character.
_ANCHORS = {
    "bracket": re.compile(rf"[{re.escape(YEAR_OPEN)}]\s*[{_DIGIT}12１２]"),
    "order": re.compile(r"令\s*[（(]?\s*第"),
    "joint_order": re.compile(rf"[{_HAO}]令"),
    "announcement": re.compile(r"公告\s*[（(]?\s*[12]"),
}
_WINDOW = 48  # characters either side of an anchor: longer than any issuer code or serial


def _form_matches(text: str, form: str, pattern: re.Pattern[str]):
    done = 0
    for anchor in _ANCHORS[form].finditer(text):
        while anchor.start() >= done:
            match = pattern.search(text, max(done, anchor.start() - _WINDOW), anchor.end() + _WINDOW)
            if match is None:
                break
            yield match
            done = match.end()


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 文号 in a text, in reading order, issuer codes trimmed of left context (根据…)."""
    found: list[DocNumber] = []  # kept sorted and non-overlapping: an earlier form wins
    starts: list[int] = []
    for form, pattern in FORMS:
        for match in _form_matches(text, form, pattern):
            number = _doc_number(form, match, trim=True)
            if number is None:
                continue
            i = bisect.bisect_left(starts, number.start)
            if (i > 0 and found[i - 1].end > number.start) or (i < len(found) and found[i].start < number.end):
                continue
            found.insert(i, number)
            starts.insert(i, number.start)
    return found


def parse_doc_number(value: str) -> DocNumber | None:
    """The first 文号 in ``value`` (left context kept, as a field holds only the 文号)."""
    if not value:
        return None
    text = unicodedata.normalize("NFC", value).strip().strip("《》“”\"'")
    best: tuple[int, str, re.Match] | None = None
    for form, pattern in FORMS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), form, match)
    if best is None:
        return None
    return _doc_number(best[1], best[2], trim=False)


def normalise_doc_number(value: str) -> str:
    """A 发文字号 as GB/T 9704 prints it (``某卫基层发〔2024〕12号``), or ``""``.

    Any bracket around the year becomes 〔〕, full-width digits ASCII, 號/發 simplified,
    ``第4号`` → ``4号``, leading zeros and spaces go; an order keeps 令第N号 with N in digits.
    A placeholder (X政办〔20XX〕X号) keeps its X letters, upper case.
    """
    number = parse_doc_number(value)
    return number.normal if number else ""


def is_placeholder_doc_number(value: str) -> bool:
    """True for template placeholders such as ``X政办〔20XX〕X号``."""
    number = parse_doc_number(value)
    return number.placeholder if number else _is_placeholder(value or "")


# --- standard codes ------------------------------------------------------------------------

# Families of standard codes (data): prefix and the kinds it has (""=mandatory, T=推荐, Z=指导).
# ``DB`` takes a two-digit province code (DB21/T), ``T/`` an organisation code (T/CHIA).
STANDARD_FAMILIES: tuple[tuple[str, str], ...] = (
    ("GB", "TZ"), ("GBZ", "T"), ("WS", "T"), ("DB##", "T"), ("T/@", ""), ("JGJ", "T"), ("JJF", ""),
    ("JJG", ""), ("YY", "T"), ("WB", "T"), ("SB", "T"), ("HJ", "T"), ("CJJ", "T"), ("MZ", "T"),
    ("RB", "T"), ("JR", "T"),
)


def _family_regex() -> str:
    alternatives = []
    for prefix, kinds in sorted(STANDARD_FAMILIES, key=lambda f: -len(f[0])):
        head = prefix.replace("##", r"\s*\d{2}(?:\d{2})?").replace("/@", r"\s*/\s*[A-Z]{2,10}")
        tail = rf"(?:\s*/\s*[{kinds}])?" if kinds else ""
        alternatives.append(head + tail)
    return "|".join(alternatives)


STANDARD_CODE_RE = re.compile(
    rf"(?<![A-Za-z])(?P<family>{_family_regex()})\s*"
    rf"(?P<number>\d{{1,6}}(?:\.\d{{1,3}})*)(?:\s*[{DASHES}]\s*(?P<year>(?:19|20)\d{{2}}))?(?!\d)"
)


@dataclass(frozen=True)
class StandardCode:
    """A parsed 标准编号: family (``GB/T``), number (``27775``), year (``2011`` or "")."""

    family: str
    number: str
    year: str
    start: int = 0
    end: int = 0

    @property
    def normal(self) -> str:
        return f"{self.family} {self.number}" + (f"-{self.year}" if self.year else "")

    @property
    def undated(self) -> str:
        return f"{self.family} {self.number}"


def _fold_code(text: str) -> str:
    """Half-width and upper case, length kept so offsets stay valid."""
    return to_halfwidth(text).upper()


def find_standard_codes(text: str, *, strict: bool = False) -> list[StandardCode]:
    """Every standard code in a text (offsets into ``text``).

    ``strict`` keeps only codes that are told from other numbers by a year or a slash family
    (GB/T 1.1, WS 100-2020), as running text needs; a query or a field takes any.
    """
    folded = _fold_code(text)
    found = []
    for match in STANDARD_CODE_RE.finditer(folded):
        family = re.sub(r"\s+", "", match.group("family"))
        if strict and not match.group("year") and "/" not in family:
            continue
        found.append(StandardCode(family, match.group("number"), match.group("year") or "", match.start(), match.end()))
    return found


def parse_standard_code(value: str) -> StandardCode | None:
    if not value:
        return None
    found = find_standard_codes(unicodedata.normalize("NFC", value))
    return found[0] if found else None


def normalise_standard_code(value: str) -> str:
    """``GB/T27775—2011`` → ``GB/T 27775-2011``; ``""`` when the value is not a standard code."""
    code = parse_standard_code(value)
    return code.normal if code else ""


# --- clause labels -------------------------------------------------------------------------

# 第X<unit>: unit → (kind, path segment). Paths follow content.parse.structure.
LABEL_UNITS: dict[str, tuple[str, str]] = {
    "编": ("part", "pt"),
    "章": ("ch", "ch"),
    "节": ("sec", "sec"),
    "条": ("art", "art"),
    "款": ("para", "p"),
    "项": ("item", "i"),
}
_UNIT_CHARS = "".join(LABEL_UNITS)
ORDINAL_LABEL_RE = re.compile(rf"第\s*(?P<num>{ANY_NUM})\s*(?P<unit>[{_UNIT_CHARS}])")
COMPOUND_LABEL_RE = re.compile(rf"(?:第\s*{ANY_NUM}\s*[{_UNIT_CHARS}])+")
BOX_LABEL_RE = re.compile(rf"专栏\s*(?P<num>{ANY_NUM})")
ANNEX_LABEL_RE = re.compile(r"附\s*录\s*(?P<num>[A-Za-zＡ-Ｚａ-ｚ])(?![A-Za-z])")
PAREN_LABEL_RE = re.compile(rf"[（(]\s*(?P<num>{CN_NUM}|\d{{1,2}})\s*[)）]")
OUTLINE_LABEL_RE = re.compile(rf"(?P<num>{CN_NUM})\s*、")
DOTTED_LABEL_RE = re.compile(r"(?<![\d./])(?P<num>(?:\d{1,2}|[A-Z])(?:\.\d{1,2}){1,4})(?![\d./]|\s*[-—–]\s*\d{4})")


@dataclass(frozen=True)
class ClauseLabel:
    """A parsed 条款编号: ``parts`` from the outside in, e.g. (("art", 14), ("para", 2))."""

    parts: tuple[tuple[str, int | str], ...]

    @property
    def kind(self) -> str:
        return self.parts[-1][0]

    @property
    def path(self) -> str:
        """art14-p2-i3, ch3, app-a → appA, box1, 5.2.1, s1 — as the clause tree writes paths."""
        segments = []
        for kind, value in self.parts:
            if kind == "annex":
                segments.append(f"app{value}")
            elif kind == "box":
                segments.append(f"box{value}")
            elif kind == "num":
                segments.append(str(value))
            elif kind == "outline":
                segments.append(f"s{value}")
            elif kind == "paren":
                segments.append(str(value))
            else:
                segments.append(next(seg for k, seg in LABEL_UNITS.values() if k == kind) + str(value))
        return "-".join(segments)

    @property
    def key(self) -> str:
        """``art:14`` for the innermost part, as search stores labels."""
        kind, value = self.parts[-1]
        return f"{kind}:{str(value).lower()}"


def parse_clause_label(value: str) -> ClauseLabel | None:
    """第十四条第二款第三项, 第三章, 专栏一, 附录A, （一）, 一、, 5.2.1 → a ClauseLabel; else None."""
    label = (value or "").strip()
    if not label:
        return None
    compound = COMPOUND_LABEL_RE.fullmatch(label)
    if compound:
        parts = []
        for match in ORDINAL_LABEL_RE.finditer(label):
            number = parse_numeral(match["num"])
            if number is None:
                return None
            parts.append((LABEL_UNITS[match["unit"]][0], number))
        return ClauseLabel(tuple(parts))
    for pattern, kind in ((BOX_LABEL_RE, "box"), (PAREN_LABEL_RE, "paren"), (OUTLINE_LABEL_RE, "outline")):
        match = pattern.fullmatch(label)
        if match:
            number = parse_numeral(match["num"])
            return ClauseLabel(((kind, number),)) if number is not None else None
    match = ANNEX_LABEL_RE.fullmatch(label)
    if match:
        return ClauseLabel((("annex", to_halfwidth(match["num"]).upper()),))
    match = DOTTED_LABEL_RE.fullmatch(to_halfwidth(label).rstrip("."))
    if match:
        return ClauseLabel((("num", match["num"]),))
    return None
