"""Normalise text as PDF and Word extraction leave it behind.

Pure functions, no Django: decode bytes, drop bookmark markup and page furniture, collapse
headings printed twice, and rejoin sentences that a PDF broke across lines. The original text is
kept by the caller; this module only returns the cleaned copy.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from content.parse.markers import is_marker_line, match_marker


class ParseError(ValueError):
    """A file that cannot be imported; the message is one sentence for the user."""


# --- decoding -----------------------------------------------------------------------------

_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes, name: str = "文件") -> str:
    """Decode UTF-8 (with or without BOM) or GB18030/GBK text; refuse binary data."""
    if not data.strip():
        raise ParseError(f"{name} 是空文件，没有可导入的内容。")
    if b"\x00" in data[:8192]:
        raise ParseError(f"{name} 看起来是二进制文件，不是文本；请提供 .txt、.md 或 .docx 文件。")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    raise ParseError(f"{name} 的编码无法识别（既不是 UTF-8 也不是 GB18030/GBK），请转换为 UTF-8 后再导入。")


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) in {"Cc", "Co", "Cs"} and ch not in "\t\r\n\f")
    return bad / len(sample) < 0.01


# --- cleaning -----------------------------------------------------------------------------

BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")
PAGE_FURNITURE_RE = re.compile(
    r"^\s*(?:[—–\-－]\s*\d{1,4}\s*[—–\-－]|第\s*\d+\s*页\s*(?:共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)
# Trailing metadata blocks that some PDF exports append (file 004): "标  题：" … "发文机关："
METADATA_BLOCK_RE = re.compile(r"\n\s*标\s*题\s*[:：][\s\S]*$")
SENTENCE_END = "。；！？：:;!?…”’」』）)】>."

# --- web page furniture, converter debris, lines that stand alone (data) ---------------------

# Markdown / HTML comments a converter leaves in (``<!-- INFO END -->``).
COMMENT_RE = re.compile(r"<!--[\s\S]*?-->")
# A CJK character followed by its pinyin in brackets, left by a simplified→traditional
# converter (``發(fā)``): the syllable must carry a tone mark, so ``(a)`` or ``(GB)`` stays.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_DEBRIS_RE = re.compile(rf"(?<=[\u3400-\u9fff])[(（][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*[)）]")
# Links of a site's own menu bar and header (general web vocabulary, not any one site's).
SITE_MENU_WORDS = (
    "联系我们", "关于我们", "网站地图", "设为首页", "加入收藏", "微信公众号", "官方微博", "客服热线",
    "推广热线", "服务热线", "免费注册", "会员登录", "用户登录", "手机版", "移动版", "网站导航", "投稿",
)
# Navigation words a page copy leaves alone on a line (a menu's items, a column's label).
NAV_WORDS = ("首页", "资讯", "频道", "栏目", "导航", "网站首页", "返回首页", "新闻中心", "资讯中心", "更多")
# Lines of a web page around the document: breadcrumbs, print/close buttons, source, a bare date.
WEB_FURNITURE_RES = (
    re.compile(r"^\s*首页\s*[>＞»›].*$"),
    re.compile(r"^\s*(?:当前位置|您现在的位置|您的位置|所在位置)\s*[:：].{0,80}$"),
    re.compile(r"^\s*(?:【[^】]{1,8}】\s*)+$"),  # 【打印本页】 【关闭窗口】
    re.compile(r"^\s*\[?(?:打印|关闭|打印本页|关闭窗口|返回顶部|收藏|分享)\]?(?:\s+\[?(?:打印|关闭|打印本页|关闭窗口|返回顶部|收藏|分享)\]?)*\s*$"),
    re.compile(r"^\s*(?:来源|信息来源|文章来源|浏览次数|点击数|访问量|责任编辑|字号|下载地址)\s*[:：].{0,60}$"),
    # a page's publishing stamp: 时间:2023-05-04 08:58:16, • 发布:某某委 (a bulleted info line)
    re.compile(
        r"^\s*[•·●]?\s*(?:发布)?时间\s*[:：]\s*(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
        r"(?:\s+(?:字体|字号)\s*[:：].{0,20})?\s*$"
    ),
    # links to the page's interpretation (政策解读 文字解读:《…》)
    re.compile(r"^\s*(?:政策解读|相关解读|文字解读|图文解读|图解)(?:\s+\S{2,6})?\s*[:：].{0,80}$"),
    # a row of the page's own cells: 时间:2024-07-23 02:14:22 来源: 某网 作者:某网 阅读:8313
    re.compile(
        r"^\s*(?:(?:时间|发布时间|来源|作者|浏览量|浏览次数|浏览|阅读|阅读量|点击数|点击|访问量|字号|字体|编辑|责任编辑|发布者)"
        r"\s*[:：]\s*(?:\S*(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)?\s*){2,}$"
    ),
    # the page's reading-mode switches (适老版, 无障碍, 繁體)
    re.compile(r"^\s*(?:适老版|无障碍|长者模式|关怀模式|关怀版|繁體|简体版)[^。，,；;：:]{0,6}$"),
    re.compile(r"^\s*[•·●]\s*(?:发布|发布者|发布单位|作者|来源|浏览次数)\s*[:：].{0,40}$"),
    # a site's menu bar: two or more of its links on one line (联系我们 关于我们 网站地图 …)
    re.compile(rf"^(?=(?:.*?(?:{'|'.join(SITE_MENU_WORDS)})){{2}})[^。；;]*$"),
    # a navigation word alone on a line (资讯, 频道, 首页): a menu item, never a line of text
    re.compile(rf"^\s*(?:{'|'.join(NAV_WORDS)})\s*$"),
    re.compile(r"^\s*(?:19|20)\d{2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$"),
)
# Labels of a page-information table (索引号 | 发布机构 | 生效日期 …): a line holding two of
# them, or one at its start followed by a tab or a pipe, is the table, not the document.
PAGE_INFO_LABELS = (
    "索引号", "主题分类", "发布机构", "发文机关", "发文日期", "成文日期", "发布日期", "生效日期",
    "废止日期", "实施日期", "名称", "文号", "发文字号", "主题词", "所属主题", "体裁分类", "有效性",
    "时效性", "组配分类", "公开方式", "信息类别", "发布时间", "文件有效性", "发文机构", "内容概述",
)
_LABEL_ALT = "|".join(sorted(("\\s*".join(label) for label in PAGE_INFO_LABELS), key=len, reverse=True))
PAGE_INFO_CELL_RE = re.compile(rf"^\s*(?P<label>{_LABEL_ALT})\s*[:：]\s*(?P<value>.*)$")
_FURNITURE_RE = re.compile("|".join(f"(?:{p.pattern})" for p in WEB_FURNITURE_RES))
_PAGE_LABEL_RE = re.compile(rf"(?:{_LABEL_ALT})\s*[:：]")
_CELL_SPLIT_RE = re.compile(rf"[\t|｜]|\s+(?=(?:{_LABEL_ALT})\s*[:：])")
# Lines that always stand alone: contact lines and the signature date (short lines only).
_STANDALONE_MAX = 120
STANDALONE_LINE_RE = re.compile(
    r"^\s*(?:联\s*系\s*人|联系电话|电\s*话|传\s*真|邮\s*箱|电子邮箱|电子信箱|邮政编码|地\s*址)\s*[:：]"
    r"|^\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
    r"|^\s*(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s*发布"  # a standard's cover
    r"|^\s*[二〇○Ｏ零一三四五六七八九]{4}\s*年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日\s*$"
    # a page's headline: a 文号 and the quoted title (鲁政发〔2014〕20号《…》), or the quoted title alone
    r"|^\s*(?:[^《》\s，。；：,;:]{1,20}[〔\[［(（]\d{4}[〕\]］)）]\d{1,5}号)?\s*《[^《》]{4,80}》\s*$"
)
# A row of a joint signature block: two or more issuing bodies side by side, set apart by runs of
# spaces (青海省卫生厅        青海省教育厅); such a row is as wide as a line of text but ends no sentence.
_BODY = (
    r"[\u4e00-\u9fff（）()]{2,30}?(?:办公厅|办公室|委员会|人民政府|政府|联合会|总局|总署|部|委|局|厅|署|院|司|中心|领导小组)"
)
SIGNATURE_ROW_RE = re.compile(rf"^\s*{_BODY}(?:\s{{2,}}{_BODY})+\s*$")
# A whole title on a line of its own (…关于…的意见): long titles of joint documents reach past the
# width at which a line counts as wrapped, yet the next line never continues them.
TITLE_LINE_RE = re.compile(
    r"^[^，。；,;：:\s]{0,80}关于[^，。；;：:]{2,100}的(?:通知|意见|指导意见|实施意见|决定|批复|复函|函|通告|公告|报告)$"
)
TITLE_ENDINGS = ("通知", "意见", "办法", "方案", "规范", "说明", "标准", "条例", "规定", "细则", "指南", "文件")
# A table cell's border left at the end of a line copied from a web page (``某某的通知 |``): a
# lone pipe, with no other on the line (a Markdown table row has several).
TRAILING_CELL_BORDER_RE = re.compile(r"^(?P<line>[^|｜]*?)\s*[|｜]\s*$")
CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass
class Normalised:
    text: str
    metadata: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def strip_markup(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    text = text.replace("\ufeff", "").replace("\xa0", " ")
    text = COMMENT_RE.sub("", text)
    text = PINYIN_DEBRIS_RE.sub("", text)
    return BOOKMARK_RE.sub("", text)


def page_info(line: str) -> dict[str, str] | None:
    """The cells of a page-information table row (``索引号：… 发布机构：…``), or None.

    A value stands after its label's colon or, when a table put it in a cell of its own
    (``生效日期: | 2024-10-31 |``), in the next cell.
    """
    cells = [cell.strip() for cell in _CELL_SPLIT_RE.split(line)]
    found: dict[str, str] = {}
    for i, cell in enumerate(cells):
        match = PAGE_INFO_CELL_RE.match(cell)
        if not match:
            continue
        value = match.group("value").strip()
        nxt = cells[i + 1] if i + 1 < len(cells) else ""
        if not value and nxt and not PAGE_INFO_CELL_RE.match(nxt):
            value = nxt
        found[re.sub(r"\s+", "", match.group("label"))] = value
    if len(found) >= 2 or (found and re.search(r"[\t|｜]", line)):
        return found
    return None


_LABEL_SET = frozenset(PAGE_INFO_LABELS)
# A label on a line of its own, often bulleted (• 索引号:), its value on the next line.
_LABEL_ALONE_RE = re.compile(rf"^\s*[•·●]?\s*(?P<label>{_LABEL_ALT})\s*[:：]\s*$")


def spaced_page_info(line: str) -> dict[str, str] | None:
    """A page-information row printed without colons (``索引号 000014349/2020-3761045 成文日期
    2020-10-15``): it opens with a label and holds two, each a word of its own; or None."""
    tokens = line.split()
    if not tokens or tokens[0] not in _LABEL_SET or sum(token in _LABEL_SET for token in tokens) < 2:
        return None
    found: dict[str, str] = {}
    label = ""
    for token in tokens:
        if token in _LABEL_SET:
            label = token
            found.setdefault(label, "")
        elif label:
            found[label] = f"{found[label]} {token}".strip()
    return found


# A bare date line (2001-11-21) directly above a line holding only a 文号: a law database's header
# (date, then number), so the date is the document's own, not the page's.
_BARE_DATE_RE = WEB_FURNITURE_RES[-1]
_NUMBER_LINE_RE = re.compile(r"^\s*[\u4e00-\u9fff]{2,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d{1,5}\s*号\s*$")
HEADER_DATE = "header_date"


def strip_web_furniture(text: str) -> tuple[str, dict[str, str]]:
    """Drop web-page furniture lines; return the text and the page-information cells found."""
    kept: list[str] = []
    info: dict[str, str] = {}
    pending = ""  # a page-information label printed alone (• 发文字号:), its value on a later line
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _FURNITURE_RE.match(line):
            if _BARE_DATE_RE.match(line):
                nxt = next((other for other in lines[index + 1 : index + 4] if other.strip()), "")
                if _NUMBER_LINE_RE.match(nxt):
                    info.setdefault(HEADER_DATE, line.strip())
            continue
        alone = _LABEL_ALONE_RE.match(line)
        if alone:
            pending = re.sub(r"\s+", "", alone.group("label"))
            info.setdefault(pending, "")
            continue
        if pending and line.strip():
            if not info[pending] and len(line.strip()) <= 60 and not _PAGE_LABEL_RE.search(line):
                info[pending] = line.strip()
                pending = ""
                continue
            pending = ""
        cells = page_info(line) if _PAGE_LABEL_RE.search(line) else spaced_page_info(line)
        if cells is not None:
            for label, value in cells.items():
                info.setdefault(label, value)
            continue
        kept.append(line)
    return "\n".join(kept), info


def extract_trailing_metadata(text: str) -> tuple[str, dict[str, str]]:
    """Cut a trailing ``标  题：…`` block off and return its fields (title, issuer)."""
    match = METADATA_BLOCK_RE.search(text)
    if not match:
        return text, {}
    block = match.group(0)
    fields: dict[str, str] = {}
    current = None
    for raw in block.splitlines():
        line = raw.strip()
        label = re.match(r"^([\u4e00-\u9fff\s]{2,8})[:：](.*)$", line)
        if label:
            current = re.sub(r"\s+", "", label.group(1))
            fields[current] = label.group(2).strip()
        elif current and line:
            fields[current] += line
    metadata = {}
    if fields.get("标题"):
        metadata["title"] = fields["标题"]
    if fields.get("发文机关") and len(fields["发文机关"]) > 1:
        metadata["issuer"] = fields["发文机关"]
    return text[: match.start()], metadata


def dedupe_heading(line: str) -> str:
    """``一、总体要求一、总体要求`` → ``一、总体要求`` (a heading printed twice in a row)."""
    n = len(line)
    if n % 2 == 0 and n >= 4 and line[: n // 2] == line[n // 2 :] and is_marker_line(line[: n // 2]):
        return line[: n // 2]
    return line


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if len(line) >= 8)
    if len(lengths) < 5:
        return 10_000
    return int(statistics.quantiles(lengths, n=10)[7])  # 80th percentile


# A paragraph longer than this is matched against the markers by its head alone: every marker
# pattern is anchored at the start and the bounded ones (附录A …, 1 范围) cannot match a line this
# long, so the head answers as the whole would, and joining stays linear in the text.
_MARKER_HEAD = 200


class _Paragraph:
    """The paragraph being rebuilt from PDF lines: pieces, and what ``_joins`` asks of it."""

    def __init__(self, line: str) -> None:
        self.pieces = [line]
        self.length = len(line)
        self.open_titles = line.count("《") - line.count("》")
        self.full_stop = "。" in line
        self.tail = line[-8:]
        self.standalone = len(line) <= _STANDALONE_MAX and bool(STANDALONE_LINE_RE.match(line))

    def add(self, piece: str) -> None:
        self.pieces.append(piece)
        self.length += len(piece)
        self.open_titles += piece.count("《") - piece.count("》")
        self.full_stop = self.full_stop or "。" in piece
        self.tail = (self.tail + piece)[-8:]

    def head(self) -> str:
        text = ""
        for piece in self.pieces:
            text += piece
            if len(text) > _MARKER_HEAD:
                break
        return text

    def text(self) -> str:
        return "".join(self.pieces)


def _joins(prev: _Paragraph, line: str, width: int) -> bool:
    """Does ``line`` continue the sentence that ``prev`` started (a PDF line break)?"""
    first = prev.pieces[0]
    if not prev.length or line.startswith("\t") or first.startswith("\t"):
        return False
    if prev.standalone or (len(line) <= _STANDALONE_MAX and STANDALONE_LINE_RE.match(line)):
        return False
    if SIGNATURE_ROW_RE.match(line) or len(prev.pieces) == 1 and (
        SIGNATURE_ROW_RE.match(first) or len(first) <= 150 and TITLE_LINE_RE.match(first.strip())
    ):
        return False
    if prev.tail.endswith(tuple(SENTENCE_END)):
        return False
    if prev.open_titles > 0 and not is_marker_line(line):
        return True  # a title cut inside its book-title marks
    if prev.tail.endswith(TITLE_ENDINGS) and prev.length < 60:
        return False  # a title line, not a sentence
    if is_marker_line(line):
        return False
    head = prev.head()
    marker = match_marker(head)
    if marker is not None:
        if marker.marker.name == "article":
            return bool(marker.rest)  # an article's text is a sentence: unfinished means cut
        if marker.marker.structural:
            return False
        # A short heading without a full stop stands alone; a longer line was cut mid-text.
        return prev.full_stop or prev.length > 30
    # A line as wide as the page was wrapped; a short one ended its paragraph.
    return prev.length >= min(0.8 * width, 40)


def _glue(left: str, right: str) -> str:
    """The piece to append: a space between two Latin words, nothing between Chinese ones."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return " " + right
    return right


