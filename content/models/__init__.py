"""Content models: the data models (``django``) and the Wagtail pages that publish them (``pages``).

``from content.models import X`` keeps working for every model. Modules of the content app below
the pages (reading, diff, page_views, …) import ``content.models.django`` directly; the
import-linter contract "content-inside" in pyproject.toml keeps it that way.
"""

from content.models.django import (
    METADATA_FIELDS,
    Clause,
    ClauseKind,
    ClauseQuerySet,
    Dimension,
    Frequency,
    Indicator,
    Level,
    Organisation,
    Stage,
    Term,
    TermDefinition,
    Version,
    VersionQuerySet,
    Work,
    WorkAlias,
    WorkKind,
    WorkQuerySet,
    WorkRelation,
    WorkStatus,
)
from content.models.pages import DocumentIndexPage, DocumentPage
from content.models.review import (
    REVIEWED,
    ReviewedFact,
    ReviewedQuerySet,
    ReviewStatus,
    min_confidence,
    published_q,
)

__all__ = [
    "Clause",
    "ClauseKind",
    "ClauseQuerySet",
    "Dimension",
    "DocumentIndexPage",
    "DocumentPage",
    "Frequency",
    "Indicator",
    "Level",
    "METADATA_FIELDS",
    "Organisation",
    "REVIEWED",
    "ReviewStatus",
    "ReviewedFact",
    "ReviewedQuerySet",
    "min_confidence",
    "published_q",
    "Stage",
    "Term",
    "TermDefinition",
    "Version",
    "VersionQuerySet",
    "Work",
    "WorkAlias",
    "WorkKind",
    "WorkQuerySet",
    "WorkRelation",
    "WorkStatus",
]
