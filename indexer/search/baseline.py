"""The obvious alternative, for comparison only: SQLite FTS5 with plain BM25 over the same units.

Search never uses it. It stays in the package, in this one module, because `rulebook relevance` reports its
figures "next to the FTS5 baseline" and bench/search.py times it; nothing else imports it.

Text is segmented with the same jieba segmentation (FTS5's own tokenizers
cannot split Chinese words), but there are no field boosts, no stemming, no
synonyms, no status or version ranking: what a team would build first.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..rulebook import Rulebook
from .analysis import terms
from .index import units_by_file


@dataclass
class BaselineHit:
    id: str
    title: str
    type: str
    article: int | None
    origin: str | None
    heading: str | None
    url: str


def segmented(text: str) -> str:
    return " ".join(t for t, _, _ in terms(text))


class Fts5Baseline:
    def __init__(self, db: Path | str = ":memory:") -> None:
        self.db = sqlite3.connect(str(db), check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS units USING fts5("
            "title, heading, body, item_id UNINDEXED, type UNINDEXED, article UNINDEXED, origin UNINDEXED, "
            "raw_title UNINDEXED, raw_heading UNINDEXED, url UNINDEXED, snippet_text UNINDEXED, tokenize='unicode61')"
        )

    def add_rulebook(self, book: Rulebook, root: Path) -> int:
        rows = []
        for units in units_by_file(book, root).values():
            for u in units:
                rows.append(
                    (
                        segmented(f"{u.title} {u.aliases}"),
                        segmented(u.heading),
                        segmented(u.body),
                        u.item_id,
                        u.type,
                        u.article,
                        u.origin,
                        u.title,
                        u.heading,
                        u.url + (f"#{u.anchor}" if u.anchor else ""),
                        u.body,
                    )
                )
        self.db.executemany("INSERT INTO units VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        self.db.commit()
        return len(rows)

    def search(self, query: str, limit: int = 10, snippets: bool = False) -> list[BaselineHit]:
        words = {t for t, _, _ in terms(query)}
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        snippet = ", snippet(units, 2, '<mark>', '</mark>', ' … ', 24)" if snippets else ""
        cur = self.db.execute(
            f"SELECT item_id, raw_title, type, article, origin, raw_heading, url{snippet} FROM units WHERE units MATCH ? "
            "ORDER BY bm25(units) LIMIT ?",
            (match, limit),
        )
        return [BaselineHit(r[0], r[1], r[2], r[3], r[4] or None, r[5] or None, r[6]) for r in cur.fetchall()]
