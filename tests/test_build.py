"""`rulebook build`: pages from the model, the MkDocs site, and the build-aside-then-swap guarantee."""

from __future__ import annotations

import html
import re
from pathlib import Path

from indexer.build import build, is_stale
from indexer.project import Project
from indexer.releases import Releases


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def section(markup: str, heading_id: str) -> str:
    """The HTML from the heading with this id to the next heading of the same level."""
    start = markup.index(f'id="{heading_id}"')
    level = markup[:start].rsplit("<h", 1)[1][0]
    end = markup.find(f"<h{level} ", start + 1)
    return markup[start : end if end != -1 else None]


def test_procedure_step_and_naming_system_appear_on_the_post_obligations_page(built_sample: Path) -> None:
    post = page(built_sample, "posts/window-clerk.html")
    obligations = section(post, "obligations")
    plain = text_of(obligations)
    # Step 1 of the licensing procedure is assigned to the window clerk in rules/procedures/food-production-licence.md
    assert 'href="../procedures/food-production-licence.html"' in obligations
    assert "第1步 受理" in plain and "当场办结" in plain and "本岗位的职责" in plain
    # The first-inquiry system names the window clerk in its duties
    assert 'href="../systems/first-inquiry.html"' in obligations
    assert "首问负责制" in plain
    # backup post and reporting line
    assert 'href="approval-officer.html"' in obligations
    assert 'href="approval-director.html"' in obligations
    # the English page: the translation's words, the original's facts, English labels
    english = text_of(section(page(built_sample, "en/posts/window-clerk.html"), "obligations"))
    assert "Step 1 Accept" in english and "on the spot" in english and "Obligations of this post" in english
    assert "First-Inquiry Responsibility System" in english and "首问负责制" not in english


def test_post_page_lists_every_step_assigned_to_it(built_sample: Path) -> None:
    from conftest import ROOT

    from indexer.load import load_rulebook

    book, _report = load_rulebook(ROOT / "rules")
    for proc in book.procedures:
        for step in proc.steps:
            obligations = text_of(section(page(built_sample, f"posts/{step.post}.html"), "obligations"))
            assert proc.title in obligations and step.name in obligations, (proc.id, step.post)


def test_procedure_page_has_steps_flowchart_and_limits(built_sample: Path) -> None:
    proc = page(built_sample, "procedures/food-production-licence.html")
    assert '<pre class="mermaid"><code>flowchart TD' in proc
    assert "subgraph lane0[&quot;窗口受理岗&quot;]" in proc or 'subgraph lane0["窗口受理岗"]' in proc
    plain = text_of(proc)
    assert "法定时限" in plain and "承诺时限" in plain and "各环节合计" in plain
    assert "20个工作日" in plain and "10个工作日" in plain and "2024年3月1日" in plain
    assert "行政许可法 第四十二条" in plain
    assert 'class="rb-status rb-status--in-force">现行有效<' in proc
    assert 'class="rb-quiz"' in proc
    english = page(built_sample, "en/procedures/food-production-licence.html")
    assert "subgraph lane0[&quot;Window Clerk&quot;]" in english or 'subgraph lane0["Window Clerk"]' in english
    plain = text_of(english)
    assert "Statutory" in plain and "Committed" in plain and "Sum of steps" in plain
    assert "20 working days" in plain and "10 working days" in plain and "1 March 2024" in plain
    assert "行政许可法 第四十二条" in plain  # citations are facts: as the original writes them


def test_indexes_home_and_glossary(built_sample: Path) -> None:
    home = text_of(page(built_sample, "index.html"))
    assert "办理事项" in home and "培训学习" in home and "新上岗" in home
    home = text_of(page(built_sample, "en/index.html"))
    assert "Run a procedure" in home and "Training sessions" in home and "New to a post" in home
    az = page(built_sample, "indexes/a-z.html")
    assert 'href="../procedures/leave-approval.html"' in az
    tags = page(built_sample, "indexes/tags.html")
    assert 'id="tag-licensing"' in tags
    glossary = text_of(page(built_sample, "glossary/index.html"))
    assert "带薪年休假" in glossary
    assert "Paid Annual Leave" in text_of(page(built_sample, "en/glossary/index.html"))
    department = page(built_sample, "departments/approval-division.html")
    assert 'href="../posts/window-clerk.html"' in department and 'href="../procedures/food-production-licence.html"' in department


def test_site_works_offline(built_sample: Path) -> None:
    home = page(built_sample, "index.html")
    assert "fonts.googleapis" not in home and "unpkg.com" not in home
    assert (built_sample / "assets/mermaid/mermaid.min.js").is_file()
    assert (built_sample / "search/search_index.js").is_file()  # offline plugin: search without a server
    assert 'href="procedures/index.html"' in home  # plain file links, no directory URLs