def rejoin_lines(text: str) -> str:
    """Rejoin sentences broken across lines (with or without blank lines between the pieces)."""
    raw_lines = [line.rstrip() for line in text.split("\n")]
    lines = [line.lstrip(" ") if not line.startswith("\t") else line for line in raw_lines]
    content = [line for line in lines if line.strip()]
    width = _typical_width(content)
    out: list[_Paragraph] = []
    for line in content:
        line = dedupe_heading(line.strip(" ")) if not line.startswith("\t") else line
        if out and _joins(out[-1], line, width):
            out[-1].add(_glue(out[-1].tail, line.strip()))
        else:
            out.append(_Paragraph(line))
    return "\n".join(paragraph.text() for paragraph in out)


# A body run into one line by a web copy: Chinese puts no space between sentences, so a space
# before a part or item label (。 一、…  1. …) is a lost line break. Split only a long line with
# several of them; one such space may be a stray.
_RUN_IN_MARKER_RE = re.compile(
    r"(?<=\S)[ \t]+(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.．](?!\d)\s*)\S)"
)
_RUN_IN_MIN = 150
# the tail of an HTML tag left at a line's end by a page copy (…情况" />)
_TAG_TAIL_RE = re.compile(r"\s*[\"']\s*/?>\s*$")


def split_run_in(line: str) -> list[str]:
    """A long line holding several part or item labels after spaces, cut before each label."""
    if len(line) < _RUN_IN_MIN or len(_RUN_IN_MARKER_RE.findall(line)) < 2:
        return [line]
    return [piece for piece in _RUN_IN_MARKER_RE.split(line) if piece.strip()]


