"""Comments as search units of type ``consultation_comment`` — for the drafting group only.

``register()`` (called from ``ConsultationConfig.ready``) registers the global unit type with
search, re-indexed when a comment, a disposition or a consultation changes, and
``audiences_for`` as an audience provider. Each unit names its audience in ``audience``
(``drafting:<work id>`` before the summary is published, ``public`` after); search's engines
filter on it in the query (``search.units.audiences_for``). A unit's only scope is
``consultation:<id>``: not ``work:<key>``, whose re-index (per-work types only) would delete
comment units without indexing them again.
"""

from __future__ import annotations

from collections.abc import Iterator

from consultation import permissions
from consultation.models import Comment, Consultation
from consultation.summary import STATE_LABELS, state_of, with_dispositions

TYPE = "consultation_comment"
PUBLIC = "public"


def audience_of(consultation: Consultation) -> str:
    return PUBLIC if consultation.summary_published else f"drafting:{consultation.version.work_id}"


def audiences_for(user) -> set[str] | None:
    """The audiences whose units ``user`` may see; None means all (a superuser)."""
    if permissions._authenticated(user) and user.is_superuser:
        return None
    return {PUBLIC, *(f"drafting:{w}" for w in permissions.drafting_work_ids(user))}


def comment_units(consultation: Consultation | None = None) -> Iterator[dict]:
    """One unit per comment (of one consultation, or of all)."""
    from search.units import make_unit

    qs = Comment.objects.all() if consultation is None else Comment.objects.filter(consultation=consultation)
    qs = with_dispositions(qs.select_related("consultation__version__work", "clause__version__work")).order_by("pk")
    for comment in qs:
        c = comment.consultation
        work = c.version.work
        state = STATE_LABELS[state_of(comment)]
        unit = make_unit(
            TYPE,
            comment.pk,
            clause=comment.clause,
            work=None if comment.clause else work,
            title=f"{comment.where} · {comment.organisation.name}（{state}）",
            text="\n".join(t for t in (comment.text, comment.proposed_wording, comment.reason) if t),
            stage=c.version.stage,
        )
        unit["url"] = f"/consultation/{c.pk}/dispositions/#comment-{comment.pk}"
        unit["audience"] = audience_of(c)
        unit["scopes"] = [f"consultation:{c.pk}"]
        yield unit


def register() -> None:
    from django.utils.translation import gettext_lazy as _

    from consultation.models import Disposition
    from search.units import register_audience_provider, register_unit_type

    register_unit_type(
        TYPE, label=_("征求意见"), units=comment_units, triggers=(Comment, Disposition, Consultation),
        follows_documents=True, order=70,
    )
    register_audience_provider(audiences_for)
