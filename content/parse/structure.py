"""Build a clause tree from normalised text (one paragraph or heading per line).

Pure: no Django. Marker types are ranked by the order they first appear (一、 before （一）
before 1. before (1) before ①), so one algorithm serves 第X章/第X条 laws, 一、/（一） outlines and
GB/T 1.1 numbered standards. Paragraphs (款) are numbered by position inside an article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from content.parse.markers import MARKERS_BY_NAME, SAME_RANK, MarkerMatch, match_marker
from content.parse.normalise import ParseError
from content.parse.titles import normalise_title

# Ranks for markers whose place in the hierarchy is fixed whatever order they appear in.
FIXED_RANK = {"part": 0, "chapter": 1, "section": 2, "annex": 1, "attachment": 1}
HEADING_MAX = 24


@dataclass
class Node:
    kind: str
    label: str = ""
    number: int | None = None
    path: str = ""
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    table: list[list[str]] | None = None
    marker: str = ""

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "path": self.path,
            "heading": self.heading,
            "text": self.text,
            "table": self.table,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class ParsedDocument:
    preamble: list[str]
    nodes: list[Node]

    def walk(self):
        for node in self.nodes:
            yield from node.walk()

    def count(self, kind: str) -> int:
        return sum(1 for n in self.walk() if n.kind == kind)

    def find(self, path: str) -> Node | None:
        return next((n for n in self.walk() if n.path == path), None)


def split_heading(rest: str) -> tuple[str, str]:
    """``健全管理体制。建立由…`` → (``健全管理体制``, ``建立由…``); a bare heading stays whole."""
    match = re.match(rf"^(.{{2,{HEADING_MAX}}}?)[。：:]\s*(.+)$", rest)
    if match:
        return match.group(1), match.group(2)
    if len(rest) <= 40 and not re.search(r"[。；;]", rest):
        return rest, ""
    return "", rest


# --- tables flattened one cell per line ------------------------------------------------------

HEADER_WORDS = ("姓名", "性别", "职务", "职称", "单位", "分工", "任务", "序号", "名称", "备注", "指标", "内容", "年龄", "电话")


def rebuild_table(cells: list[str]) -> list[list[str]] | None:
    """Rebuild rows from cells printed one per line, when the header makes the pattern clear."""
    header = []
    for cell in cells:
        if len(cell) <= 8 and any(w in cell for w in HEADER_WORDS) and len(header) < 10:
            header.append(cell)
        else:
            break
    ncols = len(header)
    if ncols < 2 or len(cells) <= ncols:
        return None
    body = cells[ncols:]
    # Anchor rows on a column with few distinct values (e.g. 性别) so that a missing cell
    # shifts only its own row.
    first_rows = [body[i : i + ncols] for i in range(0, min(len(body), ncols * 3), ncols)]
    anchor_values = {row[1] for row in first_rows if len(row) > 1}
    rows: list[list[str]] = []
    if 0 < len(anchor_values) <= 3:
        starts = [i for i in range(len(body) - 1) if body[i + 1] in anchor_values]
        starts.append(len(body))
        for a, b in zip(starts, starts[1:], strict=False):
            row = body[a:b][:ncols]
            rows.append(row + [""] * (ncols - len(row)))
    else:
        for i in range(0, len(body), ncols):
            row = body[i : i + ncols]
            rows.append(row + [""] * (ncols - len(row)))
    return [header, *rows]


# --- the tree --------------------------------------------------------------------------------


class _Builder:
    def __init__(self) -> None:
        self.ranks: dict[str, int] = {}
        self.stack: list[tuple[int, Node]] = []
        self.roots: list[Node] = []
        self.preamble: list[str] = []
        self.used_paths: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # path → the next -n to try, so repeats stay linear

    def rank(self, name: str) -> int:
        name = SAME_RANK.get(name, name)
        if name in FIXED_RANK:
            return FIXED_RANK[name]
        if name not in self.ranks:
            # Unseen markers rank below whatever is open now (a new, deeper level).
            deepest = max((r for r, _ in self.stack), default=2)
            self.ranks[name] = max(deepest + 1, 3 + len(self.ranks))
        return self.ranks[name]

    def unique(self, path: str) -> str:
        candidate, n = path, self.next_suffix.get(path, 2)
        while candidate in self.used_paths:
            candidate = f"{path}-{n}"
            n += 1
        self.next_suffix[path] = n
        self.used_paths.add(candidate)
        return candidate

    def make_path(self, match: MarkerMatch, parent: Node | None) -> str:
        marker = match.marker
        n = match.number if match.number is not None else ""
        label = match.label.replace("附录", "") if marker.name == "annex" else match.label
        segment = marker.segment.format(n=n, label=label)
        if marker.absolute or parent is None:
            if marker.name in {"cn_outline", "cn_bare"} and parent is not None:
                return f"{parent.path}-{n}"
            return segment
        if parent.kind == "article":
            return f"{parent.path}-i{n}"
        return f"{parent.path}-{segment}"

    def open(self, match: MarkerMatch) -> Node:
        name = match.marker.name
        rank = self.rank(name)
        if name == "std_clause":
            # 5.2.1 sits below 5.2: depth comes from the number of dots.
            rank += match.label.count(".") - 1
        # An article-level item like （一） inside an article is an item (项) of that article.
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        node = Node(kind=match.marker.kind, label=match.label, number=match.number, marker=name)
        if match.marker.structural or name in {"box"}:
            node.heading = match.rest
        elif name == "article":
            if match.rest:
                node.paragraphs.append(match.rest)
        else:
            heading, text = split_heading(match.rest)
            node.heading = heading
            if text:
                node.paragraphs.append(text)
        if name == "box" or (parent is not None and parent.kind == "box"):
            node.kind = "box" if name == "box" else "item"
        node.path = self.unique(self.make_path(match, parent))
        (parent.children if parent else self.roots).append(node)
        self.stack.append((rank, node))
        return node

    def open_issued(self, heading: str) -> Node:
        """A document issued by the covering notice starts: a part above its own 一、 parts."""
        self.stack.clear()
        node = Node(kind="part", heading=heading, marker="issued")
        node.path = self.unique(f"doc{sum(1 for r in self.roots if r.marker == 'issued') + 1}")
        self.roots.append(node)
        self.stack.append((FIXED_RANK["part"], node))
        return node

    def add_text(self, line: str) -> None:
        if not self.stack:
            self.preamble.append(line)
            return
        node = self.stack[-1][1]
        if node.kind == "item" and len(self.stack) >= 2 and self.stack[-2][1].kind == "article":
            # A paragraph after an article's list of items （一）（二）… is the article's next
            # paragraph (款), not more text of the last item.
            self.stack.pop()
            article = self.stack[-1][1]
            article.children.append(Node(kind="paragraph", paragraphs=[line], marker="late"))
            return
        node.paragraphs.append(line)

    def add_table(self, cells: list[str]) -> None:
        table = rebuild_table(cells)
        parent = self.stack[-1][1] if self.stack else None
        if table is None:
            for cell in cells:
                self.add_text(cell)
            return
        node = Node(kind="table", label="", heading="", table=table)
        node.paragraphs = [" | ".join(row) for row in table]
        base = parent.path if parent else "t"
        node.path = self.unique(f"{base}-table")
        (parent.children if parent else self.roots).append(node)


def _article_paragraphs(node: Node) -> None:
    """Split an article's several paragraphs (款) into numbered paragraph children."""
    late = [c for c in node.children if c.kind == "paragraph" and c.marker == "late"]
    if node.kind == "article" and len(node.paragraphs) + len(late) > 1:
        paragraphs = [Node(kind="paragraph", paragraphs=[p]) for p in node.paragraphs]
        node.paragraphs = []
        node.children = paragraphs + node.children
        number = 0
        for child in node.children:
            if child.kind == "paragraph":
                number += 1
                child.label, child.number, child.path, child.marker = f"第{number}款", number, f"{node.path}-p{number}", ""
    elif late:
        # A single paragraph after the items: it stays the article's text.
        for child in late:
            node.paragraphs.extend(child.paragraphs)
        node.children = [c for c in node.children if c not in late]
    for child in node.children:
        _article_paragraphs(child)


