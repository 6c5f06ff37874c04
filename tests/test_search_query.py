"""Reading a query: words in either language, synonyms, filters and field syntax, malformed input, article numbers."""

from __future__ import annotations

import copy
import json
import time
from collections import Counter
from pathlib import Path

import pytest
from whoosh.query import Or, Term

from indexer.search.analysis import strip_question_words
from indexer.search.index import build_index
from indexer.search.layout import TEXT_FIELDS
from indexer.search.parsing import MAX_QUERY_CHARS, clean, make_parser, split_filters
from indexer.search.query import Searcher
from indexer.search.ranking import SYNONYM_BOOST, THESAURUS_BOOST
from indexer.search.synonyms import Synonyms


def ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_chinese_alias_finds_the_system(sample_searcher: Searcher) -> None:
    result = sample_searcher.search("首问负责制", limit=5)
    assert result.hits and result.hits[0].id == "first-inquiry"


def test_english_question_finds_the_clause_with_its_anchor(sample_searcher: Searcher) -> None:
    result = sample_searcher.search("who stands in when the window clerk is away", limit=5)
    assert result.hits[0].id == "window-clerk"
    hit = next(h for h in result.hits if h.anchor)
    assert hit.url == f"/posts/window-clerk.html#{hit.anchor}" and hit.heading


def test_synonym_expands_colloquial_words(sample_searcher: Searcher) -> None:
    # 年假 is colloquial; the rules say 年休假 / annual leave
    assert "annual-leave" in ids(sample_searcher.search("年假", limit=5))
    plain = Searcher(sample_searcher.dir, Synonyms())
    with_syn = sample_searcher.search("vacation", limit=20)  # the project's group [vacation, annual leave]
    assert "annual-leave" in ids(with_syn) and "annual-leave" not in ids(plain.search("vacation", limit=20))


def test_filter_options_keep_only_matching_units(sample_searcher: Searcher) -> None:
    result = sample_searcher.search("time limit", type="procedure", limit=50)
    assert result.hits and {h.type for h in result.hits} == {"procedure"}
    assert result.total < sample_searcher.search("time limit").total
    result = sample_searcher.search("time limit", post="window-clerk", limit=50)
    assert result.hits and all("window-clerk" in h.posts for h in result.hits)
    result = sample_searcher.search("leave", department="personnel-division", limit=50)
    assert result.hits and {h.department for h in result.hits} == {"personnel-division"}
    assert sample_searcher.search("leave", status="repealed").hits == []


def test_filters_typed_in_the_query_are_split_off() -> None:
    assert split_filters('type:procedure post:Window-Clerk dept:office leave "x"') == (
        'leave "x"',
        [("type", "procedure"), ("posts", "window-clerk"), ("department", "office")],
    )
    assert split_filters("title:leave") == ("title:leave", [])  # a text field stays query syntax


def test_a_system_naming_a_post_only_by_a_link_in_its_text_is_found_by_that_posts_filter(tmp_path: Path) -> None:
    """The post page lists systems that link the post in their body (obligations.posts_named_by); the search
    `post:` filter finds the same systems."""
    from indexer.load import load_rulebook
    from indexer.obligations import obligations_for

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "office.md").write_text("---\nid: office\ntype: department\ntitle: Office\n---\nOffice.\n", encoding="utf-8")
    (rules / "clerk.md").write_text(
        "---\nid: clerk\ntype: post\ntitle: Clerk\ndepartment: office\n---\nClerk.\n", encoding="utf-8"
    )
    (rules / "sys.md").write_text(
        "---\nid: sys\ntype: system\ntitle: Duty rota\n---\nThe [[clerk]] keeps the rota; see [[office]].\n", encoding="utf-8"
    )
    book, report = load_rulebook(rules, display_base=tmp_path)
    assert not report.errors
    assert [s.system.id for s in obligations_for(book, book.get("clerk")).systems] == ["sys"]
    build_index(book, tmp_path, tmp_path / "index")
    s = Searcher(tmp_path / "index")
    assert "sys" in ids(s.search("rota post:clerk")) and "sys" in ids(s.search("rota", post="clerk"))
    assert s.search("rota post:clerk").facets["post"] == {"clerk": s.search("rota post:clerk").total}
    assert "sys" not in ids(s.search("rota post:office"))  # the department link is not a post


