"""Run the extractors over a version's clauses and store the results as rows an editor can correct.

A re-run (or a re-import, which makes a new version) replaces only rows still in the
``extracted`` state: rows an editor confirmed, edited, added or rejected are kept, carried to the
clause with the same path in the new version, and a rejected row keeps its span from being
extracted again.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from django.db import transaction

from content.bulk import insert_rows, update_fields
from content.models import Clause, ClauseKind, ReviewStatus, Term, TermDefinition, Version
from content.parse.identifiers import is_placeholder_doc_number, to_simplified
from knowledge.extract.citations import (
    apply_aliases,
    extract_citations,
    header_number_spans,
    is_self_citation,
    own_notice_relation,
)
from knowledge.extract.confidence import (
    TERM_CLAUSE,
    TERM_ENTRY,
    CitationSignals,
    DefinitionSignals,
    citation_confidence,
    definition_confidence,
    definition_pattern,
    obligation_confidence,
    obligation_signals,
)
from knowledge.extract.definitions import (
    definition_from_term_clause,
    extract_definitions,
    extract_term_entries,
    is_definitions_heading,
)
from knowledge.extract.obligations import bearer_heading, extract_obligations, notice_bearer
from knowledge.extract.term_lists import listed_terms
from knowledge.models import Citation, Obligation
from knowledge.resolve import Resolver, resolve_citation

log = logging.getLogger(__name__)

KEPT = (ReviewStatus.CONFIRMED, ReviewStatus.EDITED, ReviewStatus.ADDED, ReviewStatus.REJECTED)
# A version row holds the document's whole text twice: not read where only its work is asked.
VERSION_TEXTS = ("original_text", "text")
# The default order of citations and obligations (clause, span) sorts by the work and version
# first, through two joins; within one version the clause's position says the same.
IN_VERSION_ORDER = ("clause__position", "span_start", "pk")


@dataclass
class ExtractionReport:
    citations: int = 0
    obligations: int = 0
    terms: int = 0
    resolved: int = 0
    created_works: int = 0


def _carry_reviewed_rows(version: Version, clauses: dict[str, Clause]) -> list:
    """Move reviewed rows from the previous version's clauses to the same paths in this one.

    A version that restores an earlier one (``restored_from``) also takes that version's reviewed
    rows, after the previous version's: the newer decision on the same sentence wins. Returns the
    rows now on this version."""
    previous = (
        Version.objects.filter(work=version.work, number__lt=version.number).order_by("-number").first()
    )
    carried: list = []
    if previous is None:
        return carried
    sources = [previous]
    if version.restored_from_id and version.restored_from_id != previous.pk:
        sources.append(version.restored_from)
    decided: set[tuple] = set()  # (model, path, sentence) a newer source already had a decision on
    for source in sources:
        taken = set()
        for model in (Citation, Obligation):
            rows = model.objects.filter(clause__version=source, review_status__in=KEPT)
            for row in rows.select_related("clause").order_by(*IN_VERSION_ORDER):
                snippet = row.raw_text if model is Citation else row.text
                taken.add((model, row.clause.path, snippet))
                if (model, row.clause.path, snippet) not in decided and _carry_row(row, snippet, clauses):
                    carried.append(row)
        decided |= taken
    return carried


def _carry_row(row, snippet: str, clauses: dict[str, Clause]) -> bool:
    target = clauses.get(row.clause.path)
    if target is None:
        return False
    position = target.text.find(snippet) if snippet else -1
    if position >= 0:
        row.span_start, row.span_end = position, position + len(snippet)
    elif row.review_status != ReviewStatus.ADDED:
        return False  # the text it pointed at is gone; leave it on the old version
    row.pk = None
    row.clause = target
    row.save()
    return True


def _with_confidence(obligation: Obligation) -> Obligation:
    obligation.confidence = obligation_confidence(obligation_signals(obligation))
    return obligation


def _heading_chain(clause: Clause, parents: dict[int, Clause]) -> list[tuple[str, str]]:
    """(kind, heading) of a clause and its ancestors, nearest first."""
    node, chain = clause, []
    while node is not None:
        chain.append((node.kind, node.heading or ""))
        node = parents.get(node.parent_id) if node.parent_id else None
    return chain


def _in_normative_references(clause: Clause, parents: dict[int, Clause]) -> bool:
    node = clause
    while node is not None:
        if "规范性引用文件" in node.heading:
            return True
        node = parents.get(node.parent_id) if node.parent_id else None
    return False


# the next top-level section of a standard (4 总体框架): where the terms section ends
_NEXT_SECTION_RE = re.compile(r"(?m)^[ \t#]*\d+[ \t]+\S")


# a notice's lead ends where its numbered body starts; a few lines of furniture may precede it
_LEAD_LIMIT = 8
_BODY_KINDS = frozenset(
    {ClauseKind.PART, ClauseKind.CHAPTER, ClauseKind.SECTION, ClauseKind.ARTICLE, ClauseKind.HEADING,
     ClauseKind.CLAUSE, ClauseKind.ANNEX}
)


def _lead_clauses(clauses: list[Clause]) -> list[Clause]:
    """The top of a document before its first numbered part, article or annex (at most a few)."""
    lead = []
    for clause in clauses[:_LEAD_LIMIT]:
        if clause.kind in _BODY_KINDS:
            break
        lead.append(clause)
    return lead


def _in_definitions_chapter(clause: Clause, parents: dict[int, Clause]) -> bool:
    parent = parents.get(clause.parent_id) if clause.parent_id else None
    return parent is not None and is_definitions_heading(parent.heading)


def _same_document_term(label: str, clause: Clause) -> Term | None:
    """A term of the same version that has ``label`` as a short name (以下简称X, then X是指…)."""
    for term in Term.objects.filter(source_clause__version_id=clause.version_id):
        if label in (term.alt_labels or []):
            return term
    return None


def _definition_confidence(match, pattern: str) -> float:
    return definition_confidence(
        DefinitionSignals(
            pattern=pattern,
            label=match.pref_label,
            definition=match.definition,
            alias_only=not match.definition and bool(match.alt_labels),
        )
    )


def _citation_confidence(citation: Citation) -> float:
    work = citation.work if citation.work_id else None
    placeholder = bool(citation.doc_number) and is_placeholder_doc_number(citation.doc_number)
    return citation_confidence(
        CitationSignals(
            title=citation.title,
            has_number=bool(citation.doc_number or citation.standard_code),
            resolved_with_text=bool(work is not None and work.has_text),
            placeholder=placeholder,
        )
    )


def _add_definition(term: Term, match, clause: Clause, confidence: float | None = None, new: bool = False) -> bool:
    """Keep this clause's definition of ``term`` beside any other document's (one row per clause).

    ``new``: the term was just created from this clause, so it has no definition row yet."""
    if not match.definition:
        return False
    rows = TermDefinition.objects.filter(term=term)
    if not new and term.definition and term.source_clause_id != clause.pk and not rows.exists():
        # the definition the term held before (an editor's, or from before definitions were kept apart)
        TermDefinition.objects.create(
            term=term,
            definition=term.definition,
            source_clause_id=term.source_clause_id,
            span_start=term.span_start,
            span_end=term.span_end,
            review_status=term.review_status,
            confidence=term.confidence,
        )
    # (by id: the default order, by term and id, joins the term to sort by its label)
    row = None if new else rows.filter(source_clause=clause).order_by("id").first()
    if row is None:
        TermDefinition.objects.create(
            term=term,
            definition=match.definition,
            source_clause=clause,
            span_start=match.start,
            span_end=match.end,
            review_status=ReviewStatus.EXTRACTED,
            confidence=confidence,
        )
        return True
    if row.review_status == ReviewStatus.EXTRACTED and (
        row.definition != match.definition or row.confidence != confidence
    ):
        row.definition, row.span_start, row.span_end = match.definition, match.start, match.end
        row.confidence = confidence
        row.save(update_fields=["definition", "span_start", "span_end", "confidence"])
        return True
    return False


def _store_term(match, clause: Clause, pattern: str) -> bool:
    label = match.pref_label[:200]
    confidence = _definition_confidence(match, pattern)
    # with its source clause's version: whether that is this document is asked below
    term = (
        Term.objects.filter(pref_label=label)
        .select_related("source_clause__version")
        .defer(*(f"source_clause__version__{name}" for name in VERSION_TEXTS))
        .first()
    )
    if term is None and match.definition:
        term = _same_document_term(label, clause)  # 前款所称控烟工作 after 控制吸烟工作（以下简称控烟工作）
    if term is None:
        term = Term.objects.create(
            pref_label=label,
            alt_labels=list(dict.fromkeys(match.alt_labels)),
            definition=match.definition,
            source_clause=clause,
            span_start=match.start,
            span_end=match.end,
            review_status=ReviewStatus.EXTRACTED,
            confidence=confidence,
        )
        _add_definition(term, match, clause, confidence, new=True)
        return True
    if term.review_status == ReviewStatus.REJECTED:
        return False
    changed = False
    for alt in match.alt_labels:
        if alt and alt not in term.alt_labels and alt != term.pref_label:
            term.alt_labels = [*term.alt_labels, alt]
            changed = True
    if term.review_status == ReviewStatus.EXTRACTED:
        source = term.source_clause
        same_work = source is not None and source.version.work_id == clause.version.work_id
        if match.definition and (not term.definition or source is None or same_work):
            # the term's own (first) definition: set when it has none, or re-derived from its
            # document; another document's definition is kept beside it, not over it
            if term.definition != match.definition or term.source_clause_id != clause.pk:
                term.definition = match.definition
                term.source_clause, term.span_start, term.span_end = clause, match.start, match.end
                term.confidence = confidence
                changed = True
        elif term.source_clause_id is None:
            term.source_clause, term.span_start, term.span_end, changed = clause, match.start, match.end, True
            term.confidence = confidence
        if term.confidence is None or (confidence > term.confidence and term.source_clause_id == clause.pk):
            term.confidence, changed = confidence, True
    if changed:
        term.save()
    return _add_definition(term, match, clause, confidence) or changed


@transaction.atomic
def extract_version(version: Version, resolve: bool = True, resolver: Resolver | None = None) -> ExtractionReport:
    """Extract citations, obligations and terms from every clause of ``version``.

    ``resolver``: one shared by the versions of an import (see ``resolve_version``)."""
    report = ExtractionReport()
    clauses = list(Clause.objects.filter(version=version).order_by("position"))
    for clause in clauses:
        clause.version = version  # the same row: no query per clause that asks for its version
    by_path = {c.path: c for c in clauses}
    parents = {c.pk: c for c in clauses}
    # terms whose source clause belongs to this version are re-derived below
    Term.objects.filter(source_clause__version__work=version.work, review_status=ReviewStatus.EXTRACTED).exclude(
        source_clause__version=version
    ).update(source_clause=None)
    TermDefinition.objects.filter(
        source_clause__version__work=version.work, review_status=ReviewStatus.EXTRACTED
    ).exclude(source_clause__version=version).delete()
    Citation.objects.filter(clause__version=version, review_status=ReviewStatus.EXTRACTED).delete()
    Obligation.objects.filter(clause__version=version, review_status=ReviewStatus.EXTRACTED).delete()
    # the spans of rows an editor decided on, which extraction leaves alone
    span = ("clause_id", "span_start", "span_end")
    kept_citations = set(Citation.objects.filter(clause__version=version).order_by().values_list(*span))
    kept_obligations = set(Obligation.objects.filter(clause__version=version).order_by().values_list(*span))
    if not kept_citations and not kept_obligations:
        for row in _carry_reviewed_rows(version, by_path):
            kept = kept_citations if isinstance(row, Citation) else kept_obligations
            kept.add((row.clause_id, row.span_start, row.span_end))
    new_citations: list[Citation] = []
    new_obligations: list[Obligation] = []
    # a covering notice's addressee (请各地…执行) bears the imperatives of its numbered parts
    # (looked for in the lead: the clauses before the first numbered part, article or annex)
    notice_addressee = next(
        (b for c in _lead_clauses(clauses) if (b := notice_bearer(c.text or ""))),
        "",
    )
    own = version.work
    aliases: dict[str, tuple[str, str]] = {}  # 以下简称《X》, carried through the document
    for clause in clauses:
        # Extractors read a simplified fold of a traditional-character text (one character for
        # one, so spans index the text as displayed).
        text = to_simplified(clause.text or "")
        normative = _in_normative_references(clause, parents)
        header = header_number_spans(text) if clause.kind == ClauseKind.PREAMBLE else []
        for match in apply_aliases(extract_citations(text, normative=normative, aliases=aliases), aliases):
            if (clause.pk, match.start, match.end) in kept_citations:
                continue
            if is_self_citation(match, own.title, [own.doc_number]):
                continue  # the document's own title / 文号, or its covering notice
            if relation := own_notice_relation(match, own.title):
                # 关于印发《X》的通知 issues the 《X》 its text names, wherever its 现印发 stands
                match = replace(match, relation=relation)
            if not match.title and any(s <= match.start and match.end <= e for s, e in header):
                continue  # the head's 令 / 文号 line prints the document's own numbers
            citation = Citation(
                    clause=clause,
                    span_start=match.start,
                    span_end=match.end,
                    raw_text=match.raw[:500],
                    title=match.title[:500],
                    doc_number=match.doc_number[:120],
                    standard_code=match.standard_code[:120],
                    target_clause_label=match.target_clause_label[:60],
                    relation=match.relation,
                )
            citation.confidence = _citation_confidence(citation)
            new_citations.append(citation)
        heading = bearer_heading(_heading_chain(clause, parents))
        default_bearer = notice_addressee if clause.kind not in ("article", "chapter", "section") else ""
        for match in extract_obligations(text, heading=heading, default_bearer=default_bearer):
            if (clause.pk, match.start, match.end) in kept_obligations:
                continue
            new_obligations.append(
                _with_confidence(Obligation(
                    clause=clause,
                    span_start=match.start,
                    span_end=match.end,
                    text=match.text,
                    modality=match.modality,
                    modal_word=match.modal_word[:20],
                    duty_bearer=match.duty_bearer[:300],
                    duty_bearer_inherited=match.duty_bearer_inherited,
                    action=match.action,
                    quantity_comparator=match.quantity_comparator,
                    quantity_value=match.quantity_value,
                    quantity_max=match.quantity_max,
                    quantity_unit=match.quantity_unit[:30],
                    frequency=match.frequency,
                    deadline=match.deadline,
                    deadline_text=match.deadline_text[:120],
                    condition=match.condition[:300],
                ))
            )
        if _in_definitions_chapter(clause, parents):
            term_match = definition_from_term_clause(clause.heading, text)
            if term_match is not None and _store_term(term_match, clause, TERM_CLAUSE):
                report.terms += 1
        elif is_definitions_heading(clause.heading) or "术语和定义" in text:
            # the entries written out under the section's heading (3.1 / term / definition)
            offset = text.find("术语和定义") if "术语和定义" in text else 0
            section = text[offset:]
            following = _NEXT_SECTION_RE.search(section, len("术语和定义"))
            section = section[: following.start()] if following else section
            for entry in extract_term_entries(section) or listed_terms(section):
                entry = replace(entry, start=entry.start + offset, end=entry.end + offset)
                if _store_term(entry, clause, TERM_ENTRY):
                    report.terms += 1
        for match in extract_definitions(text):
            if _store_term(match, clause, definition_pattern(text[match.start : match.end])):
                report.terms += 1
    insert_rows(Citation, new_citations)
    insert_rows(Obligation, new_obligations)
    report.citations, report.obligations = len(new_citations), len(new_obligations)
    if resolve:
        resolved, created = resolve_version(version, resolver)
        report.resolved, report.created_works = resolved, created
    return report


def resolve_version(version: Version, resolver: Resolver | None = None) -> tuple[int, int]:
    """Resolve the citations of a version; drop a document's mention of its own 文号.

    Rows are written in bulk (no per-row ``post_save``): the caller re-projects the whole work
    and the shared graphs once extraction is done (``knowledge.receivers.on_version_imported``).
    ``resolver`` may be shared by the versions of one import, resolved one after another while
    nothing else writes works, aliases or relations (``Resolver``)."""
    resolver = resolver or Resolver()
    created_before = len(resolver.created)
    resolved = 0
    own = version.work
    changed, dropped = [], []
    citations = Citation.objects.filter(clause__version=version).select_related("clause")
    for citation in citations.order_by(*IN_VERSION_ORDER):
        citation.clause.version = version  # not joined: a version row holds the whole text twice
        if citation.review_status == ReviewStatus.REJECTED:
            continue
        if citation.review_status in (ReviewStatus.CONFIRMED, ReviewStatus.EDITED) and citation.work_id:
            continue  # an editor chose the work
        resolve_citation(citation, resolver)
        if (
            citation.work_id == own.pk
            and not citation.target_clause_label
            and citation.review_status == ReviewStatus.EXTRACTED
        ):
            dropped.append(citation.pk)  # the document printing its own 文号 is not a citation
            continue
        if citation.review_status == ReviewStatus.EXTRACTED:
            citation.confidence = _citation_confidence(citation)
        changed.append(citation)
        resolved += citation.work_id is not None
    Citation.objects.filter(pk__in=dropped).delete()
    update_fields(Citation, changed, ["work", "target_clause", "confidence"])
    return resolved, len(resolver.created) - created_before


def retarget_incoming_citations(version: Version) -> set[tuple[int, str]]:
    """Citations in other works' current versions that name a clause of an earlier version of
    ``version``'s work now point at the clause with the same path in ``version`` — what resolving
    them again would find — or at none when the path is gone. Returns (work id, key) of the
    citing works whose graph changes (a target gone; the same path keeps the same clause URI)."""
    rows = list(
        Citation.objects.filter(target_clause__version__work_id=version.work_id, clause__version__is_current=True)
        .exclude(target_clause__version=version)
        .exclude(clause__version__work_id=version.work_id)
        .select_related("target_clause", "clause__version__work")
        .defer(*(f"clause__version__{name}" for name in VERSION_TEXTS))
        .order_by()
    )
    if not rows:
        return set()
    by_path = dict(Clause.objects.filter(version=version).values_list("path", "pk"))
    dropped = set()
    for row in rows:
        row.target_clause_id = by_path.get(row.target_clause.path)
        if row.target_clause_id is None:
            dropped.add((row.clause.version.work_id, row.clause.version.work.key))
    update_fields(Citation, rows, ["target_clause"])
    return dropped


def extract_all(stdout=None) -> ExtractionReport:
    total = ExtractionReport()
    versions = list(Version.objects.current().select_related("work"))
    for i, version in enumerate(versions, start=1):
        report = extract_version(version)
        for name in ("citations", "obligations", "terms", "resolved", "created_works"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        if stdout is not None:
            stdout.write(
                f"[{i}/{len(versions)}] 《{version.work.title}》 引用 {report.citations} · 义务 {report.obligations} · 术语 {report.terms}\n"
            )
    return total
