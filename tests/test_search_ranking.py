"""Ranking: one BM25F over every query, the priors, ties and pages, the time bound, rank fusion."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from search_oracle import reference_bm25f, whoosh_matches
from whoosh import index as whoosh_index

from indexer.search import ranking
from indexer.search.index import schema
from indexer.search.query import Searcher
from indexer.search.ranking import FIELD_WEIGHT, K1, SEMANTIC_WEIGHT, SHORT_SEMANTIC_WEIGHT, B, fuse, fuse_scored, semantic_weight


def _index(folder: Path, docs: list[dict[str, str]]) -> Searcher:
    ix = whoosh_index.create_in(str(folder), schema())
    with ix.writer() as w:
        for n, doc in enumerate(docs):
            w.add_document(
                **{"key": str(n), "item_id": str(n), "type": "system", "display": "", "url": "/x.html", "rank": "1", **doc}
            )
    return Searcher(folder)


def test_bm25f_adds_fields_before_saturation_with_one_idf(tmp_path: Path) -> None:
    """The scoring, by hand: boosted, length-normalised frequencies summed over fields, one idf per word."""
    s = _index(
        tmp_path,
        [
            {"item_id": "leave", "title": "leave", "body": "leave rules and leave forms"},  # title x1 (boost 3), body x2
            {"item_id": "travel", "title": "travel", "body": "travel leave"},
            {"item_id": "training", "title": "training", "body": "courses"},
        ],
    )
    avg_title = 3 / 3  # every title one word
    avg_body = (4 + 2 + 1) / 3  # "and" is a stop word
    df = 2  # units holding "leave" in any field
    idf = math.log1p((3 - df + 0.5) / (df + 0.5))
    tf = FIELD_WEIGHT["title"] * ranking.INDEX_FIELD_BOOST["title"] / ((1 - B) + B * 1 / avg_title) + 2.0 / (
        (1 - B) + B * 4 / avg_body
    )
    expected = idf * tf * (K1 + 1) / (K1 + tf)
    hits = s.search("leave", facets=False).hits
    assert [h.id for h in hits] == ["leave", "travel"]
    assert hits[0].score == pytest.approx(expected, rel=1e-4)


PLAIN = ["annual leave", "who stands in when the window clerk is away", "首问负责制", "年假 怎么 请", "badge lost", "time limit"]


@pytest.mark.parametrize("query", PLAIN)
def test_array_scores_equal_bm25f_written_out_by_hand(sample_searcher: Searcher, query: str) -> None:
    """Reading postings as arrays loses nothing: every match, and each unit's score, as the formula written out."""
    bare = Searcher(sample_searcher.dir, thesaurus=False, prior=False)
    expected = reference_bm25f(bare, query)
    result = bare.search(query, limit=100, facets=False)
    assert result.total == len(expected) > 0
    top = sorted(expected.values(), reverse=True)[: len(result.hits)]
    assert [h.score for h in result.hits] == pytest.approx([round(v, 4) for v in top], rel=1e-4)


SYNTAX = [
    ('"one-time notification"', {}),
    ("leave AND NOT sick", {}),
    ("heading:受理", {}),
    ('"annual leave" OR badge', {"type": "system"}),
    ("leave ANDMAYBE sick", {}),
    ("leave", {"post": "window-clerk"}),
    ("type:system responsibility", {}),
    ("accountability", {"status": "in-force", "department": "general-office"}),
]


@pytest.mark.parametrize(("query", "filters"), SYNTAX)
def test_phrases_not_and_filters_match_what_whoosh_matches(
    sample_searcher: Searcher, query: str, filters: dict[str, str]
) -> None:
    """Phrases, NOT, field syntax and filters take the one scoring path too, matching exactly what Whoosh's own
    matchers match."""
    docs, _facets = whoosh_matches(sample_searcher, query, **filters)
    result = sample_searcher.search(query, limit=100, **filters)
    assert result.total == len(docs) > 0
    found = {h.url for h in result.hits}
    s = sample_searcher.ix.searcher()
    expected = {s.stored_fields(d)["url"] + (f"#{a}" if (a := s.stored_fields(d).get("anchor")) else "") for d in docs}
    assert found <= expected


