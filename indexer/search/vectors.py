"""Scoring with arrays: Whoosh's postings, read a block at a time, scored with BM25F in numpy.

Whoosh's matcher tree spends about a microsecond of Python per posting per tree node, so a
question touching 20,000 postings across five fields took 50-300 ms on laws-cn. The same BM25F
(`whoosh.scoring.bm25`, same idf, same average lengths, same length bytes) computed over whole
posting blocks takes a few milliseconds, and counts every match exactly for totals and facets.

Only plain query trees go this way (terms joined by OR/AND, filters, the article lookup); phrases,
NOT and anything else return `None` from `evaluate` and are left to Whoosh's own matchers, so the
query language never depends on this module.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.query import And, Every, NullQuery, NumericRange, Or, Query, Require, Term
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

POSTINGS_CACHE = 4096
FIELD_WEIGHT = {"title": 2.0, "aliases": 2.0, "context": float(os.environ.get("RULEBOOK_CONTEXT_WEIGHT", "2.5"))}
"""On top of the index's field boosts. Frequencies saturate after they are added up, so a word said three times in a
body would otherwise weigh as much as the same word in the title: "one-time notification" found the sections that
mention the system before the system itself."""
SOURCE_PRIOR = {
    "行政法规": float(os.environ.get("RULEBOOK_PRIOR_REGULATION", "0.75")),
    "部门规章": float(os.environ.get("RULEBOOK_PRIOR_RULES", "0.5")),
    "司法解释": float(os.environ.get("RULEBOOK_PRIOR_INTERPRETATION", "0.5")),
    "案例": float(os.environ.get("RULEBOOK_PRIOR_CASE", "0.4")),
    "其他": float(os.environ.get("RULEBOOK_PRIOR_OTHER", "0.5")),
}
"""Where a text stands among the sources of law, by its library category: a law (法, by the National People's
Congress and its Standing Committee) first, then administrative regulations (条例 of the State Council), then
departmental rules, judicial interpretations and cases, which apply a law rather than state it. A cadre's
question is first answered by the law; the texts below it still come up when their words fit much better.
Categories not listed (the laws' own: 行政法, 民法商法 ...; the organ's items) rank as they are.
Dev half: Chinese recall@5 0.57 -> 0.64, MRR@10 0.44 -> 0.50."""
FACET_COLUMNS = ("type", "status", "department")
"""Columns counted for facets (the category only ranks)."""
WHOLE_LAW = float(os.environ.get("RULEBOOK_WHOLE_LAW", "0.5"))
"""A law as a whole ranks at this share of its score (dev half: recall@5 0.54 -> 0.55 on Chinese)."""
AVG_OVER = os.environ.get("RULEBOOK_AVG_OVER", "present")
B = 0.3
K1 = 1.8
"""Tuned on tests/relevance (87 questions): B 0.3-0.5 with K1 1.5-2.4 all score recall@5 0.70-0.71; Whoosh's
0.75/1.2 scored 0.67. Units are short and of similar length, so length normalisation matters less."""
Scored = tuple[np.ndarray, np.ndarray]
"""Document numbers and their scores for one query term."""
_BYTE_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


def _column(reader, fieldname: str) -> list[object]:
    """A column's values for every document of a (multi-segment) reader, in docnum order."""
    out: list[object] = []
    for leaf, _offset in reader.leaf_readers():
        n = leaf.doc_count_all()
        if fieldname in leaf.schema and leaf.has_column(fieldname):
            values = list(leaf.column_reader(fieldname))
            # whoosh leaves a segment's column short when its last documents lack the field
            values.extend([None] * (n - len(values)))
            out.extend(values[:n])
        else:
            out.extend([None] * n)
    return out


@dataclass
class Codes:
    """A single-valued column (type, status, department) as small integers, for counting with bincount."""

    codes: np.ndarray
    labels: list[str]

    @classmethod
    def of(cls, values: list[object]) -> Codes:
        labels: list[str] = []
        index: dict[str, int] = {}
        codes = np.full(len(values), -1, dtype=np.int32)
        for i, v in enumerate(values):
            text = v.decode() if isinstance(v, bytes) else (v or "")
            if text:
                codes[i] = index.setdefault(text, len(index))
                if codes[i] == len(labels):
                    labels.append(text)
        return cls(codes, labels)

    def counts(self, ids: np.ndarray) -> dict[str, int]:
        picked = self.codes[ids]
        n = np.bincount(picked[picked >= 0], minlength=len(self.labels))
        return {self.labels[i]: int(c) for i, c in enumerate(n) if c}

    def mask(self, value: str) -> np.ndarray:
        try:
            return self.codes == self.labels.index(value)
        except ValueError:
            return np.zeros(len(self.codes), dtype=bool)


