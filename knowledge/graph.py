"""The RDF projection of the database: one named graph per document, in Oxigraph on disk.

The database is the source of truth; this module turns its rows into quads (ELI for works and
clauses, SKOS for terms, W3C ORG for organisations, ``ygt:`` for obligations) and writes them
either to the local Oxigraph store at ``settings.GRAPH_STORE_DIR`` (read through rdflib with
oxrdflib) or, when ``settings.SPARQL_URL`` is set, to a SPARQL 1.1 server by SPARQL Update
(update endpoint: ``SPARQL_UPDATE_URL``, else SPARQL_URL with /query → /update). Queries use the
union of the named graphs as default graph: configure the server so (``oxigraph serve
--union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from urllib.parse import quote

import pyoxigraph as ox
from django.conf import settings

# re-exported: older callers import these from here
from knowledge.store import (  # noqa: F401
    ELI,
    ORG,
    PREFIXES,
    PROV,
    SKOS,
    SPARQL_PROLOGUE,
    XSD,
    YGT,
    _stores,
    close_store,
    get_store,
    rdflib_dataset,
    remote,
    store_path,
    update_url,
)

log = logging.getLogger(__name__)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

MODALITY_CLASS = {
    "must": "Must",
    "must_not": "MustNot",
    "should": "Should",
    "may": "May",
    "encouraged": "Encouraged",
    "target": "Target",
}
# Review state of a machine-read fact (content.models.review.ReviewStatus) → ygt individual.
# Rejected rows are never projected (the graph holds published() rows only).
REVIEW_STATUS = {
    "extracted": "Extracted",
    "confirmed": "Confirmed",
    "edited": "Edited",
    "added": "Added",
}
# Work relations (content.WorkRelation.kind and knowledge.Citation.relation) → ELI properties.
RELATION_PREDICATES = {
    "cites": [ELI + "cites"],
    "normative_reference": [ELI + "cites"],
    "based_on": [ELI + "cites", ELI + "based_on"],
    "implements": [ELI + "cites", ELI + "ensures_implementation_of"],
    "issues": [ELI + "related_to", YGT + "issues"],
    "forwards": [ELI + "related_to", YGT + "forwards"],
    "annex": [ELI + "has_annex"],
    "explains": [ELI + "related_to", YGT + "explains"],
    "related": [ELI + "related_to"],
}
IN_FORCE = {
    "in_force": ELI + "InForce-inForce",
    "superseded": ELI + "InForce-notInForce",
    "repealed": ELI + "InForce-notInForce",
}


def N(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


def typed(value, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=N(XSD + datatype))


# --- URIs ----------------------------------------------------------------------------------


def base_uri() -> str:
    """The canonical base of every stored IRI (``PORTAL_BASE_URI``): the graph is projected
    offline, so it needs one stable base. Responses rewrite it to the request's origin."""
    return settings.PORTAL_BASE_URI.rstrip("/")


def request_base(request) -> str:
    """The origin the reader reached the portal at: scheme, host and port of the request."""
    return f"{request.scheme}://{request.get_host()}"


def _swap(data, old: str, new: str):
    if old == new:
        return data
    if isinstance(data, bytes):
        return data.replace(old.encode("utf-8") + b"/", new.encode("utf-8") + b"/")
    return data.replace(old + "/", new + "/")


def localise(data, request):
    """Stored IRIs (text or bytes) rewritten to the request's host and port, so an instance reached
    at another host or port links to itself. Anything starting with the canonical base and a
    slash is rewritten, which names the same resource on this host."""
    return _swap(data, base_uri(), request_base(request)) if request is not None else data


def canonicalise(text: str, request) -> str:
    """The reverse of :func:`localise`: IRIs a reader copied from this host, as stored."""
    return _swap(text, request_base(request), base_uri()) if request is not None else text


def relative(uri: str) -> str:
    """A stored IRI as a path on this portal (``/id/…``), for links inside pages."""
    base = base_uri()
    return uri[len(base):] if uri.startswith(base + "/") else uri


def work_uri(key: str) -> str:
    return f"{base_uri()}/id/work/{quote(key, safe='')}"


