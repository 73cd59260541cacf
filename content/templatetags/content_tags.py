"""Template helpers for reading documents. Everything returned here is escaped by the template
engine or built with format_html: imported text never reaches a page unescaped."""

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from content.parse.titles import book_title
from content.terms import terms_in

register = template.Library()

STAGE_CSS = {
    "consultation": "draft",
    "submitted": "draft",
    "approval": "draft",
    "template": "template",
    "published": "final",
}


@register.filter
def paragraphs(text: str) -> list[str]:
    """A clause's text split into its printed paragraphs."""
    return [p for p in (text or "").split("\n") if p.strip()]


@register.simple_tag
def stage_badge(version, large=False):
    """The drafting stage, impossible to miss: 征求意见稿 is not 发布稿."""
    if version is None:
        return format_html('<span class="badge badge-none">{}</span>', _("仅有引用，未收录全文"))
    css = STAGE_CSS.get(version.stage, "draft")
    size = " badge-large" if large else ""
    return format_html(
        '<span class="badge badge-{}{}" title="{}">{}</span>',
        css,
        size,
        _("文本阶段"),
        version.get_stage_display(),
    )


@register.simple_tag
def diff_segments(segments):
    """Render diff segments: inserted words in <ins>, deleted in <del>, all escaped."""
    tags = {"insert": "ins", "delete": "del"}
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<{0}>{1}</{0}>", tags[s.op], s.text) if s.op in tags else format_html("{}", s.text),)
            for s in segments
        ),
    )


@register.filter
def clause_anchor_label(clause) -> str:
    return clause.label or clause.heading or clause.path


@register.filter(name="book_title")
def book_title_filter(title: str) -> str:
    """《title》, unless the title already holds its own book-title marks."""
    return book_title(title)


@register.filter
def truncate_heading(text: str, length: int = 22) -> str:
    text = text or ""
    return text if len(text) <= length else text[: length - 1] + "…"


@register.filter
def short_label(clause) -> str:
    """A clause's label as a reader cites it inside its document: 5.2.1 and 第十四条 stand on their
    own; outline items need their ancestors (二（三）)."""
    if clause.kind in {"clause", "article", "chapter", "annex", "part", "section"} and clause.label:
        return clause.label
    return clause.path_label() or clause.path


@register.filter
def highlight_terms(text: str) -> str:
    """Escape ``text`` and wrap glossary terms in links to the glossary (imported text stays inert)."""
    text = text or ""
    out, position = [], 0
    for start, end, term in terms_in(text):
        out.append(escape(text[position:start]))
        out.append(
            f'<a class="term" href="/glossary/#term-{term.pk}" title="{escape(term.definition[:120] or term.pref_label)}">'
            f"<dfn>{escape(text[start:end])}</dfn></a>"
        )
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))