CLOSING_LINE_RE = re.compile(
    r"^(?:[\u4e00-\u9fff（）()]{2,20}(?:委员会|委|部|局|办|院|厅|中心|政府|办公室|领导小组)|"
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|抄送[:：].*|（此件.*）)$"
)


def _is_attachment(line: str) -> bool:
    match = match_marker(line.strip())
    return match is not None and match.marker.name == "attachment"


def split_closing(lines: list[str]) -> tuple[list[str], list[str]]:
    """Peel the signature block (issuing agencies, date, 抄送) off the end of a document."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or CLOSING_LINE_RE.match(lines[end - 1].strip())):
        end -= 1
    closing = [line.strip() for line in lines[end:] if line.strip()]
    return lines[:end], closing


def _closing_before_attachments(lines: list[str]) -> tuple[list[str], list[str]]:
    """The signature block (a body's name, its date) printed between a notice and the full texts
    of its attachments (附件1 / 某某方案 / 一、…): taken out of the last part's text."""
    first = next((k for k, line in enumerate(lines) if _is_attachment(line)), None)
    if first is None:
        return lines, []
    start = first
    while start > 0 and (not lines[start - 1].strip() or CLOSING_LINE_RE.match(lines[start - 1].strip())):
        start -= 1
    block = [line.strip() for line in lines[start:first] if line.strip()]
    dated = any(re.match(r"^(?:19|20)\d{2}\s*年", line) for line in block)
    if not dated or len(block) > 4:
        return lines, []
    return lines[:start] + lines[first:], block


def parse_structure(
    text: str, require_structure: bool = True, issued_headings: frozenset[str] = frozenset()
) -> ParsedDocument:
    """Parse normalised text into a tree; raise ParseError when no structure is recognisable.

    With ``require_structure=False`` (a notice nested in a larger file) text without any
    clause marker becomes numbered paragraphs. ``issued_headings``: the (normalised) titles of
    the documents a covering notice issues; a line printing one of them opens that document as
    a part of its own (关于印发X和Y的通知 → part X, part Y).
    """
    builder = _Builder()
    lines = text.split("\n")
    # Attachments announced after the signature (附件：…) are parts of their own; the
    # signature block before them is still the closing.
    tail: list[str] = []
    while lines and (not lines[-1].strip() or _is_attachment(lines[-1])):
        tail.insert(0, lines.pop())
    if tail and not any(CLOSING_LINE_RE.match(line.strip()) for line in lines[-3:] if line.strip()):
        lines, tail = lines + tail, []
    lines, closing = split_closing(lines)
    lines = lines + tail
    signed_before_attachments = False
    if not closing:
        lines, closing = _closing_before_attachments(lines)
        signed_before_attachments = bool(closing)
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            cells = []
            while i < len(lines) and (lines[i].startswith("\t") or (cells and lines[i] and not match_marker(lines[i]) and len(lines[i]) <= 6)):
                if lines[i].startswith("\t"):
                    cells.append(lines[i].strip())
                else:
                    cells[-1] += lines[i].strip()
                i += 1
            builder.add_table([c for c in cells if c])
            continue
        stripped = line.strip()
        i += 1
        if not stripped:
            continue
        match = match_marker(stripped)
        if match:
            builder.open(match)
        elif issued_headings and normalise_title(stripped) in issued_headings:
            builder.open_issued(stripped)
        else:
            builder.add_text(stripped)
    for root in builder.roots:
        _article_paragraphs(root)
    if not any(root.kind in ("part", "chapter", "section", "article") and root.marker != "issued" for root in builder.roots):
        # An article-less notice or plan numbered 1. 2. (or （一）) at the top (or at the top of a
        # document it issues): those are its parts (headings), not items of some clause.
        for root in builder.roots:
            for node in root.children if root.marker == "issued" else [root]:
                if node.kind == "item":
                    node.kind = "heading"
    only_attachments = bool(builder.roots) and all(root.marker == "attachment" for root in builder.roots)
    if (not builder.roots and not require_structure) or only_attachments:
        # A notice without numbered parts: its paragraphs, then any attachments it announces.
        builder.roots = [
            Node(kind="paragraph", label="", number=i, path=f"p{i}", paragraphs=[line])
            for i, line in enumerate(builder.preamble, start=1)
        ] + builder.roots
        builder.preamble = []
    if closing and builder.roots:
        # printed before the attachments it signs off, when they follow it
        at = len(builder.roots)
        if signed_before_attachments:
            at = next((k for k, root in enumerate(builder.roots) if root.marker == "attachment"), at)
        builder.roots.insert(at, Node(kind="closing", path="closing", paragraphs=closing))
    if not builder.roots:
        raise ParseError("没有识别出任何条款结构（如 第一条、一、（一）、1 范围），请检查文件内容。")
    return ParsedDocument(preamble=builder.preamble, nodes=builder.roots)


def marker_names() -> list[str]:
    return list(MARKERS_BY_NAME)
