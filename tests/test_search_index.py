"""The search index: written aside and swapped in, re-indexed incrementally, and its anchors those of the site."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SMALL_TERM
from search_oracle import whoosh_matches

from indexer.build import build
from indexer.project import Project
from indexer.releases import Releases
from indexer.search.query import Searcher


def test_section_anchor_exists_on_the_built_page(sample_searcher: Searcher, built_sample: Path) -> None:
    anchored = 0
    for query in ("materials required food production licence", "窗口 受理", "who stands in when the window clerk is away"):
        for hit in sample_searcher.search(query, limit=10).hits:
            if hit.anchor:
                page = (built_sample / hit.url.lstrip("/").split("#")[0]).read_text(encoding="utf-8")
                assert f'id="{hit.anchor}"' in page, hit.url
                anchored += 1
    assert anchored


def test_heading_ids_come_from_the_function_search_units_use() -> None:
    """The site's toc writes ids with anchors.slugify; units take theirs from anchors.heading_id."""
    from indexer import anchors
    from indexer.search.units import sections

    body = "## 受理 申请\n\ntext\n\n## Who Signs?\n\nmore\n\n## 受理 申请\n\nagain\n"
    assert [a for _h, a, _t, _p in sections(body)] == ["受理-申请", "who-signs", "受理-申请_1"]
    import markdown

    html = markdown.markdown(body, extensions=["toc"], extension_configs={"toc": {"slugify": anchors.slugify}})
    assert all(f'id="{a}"' in html for _h, a, _t, _p in sections(body))


def test_incremental_reindex_touches_only_the_changed_file(small: Project) -> None:
    (small.rules / "t2.md").write_text(SMALL_TERM.format(n=2), encoding="utf-8")
    first = build(small)
    assert first.ok
    term = small.rules / "t1.md"
    term.write_text(
        term.read_text(encoding="utf-8") + "\n## Umbrellas\n\nLend an umbrella to applicants when it rains.\n", encoding="utf-8"
    )
    old_manifest = (first.release / "index" / "manifest.json").read_bytes()
    (first.release / "index" / "segmenter.txt").write_text("#total 1", encoding="utf-8")  # what older builds wrote
    second = build(small)
    assert not (second.release / "index" / "segmenter.txt").exists()  # not carried along for ever
    assert (first.release / "index" / "manifest.json").read_bytes() == old_manifest  # shared files are never rewritten
    # Whoosh's segment files are shared with the previous release, not copied
    old_segments = {p.name: p.stat().st_ino for p in (first.release / "index").glob("*.seg")}
    shared = [p for p in (second.release / "index").glob("*.seg") if old_segments.get(p.name) == p.stat().st_ino]
    assert shared
    info = json.loads((second.release / "build.json").read_text(encoding="utf-8"))["index"]
    assert info == {"units": info["units"], "files": 1, "incremental": True, "embedded": 0}
    new = Searcher(second.release / "index")
    assert new.search("umbrella", limit=3).hits[0].anchor == "umbrellas"
    # the replaced units are deleted in the index, not gone: they must not come back as hits
    urls = [h.url for h in new.search("term", limit=100).hits]
    assert len(urls) == len(set(urls)) and new.search("term", limit=100).total == len(whoosh_matches(new, "term")[0])
    old = Searcher(first.release / "index")  # readers of the previous release still get answers
    assert old.search("term").hits and not old.search("umbrella").hits


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


def test_empty_index_answers_with_nothing(tmp_path: Path) -> None:
    from whoosh import index as whoosh_index

    from indexer.search.index import schema

    whoosh_index.create_in(str(tmp_path), schema())
    s = Searcher(tmp_path)
    s.warm()
    result = s.search("leave")
    assert result.total == 0 and not result.hits


def test_index_field_boosts_are_the_ranking_modules() -> None:
    from indexer.search import ranking
    from indexer.search.index import schema

    s = schema()
    assert {name: s[name].format.field_boost for name in ranking.INDEX_FIELD_BOOST} == ranking.INDEX_FIELD_BOOST


def test_the_query_dictionary_keeps_the_words_the_index_holds_whole(tmp_path: Path) -> None:
    from indexer.search.analysis import query_segmenter, write_query_dictionary
    from indexer.search.layout import SEGMENTER

    path = tmp_path / SEGMENTER
    write_query_dictionary(path, ["行政许可", "许可", "期限", "受理"], ["首问负责制"])
    segmenter = query_segmenter(path)
    assert list(segmenter.cut("行政许可的期限")) == ["行政许可", "的", "期限"]  # words the index holds stay whole
    assert list(segmenter.cut("首问负责制")) == ["首问负责制"]  # the organ's own word stays whole
    assert segmenter.FREQ["行政许"] == 0  # the prefixes jieba looks words up by are written with the words
    damaged_files = (
        "{not json",
        '{"total": 5, "words": {"行政": "many"}}',
        '["行政许可"]',
        '{"total": 0, "words": {"行政": 5}}',
        '{"total": 100, "words": {"行": -3}}',
        '{"total": true, "words": {}}',
    )
    for damaged in damaged_files:
        path.write_text(damaged, encoding="utf-8")
        assert query_segmenter(path) is None  # the searcher then uses jieba's own dictionary


def test_a_damaged_query_dictionary_falls_back_to_jiebas_own(small: Project) -> None:
    from indexer.search.layout import SEGMENTER

    small.build()
    index = small.current_release() / "index"
    for damaged in ("{not json", '{"total": 0, "words": {"术语": 5}}'):
        (index / SEGMENTER).write_text(damaged, encoding="utf-8")
        searcher = Searcher(index)
        assert [h.title for h in searcher.search("Term").hits] == ["Term 1"]
        assert searcher.search("术语和文本").message is None  # Chinese is segmented too (jieba's own dictionary)
