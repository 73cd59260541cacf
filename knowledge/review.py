"""The editorial review queue: machine-read facts of one document, and an editor's decisions on them.

Kinds of fact: citations and obligations (knowledge), terms and their definitions (content).
Decisions (accept, reject, edit) set ``review_status``, ``reviewed_by`` and ``reviewed_at`` and
save each row through the ORM, so the usual ``post_save`` receivers re-project the graph and the
search index (``knowledge.receivers``, ``search.signals``); checklist candidates read the rows
when proposed (``assessment.checklist.propose``). A re-import keeps decided rows
(``knowledge.pipeline``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from content.models import (
    METADATA_FIELDS,
    DocumentPage,
    ReviewStatus,
    Term,
    TermDefinition,
    Work,
    WorkAlias,
    min_confidence,
)
from content.parse.titles import normalise_title
from content.signals import work_changed
from knowledge.extract import confidence as conf
from knowledge.models import Citation, Obligation

KINDS: dict[str, str] = {
    "obligation": _("义务"),
    "citation": _("引用"),
    "term": _("术语"),
    "definition": _("定义"),
}
# Queue states (what an editor filters by) → the review states they hold.
STATES: dict[str, tuple[str, tuple[str, ...]]] = {
    "pending": (_("待审核"), (ReviewStatus.EXTRACTED,)),
    "confirmed": (_("已确认"), (ReviewStatus.CONFIRMED, ReviewStatus.ADDED)),
    "edited": (_("已修改"), (ReviewStatus.EDITED,)),
    "rejected": (_("已驳回"), (ReviewStatus.REJECTED,)),
}
STATE_OF = {status: state for state, (_label, statuses) in STATES.items() for status in statuses}
ACTIONS = ("accept", "reject")
EDITOR_PERMISSIONS = ("wagtailadmin.access_admin", "knowledge.change_obligation", "knowledge.change_citation")


def can_review(user) -> bool:
    """Editors only: admin access and the right to change extracted rows."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perms(EDITOR_PERMISSIONS))


class ReviewError(ValueError):
    """Bad input to a decision: one clear message, nothing changed."""


# --- what a work holds --------------------------------------------------------------------------


def _querysets(work: Work) -> dict[str, QuerySet]:
    """Every kind's rows of ``work``'s current version."""
    return {
        "obligation": Obligation.objects.filter(clause__version__work=work, clause__version__is_current=True),
        "citation": Citation.objects.filter(clause__version__work=work, clause__version__is_current=True),
        "term": Term.objects.filter(source_clause__version__work=work, source_clause__version__is_current=True),
        "definition": TermDefinition.objects.filter(
            source_clause__version__work=work, source_clause__version__is_current=True
        ),
    }


def reviewable_works():
    """Works with a current version (full text, or an outline such as a standard's before its text)."""
    return Work.objects.filter(versions__is_current=True).distinct()


