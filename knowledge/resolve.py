"""Resolution of citations to works.

The pure normalisers live in content: identifiers (文号, standard codes) in
``content.parse.identifiers``, titles in ``content.parse.titles``; they are imported here so
that the resolver, the importer and the extractors share one grammar. The database part
(``resolve_citations`` and friends) imports Django lazily.
"""

from __future__ import annotations

import re

from content.parse.identifiers import (
    is_placeholder_doc_number,
    normalise_doc_number,
    normalise_standard_code,
    parse_clause_label,
)
from content.parse.titles import issued_title, normalise_title, readable_key, slugify_key

__all__ = [
    "Resolver",
    "is_placeholder_doc_number",
    "issued_title",
    "normalise_doc_number",
    "normalise_standard_code",
    "normalise_title",
    "resolve_citation",
    "slugify_key",
    "titles_compatible",
]

# --- resolution against the database ---------------------------------------------------------
# Django is imported lazily so that the normalisers above stay importable without settings.

NOTICE_TITLE_TEMPLATE = "{number} 印发的文件"


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def titles_compatible(a: str, b: str) -> bool:
    """Two normalised titles of one work cited loosely (one is the other with words left out)."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return len(short) >= 0.6 * len(long) and _is_subsequence(short, long)


class Resolver:
    """Resolve parsed references to Work rows, creating cited-only works (``has_text=False``).

    Order: standard code, then 文号, then normalised title. One 文号 cited with titles that are
    not variants of each other (国卫办基层函〔2026〕184号 issued four guides) gives several works
    under one issuing notice, not one merged work.

    One resolver serves one pass over a version's citations (or over the versions of one import,
    once all of them are saved), during which it is the only writer of works, aliases and
    relations: it remembers what it has read and written (a work's aliases, each reference it
    resolved, the works a notice issues, each cited clause it found) instead of asking the
    database again.
    """

    def __init__(self, create: bool = True):
        from content.models import Work, WorkAlias, WorkRelation

        self.Work, self.WorkAlias, self.WorkRelation = Work, WorkAlias, WorkRelation
        self.create = create
        self.created: list = []
        self._aliases: dict[int, set[str]] = {}  # work id → its normalised aliases
        self._resolved: dict[tuple[str, str, str], object] = {}  # (title, 文号, code) → work
        self._clauses: dict[tuple[int, str], object] = {}  # (work id, label) → cited clause
        self._issued: dict[int, list] = {}  # notice id → the works it issues

    # lookups ----------------------------------------------------------------------------
    def _title_key(self, work) -> str:
        return normalise_title(work.title)

    def aliases_of(self, work) -> set[str]:
        known = self._aliases.get(work.pk)
        if known is None:
            known = set(self.WorkAlias.objects.filter(work_id=work.pk).values_list("normalised", flat=True))
            self._aliases[work.pk] = known
        return known

    def _matches_title(self, work, key: str) -> bool:
        return self._title_key(work) == key or key in self.aliases_of(work)

    def by_title(self, key: str):
        if not key:
            return None
        alias = self.WorkAlias.objects.filter(normalised=key).select_related("work").order_by(
            "-work__has_text", "work_id"
        ).first()
        if alias:
            return alias.work
        # a work without that alias: every work whose title holds the key's start is a candidate
        # (their titles read, not whole rows: the scan grows with the library)
        for pk, title in self.Work.objects.filter(title__contains=key[:8]).values_list("pk", "title"):
            if normalise_title(title) == key:
                return self.Work.objects.get(pk=pk)
        return None

    def _issued_works(self, notice) -> list:
        """The works ``notice`` issues or has as annexes, in the order the database gives them."""
        known = self._issued.get(notice.pk)
        if known is None:
            relations = self.WorkRelation.objects.filter(subject=notice, kind__in=["issues", "annex"])
            known = self._issued[notice.pk] = [r.object for r in relations.select_related("object")]
        return known

    def _relate(self, subject, issued) -> None:
        """``subject`` issues ``issued``; a notice's remembered works are read again after a new one."""
        _relation, created = self.WorkRelation.objects.get_or_create(subject=subject, kind="issues", object=issued)
        if created:
            self._issued.pop(subject.pk, None)

    def issued_by(self, notice, key: str):
        for work in self._issued_works(notice):
            if self._matches_title(work, key):
                return work
        if issued_title(notice.title) == key:
            work = self.by_title(key)
            if work is None and self.create:
                work = self._new(title=key, kind="other")
            if work is not None:
                self._relate(notice, work)
            return work
        return None

    def current_clause(self, work_id: int, label: str):
        """The clause ``label`` names in the current version of a work (remembered: clauses do
        not change while a version's citations are resolved)."""
        from content.models import Clause

        memo = (work_id, label)
        if memo not in self._clauses:
            # one current version: its clauses' default order (by work, version, position) is by position
            clauses = Clause.objects.filter(version__work_id=work_id, version__is_current=True).order_by("position")
            self._clauses[memo] = _find_clause(clauses, label)
        return self._clauses[memo]

    # creation ---------------------------------------------------------------------------
    def _unique_key(self, base: str) -> str:
        # every key the loop below could try starts with base[:105]: one query for all of them
        taken = set(self.Work.objects.filter(key__startswith=base[:105]).values_list("key", flat=True))
        key, n = base[:110], 2
        while key in taken:
            key = f"{base[:105]}-{n}"
            n += 1
        return key

    def _new(self, *, title: str, doc_number: str = "", standard_code: str = "", kind: str = "other"):
        key = self._unique_key(readable_key(doc_number, standard_code, title))
        display = re.sub(r"\(([^()]*)\)", r"（\1）", title.strip())[:500]
        work = self.Work.objects.create(
            key=key,
            title=display or doc_number or standard_code,
            doc_number=doc_number,
            standard_code=standard_code,
            kind=kind,
            has_text=False,
            is_placeholder=bool(doc_number) and is_placeholder_doc_number(doc_number),
            status="unknown",
        )
        self.created.append(work)
        self._aliases[work.pk] = set()  # a new work has no alias yet
        return work

    def add_alias(self, work, title: str) -> None:
        key = normalise_title(title)
        if key and key not in self.aliases_of(work):
            self.WorkAlias.objects.create(work=work, title=title[:500], normalised=key[:500], source="extracted")
            self.aliases_of(work).add(key[:500])

    def _guess_kind(self, title: str, code: str) -> str:
        if code:
            return "standard"
        for words, kind in (
            (("办法", "规定", "条例", "细则"), "regulation"),
            (("法",), "law"),
            (("标准", "规范"), "standard"),
            (("意见",), "opinion"),
            (("方案", "计划", "规划"), "plan"),
            (("通知", "函"), "notice"),
            (("指南",), "guide"),
        ):
            if title.endswith(words) or any(title.rstrip("）)").rsplit("（", 1)[0].endswith(w) for w in words):
                return kind
        return "other"

    # the rule ---------------------------------------------------------------------------
    def resolve(self, title: str = "", doc_number: str = "", standard_code: str = ""):
        """The work a reference names. The same reference again (a law cited in several
        clauses) gets the same work without a second lookup: resolving it again would find the
        work (and the alias) the first resolution found or created."""
        memo = (title, doc_number, standard_code)
        if memo not in self._resolved:
            self._resolved[memo] = self._resolve(title, doc_number, standard_code)
        return self._resolved[memo]

    def _resolve(self, title: str, doc_number: str, standard_code: str):
        key = normalise_title(title)
        number = normalise_doc_number(doc_number)
        code = normalise_standard_code(standard_code)
        work = None
        if code:
            work = self.Work.objects.filter(standard_code=code).first() or (self.by_title(key) if key else None)
            if work is None and self.create:
                work = self._new(title=title or code, standard_code=code, kind="standard")
            elif work is not None and not work.standard_code and not work.has_text:
                work.standard_code = code
                work.save(update_fields=["standard_code"])
        elif number:
            work = self._resolve_number(number, title, key)
        elif key:
            work = self.by_title(key)
            if work is None:
                inner = issued_title(title)
                if self.create:
                    work = self._new(title=title, kind=self._guess_kind(key, ""))
                    if inner:
                        issued = self.by_title(inner)
                        if issued is not None:
                            self._relate(work, issued)
        if work is not None and title:
            self.add_alias(work, title)
        return work

    def _resolve_number(self, number: str, title: str, key: str):
        candidates = list(self.Work.objects.filter(doc_number=number).order_by("id"))
        if not key:
            notices = [w for w in candidates if w.kind == "notice"]
            work = (notices or candidates or [None])[0]
            if work is None and self.create:
                work = self._new(title=number, doc_number=number, kind="notice")
            return work
        for work in candidates:
            if self._matches_title(work, key):
                return work
        for work in candidates:
            issued = self.issued_by(work, key)
            if issued is not None:
                return issued
        variants = [w for w in candidates if titles_compatible(self._title_key(w), key)]
        if variants:
            return variants[0]
        elsewhere = self.by_title(key)
        if elsewhere is not None:
            # cited with a 文号 that is not its own: the reference report shows the disagreement
            if not elsewhere.doc_number and not elsewhere.has_text and not candidates:
                elsewhere.doc_number = number
                elsewhere.save(update_fields=["doc_number"])
            return elsewhere
        if not self.create:
            return None
        work = self._new(title=title, doc_number=number, kind=self._guess_kind(key, ""))
        if candidates:
            self._group_under_notice(number, [*candidates, work])
        return work

    def _group_under_notice(self, number: str, works: list) -> None:
        """Several works share one 文号: hang them under one issuing notice node."""
        notice_title = NOTICE_TITLE_TEMPLATE.format(number=number)
        notice = next((w for w in works if w.kind == "notice" and w.title == notice_title), None)
        if notice is None:
            notice = self.Work.objects.filter(doc_number=number, kind="notice", title=notice_title).first()
        if notice is None:
            notice = self._new(title=notice_title, doc_number=number, kind="notice")
        for work in works:
            if work.pk != notice.pk and work.kind != "notice":
                self._relate(notice, work)


