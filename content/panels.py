"""Extension points of the reading pages, the Wagtail way (``wagtail.hooks``).

Content is the base layer: it never imports the apps that add to its pages. An app that has
something to show beside a clause or on a work's page registers a hook in its
``wagtail_hooks.py``::

    @hooks.register(CLAUSE_PANELS)
    def my_panel(request, clause) -> str: ...   # HTML, or "" when there is nothing to show

A ``TOC_BADGES`` hook returns ``{clause path: short text}`` (e.g. a count) for the version whose
table of contents is shown; ``{}`` when it has nothing for this user.

``clause`` is a clause of the page's clause tree; ``work`` a ``content.models.Work``.
"""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from wagtail import hooks

CLAUSE_PANELS = "content_clause_panels"  # fn(request, clause) -> HTML beside a clause
WORK_SECTIONS = "content_work_sections"  # fn(request, work) -> HTML section on a work's page
DOCUMENT_NOTICES = "content_document_notices"  # fn(request, page) -> HTML above a document's text
SITE_ROOT = "content_site_root"  # fn() -> the Page the document library goes under
TOC_BADGES = "content_toc_badges"  # fn(request, version) -> {clause path: short text} beside the TOC


def render(hook_name: str, request, obj) -> list[SafeString]:
    """The non-empty HTML fragments every hook registered under ``hook_name`` returns for ``obj``."""
    fragments = []
    for fn in hooks.get_hooks(hook_name):
        html = fn(request, obj)
        if html:
            fragments.append(mark_safe(html))  # noqa: S308 — hooks return rendered templates
    return fragments


def with_toc_badges(toc: list, request, version) -> list:
    """Give each table-of-contents entry ``toc_badges``: the texts every ``TOC_BADGES`` hook
    returns for its path (none asked when there is no version or no entry)."""
    found: dict[str, list[str]] = {}
    if toc and version is not None:
        for fn in hooks.get_hooks(TOC_BADGES):
            for path, text in (fn(request, version) or {}).items():
                if text not in (None, ""):
                    found.setdefault(path, []).append(str(text))
    for entry in toc:
        entry.toc_badges = found.get(entry.path, [])
    return toc
