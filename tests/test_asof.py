"""`rulebook build --as-of DATE`: the site as it stood on a date, from a real git history in a temp repo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from gitbook import make_history
from typer.testing import CliRunner

from indexer.asof import as_of_out, build_as_of
from indexer.build import build
from indexer.cli import app
from indexer.load import load_rulebook
from indexer.project import Project

runner = CliRunner()


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("asof") / "project"
    make_history(root, laws=True)
    return root


@pytest.fixture(scope="module")
def past(repo: Path) -> Path:
    result = build_as_of(Project(repo), date(2024, 3, 20), with_index=False)
    assert result.ok, result.errors + [str(d) for d in result.report.errors]
    return result.release / "site"


def test_as_of_site_shows_the_rules_of_that_date(past: Path, repo: Path) -> None:
    procedure = (past / "procedures" / "licence.html").read_text(encoding="utf-8")
    assert "15个工作日" in procedure  # changed on 2024-03-05
    clerk = (past / "posts" / "clerk.html").read_text(encoding="utf-8")
    assert "一次性告知需补正的材料。" not in clerk  # added on 2024-06-20
    assert past.is_relative_to(as_of_out(Project(repo), date(2024, 3, 20)))
    assert not (repo / "build" / "current").exists()  # the current site is not replaced
    assert not list((repo / "build").glob(".as-of-*"))  # the exported rules are removed afterwards


def test_every_page_says_it_is_a_past_version(past: Path) -> None:
    pages = [p for p in past.rglob("*.html") if "assets" not in p.parts and p.name != "404.html"]
    assert len(pages) > 10
    for page in pages:  # in the page's language: the organ's at the root, English under /en/
        label = "Past version" if page.relative_to(past).parts[0] == "en" else "历史版本"
        assert page.read_text(encoding="utf-8").count(label) >= 1, page


def test_history_on_past_pages_stops_at_the_date_and_links_earlier_versions(past: Path) -> None:
    page = (past / "procedures" / "licence.html").read_text(encoding="utf-8")
    history = page[page.index('id="what-changed"') :]
    assert "2024-03-05" in history and "2024-06-20" not in history
    assert 'href="licence.v2024-01-10-' in history


def test_citations_resolve_to_the_law_in_force_on_the_date(past: Path, repo: Path) -> None:
    page = (past / "procedures" / "licence.html").read_text(encoding="utf-8")
    assert "library/laws/xzxkf-2019.html#art-30" in page and "xzxkf-2024.html#art-30" not in page
    book, _ = load_rulebook(repo / "rules")
    assert book.laws.resolve(book.get("licence").basis[0]).law.id == "xzxkf-2024"  # today: the newest
    book.as_of = date(2024, 3, 31)
    book.__dict__.pop("laws", None)
    assert book.laws.resolve(book.get("licence").basis[0]).law.id == "xzxkf-2019"  # published, not yet in force
    book.as_of = date(2024, 4, 1)
    book.__dict__.pop("laws", None)
    assert book.laws.resolve(book.get("licence").basis[0]).law.id == "xzxkf-2024"


def test_current_build_cites_the_newest_law(repo: Path, tmp_path: Path) -> None:
    result = build(Project(repo), with_index=False)
    assert result.ok
    page = (result.release / "site" / "procedures" / "licence.html").read_text(encoding="utf-8")
    assert "xzxkf-2024.html#art-30" in page and "Past version" not in page


def test_as_of_before_the_first_commit_or_without_git_fails_with_a_reason(repo: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "-C", str(repo), "--as-of", "2023-12-31", "--no-index"])
    assert result.exit_code == 1 and "2023-12-31及以前没有提交" in result.output  # the project's language
    bad = runner.invoke(app, ["build", "-C", str(repo), "--as-of", "2024-13-01"])
    assert bad.exit_code == 2 and "--as-of 的值“2024-13-01”不是日期" in bad.output
    plain = tmp_path / "plain"
    (plain / "rules").mkdir(parents=True)
    (plain / "mkdocs.yml").write_text((repo / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["build", "-C", str(plain), "--as-of", "2024-01-01"])
    assert result.exit_code == 1 and "不在 git 仓库中" in result.output
