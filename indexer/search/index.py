"""Writing the Whoosh index: built aside in the release being staged, incrementally when a previous one exists.

A content hash per source file decides what to re-index. The index is
written into the staged release, so readers keep the old one until the
release is swapped in, and a crash mid-build leaves nothing half-written
in sight.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..i18n import _
from ..rulebook import Rulebook
from .analysis import add_words, analyzer, write_query_dictionary
from .asked import fingerprint as asked_fingerprint
from .layout import CODE_FIELDS, LEGACY, MANIFEST, SEGMENTER, TABLE, TEXT_FIELDS, THESAURUS, TITLES, VOCAB, WORDS
from .ranking import INDEX_FIELD_BOOST
from .semantic import VECTORS_FILE, write_vectors
from .table import DocTable, identity
from .thesaurus import write_compiled
from .units import SearchUnit, item_units

SCHEMA_VERSION = 10


def schema() -> Schema:
    text = analyzer()
    boost = INDEX_FIELD_BOOST
    return Schema(
        key=ID(unique=True, stored=True),
        item_id=ID(stored=True),
        type=ID(stored=True, sortable=True),
        status=ID(stored=True, sortable=True),
        department=ID(stored=True, sortable=True),
        category=ID(sortable=True),
        posts=KEYWORD(commas=True, stored=True, lowercase=True, sortable=True),
        tags=KEYWORD(commas=True, lowercase=True),
        display=STORED,
        title=TEXT(analyzer=text, field_boost=boost["title"]),
        aliases=TEXT(analyzer=text, field_boost=boost["aliases"]),
        doc=TEXT(analyzer=text, field_boost=boost["doc"]),
        heading=TEXT(analyzer=text, field_boost=boost["heading"], stored=True),
        context=TEXT(analyzer=text),
        place=STORED,
        body=TEXT(analyzer=text, stored=True),
        asked=TEXT(analyzer=text),
        url=STORED,
        anchor=STORED,
        article=NUMERIC(stored=True),
        origin=STORED,
        effective=ID(stored=True),
        path=ID(stored=True),
        law_key=ID(stored=True),
        version=ID(stored=True),
        rank=ID(stored=True, sortable=True),  # a few distinct values ("1", "0.6"): a column read once per index
        i18n=STORED,  # JSON: title, heading and URL per published language (the reader's own pages)
    )


@dataclass
class IndexStats:
    units: int
    files_indexed: int
    files_removed: int
    incremental: bool
    embedded: int = 0
    """Units that went through the embedding model (0 without the semantic signal or when all were cached)."""


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _words(book: Rulebook) -> list[str]:
    return sorted({alias for item in book.own() for alias in item.aliases})


def source_path(item_path: Path, root: Path) -> str:
    return item_path.resolve().relative_to(root).as_posix()


def units_by_file(book: Rulebook, root: Path, only: set[str] | None = None) -> dict[str, list[SearchUnit]]:
    out: dict[str, list[SearchUnit]] = {}
    views = {lang: book.localized(lang) for lang in book.published}
    for item in book:
        rel = source_path(item.path, root)
        if only is None or rel in only:
            out.setdefault(rel, []).extend(item_units(item, book, rel, views))
    return out


def _translation_files(book: Rulebook) -> dict[Path, list[Path]]:
    """Original's path -> its translation files: a translation edited re-indexes its original's units."""
    out: dict[Path, list[Path]] = {}
    for tr in book.translations:
        out.setdefault(tr.original.resolve(), []).append(tr.path)
    return out


def build_index(
    book: Rulebook,
    root: Path,
    target: Path,
    previous: Path | None = None,
    procs: int = 2,
    progress: Callable[[str], None] | None = None,
    semantic_cache: Path | None = None,
) -> IndexStats:
    """Write the index for `book` into `target` (a new folder). Reuse `previous` when its schema matches.

    With `semantic_cache` (the setting `search.semantic`), also store an embedding of every unit beside the
    index, taking unchanged texts' vectors from that cache."""
    stats = _build_index(book, root, target, previous, procs, progress or (lambda _m: None))
    vectors = target / VECTORS_FILE
    vectors.unlink(missing_ok=True)  # copied from `previous` by an update: never a stale set
    if semantic_cache is not None:
        stats.embedded = _embed(target, semantic_cache, progress or (lambda _m: None))
    return stats


def _embed(target: Path, cache: Path, say: Callable[[str], None]) -> int:
    ix = whoosh_index.open_dir(str(target))
    with ix.reader() as reader:
        last = [0.0]

        def report(done: int, total: int) -> None:
            if time.monotonic() - last[0] > 5 or done == total:
                last[0] = time.monotonic()
                say(_("embedding for semantic search: {done} of {total} new units").format(done=done, total=total))

        return write_vectors(reader, target, cache, identity(reader), report).embedded