@dataclass
class WorkCounts:
    work: Work
    by_state: Counter = field(default_factory=Counter)
    low: int = 0  # pending rows held back from readers (below the threshold)

    @property
    def metadata_pending(self) -> int:
        """Detected metadata fields still flagged for review (the public mark shows)."""
        return len(self.work.metadata_review or [])

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(queue state, count) in the order of ``STATES``."""
        return [(state, self.by_state[state]) for state in STATES]


def work_counts() -> list[WorkCounts]:
    """Works with a current version, with their facts counted by queue state (a fixed number of queries)."""
    works = {w.pk: WorkCounts(w) for w in reviewable_works().order_by("title")}
    threshold = min_confidence()
    paths = {
        Obligation: "clause__version",
        Citation: "clause__version",
        Term: "source_clause__version",
        TermDefinition: "source_clause__version",
    }
    for model, version in paths.items():
        rows = (
            model.objects.filter(**{f"{version}__is_current": True})
            .values(f"{version}__work_id", "review_status")
            .annotate(
                n=Count("pk"),
                low=Count("pk", filter=Q(confidence__lt=threshold) | Q(confidence__isnull=True)),
            )
        )
        for row in rows:
            counts = works.get(row[f"{version}__work_id"])
            if counts is None:
                continue
            counts.by_state[STATE_OF.get(row["review_status"], "confirmed")] += row["n"]
            if row["review_status"] == ReviewStatus.EXTRACTED:
                counts.low += row["low"]
    return list(works.values())


# What the confidence rules (knowledge/extract/confidence.py) mean, for the editor.
RULE_LABELS = {
    "bearer named": _("主体在句中"),
    "bearer inherited": _("主体取自标题"),
    "bearer missing": _("未识别主体"),
    "bearer not a name": _("主体像动作而非机构"),
    "value parsed": _("识别出数量/频次/期限"),
    "fragment": _("句子残缺"),
    "truncated": _("括号不配对（可能截断）"),
    "numbered": _("有文号/标准编号"),
    "titled": _("有书名号标题"),
    "resolved": _("已对应到收录的文件"),
    "placeholder": _("占位文号"),
    "form or licence": _("像证照/表格而非文件"),
    "short title": _("标题过短"),
    "document-like title": _("标题像文件名"),
}


def reasons(kind: str, row) -> list[str]:
    """The confidence rules that hold for a row, in words (obligations and citations)."""
    if kind == "obligation":
        names = conf.explain(conf.OBLIGATION_RULES, conf.obligation_signals(row).__dict__)
    elif kind == "citation":
        from content.parse.identifiers import is_placeholder_doc_number

        signals = conf.CitationSignals(
            title=row.title,
            has_number=bool(row.doc_number or row.standard_code),
            resolved_with_text=bool(row.work_id and row.work.has_text),
            placeholder=bool(row.doc_number) and is_placeholder_doc_number(row.doc_number),
        )
        names = conf.explain(conf.CITATION_RULES, signals.__dict__)
    else:
        return []
    return [str(RULE_LABELS.get(n, n)) for n in names]


@dataclass
class Fact:
    """One row of the queue, whatever its kind."""

    kind: str
    row: object
    text: str
    clause: object
    fields: list[tuple[str, str]]

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.row.pk}"

    @property
    def state(self) -> str:
        return STATE_OF.get(self.row.review_status, "confirmed")

    @property
    def low(self) -> bool:
        row = self.row
        return row.review_status == ReviewStatus.EXTRACTED and not row.is_published

    @property
    def reasons(self) -> list[str]:
        return reasons(self.kind, self.row) if self.row.confidence is not None else []


def _fact(kind: str, row) -> Fact:
    if kind == "obligation":
        fields = [
            (_("情态"), row.get_modality_display()),
            (_("主体"), row.duty_bearer + ("（据标题）" if row.duty_bearer_inherited and row.duty_bearer else "")),
            (_("数量"), row.quantity_words),
            (_("频次"), row.frequency_words),
            (_("期限"), row.deadline_words),
            (_("条件"), row.condition),
        ]
        return Fact(kind, row, row.text, row.clause, [(k, v) for k, v in fields if v])
    if kind == "citation":
        fields = [
            (_("标题"), row.title),
            (_("文号"), row.doc_number or row.standard_code),
            (_("条款"), row.target_clause_label),
            (_("关系"), row.get_relation_display()),
            (_("指向"), row.work.title if row.work_id else "（未解析）"),
        ]
        return Fact(kind, row, row.raw_text, row.clause, [(k, v) for k, v in fields if v])
    if kind == "term":
        fields = [(_("简称/又称"), "、".join(row.alt_labels or [])), (_("定义"), row.definition)]
        return Fact(kind, row, row.pref_label, row.source_clause, [(k, v) for k, v in fields if v])
    fields = [(_("术语"), row.term.pref_label)]
    return Fact(kind, row, row.definition, row.source_clause, fields)


def queue(work: Work, kind: str = "", state: str = "", low: bool = False) -> list[Fact]:
    """The facts of ``work``, in reading order, filtered by kind, queue state and low confidence."""
    if kind and kind not in KINDS:
        raise ReviewError(_("未知的类型。"))
    if state and state not in STATES:
        raise ReviewError(_("未知的审核状态。"))
    facts: list[Fact] = []
    related = {
        "obligation": ("clause",),
        "citation": ("clause", "work"),
        "term": ("source_clause",),
        "definition": ("source_clause", "term"),
    }
    for name, qs in _querysets(work).items():
        if kind and name != kind:
            continue
        if state:
            qs = qs.filter(review_status__in=STATES[state][1])
        if low:
            qs = qs.low_confidence()
        facts.extend(_fact(name, row) for row in qs.select_related(*related[name]))

    def order(fact: Fact):
        clause = fact.clause
        return (clause.position if clause is not None else -1, getattr(fact.row, "span_start", 0) or 0, fact.kind)

    facts.sort(key=order)
    return facts


# --- decisions ----------------------------------------------------------------------------------


def parse_keys(keys: list[str]) -> list[tuple[str, int]]:
    out = []
    for key in keys:
        kind, _sep, pk = (key or "").partition(":")
        if kind not in KINDS or not pk.isdigit():
            raise ReviewError(_("所选条目无效。"))
        out.append((kind, int(pk)))
    if not out:
        raise ReviewError(_("请先勾选要处理的条目。"))
    return out


def rows_of(work: Work, keys: list[tuple[str, int]]) -> list[tuple[str, object]]:
    """The rows named by ``keys`` that belong to ``work`` — all of them, or an error."""
    sets = _querysets(work)
    found: list[tuple[str, object]] = []
    for kind in KINDS:
        pks = {pk for k, pk in keys if k == kind}
        if pks:
            rows = list(sets[kind].filter(pk__in=pks))
            if len(rows) != len(pks):
                raise ReviewError(_("所选条目不属于本文件，或已被删除。"))
            found.extend((kind, row) for row in rows)
    return found


def _save(kind: str, row, fields: list[str]) -> None:
    row.save(update_fields=[*fields, "review_status", "reviewed_by", "reviewed_at"])
    if kind == "definition":
        # the glossary and the graph hang definitions on their term: its save re-projects both
        row.term.save(update_fields=["alt_labels"])


@transaction.atomic
def decide(work: Work, keys: list[str], action: str, user) -> int:
    """Accept or reject the facts named by ``keys`` (``kind:pk``); returns how many changed."""
    if action not in ACTIONS:
        raise ReviewError(_("未知的操作。"))
    rows = rows_of(work, parse_keys(keys))
    changed = 0
    for kind, row in rows:
        if action == "accept":
            # an editor's correction stays 已修改; a rejected or extracted row becomes 已确认
            status = row.review_status if row.review_status in (ReviewStatus.EDITED, ReviewStatus.ADDED) else ReviewStatus.CONFIRMED
        else:
            status = ReviewStatus.REJECTED
        if row.review_status == status and row.reviewed_at is not None:
            continue
        row.mark_reviewed(status, user)
        _save(kind, row, [])
        changed += 1
    return changed


# --- inline edit: the main fields of each kind --------------------------------------------------


class ObligationForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = [
            "modality", "duty_bearer", "action", "quantity_comparator", "quantity_value", "quantity_unit",
            "frequency", "deadline", "deadline_text", "condition",
        ]


class CitationForm(forms.ModelForm):
    class Meta:
        model = Citation
        fields = ["title", "doc_number", "standard_code", "target_clause_label", "relation"]


class TermForm(forms.ModelForm):
    alt_labels = forms.CharField(label=_("简称/又称（以、分隔）"), required=False, max_length=500)

    class Meta:
        model = Term
        fields = ["pref_label", "definition"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["alt_labels"].initial = "、".join(self.instance.alt_labels or [])

    def save(self, commit=True):
        term = super().save(commit=False)
        raw = self.cleaned_data.get("alt_labels", "")
        term.alt_labels = [a.strip() for a in raw.replace(",", "、").replace("，", "、").split("、") if a.strip()]
        if commit:
            term.save()
        return term


class DefinitionForm(forms.ModelForm):
    class Meta:
        model = TermDefinition
        fields = ["definition"]


FORMS: dict[str, type[forms.ModelForm]] = {
    "obligation": ObligationForm,
    "citation": CitationForm,
    "term": TermForm,
    "definition": DefinitionForm,
}


def form_for(kind: str, row, data=None) -> forms.ModelForm:
    return FORMS[kind](data=data, instance=row, prefix=f"{kind}-{row.pk}")


@transaction.atomic
def edit(work: Work, kind: str, pk: int, data, user) -> tuple[bool, forms.ModelForm]:
    """Correct a fact's main fields; it becomes 已修改 (or stays 人工添加). Invalid: nothing saved."""
    if kind not in KINDS:
        raise ReviewError(_("未知的类型。"))
    ((_kind, row),) = rows_of(work, [(kind, pk)])
    form = form_for(kind, row, data)
    if not form.is_valid():
        return False, form
    row = form.save(commit=False)
    status = ReviewStatus.ADDED if row.review_status == ReviewStatus.ADDED else ReviewStatus.EDITED
    row.mark_reviewed(status, user)
    if kind == "citation" and {"title", "doc_number", "standard_code", "target_clause_label"} & set(form.changed_data):
        from knowledge.resolve import resolve_citation

        row.work, row.target_clause = None, None
        resolve_citation(row)
    row.save()
    if kind == "definition":
        row.term.save(update_fields=["alt_labels"])
    return True, form


