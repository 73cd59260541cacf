"""Load a version's clause tree for reading: one query, then a pre-order walk in memory.

Clause.get_absolute_url() looks the document page up on every call; pages that show many clauses
use ``ClauseTree.url_for`` instead, which joins the page URL (computed once) with the path.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from content.models.django import Clause, Version

# Clause kinds that get a line in a document's table of contents.
TOC_KINDS = {"part", "chapter", "section", "heading", "box", "annex", "clause", "article"}
TOC_MAX_DEPTH = 1


@dataclass
class ClauseTree:
    version: Version
    base_url: str
    ordered: list[Clause] = field(default_factory=list)
    roots: list[Clause] = field(default_factory=list)
    by_id: dict[int, Clause] = field(default_factory=dict)
    by_path: dict[str, Clause] = field(default_factory=dict)

    def url_for(self, clause: Clause) -> str:
        return f"{self.base_url}{clause.path}/"

    def index_of(self, clause: Clause) -> int:
        return next(i for i, c in enumerate(self.ordered) if c.pk == clause.pk)

    def ancestors(self, clause: Clause) -> list[Clause]:
        chain = []
        node = self.by_id.get(clause.parent_id) if clause.parent_id else None
        while node is not None:
            chain.append(node)
            node = self.by_id.get(node.parent_id) if node.parent_id else None
        return list(reversed(chain))

    def subtree(self, clause: Clause) -> list[Clause]:
        """The clause's descendants in reading order (the clause itself excluded)."""
        start = self.index_of(clause)
        out = []
        for node in self.ordered[start + 1 :]:
            if node.depth_in_tree <= clause.depth_in_tree:
                break
            out.append(node)
        return out

    def toc(self) -> list[Clause]:
        entries = [
            c
            for c in self.ordered
            if c.depth_in_tree <= TOC_MAX_DEPTH and (c.kind in TOC_KINDS or (c.kind == "item" and c.heading))
        ]
        if len(entries) > 120:
            # A long law: chapters only, articles are reachable from the text.
            entries = [c for c in entries if c.depth_in_tree == 0]
        return entries


def load_tree(version: Version, base_url: str) -> ClauseTree:
    """All clauses of ``version`` in reading order, each with ``child_nodes``, ``depth_in_tree``
    and ``url`` attributes, without further queries."""
    base_url = base_url if base_url.endswith("/") else base_url + "/"
    tree = ClauseTree(version=version, base_url=base_url)
    clauses = list(
        Clause.objects.filter(version=version).only(
            "id", "parent_id", "kind", "label", "path", "heading", "text", "position", "depth", "table", "note", "version_id"
        )
    )
    children: dict[int | None, list[Clause]] = {}
    for clause in clauses:
        clause.version = version  # avoid a query per clause in citation()/str()
        clause.child_nodes = []
        tree.by_id[clause.pk] = clause
        tree.by_path[clause.path] = clause
        children.setdefault(clause.parent_id, []).append(clause)
    for siblings in children.values():
        siblings.sort(key=lambda c: c.position)
    # Orphans (a parent in another version, which should not happen) are read as roots.
    roots = [c for c in clauses if c.parent_id is None or c.parent_id not in tree.by_id]
    roots.sort(key=lambda c: c.position)
    tree.roots = roots
    stack = [(c, 0) for c in reversed(roots)]
    while stack:
        clause, depth = stack.pop()
        clause.depth_in_tree = depth
        clause.url = tree.url_for(clause)
        clause.child_nodes = children.get(clause.pk, [])
        tree.ordered.append(clause)
        for child in reversed(clause.child_nodes):
            stack.append((child, depth + 1))
    for clause in clauses:
        parent = tree.by_id.get(clause.parent_id) if clause.parent_id else None
        if parent is not None:
            clause.parent = parent  # cache, so path_label() walks memory
    return tree


def is_outline_version(version: Version | None) -> bool:
    """A version rebuilt from what an 编制说明 says, not from the text of the document itself."""
    if version is None:
        return False
    if version.work.kind == "explanation":
        return False
    marker = f"{version.label} {version.source_name}"
    return "编制说明" in marker or "大纲" in marker or "outline" in marker.lower()
