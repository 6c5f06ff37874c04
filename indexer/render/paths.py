"""Where each generated page lives, and relative links between pages.

Pages link with relative `.md` paths so that the site generator resolves
and validates them (a broken one fails `mkdocs build --strict`).
"""

from __future__ import annotations

import posixpath
from contextvars import ContextVar

from ..itemtypes import folder
from ..model import Item, LibraryDocument

TAGS_PAGE = "indexes/tags.md"
A_TO_Z_PAGE = "indexes/a-z.md"


SHARED_PREFIX: ContextVar[str] = ContextVar("rulebook_shared_prefix", default="")
"""How this language's pages reach what all languages share: "" at the site root, "../" from `/en/`.

The library (laws stay Chinese) and the assets exist once, in the root tree; a translated tree links up to them.
"""


def shared(path: str) -> str:
    """A docs-relative path to a page or asset that exists once for all languages."""
    return SHARED_PREFIX.get() + path


def page_of(item: Item) -> str:
    if isinstance(item, LibraryDocument):
        return shared(item.page)
    return f"{folder(item.type)}/{item.id}.md"


def index_of(kind: str) -> str:
    return f"{folder(kind)}/index.md"


def relative(from_page: str, to_page: str) -> str:
    """The link from one page to another, both given relative to the docs root."""
    start = posixpath.dirname(from_page) or "."
    return posixpath.relpath(to_page, start)
