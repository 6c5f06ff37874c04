"""How much a word belongs to the laws' register: its share of the index's units against its share of general
Chinese text (jieba's word frequencies, which the query dictionary carries).

Questions are asked in spoken Chinese: 以后, 必须, 给, 办, 老板, 扣. The laws hardly use these words, so BM25
finds them rare and weighs them heavily, and the pruning budget (the rarest few words of a query) keeps them
and drops the words that say what the question is about (受理, 许可, 决定). A word far commoner in general
Chinese than in the laws is colloquial: it goes last in the pruning budget and weighs less (ranking.py).
A word that general Chinese does not know (劳动合同 is in jieba's dictionary, 首问负责制 is not) and the organ's
own words are never colloquial.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..lawtext import has_cjk
from .ranking import COLLOQUIAL_RATIO


class Register:
    def __init__(self, frequencies: Mapping[str, int], total: int, own_words: Iterable[str] = ()) -> None:
        self.frequencies = frequencies
        self.total = max(int(total), 1)
        self.own = frozenset(own_words)

    @classmethod
    def of(cls, segmenter, own_words: Iterable[str] = ()) -> Register:
        """From a jieba tokenizer (the query dictionary's or jieba's own)."""
        return cls(segmenter.FREQ, segmenter.total, own_words)

    def colloquial(self, word: str, reader) -> bool:
        """Whether `word`'s share of the units is under `COLLOQUIAL_RATIO` times its share of general text."""
        if COLLOQUIAL_RATIO <= 0 or not has_cjk(word) or word in self.own:
            return False
        general = self.frequencies.get(word, 0)
        if not general:
            return False
        units = max(reader.doc_count(), 1)
        return (reader.doc_frequency("body", word) + 1) / units < COLLOQUIAL_RATIO * (general + 1) / self.total
