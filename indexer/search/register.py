"""How much a word belongs to the laws' register: its share of the index's units against its share of general
Chinese text (jieba's word frequencies, which the query dictionary carries).

Questions are asked in spoken Chinese: 以后, 给, 办, 扣. The laws hardly use these words, so BM25 finds them
rare and weighs them heavily, and the pruning budget (the rarest few words of a query) keeps them and drops the
words that say what the question is about (受理, 许可, 决定). A word far commoner in general Chinese than in the
laws is colloquial: it goes last in the pruning budget and, typed, weighs less (ranking.py). A word general
Chinese hardly uses (劳动合同, 办结: a few uses in jieba's counts) or does not know (首问负责制), the organ's own
words and a word the index never holds (老板: the query dictionary has only the index's words) are never
colloquial; 必须, which the laws use often, is not either.

A word's verdict depends only on the open index, so it is kept (`CACHE` words per index, under a lock: a
`doc_frequency` read costs about 20 µs, and a query asks for a dozen words).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

from cachetools import LRUCache

from ..lawtext import has_cjk
from .ranking import COLLOQUIAL_RATIO

CACHE = 20_000


class Register:
    def __init__(self, frequencies: Mapping[str, int], total: int, own_words: Iterable[str] = ()) -> None:
        self.frequencies = frequencies
        self.total = max(int(total), 1)
        self.own = frozenset(own_words)
        self._known: LRUCache = LRUCache(maxsize=CACHE)
        self._lock = threading.Lock()

    @classmethod
    def of(cls, segmenter, own_words: Iterable[str] = ()) -> Register:
        """From a jieba tokenizer (the query dictionary's or jieba's own)."""
        return cls(segmenter.FREQ, segmenter.total, own_words)

    def colloquial(self, word: str, reader) -> bool:
        """Whether `word`'s share of the units is under `COLLOQUIAL_RATIO` times its share of general text (`reader`:
        one of the index this register was made for)."""
        with self._lock:
            known = self._known.get(word)
        if known is None:
            known = self._judge(word, reader)
            with self._lock:
                self._known[word] = known
        return known

    def _judge(self, word: str, reader) -> bool:
        if COLLOQUIAL_RATIO <= 0 or not has_cjk(word) or word in self.own:
            return False
        general = self.frequencies.get(word, 0)
        if not general:
            return False
        units = max(reader.doc_count(), 1)
        return (reader.doc_frequency("body", word) + 1) / units < COLLOQUIAL_RATIO * (general + 1) / self.total
