"""The text a reader reads (`views.reading`): one source for reading time (training) and search (units)."""

from __future__ import annotations

from indexer.model import Procedure
from indexer.rulebook import Rulebook
from indexer.search.units import item_units
from indexer.training import item_minutes, reading_minutes, whole_minutes
from indexer.views.reading import page_text, reading_text


def _procedure(book: Rulebook) -> Procedure:
    return next(p for p in book.procedures if len(p.steps) > 2)


def test_reading_text_holds_what_the_page_adds_to_the_body(book: Rulebook) -> None:
    proc = _procedure(book)
    words = reading_text(proc, book)
    step = proc.steps[0]
    assert step.name in words and step.action in words and book.title(step.post) in words  # the post by its title
    assert proc.committed_limit.raw in words
    assert all(c.label in words for c in proc.basis)


def test_search_indexes_the_reading_text(book: Rulebook) -> None:
    proc = _procedure(book)
    whole = item_units(proc, book, "procedures/x.md")[0]
    assert whole.body.startswith(reading_text(proc, book))


def test_reading_time_counts_the_reading_text(book: Rulebook) -> None:
    proc = _procedure(book)
    assert item_minutes(proc, book) == whole_minutes(reading_minutes(page_text(proc, book)))
    longer = proc.model_copy(update={"steps": proc.steps * 40})  # more steps to read: longer, here as in search
    assert item_minutes(longer, book) > item_minutes(proc, book)
    assert len(item_units(longer, book, "procedures/x.md")[0].body) > len(item_units(proc, book, "procedures/x.md")[0].body)
