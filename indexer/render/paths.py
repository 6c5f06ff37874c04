"""Where each generated page lives, and relative links between pages.

Pages link with relative `.md` paths so that the site generator resolves
and validates them (a broken one fails `mkdocs build --strict`).
"""

from __future__ import annotations

import posixpath

from ..model import Item, LibraryDocument

FOLDERS = {
    "system": "systems",
    "procedure": "procedures",
    "post": "posts",
    "department": "departments",
    "term": "glossary",
    "law": "library",
    "document": "library",
    "power": "powers",
}


def page_of(item: Item) -> str:
    if isinstance(item, LibraryDocument):
        return item.page
    return f"{FOLDERS[item.type]}/{item.id}.md"


def index_of(kind: str) -> str:
    return f"{FOLDERS[kind]}/index.md"


def relative(from_page: str, to_page: str) -> str:
    """The link from one page to another, both given relative to the docs root."""
    start = posixpath.dirname(from_page) or "."
    return posixpath.relpath(to_page, start)
