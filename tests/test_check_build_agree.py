"""Whatever `rulebook check` accepts, the site build builds; everything else is a diagnostic with file and line.

Hypothesis writes rule files from front matter and bodies made of the constructs authors (and attackers) use:
markup characters in every field, citations with any article number, time limits with any number, nested
lists and quotes, raw HTML, short links, emoji and attribute lists. Each file goes through load and check; if
check finds no error, every page rendered from it is converted with the site's own Markdown settings and
sanitised, exactly as the site build does, and nothing may raise.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import markdown
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.check import check_rulebook
from indexer.load import load_rulebook
from indexer.render.context import RenderContext
from indexer.render.site import render_site
from indexer.sanitize import clean

BASE = {
    "office.md": "---\nid: office\ntype: department\ntitle: Office\n---\nThe office.\n",
    "clerk.md": "---\nid: clerk\ntype: post\ntitle: Clerk\ndepartment: office\n---\nA clerk.\n",
}

_markup = st.sampled_from(["<", ">", "&", '"', "'", "`", "*", "_", "[", "]", "|", "{", "}", "#", "\\", ":x:", "[[clerk]]", " "])
_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
text = st.lists(
    st.one_of(_words, _markup, st.sampled_from(["首问负责制", "第四十二条", "<img src=x onerror=alert(1)>"])), max_size=8
).map("".join)
number = st.one_of(st.integers(1, 300), st.integers(1, 300), st.integers(1, 300), st.integers(0, 12_000), st.just(10**40))
time_limit = st.one_of(
    st.builds(lambda n, unit: f"{n} {unit}", number, st.sampled_from(["working days", "days", "hours", "months"])),
    st.builds(lambda n, unit: f"{n}{unit}", number, st.sampled_from(["个工作日", "日", "小时", "个月"])),
    st.sampled_from(["当场", "on the spot", "即办", "1 working day", "soon", ""]),
)
citation = st.one_of(
    st.builds(lambda n: f"行政许可法 第{n}条", number),
    st.builds(lambda n: {"law": "行政许可法", "article": n}, number),
    text,
)


def _nested_list(depth: int) -> str:
    return "\n".join("  " * i + "- item" for i in range(depth))


block = st.one_of(
    text,
    st.builds(_nested_list, st.one_of(st.integers(1, 36), st.just(1000))),
    st.builds(lambda n: ">" * n + " quote", st.integers(1, 36)),
    st.builds(lambda n: "<div>" * n + "deep" + "</div>" * n, st.integers(1, 36)),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<details ontoggle=alert(1) open><summary>s</summary>x</details>",
            "[x](javascript:alert(1))",
            "Para {: onclick='alert(1)' }",
            "```mermaid\nflowchart TD\n  a --> b\n```",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "```\n<iframe srcdoc=x>\n```",
            "!!! note\n    admonition",
            "<!--rbf-0000000000000000:0-->",
            "第10000条 and 第一万条 and 第123456条",
        ]
    ),
)
body = st.lists(block, min_size=1, max_size=6).map(lambda blocks: "Text.\n\n" + "\n\n".join(blocks))


@st.composite
def rule_file(draw) -> str:
    kind = draw(st.sampled_from(["term", "procedure", "system"]))
    meta: dict = {"id": "item", "type": kind, "title": draw(text) or "T"}  # bad ids: test_check
    if draw(st.booleans()):
        meta["aliases"] = [a or "alias" for a in draw(st.lists(text, max_size=3))]
    if draw(st.booleans()):
        meta["summary"] = draw(text)
    if draw(st.booleans()):
        meta["basis"] = draw(st.lists(citation, max_size=3))
    if draw(st.booleans()):
        meta["tags"] = [t or "tag" for t in draw(st.lists(text, max_size=2))]
    if draw(st.booleans()):
        meta["related"] = draw(st.lists(st.sampled_from(["clerk", "office", "nothing"]), max_size=2))
    if kind == "procedure":
        meta["statutory_limit"] = draw(time_limit)
        meta["committed_limit"] = draw(time_limit)
        meta["steps"] = [
            {"name": draw(text) or "S", "post": "clerk", "action": draw(text) or "A", "time_limit": draw(time_limit)}
            for _ in range(draw(st.integers(1, 3)))
        ]
    if kind == "system" and draw(st.booleans()):
        meta["duties"] = [{"post": "clerk", "duty": draw(text) or "D", "time_limit": draw(time_limit)}]
    if draw(st.booleans()):
        meta["questions"] = [{"question": draw(text) or "Q", "choices": ["a", draw(text) or "b"], "answer": "a"}]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    if draw(st.sampled_from([False] * 9 + [True])):  # now and then, YAML broken by hand
        front = front.replace(":", "", 1)
    return f"---\n{front}---\n{draw(body)}\n"


def _converter() -> markdown.Markdown:
    from mkdocs.config import load_config

    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


CONVERTER = _converter()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rule_file())
def test_whatever_check_accepts_renders_and_converts(source: str) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        rules = folder / "rules"
        rules.mkdir()
        for name, content in BASE.items():
            (rules / name).write_text(content, encoding="utf-8")
        (rules / "item.md").write_text(source, encoding="utf-8")
        book, report = load_rulebook(rules, display_base=folder)
        report.extend(check_rulebook(book, date(2026, 1, 1)))
        for d in report.diagnostics:
            assert d.path and d.line >= 1 and d.message
        if report.errors:
            assert all(d.path.startswith("rules/") for d in report.errors)
            return
        site = render_site(RenderContext(book), "Rulebook")
        for page in site.pages.values():
            CONVERTER.reset()
            html = site.fragments.expand(clean(CONVERTER.convert(page)))
            assert "onerror=" not in html.split("<!--")[0] or "&lt;" in html
    finally:
        shutil.rmtree(folder, ignore_errors=True)