def clause_uri(work_key: str, path: str) -> str:
    return f"{base_uri()}/id/clause/{quote(work_key, safe='')}/{quote(path, safe='.-')}"


def term_uri(pk: int) -> str:
    return f"{base_uri()}/id/term/{pk}"


def obligation_uri(pk: int) -> str:
    return f"{base_uri()}/id/obligation/{pk}"


def citation_uri(pk: int) -> str:
    return f"{base_uri()}/id/citation/{pk}"


def organisation_uri(key: str) -> str:
    return f"{base_uri()}/id/organisation/{quote(key, safe='')}"


def graph_uri(name: str) -> str:
    return f"{base_uri()}/graph/{quote(name, safe='')}"


CITED_GRAPH = "_cited"
ORGANISATIONS_GRAPH = "_organisations"
GLOSSARY_GRAPH = "_glossary"
INDICATORS_GRAPH = "_indicators"


# --- projection ----------------------------------------------------------------------------


def _issuer_key(name: str) -> str:
    from knowledge.resolve import slugify_key

    return slugify_key(name)


def work_description(work, g: ox.NamedNode) -> Iterator[ox.Quad]:
    """The work node itself: titles, identifiers, type, dates, issuers, status."""
    s = N(work_uri(work.key))
    yield ox.Quad(s, RDF_TYPE, N(ELI + "LegalResource"), g)
    yield ox.Quad(s, N(ELI + "title"), zh(work.title), g)
    seen = {work.title}
    for alias in work.aliases.all():
        if alias.title and alias.title not in seen:
            seen.add(alias.title)
            yield ox.Quad(s, N(ELI + "title_alternative"), zh(alias.title), g)
    for identifier in (work.doc_number, work.standard_code):
        if identifier:
            yield ox.Quad(s, N(ELI + "id_local"), ox.Literal(identifier), g)
    yield ox.Quad(s, N(ELI + "type_document"), N(f"{YGT}kind/{work.kind}"), g)
    if work.date_issued:
        yield ox.Quad(s, N(ELI + "date_document"), typed(work.date_issued.isoformat(), "date"), g)
    if work.status in IN_FORCE:
        yield ox.Quad(s, N(ELI + "in_force"), N(IN_FORCE[work.status]), g)
    yield ox.Quad(s, N(YGT + "hasText"), typed("true" if work.has_text else "false", "boolean"), g)
    yield ox.Quad(s, N(YGT + "status"), ox.Literal(work.status), g)
    for issuer in work.issuers or []:
        org = N(organisation_uri(_issuer_key(issuer)))
        yield ox.Quad(s, N(ELI + "passed_by"), org, g)
        yield ox.Quad(org, RDF_TYPE, N(ORG + "Organization"), g)
        yield ox.Quad(org, N(SKOS + "prefLabel"), zh(issuer), g)
    for relation in work.relations_out.select_related("object"):
        for predicate in RELATION_PREDICATES.get(relation.kind, [ELI + "related_to"]):
            yield ox.Quad(s, N(predicate), N(work_uri(relation.object.key)), g)


