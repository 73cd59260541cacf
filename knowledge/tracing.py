"""Tracing over the citation graph with networkx: what a work rests on, and what depends on it.

Nodes are work keys; an edge A → B means A rests on B (A cites, is based on, implements,
forwards, issues or has B as annex). Built from the database rows, so it follows editors' fixes.

Other apps add what else a change would affect through the ``knowledge_trace_affected`` hook
(``AFFECTED``): ``fn(work_keys: set[str]) -> Affected | None``, given the keys of the traced work
and of every work depending on it (assessment lists its checklist items this way).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from wagtail import hooks

from content.models import Work, WorkRelation
from knowledge.models import Citation


def citation_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for key, title, has_text in Work.objects.values_list("key", "title", "has_text"):
        graph.add_node(key, title=title, has_text=has_text)
    rows = (
        Citation.objects.published()
        .filter(work__isnull=False)
        .values_list("clause__version__work__key", "work__key", "relation", "clause__version__is_current")
    )
    for source, target, relation, current in rows:
        if source == target or not current:
            continue
        if graph.has_edge(source, target):
            graph[source][target]["relations"].add(relation)
        else:
            graph.add_edge(source, target, relations={relation})
    for source, kind, target in WorkRelation.objects.values_list("subject__key", "kind", "object__key"):
        if source == target:
            continue
        if graph.has_edge(source, target):
            graph[source][target]["relations"].add(kind)
        else:
            graph.add_edge(source, target, relations={kind})
    return graph


AFFECTED = "knowledge_trace_affected"


@dataclass
class Affected:
    """One kind of thing a change to the traced work affects, as another app reports it."""

    heading: str
    empty: str  # shown when ``rows`` is empty
    rows: list[tuple[str, str]] = field(default_factory=list)  # (text, note)


@dataclass
class Trace:
    work: Work
    rests_on: list[tuple[Work, int]] = field(default_factory=list)  # (work, distance)
    depends: list[tuple[Work, int]] = field(default_factory=list)
    citing_clauses: list = field(default_factory=list)
    affected: list[Affected] = field(default_factory=list)
    cycles: list[list[str]] = field(default_factory=list)


def _works_by_distance(lengths: dict[str, int], own: str) -> list[tuple[Work, int]]:
    keys = [k for k in lengths if k != own]
    works = {w.key: w for w in Work.objects.filter(key__in=keys)}
    return sorted(((works[k], lengths[k]) for k in keys if k in works), key=lambda x: (x[1], x[0].title))


def trace(work: Work, graph: nx.DiGraph | None = None) -> Trace:
    graph = graph or citation_graph()
    result = Trace(work=work)
    if work.key not in graph:
        return result
    result.rests_on = _works_by_distance(nx.single_source_shortest_path_length(graph, work.key), work.key)
    reverse = graph.reverse(copy=False)
    dependents = nx.single_source_shortest_path_length(reverse, work.key)
    result.depends = _works_by_distance(dependents, work.key)
    affected = set(dependents)
    result.citing_clauses = list(
        Citation.objects.published()
        .in_current_versions()
        .filter(work=work)
        .exclude(clause__version__work=work)
        .select_related("clause__version__work__document_page")
        .order_by("clause__version__work__title", "clause__position")
    )
    for fn in hooks.get_hooks(AFFECTED):
        section = fn(affected)
        if section is not None:
            result.affected.append(section)
    try:
        result.cycles = [c for c in nx.simple_cycles(graph.subgraph(affected | {work.key})) if len(c) > 1][:10]
    except nx.NetworkXException:
        result.cycles = []
    return result


def relation_label(kind: str) -> str:
    """The Chinese name of a relation (引用, 依据, 规范性引用 …): WorkRelation.Kind names every
    relation a citation can carry too, so it is the one table."""
    try:
        return str(WorkRelation.Kind(kind).label)
    except ValueError:
        return kind


def neighbourhood(key: str, radius: int = 1, graph: nx.DiGraph | None = None) -> dict:
    """Cytoscape.js elements for a work's neighbourhood (both directions) up to ``radius`` hops."""
    graph = graph or citation_graph()
    if key not in graph:
        return {"nodes": [], "edges": []}
    nodes = set(nx.ego_graph(graph.to_undirected(as_view=True), key, radius=radius).nodes)
    sub = graph.subgraph(nodes)
    return {
        "nodes": [
            {
                "data": {
                    "id": n,
                    "label": data.get("title", n)[:40],
                    "hasText": data.get("has_text", False),
                    "centre": n == key,
                }
            }
            for n, data in sub.nodes(data=True)
        ],
        "edges": [
            {
                "data": {
                    "id": f"{a}->{b}",
                    "source": a,
                    "target": b,
                    "label": "、".join(relation_label(r) for r in sorted(d["relations"])),
                    "relations": sorted(d["relations"]),  # the keys, for programs
                    "sourceTitle": sub.nodes[a].get("title", a),
                    "targetTitle": sub.nodes[b].get("title", b),
                }
            }
            for a, b, d in sub.edges(data=True)
        ],
    }
