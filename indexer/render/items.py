"""One page per item: the metadata header, the author's body, and what the type adds."""

from __future__ import annotations

import html

from ..i18n import _, format_date, format_limit, join_list
from ..model import Department, Item, Post, Power, Procedure, System, Term, type_label
from ..training import LastChange, last_change
from ..translations import is_fallback
from ..views.post import post_view
from .changes import changes_section
from .context import RenderContext
from .markdown import admonition, block_attrs, cell, front_matter, heading, status_badge, table, text, type_badge
from .paths import TAGS_PAGE, page_of, relative
from .post import obligations_section
from .power import power_sections, powers_of_department
from .procedure import procedure_sections
from .quiz import quiz_block


def render_item(ctx: RenderContext, item: Item, *, current: bool = True, notice: str = "") -> str:
    """The item's page. `current=False` is an earlier version: `notice` says so above it, it stays out of the
    generator's search and has neither a last-changed line nor training links."""
    page = page_of(item)
    parts = [
        front_matter(title=item.title, description=item.summary, searchable=current),
        notice,
        f"# {text(item.title)}\n",
        header(ctx, item, page),
    ]
    if is_fallback(item):
        parts.insert(
            3, admonition("note", _("Not translated yet"), _("This page is shown in its original language."), blank_line=False)
        )
    if isinstance(item, Procedure):
        parts.append(procedure_sections(ctx, item, page))
    elif isinstance(item, Post):  # what the holder must do comes first; the description of the post after it
        parts.append(obligations_section(ctx, post_view(ctx.book, item, with_training=current), page))
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
        parts.append(
            f"## {_('Self-check')}\n\n" + ctx.fragments.add(quiz_block((("", q) for q in item.questions), item.id)) + "\n"
        )
    parts.append(history_section(item, last_change(item, ctx.git_dates) if current else None))
    parts.append(changes_section(ctx, item, page))
    return "\n".join(p for p in parts if p)


def header(ctx: RenderContext, item: Item, page: str) -> str:
    """The metadata a cadre checks before relying on a rule: is it in force, whose, how current, on what basis."""
    lines = [f'<p class="rb-badges">{type_badge(item.type)} {status_badge(item.status)}</p>\n']
    if item.aliases:
        lines.append(f'<p class="rb-aliases">{" · ".join(html.escape(a) for a in item.aliases)}</p>\n')
    if item.summary:
        lines.append(f"_{text(item.summary)}_\n")
    if item.superseded_by:
        lines.append(
            admonition(
                "warning",
                _("Superseded"),
                _("Replaced by {item}.").format(item=ctx.item_link(page, item.superseded_by)),
                blank_line=False,
            )
        )
    rows: list[tuple[str, str]] = []
    if item.effective:
        rows.append((_("Effective"), format_date(item.effective)))
    if item.version:
        rows.append((_("Version"), text(item.version)))
    if item.owner:
        rows.append((_("Owner"), ctx.item_link(page, item.owner)))
    if item.review_by:
        rows.append((_("Review by"), format_date(item.review_by)))
    if item.basis:
        rows.append((_("Legal basis"), "<br>".join(ctx.cite(c, page) for c in item.basis)))
    if item.related:
        rows.append((_("Related"), join_list([ctx.item_link(page, r) for r in item.related])))
    if item.tags:
        rows.append((_("Tags"), join_list([f"[{text(t)}]({relative(page, TAGS_PAGE)}#{tag_anchor(t)})" for t in item.tags])))
    if rows:
        lines.append('<div class="rb-meta" markdown>\n\n' + table(["", ""], rows) + "\n\n</div>\n")
    return "\n".join(lines)


def tag_anchor(tag: str) -> str:
    return "tag-" + "-".join(tag.lower().split())


def system_sections(ctx: RenderContext, item: System, page: str) -> str:
    parts = []
    if item.applies_to:
        if "all" in item.applies_to:
            who = _("Every post of the organ")
            others = [p for p in item.applies_to if p != "all"]
            if others:
                who += _(", in particular {posts}").format(posts=join_list([ctx.item_link(page, p) for p in others]))
        else:
            who = join_list([ctx.item_link(page, p) for p in item.applies_to])
        parts.append(f"## {_('Applies to')}\n\n{who}{_('.')}\n")
    if item.duties:
        rows = [(ctx.item_link(page, d.post), text(d.duty), cell(format_limit(d.time_limit))) for d in item.duties]
        parts.append(f"## {_('Duties by post')}\n\n" + table([_("Post"), _("Duty"), _("Time limit")], rows) + "\n")
    if item.indicators:
        rows = [(text(i.name), f"{i.weight:g}") for i in item.indicators]
        parts.append(f"## {_('Indicators and weights')}\n\n" + table([_("Indicator"), _("Weight (%)")], rows) + "\n")
    return "\n".join(parts)


def department_sections(ctx: RenderContext, item: Department, page: str) -> str:
    book = ctx.book
    parts = []
    if item.head:
        parts.append(f"**{_('Head:')}** {ctx.item_link(page, item.head)}\n")
    if item.parent:
        parts.append(f"**{_('Part of:')}** {ctx.item_link(page, item.parent)}\n")
    children = [d for d in book.departments if d.parent == item.id]
    if children:
        parts.append(f"## {_('Units')}\n\n" + "\n".join(f"- {ctx.item_link(page, d.id)}" for d in children) + "\n")
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
        parts.append(
            f"## {_('Posts')}\n\n" + table([_("Post"), _("Other names"), _("Reports to"), _("Backup post")], rows) + "\n"
        )
    owned = [i for i in book.procedures + book.systems if i.owner == item.id]
    if owned:
        rows = [(ctx.item_link(page, i.id), type_label(i.type), text(i.summary or "")) for i in owned]
        parts.append(f"## {_('Procedures and systems owned')}\n\n" + table([_("Item"), _("Type"), _("Summary")], rows) + "\n")
    parts.append(powers_of_department(ctx, item.id, page))
    return "\n".join(p for p in parts if p)


def term_sections(ctx: RenderContext, item: Term, page: str) -> str:
    users = [i for i in ctx.book if item.id in i.related and i.id != item.id]
    if not users:
        return ""
    return f"## {_('Used in')}\n\n" + "\n".join(f"- {ctx.item_link(page, i.id)}" for i in users) + "\n"


def history_section(item: Item, change: LastChange | None) -> str:
    """The change history table, and under it when the item last changed and how that is known."""
    if not (item.changes or change):
        return ""
    parts = [heading(2, _("Change history"), "change-history")]
    if item.changes:
        rows = [(cell(c.version), format_date(c.date), text(c.summary)) for c in item.changes]
        parts.append(table([_("Version"), _("Date"), _("Change")], rows) + "\n")
    if change:
        parts.append(last_change_line(item, change))
    return "\n".join(parts)


def last_change_line(item: Item, change: LastChange) -> str:
    version = _(" (version {version})").format(version=text(change.version)) if change.version else ""
    if change.source == "git":
        how = _("date of the last commit to `{path}`").format(path=item.display_path)
    elif change.source == "history":
        how = _("from the change history")
    else:
        how = _("the date it took effect; no change recorded")
    line = f"**{_('Last changed:')}** {format_date(change.date)}{version} — {how}{_('.')}"
    return line + "\n" + block_attrs(classes=["rb-last-changed"]) + "\n"