def document_quads(work) -> Iterator[ox.Quad]:
    """Everything one document contributes: the work, its current clauses, citations, obligations, terms."""
    from content.models import Clause, Term
    from knowledge.models import Citation, Obligation

    g = N(graph_uri(work.key))
    yield from work_description(work, g)
    ws = N(work_uri(work.key))
    clauses = list(
        Clause.objects.filter(version__work=work, version__is_current=True).order_by("position")
    )
    by_id = {c.pk: c for c in clauses}
    for clause in clauses:
        c = N(clause_uri(work.key, clause.path))
        yield ox.Quad(c, RDF_TYPE, N(ELI + "LegalResourceSubdivision"), g)
        parent = N(clause_uri(work.key, by_id[clause.parent_id].path)) if clause.parent_id in by_id else ws
        yield ox.Quad(c, N(ELI + "is_part_of"), parent, g)
        yield ox.Quad(parent, N(ELI + "has_part"), c, g)
        if clause.label:
            yield ox.Quad(c, N(ELI + "number"), ox.Literal(clause.label), g)
        if clause.heading:
            yield ox.Quad(c, N(ELI + "title"), zh(clause.heading), g)
        if clause.text:
            yield ox.Quad(c, N(YGT + "text"), zh(clause.text), g)
        yield ox.Quad(c, N(YGT + "position"), typed(clause.position, "integer"), g)
    # readers' facts only: reviewed, or extracted with enough confidence (content.models.review)
    citations = Citation.objects.published().filter(clause__in=clauses).select_related("work", "target_clause__version__work")
    document_edges: set[tuple[str, str]] = set()
    for citation in citations:
        if citation.clause_id not in by_id:
            continue
        c = N(clause_uri(work.key, by_id[citation.clause_id].path))
        cited: list[str] = []
        if citation.target_clause_id:
            target = citation.target_clause
            cited.append(clause_uri(target.version.work.key, target.path))
            yield ox.Quad(c, N(ELI + "cites"), N(cited[-1]), g)
        if citation.work_id and citation.work_id != work.pk:
            target_work = work_uri(citation.work.key)
            cited.append(target_work)
            for predicate in RELATION_PREDICATES.get(citation.relation, [ELI + "cites"]):
                yield ox.Quad(c, N(predicate), N(target_work), g)
                document_edges.add((predicate, target_work))
        if cited:
            # the edge's provenance: which citation read it, and how far it has been reviewed
            yield from citation_quads(citation, c, cited, g)
    for predicate, target_work in sorted(document_edges):
        yield ox.Quad(ws, N(predicate), N(target_work), g)
    for obligation in Obligation.objects.published().filter(clause__in=clauses):
        yield from obligation_quads(obligation, work.key, by_id[obligation.clause_id].path, g)
    for term in Term.objects.published().filter(source_clause__in=clauses):
        yield from term_quads(term, clause_uri(work.key, by_id[term.source_clause_id].path), g)


def review_quads(node: ox.NamedNode, row, g) -> Iterator[ox.Quad]:
    """A machine-read fact's review state (ygt:reviewStatus) and extraction confidence (ygt:confidence)."""
    status = REVIEW_STATUS.get(row.review_status)
    if status:
        yield ox.Quad(node, N(YGT + "reviewStatus"), N(YGT + status), g)
    if row.confidence is not None:
        yield ox.Quad(node, N(YGT + "confidence"), typed(f"{row.confidence:.2f}", "decimal"), g)


def citation_quads(citation, clause: ox.NamedNode, cited: list[str], g) -> Iterator[ox.Quad]:
    """A resolved citation as a node: the clause it was read from, what it points at, its review state."""
    n = N(citation_uri(citation.pk))
    yield ox.Quad(n, RDF_TYPE, N(YGT + "Citation"), g)
    yield ox.Quad(n, N(PROV + "wasDerivedFrom"), clause, g)
    for target in cited:
        yield ox.Quad(n, N(YGT + "citedResource"), N(target), g)
    if citation.raw_text:
        yield ox.Quad(n, N(YGT + "text"), zh(citation.raw_text), g)
    yield from review_quads(n, citation, g)


