"""Editors' revisions of a work's text — 在线修改与恢复.

An editor never changes the text readers see in place. Editing a clause (``revise_clause``) or
restoring an earlier version (``restore_version``) writes a **new version** of the work: the next
number, ``based_on`` the version it replaces, with the editor (``created_by``) and a change note;
the clause tree is copied (paths kept, so permalinks stay the same) with the one change applied,
and ``is_current`` moves to the new version. Nothing is deleted: the versions page lists every
version and diffs any two.

Everything happens in one transaction, which ends by sending ``version_imported`` as an import
does: knowledge extracts the new version (carrying the rows editors reviewed to the same paths)
and the graph and search projections are scheduled with the transaction.

A higher app may forbid changing a version's text for a while through the ``REVISION_GUARDS``
hook (consultation: not while the version is out for comment)::

    @hooks.register(REVISION_GUARDS)
    def guard(version) -> str: ...   # why its text must not change now, or ""
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail import hooks

from content.models.django import Clause, Indicator, Organisation, Version
from content.signals import version_imported

REVISION_GUARDS = "content_revision_guards"  # fn(version) -> why its text must not change now, or ""
CHANGE_NOTE_MAX = 500
TEXT_MAX = 100_000
HEADING_MAX = 500
# What a reader sees of a clause; a revision or restore must change at least one of them.
SHOWN_FIELDS = ("kind", "label", "path", "heading", "text", "table")


class RevisionRefused(Exception):
    """One sentence for the editor; nothing was changed. ``status`` is the HTTP status to answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


# --- who may ----------------------------------------------------------------------------------


def can_revise(user) -> bool:
    """Editors who may change a work's text: a new version, a restore."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.has_perm("content.change_clause")
        and user.has_perm("content.add_version")
    )


def revision_blocked(version: Version) -> str:
    """Why ``version``'s text must not be replaced now (a ``REVISION_GUARDS`` hook), or ""."""
    for fn in hooks.get_hooks(REVISION_GUARDS):
        reason = fn(version)
        if reason:
            return str(reason)
    return ""


# --- pure helpers -------------------------------------------------------------------------------


def clean_text(value: str) -> str:
    """An editor's text as stored: Unix line ends, no trailing blanks, no blank lines around."""
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n").strip()


def clean_heading(value: str) -> str:
    return " ".join((value or "").split())


def version_label(number: int) -> str:
    return _("修订 v%(n)d") % {"n": number}


def restore_note(number: int) -> str:
    return _("恢复至 v%(n)d") % {"n": number}


def render_text(clauses) -> str:
    """The version's whole text from its clause tree, in reading order (label, heading, text)."""
    blocks = []
    for clause in clauses:
        head = " ".join(p for p in (clause.label, clause.heading) if p)
        blocks.append("\n".join(p for p in (head, clause.text) if p))
    return "\n".join(b for b in blocks if b)


@dataclass(frozen=True)
class ClauseChange:
    path: str
    heading: str
    text: str


# --- the verbs ----------------------------------------------------------------------------------


def _shown(clause: Clause) -> tuple:
    return tuple(getattr(clause, name) for name in SHOWN_FIELDS)


def _ordered(version: Version) -> list[Clause]:
    return list(Clause.objects.filter(version=version).order_by("position"))


def _next_number(version: Version) -> int:
    return (Version.objects.filter(work_id=version.work_id).order_by("-number").values_list("number", flat=True).first() or 0) + 1


def _lock_current(version: Version) -> Version:
    """``version`` locked for this transaction, refused if it is no longer the current one."""
    locked = Version.objects.select_for_update().filter(pk=version.pk, is_current=True).first()
    if locked is None:
        current = Version.objects.filter(work_id=version.work_id, is_current=True).values_list("number", flat=True).first()
        raise RevisionRefused(
            _("这份文件已有更新的版本（v%(n)s），您修改的是旧版本。请重新打开当前版本的条款再修改。") % {"n": current or "?"},
            status=409,
        )
    reason = revision_blocked(locked)
    if reason:
        raise RevisionRefused(reason, status=409)
    return locked


def _copy_tree(source: list[Clause], version: Version, changes: dict[str, ClauseChange]) -> dict[str, Clause]:
    """Copy ``source`` clauses (reading order) into ``version``, applying ``changes`` by path."""
    rows: list[Clause] = []
    old_ids: list[int] = []
    for clause in source:
        change = changes.get(clause.path)
        rows.append(
            Clause(
                version=version,
                kind=clause.kind,
                label=clause.label,
                path=clause.path,
                heading=change.heading if change else clause.heading,
                text=change.text if change else clause.text,
                position=clause.position,
                depth=clause.depth,
                table=clause.table,
                note=clause.note,
            )
        )
        old_ids.append(clause.pk)
    Clause.objects.bulk_create(rows, batch_size=500)
    if rows and rows[0].pk is None:  # backends that do not return ids from bulk_create
        by_path = dict(Clause.objects.filter(version=version).values_list("path", "pk"))
        for row in rows:
            row.pk = by_path[row.path]
    new_id = {old: row.pk for old, row in zip(old_ids, rows, strict=True)}
    for row, clause in zip(rows, source, strict=True):
        row.parent_id = new_id.get(clause.parent_id) if clause.parent_id else None
    Clause.objects.bulk_update([r for r in rows if r.parent_id], ["parent"], batch_size=500)
    return {row.path: row for row in rows}


