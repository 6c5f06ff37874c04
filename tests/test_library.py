"""Importing real regulations and a real handbook, and citing them down to the article."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import copy_project

from indexer.build import build
from indexer.i18n import use_language
from indexer.library.importer import import_folder
from indexer.library.structure import parse_structure
from indexer.load import load_rulebook
from indexer.project import Project

LAWS = [
    "行政法/行政许可法(2019-04-23).md",
    "行政法/公务员法(2018-12-29).md",
    "行政法规/政府信息公开条例(2019-04-03).md",
    "行政法规/职工带薪年休假条例(2007-12-14).md",
]
HANDBOOK = [
    "pages/getting-started/equipment.md",
    "pages/getting-started/classes.md",
    "pages/travel-and-leave/leave.md",
    "pages/travel-and-leave/fmla.md",
]


@pytest.fixture
def laws_src(corpora: Path, tmp_path: Path) -> Path:
    src = tmp_path / "laws-cn"
    for rel in LAWS:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpora / "laws-cn" / rel, src / rel)
    return src


@pytest.fixture
def handbook_src(corpora: Path, tmp_path: Path) -> Path:
    src = tmp_path / "handbook-18f"
    for rel in HANDBOOK:
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(corpora / "handbook-18f" / rel, src / rel)
    return src


def test_regulations_import_with_metadata_and_articles(laws_src: Path, tmp_path: Path) -> None:
    into = tmp_path / "rules" / "library" / "laws-cn"
    result = import_folder(laws_src, into)
    assert sorted(result.added) == sorted(LAWS) and not result.skipped
    book, report = load_rulebook(tmp_path / "rules")
    assert report.errors == []
    law = next(i for i in book if getattr(i, "origin", None) == "行政法/行政许可法(2019-04-23).md")
    assert law.type == "law" and law.title == "中华人民共和国行政许可法"
    assert law.published.isoformat() == "2019-04-23" and law.category == "行政法"
    assert any("2003年8月27日" in h for h in law.history)
    structure = parse_structure(law.body)
    assert len(structure.articles) == 83
    art = structure.article(42)
    assert art.anchor == "art-42" and art.text(structure.lines).startswith("第四十二条 除可以当场作出行政许可决定的外")
    assert [u.anchor for u in structure.units if u.kind == "heading"][:5] == ["ch-1", "ch-2", "ch-3", "ch-4", "ch-4-sec-1"]


def test_import_is_idempotent_and_reports_updates(laws_src: Path, tmp_path: Path) -> None:
    into = tmp_path / "lib"
    import_folder(laws_src, into)
    again = import_folder(laws_src, into)
    assert again.added == [] and again.updated == [] and sorted(again.unchanged) == sorted(LAWS)
    changed = laws_src / LAWS[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("第一条 为了规范", "第一条 为了进一步规范"), encoding="utf-8")
    third = import_folder(laws_src, into)
    assert third.updated == [LAWS[0]] and len(list(into.rglob("*.md"))) == len(LAWS)


def test_broken_files_are_skipped_with_a_reason_and_the_rest_imports(laws_src: Path, tmp_path: Path) -> None:
    (laws_src / "坏文件(2020-01-01).md").write_bytes("# 标题\n第一条 内容".encode("gb18030"))
    (laws_src / "empty.md").write_bytes(b"")
    (laws_src / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (laws_src / "notes.txt").write_text("not markdown", encoding="utf-8")
    with use_language("en"):
        result = import_folder(laws_src, tmp_path / "lib")
    reasons = dict(result.skipped)
    assert "not UTF-8" in reasons["坏文件(2020-01-01).md"]
    assert "empty" in reasons["empty.md"] and "binary" in reasons["image.md"] and "not a Markdown" in reasons["notes.txt"]
    assert sorted(result.added) == sorted(LAWS)


def test_handbook_import_keeps_titles_removes_templates_and_rewrites_links(handbook_src: Path, tmp_path: Path) -> None:
    into = tmp_path / "rules" / "library" / "18f"
    result = import_folder(handbook_src, into)
    assert sorted(result.added) == sorted(HANDBOOK)
    book, report = load_rulebook(tmp_path / "rules")
    assert report.errors == []
    docs = {i.origin: i for i in book}
    equipment = docs["pages/getting-started/equipment.md"]
    assert equipment.type == "document" and equipment.title == "Equipment"
    for doc in docs.values():
        assert "{%" not in doc.body and "{{" not in doc.body, doc.origin
        assert "redirect_from" not in doc.body
    # `{% page "/travel-and-leave/leave/" %}`-style links between imported pages become relative .md links
    links = re.findall(r"\]\(([^)]+\.md[^)]*)\)", "".join(d.body for d in docs.values()))
    assert links, "expected links between the imported pages"
    for doc in docs.values():
        for target in re.findall(r"\]\(([^):]+\.md)(?:#[^)]*)?\)", doc.body):
            assert (into / Path(doc.origin).parent / target).resolve().is_file(), (doc.origin, target)


def test_citation_resolves_to_the_article_anchor_in_the_built_site(laws_src: Path, handbook_src: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    import_folder(laws_src, project / "rules" / "library" / "laws-cn")
    import_folder(handbook_src, project / "rules" / "library" / "18f")
    result = build(Project(project))
    assert result.ok, result.errors + [str(d) for d in result.report.errors]
    site = result.release / "site"
    proc = (site / "procedures" / "food-production-licence.html").read_text(encoding="utf-8")
    m = re.search(r'<a href="([^"]+)#art-42">行政许可法 第四十二条</a>', proc)
    assert m, "the citation should link to article 42"
    law_page = (site / "procedures" / unquote(m.group(1))).resolve()
    law_html = law_page.read_text(encoding="utf-8")
    assert 'id="art-42"' in law_html and "第四十二条" in law_html
    # every article is on the page with its anchor, and no pre-rendered fragment was left behind
    articles = parse_structure(
        (project / "rules" / "library" / "laws-cn" / "行政法" / "行政许可法-2019-04-23.md").read_text(encoding="utf-8")
    ).articles
    assert "<!--rbf-" not in law_html  # the placeholders are written <!--rbf-{token}:N-->
    assert len(articles) == 83 and all(f'id="{a.anchor}"' in law_html for a in articles)
    # "cited by": the law page names the procedure under the article
    assert re.search(r'id="cited-by".*food-production-licence\.html', law_html, re.S)
    assert (site / "library" / "18f" / "pages" / "getting-started" / "equipment.html").is_file()
    # the English pages cite the same Chinese law pages: one library, in the root tree
    english = (site / "en" / "procedures" / "food-production-licence.html").read_text(encoding="utf-8")
    m = re.search(r'<a href="([^"]+)#art-42">行政许可法 第四十二条</a>', english)
    assert m and (site / "en" / "procedures" / unquote(m.group(1))).resolve() == law_page
    assert not (site / "en" / "library").exists()


def _tree(html: str) -> list[tuple]:
    """Elements as (tag, attributes, text, tail), whitespace between tags ignored: two HTMLs that show the same."""
    from xml.etree import ElementTree

    def walk(el) -> tuple:
        return (el.tag, sorted(el.attrib.items()), (el.text or "").strip(), (el.tail or "").strip(), [walk(c) for c in el])

    return [walk(c) for c in ElementTree.fromstring(f"<div>{html}</div>")]


def test_pre_rendered_articles_are_what_markdown_would_make(laws_src: Path) -> None:
    """Plain articles skip Python-Markdown for speed: every article of four real laws must come out the same."""
    import markdown

    from indexer.render.fragments import article_html

    compared = 0
    for path in sorted(laws_src.rglob("*.md")):
        structure = parse_structure(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
        for unit in structure.articles:
            lines = structure.lines[unit.start : unit.end]
            fast = article_html(lines, unit.label, unit.anchor)
            if fast is None:
                continue
            first = next(i for i, line in enumerate(lines) if line.strip())
            end = first
            while end + 1 < len(lines) and lines[end + 1].strip():
                end += 1
            stripped = lines[first].lstrip()
            md_lines = list(lines)
            md_lines[first] = (
                f"**{unit.label}** " + stripped[len(unit.label) :].lstrip() if stripped.startswith(unit.label) else lines[first]
            )
            md_lines.insert(end + 1, f"{{: #{unit.anchor} .rb-article }}")
            slow = markdown.markdown("\n".join(md_lines), extensions=["attr_list"])
            assert _tree(fast) == _tree(slow), unit.label
            compared += 1
    assert compared == 262  # every article of the four laws is plain text


@pytest.mark.parametrize(
    "text", ["第一条 见下表：\n\n| a | b |\n|---|---|", "第二条 **重点**内容", "第三条 <b>x</b>", "第四条 1. 列表\n2. 列表"]
)
def test_articles_with_markup_stay_markdown(text: str) -> None:
    from indexer.render.fragments import article_html

    assert article_html(text.split("\n"), text[:3], "art-1") is None


def test_unknown_law_and_article_are_errors_once_laws_are_imported(laws_src: Path, tmp_path: Path) -> None:
    from indexer.check import check_rulebook

    rules = tmp_path / "rules"
    import_folder(laws_src, rules / "library" / "laws-cn")
    (rules / "t.md").write_text(
        "---\nid: t\ntype: term\ntitle: T\neffective: 2020-01-01\nbasis:\n  - 行政许可法 第四百条\n  - 不存在的法\n"
        "  - 行政许可法 第四十二条\n  - 行政许可法(2019-04-23) 第一条\n---\nT.\n",
        encoding="utf-8",
    )
    book, report = load_rulebook(rules, display_base=tmp_path)
    report.extend(check_rulebook(book))
    errors = {(d.code, d.line) for d in report.errors}
    warnings = {(d.code, d.line) for d in report.warnings}
    assert ("unknown-article", 7) in errors and ("unknown-law", 8) in warnings
    assert not any(d.line in (9, 10) for d in report.diagnostics)


def test_english_regulation_numbered_by_article_and_section(tmp_path: Path) -> None:
    src = tmp_path / "regs"
    src.mkdir()
    (src / "travel-rules.md").write_text(
        "# Travel Regulation\n\n## Chapter 1 General\n\nArticle 1. Scope. These rules apply to all staff.\n\n"
        "Article 2. Approval. Trips need approval five working days ahead.\n\nMore text of article 2.\n\n"
        "## Chapter 2 Claims\n\nArticle 3. Claims are filed within 30 days.\n",
        encoding="utf-8",
    )
    result = import_folder(src, tmp_path / "rules" / "library" / "regs")
    assert result.added == ["travel-rules.md"]
    book, report = load_rulebook(tmp_path / "rules")
    assert report.errors == []
    (law,) = list(book)
    assert law.type == "law" and law.title == "Travel Regulation"
    structure = parse_structure(law.body)
    assert [u.anchor for u in structure.articles] == ["art-1", "art-2", "art-3"]
    assert "More text of article 2." in structure.article(2).text(structure.lines)
    assert [u.anchor for u in structure.units if u.kind == "heading"] == ["ch-1", "ch-2"]


def test_a_text_whose_articles_start_beyond_a_thousand_is_a_regulation() -> None:
    """The second part of a split code (民法典 from 第一千零一条 on) numbers its articles with 千."""
    from indexer.library.laws_cn import looks_like_regulation

    assert looks_like_regulation("# 民法典（第二部分）\n\n第一千零一条　自然人的人格权受法律保护。\n")
    assert looks_like_regulation("第1001条 text\n")
    assert not looks_like_regulation("A handbook page about Article 5 of something.\n")