def obligation_quads(obligation, work_key: str, path: str, g) -> Iterator[ox.Quad]:
    o = N(obligation_uri(obligation.pk))
    yield ox.Quad(o, RDF_TYPE, N(YGT + "Obligation"), g)
    yield ox.Quad(o, N(YGT + "modality"), N(YGT + MODALITY_CLASS[obligation.modality]), g)
    yield ox.Quad(o, N(YGT + "text"), zh(obligation.text), g)
    yield ox.Quad(o, N(PROV + "wasDerivedFrom"), N(clause_uri(work_key, path)), g)
    if obligation.duty_bearer:
        yield ox.Quad(o, N(YGT + "dutyBearer"), zh(obligation.duty_bearer), g)
    if obligation.action:
        yield ox.Quad(o, N(YGT + "action"), zh(obligation.action), g)
    if obligation.quantity_value is not None:
        q = ox.BlankNode(f"q{obligation.pk}")
        yield ox.Quad(o, N(YGT + "quantity"), q, g)
        yield ox.Quad(q, N(YGT + "comparator"), ox.Literal(obligation.quantity_comparator or "="), g)
        yield ox.Quad(q, N(YGT + "value"), typed(obligation.quantity_value.normalize(), "decimal"), g)
        if getattr(obligation, "quantity_max", None) is not None:  # a range: value is its lower end
            yield ox.Quad(q, N(YGT + "maxValue"), typed(format(obligation.quantity_max.normalize(), "f"), "decimal"), g)
        if obligation.quantity_unit:
            yield ox.Quad(q, N(YGT + "unit"), ox.Literal(obligation.quantity_unit), g)
    if obligation.frequency:
        # ygt:frequency is an ISO 8601 duration; a frequency printed without a period (定期) is
        # kept as words under ygt:frequencyText, never as a duration it does not state
        if re.fullmatch(r"P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?", obligation.frequency):
            yield ox.Quad(o, N(YGT + "frequency"), typed(obligation.frequency, "duration"), g)
        else:
            yield ox.Quad(o, N(YGT + "frequencyText"), zh(obligation.frequency), g)
    if obligation.deadline:
        yield ox.Quad(o, N(YGT + "deadline"), typed(obligation.deadline.isoformat(), "date"), g)
    if obligation.condition:
        yield ox.Quad(o, N(YGT + "condition"), zh(obligation.condition), g)
    yield from review_quads(o, obligation, g)


def term_quads(term, source_clause: str | None, g) -> Iterator[ox.Quad]:
    t = N(term_uri(term.pk))
    yield ox.Quad(t, RDF_TYPE, N(SKOS + "Concept"), g)
    yield ox.Quad(t, N(SKOS + "prefLabel"), zh(term.pref_label), g)
    for alt in term.alt_labels or []:
        if alt:
            yield ox.Quad(t, N(SKOS + "altLabel"), zh(alt), g)
    if term.definition:
        yield ox.Quad(t, N(SKOS + "definition"), zh(term.definition), g)
    if source_clause:
        yield ox.Quad(t, N(PROV + "wasDerivedFrom"), N(source_clause), g)
    yield from review_quads(t, term, g)


def cited_works_quads() -> Iterator[ox.Quad]:
    """Works known only by citation: still nodes that can be traced."""
    from content.models import Work

    g = N(graph_uri(CITED_GRAPH))
    for work in Work.objects.exclude(versions__isnull=False).prefetch_related("aliases"):
        yield from work_description(work, g)


def organisation_quads() -> Iterator[ox.Quad]:
    from content.models import Organisation

    g = N(graph_uri(ORGANISATIONS_GRAPH))
    for org in Organisation.objects.select_related("parent"):
        o = N(organisation_uri(org.key))
        yield ox.Quad(o, RDF_TYPE, N(ORG + "Organization"), g)
        yield ox.Quad(o, N(SKOS + "prefLabel"), zh(org.name), g)
        if org.description:
            yield ox.Quad(o, N(SKOS + "definition"), zh(org.description), g)
        if org.parent_id:
            p = N(organisation_uri(org.parent.key))
            yield ox.Quad(o, N(ORG + "subOrganizationOf"), p, g)
            yield ox.Quad(p, N(ORG + "hasUnit"), o, g)


def indicator_quads() -> Iterator[ox.Quad]:
    """Indicators of the monitoring and evaluation system (附录B) with their source clauses."""
    from content.models import Indicator

    g = N(graph_uri(INDICATORS_GRAPH))
    for indicator in Indicator.objects.prefetch_related("source_clauses__version__work"):
        i = N(f"{base_uri()}/id/indicator/{quote(indicator.key, safe='')}")
        yield ox.Quad(i, RDF_TYPE, N(YGT + "Indicator"), g)
        yield ox.Quad(i, N(SKOS + "prefLabel"), zh(indicator.name), g)
        yield ox.Quad(i, N(YGT + "dimension"), N(f"{YGT}dimension/{indicator.dimension}"), g)
        if indicator.unit:
            yield ox.Quad(i, N(YGT + "unit"), ox.Literal(indicator.unit), g)
        for clause in indicator.source_clauses.all():
            if clause.version.is_current:
                yield ox.Quad(i, N(PROV + "wasDerivedFrom"), N(clause_uri(clause.version.work.key, clause.path)), g)


