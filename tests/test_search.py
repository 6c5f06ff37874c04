"""Search over the sample rulebook: units, languages, filters, synonyms, malformed queries, atomic rebuilds."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from whoosh.query import Or, Term

from indexer.build import build
from indexer.project import Project
from indexer.releases import Releases
from indexer.search.analysis import strip_question_words
from indexer.search.query import MAX_QUERY_CHARS, SYNONYM_BOOST, TEXT_FIELDS, THESAURUS_BOOST, Searcher, _parser
from indexer.search.synonyms import Synonyms


@pytest.fixture(scope="module")
def searcher(built_sample: Path) -> Searcher:
    release = built_sample.parent
    return Searcher(release / "index", Synonyms.load(release.parent.parent.parent / "rules" / "synonyms.yml"))


def ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_chinese_alias_finds_the_system(searcher: Searcher) -> None:
    result = searcher.search("首问负责制", limit=5)
    assert result.hits and result.hits[0].id == "first-inquiry"
    assert "<mark>" in result.hits[0].snippet


def test_english_question_finds_the_clause_with_its_anchor(searcher: Searcher) -> None:
    result = searcher.search("who stands in when the window clerk is away", limit=5)
    top = result.hits[0]
    assert top.id == "window-clerk"
    hit = next(h for h in result.hits if h.anchor)
    assert hit.url == f"/posts/window-clerk.html#{hit.anchor}" and hit.heading


def test_section_anchor_exists_on_the_built_page(searcher: Searcher, built_sample: Path) -> None:
    for hit in searcher.search("materials required food production licence", limit=10).hits:
        if hit.anchor:
            page = (built_sample / hit.url.lstrip("/").split("#")[0]).read_text(encoding="utf-8")
            assert f'id="{hit.anchor}"' in page, hit.url


def test_synonym_expands_colloquial_words(searcher: Searcher) -> None:
    # 年假 is colloquial; the rules say 年休假 / annual leave
    assert "annual-leave" in ids(searcher.search("年假", limit=5))
    plain = Searcher(searcher.dir, Synonyms())
    with_syn = searcher.search("vacation", limit=20)  # the project's group [vacation, annual leave]
    assert "annual-leave" in ids(with_syn) and "annual-leave" not in ids(plain.search("vacation", limit=20))


def test_filters_by_type_post_department_status(searcher: Searcher) -> None:
    result = searcher.search("time limit", type="procedure", limit=50)
    assert result.hits and {h.type for h in result.hits} == {"procedure"}
    result = searcher.search("time limit", post="window-clerk", limit=50)
    assert result.hits and all("window-clerk" in h.posts for h in result.hits)
    result = searcher.search("leave", department="personnel-division", limit=50)
    assert result.hits and {h.department for h in result.hits} == {"personnel-division"}
    assert searcher.search("leave", status="repealed").hits == []
    assert set(result.facets["type"]) <= {"procedure", "system", "post", "term", "department"}


def test_field_syntax_filters(searcher: Searcher) -> None:
    result = searcher.search("type:procedure post:window-clerk", limit=50)
    assert result.hits and all(h.type == "procedure" and "window-clerk" in h.posts for h in result.hits)
    assert result.facets["type"] == {"procedure": result.total}


def test_phrase_query(searcher: Searcher) -> None:
    result = searcher.search('"one-time notification"', limit=5)
    assert result.hits[0].id == "one-time-notification"


def test_did_you_mean(searcher: Searcher) -> None:
    result = searcher.search("complant handlng")
    assert result.did_you_mean == "complaint handling"


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
    ],
)
def test_malformed_queries_answer_or_explain(searcher: Searcher, query: str) -> None:
    started = time.perf_counter()
    result = searcher.search(query)
    assert result.hits or result.message or result.total == 0
    assert time.perf_counter() - started < 30  # a bound against hangs, not a performance assertion
    json.dumps(result.to_json())


def test_bare_star_gets_a_message(searcher: Searcher) -> None:
    assert "type some words" in searcher.search("*").message


def test_ten_thousand_characters(searcher: Searcher) -> None:
    result = searcher.search("leave " * 2000)
    assert "cut" in result.message and str(MAX_QUERY_CHARS) in result.message
    assert result.hits


def test_time_bound_returns_partial_results(searcher: Searcher) -> None:
    result = searcher.search("the leave time limit post window", time_limit=0.0)
    assert result.timed_out and "too long" in result.message


EQUIVALENCE = [
    ("annual leave", {}),
    ("who stands in when the window clerk is away", {}),
    ("首问负责制", {}),
    ("年假 怎么 请", {}),
    ("badge lost", {}),
    ("time limit", {"type": "procedure"}),
    ("leave", {"post": "window-clerk"}),
    ("type:system responsibility", {}),
    ("accountability", {"status": "in-force", "department": "general-office"}),
]


@pytest.mark.parametrize(("query", "filters"), EQUIVALENCE)
def test_array_scoring_ranks_like_whoosh(searcher: Searcher, query: str, filters: dict[str, str]) -> None:
    """Reading postings as arrays loses nothing: scored per field like Whoosh, the same hits, order, scores, totals
    and facets as Whoosh's own matchers."""
    reference = Searcher(searcher.dir, searcher.synonyms, scoring="whoosh")
    arrays = Searcher(searcher.dir, searcher.synonyms, scoring="fields")

    def no_whoosh(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the query should have been scored with arrays")

    arrays._search_whoosh = no_whoosh  # type: ignore[method-assign]
    fast = arrays.search(query, limit=20, **filters)
    slow = reference.search(query, limit=20, **filters)
    assert fast.total == slow.total and fast.total > 0
    assert fast.facets == slow.facets
    assert [round(h.score, 3) for h in fast.hits] == pytest.approx([round(h.score, 3) for h in slow.hits], rel=1e-3)
    # equal scores may come in either order, and a tie at the cut may keep either member
    floor = round(slow.hits[-1].score, 3)

    def above(hits: list) -> list[tuple[float, str]]:
        return sorted((round(h.score, 3), h.url) for h in hits if round(h.score, 3) > floor)

    assert above(fast.hits) == above(slow.hits)


def test_bm25f_adds_fields_before_saturation_with_one_idf(tmp_path: Path) -> None:
    """The default scoring, by hand: boosted, length-normalised frequencies summed over fields, one idf per word."""
    import math

    from whoosh import index as whoosh_index

    from indexer.search.index import schema
    from indexer.search.vectors import FIELD_WEIGHT, K1, B

    ix = whoosh_index.create_in(str(tmp_path), schema())
    docs = [
        ("leave", "leave rules and leave forms"),  # title x1 (field boost 3), body x2
        ("travel", "travel leave"),
        ("training", "courses"),
    ]
    with ix.writer() as w:
        for n, (title, body) in enumerate(docs):
            w.add_document(
                key=str(n), item_id=title, type="system", title=title, body=body, display=title, url="/x.html", rank="1"
            )
    avg_title = 3 / 3  # every title one word
    avg_body = (4 + 2 + 1) / 3  # "and" is a stop word
    df = 2  # units holding "leave" in any field
    idf = math.log1p((3 - df + 0.5) / (df + 0.5))
    tf = FIELD_WEIGHT["title"] * 3.0 / ((1 - B) + B * 1 / avg_title) + 2.0 / ((1 - B) + B * 4 / avg_body)
    expected = idf * tf * (K1 + 1) / (K1 + tf)
    hits = Searcher(tmp_path).search("leave", facets=False).hits
    assert [h.id for h in hits] == ["leave", "travel"]
    assert hits[0].score == pytest.approx(expected, rel=1e-4)


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
def test_plain_words_build_the_query_whoosh_would_parse(searcher: Searcher, query: str) -> None:
    fast = searcher.parse(query)
    assert isinstance(fast, Or) and all(isinstance(t, Term) for t in fast.subqueries)  # built without the parser
    # the parser, with the analyzer plain queries use (the index's part of jieba's dictionary)
    schema = copy.deepcopy(searcher.ix.schema)
    for name in TEXT_FIELDS:
        schema[name].analyzer = searcher.analyzer
    parser = _parser(schema)
    content = strip_question_words(query)
    parsed = parser.parse(content)
    variants = [parser.parse(v).with_boost(SYNONYM_BOOST) for v in searcher.synonyms.variants(content)]
    typed = {t for _f, t, _b in _leaves(parsed)}
    legal = [
        Term(f, t, boost=THESAURUS_BOOST)
        for _f, t, _b in _leaves(parser.parse(" ".join(searcher.thesaurus.expand(query))))
        if t not in typed
        for f in TEXT_FIELDS
    ]
    reference = Or([parsed, *legal, *variants]).normalize() if variants or legal else parsed.normalize()
    assert set(_leaves(fast)) == set(_leaves(reference))


def test_plain_queries_are_told_apart_from_syntax(searcher: Searcher) -> None:
    for plain in ("年假 怎么 请", "annual leave", "type:procedure post:window-clerk leave", "行政许可法第42条"):
        assert searcher.is_plain(plain), plain
    for syntax in ('"annual leave"', "leave NOT sick", "(leave", "title:leave", "leave AND sick"):
        assert not searcher.is_plain(syntax), syntax


def test_phrase_and_not_still_answer_through_whoosh(searcher: Searcher) -> None:
    assert searcher.search('"annual leave"').hits
    # "leave NOT sick" is "leave OR NOT sick" to the parser; AND keeps the exclusion (units now hold both languages,
    # so a unit about leave that mentions sick leave in its English words shows it in the snippet)
    assert all("sick" not in h.snippet.lower() for h in searcher.search("leave AND NOT sick", limit=20).hits)


def test_cli_json_has_the_documented_fields(built_sample: Path) -> None:
    project = built_sample.parent.parent.parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "search", "首问负责制", "--json", "--limit", "3"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert hits and {"id", "title", "type", "url", "anchor", "heading", "article", "origin", "score", "snippet"} <= set(hits[0])
    assert "Traceback" not in out.stderr


def test_incremental_reindex_touches_only_the_changed_file(project: Path) -> None:
    proj = Project(project)
    first = build(proj)
    assert first.ok
    clerk = project / "rules" / "posts" / "window-clerk.md"
    clerk.write_text(
        clerk.read_text(encoding="utf-8") + "\n## Umbrellas\n\nLend an umbrella to applicants when it rains.\n", encoding="utf-8"
    )
    old_manifest = (first.release / "index" / "manifest.json").read_bytes()
    second = build(proj)
    assert (first.release / "index" / "manifest.json").read_bytes() == old_manifest  # shared files are never rewritten
    # Whoosh's segment files are shared with the previous release, not copied
    old_segments = {p.name: p.stat().st_ino for p in (first.release / "index").glob("*.seg")}
    shared = [p for p in (second.release / "index").glob("*.seg") if old_segments.get(p.name) == p.stat().st_ino]
    assert shared
    info = json.loads((second.release / "build.json").read_text(encoding="utf-8"))["index"]
    assert info == {"units": info["units"], "files": 1, "incremental": True}
    new = Searcher(second.release / "index")
    assert new.search("umbrella", limit=3).hits[0].anchor == "umbrellas"
    # the replaced units are deleted in the index, not gone: they must not come back as hits
    urls = [h.url for h in new.search("window clerk", limit=100).hits]
    assert (
        len(urls) == len(set(urls))
        and new.search("window clerk", limit=100).total
        == Searcher(second.release / "index", scoring="whoosh").search("window clerk", limit=100).total
    )
    old = Searcher(first.release / "index")  # readers of the previous release still get answers
    assert old.search("window clerk").hits and not old.search("umbrella").hits


def test_killed_rebuild_leaves_the_old_index_answering(project: Path) -> None:
    proj = Project(project)
    first = build(proj)
    assert first.ok
    (project / "rules" / "synonyms.yml").write_text("- [umbrella, brolly]\n", encoding="utf-8")  # forces a full re-index
    terms = project / "rules" / "glossary" / "working-day.md"
    terms.write_text(terms.read_text(encoding="utf-8").replace("aliases: [", "aliases: [新词条, "), encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer.cli", "build"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not list((proj.out / "releases").glob(".staging-*/index/*.toc")):
            if proc.poll() is not None:
                pytest.fail("the build finished before it could be interrupted")
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert Releases(proj.out).current() == first.release
    answer = Searcher(first.release / "index").search("首问负责制")
    assert answer.hits and answer.hits[0].id == "first-inquiry"
    third = build(proj)  # and the next build still works, leaving debris aside
    assert third.ok and Releases(proj.out).current() == third.release


def test_snippet_marks_terms_escapes_and_cuts_between_words() -> None:
    from indexer.search.snippets import snippet

    text = "Intro words here. " * 8 + "Give the applicant a one-time notification <b>now</b>. " + "Other filler text. " * 12
    out = snippet(text, {"notif"})
    assert "<mark>notification</mark>" in out and "&lt;b&gt;now&lt;/b&gt;" in out and "<b>" not in out
    assert out.startswith("…") and out.endswith("…")
    inner = out.strip("…")
    assert text.find(inner.split(" ")[0]) == 0 or text[text.find(inner.split(" ")[0]) - 1] == " "  # starts on a word
    # Chinese words are found as written; a lone character is not marked when longer words are there
    zh = snippet("申请材料不齐全的，行政机关应当一次告知申请人需要补正的全部内容。", {"一次", "告知", "补正", "的"})
    assert "<mark>一次</mark><mark>告知</mark>" in zh and "<mark>补正</mark>" in zh and "<mark>的</mark>" not in zh
    # article terms show as the article label in either form
    assert "<mark>第四十二条</mark>" in snippet("第四十二条 除可以当场作出行政许可决定的外", {"art42"})
    assert snippet("nothing relevant", {"leav"}) == ""


def test_pages_of_tied_results_neither_repeat_nor_skip(tmp_path: Path) -> None:
    """600 units with the same score: ten pages of ten are 100 different units, in document order."""
    from whoosh import index as whoosh_index

    from indexer.search.index import schema

    ix = whoosh_index.create_in(str(tmp_path), schema())
    with ix.writer() as w:
        for n in range(600):
            w.add_document(key=f"k{n}", item_id=f"k{n}", type="law", body="leave", display="", url="/x.html", rank="1")
    s = Searcher(tmp_path)
    for query in ("leave", "type:law"):
        seen = [h.id for offset in range(0, 100, 10) for h in s.search(query, limit=10, offset=offset, facets=False).hits]
        assert seen == [f"k{n}" for n in range(100)], query


def test_empty_index_answers_with_nothing(tmp_path: Path) -> None:
    from whoosh import index as whoosh_index

    from indexer.search.index import schema

    whoosh_index.create_in(str(tmp_path), schema())
    s = Searcher(tmp_path)
    s.warm()
    result = s.search("leave")
    assert result.total == 0 and not result.hits


@pytest.mark.parametrize("query", ["leave 第12345条", "第一万二千条 leave", "leave 第99999999999条", '"leave" 第12345条'])
def test_article_numbers_beyond_any_law_do_not_break_the_search(searcher: Searcher, query: str) -> None:
    result = searcher.search(query)
    assert result.hits or result.message


def test_fragment_placeholders_cannot_be_imitated() -> None:
    from indexer.render.fragments import Fragments

    fragments = Fragments()
    marker = fragments.add("<p>article</p>").strip()
    assert fragments.expand(f"<div>{marker}</div>") == "<div><p>article</p></div>"
    for fake in ("<!--rbf:0-->", "<!--rbf-0000000000000000:0-->", marker.replace(":0", ":7")):
        assert fragments.expand(fake) == fake


def test_a_query_in_either_language_finds_the_item_and_opens_the_readers_page(searcher: Searcher) -> None:
    """Units carry the Chinese original's and the English translation's words; `lang` picks the reader's page."""
    chinese = searcher.search("一次性告知", limit=5)
    english = searcher.search("one-time notification", limit=5)
    assert "one-time-notification" in ids(chinese)[:3] and "one-time-notification" in ids(english)[:3]
    zh_hit = next(h for h in english.hits if h.id == "one-time-notification")
    assert zh_hit.url.startswith("/systems/one-time-notification.html") and zh_hit.title == "一次性告知制"
    en_hit = next(h for h in searcher.search("一次性告知", limit=5, lang="en").hits if h.id == "one-time-notification")
    assert en_hit.url.startswith("/en/systems/one-time-notification.html") and "One-Time" in en_hit.title


def test_a_system_naming_a_post_only_in_its_text_is_found_by_that_posts_filter(tmp_path: Path) -> None:
    """The post page lists systems that link the post in their body; the search `post:` filter must agree."""
    from indexer.load import load_rulebook
    from indexer.obligations import obligations_for
    from indexer.search.units import item_units

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
    units = item_units(book.get("sys"), book, "systems/sys.md")
    assert units and all(u.posts == ["clerk"] for u in units)  # the department link is not a post
