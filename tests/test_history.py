"""Versions of items from real git histories (made in temp repos): facts named in words, word diffs, `rulebook diff`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from gitbook import commit, git, make_history, procedure, write
from typer.testing import CliRunner

from indexer.cli import app
from indexer.compare import compare_items, word_diff
from indexer.history import GitHistory, item_from_text
from indexer.load import load_rulebook
from indexer.versions import Histories

runner = CliRunner()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "project"
    make_history(root, with_project=False)
    return root


def _histories(root: Path) -> tuple[Histories, object]:
    book, report = load_rulebook(root / "rules")
    assert not report.errors, [str(d) for d in report.errors]
    return Histories.open(book, root / "rules"), book


def test_facts_are_named_in_words_with_post_titles() -> None:
    old = item_from_text(procedure(), Path("licence.md"))
    new = item_from_text(
        procedure("15个工作日", "legal-reviewer", ["行政许可法 第三十条", "行政许可法 第三十二条"]), Path("licence.md")
    )
    titles = {"clerk": "审批科员", "legal-reviewer": "法规审核岗"}
    facts = {f.key: f for f in compare_items(old, new, titles.get).facts}
    assert (facts["committed_limit"].old, facts["committed_limit"].new) == ("20个工作日", "15个工作日")
    assert "20个工作日 → 15个工作日" in facts["committed_limit"].text
    step = facts["steps[3].post"]
    assert (step.old, step.new) == ("审批科员", "法规审核岗") and step.text.endswith("审批科员 → 法规审核岗")
    assert facts["basis"].kind == "added" and facts["basis"].new == "行政许可法 第三十二条"
    assert "statutory_limit" not in facts  # unchanged facts are not listed


def test_reordering_yaml_is_not_a_change() -> None:
    text = procedure()
    swapped = text.replace("status: in-force\n", "").replace("title: 食品经营许可\n", "title: 食品经营许可\nstatus: in-force\n")
    assert not compare_items(item_from_text(text, Path("a.md")), item_from_text(swapped, Path("a.md")), str)


def test_removed_and_added_steps_are_named_by_number() -> None:
    old = item_from_text(procedure(), Path("a.md"))
    new = item_from_text(
        procedure().replace("  - name: 审查\n    post: clerk\n    action: 审查申请材料。\n    time_limit: 5个工作日\n", ""),
        Path("a.md"),
    )
    facts = compare_items(old, new, str).facts
    assert [(f.kind, f.old) for f in facts if f.key.startswith("steps")] == [("removed", "Step 2 审查")]


def test_chinese_text_is_diffed_by_word_not_by_character() -> None:
    segments = word_diff("申请人应当在二十个工作日内提交全部材料。", "申请人应当在十五个工作日内通过网上提交全部材料。")
    assert ("-", "二十个") in segments or ("-", "二十") in segments  # jieba may have learnt 个工作日 as one word
    assert ("+", "十五个") in segments or ("+", "十五") in segments
    assert ("+", "通过网上") in segments
    assert all(len(t) > 1 for op, t in segments if op != " ")


def test_versions_come_from_commits_with_their_dates(repo: Path) -> None:
    histories, book = _histories(repo)
    versions = histories.of(book.get("licence"))
    assert [v.date.isoformat() for v in versions] == ["2024-03-05", "2024-01-10"]
    assert versions[0].revision.subject == "压缩承诺时限"
    keys = {f.key for f in versions[0].comparison.facts}
    assert {"committed_limit", "steps[3].post", "basis", "version"} <= keys
    body = versions[0].comparison.texts[0]
    assert body.key == "body" and re.search(r"\[-二十个?-\]\{\+十五个?\+\}", body.plain())
    assert versions[1].previous is None and versions[1].comparison.facts[0].key == "item"


def test_history_follows_a_renamed_file(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_history(root, with_project=False)
    git(root, "mv", "rules/procedures/licence.md", "rules/procedures/food-licence.md")
    commit(root, "改文件名", "2024-07-01")
    histories, book = _histories(root)
    versions = histories.of(book.get("licence"))
    assert [v.date.isoformat() for v in versions] == ["2024-07-01", "2024-03-05", "2024-01-10"]
    assert not versions[0].comparison  # a rename changes no fact


def test_diff_command_names_changes_between_revisions(repo: Path) -> None:
    result = runner.invoke(app, ["diff", "licence", "-C", str(repo)])
    assert result.exit_code == 0, result.output
    assert "20个工作日 → 15个工作日" in result.output and "审批科员 → 法规审核岗" in result.output
    assert re.search(r"\[-二十个?-\]\{\+十五个?\+\}", result.output)
    first = runner.invoke(app, ["diff", "licence", "-C", str(repo), "--from", "HEAD~2", "--to", "HEAD~2", "--json"])
    assert first.exit_code == 0 and json.loads(first.output)["facts"] == []
    both = json.loads(runner.invoke(app, ["diff", "clerk", "-C", str(repo), "--from", "HEAD~1", "--json"]).output)
    assert [f["new"] for f in both["facts"]] == ["一次性告知需补正的材料。"]


def test_diff_refuses_options_and_unknown_revisions(repo: Path) -> None:
    for rev in ("--output=/tmp/owned", "no-such-tag"):
        result = runner.invoke(app, ["diff", "licence", "-C", str(repo), f"--from={rev}"])
        assert result.exit_code == 2 and ("不是 git 版本" in result.output or "没有提交" in result.output)
    assert not Path("/tmp/owned").exists()


def test_working_tree_edits_are_compared_with_the_last_commit(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_history(root, with_project=False)
    write(
        root,
        "procedures/licence.md",
        procedure(
            "10个工作日",
            "legal-reviewer",
            ["行政许可法 第三十条", "行政许可法 第三十二条"],
            "申请人应当在十五个工作日内通过网上提交全部材料。",
            "1.1",
        ),
    )
    result = runner.invoke(app, ["diff", "licence", "-C", str(root)])
    assert "15个工作日 → 10个工作日" in result.output and "working tree" in result.output


def test_without_git_the_history_says_why(tmp_path: Path, repo: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(repo / "rules", root / "rules")
    histories, book = _histories(root)
    assert not histories.available and "git" in histories.reason and histories.of(book.get("licence")) == []
    result = runner.invoke(app, ["diff", "licence", "-C", str(root)])
    assert result.exit_code == 1 and "不在 git 仓库中" in result.output


def test_export_writes_only_regular_files_inside_the_target(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_history(root, with_project=False)
    (root / "rules" / "evil.md").symlink_to("/etc/passwd")
    head = commit(root, "符号链接", "2024-08-01")
    dest = tmp_path / "out"
    written = GitHistory.open(root / "rules").export(head, "rules", dest)
    assert written == 5 and (dest / "procedures" / "licence.md").is_file()
    assert not (dest / "evil.md").exists() and not (dest / "evil.md").is_symlink()


def test_a_commit_makes_the_build_stale(tmp_path: Path) -> None:
    from indexer.build import fingerprint
    from indexer.project import Project

    root = tmp_path / "p"
    make_history(root)
    before = fingerprint(Project(root))
    assert fingerprint(Project(root)) == before
    git(root, "commit", "-q", "--allow-empty", "-m", "说明", when="2024-07-01")
    assert fingerprint(Project(root)) != before
