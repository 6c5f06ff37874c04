"""`serve --watch` rebuilds when the rules, the hand-written pages or the settings change, and not otherwise."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from conftest import copy_project

from indexer.build import BuildResult
from indexer.diagnostics import Report
from indexer.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = copy_project(tmp_path / "project", rules=False)
    (root / "rules" / "t1.md").write_text("---\nid: t1\ntype: term\ntitle: T\n---\n", encoding="utf-8")
    (root / "build").mkdir()
    return Project(root)


def rebuilds_after(project: Project, monkeypatch: pytest.MonkeyPatch, touch) -> int:
    import indexer.watch as watch_module

    builds: list[int] = []
    monkeypatch.setattr(watch_module, "build", lambda _p, **_k: builds.append(1) or BuildResult(True, Report()))

    async def run() -> None:
        task = asyncio.create_task(watch_module.watch(project, asyncio.Event(), lambda _r: None, debounce_ms=50))
        await asyncio.sleep(0.5)  # the watchers are up
        touch()
        for _ in range(40):
            await asyncio.sleep(0.05)
            if builds:
                break
        await asyncio.sleep(0.3)
        task.cancel()

    asyncio.run(run())
    return len(builds)


def test_a_saved_rule_file_rebuilds_once(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def save() -> None:
        for n in range(3):  # a burst of saves is one batch
            (project.rules / "t1.md").write_text(f"---\nid: t1\ntype: term\ntitle: T{n}\n---\n", encoding="utf-8")

    assert rebuilds_after(project, monkeypatch, save) == 1


@pytest.mark.parametrize("name", ["mkdocs.yml", "docs/authoring.md"])
def test_settings_and_hand_written_pages_rebuild(project: Project, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = project.root / name
    assert rebuilds_after(project, monkeypatch, lambda: path.write_text(path.read_text(encoding="utf-8") + "\n")) == 1


def test_what_a_build_writes_does_not_rebuild(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def write_output() -> None:
        (project.out / "releases").mkdir()
        (project.out / "releases" / "page.html").write_text("x", encoding="utf-8")
        (project.root / "notes.txt").write_text("not a setting", encoding="utf-8")

    assert rebuilds_after(project, monkeypatch, write_output) == 0
