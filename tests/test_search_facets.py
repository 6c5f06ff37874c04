"""Facets: the matches counted by type, status, department and post, beside the results."""

from __future__ import annotations

import pytest
from search_oracle import whoosh_matches

from indexer.search.query import Searcher

QUERIES = [
    ("time limit", {}),
    ("leave", {"post": "window-clerk"}),
    ("accountability", {"status": "in-force", "department": "general-office"}),
    ('"annual leave"', {}),
    ("leave AND NOT sick", {}),
    ("首问负责制", {}),
]


@pytest.mark.parametrize(("query", "filters"), QUERIES)
def test_facets_count_every_match_by_each_value(sample_searcher: Searcher, query: str, filters: dict[str, str]) -> None:
    """The same counts as reading each match's stored fields, for plain words, phrases, NOT and filters."""
    docs, expected = whoosh_matches(sample_searcher, query, **filters)
    result = sample_searcher.search(query, limit=5, **filters)
    assert result.total == len(docs) > 0
    assert result.facets == {name: counts for name, counts in expected.items()}
    assert sum(result.facets["type"].values()) == result.total


def test_facets_list_the_most_frequent_value_first(sample_searcher: Searcher) -> None:
    counts = list(sample_searcher.search("time limit", limit=1).facets["type"].items())
    assert len(counts) > 1 and counts == sorted(counts, key=lambda kv: (-kv[1], kv[0]))


def test_a_filter_typed_in_the_query_narrows_the_facets(sample_searcher: Searcher) -> None:
    result = sample_searcher.search("type:procedure post:window-clerk", limit=50)
    assert result.hits and all(h.type == "procedure" and "window-clerk" in h.posts for h in result.hits)
    assert result.facets["type"] == {"procedure": result.total}
    assert result.facets["post"]["window-clerk"] == result.total


def test_no_facets_asked_none_counted(sample_searcher: Searcher) -> None:
    assert sample_searcher.search("time limit", facets=False).facets == {}
