"""The item page from its view model (`views.item`) and templates (`item.md.j2`, `item_sections.md.j2`).

These read the facts a view holds and the Markdown the renderer writes from them, no site needed: a system's duties
and whom it binds, a department's posts, a term's users, the header's metadata, and values escaped where they land.
"""

from __future__ import annotations

import dataclasses

from indexer.i18n import use_language
from indexer.model import Item
from indexer.render.context import RenderContext
from indexer.render.items import render_item, render_item_view
from indexer.render.paths import page_of
from indexer.rulebook import Rulebook
from indexer.views.item import item_view, tag_anchor

HOSTILE = 'X <img src=x onerror=alert(1)> | `*_[]{} & "q"'


def section(markdown: str, heading: str) -> str:
    """The Markdown under `## heading`, up to the next second-level heading."""
    assert f"\n## {heading}\n" in markdown, heading
    return markdown.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| ---")]


def test_a_systems_duties_table_has_one_row_per_duty_of_its_view(book: Rulebook) -> None:
    system = book.get("backup-post")
    ctx = RenderContext(book)
    view = item_view(book, system)
    assert view.system and view.system.duties == system.duties and len(system.duties) == 5
    with use_language("en"):
        rows = table_rows(section(render_item_view(ctx, view), "Duties by post"))
        assert rows[0] == "| Post | Duty | Time limit |"
        assert rows[1].startswith(f"| {ctx.item_link(page_of(system), system.duties[0].post)} | ")
        assert len(rows) == 1 + 5
        fewer = dataclasses.replace(view, system=dataclasses.replace(view.system, duties=system.duties[:2]))
        assert len(table_rows(section(render_item_view(ctx, fewer), "Duties by post"))) == 1 + 2
        no_duties = dataclasses.replace(view, system=dataclasses.replace(view.system, duties=[]))
        assert "## Duties by post" not in render_item_view(ctx, no_duties)


def test_a_system_for_every_post_names_the_other_posts_in_particular(book: Rulebook) -> None:
    system = book.get("backup-post").model_copy(update={"applies_to": ["all", "window-clerk"]})
    view = item_view(book, system)
    assert view.system and view.system.every_post and view.system.applies_to == ["window-clerk"]
    with use_language("en"):
        applies = section(render_item_view(RenderContext(book), view), "Applies to").strip()
    assert applies == f"Every post of the organ, in particular [{book.get('window-clerk').title}](../posts/window-clerk.md)."


def test_a_terms_used_in_lists_the_items_that_relate_to_it(book: Rulebook) -> None:
    term = book.get("joint-review")
    users = [i for i in book if "joint-review" in i.related and i.id != "joint-review"]
    view = item_view(book, term)
    assert view.term and view.term.used_in == users and len(users) == 4
    ctx = RenderContext(book)
    with use_language("en"):
        used_in = section(render_item(ctx, term), "Used in").strip().splitlines()
    assert used_in == [f"- {ctx.item_link(page_of(term), u.id)}" for u in users]
    alone = dataclasses.replace(view, term=dataclasses.replace(view.term, used_in=[]))
    with use_language("en"):
        assert "## Used in" not in render_item_view(ctx, alone)


def test_a_departments_posts_table_and_units_come_from_its_view(book: Rulebook) -> None:
    leadership = book.get("leadership")
    view = item_view(book, leadership)
    assert view.department
    assert [u.id for u in view.department.units] == [d.id for d in book.departments if d.parent == "leadership"]
    assert [p.id for p in view.department.posts] == ["deputy-director-general", "director-general"]
    ctx = RenderContext(book)
    with use_language("en"):
        markdown = render_item_view(ctx, view)
    head = ctx.item_link(page_of(leadership), "director-general")
    assert f"**Head:** {head}\n" in markdown
    units = section(markdown, "Units").strip().splitlines()
    assert units == [f"- {ctx.item_link(page_of(leadership), u.id)}" for u in view.department.units]
    rows = table_rows(section(markdown, "Posts"))
    assert rows[0] == "| Post | Other names | Reports to | Backup post |" and len(rows) == 1 + 2
    assert rows[2].startswith(f"| {head} | ")