def test_phrase_query(sample_searcher: Searcher) -> None:
    assert sample_searcher.search('"one-time notification"', limit=5).hits[0].id == "one-time-notification"


def test_did_you_mean(sample_searcher: Searcher) -> None:
    assert sample_searcher.search("complant handlng").did_you_mean == "complaint handling"
    assert sample_searcher.search("complaint handling").did_you_mean is None


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced quote',
        "(unbalanced (paren",
        "closing) paren)",
        "AND",
        "OR leave",
        "leave NOT",
        "NOT",
        "*",
        "?",
        "***",
        "title:",
        ":",
        "((((((((((leave",
        "leave^^^2",
        "type:",
        "post:nobody leave",
        "第X条",
        "\u3000",
        "",
        "   ",
        "key:x",
        "article:[1 TO 3]",
    ],
)
def test_malformed_queries_answer_or_explain(sample_searcher: Searcher, query: str) -> None:
    started = time.perf_counter()
    result = sample_searcher.search(query)
    assert result.hits or result.message or result.total == 0
    assert time.perf_counter() - started < 30  # a bound against hangs, not a performance assertion
    json.dumps(result.to_json())


def test_bare_star_gets_a_message(sample_searcher: Searcher) -> None:
    assert "type some words" in sample_searcher.search("*").message


def test_messages_come_in_the_readers_language(sample_searcher: Searcher) -> None:
    from indexer.i18n import use_language

    with use_language("zh-Hans"):  # the server speaks the organ's language; an English page asks in English
        english = sample_searcher.search("*", lang="en").message
        chinese = sample_searcher.search("*", lang="zh-Hans").message
    assert english and chinese and english != chinese
    assert "words" in english and "检索词" in chinese


def test_ten_thousand_characters(sample_searcher: Searcher) -> None:
    result = sample_searcher.search("leave " * 2000)
    assert "cut" in result.message and str(MAX_QUERY_CHARS) in result.message
    assert result.hits


def _leaves(q, boost: float = 1.0) -> Counter:
    """Each term with the product of the boosts above it: what a sum of BM25F scores depends on."""
    out: Counter = Counter()
    if isinstance(q, Term):
        out[(q.fieldname, q.text, round(boost * q.boost, 6))] += 1
    for sub in getattr(q, "subqueries", ()):
        out.update(_leaves(sub, boost * q.boost))
    return out


@pytest.mark.parametrize(
    "query", ["annual leave", "首问负责制 时限", "年假 怎么 请", "badge lost", "行政许可法第42条", "leave leave"]
)
def test_plain_words_build_the_query_whoosh_would_parse(sample_searcher: Searcher, query: str) -> None:
    fast = sample_searcher.parse(query)
    assert isinstance(fast, Or) and all(isinstance(t, Term) for t in fast.subqueries)  # built without the parser
    # the parser, with the analyzer plain queries use (the index's part of jieba's dictionary)
    schema = copy.deepcopy(sample_searcher.ix.schema)
    for name in TEXT_FIELDS:
        schema[name].analyzer = sample_searcher.analyzer
    parser = make_parser(schema)
    content = strip_question_words(query)
    parsed = parser.parse(content)
    variants = [parser.parse(v).with_boost(SYNONYM_BOOST) for v in sample_searcher.synonyms.variants(content)]
    typed = {t for _f, t, _b in _leaves(parsed)}
    legal = [
        Term(f, t, boost=THESAURUS_BOOST)
        for _f, t, _b in _leaves(parser.parse(" ".join(sample_searcher.thesaurus.expand(query))))
        if t not in typed
        for f in TEXT_FIELDS
    ]
    reference = Or([parsed, *legal, *variants]).normalize() if variants or legal else parsed.normalize()
    assert set(_leaves(fast)) == set(_leaves(reference))


