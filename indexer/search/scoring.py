"""Scoring a query with one BM25F, over Whoosh's postings taken as numpy arrays (postings.py).

Whoosh's matcher tree spends about a microsecond of Python per posting per tree node, so a question touching
20,000 postings across five fields took 50-300 ms on laws-cn; the same postings scored as arrays take a few
milliseconds, and every match is counted exactly for totals and facets. Every query takes this one path: plain
words, filters and the article lookup, and also phrases, NOT and field syntax, whose match sets Whoosh works
out (positions, ranges) while their score is the BM25F of their words. The knobs are in ranking.py.
"""

from __future__ import annotations

import time

import numpy as np
from whoosh.query import And, AndMaybe, AndNot, Every, Not, NullQuery, Or, Phrase, Query, Require, Term

from .postings import read_postings
from .ranking import FIELD_WEIGHT, K1, B
from .table import DocTable, Scored


def bm25f(table: DocTable, searcher, text: str, fields: tuple[str, ...]) -> Scored:
    """One word over several fields, scored as one BM25F term: boosted, length-normalised frequencies are added
    across fields before saturation, with a single idf from the units holding the word anywhere.

    Summing a separate BM25 per field (what Whoosh does) gives a common word a high idf in a field where it is
    rare: 处理 is in 4,000 article bodies but few headings, so it outscored the one rare word that mattered. One
    idf per word keeps rare words decisive.
    """

    def compute() -> Scored:
        acc = np.zeros(table.size, dtype=np.float32)
        reader = searcher.reader()
        found: list[np.ndarray] = []
        for name in fields:
            ids, weights = read_postings(reader, name, text)
            if len(ids):
                avgfl = table.average_length(name, lambda name=name: searcher.avg_field_length(name))
                acc[ids] += FIELD_WEIGHT.get(name, 1.0) * weights / ((1 - B) + B * table.lengths[name][ids] / avgfl)
                found.append(ids)
        ids = _union(found, table.size)
        ids = ids[acc[ids] > 0]
        if not len(ids):
            return ids, np.zeros(0, dtype=np.float32)
        idf = np.log1p((table.size - len(ids) + 0.5) / (len(ids) + 0.5))
        tf = acc[ids]
        return ids, (idf * tf * (K1 + 1) / (K1 + tf)).astype(np.float32)

    return table.remember(("bm25f", text, *fields), compute)


def _union(found: list[np.ndarray], size: int) -> np.ndarray:
    """The sorted units found in any field. Each field's postings are sorted and distinct; merging them costs
    less than scanning every unit for a non-zero score, unless they cover a good part of the index."""
    if not found:
        return np.zeros(0, dtype=np.int64)
    if len(found) == 1:
        return found[0]
    total = sum(len(ids) for ids in found)
    if total * 16 > size:
        mask = np.zeros(size, dtype=bool)
        for ids in found:
            mask[ids] = True
        return np.flatnonzero(mask)
    return np.unique(np.concatenate(found))


class Evaluation:
    """Scores (rank applied) and matches of a query over every unit, and whether the time bound cut it short."""

    def __init__(self, scores: np.ndarray, matched: np.ndarray, timed_out: bool = False) -> None:
        self.scores = scores
        self.matched = matched
        self.timed_out = timed_out


