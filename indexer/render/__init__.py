"""Stage 3, render: the rulebook as Markdown pages plus a navigation tree, for any static site generator.

Nothing here knows about MkDocs: the output is plain files and a nav list,
which `indexer.mkdocs_site` hands to MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import TYPE_LABELS
from .changes import changes_pages
from .context import RenderContext
from .fragments import Fragments
from .indexes import a_to_z, home_page, tags_page, type_index
from .items import render_item
from .library import LIBRARY_INDEX, library_pages
from .paths import index_of, page_of
from .search_page import search_page
from .training import training_section

NavEntry = tuple[str, "str | list[NavEntry]"]


@dataclass
class GeneratedSite:
    pages: dict[str, str] = field(default_factory=dict)
    """Docs-relative path -> Markdown."""
    nav: list[NavEntry] = field(default_factory=list)
    fragments: Fragments = field(default_factory=Fragments)
    """HTML behind the `<!--rbf:N-->` placeholders in `pages`: expand each page's HTML with it after conversion."""


NAV_ORDER = ["procedure", "system", "power", "post", "department", "term"]


def render_site(ctx: RenderContext, site_name: str = "Rulebook") -> GeneratedSite:
    site = GeneratedSite(fragments=ctx.fragments)
    site.pages["index.md"] = home_page(ctx, site_name)
    site.nav.append(("Home", "index.md"))
    for kind in NAV_ORDER:
        site.pages[index_of(kind)] = type_index(ctx, kind)
        children: list[NavEntry] = [(TYPE_LABELS[kind][1], index_of(kind))]
        items = [i for i in ctx.book if i.type == kind]
        for item in sorted(items, key=lambda i: i.title.casefold()):
            site.pages[page_of(item)] = render_item(ctx, item)
            if kind != "term":  # the glossary index lists every term; 20+ nav entries would drown the rest
                children.append((item.title, page_of(item)))
        site.nav.append((TYPE_LABELS[kind][1], children))
    training, training_nav = training_section(ctx, site.pages, site_name)
    site.pages.update(training)
    site.nav.append(training_nav)
    library = library_pages(ctx)
    if library:
        site.pages.update(library)
        collections = sorted(p for p in library if p.endswith("/index.md") and p != LIBRARY_INDEX)
        site.nav.append(("Library", [("Library", LIBRARY_INDEX)] + [(p.split("/")[1], p) for p in collections]))
    site.pages["indexes/a-z.md"] = a_to_z(ctx)
    site.pages["indexes/tags.md"] = tags_page(ctx)
    site.nav.append(("Indexes", [("A to Z", "indexes/a-z.md"), ("Tags", "indexes/tags.md")]))
    site.pages.update(changes_pages(ctx))  # earlier versions, acknowledgement sheets, Atom feeds
    site.pages.update(search_page(ctx))  # the full search page: reached from the search box, not the nav
    return site
