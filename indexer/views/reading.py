"""The text a reader reads on an item's page: the one source for reading time and for search.

The page shows the author's body and, around it, facts from the front matter (steps, duties, materials, limits,
basis). Training estimates reading time from this text and search indexes it (`indexer.search.units`), so a step
added to a procedure counts in both, the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Item, Post, Power, Procedure, System

if TYPE_CHECKING:
    from ..rulebook import Rulebook


def _title(book: Rulebook | None, item_id: str) -> str:
    return book.title(item_id) if book is not None else item_id


def reading_text(item: Item, book: Rulebook | None = None) -> str:
    """What the generated page adds to the author's body: summary, steps, duties, materials, limits, basis.

    `book` names the posts a step or duty belongs to by their titles (their ids without it)."""
    parts = [item.summary or ""]
    if isinstance(item, Procedure):
        parts += [f"{s.name} {_title(book, s.post)} {s.action} {s.time_limit.raw} {s.output or ''}" for s in item.steps]
        parts += [str(m) for m in item.materials]
        parts += [f"statutory {item.statutory_limit.raw} committed {item.committed_limit.raw}"]
    elif isinstance(item, Post):
        parts += [f"{d.duty} {d.time_limit.raw if d.time_limit else ''}" for d in item.duties]
    elif isinstance(item, System):
        parts += [f"{_title(book, d.post)} {d.duty} {d.time_limit.raw if d.time_limit else ''}" for d in item.duties]
        parts += [i.name for i in item.indicators]
    elif isinstance(item, Power):  # the stages and risk points a cadre searches for ("廉政风险点 受理")
        parts += [f"{s.stage} {s.duty}" for s in item.stages]
        parts += [a.case for a in item.accountability] + [f"{r.risk} {' '.join(r.controls)}" for r in item.risks]
    parts += [c.label for c in item.basis]
    return "\n".join(p for p in parts if p)


def page_text(item: Item, book: Rulebook | None = None) -> str:
    """The whole page as read: title, other names, the facts above and the author's body."""
    return "\n".join([item.title, *item.aliases, reading_text(item, book), item.body])
