"""What changed for a post: the digest, `rulebook changes --post`, the post page, the acknowledgement sheet and
the Atom feeds, on a small rulebook with a real git history (tests/gitbook.py)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from gitbook import commit, make_history, post, write
from typer.testing import CliRunner

from indexer.build import build
from indexer.cli import app
from indexer.digest import digest_for_post
from indexer.load import load_rulebook
from indexer.project import Project
from indexer.versions import Histories

ATOM = "{http://www.w3.org/2005/Atom}"
runner = CliRunner()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("digest") / "project"
    make_history(root, laws=True)
    write(
        root,
        "posts/clerk.md",
        post("clerk", "审批科员", ["受理申请材料。", "一次性告知需补正的材料。", "核对<script>材料</script>&登记"]),
    )
    commit(root, "<img src=x onerror=alert(1)> 登记", "2024-06-25")
    return root


@pytest.fixture(scope="module")
def site(repo: Path) -> Path:
    result = build(Project(repo), today=date(2024, 7, 1), with_index=False)
    assert result.ok, result.errors + [str(d) for d in result.report.errors]
    return result.release / "site"


def _digest(repo: Path, post_id: str, since: str):
    book, _ = load_rulebook(repo / "rules")
    return digest_for_post(book, book.get(post_id), Histories.open(book, repo / "rules"), date.fromisoformat(since))


def test_digest_gathers_own_duties_steps_systems_and_amended_laws(repo: Path) -> None:
    entries = _digest(repo, "clerk", "2024-01-01")
    by_role = {}
    for e in entries:
        by_role.setdefault(e.role, []).append(e.text)
    assert "New duty: 一次性告知需补正的材料。" in by_role["post"]
    assert any("审批科员 → 法规审核岗" in t for t in by_role["step"])
    assert any("20个工作日 → 15个工作日" in t for t in by_role["step"])
    assert any("首次接待来访群众并在一个工作日内回复。" in t for t in by_role["system"])
    assert [e.item.id for e in entries if e.role == "law"] == ["xzxkf-2024"]  # the 2024 amendment of a cited law
    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)


def test_digest_leaves_out_what_does_not_concern_the_post(repo: Path) -> None:
    reviewer = _digest(repo, "legal-reviewer", "2024-02-01")
    texts = [e.text for e in reviewer]
    assert any("审批科员 → 法规审核岗" in t for t in texts)  # the step now assigned to it
    assert not any("一次性告知" in t for t in texts)  # the clerk's own duty
    assert not any("首问负责制" == e.item.title for e in reviewer)  # a system that does not name it
    assert all(e.date >= date(2024, 2, 1) for e in reviewer)
    assert _digest(repo, "clerk", "2024-07-01") == []


def test_changes_command_prints_the_post_digest_as_json(repo: Path) -> None:
    result = runner.invoke(app, ["changes", "--post", "clerk", "--since", "2024-03-01", "--json", "-C", str(repo)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["post"] == "clerk" and {c["role"] for c in data["changes"]} == {"post", "step", "system"}
    assert all(c["date"] >= "2024-03-01" for c in data["changes"])
    text = runner.invoke(app, ["changes", "--post", "审批科员", "--since", "2024-03-01", "-C", str(repo)])
    assert "食品经营许可 v1.1" in text.output and "第3步 责任岗位 审批科员 → 法规审核岗" in text.output  # the project's language


def test_whole_rulebook_changes_as_json_include_git_edits(repo: Path) -> None:
    result = runner.invoke(app, ["changes", "--since", "2024-06-01", "--json", "-C", str(repo)])
    rows = json.loads(result.stdout)
    assert {r["item"] for r in rows} == {"clerk", "first-inquiry"} and all(r["source"] == "git" for r in rows)


def test_post_page_lists_the_last_90_days_with_feed_and_sheet(site: Path) -> None:
    page = (site / "posts" / "clerk.html").read_text(encoding="utf-8")
    section = page[page.index('id="post-changes"') : page.index('id="what-changed"')]
    assert "一次性告知需补正的材料。" in section and "首次接待来访群众并在一个工作日内回复。" in section
    assert "2024-04-02" in section  # the 90 days end on the build date, 2024-07-01
    assert "审批科员 → 法规审核岗" not in section  # 2024-03-05: more than 90 days before
    assert 'href="../acknowledge/clerk.html"' in section and 'href="../feeds/post-clerk.xml"' in section
    assert "<script>材料" not in page and "&lt;script&gt;材料" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page  # the commit subject, escaped


def test_item_page_history_shows_word_diff_and_links_earlier_versions(site: Path) -> None:
    page = (site / "procedures" / "licence.html").read_text(encoding="utf-8")
    history = page[page.index('id="what-changed"') :]
    assert re.search(r"<del>二十个?</del><ins>十五个?</ins>", history)  # by word (jieba may know 个工作日 as one)
    assert "承诺时限 20个工作日 → 15个工作日" in history
    assert 'href="licence.v2024-01-10-' in history
    old = next((site / "procedures").glob("licence.v2024-01-10-*.html")).read_text(encoding="utf-8")
    assert "20个工作日" in old and "历史版本" in old and "2024-01-10" in old


def test_acknowledgement_sheet_has_each_change_and_a_line_to_sign(site: Path) -> None:
    sheet = (site / "acknowledge" / "clerk.html").read_text(encoding="utf-8")
    assert "签名" in sheet and "一次性告知需补正的材料。" in sheet and "<code>" in sheet  # version: the commit
    assert sheet.count("<tr>") >= 4


def test_atom_feeds_are_valid_and_escaped(site: Path) -> None:
    for name in ("all.xml", "post-clerk.xml", "post-legal-reviewer.xml"):
        root = ET.parse(site / "feeds" / name).getroot()
        assert root.tag == f"{ATOM}feed"
        for tag in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{tag}") is not None, (name, tag)
        for entry in root.findall(f"{ATOM}entry"):
            for tag in ("id", "title", "updated", "link"):
                assert entry.find(f"{ATOM}{tag}") is not None, (name, tag)
            assert entry.findtext(f"{ATOM}updated").endswith("Z")
    clerk = ET.parse(site / "feeds" / "post-clerk.xml").getroot()
    contents = [e.findtext(f"{ATOM}content") for e in clerk.findall(f"{ATOM}entry")]
    assert any("核对<script>材料</script>&登记" in c for c in contents)  # escaped in XML, intact once parsed
    assert b"<script>" not in (site / "feeds" / "post-clerk.xml").read_bytes()
    ids = [e.findtext(f"{ATOM}id") for e in ET.parse(site / "feeds" / "all.xml").getroot().findall(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)) > 0
    links = [e.find(f"{ATOM}link").get("href") for e in clerk.findall(f"{ATOM}entry")]
    assert all((site / "feeds" / href).resolve().is_file() for href in links)


def test_pack_with_changes_since_adds_the_acknowledgement_sheet(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "clerk.html"
    result = runner.invoke(app, ["pack", "--post", "clerk", "--changes-since", "2024-06-01", "--html", str(out), "-C", str(repo)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    sheet = page[page.index('id="acknowledgement"') :]
    assert "一次性告知需补正的材料。" in sheet and "核对&lt;script&gt;材料&lt;/script&gt;&amp;登记" in sheet
    assert "审批科员 → 法规审核岗" not in sheet  # 2024-03-05 is before the date asked for
    assert sheet.count('<td class="sign"></td>') == 3  # one line to sign per item and commit
    plain = runner.invoke(app, ["pack", "--post", "clerk", "--html", str(tmp_path / "plain.html"), "-C", str(repo)])
    assert plain.exit_code == 0 and 'id="acknowledgement"' not in (tmp_path / "plain.html").read_text(encoding="utf-8")


def test_braces_in_rule_text_never_become_html_attributes(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_history(root)
    write(root, "posts/clerk.md", post("clerk", "审批科员", ["受理申请材料。", '"登记 {: onclick=alert(1) }"']))
    commit(root, "说明 {: onclick=alert(2) }", "2024-06-30")
    result = build(Project(root), today=date(2024, 7, 1), with_index=False)
    assert result.ok, result.errors
    page = (result.release / "site" / "posts" / "clerk.html").read_text(encoding="utf-8")
    ours = page[page.index('id="post-changes"') :]  # the digest and the history (other sections: see render.markdown)
    shown = ours.replace("&#123;", "{").replace("&#125;", "}")  # as entities, or as characters after the sanitiser
    assert "登记 {: onclick=alert(1) }" in shown and "说明 {: onclick=alert(2) }" in shown  # shows as typed
    assert 'onclick="' not in ours


def test_two_commits_on_one_day_are_listed_newest_first(tmp_path: Path) -> None:
    root = tmp_path / "p"
    make_history(root, with_project=False)
    write(root, "posts/clerk.md", post("clerk", "审批科员", ["受理申请材料。", "一次性告知需补正的材料。", "甲"]))
    first = commit(root, "上午", "2024-06-20")
    write(root, "posts/clerk.md", post("clerk", "审批科员", ["受理申请材料。", "一次性告知需补正的材料。", "甲", "乙"]))
    second = commit(root, "下午", "2024-06-20")
    from indexer.digest import events

    evs = [ev for ev in events(_digest(root, "clerk", "2024-06-20")) if ev.item.id == "clerk"]
    assert [ev.commit for ev in evs][:2] == [second, first]
    assert evs[0].lines == ("New duty: 乙",) and evs[1].lines == ("New duty: 甲",)
