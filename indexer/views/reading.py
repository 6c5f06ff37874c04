"""The text a reader reads on an item's page: the one source for reading time and for search.

The page shows the author's body and, around it, facts from the front matter (steps, duties, materials, limits,
basis). Training estimates reading time from this text and search indexes it (`indexer.search.units`), so a step
added to a procedure counts in both, the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Item
from ..templating import render

if TYPE_CHECKING:
    from ..rulebook import Rulebook


def _title(book: Rulebook | None, item_id: str) -> str:
    return book.title(item_id) if book is not None else item_id


def reading_text(item: Item, book: Rulebook | None = None) -> str:
    """What the generated page adds to the author's body: summary, steps, duties, materials, limits, basis, one fact
    a line (`templates/reading.txt.j2`). `book` names the posts a step or duty belongs to by their titles (their ids
    without it)."""
    text = render("reading.txt.j2", item=item, title=lambda post_id: _title(book, post_id))
    return "\n".join(line for line in text.split("\n") if line)


def page_text(item: Item, book: Rulebook | None = None) -> str:
    """The whole page as read: title, other names, the facts above and the author's body."""
    return "\n".join([item.title, *item.aliases, reading_text(item, book), item.body])
