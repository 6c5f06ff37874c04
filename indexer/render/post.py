"""The "Obligations of this post" section, from the post's view model (`indexer.views.post`) and its template."""

from __future__ import annotations

from ..i18n import join_list
from ..model import Item
from ..templating import render
from ..views.post import PostView
from .context import RenderContext
from .paths import relative
from .power import powers_for_post


def obligations_section(ctx: RenderContext, view: PostView, page: str) -> str:
    def ref(item_id: str) -> str:
        return ctx.item_link(page, item_id)

    def refs(items: list[Item]) -> str:
        return join_list([ref(i.id) for i in items])

    powers = powers_for_post(ctx, view.obligations.powers, page) if view.obligations.powers else ""
    return render(
        "post_obligations.md.j2", view=view, ref=ref, refs=refs, rel=lambda target: relative(page, target), powers=powers
    )
