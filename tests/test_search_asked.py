"""How people ask about an article (search/asked.py): the questions shipped with Rulebook find their article."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.library.importer import import_folder
from indexer.load import load_rulebook
from indexer.search import asked
from indexer.search.asked import MAX_QUESTIONS, problems
from indexer.search.index import build_index
from indexer.search.query import Searcher

LAW = "社会法/劳动合同法(2012-12-28).md"
QUESTIONS = "中华人民共和国劳动合同法:\n  第四十二条: [孕妇被炒鱿鱼合法吗, 大肚子了老板叫我走人]\n"


@pytest.fixture
def questions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point the packaged questions at a file of the test's own; yields a function that writes it."""
    path = tmp_path / "asked.yml"
    monkeypatch.setattr(asked, "PACKAGED", path)
    asked.packaged.cache_clear()

    def write(text: str) -> None:
        path.write_text(text, encoding="utf-8")
        asked.packaged.cache_clear()

    yield write
    asked.packaged.cache_clear()


def _project(root: Path, corpora: Path, older: bool = False) -> Path:
    src = root / "src"
    (src / "社会法").mkdir(parents=True)
    shutil.copy(corpora / "laws-cn" / LAW, src / LAW)
    if older:  # the same law in an earlier text, whose 第四十二条 says something else
        text = (corpora / "laws-cn" / LAW).read_text(encoding="utf-8")
        (src / "社会法" / "劳动合同法(2007-06-29).md").write_text(text.replace("2012-12-28", "2007-06-29"), encoding="utf-8")
    project = root / "project"
    (project / "rules").mkdir(parents=True)
    import_folder(src, project / "rules" / "library" / "laws-cn")
    return project


def _build(project: Path, previous: Path | None = None, name: str = "index"):
    book, report = load_rulebook(project / "rules", display_base=project)
    assert not report.errors
    return build_index(book, project, project / name, previous)


def _rank(index: Path, query: str, article: int) -> int | None:
    hits = Searcher(index, semantic=False, thesaurus=False).search(query, limit=10, facets=False).hits
    return next((n for n, h in enumerate(hits, 1) if h.article == article and "劳动合同法" in h.title), None)


@pytest.mark.corpus
def test_an_article_is_found_by_how_people_ask_about_it(corpora: Path, tmp_path: Path, questions) -> None:
    project = _project(tmp_path, corpora)
    questions("")
    _build(project, name="plain")
    questions(QUESTIONS)
    _build(project, name="asked")
    # 孕妇, 炒鱿鱼 and 大肚子 are in no article (and the thesaurus is left out to show it): only the questions people
    # ask lead to 第四十二条 (女职工在孕期……)
    assert _rank(project / "plain", "孕妇被炒鱿鱼", 42) is None
    assert _rank(project / "asked", "孕妇被炒鱿鱼", 42) == 1
    assert _rank(project / "asked", "大肚子了被老板赶走", 42) == 1  # words of the questions, not the whole question
    hit = Searcher(project / "asked", semantic=False).search("孕妇被炒鱿鱼", limit=1, facets=False).hits[0]
    assert "炒鱿鱼" not in (hit.snippet or "")  # searched, never shown: the snippet is the article's own text


@pytest.mark.corpus
def test_only_the_newest_version_of_a_law_gets_the_questions(corpora: Path, tmp_path: Path, questions) -> None:
    project = _project(tmp_path, corpora, older=True)
    questions(QUESTIONS)
    _build(project)
    hits = Searcher(project / "index", semantic=False, thesaurus=False).search("孕妇被炒鱿鱼", limit=10, facets=False).hits
    versions = {h.version for h in hits if h.article == 42}
    assert versions == {"2012-12-28"}


@pytest.mark.corpus
def test_other_questions_rebuild_the_index_in_full(corpora: Path, tmp_path: Path, questions) -> None:
    project = _project(tmp_path, corpora)
    questions(QUESTIONS)
    _build(project, name="first")
    assert _build(project, project / "first", name="same").incremental
    questions(QUESTIONS.replace("大肚子了老板叫我走人", "怀孕了单位让我走"))
    stats = _build(project, project / "same", name="other")
    assert not stats.incremental
    assert _rank(project / "other", "怀孕了单位让我走", 42) == 1


def test_a_malformed_questions_file_is_refused_with_what_is_wrong() -> None:
    assert problems({"劳动合同法": {"第四十二条": ["孕妇被辞退"]}}, "x") == []
    assert problems(["劳动合同法"], "x")
    assert problems({"劳动合同法": ["孕妇被辞退"]}, "x")  # no article
    assert problems({"劳动合同法": {"四十二": ["孕妇被辞退"]}}, "x") == []  # a bare number reads as the article
    assert problems({"劳动合同法": {"总则": ["孕妇被辞退"]}}, "x")  # not an article label
    assert problems({"劳动合同法": {"第四十二条": [f"问题{i}" for i in range(MAX_QUESTIONS + 1)]}}, "x")
    assert problems({"劳动合同法": {"第四十二条": ["问" * 61]}}, "x")
    assert problems({"劳动合同法": {"第四十二条": []}}, "x")


def test_the_packaged_questions_are_sound() -> None:
    assert asked.check_packaged_questions().errors == []
    data = asked.packaged()
    assert all(isinstance(n, int) and text for articles in data.values() for n, text in articles.items())