def _move_source_links(previous: Version, new_by_path: dict[str, Clause]) -> None:
    """Organisations and indicators cite the replaced version's clauses: cite the new ones."""
    for model in (Organisation, Indicator):
        through = model.source_clauses.through
        links = list(
            through.objects.filter(clause__version=previous).values_list("pk", f"{model._meta.model_name}_id", "clause__path")
        )
        moved = [
            through(**{f"{model._meta.model_name}_id": owner, "clause_id": new_by_path[path].pk})
            for _pk, owner, path in links
            if path in new_by_path
        ]
        through.objects.filter(pk__in=[pk for pk, _owner, path in links if path in new_by_path]).delete()
        through.objects.bulk_create(moved, ignore_conflicts=True)


def _apply(clause: Clause, changes: dict[str, ClauseChange]) -> Clause:
    """An unsaved clause as it reads after ``changes``."""
    change = changes.get(clause.path)
    return Clause(
        label=clause.label,
        heading=change.heading if change else clause.heading,
        text=change.text if change else clause.text,
    )


def _new_version(previous: Version, source: Version, clauses: list[Clause], changes, *, note: str, user) -> Version:
    """The next version of ``previous``'s work: ``source``'s metadata, ``clauses`` with ``changes``."""
    number = _next_number(previous)
    Version.objects.filter(work_id=previous.work_id, is_current=True).update(is_current=False)
    if changes:
        text = original = render_text(_apply(c, changes) for c in clauses)
    else:  # a restore: the earlier version's texts as they were
        text, original = source.text, source.original_text
    try:
        with transaction.atomic():
            version = Version.objects.create(
                work_id=previous.work_id,
                number=number,
                stage=source.stage,
                label=version_label(number),
                date=source.date,
                source_name=source.source_name,
                source_sha256=hashlib.sha256(f"revision\n{text}".encode()).hexdigest(),
                original_text=original,
                text=text,
                is_current=True,
                change_note=note,
                created_by=user if getattr(user, "pk", None) else None,
                based_on=previous,
                restored_from=None if changes else source,
            )
    except IntegrityError as exc:  # another editor saved a version of this work at the same moment
        raise RevisionRefused(_("另一位编辑刚刚保存了这份文件的新版本，请重新打开后再修改。"), status=409) from exc
    new_by_path = _copy_tree(clauses, version, changes)
    _move_source_links(previous, new_by_path)
    version.work = previous.work
    version_imported.send(sender=Version, version=version)
    return version


def _check_note(note: str) -> str:
    note = clean_text(note)
    if not note:
        raise RevisionRefused(_("请填写修改说明：说明改了什么、为什么改。"))
    if len(note) > CHANGE_NOTE_MAX:
        raise RevisionRefused(_("修改说明不能超过 %(n)d 个字。") % {"n": CHANGE_NOTE_MAX})
    return note


def revise_clause(clause: Clause, *, text: str, heading: str, change_note: str, user) -> Version:
    """A new current version of ``clause``'s work with this clause's text and heading changed."""
    note = _check_note(change_note)
    text, heading = clean_text(text), clean_heading(heading)
    if len(text) > TEXT_MAX:
        raise RevisionRefused(_("条款正文不能超过 %(n)d 个字。") % {"n": TEXT_MAX})
    if len(heading) > HEADING_MAX:
        raise RevisionRefused(_("条款标题不能超过 %(n)d 个字。") % {"n": HEADING_MAX})
    with transaction.atomic():
        previous = _lock_current(clause.version)
        clauses = _ordered(previous)
        current = next((c for c in clauses if c.pk == clause.pk), None)
        if current is None:
            raise RevisionRefused(_("这个条款不在当前版本中。"), status=409)
        if (current.text, current.heading) == (text, heading):
            raise RevisionRefused(_("正文和标题都没有改动，未生成新版本。"))
        change = ClauseChange(path=current.path, heading=heading, text=text)
        return _new_version(previous, previous, clauses, {current.path: change}, note=note, user=user)


def restore_version(version: Version, *, user) -> Version:
    """A new current version whose clauses equal ``version``'s (an earlier one); history is kept."""
    with transaction.atomic():
        current = Version.objects.filter(work_id=version.work_id, is_current=True).first()
        if current is None:
            raise RevisionRefused(_("这份文件没有当前版本，无法恢复。"), status=409)
        if current.pk == version.pk:
            raise RevisionRefused(_("这已经是当前版本，无需恢复。"))
        previous = _lock_current(current)
        clauses = _ordered(version)
        if [_shown(c) for c in clauses] == [_shown(c) for c in _ordered(previous)]:
            raise RevisionRefused(_("v%(n)d 与当前版本的条款完全相同，无需恢复。") % {"n": version.number})
        return _new_version(previous, version, clauses, {}, note=restore_note(version.number), user=user)
