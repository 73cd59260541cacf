"""Knowledge's obligations as search units of type ``obligation``, indexed with the work they
belong to (search sits above knowledge, so it reads the rows itself)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

TYPE = "obligation"


def _rows():
    from knowledge.models import Obligation

    return Obligation.objects.published().select_related("clause__version__work")


def _unit(row, work=None, base_url: str | None = None) -> dict:
    from search.units import make_unit

    clause = row.clause
    title = row.action[:60] if row.action else row.text[:60]
    return make_unit(
        TYPE,
        row.pk,
        clause=clause,
        work=work,
        url=f"{base_url}/{clause.path}/" if base_url is not None else None,
        title=title,
        title_text=row.duty_bearer,
        text=row.text,
        modality=row.modality,
        duty_bearer=row.duty_bearer,
    )


def work_obligation_units(work) -> Iterator[dict]:
    """One work's obligations (current version) — a fixed number of queries, whatever their count."""
    base_url = work.get_absolute_url().rstrip("/")
    rows = _rows().filter(clause__version__work=work, clause__version__is_current=True)
    for row in rows.iterator():
        yield _unit(row, work, base_url)


def obligation_units() -> Iterator[dict]:
    """Every obligation of an indexed work (text, live page if any), for a full rebuild."""
    from django.db.models import Q

    live = Q(clause__version__work__document_page__isnull=True) | Q(clause__version__work__document_page__live=True)
    rows = _rows().filter(live, clause__version__is_current=True, clause__version__work__has_text=True)
    for row in rows.iterator():
        yield _unit(row)


def _work_of(row):
    try:
        return row.clause.version.work
    except Exception:  # the clause is being deleted with its version
        return None


def register() -> None:
    from knowledge.models import Obligation
    from search.engines.base import DEFAULT_RANK
    from search.units import register_unit_type

    register_unit_type(
        TYPE,
        label=_("义务"),
        work_units=work_obligation_units,
        units=obligation_units,
        triggers=(Obligation,),
        work_of=_work_of,
        # derived fragments (an obligation is a span of a clause) rank below the clause they repeat
        rank=DEFAULT_RANK - 2,
        order=40,
    )
