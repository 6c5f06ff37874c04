"""A term's postings as arrays: document numbers and term frequencies, read straight from Whoosh's segments.

Scoring (scoring.py) needs every posting of a query word, never Whoosh's matcher protocol, so this module reads
the postings of Whoosh's own codec (whoosh3) in one piece. Walking Whoosh's matcher costs, per block of 128
postings, a seek, a pickle read through several small file reads and a Python loop over the delta-coded ids;
on laws-cn that was half of a query's time. Here a word costs one hash lookup and one read per segment, and its
blocks are decoded in memory (the delta-coded ids with numpy). Any other codec takes Whoosh's portable path.

The block layout decoded here is whoosh3's (`W3PostingsWriter._write_block`): after the extent's 4-byte tag,
blocks of [length: signed big-endian int, negative for the last block][pickled block info][the pickled tuple
(delta-coded ids, weights, values), zlib-compressed when the info says so]. tests/test_search_postings.py checks
it against Whoosh's matcher.
"""

from __future__ import annotations

import io
import mmap
import pickle
import struct
import zlib

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermsReader
from whoosh.filedb.compound import SubFile
from whoosh.filedb.structfile import StructFile
from whoosh.reading import TermNotFound

Postings = tuple[np.ndarray, np.ndarray]
"""Document numbers (int64, across the whole multi-segment reader) and term frequencies (float32)."""

_LENGTH = struct.Struct("!i")
_EMPTY: Postings = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))


def map_term_dictionaries(reader) -> None:
    """Read each segment's term dictionary through a memory map from now on.

    Whoosh's hash table looks a word up with several small `get` calls, each a seek and a read through the
    compound file (about 7 us a lookup, and a query makes about a hundred). Sliced from a map, a lookup takes
    half that. Only the term dictionary is mapped: the pages a process touches count as its memory, and the
    dictionary is 10 MB a segment on laws-cn where the postings are ten times that.
    """
    for leaf, _offset in reader.leaf_readers():
        terms = getattr(leaf, "_terms", None)
        if not isinstance(terms, W3TermsReader) or isinstance(terms._dbfile, _MappedFile):
            continue
        part = getattr(terms._dbfile, "file", None)
        whole = getattr(part, "_file", None)
        if not isinstance(part, SubFile) or not hasattr(whole, "fileno"):
            continue  # not a compound segment read from a file (an in-memory or another storage): left as is
        try:
            mapped = mmap.mmap(whole.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            continue
        terms._dbfile = terms._tindex.dbfile = _MappedFile(mapped, part._offset, part._length, terms._dbfile._name)


class _MappedFile(StructFile):
    """A part of a memory-mapped file: `get` (all the hash table uses once open) slices the map; sequential reads
    still work, through a SubFile over the map."""

    def __init__(self, mapped: mmap.mmap, offset: int, length: int, name: str | None) -> None:
        super().__init__(SubFile(mapped, offset, length), name=name)
        self._map, self._base = mapped, offset

    def get(self, position: int, length: int) -> bytes:
        start = self._base + position
        return self._map[start : start + length]


def read_postings(reader, fieldname: str, text: str) -> Postings:
    """Every posting of `text` in `fieldname`, deleted documents included (scoring masks them with `live`)."""
    if fieldname not in reader.schema:  # an index from before the field existed, served until it is rebuilt
        return _EMPTY
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for leaf, offset in reader.leaf_readers():
        btext = leaf._text_to_bytes(fieldname, text)
        terms = getattr(leaf, "_terms", None)
        if isinstance(terms, W3TermsReader):
            try:
                info = terms.term_info(fieldname, btext)
            except TermNotFound:
                continue
            if info.is_inlined():
                leaf_ids, leaf_weights, _values = info.inlined_postings()
                block = (np.asarray(leaf_ids, dtype=np.int64), np.asarray(leaf_weights, dtype=np.float32))
            else:
                start, length = info.extent()
                if isinstance(length, tuple):  # whoosh's W3TermInfo.from_bytes leaves the length a 1-tuple
                    (length,) = length
                block = _decode(terms._postfile.get(start, length))
        else:
            block = _portable(leaf, fieldname, btext)
        if len(block[0]):
            ids.append(block[0] + offset)
            weights.append(block[1])
    if not ids:
        return _EMPTY
    if len(ids) == 1:
        return ids[0], weights[0]
    return np.concatenate(ids), np.concatenate(weights)


def _decode(extent: bytes) -> Postings:
    """All blocks of one term's extent in a whoosh3 postings file."""
    if extent[:4] != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"not a whoosh3 postings extent: {extent[:4]!r}")
    # each block's ids are delta-coded from 0, so its first "delta" is an absolute id: made relative to the
    # previous block's last id (its info's maxid), one cumulative sum decodes all blocks at once
    deltas: list[int] = []
    weights: list[float] = []
    pos, previous_max, view = 4, 0, memoryview(extent)
    while True:
        (length,) = _LENGTH.unpack_from(extent, pos)
        block = io.BytesIO(view[pos + 4 : pos + 4 + abs(length)])
        size, maxid, _maxweight, compression, _minlength, _maxlength = pickle.load(block)
        data = block.read()
        if compression:
            data = zlib.decompress(data)
        block_deltas, block_weights, _values = pickle.loads(data)
        first = len(deltas)
        deltas.extend(block_deltas)
        deltas[first] -= previous_max
        previous_max = maxid
        if block_weights is None:  # whoosh writes None when every weight is 1, one float when all are equal
            weights.extend([1.0] * size)
        elif isinstance(block_weights, float):
            weights.extend([block_weights] * size)
        else:
            weights.extend(block_weights)
        pos += 4 + abs(length)
        if length < 0:  # whoosh marks the last block with a negative length
            break
    return np.cumsum(np.array(deltas, dtype=np.int64)), np.array(weights, dtype=np.float32)


def _portable(leaf, fieldname: str, btext: bytes) -> Postings:
    """Another codec's postings, through Whoosh's matcher: slower, but any codec has it."""
    try:
        m = leaf.postings(fieldname, btext)
    except TermNotFound:
        return _EMPTY
    block_ids: list[int] = []
    block_weights: list[float] = []
    while m.is_active():
        block_ids.append(m.id())
        block_weights.append(m.weight())
        m.next()
    return np.asarray(block_ids, dtype=np.int64), np.asarray(block_weights, dtype=np.float32)