# An entry of a table of contents: a heading's label and words, then its page number after a
# space (第一章 规划背景 1, 一、指导思想 8); a heading in the text carries no page number.
_TOC_ENTRY_RE = re.compile(r"^\s*(?P<label>\S.{0,40}?)[ \t.…·]+\d{1,3}\s*$")
_TOC_HEADING_RE = re.compile(r"^\s*目\s*录\s*$")
_TOC_MIN = 3  # entries in a row: one or two numbered lines may be a list's or a table's


def drop_table_of_contents(lines: list[str]) -> list[str]:
    """Drop a table of contents: a run of at least three heading lines (第X章, 一、 …) each ending in
    a page number, and the 目录 line just above it when there is one (a web copy may have run it
    into the line before). The headings come again in the text; read as structure they would be
    chapters or parts twice over."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (not lines[j].strip() or _is_toc_entry(lines[j])):
            j += 1
        entries = sum(1 for line in lines[i:j] if line.strip())
        if entries >= _TOC_MIN:
            while out and (not out[-1].strip() or _TOC_HEADING_RE.match(out[-1])):
                out.pop()
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


def _is_toc_entry(line: str) -> bool:
    match = _TOC_ENTRY_RE.match(line)
    return bool(match) and is_marker_line(match.group("label").strip()) and not re.search(r"[。；;，,]", line)


def normalise(text: str) -> Normalised:
    """Return the cleaned text, one paragraph or heading per line, and any metadata found."""
    text = strip_markup(text)
    text, metadata = extract_trailing_metadata(text)
    text, info = strip_web_furniture(text)
    for label, value in info.items():
        if value:
            metadata.setdefault(f"page:{label}", value)
    lines = [
        piece
        for line in text.split("\n")
        if not PAGE_FURNITURE_RE.match(line) and not _TAG_TAIL_RE.search(line)
        for piece in split_run_in(TRAILING_CELL_BORDER_RE.sub(r"\g<line>", line))
    ]
    lines = drop_table_of_contents(lines)
    # A lone stray character on the last line (a cut-off issuer, e.g. "局") is furniture.
    while lines and len(lines[-1].strip()) <= 1:
        lines.pop()
    cleaned = rejoin_lines("\n".join(lines))
    return Normalised(text=cleaned, metadata=metadata)


def fold_width(text: str) -> str:
    """Full-width ASCII digits and letters to half-width (brackets are kept as printed)."""
    return "".join(
        chr(ord(ch) - 0xFEE0) if "\uff10" <= ch <= "\uff19" or "\uff21" <= ch <= "\uff5a" else ch
        for ch in text
    )