def resolve_citation(citation, resolver: Resolver | None = None) -> None:
    """Resolve one Citation row in place: its work and, when a clause is named, its target clause."""
    resolver = resolver or Resolver()
    own_work = citation.clause.version.work
    if citation.title or citation.doc_number or citation.standard_code:
        citation.work = resolver.resolve(citation.title, citation.doc_number, citation.standard_code)
    else:
        citation.work = own_work  # 第十四条, 本办法第三章: a reference inside the same work
    citation.target_clause = None
    if citation.work is not None and citation.target_clause_label:
        label = citation.target_clause_label
        citation.target_clause = resolver.current_clause(citation.work_id, label)
        if citation.target_clause is None and citation.work_id == own_work.pk:
            # 编制说明 “附录A” means the explained standard's annex: look in related works
            from content.models import WorkRelation

            related = WorkRelation.objects.filter(subject=own_work).values_list("object_id", flat=True)
            for work_id in related:
                found = resolver.current_clause(work_id, label)
                if found is not None:
                    citation.work_id = work_id
                    citation.target_clause = found
                    break


# Label kinds whose path is the same in every clause tree (content.parse.structure writes
# art14, art14-p2, ch3, appA, 5.2.1); （一） and 一、 are numbered relative to their parent.
_PATH_KINDS = {"part", "ch", "art", "para", "box", "annex", "num"}


def _find_clause(clauses, label: str):
    """The clause a cited label names: by printed label, by the grammar's path, by its article."""
    parsed = parse_clause_label(label)
    by_path = None
    if parsed is not None and all(kind in _PATH_KINDS for kind, _ in parsed.parts):
        by_path = clauses.filter(path=parsed.path).first()
    return (
        clauses.filter(label=label).first()
        or by_path
        or clauses.filter(label__startswith=re.split(r"(?<=[条章节])", label)[0]).first()
    )