def test_plain_queries_are_told_apart_from_syntax(sample_searcher: Searcher) -> None:
    # a bracket with no operator to group is punctuation ("(leave" is the word leave)
    for plain in ("年假 怎么 请", "annual leave", "type:procedure post:window-clerk leave", "行政许可法第42条", "(leave"):
        assert sample_searcher.is_plain(plain), plain
    for syntax in ('"annual leave"', "leave NOT sick", "(leave OR sick", "title:leave", "leave AND sick"):
        assert not sample_searcher.is_plain(syntax), syntax


@pytest.mark.parametrize("query", ["leave 第12345条", "第一万二千条 leave", "leave 第99999999999条", '"leave" 第12345条'])
def test_article_numbers_beyond_any_law_do_not_break_the_search(sample_searcher: Searcher, query: str) -> None:
    result = sample_searcher.search(query)
    assert result.hits or result.message


def test_a_query_in_either_language_finds_the_item_and_opens_the_readers_page(sample_searcher: Searcher) -> None:
    """Units carry the Chinese original's and the English translation's words; `lang` picks the reader's page."""
    chinese = sample_searcher.search("一次性告知", limit=5)
    english = sample_searcher.search("one-time notification", limit=5)
    assert "one-time-notification" in ids(chinese)[:3] and "one-time-notification" in ids(english)[:3]
    zh_hit = next(h for h in english.hits if h.id == "one-time-notification")
    assert zh_hit.url.startswith("/systems/one-time-notification.html") and zh_hit.title == "一次性告知制"
    en_hit = next(h for h in sample_searcher.search("一次性告知", limit=5, lang="en").hits if h.id == "one-time-notification")
    assert en_hit.url.startswith("/en/systems/one-time-notification.html") and "One-Time" in en_hit.title


def test_an_index_from_before_a_text_field_existed_is_still_searched(built_sample: Path) -> None:
    # the last good index keeps serving after an upgrade adds a field (as `asked` was), until the next build
    index = built_sample.parent / "index"
    before = [(h.url, h.anchor) for h in Searcher(index, semantic=False).search("一次性告知", facets=False).hits]
    TEXT_FIELDS.append("later")  # the one list every module reads: a field this index does not have
    try:
        after = [(h.url, h.anchor) for h in Searcher(index, semantic=False).search("一次性告知", facets=False).hits]
    finally:
        TEXT_FIELDS.remove("later")
    assert after == before and before


def test_a_question_mark_typed_half_width_ends_the_question(sample_searcher: Searcher) -> None:
    # "?" after a word is Whoosh's one-letter wildcard: a question typed with it went down the parser path,
    # without question words or the thesaurus
    for question in ("一次性告知要怎么做?", "What is the one-time notification system?"):
        assert Searcher.is_plain(question)
        bare = question.rstrip("?")
        assert [h.url for h in sample_searcher.search(question).hits] == [h.url for h in sample_searcher.search(bare).hits]
    assert not Searcher.is_plain("notif?cation")  # inside a word it is still a wildcard


def test_brackets_without_operators_are_punctuation(sample_searcher: Searcher) -> None:
    assert Searcher.is_plain("one-time notification (OTN)")
    assert [h.url for h in sample_searcher.search("one-time notification (OTN)").hits] == [
        h.url for h in sample_searcher.search("one-time notification OTN").hits
    ]
    assert not Searcher.is_plain("(年假 OR 年休假) 审批")  # around operators they group
    assert clean("title:(one-time notification)") == "title:(one-time notification)"  # and after a field