def glossary_quads() -> Iterator[ox.Quad]:
    from content.models import Term

    g = N(graph_uri(GLOSSARY_GRAPH))
    for term in Term.objects.published().filter(source_clause__isnull=True):
        yield from term_quads(term, None, g)


# Named graphs other apps add (knowledge imports no app above it): name → fn() returning
# {graph name: quads} for every graph the provider has now. They are projected with the shared
# graphs (project_shared_graphs, build_graph, stale_scopes); an empty graph is dropped.
_GRAPH_PROVIDERS: dict[str, object] = {}


def register_graph_provider(name: str, graphs) -> None:
    """Add (or replace) a provider of extra named graphs: ``graphs() -> {name: Iterable[ox.Quad]}``
    (quads in ``N(graph_uri(name))``). Re-project after a change with
    ``knowledge.tasks.schedule_shared_graphs()``."""
    _GRAPH_PROVIDERS[name] = graphs


def quads_from_rdflib(graph, name: str) -> Iterator[ox.Quad]:
    """An rdflib graph's triples as quads of the named graph ``name`` (for providers built with rdflib)."""
    from rdflib import BNode, Literal, URIRef

    g = N(graph_uri(name))

    def term(t):
        if isinstance(t, URIRef):
            return N(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        if isinstance(t, Literal):
            if t.language:
                return ox.Literal(str(t), language=t.language)
            if t.datatype:
                return ox.Literal(str(t), datatype=N(str(t.datatype)))
            return ox.Literal(str(t))
        raise TypeError(t)

    for s, p, o in graph:
        yield ox.Quad(term(s), term(p), term(o), g)


def shared_graphs() -> dict[str, Iterable[ox.Quad]]:
    graphs = {
        CITED_GRAPH: cited_works_quads(),
        ORGANISATIONS_GRAPH: organisation_quads(),
        GLOSSARY_GRAPH: glossary_quads(),
        INDICATORS_GRAPH: indicator_quads(),
    }
    for provider in _GRAPH_PROVIDERS.values():
        graphs.update(provider())
    return graphs


# --- writing ---------------------------------------------------------------------------------


def _nquads_body(quads: list[ox.Quad]) -> str:
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def replace_update(name: str, quads: list[ox.Quad]) -> str:
    """One SPARQL UPDATE that replaces a named graph: drop it, insert the new quads."""
    g = graph_uri(name)
    update = f"DROP SILENT GRAPH <{g}>"
    if quads:
        update += f" ;\nINSERT DATA {{ GRAPH <{g}> {{\n{_nquads_body(quads)}\n}} }}"
    return update


def _replace_local(name: str, quads: Iterable[ox.Quad]) -> int:
    # One update is one Oxigraph transaction: readers see the old graph or the new, never a mix.
    quads = list(quads)
    get_store().update(replace_update(name, quads))
    return len(quads)


def _replace_remote(name: str, quads: Iterable[ox.Quad]) -> int:
    import requests

    quads = list(quads)
    timeout = getattr(settings, "SPARQL_TIMEOUT_SECONDS", 10) * 6
    # One request: the server applies the DROP and the INSERT as one update.
    response = requests.post(
        update_url(),
        data=replace_update(name, quads).encode("utf-8"),
        headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        timeout=timeout,
    )
    response.raise_for_status()
    return len(quads)


def replace_graph(name: str, quads: Iterable[ox.Quad]) -> int:
    """Replace one named graph atomically (locally one store transaction, remotely one UPDATE)."""
    return _replace_remote(name, quads) if remote() else _replace_local(name, quads)


def drop_graph(name: str) -> None:
    replace_graph(name, [])


def project_work(work_id: int | None, key: str) -> int:
    """Re-project one work's named graph and record what it was built from; drop it if gone."""
    from content.jobs import work_stamp
    from content.models import Work
    from knowledge.models import ProjectedGraph

    work = Work.objects.filter(pk=work_id).prefetch_related("aliases").first() if work_id else None
    if work is not None and work.key != key:
        ProjectedGraph.objects.filter(scope=key).delete()
        drop_graph(key)
        key = work.key
    if work is None or not work.versions.exists():
        drop_graph(key)
        ProjectedGraph.objects.filter(scope=key).delete()
        return 0
    stamp = work_stamp(work)  # taken before reading: a change made meanwhile leaves it stale
    count = replace_graph(key, document_quads(work))
    ProjectedGraph.objects.update_or_create(scope=key, defaults={"stamp": stamp, "quads": count})
    return count


def project_shared() -> int:
    """Re-project the shared graphs (cited works, organisations, glossary, indicators)."""
    from knowledge.models import ProjectedGraph

    total = 0
    for name, quads in shared_graphs().items():
        count = replace_graph(name, quads)
        ProjectedGraph.objects.update_or_create(scope=name, defaults={"stamp": "shared", "quads": count})
        total += count
    return total


def rebuild_works(keys: Iterable[str]) -> int:
    """Re-project some documents' named graphs and then the shared graphs, in this process."""
    from content.models import Work

    total = 0
    for key in keys:
        work_id = Work.objects.filter(key=key).values_list("pk", flat=True).first()
        total += project_work(work_id, key)
    return total + project_shared()


def stale_scopes() -> tuple[list[tuple[int | None, str]], bool]:
    """Works whose named graph is missing or older than the database, and whether the shared
    graphs need rebuilding: ([(work_id or None for a graph to drop, key)], shared_stale)."""
    from content.jobs import work_stamps
    from knowledge.models import ProjectedGraph

    works = list(documents())
    stamps = work_stamps(works)
    state = dict(ProjectedGraph.objects.values_list("scope", "stamp"))
    stale: list[tuple[int | None, str]] = [(w.pk, w.key) for w in works if state.get(w.key) != stamps[w.pk]]
    keys = {w.key for w in works}
    shared_names = set(shared_graphs())
    stale += [(None, scope) for scope in state if scope not in keys and scope not in shared_names]
    shared_stale = bool(stale) or any(state.get(name) != "shared" for name in shared_names)
    return stale, shared_stale


def documents():
    """Works with a clause tree (full text, or an outline derived from another document)."""
    from content.models import Work

    return Work.objects.filter(versions__isnull=False).distinct().prefetch_related("aliases")


def all_quads() -> Iterator[ox.Quad]:

    for work in documents():
        yield from document_quads(work)
    for quads in shared_graphs().values():
        yield from quads


def build_graph(stdout=None) -> int:
    """Rebuild the whole projection from the database; returns the number of quads."""
    from content.jobs import work_stamps
    from knowledge.models import ProjectedGraph

    works = list(documents())
    stamps = work_stamps(works)
    counts: dict[str, int] = {}
    if remote():
        for work in works:
            counts[work.key] = replace_graph(work.key, document_quads(work))
        for name, quads in shared_graphs().items():
            counts[name] = replace_graph(name, quads)
    else:
        store = get_store()
        quads: list[ox.Quad] = []
        for work in works:
            before = len(quads)
            quads.extend(document_quads(work))
            counts[work.key] = len(quads) - before
        for name, shared in shared_graphs().items():
            before = len(quads)
            quads.extend(shared)
            counts[name] = len(quads) - before
        store.clear()
        store.bulk_extend(quads)
        store.flush()
    shared_names = set(shared_graphs())
    by_key = {w.key: stamps[w.pk] for w in works}
    ProjectedGraph.objects.all().delete()
    ProjectedGraph.objects.bulk_create(
        ProjectedGraph(
            scope=scope,
            stamp="shared" if scope in shared_names else by_key[scope],
            quads=n,
        )
        for scope, n in counts.items()
    )
    total = sum(counts.values())
    if stdout is not None:
        stdout.write(f"图谱已重建：{total} 条三元组，存储于 {store_path()}\n")
    return total


def count_quads() -> int:
    from knowledge.sparql import run_select

    rows = run_select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0]["n"]) if rows else 0