def test_a_phrase_ranks_units_holding_it_above_units_holding_its_words_apart(sample_searcher: Searcher) -> None:
    phrase = sample_searcher.search('"one-time notification"', limit=5)
    assert phrase.hits[0].id == "one-time-notification"
    excluded = sample_searcher.search("leave AND NOT sick", limit=20).hits
    assert excluded and all("sick" not in h.snippet.lower() for h in excluded)


def test_status_and_type_priors_order_equal_texts(tmp_path: Path) -> None:
    """Same words, same lengths: in force before draft before repealed; a glossary term after a system."""
    body = "duty rota for the front desk"
    s = _index(
        tmp_path,
        [
            {"item_id": "repealed", "body": body, "rank": str(ranking.unit_rank("repealed"))},
            {"item_id": "term", "body": body, "type": "term"},
            {"item_id": "draft", "body": body, "rank": str(ranking.unit_rank("draft"))},
            {"item_id": "in-force", "body": body, "rank": str(ranking.unit_rank("in-force"))},
            {"item_id": "older", "body": body, "rank": str(ranking.unit_rank("in-force", older_version=True))},
        ],
    )
    assert [h.id for h in s.search("rota", facets=False).hits] == ["in-force", "draft", "term", "older", "repealed"]


def test_pages_of_tied_results_neither_repeat_nor_skip(tmp_path: Path) -> None:
    """600 units with the same score: ten pages of ten are 100 different units, in document order."""
    s = _index(tmp_path, [{"item_id": f"k{n}", "type": "law", "body": "leave"} for n in range(600)])
    for query in ("leave", "type:law"):
        seen = [h.id for offset in range(0, 100, 10) for h in s.search(query, limit=10, offset=offset, facets=False).hits]
        assert seen == [f"k{n}" for n in range(100)], query


def test_time_bound_returns_partial_results(sample_searcher: Searcher) -> None:
    result = sample_searcher.search("the leave time limit post window", time_limit=0.0)
    assert result.timed_out and result.facets_partial and "too long" in result.message
    assert sample_searcher.search("the leave time limit post window").total > result.total


def test_rank_fusion_rewards_agreement_and_keeps_bm25_order_alone() -> None:
    assert fuse([1, 2, 3], []) == [1, 2, 3]
    # 3 is second in both lists: agreement beats a single first place
    assert fuse([1, 3, 2], [4, 3, 5])[0] == 3
    assert set(fuse([1, 2], [2, 9])) == {1, 2, 9}
    assert fuse([1, 2], [2, 1], k=60) == [1, 2]  # a tie keeps BM25's order


def test_each_lists_first_place_outranks_agreement_far_down_both() -> None:
    # RRF_K: the first places of each list are its best evidence; with Cormack's 60 the unit 40th in both lists
    # would come before them
    bm25 = [1, *range(100, 138), 2]
    semantic = [3, *range(200, 238), 2]
    assert bm25.index(2) == semantic.index(2) == 39
    fused = fuse(bm25, semantic)
    assert fused.index(1) < fused.index(2) and fused.index(3) < fused.index(2)


def test_every_ranking_knob_is_in_the_documented_table() -> None:
    table = ranking.__doc__ or ""
    knobs = [name for name, value in vars(ranking).items() if name.isupper() and isinstance(value, (int, float, dict, str))]
    missing = [k for k in knobs if f"`{k}`" not in table]
    assert knobs and not missing, missing


def test_a_short_query_names_something_and_bm25_leads_the_fusion() -> None:
    assert semantic_weight("首违不罚") == semantic_weight("撤三") == SHORT_SEMANTIC_WEIGHT < 1
    assert semantic_weight("居住权？") == SHORT_SEMANTIC_WEIGHT  # punctuation is not counted
    assert semantic_weight("楼上装修一天到晚电钻响") == semantic_weight("annual leave") == SEMANTIC_WEIGHT
    assert semantic_weight('"居住权" NOT 离婚') == SHORT_SEMANTIC_WEIGHT  # operators are not counted
    fused = fuse_scored([1, 2], [2, 1], weight=semantic_weight("居住权"))
    assert [doc for doc, _ in fused] == [1, 2]  # BM25's first place stays first
