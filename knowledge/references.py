"""The reference report for drafters — 引用核查: citations that need a person's attention.

Findings: unresolved citations (also those resolved only to a placeholder work); one title cited with different 文号; one 文号 cited with titles
that do not match; placeholder numbers (X政办〔20XX〕X号); citations of superseded or repealed
works; a citing document dated before the work it cites. Each finding points at the clause.

The report is public (/references/, the API): it reads the citations readers see
(``published()``: reviewed, or extracted with enough confidence). A citation held back for
review is the review queue's business; ``check_references(include_held=True)`` (the page and API
for editors, the command's ``--include-held``) adds those, and a finding resting only on held
citations says so (``Finding.held``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from content.models import WorkRelation, WorkStatus
from content.parse.titles import book_title
from knowledge.models import Citation
from knowledge.resolve import (
    is_placeholder_doc_number,
    issued_title,
    normalise_title,
    titles_compatible,
)

KINDS = {
    "unresolved": gettext_lazy("未能解析的引用"),
    "number_conflict": gettext_lazy("同一标题引用了不同文号"),
    "title_conflict": gettext_lazy("同一文号对应的标题不一致"),
    "placeholder": gettext_lazy("占位文号"),
    "not_in_force": gettext_lazy("引用了已被替代或废止的文件"),
    "date_order": gettext_lazy("引用文件早于被引文件"),
}


@dataclass
class Finding:
    kind: str
    message: str
    citations: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(KINDS[self.kind])

    @property
    def held(self) -> bool:
        """Every citation it rests on is held back from readers (shown to editors only)."""
        return bool(self.citations) and not any(c.is_published for c in self.citations)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "message": self.message,
            "held": self.held,
            "clauses": [
                {
                    "work": c.clause.version.work.key,
                    "work_title": c.clause.version.work.title,
                    "clause": c.clause.path,
                    "label": c.clause.display_label,
                    "url": c.clause.get_absolute_url(),
                    "raw_text": c.raw_text,
                }
                for c in self.citations
            ],
        }


def _citations(include_held: bool = False):
    rows = Citation.objects.visible() if include_held else Citation.objects.published()
    return list(
        rows
        .in_current_versions()
        # document pages too: every finding links to its clause (Clause.get_absolute_url)
        .select_related("clause__version__work__document_page", "work")
        .order_by("clause__version__work__title", "clause__position", "span_start")
    )


def _issuing_numbers() -> dict[int, set[str]]:
    """Work id → the 文号 of the notices issuing it or carrying it as an annex (one query)."""
    numbers: dict[int, set[str]] = defaultdict(set)
    rows = (
        WorkRelation.objects.filter(kind__in=["issues", "annex"])
        .exclude(subject__doc_number="")
        .values_list("object_id", "subject__doc_number")
    )
    for work_id, number in rows:
        numbers[work_id].add(number)
    return numbers


def check_references(include_held: bool = False) -> list[Finding]:
    """Findings over the citations readers see; ``include_held`` adds those awaiting review (not rejected)."""
    citations = _citations(include_held)
    findings: list[Finding] = []
    # a citation resolved to a placeholder work (a template number such as X政办〔20XX〕X号) names
    # no real document yet: it is unresolved as well as reported for its placeholder number
    unresolved = [
        c
        for c in citations
        if (c.title or c.doc_number or c.standard_code) and (c.work_id is None or c.work.is_placeholder)
    ]
    unresolved += [c for c in citations if c.target_clause_label and c.target_clause_id is None]
    for c in unresolved:
        findings.append(Finding("unresolved", _("“%(raw)s”没有对应到任何文件或条款。") % {"raw": c.raw_text}, [c]))

    by_title: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    by_number: dict[str, list] = defaultdict(list)
    for c in citations:
        if c.title and c.doc_number:
            by_title[normalise_title(c.title)][c.doc_number].append(c)
        if c.doc_number:
            by_number[c.doc_number].append(c)
    for _key, numbers in sorted(by_title.items()):
        if len(numbers) > 1:
            cited = [c for group in numbers.values() for c in group]
            findings.append(
                Finding(
                    "number_conflict",
                    _("《%(title)s》被引用时使用了不同文号：%(numbers)s。")
                    % {"title": cited[0].title, "numbers": "、".join(sorted(numbers))},
                    cited,
                )
            )
    # a title cited with a number that is not the resolved work's own (or its issuing notice's)
    issuing = _issuing_numbers()
    for c in citations:
        if c.doc_number and c.work_id and c.title:
            own = ({c.work.doc_number} if c.work.doc_number else set()) | issuing.get(c.work_id, set())
            if own and c.doc_number not in own and not any(
                f.kind == "number_conflict" and c in f.citations for f in findings
            ):
                findings.append(
                    Finding(
                        "number_conflict",
                        _("《%(title)s》引用的文号 %(cited)s 与该文件的文号 %(own)s 不一致。")
                        % {"title": c.title, "cited": c.doc_number, "own": "、".join(sorted(own))},
                        [c],
                    )
                )
    for number, group in sorted(by_number.items()):
        titled = [c for c in group if c.title]
        keys = sorted({normalise_title(c.title) for c in titled})
        works = {c.work_id for c in titled}
        # several titles that are variants of each other and resolve to one work disagree in wording;
        # several different works under one issuing notice are expected and not reported.
        if len(keys) > 1 and len(works) == 1:
            findings.append(
                Finding(
                    "title_conflict",
                    _("文号 %(number)s 被引用时标题不一致：%(titles)s。")
                    % {"number": number, "titles": "；".join(book_title(c) for c in sorted({c.title for c in titled}))},
                    titled,
                )
            )
        elif len(keys) > 1:
            loose = [
                k
                for k in keys
                if any(
                    k != o and titles_compatible(k, o) and issued_title(k) != o and issued_title(o) != k
                    for o in keys
                )
            ]
            if loose:
                findings.append(
                    Finding(
                        "title_conflict",
                        _("文号 %(number)s 下有相近但不一致的标题：%(titles)s。")
                        % {"number": number, "titles": "；".join(book_title(k) for k in loose)},
                        [c for c in titled if normalise_title(c.title) in loose],
                    )
                )
    for c in citations:
        if c.doc_number and is_placeholder_doc_number(c.doc_number):
            findings.append(
                Finding("placeholder", _("“%(raw)s”使用了占位文号，发布前需替换为实际文号。") % {"raw": c.raw_text}, [c])
            )
        if c.work_id and c.work.status in (WorkStatus.SUPERSEDED, WorkStatus.REPEALED):
            findings.append(
                Finding(
                    "not_in_force",
                    _("引用的《%(title)s》状态为“%(status)s”。")
                    % {"title": c.work.title, "status": c.work.get_status_display()},
                    [c],
                )
            )
        citing = c.clause.version.work
        if (
            c.work_id
            and c.work_id != citing.pk
            and citing.date_issued
            and c.work.date_issued
            and citing.date_issued < c.work.date_issued
        ):
            findings.append(
                Finding(
                    "date_order",
                    _("《%(citing)s》（%(d1)s）早于其引用的《%(cited)s》（%(d2)s）。")
                    % {
                        "citing": citing.title,
                        "d1": citing.date_issued.isoformat(),
                        "cited": c.work.title,
                        "d2": c.work.date_issued.isoformat(),
                    },
                    [c],
                )
            )
    order = list(KINDS)
    findings.sort(key=lambda f: order.index(f.kind))
    return findings