def test_the_header_lists_each_legal_basis_through_the_citation_renderer(book: Rulebook) -> None:
    system = book.get("backup-post")
    assert len(system.basis) == 3
    ctx = RenderContext(book, cite=lambda citation, page: f"CITE({citation.label}@{page})")
    with use_language("en"):
        markdown = render_item(ctx, system)
    row = next(line for line in markdown.splitlines() if line.startswith("| Legal basis |"))
    assert row == "| Legal basis | " + "<br>".join(f"CITE({c.label}@{page_of(system)})" for c in system.basis) + " |"
    bare = system.model_copy(update={"basis": [], "effective": None, "version": None, "owner": None, "review_by": None})
    bare = bare.model_copy(update={"related": [], "tags": []})
    assert not item_view(book, bare).meta
    with use_language("en"):
        assert "Legal basis" not in render_item(ctx, bare) and 'class="rb-meta"' not in render_item(ctx, bare)


def test_the_header_links_each_tag_to_its_section_of_the_tags_page(book: Rulebook) -> None:
    system = book.get("backup-post").model_copy(update={"tags": ["Two Words", "AB岗"]})
    with use_language("en"):
        markdown = render_item(RenderContext(book), system)
    row = next(line for line in markdown.splitlines() if line.startswith("| Tags |"))
    assert row == "| Tags | [Two Words](../indexes/tags.md#tag-two-words), [AB岗](../indexes/tags.md#tag-ab岗) |"
    assert tag_anchor("Two Words") == "tag-two-words"


def test_hostile_header_values_are_escaped_where_they_land(book: Rulebook) -> None:
    item: Item = book.get("joint-review").model_copy(
        update={"title": HOSTILE, "summary": HOSTILE, "aliases": [HOSTILE], "version": HOSTILE}
    )
    with use_language("en"):
        markdown = render_item(RenderContext(book), item)
    body = markdown.split("\n---\n", 1)[1]
    escaped = 'X &lt;img src=x onerror=alert(1)&gt; \\| \\`\\*\\_\\[\\]\\{\\} &amp; "q"'
    assert f"\n# {escaped}\n" in body and f"\n_{escaped}_\n" in body and f"| Version | {escaped} |" in body
    assert '<p class="rb-aliases">X &lt;img src=x onerror=alert(1)&gt; | `*_[]{} &amp; &quot;q&quot;</p>' in body
    assert "<img" not in body


def test_a_superseded_item_says_what_replaces_it_and_an_untranslated_one_says_so(book: Rulebook) -> None:
    item = book.get("joint-review").model_copy(update={"superseded_by": "legality-review"})
    view = item_view(book, item)
    with use_language("en"):
        markdown = render_item_view(RenderContext(book), view)
        untranslated = render_item_view(RenderContext(book), dataclasses.replace(view, fallback=True))
    assert '!!! warning "Superseded"\n    Replaced by [' in markdown and "(legality-review.md)." in markdown
    assert "Not translated yet" not in markdown
    title = f"# {item.title}\n"
    assert untranslated.split(title, 1)[1].startswith('\n!!! note "Not translated yet"\n')


def test_the_page_keeps_its_parts_in_order(book: Rulebook) -> None:
    system = book.get("backup-post")
    with use_language("en"):
        markdown = render_item(RenderContext(book), system, current=False, notice="NOTICE\n")
    order = ["NOTICE", f"# {system.title}", 'class="rb-badges"', 'class="rb-meta"', "## Applies to", "## Duties by post"]
    positions = [markdown.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert markdown.index("## Applies to") > markdown.index("## 具体规定") > markdown.index('class="rb-meta"')
