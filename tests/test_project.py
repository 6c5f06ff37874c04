"""The Project facade: what the command line and the server do goes through it (load, check, build, search, serve)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project
from typer.testing import CliRunner

from indexer.build import BuildResult
from indexer.cli import app
from indexer.diagnostics import Report
from indexer.errors import InputError, NotBuiltError, RulebookError
from indexer.project import Project

TERM = (
    "---\nid: t1\ntype: term\ntitle: 年休假\nsummary: 职工每年可以休的带薪假期。\n---\n职工连续工作一年以上的，享受带薪年休假。\n"
)
BAD = "---\nid: bad\ntype: term\ntitle: [unclosed\n---\nText.\n"


@pytest.fixture
def small(tmp_path: Path) -> Project:
    root = copy_project(tmp_path / "project", rules=False)
    (root / "rules" / "t1.md").write_text(TERM, encoding="utf-8")
    return Project(root)


def test_load_and_check_read_the_rules_with_the_same_checks_a_build_makes(small: Project) -> None:
    book, report = small.load()
    assert [i.id for i in book] == ["t1"] and not report.errors
    (small.rules / "bad.md").write_text(BAD, encoding="utf-8")
    _book, report = small.check()
    assert any("bad.md" in str(d) for d in report.errors)
    _book, report = small.check(Path("rules/t1.md"))
    assert not report.errors


def test_a_folder_without_mkdocs_yml_is_no_site(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"mkdocs\.yml"):
        Project(tmp_path).require_site()


def test_search_before_a_build_says_to_build_then_finds_what_the_build_indexed(small: Project) -> None:
    with pytest.raises(NotBuiltError):
        small.searcher()
    result = small.build()
    assert result.ok, result.errors
    assert not small.is_stale()
    assert [h.id for h in small.search("年休假").hits][:1] == ["t1"]


def test_ready_to_serve_builds_what_is_stale_and_keeps_the_last_good_release_when_a_build_fails(small: Project) -> None:
    reports: list[BuildResult] = []
    assert small.ready_to_serve(reports.append).problem == [] and [r.ok for r in reports] == [True]
    assert small.ready_to_serve(reports.append).problem == [] and len(reports) == 1  # up to date: no build
    (small.rules / "bad.md").write_text(BAD, encoding="utf-8")
    status = small.ready_to_serve(reports.append)
    assert [r.ok for r in reports] == [True, False]
    assert any("bad.md" in line for line in status.problem)


def test_ready_to_serve_with_nothing_ever_built_is_an_error(small: Project) -> None:
    (small.rules / "bad.md").write_text(BAD, encoding="utf-8")
    with pytest.raises(RulebookError, match=r"\w") as caught:
        small.ready_to_serve()
    assert not isinstance(caught.value, NotBuiltError)  # the build failed: exit 1, as for `rulebook build`


def test_the_serve_command_builds_and_serves_through_the_facade(small: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def build(self: Project, **_kwargs: object) -> BuildResult:
        calls.append("build")
        return BuildResult(False, Report(), errors=["stop here"])

    def serve(self: Project, *args: object, **kwargs: object) -> None:
        calls.append("serve")

    monkeypatch.setattr(Project, "build", build)
    monkeypatch.setattr(Project, "serve", serve)
    result = CliRunner().invoke(app, ["serve", "-C", str(small.root)])
    assert calls == ["build"] and result.exit_code == 1  # nothing ever built: never reaches serve
    assert "stop here" in result.output


def test_every_command_takes_the_same_project_option() -> None:
    import typer.main

    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert len(commands) >= 10
    for name, command in commands.items():
        option = next((p for p in command.params if p.name == "project_dir"), None)
        assert option is not None, name
        assert option.opts == ["--project", "-C"] and option.default == Path("."), name
    helps = {next(p for p in c.params if p.name == "project_dir").help for c in commands.values()}
    assert len(helps) == 1  # declared once
