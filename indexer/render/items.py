"""One page per item: the metadata header, the author's body, and what the type adds."""

from __future__ import annotations

import html

from ..model import Department, Item, Post, Power, Procedure, System, Term
from ..obligations import obligations_for
from .changes import changes_section
from .context import RenderContext
from .markdown import cell, front_matter, status_badge, table, text, type_badge
from .paths import page_of
from .post import obligations_section
from .power import power_sections, powers_of_department
from .procedure import procedure_sections
from .quiz import quiz_block


def render_item(ctx: RenderContext, item: Item) -> str:
    page = page_of(item)
    parts = [
        front_matter(title=item.title, description=item.summary),
        f"# {text(item.title)}\n",
        header(ctx, item, page),
    ]
    if isinstance(item, Procedure):
        parts.append(procedure_sections(ctx, item, page))
    elif isinstance(item, Post):  # what the holder must do comes first; the description of the post after it
        parts.append(obligations_section(ctx, obligations_for(ctx.book, item), page))
    elif isinstance(item, Power):
        parts.append(power_sections(ctx, item, page))
    body = ctx.body(item.body, page).strip()
    if body:
        parts.append(body + "\n")
    if isinstance(item, System):
        parts.append(system_sections(ctx, item, page))
    elif isinstance(item, Department):
        parts.append(department_sections(ctx, item, page))
    elif isinstance(item, Term):
        parts.append(term_sections(ctx, item, page))
    if item.questions:
        parts.append("## Self-check\n\n" + ctx.fragments.add(quiz_block((("", q) for q in item.questions), item.id)) + "\n")
    parts.append(history_section(item))
    parts.append(changes_section(ctx, item, page))
    return "\n".join(p for p in parts if p)


def header(ctx: RenderContext, item: Item, page: str) -> str:
    """The metadata a cadre checks before relying on a rule: is it in force, whose, how current, on what basis."""
    lines = [f'<p class="rb-badges">{type_badge(item.type)} {status_badge(item.status)}</p>\n']
    if item.aliases:
        lines.append(f'<p class="rb-aliases" lang="zh">{" · ".join(html.escape(a) for a in item.aliases)}</p>\n')
    if item.summary:
        lines.append(f"_{text(item.summary)}_\n")
    if item.superseded_by:
        lines.append(f'!!! warning "Superseded"\n    Replaced by {ctx.item_link(page, item.superseded_by)}.\n')
    rows: list[tuple[str, str]] = []
    if item.effective:
        rows.append(("Effective", item.effective.isoformat()))
    if item.version:
        rows.append(("Version", text(item.version)))
    if item.owner:
        rows.append(("Owner", ctx.item_link(page, item.owner)))
    if item.review_by:
        rows.append(("Review by", item.review_by.isoformat()))
    if item.basis:
        rows.append(("Legal basis", "<br>".join(ctx.cite(c, page) for c in item.basis)))
    if item.related:
        rows.append(("Related", ", ".join(ctx.item_link(page, r) for r in item.related)))
    if item.tags:
        rows.append(("Tags", ", ".join(f"[{text(t)}](../indexes/tags.md#{tag_anchor(t)})" for t in item.tags)))
    if rows:
        lines.append('<div class="rb-meta" markdown>\n\n' + table(["", ""], rows) + "\n\n</div>\n")
    return "\n".join(lines)


def tag_anchor(tag: str) -> str:
    return "tag-" + "-".join(tag.lower().split())


def system_sections(ctx: RenderContext, item: System, page: str) -> str:
    parts = []
    if item.applies_to:
        if "all" in item.applies_to:
            who = "Every post of the organ"
            others = [p for p in item.applies_to if p != "all"]
            if others:
                who += ", in particular " + ", ".join(ctx.item_link(page, p) for p in others)
        else:
            who = ", ".join(ctx.item_link(page, p) for p in item.applies_to)
        parts.append(f"## Applies to\n\n{who}.\n")
    if item.duties:
        rows = [(ctx.item_link(page, d.post), text(d.duty), cell(d.time_limit)) for d in item.duties]
        parts.append("## Duties by post\n\n" + table(["Post", "Duty", "Time limit"], rows) + "\n")
    if item.indicators:
        rows = [(text(i.name), f"{i.weight:g}") for i in item.indicators]
        parts.append("## Indicators and weights\n\n" + table(["Indicator", "Weight (%)"], rows) + "\n")
    return "\n".join(parts)


def department_sections(ctx: RenderContext, item: Department, page: str) -> str:
    book = ctx.book
    parts = []
    if item.head:
        parts.append(f"**Head:** {ctx.item_link(page, item.head)}\n")
    if item.parent:
        parts.append(f"**Part of:** {ctx.item_link(page, item.parent)}\n")
    children = [d for d in book.departments if d.parent == item.id]
    if children:
        parts.append("## Units\n\n" + "\n".join(f"- {ctx.item_link(page, d.id)}" for d in children) + "\n")
    posts = [p for p in book.posts if p.department == item.id]
    if posts:
        rows = [
            (
                ctx.item_link(page, p.id),
                text(" · ".join(p.aliases)) or "—",
                ctx.item_link(page, p.reports_to) if p.reports_to else "—",
                ctx.item_link(page, p.backup) if p.backup else "—",
            )
            for p in posts
        ]
        parts.append("## Posts\n\n" + table(["Post", "Chinese name", "Reports to", "Backup post"], rows) + "\n")
    owned = [i for i in book.procedures + book.systems if i.owner == item.id]
    if owned:
        rows = [(ctx.item_link(page, i.id), i.type, text(i.summary or "")) for i in owned]
        parts.append("## Procedures and systems owned\n\n" + table(["Item", "Type", "Summary"], rows) + "\n")
    parts.append(powers_of_department(ctx, item.id, page))
    return "\n".join(p for p in parts if p)


def term_sections(ctx: RenderContext, item: Term, page: str) -> str:
    users = [i for i in ctx.book if item.id in i.related and i.id != item.id]
    if not users:
        return ""
    return "## Used in\n\n" + "\n".join(f"- {ctx.item_link(page, i.id)}" for i in users) + "\n"


def history_section(item: Item) -> str:
    if not item.changes:
        return ""
    rows = [(cell(c.version), c.date.isoformat(), text(c.summary)) for c in item.changes]
    return "## Change history\n\n" + table(["Version", "Date", "Change"], rows) + "\n"