@dataclass
class DocTable:
    """Per-document arrays of one open index: what scoring, ranking, filters and facets read."""

    size: int
    live: np.ndarray
    lengths: dict[str, np.ndarray]
    rank: np.ndarray
    columns: dict[str, Codes]
    posts: dict[str, np.ndarray]
    post_docs: dict[str, np.ndarray]
    _postings: OrderedDict[tuple[str, ...], Scored] = field(default_factory=OrderedDict)
    _averages: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(
        cls, reader, text_fields: list[str], code_fields: list[str], prior: dict[str, float], saved: Path | None = None
    ) -> DocTable:
        """The arrays of an open index: from `saved` (written by `save` at build time) when it belongs to this very
        index, else read from the index itself (0.6 s on laws-cn: a column read document by document)."""
        size = reader.doc_count_all()
        if size == 0:  # a rulebook with nothing indexed yet: Whoosh opens it as an EmptyReader without columns
            empty = np.zeros(0, dtype=np.float32)
            codes = {name: Codes(np.zeros(0, dtype=np.int32), []) for name in code_fields}
            return cls(0, np.zeros(0, dtype=bool), {n: empty for n in text_fields}, empty, codes, {}, {})
        raw = _load_raw(saved, reader, text_fields, code_fields) if saved is not None else None
        if raw is None:
            raw = _read_raw(reader, text_fields, code_fields)
        if reader.has_deletions():
            live = np.zeros(size, dtype=bool)
            live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        else:
            live = np.ones(size, dtype=bool)
        lengths = {name: _BYTE_LENGTH[raw[f"len:{name}"]] for name in text_fields}
        columns = {name: Codes(raw[f"codes:{name}"], [str(x) for x in raw[f"labels:{name}"]]) for name in code_fields}
        kind = columns["type"]
        rank = raw["rank"] * np.array([prior.get(label, 1.0) for label in kind.labels] + [1.0], dtype=np.float32)[kind.codes]
        if "category" in columns:
            category = columns["category"]
            factors = [SOURCE_PRIOR.get(label, 1.0) for label in category.labels] + [1.0]
            rank = rank * np.array(factors, dtype=np.float32)[category.codes]
        if "law" in kind.labels:
            # a law as a whole (its unit with the title) is rarely what a question asks for: one of its articles is
            whole = (kind.codes == kind.labels.index("law")) & (raw["len:title"] > 0)
            rank = np.where(whole, rank * WHOLE_LAW, rank)
        post_masks = {}
        post_docs = {}
        offsets = raw["post_offsets"]
        for i, post in enumerate(str(x) for x in raw["post_names"]):
            docs = raw["post_docs"][offsets[i] : offsets[i + 1]]
            m = np.zeros(size, dtype=bool)
            m[docs] = True
            post_masks[post] = m
            post_docs[post] = docs
        return cls(size, live, lengths, rank.astype(np.float32), columns, post_masks, post_docs)

    @staticmethod
    def save(reader, path: Path, text_fields: list[str], code_fields: list[str]) -> None:
        """Write the arrays beside the index at build time, so that opening it reads them in milliseconds."""
        raw = _read_raw(reader, text_fields, code_fields)
        raw["identity"] = np.array(identity(reader))
        with path.open("wb") as fh:
            np.savez(fh, **raw)

    def _remember(self, key: tuple[str, ...], compute: Callable[[], Scored]) -> Scored:
        """Scored postings are cached (an LRU shared by all threads), as the same words recur across queries."""
        with self._lock:
            hit = self._postings.get(key)
            if hit is not None:
                self._postings.move_to_end(key)
                return hit
        result = compute()
        with self._lock:
            self._postings[key] = result
            if len(self._postings) > POSTINGS_CACHE:
                self._postings.popitem(last=False)
        return result

    def postings(self, searcher, fieldname: str, text: str) -> Scored:
        """One term in one field, scored exactly as Whoosh's BM25F scorer does (the `fields` scoring)."""

        def compute() -> Scored:
            ids, weights = _read_postings(searcher.reader(), fieldname, text)
            if not len(ids):
                return ids, weights
            w = searcher.weighting
            b = w._field_B.get(fieldname, w.B)
            idf = searcher.idf(fieldname, text)
            avgfl = searcher.avg_field_length(fieldname) or 1
            fl = self.lengths[fieldname][ids]
            scores = idf * ((weights * (w.K1 + 1)) / (weights + w.K1 * ((1 - b) + b * fl / avgfl)))
            return ids, scores.astype(np.float32)

        return self._remember(("fields", fieldname, text), compute)

    def bm25f(self, searcher, text: str, fields: tuple[str, ...]) -> Scored:
        """One term over several fields, scored as one BM25F term: boosted, length-normalised frequencies are
        added across fields before saturation, with a single idf from the units holding the word anywhere.

        Summing a separate BM25 per field (what Whoosh does) gives a common word a high idf in a field where it
        is rare: 处理 is in 4,000 article bodies but few headings, so it outscored the one rare word that
        mattered. One idf per word keeps rare words decisive.
        """

        def compute() -> Scored:
            acc = np.zeros(self.size, dtype=np.float32)
            reader = searcher.reader()
            for name in fields:
                ids, weights = _read_postings(reader, name, text)
                if len(ids):
                    avgfl = self.average_length(searcher, name)
                    acc[ids] += FIELD_WEIGHT.get(name, 1.0) * weights / ((1 - B) + B * self.lengths[name][ids] / avgfl)
            ids = np.flatnonzero(acc)
            if not len(ids):
                return ids, np.zeros(0, dtype=np.float32)
            idf = np.log1p((self.size - len(ids) + 0.5) / (len(ids) + 0.5))
            tf = acc[ids]
            return ids, (idf * tf * (K1 + 1) / (K1 + tf)).astype(np.float32)

        return self._remember(("bm25f", text, *fields), compute)

    def average_length(self, searcher, name: str) -> float:
        """Average length of a field, over the units that have it (AVG_OVER env: "all" for Whoosh's, over every unit).

        Whoosh averages over all units: a field most units lack (a law article has no heading of its own)
        looks short on average, and every unit that has it looks long."""
        if AVG_OVER == "all":
            return searcher.avg_field_length(name) or 1
        average = self._averages.get(name)
        if average is None:
            lengths = self.lengths[name]
            present = lengths[lengths > 0]
            average = self._averages[name] = float(present.mean()) if len(present) else 1.0
        return average

    def counts(self, ids: np.ndarray, matched: np.ndarray) -> dict[str, dict[str, int]]:
        """Facet counts over the matches: work in proportion to the matches (`ids`), not to the index."""
        out = {name: codes.counts(ids) for name, codes in self.columns.items() if name in FACET_COLUMNS}
        out["post"] = {p: int(np.count_nonzero(matched[docs])) for p, docs in self.post_docs.items()}
        return {name: {k: v for k, v in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:50] if v} for name, c in out.items()}


