"""Reading a word's postings straight from Whoosh's segments (indexer/search/postings.py).

Each test compares the arrays with what Whoosh's own matcher walks, on a small index built here: long postings
span several blocks, a word in one unit is stored inline, frequencies vary, segments add up and deletions stay
in (scoring masks them).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage

from indexer.search.postings import _portable, map_term_dictionaries, read_postings


def _walk(reader, field: str, word: str) -> tuple[list[int], list[float]]:
    """What Whoosh's matcher reports for the word, deleted units included, across segments."""
    ids: list[int] = []
    weights: list[float] = []
    for leaf, offset in reader.leaf_readers():
        btext = leaf._text_to_bytes(field, word)
        if (field, btext) not in leaf:
            continue
        m = leaf._terms.matcher(field, btext, leaf.schema[field].format)
        while m.is_active():
            ids.append(m.id() + offset)
            weights.append(m.weight())
            m.next()
    return ids, weights


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """600 units in two segments: `common` in every unit (5 blocks of 128), `often` in every third, repeated
    by unit, `single` in one unit only; then a few units deleted."""
    path = tmp_path_factory.mktemp("postings")
    ix = whoosh_index.create_in(str(path), Schema(key=ID(stored=True, unique=True), body=TEXT, title=TEXT))
    for start, stop in ((0, 400), (400, 600)):
        with ix.writer() as w:
            for i in range(start, stop):
                words = ["common"] + ["often"] * (1 + i % 4) * (i % 3 == 0) + (["single"] if i == 457 else [])
                w.add_document(key=str(i), body=" ".join(words), title="heading" if i % 50 == 0 else "")
    with ix.writer() as w:
        for key in ("3", "130", "590"):
            w.delete_by_term("key", key)
    return path


@pytest.fixture
def reader(index_dir: Path):
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as r:
        assert len(list(r.leaf_readers())) == 2
        yield r


@pytest.mark.parametrize(("field", "word"), [("body", "common"), ("body", "often"), ("body", "single"), ("title", "heading")])
def test_postings_are_the_ones_whoosh_walks(reader, field: str, word: str) -> None:
    ids, weights = read_postings(reader, field, word)
    expected_ids, expected_weights = _walk(reader, field, word)
    assert ids.tolist() == expected_ids
    assert weights.tolist() == pytest.approx(expected_weights)
    assert ids.dtype == np.int64 and weights.dtype == np.float32


def test_a_long_list_spans_blocks_and_segments_in_document_order(reader) -> None:
    ids, weights = read_postings(reader, "body", "common")
    assert len(ids) == 600  # deleted units are still there: scoring masks them out with `live`
    assert (np.diff(ids) > 0).all()
    assert set(weights.tolist()) == {1.0}


def test_frequencies_are_the_times_a_word_occurs(reader) -> None:
    ids, weights = read_postings(reader, "body", "often")
    assert dict(zip(ids[:4].tolist(), weights[:4].tolist(), strict=True)) == {0: 1.0, 3: 4.0, 6: 3.0, 9: 2.0}


def test_a_missing_word_or_field_has_no_postings(reader) -> None:
    for field, word in (("body", "absent"), ("asked", "common")):
        ids, weights = read_postings(reader, field, word)
        assert len(ids) == 0 and len(weights) == 0


def test_the_portable_path_reads_the_same_postings(reader) -> None:
    """Any other codec goes through Whoosh's matcher; for whoosh3 it must agree with the fast path."""
    for leaf, offset in reader.leaf_readers():
        ids, weights = _portable(leaf, "body", b"often")
        fast_ids, fast_weights = read_postings(reader, "body", "often")
        inside = (fast_ids >= offset) & (fast_ids < offset + leaf.doc_count_all())
        live = np.array([not leaf.is_deleted(int(i) - offset) for i in fast_ids[inside]], dtype=bool)
        assert (ids + offset).tolist() == fast_ids[inside][live].tolist()
        assert weights.tolist() == fast_weights[inside][live].tolist()


def test_mapped_term_dictionaries_answer_as_whoosh_does(index_dir: Path) -> None:
    ix = FileStorage(str(index_dir), supports_mmap=False).open_index()  # as the searcher opens it
    with ix.reader() as plain, ix.reader() as mapped:
        map_term_dictionaries(mapped)
        assert all(type(leaf._terms._dbfile).__name__ == "_MappedFile" for leaf, _ in mapped.leaf_readers())
        for field, word in (("body", "common"), ("body", "often"), ("body", "single"), ("body", "absent")):
            assert mapped.doc_frequency(field, word) == plain.doc_frequency(field, word)
            assert [a.tolist() for a in read_postings(mapped, field, word)] == [
                a.tolist() for a in read_postings(plain, field, word)
            ]
        assert list(mapped.lexicon("body")) == list(plain.lexicon("body"))
        assert list(mapped.expand_prefix("body", "of")) == [b"often"]
        map_term_dictionaries(mapped)  # a second call keeps the maps it made


def test_an_index_in_memory_keeps_whooshs_own_reading() -> None:
    ix = RamStorage().create_index(Schema(body=TEXT))
    with ix.writer() as w:
        w.add_document(body="common words")
    with ix.reader() as r:
        map_term_dictionaries(r)
        assert all(type(leaf._terms._dbfile).__name__ != "_MappedFile" for leaf, _ in r.leaf_readers())
        assert read_postings(r, "body", "common")[0].tolist() == [0]