def test_failed_build_leaves_previous_site_untouched(small: Project) -> None:
    first = build(small)
    assert first.ok and first.release is not None
    marker = (first.release / "site" / "glossary" / "t1.html").read_bytes()
    assert not is_stale(small)

    term = small.rules / "t1.md"
    term.write_text(
        term.read_text(encoding="utf-8").replace("type: term\n", "type: term\nrelated: [nowhere]\n"), encoding="utf-8"
    )
    assert is_stale(small)
    second = build(small)
    assert not second.ok and second.report.errors
    assert Releases(small.out).current() == first.release
    assert (first.release / "site" / "glossary" / "t1.html").read_bytes() == marker
    assert not list((small.out / "releases").glob(".staging-*"))


def test_strict_mkdocs_failure_also_keeps_previous_site(small: Project) -> None:
    first = build(small, with_index=False)
    assert first.ok
    (small.docs / "broken.md").write_text("# Broken\n\n[missing](no-such-page.md)\n", encoding="utf-8")
    second = build(small, with_index=False)
    assert not second.ok and any("no-such-page.md" in m for m in second.errors)
    assert Releases(small.out).current() == first.release


def test_rebuild_swaps_current(small: Project) -> None:
    first = build(small)
    term = small.rules / "t1.md"
    term.write_text(term.read_text(encoding="utf-8").replace("title: Term 1", "title: 前台窗口受理岗"), encoding="utf-8")
    second = build(small)
    assert second.ok and second.release != first.release
    assert Releases(small.out).current() == second.release
    assert "前台窗口受理岗" in page(second.release / "site", "glossary/t1.html")


def test_one_build_publishes_both_languages_with_a_switch_and_hreflang(built_sample: Path) -> None:
    zh = page(built_sample, "procedures/food-production-licence.html")
    en = page(built_sample, "en/procedures/food-production-licence.html")
    assert '<html lang="zh"' in zh and '<html lang="en"' in en
    for markup, other in (
        (zh, "../en/procedures/food-production-licence.html"),
        (en, "../../procedures/food-production-licence.html"),
    ):
        assert f'hreflang="{"en" if "en/" in other else "zh-Hans"}" href="{other}"' in markup
        assert "rb-lang-switch" in markup and f'href="{other}" hreflang=' in markup
    assert ">食品生产许可办理<" in zh and ">Food Production Licence<" in en
    # each language has its own navigation and Material's own labels in its language
    assert "Procedures" in text_of(en) and "办事流程" not in text_of(en)
    assert "办事流程" in text_of(zh) and 'placeholder="搜索"' in zh and 'placeholder="Search"' in en
    # the hand-written guides exist in both languages, each in its own nav
    assert (built_sample / "authoring.html").is_file() and (built_sample / "en/authoring.html").is_file()
    assert 'href="en/authoring.html" hreflang="en"' in page(built_sample, "authoring.html")


def test_item_without_translation_falls_back_to_the_original_with_a_notice(project: Path) -> None:
    (project / "rules" / "posts" / "window-clerk.en.md").unlink()
    result = build(Project(project), with_index=False)
    assert result.ok, result.errors
    en = text_of(page(result.release / "site", "en/posts/window-clerk.html"))
    assert "Not translated yet" in en and "窗口受理岗" in en and "Obligations of this post" in en
    assert "Not translated yet" not in text_of(page(result.release / "site", "en/posts/approval-officer.html"))


def test_indexes_and_navigation_sort_chinese_titles_by_pinyin_and_english_ones_alphabetically(built_sample: Path) -> None:
    from pypinyin import Style, lazy_pinyin

    def pinyin(title: str) -> list[str]:
        return lazy_pinyin(title, style=Style.TONE3)

    row_titles = r'<td><a href="[\w-]+\.html">([^<]+)</a></td>'
    zh = [html.unescape(t) for t in re.findall(row_titles, page(built_sample, "procedures/index.html"))]
    assert len(zh) == 10 and zh == sorted(zh, key=pinyin), zh
    en = [html.unescape(t) for t in re.findall(row_titles, page(built_sample, "en/procedures/index.html"))]
    assert len(en) == 10 and en == sorted(en, key=str.casefold), en
    # the navigation lists a section's pages in the same order as its index
    nav = page(built_sample, "procedures/leave-approval.html")
    listed = [
        html.unescape(t).strip()
        for t in re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', nav)
    ]
    assert list(dict.fromkeys(t for t in listed if t in zh)) == zh  # the current page is listed twice by Material
    # the A-to-Z index puts a Chinese title under the first letter of its pinyin
    az = page(built_sample, "indexes/a-z.html")
    start = az.index(f'id="letter-{ord("S")}"')
    assert "首问负责制" in az[start : az.index("<h2", start + 1)]


def test_semantic_setting_without_its_model_package_stops_the_build_before_it_starts(project: Path, monkeypatch) -> None:
    import indexer.build as build_module

    monkeypatch.setattr(build_module, "semantic_available", lambda: False)
    (project / "rulebook.yml").write_text("search:\n  semantic: true\n", encoding="utf-8")
    result = build(Project(project))
    assert not result.ok and "search.semantic" in result.errors[0] and ".ci/semantic.txt" in result.errors[0]
    assert not (project / "build" / "current").exists()
    (project / "rulebook.yml").write_text("search:\n  semantics: true\n", encoding="utf-8")  # a misspelt key is an error
    assert not build(Project(project), with_index=False).ok