def _build_index(book: Rulebook, root: Path, target: Path, previous: Path | None, procs: int, say) -> IndexStats:
    words = _words(book)
    add_words(words)
    hashes = {}
    translated = _translation_files(book)
    for item in book:
        rel = source_path(item.path, root)
        if rel not in hashes:
            hashes[rel] = file_hash(item.path)
            for other in sorted(translated.get(item.path.resolve(), [])):
                hashes[rel] += ":" + file_hash(other)
    manifest = _read_manifest(previous) if previous else None
    # aliases teach the segmenter new words; if they change, every text may segment differently
    same_words = (
        previous is not None
        and (previous / WORDS).is_file()
        and (previous / WORDS).read_text(encoding="utf-8").split("\n") == (words or [""])  # as _finish wrote it
    )
    # the packaged questions (asked.py) are part of every law article's text: other questions, other index
    if manifest and same_words and manifest.get("schema") == SCHEMA_VERSION and manifest.get("asked", "") == asked_fingerprint():
        return _update(book, root, target, previous, manifest["files"], hashes, words, say)  # type: ignore[arg-type]
    return _full(book, root, target, hashes, words, procs, say)


def _read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _vocabulary(book: Rulebook) -> list[str]:
    """English words as people write them, for "did you mean": the index itself only holds stems."""
    counts: Counter[str] = Counter()
    texts = [f"{item.title} {item.summary or ''} {item.body}" for item in book]
    texts += [f"{tr.meta.get('title', '')} {tr.meta.get('summary', '')} {tr.body}" for tr in book.translations]  # English words
    for text in texts:
        for word in re.findall(r"[A-Za-z]{4,}", text):
            counts[word.lower()] += 1
    return sorted(w for w, n in counts.items() if n >= 2)


def _titles(book: Rulebook) -> str:
    """Item id, title and aliases of every item, one a line: what the document prior matches queries against."""

    def clean(text: str) -> str:
        return " ".join(text.replace("\t", " ").split())

    return "\n".join(f"{item.id}\t{clean(item.title)}\t{clean(' '.join(item.aliases))}" for item in book)


def _finish(target: Path, hashes: dict[str, str], words: list[str], book: Rulebook) -> None:
    (target / WORDS).write_text("\n".join(words), encoding="utf-8")
    (target / TITLES).write_text(_titles(book), encoding="utf-8")
    ix = whoosh_index.open_dir(str(target))
    with ix.reader() as reader:
        DocTable.save(reader, target / TABLE, TEXT_FIELDS, CODE_FIELDS)
        index_terms = {
            t.decode() for name in TEXT_FIELDS if name in reader.schema for t in reader.lexicon(name) if not t.isascii()
        }
    write_query_dictionary(target / SEGMENTER, index_terms, words)
    write_compiled(target / THESAURUS)
    (target / VOCAB).write_text("\n".join(_vocabulary(book)), encoding="utf-8")
    (target / MANIFEST).write_text(
        json.dumps({"schema": SCHEMA_VERSION, "asked": asked_fingerprint(), "files": hashes}, ensure_ascii=False),
        encoding="utf-8",
    )


def _full(book: Rulebook, root: Path, target: Path, hashes: dict[str, str], words: list[str], procs: int, say) -> IndexStats:
    target.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(target), schema())
    by_file = units_by_file(book, root)
    total = sum(len(u) for u in by_file.values())
    say(f"indexing {total} units from {len(by_file)} files")
    big = total > 5000
    writer = ix.writer(procs=procs if big else 1, multisegment=big, limitmb=256)
    try:
        for units in by_file.values():
            for unit in units:
                writer.add_document(**unit.fields())
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    _finish(target, hashes, words, book)
    return IndexStats(total, len(by_file), 0, incremental=False)


def _copy_index(previous: Path, target: Path) -> None:
    """Start from the previous index without copying 130 MB: Whoosh never rewrites a segment or TOC file (a commit
    writes new ones), so they are hard-linked; our own files, rewritten in place, are copied."""
    target.mkdir(parents=True)
    for path in previous.iterdir():
        if path.name.endswith("WRITELOCK") or path.name in LEGACY or not path.is_file():
            continue
        if path.name in (MANIFEST, WORDS, VOCAB, TITLES, TABLE, SEGMENTER, THESAURUS):
            shutil.copy2(path, target / path.name)
            continue
        try:
            os.link(path, target / path.name)
        except OSError:  # another file system, or links not allowed
            shutil.copy2(path, target / path.name)


def _update(book, root, target, previous, old: dict[str, str], hashes: dict[str, str], words, say) -> IndexStats:
    _copy_index(previous, target)
    changed = [p for p, h in hashes.items() if old.get(p) != h]
    removed = [p for p in old if p not in hashes]
    if not changed and not removed:
        _finish(target, hashes, words, book)
        return IndexStats(0, 0, 0, incremental=True)
    say(f"re-indexing {len(changed)} changed files, removing {len(removed)}")
    ix = whoosh_index.open_dir(str(target))
    by_file = units_by_file(book, root, only=set(changed))
    writer = ix.writer(limitmb=128)
    count = 0
    try:
        for path in changed + removed:
            writer.delete_by_term("path", path)
        for units in by_file.values():
            for unit in units:
                writer.add_document(**unit.fields())
                count += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    _finish(target, hashes, words, book)
    return IndexStats(count, len(changed), len(removed), incremental=True)