class Evaluator:
    """Walks a Whoosh query tree and scores it with arrays, within a deadline."""

    def __init__(self, table: DocTable, searcher, text_fields: list[str], deadline: float) -> None:
        self.table = table
        self.searcher = searcher
        self.text_fields = set(text_fields)
        self.deadline = deadline
        self.timed_out = False

    def run(self, q: Query) -> Evaluation:
        scores, matched = self._eval(q)
        matched &= self.table.live
        return Evaluation(scores * self.table.rank, matched, self.timed_out)

    def _empty(self) -> tuple[np.ndarray, np.ndarray]:
        return np.zeros(self.table.size, dtype=np.float32), np.zeros(self.table.size, dtype=bool)

    def _late(self) -> bool:
        if time.perf_counter() > self.deadline:
            self.timed_out = True
        return self.timed_out

    def _words(self, words: tuple[str, ...], fields: tuple[str, ...], boost: float, within: np.ndarray | None) -> np.ndarray:
        """The BM25F sum of `words` over `fields`, times `boost`, kept only where `within` (all units when None)."""
        scores = np.zeros(self.table.size, dtype=np.float32)
        for word in words:
            if self._late():
                break
            ids, s = bm25f(self.table, self.searcher, word, fields)
            scores[ids] += s * boost
        return scores if within is None else np.where(within, scores, 0).astype(np.float32)

    def _eval(self, q: Query) -> tuple[np.ndarray, np.ndarray]:
        if q is NullQuery or isinstance(q, type(NullQuery)):
            return self._empty()
        if isinstance(q, Or):
            return self._or(q)
        if isinstance(q, Term) and q.fieldname in self.text_fields:
            return self._or(Or([q]))
        if isinstance(q, Phrase):
            return self._phrases([q])
        if isinstance(q, And):
            parts = [self._eval(sub) for sub in q.subqueries]
            if not parts:
                return self._empty()
            scores = sum(s for s, _ in parts)
            matched = np.logical_and.reduce([m for _, m in parts])
            return np.where(matched, scores, 0).astype(np.float32) * q.boost, matched
        if isinstance(q, Require):
            scores, matched = self._eval(q.a)
            matched = matched & self.docs(q.b)
            return np.where(matched, scores, 0).astype(np.float32) * q.boost, matched
        if isinstance(q, AndNot):
            scores, matched = self._eval(q.a)
            matched = matched & ~self._eval(q.b)[1]
            return np.where(matched, scores, 0).astype(np.float32) * q.boost, matched
        if isinstance(q, AndMaybe):
            scores, matched = self._eval(q.a)
            maybe, _ = self._eval(q.b)
            return np.where(matched, scores + maybe, 0).astype(np.float32) * q.boost, matched
        if isinstance(q, Not):
            _scores, excluded = self._eval(q.query)
            return np.zeros(self.table.size, dtype=np.float32), ~excluded
        if isinstance(q, Every):
            return np.ones(self.table.size, dtype=np.float32), np.ones(self.table.size, dtype=bool)
        # a keyword field (item_id:x), a range: Whoosh says which units match; their text words, if any, score them
        matched = self.docs(q)
        words = tuple(dict.fromkeys(str(t) for f, t in q.iter_all_terms() if f in self.text_fields))
        fields = tuple(sorted({f for f, _t in q.iter_all_terms() if f in self.text_fields}))
        scores = self._words(words, fields, q.boost, matched) if words else np.where(matched, q.boost, 0).astype(np.float32)
        return scores, matched

    def _or(self, q: Or) -> tuple[np.ndarray, np.ndarray]:
        """A disjunction: one word (or one phrase) looked for in several fields is one BM25F term, not a sum."""
        scores, matched = self._empty()
        terms: dict[tuple[str, float], list[str]] = {}
        phrases: list[Phrase] = []
        rest: list[Query] = []
        for sub in q.subqueries:
            if isinstance(sub, Term) and sub.fieldname in self.text_fields:
                terms.setdefault((sub.text, sub.boost), []).append(sub.fieldname)
            elif isinstance(sub, Phrase) and sub.fieldname in self.text_fields:
                phrases.append(sub)
            else:
                rest.append(sub)
        for (text, boost), fields in terms.items():
            if self._late():
                break
            ids, s = bm25f(self.table, self.searcher, text, tuple(sorted(set(fields))))
            scores[ids] += s * boost
            matched[ids] = True
        if phrases:
            s, m = self._phrases(phrases)
            scores += s
            matched |= m
        for sub in rest:
            s, m = self._eval(sub)
            scores += s
            matched |= m
        return scores * q.boost, matched

    def _phrases(self, phrases: list[Phrase]) -> tuple[np.ndarray, np.ndarray]:
        """Phrases grouped by their words: matched where Whoosh finds the words in order in any of the fields,
        scored as those words' BM25F over the fields."""
        groups: dict[tuple[tuple[str, ...], float], list[Phrase]] = {}
        for p in phrases:
            groups.setdefault((tuple(str(w) for w in p.words), p.boost), []).append(p)
        scores, matched = self._empty()
        for (words, boost), group in groups.items():
            found = np.logical_or.reduce([self.docs(p) for p in group])
            scores += self._words(words, tuple(sorted({p.fieldname for p in group})), boost, found)
            matched |= found
        return scores, matched

    def docs(self, q: Query) -> np.ndarray:
        """The units a non-scoring part (a filter, an article range, a phrase) matches, as a mask."""
        if isinstance(q, Term):
            mask = self.table.mask(q.fieldname, q.text)
            if mask is not None:
                return mask
        if isinstance(q, And):
            return np.logical_and.reduce([self.docs(sub) for sub in q.subqueries])
        if isinstance(q, Or):
            return np.logical_or.reduce([self.docs(sub) for sub in q.subqueries])
        mask = np.zeros(self.table.size, dtype=bool)
        if self.table.size:
            mask[np.fromiter(q.docs(self.searcher), dtype=np.int64)] = True
        return mask


def top(scores: np.ndarray, candidates: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k best (docnum, score) pairs of the matching `candidates`, best first; ties by document order.

    Every candidate tied with the k-th score is kept before sorting, so the order does not depend on how the
    partition happened to split a tie, and pages (k = offset + limit) never overlap or skip a document.
    """
    if len(candidates) > k:
        values = scores[candidates]
        kth = np.partition(-values, k - 1)[k - 1]
        candidates = candidates[-values <= kth]
    order = np.lexsort((candidates, -scores[candidates]))[:k]
    return [(int(candidates[i]), float(scores[candidates[i]])) for i in order]
