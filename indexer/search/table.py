"""The per-unit arrays of one open index: field lengths, rank, type/status/department/category codes, posts.

Scoring, filters and facets read these instead of Whoosh's stored fields, which cost a microsecond of Python
per document. They are read once per open index: from `table.npz`, written beside the index at build time
(milliseconds), or from the index itself when that file is missing or stale (0.6 s on laws-cn).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from cachetools import LRUCache
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length

from .ranking import AVG_OVER, query_rank

POSTINGS_CACHE = 4096
"""Scored postings kept per open index: the same words recur across queries."""
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
    """Each unit's rank: the stored one times the type, source and whole-law priors (ranking.query_rank)."""
    columns: dict[str, Codes]
    posts: dict[str, np.ndarray]
    post_docs: dict[str, np.ndarray]
    _scored: LRUCache = field(default_factory=lambda: LRUCache(maxsize=POSTINGS_CACHE))
    _averages: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def of(cls, reader, text_fields: list[str], code_fields: list[str], saved: Path | None = None) -> DocTable:
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
        kind, category = columns["type"], columns.get("category")
        rank = query_rank(
            raw["rank"],
            kind.codes,
            kind.labels,
            category.codes if category is not None else None,
            category.labels if category is not None else [],
            raw["len:title"] > 0,
        )
        post_masks = {}
        post_docs = {}
        offsets = raw["post_offsets"]
        for i, post in enumerate(str(x) for x in raw["post_names"]):
            docs = raw["post_docs"][offsets[i] : offsets[i + 1]]
            m = np.zeros(size, dtype=bool)
            m[docs] = True
            post_masks[post] = m
            post_docs[post] = docs
        return cls(size, live, lengths, rank, columns, post_masks, post_docs)

    @staticmethod
    def save(reader, path: Path, text_fields: list[str], code_fields: list[str]) -> None:
        """Write the arrays beside the index at build time, so that opening it reads them in milliseconds."""
        raw = _read_raw(reader, text_fields, code_fields)
        raw["identity"] = np.array(identity(reader))
        with path.open("wb") as fh:
            np.savez(fh, **raw)

    def remember(self, key: tuple[str, ...], compute: Callable[[], Scored]) -> Scored:
        """A term's scored postings, computed once and kept in an LRU shared by all threads."""
        with self._lock:
            hit = self._scored.get(key)
        if hit is not None:
            return hit
        result = compute()
        with self._lock:
            self._scored[key] = result
        return result

    def average_length(self, name: str, whoosh_average: Callable[[], float]) -> float:
        """Average length of a field over the units that have it, or Whoosh's over every unit (`ranking.AVG_OVER`)."""
        if AVG_OVER == "all":
            return whoosh_average() or 1
        average = self._averages.get(name)
        if average is None:
            lengths = self.lengths[name]
            present = lengths[lengths > 0]
            average = self._averages[name] = float(present.mean()) if len(present) else 1.0
        return average

    def mask(self, fieldname: str, value: str) -> np.ndarray | None:
        """The units whose `fieldname` (posts or a code column) holds `value`; None for other fields."""
        if fieldname == "posts":
            found = self.posts.get(value)
            return found if found is not None else np.zeros(self.size, dtype=bool)
        if fieldname in self.columns:
            return self.columns[fieldname].mask(value)
        return None


def identity(reader) -> str:
    """Which index the arrays belong to: its segments and their sizes (any commit changes it)."""
    segments = ((leaf.segment() if hasattr(leaf, "segment") else None, leaf) for leaf, _ in reader.leaf_readers())
    return ";".join(f"{segment.segment_id() if segment is not None else ''}:{leaf.doc_count_all()}" for segment, leaf in segments)


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
