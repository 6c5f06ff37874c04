"""Training: onboarding paths, gathered self-checks, what changed, the commands, and self-checks in a browser."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from conftest import ARTIFACTS, ROOT, needs_chromium
from typer.testing import CliRunner

from indexer.citations import law_key
from indexer.cli import app
from indexer.i18n import use_language
from indexer.load import load_rulebook
from indexer.model import Post
from indexer.obligations import obligations_for
from indexer.render.items import history_section
from indexer.rulebook import Rulebook
from indexer.training import (
    change_log,
    git_last_commits,
    last_change,
    onboarding_path,
    post_quiz,
    reading_minutes,
    system_quiz,
    whole_minutes,
)

runner = CliRunner()


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def h2_section(markup: str, heading_id: str) -> str:
    """From the <h2> with this id to the next <h2>."""
    start = markup.index(f'id="{heading_id}"')
    end = markup.find("<h2 ", start + 1)
    return markup[start : end if end != -1 else None]


def links_to(markup: str, *folders: str) -> list[str]:
    return re.findall(rf'href="(\.\./(?:{"|".join(folders)})/[^"#]+\.html)"', markup)


# -- onboarding path ---------------------------------------------------------------------------------------------


def test_onboarding_path_reads_the_post_then_exactly_the_systems_and_procedures_of_its_obligations(book: Rulebook) -> None:
    for post in book.posts:
        ob = obligations_for(book, post)
        path = onboarding_path(book, post)
        kinds = [s.item.type for s in path.steps]
        assert path.steps[0].item is post
        assert kinds == ["post"] + ["system"] * len(ob.systems) + ["procedure"] * len(ob.procedures), post.id
        assert [s.item.id for s in path.steps[1:]] == [s.system.id for s in ob.systems] + [p.procedure.id for p in ob.procedures]
        cited = {c.law_key for item in path.items for c in item.basis}
        assert {law_key(law.law) for law in path.laws} == cited


def test_built_onboarding_page_lists_what_the_obligations_page_lists(built_sample: Path, book: Rulebook) -> None:
    for post in book.posts:
        obligations = h2_section(page(built_sample, f"posts/{post.id}.html"), "obligations")
        onboarding = h2_section(page(built_sample, f"onboarding/{post.id}.html"), "path")
        assert links_to(obligations, "systems", "procedures"), post.id
        assert set(links_to(onboarding, "systems", "procedures")) == set(links_to(obligations, "systems", "procedures")), post.id
        assert f'href="../posts/{post.id}.html"' in onboarding


def test_reading_time_counts_chinese_by_character_and_english_by_word() -> None:
    assert reading_minutes("字" * 300) == pytest.approx(1.0)
    assert reading_minutes("word " * 400) == pytest.approx(2.0)
    assert reading_minutes("首问负责制 first inquiry") == pytest.approx(5 / 300 + 2 / 200)
    assert [whole_minutes(m) for m in (0.0, 0.2, 1.0, 1.01, 2.5)] == [1, 1, 1, 2, 3]


def test_onboarding_page_shows_reading_times_laws_and_a_checklist(built_sample: Path, book: Rulebook) -> None:
    clerk = book.get("window-clerk")
    assert isinstance(clerk, Post)
    path = onboarding_path(book, clerk)
    markup = page(built_sample, "onboarding/window-clerk.html")
    plain = text_of(markup)
    assert f"约需 {path.minutes}分钟" in plain
    reading = text_of(h2_section(markup, "path"))
    for n, step in enumerate(path.steps, start=1):
        assert f"{n} {step.item.title}" in reading and f"{step.minutes}分钟" in reading
    laws = text_of(h2_section(markup, "laws"))
    assert "行政许可法" in laws and "第三十二条" in laws and "食品生产许可办理" in laws
    checklist = h2_section(markup, "checklist")
    assert checklist.count('type="checkbox"') == len(path.checklist)
    assert "与审核岗" in text_of(checklist)
    assert 'href="../quizzes/window-clerk.html"' in markup and 'href="../training/print/window-clerk.html"' in markup
    # the English page reads the English words: its reading times are counted on them
    with use_language("en"):
        english = onboarding_path(book.localized("en"), book.localized("en").get("window-clerk"))
    markup = page(built_sample, "en/onboarding/window-clerk.html")
    assert f"about {english.minutes} min" in text_of(markup) and "Meet Approval Officer" in text_of(markup)
    for n, step in enumerate(english.steps, start=1):
        assert f"{n} {step.item.title}" in text_of(h2_section(markup, "path"))


def test_post_page_points_to_its_onboarding_path(built_sample: Path) -> None:
    obligations = h2_section(page(built_sample, "posts/window-clerk.html"), "obligations")
    assert 'href="../onboarding/window-clerk.html"' in obligations and 'href="../quizzes/window-clerk.html"' in obligations


# -- self-check quizzes ------------------------------------------------------------------------------------------


def test_post_quiz_gathers_the_questions_of_its_systems_and_procedures(built_sample: Path, book: Rulebook) -> None:
    for post in book.posts:
        ob = obligations_for(book, post)
        sources = [post, *(s.system for s in ob.systems), *(p.procedure for p in ob.procedures)]
        entries = post_quiz(book, post)
        assert [(e.source.id, e.question.question) for e in entries] == [(i.id, q.question) for i in sources for q in i.questions]
        markup = page(built_sample, f"quizzes/{post.id}.html")
        assert markup.count('class="rb-q"') == len(entries) > 0, post.id
        assert f'data-quiz="post-{post.id}"' in markup


def test_system_quiz_has_its_own_questions_then_those_of_the_procedures_applying_it(built_sample: Path, book: Rulebook) -> None:
    system = book.get("first-inquiry")
    entries = system_quiz(book, system)  # type: ignore[arg-type]
    own = [e for e in entries if e.source.id == "first-inquiry"]
    assert entries[: len(own)] == own and len(own) == len(system.questions)  # type: ignore[union-attr]
    assert "food-production-licence" in {e.source.id for e in entries}  # the licence procedure links to first-inquiry
    markup = page(built_sample, "quizzes/first-inquiry.html")
    assert markup.count('class="rb-q"') == len(entries)
    assert "食品生产许可办理" in text_of(markup)
    assert "Food Production Licence" in text_of(page(built_sample, "en/quizzes/first-inquiry.html"))


def test_training_index_home_and_nav(built_sample: Path, book: Rulebook) -> None:
    index = page(built_sample, "training/index.html")
    for post in book.posts:
        assert f'href="../onboarding/{post.id}.html"' in index and f'href="print/{post.id}.html"' in index
    for system in book.systems:
        assert f'href="../quizzes/{system.id}.html"' in index
    assert 'href="../changes/recent.html"' in index
    home = page(built_sample, "index.html")
    assert 'href="training/index.html"' in home
    assert re.search(r'class="md-tabs__link"[^>]*>\s*培训\s*<', home)
    assert re.search(r'class="md-tabs__link"[^>]*>\s*Training\s*<', page(built_sample, "en/index.html"))


def test_site_print_page_loads_the_vendored_mermaid(built_sample: Path) -> None:
    printed = page(built_sample, "training/print/window-clerk.html")
    src = re.search(r'<script src="([^"]+mermaid\.min\.js)"', printed)
    assert src and (built_sample / "training/print" / src.group(1)).resolve().is_file()
    assert '<pre class="mermaid">' in printed and 'href="../../onboarding/window-clerk.html"' in printed


# -- what changed ------------------------------------------------------------------------------------------------


def test_item_pages_show_last_change_from_the_history_outside_git(built_sample: Path, book: Rulebook) -> None:
    plain = text_of(page(built_sample, "posts/window-clerk.html"))  # built from a copy outside any git repository
    assert "最近修订： 2024年3月1日（2.1版） — 据修订记录" in plain
    english = text_of(page(built_sample, "en/posts/window-clerk.html"))
    assert "Last changed: 1 March 2024 (version 2.1) — from the change history" in english
    unchanged = next(i for i in book.own() if not i.changes and i.effective)
    from indexer.render.paths import page_of

    other = page(built_sample, page_of(unchanged).removesuffix(".md") + ".html")
    history = text_of(h2_section(other, "change-history"))
    assert f"最近修订： {unchanged.effective.year}年{unchanged.effective.month}月{unchanged.effective.day}日" in history  # type: ignore[union-attr]
    assert "无修订记录" in history


def test_recently_changed_page_starts_with_the_newest_change(built_sample: Path, book: Rulebook) -> None:
    newest = max(((c.date, i) for i in book.own() for c in i.changes), key=lambda pair: pair[0])
    rows = re.findall(r"<tr>(.*?)</tr>", page(built_sample, "changes/recent.html"), re.S)
    first = text_of(rows[1])  # rows[0] is the header
    when = newest[0]
    assert first.startswith(f"{when.year}年{when.month}月{when.day}日") and newest[1].title in first


def test_change_log_since_a_date_is_newest_first(book: Rulebook) -> None:
    since = date(2024, 6, 1)
    entries = change_log(book, since)
    assert entries and all(e.date >= since for e in entries)
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)
    expected = {(i.id, c.date) for i in book.own() for c in i.changes if c.date >= since}
    assert {(e.item.id, e.date) for e in entries} == expected


def _git(repo: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_last_change_is_the_last_commit_touching_the_file_in_a_git_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "rules", repo / "rules")
    assert git_last_commits(repo / "rules") == {}  # not a repository yet: fall back to the change history
    _git(repo, "init", "-q", when="2025-01-10T10:00:00+00:00")
    _git(repo, "add", "rules", when="2025-01-10T10:00:00+00:00")
    _git(repo, "commit", "-q", "-m", "rules", when="2025-01-10T10:00:00+00:00")
    clerk = repo / "rules/posts/window-clerk.md"
    clerk.write_text(clerk.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "edit the clerk", when="2025-02-03T10:00:00+00:00")

    dates = git_last_commits(repo / "rules")
    book = load_rulebook(repo / "rules")[0]
    item = book.get("window-clerk")
    first = book.get("first-inquiry")
    assert last_change(item, dates).date == date(2025, 2, 3) and last_change(item, dates).source == "git"  # type: ignore[arg-type, union-attr]
    assert last_change(first, dates).date == date(2025, 1, 10)  # type: ignore[arg-type, union-attr]
    edits = [e for e in change_log(book, date(2025, 2, 1), dates) if e.source == "git"]
    assert [e.item.id for e in edits] == ["window-clerk"]
    with use_language("zh-Hans"):
        page_text = history_section(item, last_change(item, dates))  # type: ignore[arg-type]
    assert "**最近修订：** 2025年2月3日" in page_text and "最近一次提交" in page_text
    with use_language("en"):
        assert "**Last changed:** 3 February 2025" in history_section(item, last_change(item, dates))  # type: ignore[arg-type]


# -- commands ----------------------------------------------------------------------------------------------------


def test_onboarding_command_prints_the_path_in_order_with_a_checklist(project: Path, book: Rulebook) -> None:
    clerk = book.get("window-clerk")
    path = onboarding_path(book, clerk)  # type: ignore[arg-type]
    result = runner.invoke(app, ["onboarding", "窗口受理岗", "-C", str(project)])  # the Chinese name finds the post
    assert result.exit_code == 0, result.output
    out = result.stdout
    positions = [out.index(f"{n:>2}. {s.item.title}") for n, s in enumerate(path.steps, start=1)]
    assert positions == sorted(positions)
    assert out.count("[ ] ") == len(path.checklist) and f"约需{path.minutes}分钟" in out
    assert "行政许可法" in out


def test_onboarding_command_suggests_a_post_for_a_typo(project: Path) -> None:
    result = runner.invoke(app, ["onboarding", "window-clrk", "-C", str(project)])
    assert result.exit_code == 2 and "window-clerk" in result.stderr


def test_changes_command_lists_changes_since_a_date(project: Path) -> None:
    result = runner.invoke(app, ["changes", "--since", "2024-06-01", "-C", str(project)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    dated = [date(*map(int, re.match(r"(\d+)年(\d+)月(\d+)日", line).groups())) for line in lines]  # type: ignore[union-attr]
    assert lines and all(d >= date(2024, 6, 1) for d in dated) and dated == sorted(dated, reverse=True)
    assert lines[0].startswith("2025年1月1日  绩效考评制度") and "指标权重调整" in lines[0]
    scoped = runner.invoke(app, ["changes", "--since", "2020-01-01", "--post", "legal-reviewer", "-C", str(project)])
    assert "法制审核岗" in scoped.stdout and "窗口受理岗 (岗位" not in scoped.stdout
    english = runner.invoke(app, ["changes", "--since", "2024-06-01", "--lang", "en", "-C", str(project)])
    assert english.stdout.startswith("1 January 2025  Performance Appraisal System (system performance-appraisal")
    assert "Indicators reweighted" in english.stdout.splitlines()[0]
    bad = runner.invoke(app, ["changes", "--since", "last week", "-C", str(project)])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


# -- in a real browser -------------------------------------------------------------------------------------------


@pytest.mark.browser
@needs_chromium
@pytest.mark.parametrize(
    ("rel", "labels"),
    [
        ("systems/first-inquiry.html", ("回答错误。", "回答正确。", "得分：已答2题，答对1题（共{total}题）")),
        ("en/quizzes/window-clerk.html", ("Not quite.", "Correct.", "Score: 1 / 2 answered ({total} questions)")),
    ],
)
def test_self_check_scores_a_wrong_and_a_right_answer_in_a_browser(browser, built_sample: Path, rel: str, labels) -> None:
    web = browser.new_page()
    web.goto((built_sample / rel).as_uri())
    quiz = web.locator(".rb-quiz").first
    questions = quiz.locator(".rb-q")
    total = questions.count()
    assert total >= 2

    def click(n: int, right: bool) -> None:
        q = questions.nth(n)
        answer = q.get_attribute("data-answer")
        choice = answer if right else next(i for i in ("0", "1", "2") if i != answer)
        q.locator(f'.rb-q__choice[data-choice="{choice}"]').click()

    click(0, right=False)
    assert questions.nth(0).locator(".rb-q__verdict").inner_text() == labels[0]
    click(1, right=True)
    assert questions.nth(1).locator(".rb-q__verdict").inner_text() == labels[1]
    assert quiz.locator(".rb-quiz__score").inner_text() == labels[2].format(total=total)
    quiz.locator(".rb-quiz__reset").click()
    assert quiz.locator(".rb-quiz__score").inner_text() == ""
    web.close()


@pytest.mark.browser
@needs_chromium
def test_onboarding_checklist_ticks_survive_a_reload(browser, built_sample: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    web = context.new_page()
    web.goto((built_sample / "onboarding/window-clerk.html").as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    web.screenshot(path=str(ARTIFACTS / "onboarding-window-clerk.png"), full_page=True)
    boxes = web.locator(".rb-checklist .rb-check")
    boxes.nth(1).check()
    web.reload()
    assert web.locator(".rb-checklist .rb-check").nth(1).is_checked()
    assert not web.locator(".rb-checklist .rb-check").nth(0).is_checked()
    context.close()
