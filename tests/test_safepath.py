"""No command reads, copies, indexes or publishes a file whose real path is outside the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_project

from indexer.build import build
from indexer.i18n import use_language
from indexer.library.importer import import_folder
from indexer.load import load_rulebook
from indexer.project import Project
from indexer.safepath import walk

SECRET = "---\nid: secret\ntype: term\ntitle: Secret\n---\nTOP-SECRET-CONTENT\n"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside any project, like /etc/passwd."""
    secret = tmp_path / "outside" / "passwd.md"
    secret.parent.mkdir()
    secret.write_text(SECRET, encoding="utf-8")
    return secret


def test_walk_skips_links_outside_broken_links_and_loops(tmp_path: Path, outside: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.md").write_text("a", encoding="utf-8")
    (root / "inside-link.md").symlink_to(root / "sub" / "a.md")
    (root / "out.md").symlink_to(outside)
    (root / "outdir").symlink_to(outside.parent, target_is_directory=True)
    (root / "broken.md").symlink_to(root / "nowhere.md")
    (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
    walked = walk(root)
    assert [p.relative_to(root).as_posix() for p in walked.files] == ["inside-link.md", "sub/a.md"]
    reasons = {s.path.name: s.reason for s in walked.skipped}
    assert "outside" in reasons["out.md"] and "outside" in reasons["outdir"]
    assert reasons["broken.md"] == "broken symbolic link"
    assert "loop" in reasons["loop"]
    with use_language("zh-Hans"):  # a Chinese organ reads why in Chinese
        reasons = {s.path.name: s.reason for s in walk(root).skipped}
    assert reasons["broken.md"] == "符号链接已失效" and reasons["loop"].startswith("符号链接循环")
    assert reasons["out.md"] == f"符号链接指向 {root.resolve()} 以外的 {outside.resolve()}：未读取"


def test_a_rule_file_linked_outside_the_project_is_warned_about_and_never_read(tmp_path: Path, outside: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "rules" / "glossary" / "passwd.md").symlink_to(outside)
    book, report = load_rulebook(root / "rules", display_base=root)
    assert book.get("secret") is None
    (warning,) = [d for d in report.diagnostics if d.code == "skipped-file"]
    assert warning.path == "rules/glossary/passwd.md" and "outside" in warning.message
    result = build(Project(root), with_index=False)
    assert result.ok, result.errors
    site = result.release / "site"
    assert not any("TOP-SECRET-CONTENT" in p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))


def test_docs_links_outside_and_loops_are_not_copied_and_the_build_stays_small(tmp_path: Path, outside: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "docs" / "passwd.md").symlink_to(outside)
    (root / "docs" / "loop").symlink_to(root, target_is_directory=True)  # `ln -s .. docs/loop`
    (root / "docs" / "self").symlink_to(root / "docs", target_is_directory=True)
    result = build(Project(root), with_index=False)
    assert result.ok, result.errors
    site = result.release / "site"
    assert not (site / "passwd.html").exists() and not (site / "loop").exists()
    assert not any("TOP-SECRET-CONTENT" in p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*.html"))
    size = sum(p.stat().st_size for p in result.release.rglob("*") if p.is_file())
    assert size < 200 * 1024 * 1024


def test_import_skips_a_link_that_leaves_the_source_folder(tmp_path: Path, outside: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "real.md").write_text("# Real page\n\nSome handbook text.\n", encoding="utf-8")
    (src / "passwd.md").symlink_to(outside)
    into = tmp_path / "project" / "rules" / "library" / "src"
    result = import_folder(src, into)
    assert result.added == ["real.md"]
    assert [(o, "outside" in r) for o, r in result.skipped] == [("passwd.md", True)]
    assert not any("TOP-SECRET-CONTENT" in p.read_text(encoding="utf-8") for p in into.rglob("*.md"))


def test_import_skips_names_and_sizes_check_would_reject_and_still_summarises(tmp_path: Path) -> None:
    from indexer.frontmatter import MAX_FILE_BYTES

    src = tmp_path / "src"
    src.mkdir()
    (src / "ok.md").write_text("# Fine\n\nText.\n", encoding="utf-8")
    (src / ("长" * 80 + ".md")).write_text("# Long name\n\nText.\n", encoding="utf-8")  # 242 bytes: over the limit
    (src / "big.md").write_text("# Big\n\n" + "x" * (MAX_FILE_BYTES + 10), encoding="utf-8")
    result = import_folder(src, tmp_path / "into")
    assert result.added == ["ok.md"]
    reasons = dict(result.skipped)
    assert "longer than 200 bytes" in next(r for o, r in result.skipped if o.startswith("长"))
    assert "MB" in reasons["big.md"]


def test_a_build_refuses_input_over_the_configured_size_before_writing(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "docs" / "blob.bin").write_bytes(os.urandom(2 * 1024 * 1024))
    (root / "rulebook.yml").write_text("max_input_mb: 1\n", encoding="utf-8")
    result = build(Project(root), with_index=False)
    assert not result.ok and "more than the 1 MB a build accepts" in result.errors[0]
    assert not (root / "build" / "releases").exists() or not any((root / "build" / "releases").iterdir())
