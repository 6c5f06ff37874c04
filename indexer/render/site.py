"""The whole site in one call: every page's Markdown and the navigation tree (`render_site`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import _
from ..itemtypes import in_nav
from ..model import LibraryDocument, type_label
from ..rulebook import sort_key
from .changes import changes_pages
from .context import RenderContext
from .fragments import Fragments
from .indexes import a_to_z, home_page, tags_page, type_index
from .items import render_item
from .library import LIBRARY_INDEX, library_pages
from .paths import A_TO_Z_PAGE, SHARED_PREFIX, TAGS_PAGE, index_of, page_of, shared
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


def render_site(ctx: RenderContext, site_name: str = "Rulebook") -> GeneratedSite:
    site = GeneratedSite(fragments=ctx.fragments)
    site.pages["index.md"] = home_page(ctx, site_name)
    site.nav.append((_("Home"), "index.md"))
    for entry in in_nav():  # order, sections and index pages come from the item-type registry
        kind = entry.name
        site.pages[index_of(kind)] = type_index(ctx, kind)
        children: list[NavEntry] = [(type_label(kind, plural=True), index_of(kind))]
        items = [i for i in ctx.book if i.type == kind]
        for item in sorted(items, key=sort_key):
            site.pages[page_of(item)] = render_item(ctx, item)
            if entry.nav_items:
                children.append((item.title, page_of(item)))
        site.nav.append((type_label(kind, plural=True), children))
    training, training_nav = training_section(ctx, site_name)
    site.pages.update(training)
    site.nav.append(training_nav)
    library = library_pages(ctx) if not SHARED_PREFIX.get() else {}  # laws stay Chinese: one library, in the root tree
    if library:
        site.pages.update(library)
        collections = sorted(p for p in library if p.endswith("/index.md") and p != LIBRARY_INDEX)
        site.nav.append((_("Library"), [(_("Library"), LIBRARY_INDEX)] + [(p.split("/")[1], p) for p in collections]))
    elif SHARED_PREFIX.get() and any(isinstance(i, LibraryDocument) for i in ctx.book):
        site.nav.append((_("Library"), shared(LIBRARY_INDEX)))
    site.pages[A_TO_Z_PAGE] = a_to_z(ctx)
    site.pages[TAGS_PAGE] = tags_page(ctx)
    site.nav.append((_("Indexes"), [(_("A to Z"), A_TO_Z_PAGE), (_("Tags"), TAGS_PAGE)]))
    site.pages.update(changes_pages(ctx, render_item))  # earlier versions, acknowledgement sheets, Atom feeds
    site.pages.update(search_page(ctx))  # the full search page: reached from the search box, not the nav
    return site