def identity(reader) -> str:
    """Which index the arrays belong to: its segments and their sizes (any commit changes it)."""
    return ";".join(
        f"{leaf.segment().segment_id() if hasattr(leaf, 'segment') else ''}:{leaf.doc_count_all()}"
        for leaf, _ in reader.leaf_readers()
    )


def _read_raw(reader, text_fields: list[str], code_fields: list[str]) -> dict[str, np.ndarray]:
    size = reader.doc_count_all()
    raw: dict[str, np.ndarray] = {}
    for name in text_fields:
        lengths = np.zeros(size, dtype=np.uint8)
        for leaf, offset in reader.leaf_readers():
            column = (
                leaf._perdoc.column_reader(_lenfield(name), LENGTHS_COLUMN) if leaf._perdoc.has_column(_lenfield(name)) else None
            )
            if column is not None:
                values = np.fromiter(column, dtype=np.uint8)
                lengths[offset : offset + len(values)] = values[: size - offset]
        raw[f"len:{name}"] = lengths
    raw["rank"] = np.array(
        [float(v.decode() if isinstance(v, bytes) else v) if v else 1.0 for v in _column(reader, "rank")], dtype=np.float32
    )
    for name in code_fields:
        codes = Codes.of(_column(reader, name))
        raw[f"codes:{name}"] = codes.codes
        raw[f"labels:{name}"] = np.array(codes.labels, dtype=str)
    posts: dict[str, list[int]] = {}
    for docnum, value in enumerate(_column(reader, "posts")):
        text = value.decode() if isinstance(value, bytes) else (value or "")
        for post in filter(None, text.split(",")):
            posts.setdefault(post, []).append(docnum)
    names = sorted(posts)
    raw["post_names"] = np.array(names, dtype=str)
    raw["post_docs"] = np.array([d for p in names for d in posts[p]], dtype=np.int64)
    raw["post_offsets"] = np.cumsum([0] + [len(posts[p]) for p in names]).astype(np.int64)
    return raw


