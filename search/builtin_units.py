"""The unit types search defines itself: content's documents, clauses, terms and indicators, and
knowledge's obligations (search sits above both). Apps above search register their own."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from content.models import Indicator, Term
from search.obligation_units import register as register_obligations
from search.units import (
    _document_units,
    clause_units,
    indicator_units,
    register_unit_type,
    term_units,
)


def register() -> None:
    """The content app's units (search sits above content; other apps register their own)."""
    register_unit_type("document", label=_("文件"), work_units=_document_units, order=10)
    register_unit_type("clause", label=_("条款"), work_units=clause_units, order=20)
    register_unit_type("term", label=_("术语"), units=term_units, triggers=(Term,), follows_documents=True, order=30)
    register_unit_type(
        "indicator", label=_("指标"), units=indicator_units, triggers=(Indicator,), follows_documents=True, order=50
    )
    register_obligations()