# --- detected metadata of a work (Work.metadata_review) ----------------------------------------

METADATA_LABELS: dict[str, str] = {
    "title": _("标题"),
    "doc_number": _("发文字号"),
    "issued": _("发布日期"),
    "effective": _("实施日期"),
    "issuers": _("发布机关"),
    "level": _("层级"),
    "kind": _("类型"),
}
# A field's queue state: flagged by the import, decided by an editor, or read from strong
# evidence / given by a manifest (not in question, still correctable).
METADATA_STATES: dict[str, str] = {
    "pending": _("待审核"),
    "confirmed": _("已确认"),
    "edited": _("已修改"),
    "given": _("无需审核"),
}


def _metadata_display(work: Work, name: str) -> str:
    value = work.metadata_value(name)
    if name in ("issued", "effective"):
        return f"{value.year}年{value.month}月{value.day}日" if value else ""
    if name == "issuers":
        return "、".join(value or [])
    if name == "level":
        return work.get_level_display()
    if name == "kind":
        return work.get_kind_display()
    return value or ""


@dataclass
class MetadataField:
    """One detected metadata field of a work, as the queue shows it."""

    name: str
    label: str
    value: str
    state: str
    decision: dict

    @property
    def state_label(self) -> str:
        return str(METADATA_STATES[self.state])

    @property
    def when(self) -> str:
        """When the decision was made, to the minute."""
        return (self.decision.get("at") or "")[:16].replace("T", " ")

    @property
    def detected(self) -> str:
        """The value the import had read, before an editor's correction."""
        value = self.decision.get("detected")
        return "、".join(value) if isinstance(value, list) else str(value or "")


