"""Presenting hits: snippets as structured parts, rendered escaped as HTML for the browser and as Rich text in the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from indexer.search.hits import hit_of
from indexer.search.query import Searcher
from indexer.search.snippets import Part, lead, passages, to_html, to_text


def test_passages_mark_the_terms_and_cut_between_words() -> None:
    text = "Intro words here. " * 8 + "Give the applicant a one-time notification <b>now</b>. " + "Other filler text. " * 12
    (passage,) = passages(text, {"notif"})
    assert Part("notification", True) in passage and [p for p in passage if p.mark] == [Part("notification", True)]
    words = to_text([passage])
    assert words.startswith("…") and words.endswith("…") and "<b>now</b>" in words
    first = words.strip("…").split(" ")[0]
    assert text[text.find(first) - 1] == " "  # starts on a word
    # Chinese words are found as written; a lone character is not marked when longer words are there
    zh = passages("申请材料不齐全的，行政机关应当一次告知申请人需要补正的全部内容。", {"一次", "告知", "补正", "的"})
    assert {p.text for p in zh[0] if p.mark} == {"一次", "告知", "补正"}
    # article terms show as the article label in either form
    assert Part("第四十二条", True) in passages("第四十二条 除可以当场作出行政许可决定的外", {"art42"})[0]
    assert passages("nothing relevant", {"leav"}) == []


def test_html_escapes_the_text_and_marks_only_matches() -> None:
    html = to_html([[Part("a <img src=x onerror=alert(1)> "), Part("<b>", True), Part(' & "q"')]])
    assert html == "a &lt;img src=x onerror=alert(1)&gt; <mark>&lt;b&gt;</mark> &amp; &quot;q&quot;"
    assert to_html([[Part("one")], [Part("two", True)]]) == "one <mark>two</mark>"


def test_a_unit_whose_text_has_no_match_shows_its_start() -> None:
    body = "word " * 100
    hit = hit_of({"item_id": "x", "display": "X", "type": "system", "url": "/x.html", "body": body}, 1.0, {"absent"})
    assert hit.passages == lead(body) and hit.snippet.endswith("…") and "<mark>" not in hit.snippet
    assert len(to_text(hit.passages)) <= 161


def test_hits_carry_the_snippet_as_parts_and_as_html(sample_searcher: Searcher) -> None:
    hit = sample_searcher.search("首问负责制", limit=1).hits[0]
    assert any(p.mark for passage in hit.passages for p in passage)
    assert hit.snippet == to_html(hit.passages) and "<mark>" in hit.snippet


def test_cli_renders_parts_without_reading_markup() -> None:
    from indexer.cli import snippet_text

    text = snippet_text([[Part("[red]not markup[/red] "), Part("match", True)]])
    assert text.plain.strip() == "[red]not markup[/red] match"
    marked = [text.plain[s.start : s.end] for s in text.spans if "yellow" in str(s.style)]
    assert marked == ["match"]


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
    assert any(part["mark"] for passage in hits[0]["passages"] for part in passage)
    assert "Traceback" not in out.stderr


def test_cli_prints_the_snippet_text(built_sample: Path) -> None:
    project = built_sample.parent.parent.parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "indexer.cli", "search", "首问负责制", "--limit", "1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "COLUMNS": "300"},
    )
    assert out.returncode == 0, out.stderr
    assert "首问" in out.stdout and "<mark>" not in out.stdout
