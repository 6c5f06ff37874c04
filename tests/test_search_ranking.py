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
from indexer.search.ranking import FIELD_WEIGHT, K1, SEMANTIC_WEIGHT, SHORT_SEMANTIC_WEIGHT, B, fuse, semantic_weight


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


def keys(fused: list[tuple[int, float]]) -> list[int]:
    return [key for key, _score in fused]


def test_fusion_rewards_agreement_and_keeps_bm25_order_alone() -> None:
    assert keys(fuse([(1, 3.0), (2, 2.0), (3, 1.0)], [])) == [1, 2, 3]
    # 3 is second in both lists: agreement beats a single first place
    assert keys(fuse([(1, 10.0), (3, 9.0), (2, 1.0)], [(4, 0.9), (3, 0.89), (5, 0.5)]))[0] == 3
    assert set(keys(fuse([(1, 2.0), (2, 1.0)], [(2, 0.9), (9, 0.8)]))) == {1, 2, 9}
    assert keys(fuse([(1, 2.0), (2, 1.0)], [(2, 0.9), (1, 0.8)])) == [1, 2]  # a tie keeps BM25's order


def test_fusion_weighs_how_far_a_unit_stands_ahead_not_only_its_place() -> None:
    # by place alone (reciprocal rank fusion) unit 1 would lose to unit 2, first in the semantic list and second
    # in BM25's; but BM25 finds 1 far ahead of every other unit, while the semantic list is a close race
    bm25 = [(1, 50.0), *[(k, 5.0 - k / 100) for k in range(2, 21)]]
    semantic = [*[(k, 0.9 - k / 1000) for k in range(2, 21)], (1, 0.88)]
    assert keys(fuse(bm25, semantic))[0] == 1
    # and the other way round: a semantic first place far ahead overtakes a close BM25 race
    bm25 = [(k, 5.0 - k / 100) for k in range(1, 21)]
    semantic = [(7, 0.95), *[(k, 0.85 - k / 1000) for k in range(1, 21) if k != 7]]
    assert keys(fuse(bm25, semantic))[0] == 7


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
    # the semantic list puts 2 first, far enough ahead to win at a question's weight, not at a name's
    bm25, semantic = [(1, 4.0), (2, 2.0), (3, 1.0)], [(2, 0.9), (3, 0.85), (1, 0.8)]
    assert keys(fuse(bm25, semantic, weight=semantic_weight("居住权")))[0] == 1
    assert keys(fuse(bm25, semantic, weight=semantic_weight("楼上装修一天到晚电钻响")))[0] == 2