def _load_raw(path: Path, reader, text_fields: list[str], code_fields: list[str]) -> dict[str, np.ndarray] | None:
    """The saved arrays, or None when they are missing, unreadable or belong to another state of the index."""
    try:
        with np.load(path, allow_pickle=False) as data:
            raw = {key: data[key] for key in data.files}
    except (OSError, ValueError, EOFError):
        return None
    needed = [f"len:{n}" for n in text_fields] + [f"codes:{n}" for n in code_fields] + [f"labels:{n}" for n in code_fields]
    if str(raw.get("identity", "")) != identity(reader) or any(k not in raw for k in needed):
        return None
    return raw


def _read_postings(reader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        btext = leaf._text_to_bytes(fieldname, text)
        if (fieldname, btext) not in leaf:
            continue
        try:
            # the raw matcher, without the deletion filter: deleted documents are masked out with `live` later
            m = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
        except TermNotFound:
            continue
        if isinstance(m, W3LeafMatcher):
            while m.is_active():
                m._read_ids()
                m._read_weights()
                ids.append(np.asarray(m._ids, dtype=np.int64) + offset)
                weights.append(np.asarray(m._weights, dtype=np.float32))
                m._next_block()
        else:  # another codec: the portable, slower way
            block_ids, block_weights = [], []
            while m.is_active():
                block_ids.append(m.id() + offset)
                block_weights.append(m.weight())
                m.next()
            ids.append(np.asarray(block_ids, dtype=np.int64))
            weights.append(np.asarray(block_weights, dtype=np.float32))
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


class UnsupportedQueryError(Exception):
    """A query node this module does not score; the caller hands the whole query to Whoosh."""


@dataclass
class Evaluation:
    """Scores and matches of a query over every document, plus whether the time bound cut it short."""

    scores: np.ndarray
    matched: np.ndarray
    timed_out: bool = False


class Evaluator:
    """Walks a Whoosh query tree and scores it with arrays, within a deadline."""

    def __init__(self, table: DocTable, searcher, text_fields: list[str], deadline: float, combined: bool = True) -> None:
        """`combined`: one BM25F score per word across fields; False sums a BM25 per field, exactly as Whoosh does."""
        self.combined = combined
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

    def _eval(self, q: Query) -> tuple[np.ndarray, np.ndarray]:
        if q is NullQuery or isinstance(q, type(NullQuery)):
            return self._empty()
        if isinstance(q, Term):
            return self._term(q)
        if isinstance(q, Or):
            scores, matched = self._empty()
            rest = q.subqueries
            if self.combined:
                groups: dict[tuple[str, float], list[str]] = {}
                rest = []
                for sub in q.subqueries:
                    if isinstance(sub, Term) and sub.fieldname in self.text_fields:
                        groups.setdefault((sub.text, sub.boost), []).append(sub.fieldname)
                    else:
                        rest.append(sub)
                for (text, boost), fields in groups.items():
                    if time.perf_counter() > self.deadline:
                        self.timed_out = True
                        break
                    ids, s = self.table.bm25f(self.searcher, text, tuple(sorted(set(fields))))
                    scores[ids] += s * boost
                    matched[ids] = True
            for sub in rest:
                s, m = self._eval(sub)
                scores += s
                matched |= m
            return scores * q.boost, matched
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
        if isinstance(q, Every):
            return np.ones(self.table.size, dtype=np.float32), np.ones(self.table.size, dtype=bool)
        raise UnsupportedQueryError(type(q).__name__)

    def _term(self, q: Term) -> tuple[np.ndarray, np.ndarray]:
        if q.fieldname not in self.text_fields:
            raise UnsupportedQueryError(f"scored term in {q.fieldname}")  # Whoosh scores keyword fields its own way
        scores, matched = self._empty()
        if time.perf_counter() > self.deadline:
            self.timed_out = True
            return scores, matched
        ids, s = self.table.postings(self.searcher, q.fieldname, q.text)
        scores[ids] = s * q.boost
        matched[ids] = True
        return scores, matched

    def docs(self, q: Query) -> np.ndarray:
        """The documents a non-scoring part (a filter, an article range) matches, as a mask."""
        if isinstance(q, Term):
            if q.fieldname == "posts":
                mask = self.table.posts.get(q.text)
                return mask if mask is not None else np.zeros(self.table.size, dtype=bool)
            if q.fieldname in self.table.columns:
                return self.table.columns[q.fieldname].mask(q.text)
        if isinstance(q, And):
            return np.logical_and.reduce([self.docs(sub) for sub in q.subqueries])
        if isinstance(q, Or):
            return np.logical_or.reduce([self.docs(sub) for sub in q.subqueries])
        if isinstance(q, (Term, NumericRange, Require)):
            mask = np.zeros(self.table.size, dtype=bool)
            ids = np.fromiter(q.docs(self.searcher), dtype=np.int64)
            mask[ids] = True
            return mask
        raise UnsupportedQueryError(type(q).__name__)


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
