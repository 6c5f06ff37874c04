"""Reference answers for the search tests, computed the slow, obvious way: not part of the package.

`whoosh_matches` runs the very query the Searcher scores through Whoosh's own matcher tree (the "oracle" that the
array scoring once had as a mode) and counts facets from stored fields; `reference_bm25f` scores a plain query
with BM25F written out document by document from Whoosh's postings.
"""

from __future__ import annotations

import math
from collections import Counter

from indexer.search.hits import SearchResult
from indexer.search.layout import TEXT_FIELDS
from indexer.search.query import Searcher
from indexer.search.ranking import FIELD_WEIGHT, K1, B

FILTERS = ("type", "post", "department", "status")


def whoosh_matches(searcher: Searcher, query: str, **filters: str) -> tuple[set[int], dict[str, dict[str, int]]]:
    """The units Whoosh's matchers find for the Searcher's query, and their facet counts read from stored fields."""
    s = searcher.ix.searcher()
    plan = searcher.plan(query, s, {k: filters.get(k) for k in FILTERS}, SearchResult(query))
    assert plan is not None
    docs = set(s.docs_for_query(plan.query))
    counts: dict[str, Counter[str]] = {name: Counter() for name in FILTERS}
    for d in docs:
        stored = s.stored_fields(d)
        for name in ("type", "status", "department"):
            if stored.get(name):
                counts[name][stored[name]] += 1
        counts["post"].update(p for p in (stored.get("posts") or "").split(",") if p)
    return docs, {name: dict(c) for name, c in counts.items()}


def reference_bm25f(searcher: Searcher, query: str) -> dict[int, float]:
    """Score per unit of a plain query (a searcher without synonyms, thesaurus or prior), rank applied, by hand."""
    s = searcher.ix.searcher()
    reader = s.reader()
    plan = searcher.plan(query, s, {}, SearchResult(query))
    assert plan is not None
    n = reader.doc_count_all()
    lengths = {f: [reader.doc_field_length(d, f, 0) for d in range(n)] for f in TEXT_FIELDS}
    average = {f: (sum(x for x in ls if x) / max(1, sum(1 for x in ls if x))) or 1.0 for f, ls in lengths.items()}
    words: dict[str, set[str]] = {}
    for f, t in plan.query.iter_all_terms():
        words.setdefault(t, set()).add(f)
    rank = searcher.table(s).rank
    scores: dict[int, float] = {}
    for text, fields in words.items():
        tf: dict[int, float] = {}
        for f in fields:
            if (f, text) not in reader:
                continue
            for d, weight in reader.postings(f, text).items_as("weight"):
                norm = (1 - B) + B * lengths[f][d] / average[f]
                tf[d] = tf.get(d, 0.0) + FIELD_WEIGHT.get(f, 1.0) * weight / norm
        idf = math.log1p((n - len(tf) + 0.5) / (len(tf) + 0.5))
        for d, x in tf.items():
            scores[d] = scores.get(d, 0.0) + idf * x * (K1 + 1) / (K1 + x)
    return {d: v * float(rank[d]) for d, v in scores.items()}
