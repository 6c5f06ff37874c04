"""One page per item: the metadata header, the author's body, and what the type adds.

The facts come from the item's view model (`views.item`), the page from `templates/item.md.j2`; the sections a type
puts first (procedure, post, power) and the department's powers are written by their own renderers and passed in.
"""

from __future__ import annotations

from ..i18n import join_list
from ..model import Department, Item, Post, Power, Procedure, type_label
from ..templating import environment, render
from ..training import LastChange
from ..views.item import ItemView, item_view, tag_anchor
from ..views.post import post_view
from .changes import changes_section
from .context import RenderContext
from .markdown import front_matter, status_badge, type_badge
from .paths import TAGS_PAGE, page_of, relative
from .post import obligations_section
from .power import power_sections, powers_of_department
from .procedure import procedure_sections
from .quiz import quiz_block

__all__ = ["history_section", "render_item", "render_item_view", "tag_anchor"]


def render_item(ctx: RenderContext, item: Item, *, current: bool = True, notice: str = "") -> str:
    """The item's page. `current=False` is an earlier version: `notice` says so above it, it stays out of the
    generator's search and has neither a last-changed line nor training links."""
    return render_item_view(ctx, item_view(ctx.book, item, current=current, git_dates=ctx.git_dates if current else None), notice)


def render_item_view(ctx: RenderContext, view: ItemView, notice: str = "") -> str:
    """The page of `view`'s item: the type's leading sections, body and powers are written here, the rest from the view."""
    item, current = view.item, view.current
    page = page_of(item)
    # Written in page order: the self-check and some sections add fragments, whose placeholders are numbered.
    leading = ""
    if isinstance(item, Procedure):
        leading = procedure_sections(ctx, item, page)
    elif isinstance(item, Post):  # what the holder must do comes first; the description of the post after it
        leading = obligations_section(ctx, post_view(ctx.book, item, with_training=current), page)
    elif isinstance(item, Power):
        leading = power_sections(ctx, item, page)
    body = ctx.body(item.body, page).strip()
    department_powers = powers_of_department(ctx, item.id, page) if isinstance(item, Department) else ""
    quiz = ctx.fragments.add(quiz_block((("", q) for q in item.questions), item.id)) if item.questions else ""
    changes = changes_section(ctx, item, page)

    def ref(item_id: str) -> str:
        return ctx.item_link(page, item_id)

    return render(
        "item.md.j2",
        view=view,
        front_matter=front_matter(title=item.title, description=item.summary, searchable=current),
        notice=notice,
        leading=leading,
        body=body,
        department_powers=department_powers,
        quiz=quiz,
        changes=changes,
        ref=ref,
        refs=lambda ids: join_list([ref(i) for i in ids]),
        cite=lambda citation: ctx.cite(citation, page),
        rel=lambda target: relative(page, target),
        tags_page=TAGS_PAGE,
        type_badge=type_badge,
        status_badge=status_badge,
        type_label=type_label,
    )


def history_section(item: Item, change: LastChange | None) -> str:
    """The change history table, and under it when the item last changed and how that is known."""
    return str(environment().get_template("item_sections.md.j2").module.history(item, change))  # type: ignore[attr-defined]
