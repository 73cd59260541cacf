"""Fragments for other apps' pages — the integrator plugs them into content's page hooks.

``document_announcement(request, page)`` — the consultation notice on a document page (public:
dates, invited units, where to comment, the published summary).
``clause_comments(request, clause)`` — the comments on a clause, for the drafting group (and a
unit's own comments, for its 意见提交人); "" for everyone else.
``clause_comment_counts(request, version)`` — {clause path: number of comments} the user may
see; ``toc_comment_badges(request, version)`` rolls them up the clause tree for the drafting
group's badges beside the document's table of contents (``content.panels.TOC_BADGES``).
Each returns "" (or {}) when there is nothing for this user, so a hook can add it blindly.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from consultation import permissions
from consultation.models import Comment, Consultation
from consultation.summary import STATE_LABELS, state_of, with_dispositions
from content.models import Clause


def _user(request):
    return getattr(request, "user", None)


def document_announcement(request, page) -> str:
    work = getattr(page, "work", None)
    if work is None:
        return ""
    consultations = list(
        Consultation.objects.filter(version__work=work).select_related("version__work").prefetch_related("invited")
    )
    if not consultations:
        return ""
    user = _user(request)
    items = [
        {
            "consultation": c,
            "state": c.state(),
            "can_comment": permissions.can_comment(user, c),
            "is_drafter": permissions.is_drafter(user, c),
        }
        for c in consultations
    ]
    return render_to_string("consultation/_document_announcement.html", {"items": items}, request=request)


def _clause_comment_qs(user, clause):
    consultations = Consultation.objects.filter(version_id=clause.version_id).select_related("version")
    visible = Comment.objects.none()
    for c in consultations:
        visible = visible | permissions.visible_comments(user, c).filter(clause_path=clause.path)
    return visible


def clause_comments(request, clause) -> str:
    user = _user(request)
    consultations = list(Consultation.objects.filter(version_id=clause.version_id).select_related("version"))
    if not consultations:
        return ""
    drafter = any(permissions.is_drafter(user, c) for c in consultations)
    participant = [c for c in consultations if permissions.is_participant(user, c)]
    if not drafter and not participant:
        return ""  # the public reads published comments on the consultation's own page
    comments = list(with_dispositions(_clause_comment_qs(user, clause)).select_related("consultation").in_reading_order())
    for c in comments:
        c.state = state_of(c)
        c.state_label = STATE_LABELS[c.state]
    open_for_user = [c for c in participant if c.is_open]
    if not comments and not open_for_user:
        return ""
    return render_to_string(
        "consultation/_clause_comments.html",
        {"clause": clause, "comments": comments, "is_drafter": drafter, "open_consultations": open_for_user},
        request=request,
    )


def clause_comment_counts(request, version) -> dict[str, int]:
    user = _user(request)
    counts: dict[str, int] = {}
    for c in Consultation.objects.filter(version=version).select_related("version"):
        for path in permissions.visible_comments(user, c).exclude(clause_path="").values_list("clause_path", flat=True):
            counts[path] = counts.get(path, 0) + 1
    return counts


def toc_comment_badges(request, version) -> dict[str, str]:
    """For the work's drafting group: {clause path: "意见 N"} beside the table of contents, N
    counting the comments on the clause and on every clause below it (the table of contents
    lists sections, comments are often on their items)."""
    user = _user(request)
    if not permissions.is_drafter_of_work(user, version.work_id):
        return {}
    counts = clause_comment_counts(request, version)
    if not counts:
        return {}
    parent_of = dict(Clause.objects.filter(version=version).values_list("path", "parent__path"))
    totals: dict[str, int] = {}
    for path, n in counts.items():
        seen = set()
        while path and path not in seen:
            seen.add(path)
            totals[path] = totals.get(path, 0) + n
            path = parent_of.get(path)
    return {path: _("意见 %(n)d") % {"n": n} for path, n in totals.items()}