def metadata_fields(work: Work) -> list[MetadataField]:
    """The seven detected fields of ``work`` with their state (flagged ones first)."""
    reviewed = work.metadata_reviewed or {}
    out = []
    for name, label in METADATA_LABELS.items():
        if name in (work.metadata_review or []):
            state = "pending"
        elif name in reviewed:
            state = "edited" if reviewed[name].get("status") == ReviewStatus.EDITED else "confirmed"
        else:
            state = "given"
        out.append(MetadataField(name, str(label), _metadata_display(work, name), state, reviewed.get(name, {})))
    out.sort(key=lambda f: f.state != "pending")
    return out


class IssuersField(forms.CharField):
    """Issuing bodies typed as one line, separated by 、 (or commas)."""

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        raw = super().to_python(value) or ""
        return [a.strip() for a in raw.replace(",", "、").replace("，", "、").split("、") if a.strip()]


def metadata_form(work: Work, name: str, data=None) -> forms.ModelForm:
    """A one-field form correcting ``name`` of ``work``."""
    if name not in METADATA_LABELS:
        raise ReviewError(_("未知的元数据字段。"))
    attr = METADATA_FIELDS[name]
    overrides = {}
    if name == "issuers":
        overrides["issuers"] = IssuersField(label=_("发布机关（以、分隔）"), required=False, max_length=1000)
    form_class = forms.modelform_factory(Work, fields=[attr])
    if overrides:
        form_class = type("IssuersForm", (form_class,), overrides)
    return form_class(data=data, instance=work, prefix=f"metadata-{name}")


def _locked(work: Work) -> Work:
    return Work.objects.select_for_update().get(pk=work.pk)


def _work_changed(work: Work, fields: list[str]) -> None:
    work.save(update_fields=[*fields, "metadata_review", "metadata_reviewed", "updated_at"])
    work_changed.send(sender=Work, work=work)


@transaction.atomic
def accept_metadata(work: Work, names: list[str], user) -> int:
    """Confirm flagged fields as read; their public mark goes. Returns how many changed."""
    if not names:
        raise ReviewError(_("请先勾选要处理的条目。"))
    unknown = [n for n in names if n not in METADATA_LABELS]
    if unknown:
        raise ReviewError(_("未知的元数据字段。"))
    work = _locked(work)
    changed = 0
    for name in dict.fromkeys(names):
        if name not in (work.metadata_review or []):
            continue  # not in question (or already decided): nothing to confirm
        work.mark_metadata_reviewed(name, ReviewStatus.CONFIRMED, user)
        changed += 1
    if changed:
        _work_changed(work, [])
    return changed


@transaction.atomic
def edit_metadata(work: Work, name: str, data, user) -> tuple[bool, forms.ModelForm]:
    """Correct one field (已修改; unchanged counts as confirmed). Invalid: nothing saved."""
    metadata_form(work, name)  # an unknown name is refused before anything is locked
    work = _locked(work)
    attr = METADATA_FIELDS[name]
    before = getattr(work, attr)
    form = metadata_form(work, name, data)
    if not form.is_valid():
        return False, form
    if name == "title" and not (form.cleaned_data.get("title") or "").strip():
        form.add_error("title", _("标题不能为空。"))
        return False, form
    work = form.save(commit=False)
    after = getattr(work, attr)
    status = ReviewStatus.CONFIRMED if after == before else ReviewStatus.EDITED
    work.mark_metadata_reviewed(name, status, user, detected=before)
    _work_changed(work, [attr])
    if name == "title" and after != before:
        # the former title still finds the work (citations, a re-import); the page follows
        WorkAlias.objects.get_or_create(
            work=work, normalised=normalise_title(before), defaults={"title": before, "source": "editor"}
        )
        page = DocumentPage.objects.filter(work=work).first()
        if page is not None:
            page.title = after[:255]
            page.save_revision(user=user if user is not None and user.is_authenticated else None).publish()
    return True, form
