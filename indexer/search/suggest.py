""" "Did you mean": for English words the index has never seen, the closest word it knows."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .layout import VOCAB


class Suggester:
    def __init__(self, index_dir: Path, analyzer) -> None:
        self.path = index_dir / VOCAB
        self.analyzer = analyzer
        self._vocab: dict[str, list[str]] | None = None

    def suggest(self, query: str, reader) -> str | None:
        """The query with each unknown English word replaced by the closest known one; None when nothing changes."""
        words = re.findall(r"[A-Za-z]{4,}", query)
        if not words:
            return None
        vocab = self._vocabulary()
        changed = query
        for word in words:
            stem = next(iter(t.text for t in self.analyzer(word)), word.lower())
            if any(reader.doc_frequency(f, stem) for f in ("title", "body")):
                continue
            match = difflib.get_close_matches(word.lower(), vocab.get(word[0].lower(), []), n=1, cutoff=0.75)
            if match:
                changed = re.sub(rf"\b{re.escape(word)}\b", match[0], changed)
        return changed if changed != query else None

    def _vocabulary(self) -> dict[str, list[str]]:
        """Known English words (as written, not stemmed), grouped by first letter to keep difflib quick."""
        if self._vocab is None:
            vocab: dict[str, list[str]] = {}
            for word in self.path.read_text(encoding="utf-8").split() if self.path.is_file() else []:
                vocab.setdefault(word[0], []).append(word)
            self._vocab = vocab
        return self._vocab
